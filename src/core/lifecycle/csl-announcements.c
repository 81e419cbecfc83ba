#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "lifecycle/csl-bars.h"
#include "base/csl-csv-reader.h"
#include "base/csl-csv.h"
#include "base/csl-date.h"
#include "base/csl-error.h"
#include "base/csl-json.h"
#include "base/csl-uscc.h"
#include "base/csl-input-file.h"
#include "base/csl-text-check.h"

/* Importing the filing agency's bar announcements from JSON or CSV (format in README). */

enum
{
  K_REFERENCE,
  K_TARGET,
  K_ID,
  K_USCC,
  K_ACCREDITATION_NO,
  K_ANNOUNCED_ON,
  K_BARRED_UNTIL,
  K_REASON,
  N_KEYS
};

static const char *const keys[N_KEYS] = {
  "reference", "target", "id", "uscc", "accreditation_no", "announced_on", "barred_until", "reason",
};

#define MAX_PROBLEMS 20
/* Far above any announcement list, far below what a stray device would fill. */
#define CSL_ANNOUNCEMENTS_MAX_FILE_SIZE (64 * 1024 * 1024)

typedef struct
{
  guint         where;
  char         *v[N_KEYS];
  CslBarTarget  target;
  gint64        target_id;
  gboolean      skip;
} Announcement;

typedef struct
{
  const char *source;
  const char *unit;      /* "line" or "record" */
  GString    *text;
  int         code;
  guint       n;
} Problems;

static void
announcement_free (Announcement *a)
{
  for (guint i = 0; i < N_KEYS; i++)
    g_free (a->v[i]);
  g_free (a);
}

static void problem (Problems *p, int code, guint where, const char *format, ...) G_GNUC_PRINTF (4, 5);

static void
problem (Problems   *p,
         int         code,
         guint       where,
         const char *format,
         ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  if (p->n++ == 0)
    p->code = code;
  if (p->n > MAX_PROBLEMS)
    return;
  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  if (p->text->len > 0)
    g_string_append_c (p->text, '\n');
  if (where > 0)
    g_string_append_printf (p->text, "%s, %s %u: %s", p->source, p->unit, where, msg);
  else
    g_string_append_printf (p->text, "%s: %s", p->source, msg);
}

static int
key_index (const char *name)
{
  for (guint i = 0; i < N_KEYS; i++)
    if (g_strcmp0 (name, keys[i]) == 0)
      return (int) i;
  return -1;
}

static void
set_value (Announcement *a,
           int           key,
           const char   *value)
{
  g_autofree char *v = g_strstrip (g_strdup (value ? value : ""));

  g_free (a->v[key]);
  a->v[key] = *v ? g_steal_pointer (&v) : NULL;
}

static void
parse_json_record (Problems     *p,
                   JsonNode     *node,
                   guint         where,
                   GPtrArray    *out)
{
  Announcement *a = g_new0 (Announcement, 1);
  JsonObject *obj;
  g_autoptr(GList) members = NULL;

  a->where = where;
  g_ptr_array_add (out, a);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      problem (p, CSL_ERROR_INVALID, where, _("an announcement must be a JSON object"));
      return;
    }
  obj = json_node_get_object (node);
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (obj, l->data);
      int key = key_index (l->data);

      if (key < 0)
        problem (p, CSL_ERROR_INVALID, where, _("unknown field “%s”"), (const char *) l->data);
      else if (JSON_NODE_HOLDS_NULL (value))
        continue;
      else if (key == K_ID && json_node_get_value_type (value) == G_TYPE_INT64)
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
          set_value (a, key, text);
        }
      else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        set_value (a, key, json_node_get_string (value));
      else
        problem (p, CSL_ERROR_INVALID, where, _("field “%s” must be a string"), (const char *) l->data);
    }
}

