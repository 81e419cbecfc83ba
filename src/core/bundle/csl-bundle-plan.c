#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bundle/csl-bundle-plan.h"
#include "base/csl-error.h"
#include "base/csl-model.h"

typedef struct
{
  const char *path;
  const char *kind;
  const char *article;
} DocInfo;

static const DocInfo docs[CSL_N_DOCS] = {
  [CSL_DOC_FILING_FORM] = { "01-filing-form.pdf", "filing-form", "Art. 8(1)" },
  [CSL_DOC_LABEL_PDF] = { "03-label.pdf", "label-pdf", "Art. 8(3)" },
  [CSL_DOC_LABEL_SVG] = { "03-label.svg", "label-svg", "Art. 8(3)" },
  [CSL_DOC_LABEL_PNG] = { "03-label.png", "label-png", "Art. 8(3)" },
  [CSL_DOC_DECLARATION] = { "04-declaration-of-conformity.pdf", "declaration", "Art. 8(4)" },
  [CSL_DOC_AUTHORIZATION_LETTER] = { "07-authorization-letter.pdf", "authorization-letter", "Art. 8(7)" },
};

/* Attached materials in bundle order, with the stem of their entry names. */
static const struct
{
  CslMaterialKind kind;
  const char     *stem;
} attached[] = {
  { CSL_MATERIAL_TEST_REPORT, "02-test-report" },
  { CSL_MATERIAL_PENTEST_REPORT, "02-penetration-test-report" },
  { CSL_MATERIAL_DECLARATION, "04-declaration-of-conformity" },
  { CSL_MATERIAL_BUSINESS_LICENSE, "05-business-license" },
  { CSL_MATERIAL_LAB_ACCREDITATION, "06-lab-accreditation" },
  { CSL_MATERIAL_LAB_CAPABILITY, "06-lab-capability" },
  { CSL_MATERIAL_AUTHORIZATION_LETTER, "07-authorization-letter" },
  { CSL_MATERIAL_OTHER, "08-other" },
};

const char *
csl_doc_kind_path (CslDocKind doc)
{
  g_return_val_if_fail (doc < CSL_N_DOCS, NULL);
  return docs[doc].path;
}

const char *
csl_doc_kind_label (CslDocKind doc)
{
  switch (doc)
    {
    case CSL_DOC_FILING_FORM:          return _("Filing form");
    case CSL_DOC_LABEL_PDF:            return _("Label (PDF)");
    case CSL_DOC_LABEL_SVG:            return _("Label (SVG)");
    case CSL_DOC_LABEL_PNG:            return _("Label (PNG)");
    case CSL_DOC_DECLARATION:          return _("Declaration of conformity");
    case CSL_DOC_AUTHORIZATION_LETTER: return _("Authorisation letter");
    case CSL_N_DOCS:
    default:                           return "?";
    }
}

static void
entry_free (CslBundleEntry *e)
{
  g_free (e->path);
  g_free (e->kind);
  g_free (e->file_name);
  g_free (e->sha256);
  g_free (e);
}

void
csl_bundle_plan_free (CslBundlePlan *plan)
{
  if (plan == NULL)
    return;
  csl_filing_free (plan->filing);
  csl_product_free (plan->product);
  csl_manufacturer_free (plan->manufacturer);
  csl_category_free (plan->category);
  csl_lab_free (plan->lab);
  csl_lab_free (plan->pentest_lab);
  csl_owner_free (plan->owner);
  csl_authorization_free (plan->authorization);
  g_free (plan->today);
  g_clear_pointer (&plan->entries, g_ptr_array_unref);
  g_free (plan);
}

static void
add_generated (CslBundlePlan             *plan,
               CslDocKind                 doc,
               const CslBundleProviders  *providers)
{
  CslBundleEntry *e = g_new0 (CslBundleEntry, 1);

  e->path = g_strdup (docs[doc].path);
  e->kind = g_strdup (docs[doc].kind);
  e->article = docs[doc].article;
  e->source = CSL_SOURCE_GENERATED;
  e->doc = doc;
  e->available = providers != NULL && providers->writers[doc] != NULL;
  g_ptr_array_add (plan->entries, e);
}

/* The extension of the user's file name when it is a plain one, so a scan attached as JPEG
 * stays a .jpg; otherwise .pdf, what Art. 8 materials are. */
static char *
extension_of (const char *file_name)
{
  const char *dot = file_name ? strrchr (file_name, '.') : NULL;
  gsize len;

  if (dot == NULL || (len = strlen (dot + 1)) == 0 || len > 5)
    return g_strdup ("pdf");
  for (const char *p = dot + 1; *p; p++)
    if (!g_ascii_isalnum (*p))
      return g_strdup ("pdf");
  return g_ascii_strdown (dot + 1, -1);
}

static gboolean
is_sha256_hex (const char *s)
{
  if (s == NULL || strlen (s) != 64)
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isxdigit (*s) || g_ascii_isupper (*s))
      return FALSE;
  return TRUE;
}

