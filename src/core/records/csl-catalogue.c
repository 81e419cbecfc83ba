#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "records/csl-catalogue.h"
#include "csl-core-resources.h"
#include "base/csl-date.h"
#include "base/csl-error.h"
#include "base/csl-json.h"
#include "label/csl-label-template.h"
#include "store/csl-workspace-handle.h"
#include "base/csl-input-file.h"
#include "base/csl-text-check.h"

#define BUILTIN_PATH "/io/github/cslfiler/CslFiler/catalogue"
/* Far above any batch file (CSL 001-2025 is a few kB), far below what a stray device would fill. */
#define CSL_CATALOGUE_MAX_FILE_SIZE (64 * 1024 * 1024)

void
csl_category_free (CslCategory *category)
{
  if (category == NULL)
    return;
  g_free (category->serial);
  g_free (category->batch_code);
  g_free (category->name_en);
  g_free (category->name_zh);
  g_free (category->scope_en);
  g_free (category->scope_zh);
  g_free (category->qr_url_template);
  g_clear_pointer (&category->data, json_object_unref);
  g_free (category);
}

void
csl_indicator_free (CslIndicator *indicator)
{
  if (indicator == NULL)
    return;
  g_free (indicator->key);
  g_free (indicator->article);
  g_free (indicator->name_en);
  g_free (indicator->name_zh);
  g_free (indicator);
}

const char *
csl_category_display_name (CslCategory *category)
{
  /* The catalogue names every category in both languages: the Chinese name for a Chinese UI. */
  if (category->name_zh && g_str_has_prefix (g_get_language_names ()[0], "zh"))
    return category->name_zh;
  return category->name_en ? category->name_en : category->name_zh;
}

GStrv
csl_category_dup_standards (CslCategory *category,
                            CslGrade     grade)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  char key[2] = { (char) ('0' + grade), '\0' };
  JsonObject *standards;
  JsonArray *list;

  if (category->data == NULL || !json_object_has_member (category->data, "standards"))
    return NULL;
  standards = json_object_get_object_member (category->data, "standards");
  if (standards == NULL || !json_object_has_member (standards, key) ||
      JSON_NODE_HOLDS_NULL (json_object_get_member (standards, key)))
    return NULL;
  list = json_object_get_array_member (standards, key);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (list); i++)
    g_strv_builder_add (builder, json_array_get_string_element (list, i));
  return g_strv_builder_end (builder);
}

GPtrArray *
csl_category_dup_indicators (CslCategory *category)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_indicator_free);
  JsonArray *list;

  if (category->data == NULL || !json_object_has_member (category->data, "key_indicators"))
    return out;
  list = json_object_get_array_member (category->data, "key_indicators");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);
      CslIndicator *ind = g_new0 (CslIndicator, 1);

      ind->key = g_strdup (json_object_get_string_member (o, "key"));
      ind->article = g_strdup (json_object_get_string_member_with_default (o, "article", NULL));
      ind->name_en = g_strdup (json_object_get_string_member_with_default (o, "name_en", NULL));
      ind->name_zh = g_strdup (json_object_get_string_member_with_default (o, "name_zh", NULL));
      g_ptr_array_add (out, ind);
    }
  return out;
}

/* ---- validation ------------------------------------------------------------------------- */

static gboolean G_GNUC_PRINTF (3, 4)
invalid (GError     **error,
         const char  *source,
         const char  *format,
         ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, CSL_ERROR, CSL_ERROR_CATALOGUE, _("Catalogue %s: %s"), source, msg);
  return FALSE;
}

/* A catalogue's texts reach lists, forms and labels like a record's: no controls or bidi
 * overrides, scopes may have several lines, and nothing is huge. */
static gboolean
check_text (const char  *member,
            const char  *value,
            const char  *where,
            const char  *source,
            GError     **error)
{
  g_autoptr(GError) text_error = NULL;
  gboolean multiline = g_str_has_prefix (member, "scope");

  if (csl_text_check (member, value, multiline ? 4000 : 500, multiline, &text_error))
    return TRUE;
  return invalid (error, source, "%s: %s", where, text_error->message);
}

static gboolean
optional_string (JsonObject  *o,
                 const char  *member,
                 const char  *where,
                 const char  *source,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return check_text (member, json_node_get_string (node), where, source, error);
  return invalid (error, source, _("%s: “%s” must be a string or null"), where, member);
}

