#include "config.h"

#include <glib/gi18n-lib.h>

#include "label/csl-label.h"
#include "records/csl-catalogue.h"
#include "records/csl-consistency.h"
#include "records/csl-filing.h"
#include "records/csl-lab.h"
#include "records/csl-manufacturer.h"
#include "records/csl-owner.h"
#include "records/csl-product.h"
#include "records/csl-requirements.h"

static gboolean
blank (const char *s)
{
  return s == NULL || *s == '\0';
}

/* Art. 7(2): only a third-party lab may run the Three-Star penetration test. */
static const CslLabFacts *
pentest_lab (const CslRequirementsInput *in)
{
  if (in->has_pentest_lab)
    return &in->pentest_lab;
  if (in->has_lab && in->lab.kind == CSL_LAB_THIRD_PARTY)
    return &in->lab;
  return NULL;
}

GPtrArray *
csl_requirements_materials (const CslRequirementsInput *in)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  gboolean need[CSL_N_MATERIALS] = { FALSE };
  const CslLabFacts *pt = pentest_lab (in);

  need[CSL_MATERIAL_TEST_REPORT] = TRUE;
  need[CSL_MATERIAL_DECLARATION] = TRUE;
  need[CSL_MATERIAL_BUSINESS_LICENSE] = TRUE;
  if (in->has_lab && in->lab.kind == CSL_LAB_IN_HOUSE)
    need[CSL_MATERIAL_LAB_CAPABILITY] = TRUE;
  else if (in->has_lab)
    need[CSL_MATERIAL_LAB_ACCREDITATION] = TRUE;
  if (in->grade == CSL_GRADE_LEADING)
    {
      need[CSL_MATERIAL_PENTEST_REPORT] = TRUE;
      if (pt != NULL && pt->kind == CSL_LAB_THIRD_PARTY)
        need[CSL_MATERIAL_LAB_ACCREDITATION] = TRUE;
    }
  if (in->agent)
    need[CSL_MATERIAL_AUTHORIZATION_LETTER] = TRUE;

  for (guint k = 0; k < CSL_N_MATERIALS; k++)
    if (need[k])
      {
        CslRequirement *r = g_new0 (CslRequirement, 1);

        r->kind = (CslMaterialKind) k;
        r->present = (in->materials_present & (1u << k)) != 0;
        g_ptr_array_add (out, r);
      }
  return out;
}

static void
check_lab (GPtrArray                  *findings,
           const CslRequirementsInput *in,
           const CslLabFacts          *lab,
           const char                 *role)
{
  const char *when = blank (in->report_date) ? in->today : in->report_date;

  if (!blank (lab->barred_until) &&
      (g_strcmp0 (when, lab->barred_until) <= 0 || g_strcmp0 (in->today, lab->barred_until) <= 0))
    csl_findings_add (findings, CSL_SEVERITY_ERROR, -1, "lab-barred", "Art. 16",
                      _("The %s “%s” is barred until %s: its test results are not accepted"),
                      role, lab->name, lab->barred_until);

  if (lab->kind != CSL_LAB_THIRD_PARTY)
    return;
  if (blank (lab->accreditation_no))
    csl_findings_add (findings, CSL_SEVERITY_WARNING, -1, "lab-accreditation-number", "Art. 7(1)",
                      _("The %s “%s” is third-party but has no accreditation number"), role, lab->name);
  if (blank (lab->accredited_until))
    csl_findings_add (findings, CSL_SEVERITY_WARNING, -1, "lab-accreditation-date", "Art. 7(1)",
                      _("The %s “%s” has no accreditation end date; it cannot be checked against the test date"),
                      role, lab->name);
  else if (g_strcmp0 (lab->accredited_until, when) < 0)
    csl_findings_add (findings, CSL_SEVERITY_ERROR, -1, "lab-accreditation-expired", "Art. 7(1)",
                      _("The %s “%s” was accredited until %s, before the test report date %s"),
                      role, lab->name, lab->accredited_until, when);
}

static gboolean
strv_contains_ci (const char *const *list,
                  const char        *needle)
{
  for (guint i = 0; list && list[i]; i++)
    if (g_ascii_strcasecmp (list[i], needle) == 0)
      return TRUE;
  return FALSE;
}

