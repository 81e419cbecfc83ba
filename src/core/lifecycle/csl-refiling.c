#include "config.h"

#include <glib/gi18n-lib.h>

#include "base/csl-error.h"
#include "lifecycle/csl-lifecycle.h"
#include "lifecycle/csl-refiling.h"

static void
describe (GString    *out,
          const char *what,
          const char *before,
          const char *after)
{
  if (g_strcmp0 (before, after) == 0)
    return;
  if (out->len > 0)
    /* TRANSLATORS: between two changes of a product */
    g_string_append (out, _("; "));
  /* TRANSLATORS: a field, its old and new value: "Firmware version: 1.0 → 2.0" */
  g_string_append_printf (out, _("%s: %s → %s"), what, before && *before ? before : "—",
                          after && *after ? after : "—");
}

char *
csl_refiling_describe_changes (const CslProduct *old,
                               const CslProduct *p)
{
  g_autoptr(GString) out = g_string_new (NULL);

  describe (out, _("hardware version"), old->hardware_version, p->hardware_version);
  describe (out, _("firmware version"), old->firmware_version, p->firmware_version);
  for (guint i = 0; i < old->params->len; i++)
    {
      CslParam *param = old->params->pdata[i];
      g_autofree char *what = g_strdup_printf (_("parameter %s"), param->name);

      describe (out, what, param->value, csl_product_get_param (p, param->name));
    }
  for (guint i = 0; i < p->params->len; i++)
    {
      CslParam *param = p->params->pdata[i];
      g_autofree char *what = g_strdup_printf (_("parameter %s"), param->name);

      if (csl_product_get_param (old, param->name) == NULL)
        describe (out, what, NULL, param->value);
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static GArray *
select_ids (CslWorkspace  *ws,
            const char    *sql,
            gint64         arg,
            GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, sql, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;
  csl_stmt_bind_int64 (stmt, 1, arg);
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    {
      gint64 id = csl_stmt_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != CSL_STMT_DONE)
    return NULL;
  return g_steal_pointer (&ids);
}

gboolean
csl_refiling_update_product_in_transaction (CslWorkspace  *ws,
                                            CslProduct    *p,
                                            GArray        *due,
                                            GError       **error)
{
  g_autoptr(CslProduct) old = csl_product_get (ws, p->id, error);
  g_autoptr(GArray) filed = NULL;
  g_autofree char *changes = NULL;

  if (old == NULL || !csl_product_update_in_transaction (ws, old, p, error))
    return FALSE;
  changes = csl_refiling_describe_changes (old, p);
  if (changes == NULL)
    return TRUE;
  filed = select_ids (ws, "SELECT id FROM filing WHERE product_id = ?1 AND status IN ('filed', 'refiling-due') "
                          "ORDER BY id", p->id, error);
  if (filed == NULL)
    return FALSE;
  for (guint i = 0; i < filed->len; i++)
    {
      gint64 id = g_array_index (filed, gint64, i);

      if (!csl_lifecycle_mark_refiling_due_in_transaction (ws, id, changes, error))
        return FALSE;
      if (due != NULL)
        g_array_append_val (due, id);
    }
  return TRUE;
}

gboolean
csl_refiling_update_product (CslWorkspace  *ws,
                             CslProduct    *p,
                             GArray       **refiling_due,
                             GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(GArray) due = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!csl_db_begin (db, error))
    return FALSE;
  if (!csl_refiling_update_product_in_transaction (ws, p, due, error) || !csl_db_commit (db, error))
    {
      csl_db_rollback (db);
      return FALSE;
    }
  csl_workspace_emit_changed (ws, "product");
  if (due->len > 0)
    csl_workspace_emit_changed (ws, "filing");
  if (refiling_due != NULL)
    *refiling_due = g_steal_pointer (&due);
  return TRUE;
}

gint64
csl_refiling_get_successor (CslWorkspace  *ws,
                            gint64         filing_id,
                            GError       **error)
{
  g_autoptr(GArray) ids = select_ids (ws, "SELECT id FROM filing WHERE predecessor_id = ?1 ORDER BY id LIMIT 1",
                                      filing_id, error);

  if (ids == NULL)
    return -1;
  return ids->len > 0 ? g_array_index (ids, gint64, 0) : 0;
}

static gint64
predecessor_of (CslWorkspace  *ws,
                gint64         filing_id,
                GError       **error)
{
  g_autoptr(GArray) ids = select_ids (ws, "SELECT predecessor_id FROM filing WHERE id = ?1", filing_id, error);

  if (ids == NULL)
    return -1;
  return ids->len > 0 ? g_array_index (ids, gint64, 0) : 0;
}

static gboolean
add_seen (GHashTable *seen,
          gint64      id)
{
  return g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
}

GArray *
csl_refiling_get_chain (CslWorkspace  *ws,
                        gint64         filing_id,
                        GError       **error)
{
  g_autoptr(CslFiling) f = csl_filing_get (ws, filing_id, error);
  g_autoptr(GArray) chain = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gint64 first = filing_id;
  gint64 next;

  if (f == NULL)
    return NULL;
  /* Up to the first filing, then down through the successors; the seen set stops a loop that
   * someone wrote into the database by hand. */
  add_seen (seen, filing_id);
  for (next = f->predecessor_id; next > 0 && add_seen (seen, next); next = predecessor_of (ws, next, error))
    first = next;
  if (next < 0)
    return NULL;
  g_hash_table_remove_all (seen);
  for (next = first; next > 0 && add_seen (seen, next); next = csl_refiling_get_successor (ws, next, error))
    g_array_append_val (chain, next);
  if (next < 0)
    return NULL;
  return g_steal_pointer (&chain);
}