static gboolean
required_string (JsonObject  *o,
                 const char  *member,
                 const char  *where,
                 const char  *source,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      *json_node_get_string (node) == '\0')
    return invalid (error, source, _("%s: “%s” must be a non-empty string"), where, member);
  return check_text (member, json_node_get_string (node), where, source, error);
}

static gboolean
is_integer (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
validate_standard_list (JsonNode    *value,
                        const char  *grade,
                        const char  *where,
                        const char  *source,
                        GError     **error)
{
  JsonArray *list;

  if (JSON_NODE_HOLDS_NULL (value))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (value) || json_array_get_length (json_node_get_array (value)) == 0)
    return invalid (error, source, _("%s: standards for grade %s must be null or a non-empty list"), where, grade);
  list = json_node_get_array (value);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *s = json_array_get_element (list, i);

      if (!JSON_NODE_HOLDS_VALUE (s) || json_node_get_value_type (s) != G_TYPE_STRING ||
          *json_node_get_string (s) == '\0')
        return invalid (error, source, _("%s: standard numbers for grade %s must be non-empty strings"), where, grade);
    }
  return TRUE;
}

static gboolean
validate_standards (JsonNode    *node,
                    const char  *where,
                    const char  *source,
                    GError     **error)
{
  g_autoptr(GList) members = NULL;
  JsonObject *o;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, source, _("%s: “standards” must be an object keyed by grade 1, 2, 3"), where);
  o = json_node_get_object (node);
  members = json_object_get_members (o);
  for (GList *m = members; m != NULL; m = m->next)
    {
      const char *grade = m->data;

      if (g_strcmp0 (grade, "1") != 0 && g_strcmp0 (grade, "2") != 0 && g_strcmp0 (grade, "3") != 0)
        return invalid (error, source, _("%s: standards key “%s” is not a grade (1, 2 or 3)"), where, grade);
      if (!validate_standard_list (json_object_get_member (o, grade), grade, where, source, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
validate_category (JsonNode    *node,
                   guint        index,
                   GHashTable  *seen,
                   const char  *source,
                   GError     **error)
{
  g_autofree char *where = NULL;
  JsonObject *o;
  JsonNode *member;
  const char *serial;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, source, _("category %u is not an object"), index + 1);
  o = json_node_get_object (node);
  where = g_strdup_printf (_("category %u"), index + 1);
  if (!required_string (o, "serial", where, source, error))
    return FALSE;
  serial = json_object_get_string_member (o, "serial");
  g_free (where);
  where = g_strdup_printf (_("category “%s”"), serial);

  if (g_hash_table_contains (seen, serial))
    return invalid (error, source, _("the serial number “%s” appears more than once"), serial);
  g_hash_table_add (seen, (gpointer) serial);

  if (!optional_string (o, "name_en", where, source, error) ||
      !optional_string (o, "name_zh", where, source, error) ||
      !optional_string (o, "scope_en", where, source, error) ||
      !optional_string (o, "scope_zh", where, source, error) ||
      !optional_string (o, "qr_url_template", where, source, error))
    return FALSE;
  if (json_object_get_string_member_with_default (o, "name_en", NULL) == NULL &&
      json_object_get_string_member_with_default (o, "name_zh", NULL) == NULL)
    return invalid (error, source, _("%s: needs “name_en” or “name_zh”"), where);

  member = json_object_get_member (o, "validity_months");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member) &&
      (!is_integer (member) || json_node_get_int (member) < 1 || json_node_get_int (member) > 240))
    return invalid (error, source, _("%s: “validity_months” must be null or a whole number of months from 1 to 240"), where);

  member = json_object_get_member (o, "qr_url_template");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member) &&
      strstr (json_node_get_string (member), "{filing_number}") == NULL)
    return invalid (error, source, _("%s: “qr_url_template” must contain {filing_number}"), where);

  if (!validate_standards (json_object_get_member (o, "standards"), where, source, error))
    return FALSE;

  member = json_object_get_member (o, "key_indicators");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      JsonArray *list;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        return invalid (error, source, _("%s: “key_indicators” must be a list"), where);
      list = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonNode *ind = json_array_get_element (list, i);
          g_autofree char *iwhere = g_strdup_printf (_("%s, key indicator %u"), where, i + 1);

          if (!JSON_NODE_HOLDS_OBJECT (ind))
            return invalid (error, source, _("%s is not an object"), iwhere);
          if (!required_string (json_node_get_object (ind), "key", iwhere, source, error) ||
              !optional_string (json_node_get_object (ind), "article", iwhere, source, error) ||
              !optional_string (json_node_get_object (ind), "name_en", iwhere, source, error) ||
              !optional_string (json_node_get_object (ind), "name_zh", iwhere, source, error))
            return FALSE;
        }
    }

  member = json_object_get_member (o, "label_template");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      g_autofree char *twhere = g_strdup_printf (_("Catalogue %s: %s"), source, where);
      g_autoptr(CslLabelTemplate) template = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        return invalid (error, source, _("%s: “label_template” must be an object or null"), where);
      template = csl_label_template_new_from_json (member, twhere, error);
      if (template == NULL)
        return FALSE;
    }

  return TRUE;
}

