#include "config.h"

#include "store/csl-record.h"
#include "base/csl-text-check.h"
#include "base/csl-date.h"
#include "store/csl-conflict.h"

#define FIELD(record, column, type) (*(type *) ((guint8 *) (record) + (column)->offset))

char *
csl_record_select_list (const CslColumn *columns,
                        guint            n_columns)
{
  GString *s = g_string_new ("id");

  for (guint i = 0; i < n_columns; i++)
    g_string_append_printf (s, ", %s", columns[i].name);
  return g_string_free (s, FALSE);
}

void
csl_record_read (CslStmt         *stmt,
                 int              first,
                 const CslColumn *columns,
                 guint            n_columns,
                 gpointer         record)
{
  for (guint i = 0; i < n_columns; i++)
    {
      const CslColumn *c = &columns[i];
      int col = first + (int) i;

      switch (c->type)
        {
        case CSL_COLUMN_TEXT:
          FIELD (record, c, char *) = csl_stmt_dup_column_text (stmt, col);
          break;
        case CSL_COLUMN_INT64:
          FIELD (record, c, gint64) = csl_stmt_column_int64 (stmt, col);
          break;
        case CSL_COLUMN_INT:
          FIELD (record, c, int) = csl_stmt_column_int (stmt, col);
          break;
        case CSL_COLUMN_VERSION:
          FIELD (record, c, gint64) = csl_stmt_column_int64 (stmt, col);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

void
csl_record_clear (const CslColumn *columns,
                  guint            n_columns,
                  gpointer         record)
{
  for (guint i = 0; i < n_columns; i++)
    if (columns[i].type == CSL_COLUMN_TEXT)
      g_clear_pointer (&FIELD (record, &columns[i], char *), g_free);
}

gboolean
csl_record_check_texts (const char      *table,
             const CslColumn *columns,
             guint            n_columns,
             gconstpointer    old_record,
             gconstpointer    new_record,
             GError         **error)
{
  for (guint i = 0; i < n_columns; i++)
    {
      const CslColumn *c = &columns[i];
      const char *value;

      if (c->type != CSL_COLUMN_TEXT)
        continue;
      value = FIELD (new_record, c, char *);
      if (old_record != NULL && g_strcmp0 (value, FIELD (old_record, c, char *)) == 0)
        continue;
      if (!csl_text_check_field (table, c->name, value, error))
        return FALSE;
    }
  return TRUE;
}

static void
bind_value (CslStmt         *stmt,
            int              idx,
            const CslColumn *c,
            gconstpointer    record)
{
  switch (c->type)
    {
    case CSL_COLUMN_TEXT:
      csl_stmt_bind_optional_text (stmt, idx, FIELD (record, c, char *));
      break;
    case CSL_COLUMN_INT64:
      csl_stmt_bind_id (stmt, idx, FIELD (record, c, gint64));
      break;
    case CSL_COLUMN_INT:
      csl_stmt_bind_int (stmt, idx, FIELD (record, c, int));
      break;
    default:
      g_assert_not_reached ();
    }
}

char *
csl_record_value_string (const CslColumn *c,
                         gconstpointer    record)
{
  switch (c->type)
    {
    case CSL_COLUMN_TEXT:
      {
        const char *s = FIELD (record, c, char *);
        return (s && *s) ? g_strdup (s) : NULL;
      }
    case CSL_COLUMN_INT64:
      {
        gint64 v = FIELD (record, c, gint64);
        return v > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, v) : NULL;
      }
    case CSL_COLUMN_INT:
      return g_strdup_printf ("%d", FIELD (record, c, int));
    case CSL_COLUMN_VERSION:
      return g_strdup_printf ("%" G_GINT64_FORMAT, FIELD (record, c, gint64));
    default:
      g_assert_not_reached ();
    }
}

GStrv
csl_record_changed (const CslColumn *columns,
                    guint            n_columns,
                    gconstpointer    a,
                    gconstpointer    b)
{
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();

  for (guint i = 0; i < n_columns; i++)
    {
      g_autofree char *va = NULL;
      g_autofree char *vb = NULL;

      if (columns[i].type == CSL_COLUMN_VERSION)
        continue;
      va = csl_record_value_string (&columns[i], a);
      vb = csl_record_value_string (&columns[i], b);
      if (g_strcmp0 (va, vb) != 0)
        g_strv_builder_add (out, columns[i].name);
    }
  return g_strv_builder_end (out);
}

void
csl_record_copy_fields (const CslColumn    *columns,
                        guint               n_columns,
                        gpointer            dst,
                        gconstpointer       src,
                        const char * const *names)
{
  for (guint i = 0; i < n_columns; i++)
    {
      const CslColumn *c = &columns[i];

      if (c->type == CSL_COLUMN_VERSION || names == NULL || !g_strv_contains (names, c->name))
        continue;
      switch (c->type)
        {
        case CSL_COLUMN_TEXT:
          g_free (FIELD (dst, c, char *));
          FIELD (dst, c, char *) = g_strdup (FIELD (src, c, char *));
          break;
        case CSL_COLUMN_INT64:
          FIELD (dst, c, gint64) = FIELD (src, c, gint64);
          break;
        case CSL_COLUMN_INT:
          FIELD (dst, c, int) = FIELD (src, c, int);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

gint64
csl_record_insert (CslWorkspace     *ws,
                   const char       *table,
                   const CslColumn  *columns,
                   guint             n_columns,
                   gconstpointer     record,
                   GError          **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(CslStmt) stmt = NULL;
  gint64 id;

  if (!csl_record_check_texts (table, columns, n_columns, NULL, record, error))
    return 0;
  g_string_append_printf (sql, "INSERT INTO %s (", table);
  for (guint i = 0, n = 0; i < n_columns; i++)
    if (columns[i].type != CSL_COLUMN_VERSION)
      g_string_append_printf (sql, "%s%s", n++ ? ", " : "", columns[i].name);
  g_string_append (sql, ") VALUES (");
  for (guint i = 0, n = 0; i < n_columns; i++)
    if (columns[i].type != CSL_COLUMN_VERSION)
      g_string_append (sql, n++ ? ", ?" : "?");
  g_string_append (sql, ")");

  stmt = csl_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return 0;
  for (guint i = 0, n = 0; i < n_columns; i++)
    if (columns[i].type != CSL_COLUMN_VERSION)
      bind_value (stmt, (int) ++n, &columns[i], record);
  if (!csl_db_step_done (db, stmt, error))
    return 0;
  id = csl_db_last_insert_id (db);
  /* A new row starts at the column's default, version 1, which is what the record now holds. */
  for (guint i = 0; i < n_columns; i++)
    if (columns[i].type == CSL_COLUMN_VERSION)
      *(gint64 *) ((guint8 *) record + columns[i].offset) = 1;
  if (!csl_workspace_audit (ws, table, id, "created", NULL, "created", error))
    return 0;
  return id;
}

static const CslColumn *
find_version (const CslColumn *columns,
              guint            n_columns)
{
  for (guint i = 0; i < n_columns; i++)
    if (columns[i].type == CSL_COLUMN_VERSION)
      return &columns[i];
  return NULL;
}

gboolean
csl_record_update_full (CslWorkspace     *ws,
                        const char       *table,
                        const CslColumn  *columns,
                        guint             n_columns,
                        gint64            id,
                        gconstpointer     old_record,
                        gpointer          new_record,
                        gboolean          rows_changed,
                        GError          **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  const CslColumn *version = find_version (columns, n_columns);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(CslStmt) stmt = NULL;
  g_autofree char *now = NULL;
  int n = 0;

  if (!csl_record_check_texts (table, columns, n_columns, old_record, new_record, error))
    return FALSE;
  /* Saving what is already stored is no change: it neither bumps the version nor checks it, so
   * two people whose wizards both re-save one product (each for a filing of their own) do not
   * conflict over a record neither changed. */
  if (version != NULL && old_record != NULL)
    {
      g_auto(GStrv) changed = csl_record_changed (columns, n_columns, old_record, new_record);

      if (changed[0] == NULL && !rows_changed)
        return TRUE;
    }
  g_string_append_printf (sql, "UPDATE %s SET ", table);
  for (guint i = 0; i < n_columns; i++)
    if (columns[i].type != CSL_COLUMN_VERSION)
      g_string_append_printf (sql, "%s%s = ?", n++ ? ", " : "", columns[i].name);
  if (version != NULL)
    g_string_append (sql, ", version = version + 1, updated_by = ?, updated_at = ?");
  g_string_append (sql, " WHERE id = ?");
  if (version != NULL)
    g_string_append (sql, " AND version = ?");

  stmt = csl_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  n = 0;
  for (guint i = 0; i < n_columns; i++)
    if (columns[i].type != CSL_COLUMN_VERSION)
      bind_value (stmt, ++n, &columns[i], new_record);
  if (version != NULL)
    {
      now = csl_timestamp_now ();
      csl_stmt_bind_optional_text (stmt, ++n, csl_workspace_get_user (ws));
      csl_stmt_bind_text (stmt, ++n, now);
    }
  csl_stmt_bind_int64 (stmt, ++n, id);
  if (version != NULL)
    csl_stmt_bind_int64 (stmt, ++n, FIELD (new_record, version, gint64));
  if (!csl_db_step_done (db, stmt, error))
    return FALSE;
  if (version != NULL)
    {
      /* No row matched: it was saved (or deleted) since this record was read. */
      if (csl_db_changes (db) == 0)
        {
          csl_conflict_set_error (ws, table, id, error);
          return FALSE;
        }
      FIELD (new_record, version, gint64) += 1;
    }

  for (guint i = 0; i < n_columns; i++)
    {
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      if (columns[i].type == CSL_COLUMN_VERSION)
        continue;
      before = csl_record_value_string (&columns[i], old_record);
      after = csl_record_value_string (&columns[i], new_record);
      if (!csl_workspace_audit (ws, table, id, columns[i].name, before, after, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
csl_record_exists (CslWorkspace *ws,
                   const char   *table,
                   gint64        id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?", table);
  g_autoptr(CslStmt) stmt = csl_db_prepare (csl_workspace_get_db (ws), sql, NULL);

  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_int64 (stmt, 1, id);
  return csl_stmt_step (stmt, NULL) == CSL_STMT_ROW;
}

int
csl_record_load (CslWorkspace     *ws,
                 const char       *table,
                 const CslColumn  *columns,
                 guint             n_columns,
                 gint64            id,
                 gint64           *id_out,
                 gpointer          record,
                 GError          **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autofree char *list = csl_record_select_list (columns, n_columns);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?", list, table);
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  csl_stmt_bind_int64 (stmt, 1, id);
  rc = csl_stmt_step (stmt, error);
  if (rc == CSL_STMT_DONE)
    return 0;
  if (rc != CSL_STMT_ROW)
    return -1;
  *id_out = csl_stmt_column_int64 (stmt, 0);
  csl_record_read (stmt, 1, columns, n_columns, record);
  return 1;
}

GPtrArray *
csl_record_list (CslWorkspace     *ws,
                 const char       *table,
                 const CslColumn  *columns,
                 guint             n_columns,
                 gsize             record_size,
                 GDestroyNotify    free_func,
                 const char       *where_order,
                 GError          **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autofree char *list = csl_record_select_list (columns, n_columns);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s %s", list, table, where_order ? where_order : "");
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, sql, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (free_func);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    {
      gpointer record = g_malloc0 (record_size);

      *(gint64 *) record = csl_stmt_column_int64 (stmt, 0);
      csl_record_read (stmt, 1, columns, n_columns, record);
      g_ptr_array_add (out, record);
    }
  if (rc != CSL_STMT_DONE)
    return NULL;
  return g_steal_pointer (&out);
}

gint64
csl_record_add (CslWorkspace     *ws,
                const char       *table,
                const CslColumn  *columns,
                guint             n_columns,
                gconstpointer     record,
                GError          **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  gint64 id;

  if (!csl_db_begin (db, error))
    return 0;
  id = csl_record_insert (ws, table, columns, n_columns, record, error);
  if (id == 0 || !csl_db_commit (db, error))
    {
      csl_db_rollback (db);
      return 0;
    }
  csl_workspace_emit_changed (ws, table);
  return id;
}

gboolean
csl_record_save (CslWorkspace     *ws,
                 const char       *table,
                 const CslColumn  *columns,
                 guint             n_columns,
                 gint64            id,
                 gconstpointer     old_record,
                 gpointer          new_record,
                 GError          **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  const CslColumn *version = find_version (columns, n_columns);
  gint64 version_read = version ? FIELD (new_record, version, gint64) : 0;

  if (!csl_db_begin (db, error))
    return FALSE;
  if (!csl_record_update (ws, table, columns, n_columns, id, old_record, new_record, error) ||
      !csl_db_commit (db, error))
    {
      csl_db_rollback (db);
      /* The bump was rolled back with the rest: the record still holds what it read. */
      if (version != NULL)
        FIELD (new_record, version, gint64) = version_read;
      return FALSE;
    }
  csl_workspace_emit_changed (ws, table);
  return TRUE;
}

gboolean
csl_record_update (CslWorkspace    *ws,
                   const char      *table,
                   const CslColumn *columns,
                   guint            n_columns,
                   gint64           id,
                   gconstpointer    old_record,
                   gpointer         new_record,
                   GError         **error)
{
  return csl_record_update_full (ws, table, columns, n_columns, id, old_record, new_record, FALSE, error);
}