/* Attachments of one kind, oldest first. */
static gboolean
add_attachments (CslWorkspace     *ws,
                 CslBundlePlan    *plan,
                 CslMaterialKind   kind,
                 const char       *stem,
                 guint            *n_found,
                 GError          **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt =
    csl_db_prepare (db, "SELECT id, file_name, size, sha256 FROM attachment "
                        "WHERE filing_id = ? AND kind = ? ORDER BY attached_at, id", error);
  int rc;

  *n_found = 0;
  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_int64 (stmt, 1, plan->filing->id);
  csl_stmt_bind_text (stmt, 2, csl_material_to_string (kind));
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    {
      CslBundleEntry *e = g_new0 (CslBundleEntry, 1);
      g_autofree char *ext = NULL;

      e->attachment_id = csl_stmt_column_int64 (stmt, 0);
      e->file_name = csl_stmt_dup_column_text (stmt, 1);
      e->size = (guint64) MAX (csl_stmt_column_int64 (stmt, 2), 0);
      e->sha256 = csl_stmt_dup_column_text (stmt, 3);
      e->kind = g_strdup (csl_material_to_string (kind));
      e->article = csl_material_article (kind);
      e->source = CSL_SOURCE_ATTACHMENT;
      e->available = TRUE;
      ext = extension_of (e->file_name);
      (*n_found)++;
      if (kind == CSL_MATERIAL_OTHER)
        e->path = g_strdup_printf ("%s-%u.%s", stem, *n_found, ext);
      else if (*n_found == 1)
        e->path = g_strdup_printf ("%s.%s", stem, ext);
      else
        e->path = g_strdup_printf ("%s-%u.%s", stem, *n_found, ext);
      g_ptr_array_add (plan->entries, e);
      if (!is_sha256_hex (e->sha256))
        {
          g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                       _("Attachment %lld (“%s”) has no valid SHA-256 in the workspace"),
                       (long long) e->attachment_id, e->file_name ? e->file_name : "");
          return FALSE;
        }
    }
  if (rc != CSL_STMT_DONE)
    return FALSE;
  return TRUE;
}

static gboolean
load (CslWorkspace   *ws,
      CslBundlePlan  *plan,
      gint64          filing_id,
      GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  if ((plan->filing = csl_filing_get (ws, filing_id, error)) == NULL ||
      (plan->product = csl_product_get (ws, plan->filing->product_id, error)) == NULL ||
      (plan->manufacturer = csl_manufacturer_get (ws, plan->product->manufacturer_id, error)) == NULL ||
      (plan->category = csl_catalogue_get (ws, plan->product->category_id, error)) == NULL ||
      (plan->lab = csl_lab_get (ws, plan->filing->lab_id, error)) == NULL ||
      (plan->owner = csl_owner_get (ws, error)) == NULL)
    return FALSE;
  if (plan->filing->pentest_lab_id > 0 &&
      (plan->pentest_lab = csl_lab_get (ws, plan->filing->pentest_lab_id, error)) == NULL)
    return FALSE;
  if (csl_filing_is_agent (plan->filing))
    {
      plan->authorization = csl_authorization_find_valid (ws, plan->manufacturer->id, plan->today, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return TRUE;
}

CslBundlePlan *
csl_bundle_plan_new (CslWorkspace              *ws,
                     gint64                     filing_id,
                     const char                *today,
                     const CslBundleProviders  *providers,
                     GError                   **error)
{
  g_autoptr(CslBundlePlan) plan = g_new0 (CslBundlePlan, 1);
  CslBundleEntry *data;

  plan->today = g_strdup (today);
  plan->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  if (!load (ws, plan, filing_id, error))
    return NULL;

  data = g_new0 (CslBundleEntry, 1);
  data->path = g_strdup ("filing.json");
  data->kind = g_strdup ("filing-data");
  data->article = "Art. 8(1)";
  data->source = CSL_SOURCE_FILING_DATA;
  data->available = TRUE;
  g_ptr_array_add (plan->entries, data);
  add_generated (plan, CSL_DOC_FILING_FORM, providers);

  for (guint i = 0; i < G_N_ELEMENTS (attached); i++)
    {
      guint n = 0;

      /* The label sits between the reports and the declaration. */
      if (attached[i].kind == CSL_MATERIAL_DECLARATION)
        {
          add_generated (plan, CSL_DOC_LABEL_PDF, providers);
          add_generated (plan, CSL_DOC_LABEL_SVG, providers);
          add_generated (plan, CSL_DOC_LABEL_PNG, providers);
        }
      if (!add_attachments (ws, plan, attached[i].kind, attached[i].stem, &n, error))
        return NULL;
      /* A signed declaration or letter the user attached wins over a generated one. */
      if (n == 0 && attached[i].kind == CSL_MATERIAL_DECLARATION)
        add_generated (plan, CSL_DOC_DECLARATION, providers);
      if (n == 0 && attached[i].kind == CSL_MATERIAL_AUTHORIZATION_LETTER && csl_filing_is_agent (plan->filing))
        add_generated (plan, CSL_DOC_AUTHORIZATION_LETTER, providers);
    }
  return g_steal_pointer (&plan);
}

gboolean
csl_bundle_plan_check_available (const CslBundlePlan  *plan,
                                 GError              **error)
{
  g_autoptr(GString) missing = g_string_new (NULL);

  for (guint i = 0; i < plan->entries->len; i++)
    {
      CslBundleEntry *e = plan->entries->pdata[i];

      if (e->available)
        continue;
      if (missing->len > 0)
        g_string_append (missing, ", ");
      g_string_append_printf (missing, "%s (%s, %s)", e->path, csl_doc_kind_label (e->doc), e->article);
    }
  if (missing->len == 0)
    return TRUE;
  g_set_error (error, CSL_ERROR, CSL_ERROR_UNSUPPORTED,
               _("Filing %lld cannot be packaged yet: this build of CSL Filer cannot generate %s"),
               (long long) plan->filing->id, missing->str);
  return FALSE;
}