static gboolean
parse_json (Problems    *p,
            const char  *text,
            gsize        len,
            GPtrArray   *out,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) document = NULL;
  JsonObject *root;
  JsonNode *format;
  JsonArray *list;

  document = csl_json_parse_document (text, len, &local_error);
  if (document == NULL)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%s is not valid JSON: %s"), p->source, local_error->message);
      return FALSE;
    }
  root = JSON_NODE_HOLDS_OBJECT (document) ? json_node_get_object (document) : NULL;
  format = root != NULL ? json_object_get_member (root, "format") : NULL;
  if (root == NULL || format == NULL || !JSON_NODE_HOLDS_VALUE (format) ||
      json_node_get_value_type (format) != G_TYPE_INT64 || json_node_get_int (format) != 1 ||
      !json_object_has_member (root, "announcements") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "announcements")))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("%s is not an announcement list: expected an object with \"format\": 1 and an "
                     "\"announcements\" array"), p->source);
      return FALSE;
    }
  list = json_object_get_array_member (root, "announcements");
  for (guint i = 0; i < json_array_get_length (list); i++)
    parse_json_record (p, json_array_get_element (list, i), i + 1, out);
  return TRUE;
}

static gboolean
parse_csv (Problems    *p,
           const char  *text,
           gsize        len,
           GPtrArray   *out,
           GError     **error)
{
  g_autoptr(GPtrArray) records = csl_csv_parse (text, len, p->source, error);
  int columns[N_KEYS * 2];
  CslCsvRecord *header;
  guint n_columns;

  if (records == NULL)
    return FALSE;
  if (records->len == 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%s is empty"), p->source);
      return FALSE;
    }
  header = records->pdata[0];
  n_columns = g_strv_length (header->fields);
  if (n_columns > G_N_ELEMENTS (columns))
    n_columns = G_N_ELEMENTS (columns);
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *name = g_ascii_strdown (g_strstrip (header->fields[c]), -1);

      columns[c] = key_index (name);
      for (guint d = 0; columns[c] >= 0 && d < c; d++)
        if (columns[d] == columns[c])
          problem (p, CSL_ERROR_INVALID, header->line, _("column “%s” appears twice"), name);
      if (columns[c] < 0)
        problem (p, CSL_ERROR_INVALID, header->line, _("unknown column “%s”; the columns are: %s"), name,
                 "reference, target, id, uscc, accreditation_no, announced_on, barred_until, reason");
    }
  for (guint i = 1; i < records->len; i++)
    {
      CslCsvRecord *r = records->pdata[i];
      Announcement *a = g_new0 (Announcement, 1);

      a->where = r->line;
      g_ptr_array_add (out, a);
      if (g_strv_length (r->fields) != g_strv_length (header->fields))
        {
          problem (p, CSL_ERROR_INVALID, r->line, _("%u fields where the header has %u"),
                   g_strv_length (r->fields), g_strv_length (header->fields));
          continue;
        }
      for (guint c = 0; c < n_columns; c++)
        if (columns[c] >= 0)
          set_value (a, columns[c], r->fields[c]);
    }
  return TRUE;
}

static gint64
lookup_id (CslWorkspace *ws,
           const char   *sql,
           const char   *value,
           guint        *matches)
{
  g_autoptr(CslStmt) stmt = csl_db_prepare (csl_workspace_get_db (ws), sql, NULL);
  gint64 id = 0;

  *matches = 0;
  if (stmt == NULL)
    return 0;
  csl_stmt_bind_text (stmt, 1, value);
  while (csl_stmt_step (stmt, NULL) == CSL_STMT_ROW)
    {
      id = csl_stmt_column_int64 (stmt, 0);
      (*matches)++;
    }
  return id;
}

