#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "records/csl-catalogue.h"
#include "base/csl-date.h"
#include "base/csl-error.h"
#include "lifecycle/csl-lifecycle.h"
#include "records/csl-product.h"
#include "records/csl-requirements.h"

#define BIT(status) (1u << (status))

/* Where each status may go next. The way back to draft is there because a ready or packaged
 * filing that is edited no longer matches its check or bundle, and the agency may return a
 * submitted one. */
static const guint next_statuses[CSL_N_STATUSES] = {
  [CSL_STATUS_DRAFT]        = BIT (CSL_STATUS_READY),
  [CSL_STATUS_READY]        = BIT (CSL_STATUS_DRAFT) | BIT (CSL_STATUS_PACKAGED),
  [CSL_STATUS_PACKAGED]     = BIT (CSL_STATUS_DRAFT) | BIT (CSL_STATUS_PACKAGED) | BIT (CSL_STATUS_SUBMITTED),
  [CSL_STATUS_SUBMITTED]    = BIT (CSL_STATUS_DRAFT) | BIT (CSL_STATUS_FILED),
  [CSL_STATUS_FILED]        = BIT (CSL_STATUS_REFILING_DUE) | BIT (CSL_STATUS_EXPIRED) | BIT (CSL_STATUS_REVOKED),
  [CSL_STATUS_REFILING_DUE] = BIT (CSL_STATUS_REFILING_DUE) | BIT (CSL_STATUS_EXPIRED) | BIT (CSL_STATUS_REVOKED),
  [CSL_STATUS_EXPIRED]      = BIT (CSL_STATUS_REVOKED),
  [CSL_STATUS_REVOKED]      = 0,
};

gboolean
csl_lifecycle_can_transition (CslFilingStatus from,
                              CslFilingStatus to)
{
  g_return_val_if_fail (from < CSL_N_STATUSES && to < CSL_N_STATUSES, FALSE);
  return (next_statuses[from] & BIT (to)) != 0;
}

static void
set_state_error (GError          **error,
                 gint64            id,
                 CslFilingStatus   from,
                 CslFilingStatus   to)
{
  g_autoptr(GString) allowed = g_string_new (NULL);

  for (guint s = 0; s < CSL_N_STATUSES; s++)
    if (next_statuses[from] & BIT (s))
      g_string_append_printf (allowed, "%s“%s”", allowed->len ? ", " : "", csl_filing_status_to_string (s));
  if (allowed->len == 0)
    g_string_append (allowed, _("nothing"));
  g_set_error (error, CSL_ERROR, CSL_ERROR_STATE,
               _("Filing %lld is “%s” and cannot become “%s” (from “%s” it can become: %s)"),
               (long long) id, csl_filing_status_to_string (from), csl_filing_status_to_string (to),
               csl_filing_status_to_string (from), allowed->str);
}

static gboolean
blank (const char *s)
{
  return s == NULL || *s == '\0';
}

