#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "base/csl-error.h"
#include "base/csl-json.h"
#include "bundle/csl-asic.h"
#include "bundle/csl-manifest.h"
#include "bundle/csl-zip.h"
#include "base/csl-text-check.h"

static void
file_free (CslManifestFile *f)
{
  g_free (f->path);
  g_free (f->sha256);
  g_free (f->kind);
  g_free (f);
}

CslManifest *
csl_manifest_new (void)
{
  CslManifest *m = g_new0 (CslManifest, 1);

  m->format = CSL_MANIFEST_FORMAT;
  m->files = g_ptr_array_new_with_free_func ((GDestroyNotify) file_free);
  return m;
}

void
csl_manifest_free (CslManifest *m)
{
  if (m == NULL)
    return;
  g_free (m->generator);
  g_free (m->created);
  g_free (m->manufacturer);
  g_free (m->uscc);
  g_free (m->model);
  g_ptr_array_unref (m->files);
  g_free (m);
}

void
csl_manifest_add_file (CslManifest *m,
                       const char  *path,
                       guint64      size,
                       const char  *sha256,
                       const char  *kind)
{
  CslManifestFile *f = g_new0 (CslManifestFile, 1);

  f->path = g_strdup (path);
  f->size = size;
  f->sha256 = g_strdup (sha256);
  f->kind = g_strdup (kind);
  g_ptr_array_add (m->files, f);
}

const CslManifestFile *
csl_manifest_find (const CslManifest *m,
                   const char        *path)
{
  for (guint i = 0; i < m->files->len; i++)
    {
      CslManifestFile *f = m->files->pdata[i];
      if (strcmp (f->path, path) == 0)
        return f;
    }
  return NULL;
}

static void
member_string (JsonBuilder *b,
               const char  *name,
               const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value ? value : "");
}

GBytes *
csl_manifest_to_bytes (const CslManifest *m)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;
  gsize len;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, m->format);
  member_string (b, "generator", m->generator);
  member_string (b, "created", m->created);
  json_builder_set_member_name (b, "filing");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, m->filing_id);
  member_string (b, "manufacturer", m->manufacturer);
  member_string (b, "uscc", m->uscc);
  member_string (b, "model", m->model);
  json_builder_set_member_name (b, "grade");
  json_builder_add_int_value (b, m->grade);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "files");
  json_builder_begin_array (b);
  for (guint i = 0; i < m->files->len; i++)
    {
      CslManifestFile *f = m->files->pdata[i];

      json_builder_begin_object (b);
      member_string (b, "path", f->path);
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, (gint64) f->size);
      member_string (b, "sha256", f->sha256);
      member_string (b, "kind", f->kind);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, &len);
  /* A final newline, so that `cat` and diff tools show it cleanly. */
  text = g_realloc (text, len + 2);
  text[len] = '\n';
  text[len + 1] = '\0';
  return g_bytes_new_take (text, len + 1);
}

static gboolean G_GNUC_PRINTF (2, 3)
invalid (GError     **error,
         const char  *format,
         ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED, _("The manifest is not valid: %s"), msg);
  return FALSE;
}

static const char *
get_string (JsonObject  *obj,
            const char  *name,
            const char  *where,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      invalid (error, _("%s has no text member “%s”"), where, name);
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
get_int (JsonObject  *obj,
         const char  *name,
         const char  *where,
         gint64       min,
         gint64      *out,
         GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min)
    return invalid (error, _("%s has no whole number “%s” of at least %lld"), where, name, (long long) min);
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
is_sha256_hex (const char *s)
{
  if (strlen (s) != 64)
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s) && !(*s >= 'a' && *s <= 'f'))
      return FALSE;
  return TRUE;
}

/* README, "manifest.json": the kinds format 1 defines. A reader refuses others, as it refuses
 * a format it does not know: an entry it cannot classify is not one it can vouch for. */
static const char *const known_kinds[] = {
  "filing-data", "filing-form", "test-report", "pentest-report", "label-pdf", "label-svg", "label-png",
  "declaration", "business-license", "lab-accreditation", "lab-capability", "authorization-letter", "other",
  NULL,
};