gboolean
csl_catalogue_validate (JsonNode    *root,
                        const char  *source,
                        GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *o, *batch;
  JsonNode *member;
  JsonArray *categories;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return invalid (error, source, _("the top level must be a JSON object"));
  o = json_node_get_object (root);

  member = json_object_get_member (o, "format");
  if (!is_integer (member) || json_node_get_int (member) != 1)
    return invalid (error, source, _("“format” must be 1; this program reads catalogue format 1 only"));

  member = json_object_get_member (o, "batch");
  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    return invalid (error, source, _("“batch” must be an object"));
  batch = json_node_get_object (member);
  if (!required_string (batch, "code", "batch", source, error) ||
      !optional_string (batch, "title_en", "batch", source, error) ||
      !optional_string (batch, "title_zh", "batch", source, error) ||
      !optional_string (batch, "source", "batch", source, error) ||
      !optional_string (batch, "published", "batch", source, error))
    return FALSE;
  member = json_object_get_member (batch, "revision");
  if (!is_integer (member) || json_node_get_int (member) < 1)
    return invalid (error, source, _("batch: “revision” must be a whole number from 1"));
  member = json_object_get_member (batch, "published");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      g_autoptr(GError) date_error = NULL;
      GDate date;

      if (!csl_date_parse (json_node_get_string (member), &date, &date_error))
        return invalid (error, source, _("batch: “published”: %s"), date_error->message);
    }

  member = json_object_get_member (o, "categories");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member) ||
      json_array_get_length (json_node_get_array (member)) == 0)
    return invalid (error, source, _("“categories” must be a non-empty list"));
  categories = json_node_get_array (member);
  for (guint i = 0; i < json_array_get_length (categories); i++)
    if (!validate_category (json_array_get_element (categories, i), i, seen, source, error))
      return FALSE;

  return TRUE;
}

/* ---- import ----------------------------------------------------------------------------- */

static gboolean
upsert_category (CslWorkspace  *ws,
                 gint64         batch_id,
                 JsonObject    *c,
                 const char    *source,
                 GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) find = NULL;
  g_autoptr(CslStmt) stmt = NULL;
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), c);
  g_autofree char *data = json_to_string (node, FALSE);
  const char *serial = json_object_get_string_member (c, "serial");
  JsonNode *months = json_object_get_member (c, "validity_months");
  gint64 existing = 0, existing_batch = 0;
  int rc;

  find = csl_db_prepare (db, "SELECT id, batch_id FROM catalogue_category WHERE serial = ?", error);
  if (find == NULL)
    return FALSE;
  csl_stmt_bind_text (find, 1, serial);
  rc = csl_stmt_step (find, error);
  if (rc == CSL_STMT_ROW)
    {
      existing = csl_stmt_column_int64 (find, 0);
      existing_batch = csl_stmt_column_int64 (find, 1);
    }
  else if (rc != CSL_STMT_DONE)
    return FALSE;

  if (existing != 0 && existing_batch != batch_id)
    return invalid (error, source, _("the serial number “%s” already belongs to another batch"), serial);

  if (existing != 0)
    stmt = csl_db_prepare (db,
                           "UPDATE catalogue_category SET batch_id = ?1, serial = ?2, name_en = ?3, name_zh = ?4, "
                           "scope_en = ?5, scope_zh = ?6, validity_months = ?7, qr_url_template = ?8, data = ?9 "
                           "WHERE id = ?10", error);
  else
    stmt = csl_db_prepare (db,
                           "INSERT INTO catalogue_category (batch_id, serial, name_en, name_zh, scope_en, scope_zh, "
                           "validity_months, qr_url_template, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                           error);
  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_int64 (stmt, 1, batch_id);
  csl_stmt_bind_text (stmt, 2, serial);
  csl_stmt_bind_optional_text (stmt, 3, json_object_get_string_member_with_default (c, "name_en", NULL));
  csl_stmt_bind_optional_text (stmt, 4, json_object_get_string_member_with_default (c, "name_zh", NULL));
  csl_stmt_bind_optional_text (stmt, 5, json_object_get_string_member_with_default (c, "scope_en", NULL));
  csl_stmt_bind_optional_text (stmt, 6, json_object_get_string_member_with_default (c, "scope_zh", NULL));
  if (months != NULL && !JSON_NODE_HOLDS_NULL (months))
    csl_stmt_bind_int64 (stmt, 7, json_node_get_int (months));
  else
    csl_stmt_bind_null (stmt, 7);
  csl_stmt_bind_optional_text (stmt, 8, json_object_get_string_member_with_default (c, "qr_url_template", NULL));
  csl_stmt_bind_text (stmt, 9, data);
  if (existing != 0)
    csl_stmt_bind_int64 (stmt, 10, existing);
  return csl_db_step_done (db, stmt, error);
}