static void
replace (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

typedef gboolean (*ApplyFunc) (CslWorkspace  *ws,
                               CslFiling     *f,
                               gconstpointer  data,
                               GError       **error);

static gboolean
transition_in_transaction (CslWorkspace     *ws,
                           gint64            id,
                           CslFilingStatus   to,
                           ApplyFunc         apply,
                           gconstpointer     data,
                           GError          **error)
{
  g_autoptr(CslFiling) old = csl_filing_get (ws, id, error);
  g_autoptr(CslFiling) f = NULL;
  CslFilingStatus from;

  if (old == NULL)
    return FALSE;
  from = csl_filing_get_status (old);
  if (!csl_lifecycle_can_transition (from, to))
    {
      set_state_error (error, id, from, to);
      return FALSE;
    }
  f = csl_filing_get (ws, id, error);
  if (f == NULL)
    return FALSE;
  replace (&f->status, csl_filing_status_to_string (to));
  if (apply != NULL && !apply (ws, f, data, error))
    return FALSE;
  return csl_filing_write_in_transaction (ws, old, f, error);
}

/* One transaction per transition: the status, its dates and the audit entries commit together. */
static gboolean
transition (CslWorkspace     *ws,
            gint64            id,
            CslFilingStatus   to,
            ApplyFunc         apply,
            gconstpointer     data,
            GError          **error)
{
  CslDb *db = csl_workspace_get_db (ws);

  if (!csl_db_begin (db, error))
    return FALSE;
  if (!transition_in_transaction (ws, id, to, apply, data, error) || !csl_db_commit (db, error))
    {
      csl_db_rollback (db);
      return FALSE;
    }
  csl_workspace_emit_changed (ws, "filing");
  return TRUE;
}

static gboolean
check_requirements (CslWorkspace  *ws,
                    gint64         id,
                    const char    *today,
                    GError       **error)
{
  g_autoptr(GPtrArray) findings = csl_requirements_check (ws, id, today, NULL, error);
  g_autoptr(GString) problems = NULL;

  if (findings == NULL)
    return FALSE;
  if (!csl_findings_have_errors (findings))
    return TRUE;
  problems = g_string_new (NULL);
  for (guint i = 0; i < findings->len; i++)
    {
      CslFinding *finding = findings->pdata[i];

      if (finding->severity == CSL_SEVERITY_ERROR)
        g_string_append_printf (problems, "\n  %s: %s", finding->article, finding->message);
    }
  g_set_error (error, CSL_ERROR, CSL_ERROR_INCOMPLETE,
               _("Filing %lld is not ready; the check finds:%s"), (long long) id, problems->str);
  return FALSE;
}

gboolean
csl_lifecycle_mark_ready (CslWorkspace  *ws,
                          gint64         filing_id,
                          const char    *today,
                          GError       **error)
{
  g_autoptr(CslFiling) f = csl_filing_get (ws, filing_id, error);

  if (f == NULL || !check_requirements (ws, filing_id, today, error))
    return FALSE;
  if (csl_filing_get_status (f) == CSL_STATUS_READY)
    return TRUE;
  return transition (ws, filing_id, CSL_STATUS_READY, NULL, NULL, error);
}

static gboolean
apply_reopen (CslWorkspace  *ws,
              CslFiling     *f,
              gconstpointer  data,
              GError       **error)
{
  /* The bundle and the submission date belonged to the version that is being changed. */
  g_clear_pointer (&f->bundle_sha256, g_free);
  g_clear_pointer (&f->submitted_on, g_free);
  return TRUE;
}

gboolean
csl_lifecycle_reopen (CslWorkspace  *ws,
                      gint64         filing_id,
                      GError       **error)
{
  return transition (ws, filing_id, CSL_STATUS_DRAFT, apply_reopen, NULL, error);
}

static gboolean
apply_packaged (CslWorkspace  *ws,
                CslFiling     *f,
                gconstpointer  data,
                GError       **error)
{
  replace (&f->bundle_sha256, data);
  return TRUE;
}

gboolean
csl_lifecycle_mark_packaged (CslWorkspace  *ws,
                             gint64         filing_id,
                             const char    *bundle_sha256,
                             GError       **error)
{
  g_autofree char *sha = bundle_sha256 ? g_ascii_strdown (bundle_sha256, -1) : NULL;
  gboolean hex = sha != NULL && strlen (sha) == 64;

  for (const char *p = sha; hex && *p; p++)
    hex = g_ascii_isxdigit (*p);
  if (!hex)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("Bundle checksum “%s” is not a SHA-256 in hexadecimal (64 digits)"),
                   bundle_sha256 ? bundle_sha256 : "");
      return FALSE;
    }
  return transition (ws, filing_id, CSL_STATUS_PACKAGED, apply_packaged, sha, error);
}

static gboolean
apply_submitted (CslWorkspace  *ws,
                 CslFiling     *f,
                 gconstpointer  data,
                 GError       **error)
{
  replace (&f->submitted_on, data);
  return TRUE;
}

gboolean
csl_lifecycle_mark_submitted (CslWorkspace  *ws,
                              gint64         filing_id,
                              const char    *submitted_on,
                              GError       **error)
{
  if (!csl_date_validate (submitted_on, _("Submission date"), error))
    return FALSE;
  return transition (ws, filing_id, CSL_STATUS_SUBMITTED, apply_submitted, submitted_on, error);
}

