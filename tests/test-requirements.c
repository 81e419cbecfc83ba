#include "config.h"

#include <string.h>

#include "records/csl-requirements.h"

static const char *const standards[] = { "GB/T 00000-2026", NULL };

static CslRequirementsInput
base_input (CslGrade   grade,
            CslLabKind kind,
            gboolean   agent)
{
  CslRequirementsInput in = { 0 };

  in.grade = grade;
  in.agent = agent;
  in.has_lab = TRUE;
  in.lab.name = "Lab A";
  in.lab.kind = kind;
  in.lab.accreditation_no = kind == CSL_LAB_THIRD_PARTY ? "CNAS L0001" : NULL;
  in.lab.accredited_until = kind == CSL_LAB_THIRD_PARTY ? "2028-01-01" : NULL;
  in.report_number = "R-1";
  in.report_date = "2026-09-01";
  in.standards = standards;
  in.n_standards = 1;
  in.authorization_valid = agent;
  in.support_until = "2030-01-01";
  in.indicators_declared = TRUE;
  in.today = "2026-11-21";
  return in;
}

static guint
required_mask (const CslRequirementsInput *in)
{
  g_autoptr(GPtrArray) materials = csl_requirements_materials (in);
  guint mask = 0;

  for (guint i = 0; i < materials->len; i++)
    mask |= 1u << ((CslRequirement *) materials->pdata[i])->kind;
  return mask;
}

static gboolean
has_code (GPtrArray   *findings,
          const char  *code,
          CslSeverity  severity)
{
  for (guint i = 0; i < findings->len; i++)
    {
      CslFinding *f = findings->pdata[i];
      if (g_strcmp0 (f->code, code) == 0 && f->severity == severity)
        {
          g_assert_nonnull (f->article);
          g_assert_true (g_str_has_prefix (f->article, "Art. "));
          return TRUE;
        }
    }
  return FALSE;
}

#define BIT(k) (1u << (k))

/* Every grade x lab kind x agent: which materials Art. 7-8 require, and whether the filing is
 * fileable once all of them are attached. */
static void
test_matrix (void)
{
  for (int grade = CSL_GRADE_BASIC; grade <= CSL_GRADE_LEADING; grade++)
    for (int kind = CSL_LAB_IN_HOUSE; kind <= CSL_LAB_THIRD_PARTY; kind++)
      for (int agent = 0; agent <= 1; agent++)
        {
          CslRequirementsInput in = base_input ((CslGrade) grade, (CslLabKind) kind, agent);
          guint expected = BIT (CSL_MATERIAL_TEST_REPORT) | BIT (CSL_MATERIAL_DECLARATION) |
                           BIT (CSL_MATERIAL_BUSINESS_LICENSE);
          g_autoptr(GPtrArray) missing = NULL;
          g_autoptr(GPtrArray) complete = NULL;
          gboolean fileable = !(grade == CSL_GRADE_LEADING && kind == CSL_LAB_IN_HOUSE);

          g_test_message ("grade %d, %s lab, %s", grade, kind == CSL_LAB_IN_HOUSE ? "in-house" : "third-party",
                          agent ? "agent" : "manufacturer");
          expected |= kind == CSL_LAB_IN_HOUSE ? BIT (CSL_MATERIAL_LAB_CAPABILITY) : BIT (CSL_MATERIAL_LAB_ACCREDITATION);
          if (grade == CSL_GRADE_LEADING)
            expected |= BIT (CSL_MATERIAL_PENTEST_REPORT);
          if (agent)
            expected |= BIT (CSL_MATERIAL_AUTHORIZATION_LETTER);
          g_assert_cmphex (required_mask (&in), ==, expected);

          /* Nothing attached: every required material is an error naming its article. */
          missing = csl_requirements_evaluate (&in);
          g_assert_true (csl_findings_have_errors (missing));
          for (guint k = 0; k < CSL_N_MATERIALS; k++)
            g_assert_cmpint (has_code (missing, csl_material_to_string (k), CSL_SEVERITY_ERROR), ==,
                             (expected & BIT (k)) != 0);

          in.materials_present = expected;
          complete = csl_requirements_evaluate (&in);
          g_assert_cmpint (csl_findings_have_errors (complete), ==, !fileable);
          g_assert_cmpint (has_code (complete, "three-star-in-house-only", CSL_SEVERITY_ERROR), ==, !fileable);
        }
}