GPtrArray *
csl_requirements_evaluate (const CslRequirementsInput *in)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_finding_free);
  g_autoptr(GPtrArray) materials = csl_requirements_materials (in);
  const CslLabFacts *pt = pentest_lab (in);

  if (!in->has_lab)
    csl_findings_add (findings, CSL_SEVERITY_ERROR, -1, "no-lab", "Art. 7(1)", _("No testing lab is chosen"));
  else if (in->grade == CSL_GRADE_LEADING)
    {
      if (pt == NULL)
        csl_findings_add (findings, CSL_SEVERITY_ERROR, -1, "three-star-in-house-only", "Art. 7(2)",
                          _("A Three-Star (Leading) filing needs a penetration test by a qualified third-party lab; "
                            "the lab “%s” is in-house and no third-party penetration test lab is given"), in->lab.name);
      else if (pt->kind != CSL_LAB_THIRD_PARTY)
        csl_findings_add (findings, CSL_SEVERITY_ERROR, -1, "pentest-lab-in-house", "Art. 7(2)",
                          _("The penetration test lab “%s” is in-house; Three-Star needs a third-party lab"), pt->name);
    }
  else if (in->has_pentest_lab)
    csl_findings_add (findings, CSL_SEVERITY_WARNING, -1, "pentest-lab-unneeded", "Art. 7(2)",
                      _("A penetration test lab is given, but only Three-Star filings need one"));

  for (guint i = 0; i < materials->len; i++)
    {
      CslRequirement *r = materials->pdata[i];

      if (!r->present)
        csl_findings_add (findings, CSL_SEVERITY_ERROR, (int) r->kind, csl_material_to_string (r->kind),
                          csl_material_article (r->kind), _("Missing: %s"), csl_material_label (r->kind));
    }

  if (blank (in->report_number))
    csl_findings_add (findings, CSL_SEVERITY_ERROR, -1, "report-number", "Art. 8(2)", _("The test report number is not given"));
  if (blank (in->report_date))
    csl_findings_add (findings, CSL_SEVERITY_ERROR, -1, "report-date", "Art. 8(2)", _("The test report date is not given"));
  else if (g_strcmp0 (in->report_date, in->today) > 0)
    csl_findings_add (findings, CSL_SEVERITY_ERROR, -1, "report-date-future", "Art. 8(2)",
                      _("The test report date %s is in the future"), in->report_date);

  if (in->n_standards == 0)
    csl_findings_add (findings, CSL_SEVERITY_ERROR, -1, "standards", "Art. 6(6)",
                      _("No basis standard number is given"));
  for (guint i = 0; in->catalogue_standards && in->catalogue_standards[i]; i++)
    if (!strv_contains_ci (in->standards, in->catalogue_standards[i]))
      csl_findings_add (findings, CSL_SEVERITY_WARNING, -1, "standard-not-listed", "Art. 4",
                        _("The catalogue names the standard %s for this grade but the filing does not"),
                        in->catalogue_standards[i]);

  if (in->has_lab)
    check_lab (findings, in, &in->lab, _("testing lab"));
  if (in->grade == CSL_GRADE_LEADING && in->has_pentest_lab)
    check_lab (findings, in, &in->pentest_lab, _("penetration test lab"));

  if (!blank (in->manufacturer_barred_until) && g_strcmp0 (in->today, in->manufacturer_barred_until) <= 0)
    csl_findings_add (findings, CSL_SEVERITY_ERROR, -1, "manufacturer-barred", "Art. 15",
                      _("The manufacturer is barred from new filings until %s"), in->manufacturer_barred_until);

  if (in->agent && !in->authorization_valid)
    csl_findings_add (findings, CSL_SEVERITY_ERROR, -1, "authorization-expired", "Art. 8(7)",
                      _("The agent holds no authorisation from this manufacturer that is valid on %s"), in->today);

  if (blank (in->support_until))
    csl_findings_add (findings, CSL_SEVERITY_WARNING, -1, "support-until", "Art. 14(4)",
                      _("The product’s security support end date is not given"));
  else if (g_strcmp0 (in->support_until, in->today) < 0)
    csl_findings_add (findings, CSL_SEVERITY_ERROR, -1, "support-ended", "Art. 14(4)",
                      _("Security support for the product ended on %s"), in->support_until);

  if (!in->indicators_declared)
    csl_findings_add (findings, CSL_SEVERITY_WARNING, -1, "key-indicators", "Art. 5",
                      _("Not every Basic-grade key indicator (default passwords, vulnerability handling, updates) is declared"));

  return findings;
}

gboolean
csl_findings_have_errors (GPtrArray *findings)
{
  for (guint i = 0; i < findings->len; i++)
    if (((CslFinding *) findings->pdata[i])->severity == CSL_SEVERITY_ERROR)
      return TRUE;
  return FALSE;
}

static void
lab_facts (CslLabFacts *facts,
           CslLab      *lab)
{
  facts->name = lab->name;
  facts->kind = csl_lab_get_kind (lab);
  facts->accreditation_no = lab->accreditation_no;
  facts->accredited_until = lab->accredited_until;
  facts->barred_until = lab->barred_until;
}

/* Art. 6(2): the label prints the model. Checked here as well as on the Label step so that the
 * officer learns it while typing it: at the template's usual width a warning (a wider label
 * holds it), and an error when even the widest label the template allows cannot. */
