#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "base/csl-model.h"
#include "records/csl-audit-text.h"

gboolean
csl_audit_entry_is_navigation (const CslAuditEntry *e)
{
  return g_strcmp0 (e->field, "wizard_step") == 0;
}

/* The name a person knows a column by; NULL for a column this table does not know. */
static const char *
field_label (const char *field)
{
  static const struct { const char *field; const char *label; } labels[] = {
    /* product */
    { "name",                    NC_("audit field", "Name") },
    { "model",                   NC_("audit field", "Model") },
    { "hardware_version",        NC_("audit field", "Hardware version") },
    { "firmware_version",        NC_("audit field", "Firmware version") },
    { "support_until",           NC_("audit field", "Security support until") },
    { "default_password_policy", NC_("audit field", "Default password policy") },
    { "vulnerability_contact",   NC_("audit field", "Vulnerability contact") },
    { "update_policy",           NC_("audit field", "Update policy") },
    { "manufacturer_id",         NC_("audit field", "Manufacturer") },
    { "category_id",             NC_("audit field", "Category") },
    /* filing */
    { "product_id",              NC_("audit field", "Product") },
    { "grade",                   NC_("audit field", "Grade") },
    { "lab_id",                  NC_("audit field", "Test lab") },
    { "pentest_lab_id",          NC_("audit field", "Penetration test lab") },
    { "filed_by",                NC_("audit field", "Filed by") },
    { "report_number",           NC_("audit field", "Test report number") },
    { "report_date",             NC_("audit field", "Test report date") },
    { "filing_number",           NC_("audit field", "Filing number") },
    { "submitted_on",            NC_("audit field", "Submitted on") },
    { "filed_on",                NC_("audit field", "Filed on") },
    { "valid_from",              NC_("audit field", "Valid from") },
    { "valid_until",             NC_("audit field", "Valid until") },
    { "revoke_reason",           NC_("audit field", "Revocation reason") },
    { "refiling_reason",         NC_("audit field", "Re-filing reason") },
    { "standards",               NC_("audit field", "Standards") },
    { "superseded_on",           NC_("audit field", "Superseded on") },
    /* manufacturer */
    { "name_zh",                 NC_("audit field", "Chinese name") },
    { "name_en",                 NC_("audit field", "English name") },
    { "uscc",                    NC_("audit field", "Unified social credit code") },
    { "uscc_check_accepted",     NC_("audit field", "Code accepted despite its check digit") },
    { "address",                 NC_("audit field", "Address") },
    { "contact",                 NC_("audit field", "Contact person") },
    { "phone",                   NC_("audit field", "Phone") },
    { "email",                   NC_("audit field", "Email") },
    { "barred_until",            NC_("audit field", "Barred until") },
    { "barred_reason",           NC_("audit field", "Reason for the bar") },
    /* lab */
    { "kind",                    NC_("audit field", "Kind") },
    { "accreditation_no",        NC_("audit field", "Accreditation number") },
    { "accredited_until",        NC_("audit field", "Accredited until") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (field, labels[i].field) == 0)
      return g_dpgettext2 (GETTEXT_PACKAGE, "audit field", labels[i].label);
  return NULL;
}

static const char *
entity_created (const char *entity)
{
  if (g_strcmp0 (entity, "filing") == 0)
    return _("Filing created");
  if (g_strcmp0 (entity, "product") == 0)
    return _("Product created");
  if (g_strcmp0 (entity, "manufacturer") == 0)
    return _("Manufacturer created");
  if (g_strcmp0 (entity, "lab") == 0)
    return _("Lab created");
  return NULL;
}

/* A stored value in words: statuses, grades and lab kinds by name, flags as yes or no,
 * references to other records by number. */
static char *
value_text (const char *field,
            const char *value)
{
  CslFilingStatus status;
  CslGrade grade;
  CslLabKind kind;

  if (value == NULL || *value == '\0')
    return g_strdup (_("(none)"));
  if (g_strcmp0 (field, "status") == 0 && csl_filing_status_from_string (value, &status))
    return g_strdup (csl_filing_status_label (status));
  if (g_strcmp0 (field, "grade") == 0 && csl_grade_parse (value, &grade, NULL))
    return g_strdup (csl_grade_name (grade));
  if (g_strcmp0 (field, "kind") == 0 && csl_lab_kind_from_string (value, &kind, NULL))
    return g_strdup (kind == CSL_LAB_IN_HOUSE ? C_("lab kind", "In-house") : C_("lab kind", "Third-party"));
  if (g_strcmp0 (field, "uscc_check_accepted") == 0)
    return g_strdup (g_strcmp0 (value, "0") == 0 ? _("no") : _("yes"));
  if (g_str_has_suffix (field, "_id"))
    /* TRANSLATORS: a record's number, as in "Test lab: #2 → #3" */
    return g_strdup_printf (_("#%s"), value);
  return g_strdup (value);
}

/* The attachment store records "KIND “FILE NAME” sha256:HEX". */
static gboolean
parse_attachment (const char  *value,
                  char       **kind_label,
                  char       **file_name,
                  char       **sha256)
{
  const char *open = value ? strstr (value, " “") : NULL;
  const char *close = open ? strstr (open, "” sha256:") : NULL;
  g_autofree char *kind = NULL;
  CslMaterialKind material;

  if (close == NULL)
    return FALSE;
  kind = g_strndup (value, open - value);
  if (kind_label != NULL)
    *kind_label = g_strdup (csl_material_from_string (kind, &material, NULL) ? csl_material_label (material) : kind);
  if (file_name != NULL)
    *file_name = g_strndup (open + strlen (" “"), close - open - strlen (" “"));
  if (sha256 != NULL)
    *sha256 = g_strdup (close + strlen ("” sha256:"));
  return TRUE;
}

static char *
describe_attachment (const CslAuditEntry *e)
{
  gboolean added = e->new_value != NULL;
  g_autofree char *kind = NULL;
  g_autofree char *name = NULL;

  if (!parse_attachment (added ? e->new_value : e->old_value, &kind, &name, NULL))
    return g_strdup_printf (added ? _("Document attached: %s") : _("Document removed: %s"),
                            added ? e->new_value : e->old_value ? e->old_value : "");
  /* TRANSLATORS: a document kind and its file name: "Test report attached: report.pdf" */
  return g_strdup_printf (added ? _("%s attached: %s") : _("%s removed: %s"), kind, name);
}

char *
csl_audit_entry_describe (const CslAuditEntry *e)
{
  const char *label;
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;

  if (g_strcmp0 (e->field, "created") == 0)
    {
      if (g_strcmp0 (e->entity, "announcement") == 0)
        return g_strdup_printf (_("Bar announcement recorded: %s"), e->new_value ? e->new_value : "");
      if ((label = entity_created (e->entity)) != NULL)
        return g_strdup (label);
      return g_strdup_printf (_("%s created"), e->entity);
    }
  if (g_strcmp0 (e->field, "attachment") == 0)
    return describe_attachment (e);
  if (g_strcmp0 (e->field, "bundle_sha256") == 0)
    return g_strdup (e->new_value ? _("Bundle packaged and signed") : _("Packaged bundle discarded"));
  if (g_strcmp0 (e->field, "predecessor_id") == 0 && e->new_value != NULL)
    return g_strdup_printf (_("Re-filing of filing #%s"), e->new_value);
  if (g_strcmp0 (e->field, "successor_id") == 0 && e->new_value != NULL)
    return g_strdup_printf (_("Re-filed as filing #%s"), e->new_value);
  if (csl_audit_entry_is_navigation (e))
    return g_strdup_printf (_("Left the wizard at step %s"), e->new_value ? e->new_value : "");

  old_text = value_text (e->field, e->old_value);
  new_text = value_text (e->field, e->new_value);
  if (g_strcmp0 (e->field, "status") == 0)
    return g_strdup_printf (_("Status changed: %s → %s"), old_text, new_text);
  if (e->field != NULL && g_str_has_prefix (e->field, "param:"))
    /* TRANSLATORS: a key technical parameter's name, its old and new value */
    return g_strdup_printf (_("Parameter %s: %s → %s"), e->field + strlen ("param:"), old_text, new_text);
  label = field_label (e->field);
  /* TRANSLATORS: a field, its old and new value: "Firmware version: 1.0 → 2.0" */
  return g_strdup_printf (_("%s: %s → %s"), label ? label : e->field, old_text, new_text);
}

char *
csl_audit_entry_detail (const CslAuditEntry *e)
{
  g_autofree char *sha256 = NULL;

  if (g_strcmp0 (e->field, "attachment") == 0 &&
      parse_attachment (e->new_value ? e->new_value : e->old_value, NULL, NULL, &sha256))
    return g_strdup_printf (_("SHA-256: %s"), sha256);
  if (g_strcmp0 (e->field, "bundle_sha256") == 0 && (e->new_value || e->old_value))
    return g_strdup_printf (_("SHA-256: %s"), e->new_value ? e->new_value : e->old_value);
  return NULL;
}

char *
csl_audit_format_time (const char *iso_utc)
{
  g_autoptr(GDateTime) at = iso_utc ? g_date_time_new_from_iso8601 (iso_utc, NULL) : NULL;
  g_autoptr(GDateTime) local = at ? g_date_time_to_local (at) : NULL;

  /* ISO order reads the same in every language; the locale's %x is ambiguous (12/07/26). */
  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (iso_utc ? iso_utc : "");
}

static const char *
interface_name (const char *via)
{
  if (g_strcmp0 (via, "gui") == 0)
    return _("in the app");
  if (g_strcmp0 (via, "cli") == 0)
    return _("from the command line");
  if (g_strcmp0 (via, "core") == 0)
    return _("automatically");
  return via ? via : "";
}

char *
csl_audit_entry_byline (const CslAuditEntry *e)
{
  g_autofree char *when = csl_audit_format_time (e->at);

  if (e->who != NULL && *e->who != '\0')
    /* TRANSLATORS: when, who and how: "2026-12-07 10:14 · alice · in the app" */
    return g_strdup_printf (_("%s · %s · %s"), when, e->who, interface_name (e->via));
  /* TRANSLATORS: when and how: "2026-12-07 10:14 · in the app" */
  return g_strdup_printf (_("%s · %s"), when, interface_name (e->via));
}