static void
test_three_star_with_third_party_pentest (void)
{
  CslRequirementsInput in = base_input (CSL_GRADE_LEADING, CSL_LAB_IN_HOUSE, FALSE);
  g_autoptr(GPtrArray) findings = NULL;
  guint mask;

  in.has_pentest_lab = TRUE;
  in.pentest_lab = (CslLabFacts) { "PenLab", CSL_LAB_THIRD_PARTY, "CNAS L0002", "2028-01-01", NULL };
  mask = required_mask (&in);
  /* In-house testing plus a commissioned third party: proof of both. */
  g_assert_true (mask & BIT (CSL_MATERIAL_LAB_CAPABILITY));
  g_assert_true (mask & BIT (CSL_MATERIAL_LAB_ACCREDITATION));
  in.materials_present = mask;
  findings = csl_requirements_evaluate (&in);
  g_assert_false (csl_findings_have_errors (findings));

  in.pentest_lab.kind = CSL_LAB_IN_HOUSE;
  g_clear_pointer (&findings, g_ptr_array_unref);
  findings = csl_requirements_evaluate (&in);
  g_assert_true (has_code (findings, "pentest-lab-in-house", CSL_SEVERITY_ERROR));
}

static GPtrArray *
evaluate_complete (CslRequirementsInput *in)
{
  in->materials_present = required_mask (in);
  return csl_requirements_evaluate (in);
}

static void
test_lab_rules (void)
{
  CslRequirementsInput in = base_input (CSL_GRADE_ENHANCED, CSL_LAB_THIRD_PARTY, FALSE);
  g_autoptr(GPtrArray) f1 = NULL, f2 = NULL, f3 = NULL, f4 = NULL;

  in.lab.barred_until = "2027-01-01";
  f1 = evaluate_complete (&in);
  g_assert_true (has_code (f1, "lab-barred", CSL_SEVERITY_ERROR));

  in.lab.barred_until = "2026-01-01";   /* bar lifted before the test and before today */
  f2 = evaluate_complete (&in);
  g_assert_false (has_code (f2, "lab-barred", CSL_SEVERITY_ERROR));

  in.lab.accredited_until = "2026-08-31";  /* the day before the report date */
  f3 = evaluate_complete (&in);
  g_assert_true (has_code (f3, "lab-accreditation-expired", CSL_SEVERITY_ERROR));

  in.lab.accredited_until = "2026-09-01";  /* still valid on the report date */
  in.lab.accreditation_no = NULL;
  f4 = evaluate_complete (&in);
  g_assert_false (has_code (f4, "lab-accreditation-expired", CSL_SEVERITY_ERROR));
  g_assert_true (has_code (f4, "lab-accreditation-number", CSL_SEVERITY_WARNING));
  g_assert_false (csl_findings_have_errors (f4));
}

static void
test_data_rules (void)
{
  CslRequirementsInput in = base_input (CSL_GRADE_BASIC, CSL_LAB_IN_HOUSE, TRUE);
  const char *const catalogue[] = { "GB/T 41387-2022", NULL };
  g_autoptr(GPtrArray) f = NULL;

  in.authorization_valid = FALSE;
  in.report_number = NULL;
  in.report_date = "2027-01-01";
  in.n_standards = 0;
  in.standards = NULL;
  in.catalogue_standards = catalogue;
  in.manufacturer_barred_until = "2026-12-31";
  in.support_until = "2026-11-20";
  in.indicators_declared = FALSE;
  f = evaluate_complete (&in);
  g_assert_true (has_code (f, "authorization-expired", CSL_SEVERITY_ERROR));
  g_assert_true (has_code (f, "report-number", CSL_SEVERITY_ERROR));
  g_assert_true (has_code (f, "report-date-future", CSL_SEVERITY_ERROR));
  g_assert_true (has_code (f, "standards", CSL_SEVERITY_ERROR));
  g_assert_true (has_code (f, "standard-not-listed", CSL_SEVERITY_WARNING));
  g_assert_true (has_code (f, "manufacturer-barred", CSL_SEVERITY_ERROR));
  g_assert_true (has_code (f, "support-ended", CSL_SEVERITY_ERROR));
  g_assert_true (has_code (f, "key-indicators", CSL_SEVERITY_WARNING));
}

static void
test_no_lab (void)
{
  CslRequirementsInput in = base_input (CSL_GRADE_BASIC, CSL_LAB_IN_HOUSE, FALSE);
  g_autoptr(GPtrArray) f = NULL;
  guint mask;

  in.has_lab = FALSE;
  mask = required_mask (&in);
  g_assert_false (mask & BIT (CSL_MATERIAL_LAB_CAPABILITY));
  g_assert_false (mask & BIT (CSL_MATERIAL_LAB_ACCREDITATION));
  f = evaluate_complete (&in);
  g_assert_true (has_code (f, "no-lab", CSL_SEVERITY_ERROR));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/requirements/matrix", test_matrix);
  g_test_add_func ("/requirements/three-star-third-party-pentest", test_three_star_with_third_party_pentest);
  g_test_add_func ("/requirements/lab-rules", test_lab_rules);
  g_test_add_func ("/requirements/data-rules", test_data_rules);
  g_test_add_func ("/requirements/no-lab", test_no_lab);
  return g_test_run ();
}