static gboolean
check_filing_number_free (CslWorkspace  *ws,
                          gint64         id,
                          const char    *number,
                          GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, "SELECT id FROM filing WHERE filing_number = ? AND id <> ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_text (stmt, 1, number);
  csl_stmt_bind_int64 (stmt, 2, id);
  rc = csl_stmt_step (stmt, error);
  if (rc == CSL_STMT_ROW)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_EXISTS,
                   _("Filing number “%s” is already recorded for filing %lld"),
                   number, (long long) csl_stmt_column_int64 (stmt, 0));
      return FALSE;
    }
  if (rc != CSL_STMT_DONE)
    return FALSE;
  return TRUE;
}

/* The label's last valid day: the period the category's implementation rules set, counted from
 * the first valid day. */
static char *
default_valid_until (CslWorkspace  *ws,
                     CslFiling     *f,
                     const char    *valid_from,
                     GError       **error)
{
  g_autoptr(CslProduct) product = csl_product_get (ws, f->product_id, error);
  g_autoptr(CslCategory) category = NULL;
  g_autofree char *end = NULL;
  GDate date;

  if (product == NULL || (category = csl_catalogue_get (ws, product->category_id, error)) == NULL)
    return NULL;
  if (category->validity_months <= 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("The catalogue does not publish a label validity period for %s yet: give the last day "
                     "the label is valid (--valid-until)"), category->serial);
      return NULL;
    }
  end = csl_date_add_months (valid_from, (guint) category->validity_months);
  if (end == NULL || !csl_date_parse (end, &date, NULL))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("A label valid from %s for %d months would end after 9999-12-31"), valid_from,
                   category->validity_months);
      return NULL;
    }
  g_date_subtract_days (&date, 1);
  return csl_date_format (&date);
}

/* The re-filing is filed: the label it replaces is history from that day on, and the deadline
 * queries leave it out. */
static gboolean
supersede (CslWorkspace  *ws,
           gint64         predecessor_id,
           const char    *on,
           GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt =
    csl_db_prepare (db, "UPDATE filing SET superseded_on = ? WHERE id = ? AND superseded_on IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_text (stmt, 1, on);
  csl_stmt_bind_int64 (stmt, 2, predecessor_id);
  if (!csl_db_step_done (db, stmt, error))
    return FALSE;
  return csl_db_changes (db) == 0 ||
         csl_workspace_audit (ws, "filing", predecessor_id, "superseded_on", NULL, on, error);
}

static gboolean
apply_filed (CslWorkspace  *ws,
             CslFiling     *f,
             gconstpointer  data,
             GError       **error)
{
  const CslFiledInfo *info = data;
  g_autofree char *number = g_strstrip (g_strdup (info->filing_number ? info->filing_number : ""));
  const char *from = blank (info->valid_from) ? info->filed_on : info->valid_from;
  g_autofree char *until = NULL;

  if (*number == '\0')
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("A filed filing needs the filing number the agency gave"));
      return FALSE;
    }
  if (!csl_date_validate (info->filed_on, _("Filing date"), error) ||
      !csl_date_validate (from, _("Valid from"), error) ||
      (!blank (info->valid_until) && !csl_date_validate (info->valid_until, _("Valid until"), error)))
    return FALSE;
  if (!blank (f->submitted_on) && g_strcmp0 (info->filed_on, f->submitted_on) < 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("Filing date %s is before the submission date %s"), info->filed_on, f->submitted_on);
      return FALSE;
    }
  until = blank (info->valid_until) ? default_valid_until (ws, f, from, error) : g_strdup (info->valid_until);
  if (until == NULL)
    return FALSE;
  if (g_strcmp0 (until, from) <= 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("The label would be valid until %s, which is not after its first valid day %s"), until, from);
      return FALSE;
    }
  if (!check_filing_number_free (ws, f->id, number, error) ||
      (f->predecessor_id > 0 && !supersede (ws, f->predecessor_id, info->filed_on, error)))
    return FALSE;
  replace (&f->filing_number, number);
  replace (&f->filed_on, info->filed_on);
  replace (&f->valid_from, from);
  replace (&f->valid_until, until);
  return TRUE;
}

gboolean
csl_lifecycle_mark_filed (CslWorkspace        *ws,
                          gint64               filing_id,
                          const CslFiledInfo  *info,
                          GError             **error)
{
  return transition (ws, filing_id, CSL_STATUS_FILED, apply_filed, info, error);
}

static gboolean
require_reason (const char  *reason,
                const char  *what,
                GError     **error)
{
  if (reason != NULL && *reason != '\0')
    return TRUE;
  g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, "%s", what);
  return FALSE;
}

