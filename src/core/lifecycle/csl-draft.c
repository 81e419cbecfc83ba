#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "lifecycle/csl-draft.h"
#include "base/csl-error.h"
#include "lifecycle/csl-refiling.h"

gboolean
csl_draft_save (CslWorkspace  *ws,
                CslProduct    *product,
                CslFiling     *filing,
                GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  gint64 old_product_id = product->id;
  gint64 old_filing_id = filing->id;
  gint64 product_version = product->version;
  gint64 filing_version = filing->version;
  gboolean ok;

  if (filing->id > 0 && csl_filing_get_status (filing) != CSL_STATUS_DRAFT)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_STATE,
                   _("Filing %" PRId64 " is %s; only a draft can be edited"),
                   filing->id, csl_filing_status_label (csl_filing_get_status (filing)));
      return FALSE;
    }
  if (!csl_db_begin (db, error))
    return FALSE;

  /* An edited product goes through the Art. 10 rule: its filed filings become re-filing due. */
  if (product->id > 0)
    ok = csl_refiling_update_product_in_transaction (ws, product, NULL, error);
  else
    ok = csl_product_insert_in_transaction (ws, product, error) > 0;

  if (ok)
    {
      filing->product_id = product->id;
      ok = filing->id > 0 ? csl_filing_update_in_transaction (ws, filing, error)
                          : csl_filing_insert_in_transaction (ws, filing, error) > 0;
    }
  if (!ok || !csl_db_commit (db, error))
    {
      csl_db_rollback (db);
      /* Ids handed out inside the rolled-back transaction do not exist. */
      product->id = old_product_id;
      filing->id = old_filing_id;
      /* So are the row versions an update advanced: a retry checks what was read. */
      product->version = product_version;
      filing->version = filing_version;
      return FALSE;
    }
  csl_workspace_emit_changed (ws, "filing");
  return TRUE;
}