/* Categories dropped from a newer revision may go only if no product refers to them. */
static gboolean
remove_dropped_categories (CslWorkspace  *ws,
                           gint64         batch_id,
                           JsonArray     *categories,
                           const char    *source,
                           GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt = NULL;
  g_autoptr(GHashTable) keep = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) drop = g_ptr_array_new_with_free_func (g_free);
  int rc;

  for (guint i = 0; i < json_array_get_length (categories); i++)
    g_hash_table_add (keep, (gpointer) json_object_get_string_member (json_array_get_object_element (categories, i), "serial"));

  stmt = csl_db_prepare (db,
                         "SELECT c.serial, (SELECT COUNT(*) FROM product p WHERE p.category_id = c.id) "
                         "FROM catalogue_category c WHERE c.batch_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_int64 (stmt, 1, batch_id);
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    {
      const char *serial = csl_stmt_column_text (stmt, 0);

      if (g_hash_table_contains (keep, serial))
        continue;
      if (csl_stmt_column_int (stmt, 1) > 0)
        return invalid (error, source, _("the category “%s” is missing from this file but products in the workspace use it"), serial);
      g_ptr_array_add (drop, g_strdup (serial));
    }
  if (rc != CSL_STMT_DONE)
    return FALSE;

  for (guint i = 0; i < drop->len; i++)
    {
      g_autoptr(CslStmt) del = csl_db_prepare (db, "DELETE FROM catalogue_category WHERE serial = ?", error);

      if (del == NULL)
        return FALSE;
      csl_stmt_bind_text (del, 1, drop->pdata[i]);
      if (!csl_db_step_done (db, del, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_batch (CslWorkspace  *ws,
             JsonObject    *root,
             const char    *source,
             GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  JsonObject *batch = json_object_get_object_member (root, "batch");
  JsonArray *categories = json_object_get_array_member (root, "categories");
  const char *code = json_object_get_string_member (batch, "code");
  gint64 revision = json_object_get_int_member (batch, "revision");
  g_autoptr(CslStmt) find = NULL;
  g_autoptr(CslStmt) stmt = NULL;
  g_autofree char *now = csl_timestamp_now ();
  gint64 batch_id = 0;
  int rc;

  find = csl_db_prepare (db, "SELECT id, revision FROM catalogue_batch WHERE code = ?", error);
  if (find == NULL)
    return FALSE;
  csl_stmt_bind_text (find, 1, code);
  rc = csl_stmt_step (find, error);
  if (rc == CSL_STMT_ROW)
    {
      gint64 have = csl_stmt_column_int64 (find, 1);

      batch_id = csl_stmt_column_int64 (find, 0);
      if (have > revision)
        {
          g_set_error (error, CSL_ERROR, CSL_ERROR_STATE,
                       _("Catalogue %s: batch “%s” revision %" PRId64 " is older than the revision %" PRId64 " already in the workspace"),
                       source, code, revision, have);
          return FALSE;
        }
    }
  else if (rc != CSL_STMT_DONE)
    return FALSE;

  if (batch_id != 0)
    stmt = csl_db_prepare (db,
                           "UPDATE catalogue_batch SET revision = ?2, title_en = ?3, title_zh = ?4, published = ?5, "
                           "source = ?6, imported_at = ?7 WHERE code = ?1", error);
  else
    stmt = csl_db_prepare (db,
                           "INSERT INTO catalogue_batch (code, revision, title_en, title_zh, published, source, imported_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_text (stmt, 1, code);
  csl_stmt_bind_int64 (stmt, 2, revision);
  csl_stmt_bind_optional_text (stmt, 3, json_object_get_string_member_with_default (batch, "title_en", NULL));
  csl_stmt_bind_optional_text (stmt, 4, json_object_get_string_member_with_default (batch, "title_zh", NULL));
  csl_stmt_bind_optional_text (stmt, 5, json_object_get_string_member_with_default (batch, "published", NULL));
  csl_stmt_bind_optional_text (stmt, 6, json_object_get_string_member_with_default (batch, "source", NULL));
  csl_stmt_bind_text (stmt, 7, now);
  if (!csl_db_step_done (db, stmt, error))
    return FALSE;
  if (batch_id == 0)
    batch_id = csl_db_last_insert_id (db);

  if (!remove_dropped_categories (ws, batch_id, categories, source, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (categories); i++)
    if (!upsert_category (ws, batch_id, json_array_get_object_element (categories, i), source, error))
      return FALSE;
  return TRUE;
}

static JsonNode *
parse_bytes (GBytes      *bytes,
             const char  *source,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;

  if (len == 0)
    {
      invalid (error, source, _("the file is empty"));
      return NULL;
    }
  /* Also keeps broken bytes out of the JSON parser's messages. */
  if (!g_utf8_validate_len (data, len, NULL))
    {
      invalid (error, source, _("the file is not UTF-8 text"));
      return NULL;
    }
  root = csl_json_parse_document (data, len, &local_error);
  if (root == NULL)
    invalid (error, source, _("not valid JSON: %s"), local_error->message);
  return root;
}

static gint64 stored_revision (CslWorkspace *ws,
                               const char   *code);

/* only_if_newer: the built-in batches at open, where another program may have imported the
 * same batch a moment ago; the revision is compared under the write lock, so it is imported
 * once and the others write nothing. */
static gboolean
import_bytes (CslWorkspace  *ws,
              GBytes        *bytes,
              const char    *source,
              gboolean       only_if_newer,
              GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(JsonNode) root = parse_bytes (bytes, source, error);
  JsonObject *batch;

  if (root == NULL || !csl_catalogue_validate (root, source, error))
    return FALSE;
  batch = json_object_get_object_member (json_node_get_object (root), "batch");

  if (!csl_db_begin (db, error))
    return FALSE;
  if (only_if_newer &&
      stored_revision (ws, json_object_get_string_member (batch, "code")) >= json_object_get_int_member (batch, "revision"))
    {
      csl_db_rollback (db);
      return TRUE;
    }
  if (!apply_batch (ws, json_node_get_object (root), source, error))
    {
      csl_db_rollback (db);
      return FALSE;
    }
  if (!csl_db_commit (db, error))
    return FALSE;
  csl_workspace_emit_changed (ws, "catalogue");
  return TRUE;
}

gboolean
csl_catalogue_import_bytes (CslWorkspace  *ws,
                            GBytes        *bytes,
                            const char    *source,
                            GError       **error)
{
  return import_bytes (ws, bytes, source, FALSE, error);
}

gboolean
csl_catalogue_import_file (CslWorkspace  *ws,
                           const char    *path,
                           GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autofree char *local_path = g_file_get_path (file);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  /* A local file must be a regular one of sane size: /dev/zero or a FIFO would never end. */
  if (local_path != NULL)
    bytes = csl_input_file_load (local_path, CSL_CATALOGUE_MAX_FILE_SIZE, &local_error);
  else
    bytes = g_file_load_bytes (file, NULL, NULL, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot read catalogue file %s: %s"),
                   path, local_error->message);
      return FALSE;
    }
  return csl_catalogue_import_bytes (ws, bytes, path, error);
}

static gint64
stored_revision (CslWorkspace *ws,
                 const char   *code)
{
  g_autoptr(CslStmt) stmt =
    csl_db_prepare (csl_workspace_get_db (ws), "SELECT revision FROM catalogue_batch WHERE code = ?", NULL);

  if (stmt == NULL)
    return 0;
  csl_stmt_bind_text (stmt, 1, code);
  return csl_stmt_step (stmt, NULL) == CSL_STMT_ROW ? csl_stmt_column_int64 (stmt, 0) : 0;
}

gboolean
csl_catalogue_import_builtin (CslWorkspace  *ws,
                              GError       **error)
{
  g_auto(GStrv) names = NULL;

  /* Referencing the resource keeps its object file (and its constructor) in static links. */
  (void) csl_core_get_resource ();
  names = g_resources_enumerate_children (BUILTIN_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_path ("/", BUILTIN_PATH, names[i], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *batch;

      if (bytes == NULL)
        continue;
      root = parse_bytes (bytes, names[i], error);
      if (root == NULL || !csl_catalogue_validate (root, names[i], error))
        return FALSE;
      batch = json_object_get_object_member (json_node_get_object (root), "batch");
      if (stored_revision (ws, json_object_get_string_member (batch, "code")) >=
          json_object_get_int_member (batch, "revision"))
        continue;
      if (!import_bytes (ws, bytes, names[i], TRUE, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- queries ---------------------------------------------------------------------------- */

#define CATEGORY_COLUMNS \
  "c.id, c.serial, b.code, c.name_en, c.name_zh, c.scope_en, c.scope_zh, c.validity_months, " \
  "c.qr_url_template, c.data FROM catalogue_category c JOIN catalogue_batch b ON b.id = c.batch_id "

static CslCategory *
category_from_row (CslStmt *stmt)
{
  CslCategory *c = g_new0 (CslCategory, 1);
  g_autoptr(JsonNode) node = NULL;
  const char *data;

  c->id = csl_stmt_column_int64 (stmt, 0);
  c->serial = csl_stmt_dup_column_text (stmt, 1);
  c->batch_code = csl_stmt_dup_column_text (stmt, 2);
  c->name_en = csl_stmt_dup_column_text (stmt, 3);
  c->name_zh = csl_stmt_dup_column_text (stmt, 4);
  c->scope_en = csl_stmt_dup_column_text (stmt, 5);
  c->scope_zh = csl_stmt_dup_column_text (stmt, 6);
  c->validity_months = csl_stmt_column_int (stmt, 7);
  c->qr_url_template = csl_stmt_dup_column_text (stmt, 8);
  data = csl_stmt_column_text (stmt, 9);
  node = data ? json_from_string (data, NULL) : NULL;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    c->data = json_object_ref (json_node_get_object (node));
  return c;
}

GPtrArray *
csl_catalogue_list (CslWorkspace  *ws,
                    GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_category_free);
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, "SELECT " CATEGORY_COLUMNS "ORDER BY c.serial", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    g_ptr_array_add (out, category_from_row (stmt));
  if (rc != CSL_STMT_DONE)
    return NULL;
  return g_steal_pointer (&out);
}

static CslCategory *
get_one (CslWorkspace  *ws,
         const char    *where,
         gint64         id,
         const char    *serial,
         GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autofree char *sql = g_strconcat ("SELECT " CATEGORY_COLUMNS, where, NULL);
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (serial != NULL)
    csl_stmt_bind_text (stmt, 1, serial);
  else
    csl_stmt_bind_int64 (stmt, 1, id);
  rc = csl_stmt_step (stmt, error);
  if (rc == CSL_STMT_ROW)
    return category_from_row (stmt);
  if (rc == CSL_STMT_DONE && serial != NULL)
    g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND,
                 _("No catalogue category has the serial number “%s” (see “catalogue list”)"), serial);
  else if (rc == CSL_STMT_DONE)
    g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND,
                 _("No catalogue category has the id %" PRId64), id);
  return NULL;
}

CslCategory *
csl_catalogue_get (CslWorkspace  *ws,
                   gint64         id,
                   GError       **error)
{
  return get_one (ws, "WHERE c.id = ?", id, NULL, error);
}

CslCategory *
csl_catalogue_find_serial (CslWorkspace  *ws,
                           const char    *serial,
                           GError       **error)
{
  return get_one (ws, "WHERE c.serial = ?", 0, serial, error);
}

CslLabelTemplate *
csl_label_template_for_category (CslCategory  *category,
                                 GError      **error)
{
  g_autofree char *where = NULL;
  JsonNode *node;

  if (category->data == NULL || !json_object_has_member (category->data, "label_template") ||
      JSON_NODE_HOLDS_NULL (node = json_object_get_member (category->data, "label_template")))
    return csl_label_template_new_builtin (error);
  where = g_strdup_printf (_("Catalogue category “%s”"), category->serial);
  return csl_label_template_new_from_json (node, where, error);
}