static gboolean
apply_revoked (CslWorkspace  *ws,
               CslFiling     *f,
               gconstpointer  data,
               GError       **error)
{
  replace (&f->revoke_reason, data);
  return TRUE;
}

gboolean
csl_lifecycle_revoke (CslWorkspace  *ws,
                      gint64         filing_id,
                      const char    *reason,
                      GError       **error)
{
  g_autofree char *text = g_strstrip (g_strdup (reason ? reason : ""));

  if (!require_reason (text, _("A revocation needs its reason"), error))
    return FALSE;
  return transition (ws, filing_id, CSL_STATUS_REVOKED, apply_revoked, text, error);
}

static gboolean
apply_refiling_due (CslWorkspace  *ws,
                    CslFiling     *f,
                    gconstpointer  data,
                    GError       **error)
{
  /* A second change before re-filing adds to the list: the new filing must cover both. */
  char *reason = blank (f->refiling_reason) ? g_strdup (data)
                                             : g_strconcat (f->refiling_reason, "; ", data, NULL);

  g_free (f->refiling_reason);
  f->refiling_reason = reason;
  return TRUE;
}

gboolean
csl_lifecycle_mark_refiling_due_in_transaction (CslWorkspace  *ws,
                                                gint64         filing_id,
                                                const char    *reason,
                                                GError       **error)
{
  if (!require_reason (reason, _("A re-filing needs its reason (what changed)"), error))
    return FALSE;
  return transition_in_transaction (ws, filing_id, CSL_STATUS_REFILING_DUE, apply_refiling_due, reason, error);
}

gboolean
csl_lifecycle_mark_refiling_due (CslWorkspace  *ws,
                                 gint64         filing_id,
                                 const char    *reason,
                                 GError       **error)
{
  if (!require_reason (reason, _("A re-filing needs its reason (what changed)"), error))
    return FALSE;
  return transition (ws, filing_id, CSL_STATUS_REFILING_DUE, apply_refiling_due, reason, error);
}

gboolean
csl_lifecycle_apply_time (CslWorkspace  *ws,
                          const char    *today,
                          guint         *n_expired,
                          GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) audit = NULL;
  g_autoptr(CslStmt) update = NULL;
  g_autofree char *now = csl_timestamp_now ();
  guint n;

  if (n_expired != NULL)
    *n_expired = 0;
  /* A read-only workspace (an archived copy) is listed as stored: its expiries wait for a
   * program that may write it. */
  if (csl_workspace_is_read_only (ws))
    return csl_date_validate (today, _("Today"), error);
  if (!csl_date_validate (today, _("Today"), error) || !csl_db_begin (db, error))
    return FALSE;
  /* Set-based, through the (status, valid_until) index: a workspace of 100 000 filings expires
   * a day's worth without visiting the rest. */
  audit = csl_db_prepare (db,
                          "INSERT INTO audit (at, entity, entity_id, field, old_value, new_value, via, who) "
                          "SELECT ?1, 'filing', id, 'status', status, 'expired', ?2, ?4 FROM filing "
                          "WHERE status IN ('filed', 'refiling-due') AND valid_until < ?3", error);
  update = audit ? csl_db_prepare (db,
                                   "UPDATE filing SET status = 'expired', "
                                   "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
                                   "WHERE status IN ('filed', 'refiling-due') AND valid_until < ?1", error) : NULL;
  if (update == NULL)
    {
      csl_db_rollback (db);
      return FALSE;
    }
  csl_stmt_bind_text (audit, 1, now);
  csl_stmt_bind_text (audit, 2, csl_workspace_get_interface (ws));
  csl_stmt_bind_text (audit, 3, today);
  csl_stmt_bind_text (audit, 4, csl_workspace_get_user (ws));
  csl_stmt_bind_text (update, 1, today);
  if (!csl_db_step_done (db, audit, error) || !csl_db_step_done (db, update, error))
    {
      csl_db_rollback (db);
      return FALSE;
    }
  n = (guint) csl_db_changes (db);
  if (!csl_db_commit (db, error))
    return FALSE;
  if (n_expired != NULL)
    *n_expired = n;
  if (n > 0)
    csl_workspace_emit_changed (ws, "filing");
  return TRUE;
}