static void
resolve_target (CslWorkspace *ws,
                Problems     *p,
                Announcement *a)
{
  const char *table = csl_bar_target_to_string (a->target);
  const char *by_code = a->target == CSL_BAR_LAB ? a->v[K_ACCREDITATION_NO] : a->v[K_USCC];
  const char *wrong = a->target == CSL_BAR_LAB ? a->v[K_USCC] : a->v[K_ACCREDITATION_NO];
  guint64 id;
  guint matches = 0;

  if (wrong != NULL)
    {
      problem (p, CSL_ERROR_INVALID, a->where, _("a %s is not named by “%s” (“%s”)"), table,
               a->target == CSL_BAR_LAB ? "uscc" : "accreditation_no", wrong);
      return;
    }
  if ((a->v[K_ID] != NULL) == (by_code != NULL))
    {
      problem (p, CSL_ERROR_INVALID, a->where, _("name the %s by exactly one of “id” and “%s”"), table,
               a->target == CSL_BAR_LAB ? "accreditation_no" : "uscc");
      return;
    }
  if (a->v[K_ID] != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE id = CAST(?1 AS INTEGER)", table);

      if (!g_ascii_string_to_unsigned (a->v[K_ID], 10, 1, G_MAXINT64, &id, NULL))
        problem (p, CSL_ERROR_INVALID, a->where, _("id “%s” is not a whole number from 1"), a->v[K_ID]);
      else if ((a->target_id = lookup_id (ws, sql, a->v[K_ID], &matches)) == 0)
        problem (p, CSL_ERROR_NOT_FOUND, a->where, _("no %s has the id %s"), table, a->v[K_ID]);
      return;
    }
  if (a->target == CSL_BAR_MANUFACTURER)
    {
      g_autofree char *uscc = csl_uscc_normalize (by_code);
      g_autoptr(GError) local_error = NULL;

      /* A bar names the company as registered; a code that fails only its check character is
       * still a code someone may hold. */
      if (!csl_uscc_validate (uscc, TRUE, &local_error))
        problem (p, CSL_ERROR_INVALID, a->where, "%s", local_error->message);
      else if ((a->target_id = lookup_id (ws, "SELECT id FROM manufacturer WHERE uscc = ?1", uscc, &matches)) == 0)
        problem (p, CSL_ERROR_NOT_FOUND, a->where,
                 _("no manufacturer in the workspace has the Unified Social Credit Code %s"), uscc);
      return;
    }
  a->target_id = lookup_id (ws, "SELECT id FROM lab WHERE trim(accreditation_no) = ?1 COLLATE NOCASE", by_code, &matches);
  if (matches == 0)
    problem (p, CSL_ERROR_NOT_FOUND, a->where, _("no lab in the workspace has the accreditation number “%s”"), by_code);
  else if (matches > 1)
    problem (p, CSL_ERROR_INVALID, a->where,
             _("%u labs have the accreditation number “%s”: name the lab by its id"), matches, by_code);
}

/* 1: imported before with the same content, 0: new, -1: imported before with other content. */
static int
compare_existing (CslWorkspace       *ws,
                  const Announcement *a)
{
  g_autoptr(CslStmt) stmt =
    csl_db_prepare (csl_workspace_get_db (ws),
                    "SELECT target_kind = ?2 AND target_id = ?3 AND announced_on = ?4 AND barred_until = ?5 "
                    "AND reason IS ?6 FROM announcement WHERE reference = ?1", NULL);

  if (stmt == NULL)
    return -1;
  csl_stmt_bind_text (stmt, 1, a->v[K_REFERENCE]);
  csl_stmt_bind_text (stmt, 2, csl_bar_target_to_string (a->target));
  csl_stmt_bind_int64 (stmt, 3, a->target_id);
  csl_stmt_bind_text (stmt, 4, a->v[K_ANNOUNCED_ON]);
  csl_stmt_bind_text (stmt, 5, a->v[K_BARRED_UNTIL]);
  csl_stmt_bind_optional_text (stmt, 6, a->v[K_REASON]);
  if (csl_stmt_step (stmt, NULL) != CSL_STMT_ROW)
    return 0;
  return csl_stmt_column_int (stmt, 0) ? 1 : -1;
}