static void
check_label_model (GPtrArray   *findings,
                   CslCategory *category,
                   const char  *model)
{
  g_autoptr(CslLabelTemplate) t = NULL;
  guint fit = 0, n = 0;

  if (blank (model) || (t = csl_label_template_for_category (category, NULL)) == NULL ||
      csl_label_text_fits (t, "model", model, csl_label_template_get_width_mm (t), &fit, &n))
    return;
  if (!csl_label_text_fits (t, "model", model, csl_label_template_get_max_width_mm (t), &fit, &n))
    csl_findings_add (findings, CSL_SEVERITY_ERROR, -1, "label-model-too-long", "Art. 6(2)",
                      _("The model is too long for the label: %u of its %u characters fit even on the widest label (%g mm); shorten it"),
                      fit, n, csl_label_template_get_max_width_mm (t));
  else
    csl_findings_add (findings, CSL_SEVERITY_WARNING, -1, "label-model-wide-label", "Art. 6(2)",
                      _("The model is too long for a label %g mm wide: %u of its %u characters fit; shorten it or choose a wider label on the Label step"),
                      csl_label_template_get_width_mm (t), fit, n);
}

static guint
materials_present (CslWorkspace  *ws,
                   gint64         filing_id,
                   GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt =
    csl_db_prepare (db, "SELECT DISTINCT kind FROM attachment WHERE filing_id = ?", error);
  guint mask = 0;
  int rc;

  if (stmt == NULL)
    return G_MAXUINT;
  csl_stmt_bind_int64 (stmt, 1, filing_id);
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    {
      CslMaterialKind kind;

      if (csl_material_from_string (csl_stmt_column_text (stmt, 0), &kind, NULL))
        mask |= 1u << kind;
    }
  if (rc != CSL_STMT_DONE)
    return G_MAXUINT;
  return mask;
}

GPtrArray *
csl_requirements_check_filing (CslWorkspace     *ws,
                               const CslFiling  *filing,
                               const char       *today,
                               GPtrArray       **materials,
                               GError          **error)
{
  g_autoptr(CslProduct) product = NULL;
  g_autoptr(CslManufacturer) manufacturer = NULL;
  g_autoptr(CslCategory) category = NULL;
  g_autoptr(CslLab) lab = NULL;
  g_autoptr(CslLab) pentest = NULL;
  g_autoptr(CslAuthorization) auth = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) catalogue_standards = NULL;
  g_autoptr(GPtrArray) consistency = NULL;
  GPtrArray *findings;
  CslRequirementsInput in = { 0 };

  if ((product = csl_product_get (ws, filing->product_id, error)) == NULL ||
      (manufacturer = csl_manufacturer_get (ws, product->manufacturer_id, error)) == NULL ||
      (category = csl_catalogue_get (ws, product->category_id, error)) == NULL)
    return NULL;
  if (filing->lab_id > 0 && (lab = csl_lab_get (ws, filing->lab_id, error)) == NULL)
    return NULL;
  if (filing->pentest_lab_id > 0 && (pentest = csl_lab_get (ws, filing->pentest_lab_id, error)) == NULL)
    return NULL;

  in.grade = (CslGrade) filing->grade;
  in.agent = csl_filing_is_agent (filing);
  in.has_lab = lab != NULL;
  if (lab != NULL)
    lab_facts (&in.lab, lab);
  in.has_pentest_lab = pentest != NULL;
  if (pentest != NULL)
    lab_facts (&in.pentest_lab, pentest);
  in.report_number = filing->report_number;
  in.report_date = filing->report_date;
  in.standards = (const char *const *) filing->standards;
  in.n_standards = filing->standards ? g_strv_length (filing->standards) : 0;
  catalogue_standards = csl_category_dup_standards (category, in.grade);
  in.catalogue_standards = (const char *const *) catalogue_standards;
  in.manufacturer_barred_until = manufacturer->barred_until;
  if (in.agent)
    {
      auth = csl_authorization_find_valid (ws, manufacturer->id, today, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      in.authorization_valid = auth != NULL;
    }
  in.support_until = product->support_until;
  in.indicators_declared = !blank (product->default_password_policy) &&
                           !blank (product->vulnerability_contact) &&
                           !blank (product->update_policy);
  in.materials_present = filing->id > 0 ? materials_present (ws, filing->id, error) : 0;
  if (in.materials_present == G_MAXUINT)
    return NULL;
  in.today = today;

  consistency = csl_consistency_check (ws, filing, manufacturer, product, error);
  if (consistency == NULL)
    return NULL;

  if (materials != NULL)
    *materials = csl_requirements_materials (&in);
  findings = csl_requirements_evaluate (&in);
  check_label_model (findings, category, product->model);
  g_ptr_array_extend_and_steal (findings, g_steal_pointer (&consistency));
  return findings;
}

GPtrArray *
csl_requirements_check (CslWorkspace  *ws,
                        gint64         filing_id,
                        const char    *today,
                        GPtrArray    **materials,
                        GError       **error)
{
  g_autoptr(CslFiling) filing = csl_filing_get (ws, filing_id, error);

  if (filing == NULL)
    return NULL;
  return csl_requirements_check_filing (ws, filing, today, materials, error);
}