static gboolean
parse_file (CslManifest  *m,
            JsonNode     *node,
            guint         index,
            GHashTable   *seen,
            GError      **error)
{
  g_autofree char *where = g_strdup_printf ("files[%u]", index);
  g_autoptr(GError) name_error = NULL;
  JsonObject *obj;
  const char *path, *sha256, *kind;
  gint64 size;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("%s is not an object"), where);
  obj = json_node_get_object (node);
  if ((path = get_string (obj, "path", where, error)) == NULL ||
      (sha256 = get_string (obj, "sha256", where, error)) == NULL ||
      (kind = get_string (obj, "kind", where, error)) == NULL ||
      !get_int (obj, "size", where, 0, &size, error))
    return FALSE;
  if (!csl_zip_check_name (path, CSL_ZIP_MAX_NAME_LENGTH, &name_error))
    return invalid (error, "%s", name_error->message);
  if (strcmp (path, CSL_MANIFEST_PATH) == 0 || strcmp (path, CSL_SIGNATURE_PATH) == 0 ||
      strcmp (path, CSL_ASIC_MANIFEST_PATH) == 0 || strcmp (path, CSL_ASIC_MIMETYPE_PATH) == 0)
    return invalid (error, _("it lists “%s”, which it cannot cover"), path);
  if (g_hash_table_contains (seen, path))
    return invalid (error, _("it lists “%s” twice"), path);
  if (!is_sha256_hex (sha256))
    return invalid (error, _("the SHA-256 of “%s” is not 64 lower-case hex digits"), path);
  if (!g_strv_contains (known_kinds, kind))
    {
      g_autofree char *shown = csl_text_cut (kind, 40);

      return invalid (error, _("the kind “%s” of “%s” is not one of the kinds the manifest format defines"), shown, path);
    }
  csl_manifest_add_file (m, path, (guint64) size, sha256, kind);
  g_hash_table_add (seen, ((CslManifestFile *) m->files->pdata[m->files->len - 1])->path);
  return TRUE;
}

CslManifest *
csl_manifest_parse (GBytes  *bytes,
                    GError **error)
{
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(CslManifest) m = csl_manifest_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonObject *root, *filing;
  JsonNode *node;
  JsonArray *files;
  const char *s;
  gint64 value;

  if (len == 0)
    {
      invalid (error, _("it is empty"));
      return NULL;
    }
  if (len > CSL_MANIFEST_MAX_SIZE || !g_utf8_validate_len (data, len, NULL))
    {
      invalid (error, _("it is larger than 1 MiB or not UTF-8 text"));
      return NULL;
    }
  document = csl_json_parse_document (data, len, &local_error);
  if (document == NULL)
    {
      invalid (error, "%s", local_error->message);
      return NULL;
    }
  node = document;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, _("it is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (node);
  if (!get_int (root, "format", "manifest", 1, &value, error))
    return NULL;
  if (value != CSL_MANIFEST_FORMAT && value != CSL_MANIFEST_FORMAT_ASIC)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_UNSUPPORTED,
                   _("The manifest has format %lld; this program reads formats %d and %d"),
                   (long long) value, CSL_MANIFEST_FORMAT, CSL_MANIFEST_FORMAT_ASIC);
      return NULL;
    }
  m->format = (int) value;
  if ((s = get_string (root, "generator", "manifest", error)) == NULL)
    return NULL;
  m->generator = g_strdup (s);
  if ((s = get_string (root, "created", "manifest", error)) == NULL)
    return NULL;
  m->created = g_strdup (s);

  node = json_object_get_member (root, "filing");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, _("it has no object “filing”"));
      return NULL;
    }
  filing = json_node_get_object (node);
  if (!get_int (filing, "id", "filing", 1, &m->filing_id, error) ||
      !get_int (filing, "grade", "filing", 1, &value, error))
    return NULL;
  m->grade = (int) CLAMP (value, 0, 99);
  if ((s = get_string (filing, "manufacturer", "filing", error)) == NULL)
    return NULL;
  m->manufacturer = g_strdup (s);
  if ((s = get_string (filing, "uscc", "filing", error)) == NULL)
    return NULL;
  m->uscc = g_strdup (s);
  if ((s = get_string (filing, "model", "filing", error)) == NULL)
    return NULL;
  m->model = g_strdup (s);

  node = json_object_get_member (root, "files");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      invalid (error, _("it has no array “files”"));
      return NULL;
    }
  files = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (files); i++)
    if (!parse_file (m, json_array_get_element (files, i), i, seen, error))
      return NULL;
  return g_steal_pointer (&m);
}
