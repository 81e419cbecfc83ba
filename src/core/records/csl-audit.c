#include "config.h"

#include "records/csl-audit.h"
#include "records/csl-filing.h"
#include "records/csl-serialize.h"

void
csl_audit_entry_free (CslAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->entity);
  g_free (entry->field);
  g_free (entry->old_value);
  g_free (entry->new_value);
  g_free (entry->via);
  g_free (entry->who);
  g_free (entry);
}

static GPtrArray *
run (CslWorkspace  *ws,
     const char    *where,
     const char    *entity,
     gint64         id,
     GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autofree char *sql = g_strdup_printf ("SELECT id, at, entity, entity_id, field, old_value, new_value, via, who "
                                          "FROM audit WHERE %s ORDER BY id", where);
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, sql, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_audit_entry_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  csl_stmt_bind_int64 (stmt, 1, id);
  if (entity != NULL)
    csl_stmt_bind_text (stmt, 2, entity);
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    {
      CslAuditEntry *e = g_new0 (CslAuditEntry, 1);

      e->id = csl_stmt_column_int64 (stmt, 0);
      e->at = csl_stmt_dup_column_text (stmt, 1);
      e->entity = csl_stmt_dup_column_text (stmt, 2);
      e->entity_id = csl_stmt_column_int64 (stmt, 3);
      e->field = csl_stmt_dup_column_text (stmt, 4);
      e->old_value = csl_stmt_dup_column_text (stmt, 5);
      e->new_value = csl_stmt_dup_column_text (stmt, 6);
      e->via = csl_stmt_dup_column_text (stmt, 7);
      e->who = csl_stmt_dup_column_text (stmt, 8);
      g_ptr_array_add (out, e);
    }
  if (rc != CSL_STMT_DONE)
    return NULL;
  return g_steal_pointer (&out);
}

GPtrArray *
csl_audit_list (CslWorkspace  *ws,
                const char    *entity,
                gint64         entity_id,
                GError       **error)
{
  return run (ws, "entity = ?2 AND entity_id = ?1", entity, entity_id, error);
}

GPtrArray *
csl_audit_list_for_filing (CslWorkspace  *ws,
                           gint64         filing_id,
                           GError       **error)
{
  g_autoptr(CslFiling) f = csl_filing_get (ws, filing_id, error);

  if (f == NULL)
    return NULL;
  /* Two lookups in the (entity, entity_id) index, merged in id order, which is time order. */
  return run (ws, "(entity = 'filing' AND entity_id = ?1) OR "
                  "(entity = 'product' AND entity_id = (SELECT product_id FROM filing WHERE id = ?1))",
              NULL, filing_id, error);
}

void
csl_json_add_audit_entry (JsonBuilder         *b,
                          const CslAuditEntry *e)
{
  json_builder_begin_object (b);
  csl_json_member_id (b, "id", e->id);
  csl_json_member_string (b, "at", e->at);
  csl_json_member_string (b, "entity", e->entity);
  csl_json_member_id (b, "entity_id", e->entity_id);
  csl_json_member_string (b, "field", e->field);
  csl_json_member_string (b, "old_value", e->old_value);
  csl_json_member_string (b, "new_value", e->new_value);
  csl_json_member_string (b, "via", e->via);
  csl_json_member_string (b, "who", e->who);
  json_builder_end_object (b);
}