static void
validate (CslWorkspace *ws,
          Problems     *p,
          GPtrArray    *list)
{
  g_autoptr(GHashTable) references = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < list->len; i++)
    {
      Announcement *a = list->pdata[i];
      guint before = p->n;
      gboolean texts_ok = TRUE;
      GDate date;

      /* Before any message quotes a value: none may be huge or hold controls. */
      for (guint k = 0; k < N_KEYS; k++)
        {
          g_autoptr(GError) text_error = NULL;

          if (!csl_text_check_field ("announcement", keys[k], a->v[k], &text_error))
            {
              problem (p, CSL_ERROR_INVALID, a->where, "“%s”: %s", keys[k], text_error->message);
              texts_ok = FALSE;
            }
        }
      if (!texts_ok)
        continue;

      if (a->v[K_REFERENCE] == NULL)
        problem (p, CSL_ERROR_INVALID, a->where, _("the announcement has no “reference”"));
      else if (!g_hash_table_insert (references, a->v[K_REFERENCE], a))
        problem (p, CSL_ERROR_EXISTS, a->where, _("reference “%s” appears more than once"), a->v[K_REFERENCE]);
      if (g_strcmp0 (a->v[K_TARGET], "lab") == 0 || g_strcmp0 (a->v[K_TARGET], "manufacturer") == 0)
        {
          a->target = g_str_equal (a->v[K_TARGET], "lab") ? CSL_BAR_LAB : CSL_BAR_MANUFACTURER;
          resolve_target (ws, p, a);
        }
      else
        problem (p, CSL_ERROR_INVALID, a->where, _("target “%s” is not “lab” or “manufacturer”"),
                 a->v[K_TARGET] ? a->v[K_TARGET] : "");
      if (!csl_date_parse (a->v[K_ANNOUNCED_ON], &date, NULL))
        {
          problem (p, CSL_ERROR_INVALID, a->where, _("announced_on “%s” is not a date (YYYY-MM-DD)"),
                   a->v[K_ANNOUNCED_ON] ? a->v[K_ANNOUNCED_ON] : "");
          continue;
        }
      if (a->v[K_BARRED_UNTIL] == NULL)
        {
          /* Art. 15 and 16: one year from the date of the announcement. */
          g_date_add_years (&date, 1);
          g_date_subtract_days (&date, 1);
          a->v[K_BARRED_UNTIL] = csl_date_format (&date);
        }
      else if (!csl_date_parse (a->v[K_BARRED_UNTIL], &date, NULL))
        problem (p, CSL_ERROR_INVALID, a->where, _("barred_until “%s” is not a date (YYYY-MM-DD)"),
                 a->v[K_BARRED_UNTIL]);
      else if (g_strcmp0 (a->v[K_BARRED_UNTIL], a->v[K_ANNOUNCED_ON]) < 0)
        problem (p, CSL_ERROR_INVALID, a->where, _("barred_until %s is before announced_on %s"),
                 a->v[K_BARRED_UNTIL], a->v[K_ANNOUNCED_ON]);
      if (p->n > before)
        continue;
      switch (compare_existing (ws, a))
        {
        case 1:
          a->skip = TRUE;
          break;
        case -1:
          problem (p, CSL_ERROR_EXISTS, a->where,
                   _("reference “%s” was imported before with other content"), a->v[K_REFERENCE]);
          break;
        default:
          break;
        }
    }
}

static gboolean
apply_one (CslWorkspace        *ws,
           const Announcement  *a,
           const char          *now,
           GError             **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  const char *table = csl_bar_target_to_string (a->target);
  g_autoptr(CslStmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT barred_until FROM %s WHERE id = ?", table);
  g_autofree char *reason = a->v[K_REASON] ? g_strdup_printf ("%s: %s", a->v[K_REFERENCE], a->v[K_REASON])
                                           : g_strdup (a->v[K_REFERENCE]);
  g_autofree char *current = NULL;

  stmt = csl_db_prepare (db, "INSERT INTO announcement (reference, target_kind, target_id, announced_on, "
                             "barred_until, reason, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_text (stmt, 1, a->v[K_REFERENCE]);
  csl_stmt_bind_text (stmt, 2, table);
  csl_stmt_bind_int64 (stmt, 3, a->target_id);
  csl_stmt_bind_text (stmt, 4, a->v[K_ANNOUNCED_ON]);
  csl_stmt_bind_text (stmt, 5, a->v[K_BARRED_UNTIL]);
  csl_stmt_bind_optional_text (stmt, 6, a->v[K_REASON]);
  csl_stmt_bind_text (stmt, 7, now);
  if (!csl_db_step_done (db, stmt, error) ||
      !csl_workspace_audit (ws, "announcement", csl_db_last_insert_id (db), "created", NULL, a->v[K_REFERENCE], error))
    return FALSE;

  g_clear_pointer (&stmt, csl_stmt_free);
  stmt = csl_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_int64 (stmt, 1, a->target_id);
  if (csl_stmt_step (stmt, NULL) == CSL_STMT_ROW)
    current = csl_stmt_dup_column_text (stmt, 0);
  if (current != NULL && g_strcmp0 (current, a->v[K_BARRED_UNTIL]) >= 0)
    return TRUE;
  return csl_bar_set_in_transaction (ws, a->target, a->target_id, a->v[K_BARRED_UNTIL], reason, error);
}

static gboolean
apply (CslWorkspace           *ws,
       GPtrArray              *list,
       CslAnnouncementImport  *result,
       GError                **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autofree char *now = csl_timestamp_now ();
  CslAnnouncementImport counts = { 0 };

  if (!csl_db_begin (db, error))
    return FALSE;
  for (guint i = 0; i < list->len; i++)
    {
      Announcement *a = list->pdata[i];

      if (a->skip)
        counts.skipped++;
      else if (apply_one (ws, a, now, error))
        counts.imported++;
      else
        {
          csl_db_rollback (db);
          return FALSE;
        }
    }
  if (!csl_db_commit (db, error))
    return FALSE;
  if (counts.imported > 0)
    {
      csl_workspace_emit_changed (ws, "lab");
      csl_workspace_emit_changed (ws, "manufacturer");
    }
  if (result != NULL)
    *result = counts;
  return TRUE;
}

gboolean
csl_announcements_import_bytes (CslWorkspace           *ws,
                                GBytes                 *bytes,
                                const char             *source,
                                CslAnnouncementImport  *result,
                                GError                **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) announcement_free);
  g_autoptr(GString) text = g_string_new (NULL);
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  const char *start;
  Problems p = { source, NULL, text, 0, 0 };
  gboolean ok;

  /* An empty GBytes has no data pointer. */
  if (data == NULL)
    data = "";
  start = data;
  /* Checked once for both formats: JSON parser messages would otherwise quote broken bytes. */
  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%s is not UTF-8 text"), source);
      return FALSE;
    }
  if (len >= 3 && memcmp (start, "\xEF\xBB\xBF", 3) == 0)
    start += 3;
  while (start < data + len && g_ascii_isspace (*start))
    start++;
  /* JSON begins with an object (or, wrongly, an array); a CSV file begins with its header. */
  if (start < data + len && (*start == '{' || *start == '['))
    {
      p.unit = _("record");
      ok = parse_json (&p, start, len - (gsize) (start - data), list, error);
    }
  else
    {
      p.unit = _("line");
      ok = parse_csv (&p, data, len, list, error);
    }
  if (!ok)
    return FALSE;
  validate (ws, &p, list);
  if (p.n > 0)
    {
      if (p.n > MAX_PROBLEMS)
        g_string_append_printf (text, "\n%s", _("… and more"));
      g_set_error (error, CSL_ERROR, p.code, _("Nothing was imported:\n%s"), text->str);
      return FALSE;
    }
  return apply (ws, list, result, error);
}

gboolean
csl_announcements_import_file (CslWorkspace           *ws,
                               const char             *path,
                               CslAnnouncementImport  *result,
                               GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  /* A regular file of sane size: /dev/zero or a FIFO would never end. */
  bytes = csl_input_file_load (path, CSL_ANNOUNCEMENTS_MAX_FILE_SIZE, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot read the announcement list %s: %s"), path,
                   local_error->message);
      return FALSE;
    }
  return csl_announcements_import_bytes (ws, bytes, path, result, error);
}
