#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bundle/csl-bundle-verify.h"
#include "base/csl-error.h"
#include "records/csl-serialize.h"
#include "base/csl-sha256.h"
#include "bundle/csl-zip-layout.h"
#include "bundle/csl-zip-reader.h"
#include "base/csl-input-file.h"

#define CHUNK_SIZE (64 * 1024)

static void
verified_entry_free (CslVerifiedEntry *e)
{
  g_free (e->path);
  g_free (e->kind);
  g_free (e->sha256);
  g_free (e);
}

void
csl_verify_report_free (CslVerifyReport *r)
{
  if (r == NULL)
    return;
  g_free (r->path);
  g_free (r->sha256);
  csl_signer_free (r->signer);
  csl_manifest_free (r->manifest);
  csl_asic_manifest_free (r->asic);
  g_clear_pointer (&r->entries, g_ptr_array_unref);
  g_clear_pointer (&r->failures, g_ptr_array_unref);
  g_clear_pointer (&r->errors, g_ptr_array_unref);
  g_free (r);
}

const char *
csl_entry_status_to_string (CslEntryStatus status)
{
  switch (status)
    {
    case CSL_ENTRY_OK:           return "ok";
    case CSL_ENTRY_MISSING:      return "missing";
    case CSL_ENTRY_WRONG_SIZE:   return "wrong-size";
    case CSL_ENTRY_WRONG_SHA256: return "wrong-sha256";
    case CSL_ENTRY_UNLISTED:     return "unlisted";
    default:                     return "?";
    }
}

const char *
csl_bundle_format_label (CslBundleFormat format)
{
  switch (format)
    {
    case CSL_BUNDLE_FORMAT_1:      return _("format 1 (signed manifest.json)");
    case CSL_BUNDLE_FORMAT_ASIC_E: return _("ASiC-E with CAdES");
    case CSL_BUNDLE_FORMAT_UNKNOWN:
    default:                       return _("unknown");
    }
}

const char *
csl_bundle_format_id (CslBundleFormat format)
{
  switch (format)
    {
    case CSL_BUNDLE_FORMAT_1:      return "1";
    case CSL_BUNDLE_FORMAT_ASIC_E: return "asic-e";
    case CSL_BUNDLE_FORMAT_UNKNOWN:
    default:                       return "unknown";
    }
}

/* A failure with its own error: the report keeps both the sentence and the code. */
static void
fail_error (CslVerifyReport *r,
            GError          *error)
{
  g_ptr_array_add (r->failures, g_strdup (error->message));
  g_ptr_array_add (r->errors, error);
}

static void G_GNUC_PRINTF (4, 5)
fail_code (CslVerifyReport *r,
           GQuark           domain,
           int              code,
           const char      *format,
           ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  fail_error (r, g_error_new_literal (domain, code, msg));
}

#define fail(r, ...) fail_code ((r), CSL_ERROR, CSL_ERROR_DAMAGED, __VA_ARGS__)

/* The whole file's SHA-256, on another core while the entries are read: the two passes over a
 * bundle of a gigabyte cost the time of one. */
typedef struct
{
  GFile        *file;
  GCancellable *cancellable;
  char         *sha256;
  GError       *error;
} FileHash;

static gpointer
hash_file (gpointer data)
{
  FileHash *h = data;
  g_autoptr(GFileInputStream) in = g_file_read (h->file, h->cancellable, &h->error);
  g_autoptr(CslSha256) sum = csl_sha256_new ();
  g_autofree guint8 *buffer = g_malloc (CHUNK_SIZE);
  gssize n;

  if (in == NULL)
    return NULL;
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, CHUNK_SIZE, h->cancellable, &h->error)) > 0)
    csl_sha256_update (sum, buffer, (gsize) n);
  if (n == 0)
    h->sha256 = csl_sha256_finish (sum);
  return NULL;
}

static void
add_entry (CslVerifyReport *r,
           const char      *path,
           const char      *kind,
           CslZipEntry     *found,
           CslEntryStatus   status)
{
  CslVerifiedEntry *e = g_new0 (CslVerifiedEntry, 1);

  e->path = g_strdup (path);
  e->kind = g_strdup (kind);
  e->size = found ? found->size : 0;
  e->sha256 = found ? g_strdup (found->sha256) : NULL;
  e->status = status;
  g_ptr_array_add (r->entries, e);
}

static void
compare (CslVerifyReport *r,
         GPtrArray       *zip_entries)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < zip_entries->len; i++)
    {
      CslZipEntry *z = zip_entries->pdata[i];
      g_hash_table_insert (by_name, z->name, z);
    }
  for (guint i = 0; i < r->manifest->files->len; i++)
    {
      CslManifestFile *f = r->manifest->files->pdata[i];
      CslZipEntry *z = g_hash_table_lookup (by_name, f->path);

      if (z == NULL)
        {
          add_entry (r, f->path, f->kind, NULL, CSL_ENTRY_MISSING);
          fail (r, _("“%s” is listed in the manifest but missing from the bundle"), f->path);
          continue;
        }
      g_hash_table_remove (by_name, f->path);
      if (z->size != f->size)
        {
          add_entry (r, f->path, f->kind, z, CSL_ENTRY_WRONG_SIZE);
          fail (r, _("“%s” has %llu bytes; the manifest says %llu"),
                f->path, (unsigned long long) z->size, (unsigned long long) f->size);
        }
      else if (strcmp (z->sha256, f->sha256) != 0)
        {
          add_entry (r, f->path, f->kind, z, CSL_ENTRY_WRONG_SHA256);
          fail (r, _("“%s” does not match its SHA-256 in the manifest: it was changed"), f->path);
        }
      else
        add_entry (r, f->path, f->kind, z, CSL_ENTRY_OK);
    }
  g_hash_table_remove (by_name, CSL_MANIFEST_PATH);
  g_hash_table_remove (by_name, CSL_SIGNATURE_PATH);
  if (r->format == CSL_BUNDLE_FORMAT_ASIC_E)
    {
      g_hash_table_remove (by_name, CSL_ASIC_MIMETYPE_PATH);
      g_hash_table_remove (by_name, CSL_ASIC_MANIFEST_PATH);
    }
  /* In archive order, so the report reads like a listing. */
  for (guint i = 0; i < zip_entries->len; i++)
    {
      CslZipEntry *z = zip_entries->pdata[i];

      if (!g_hash_table_contains (by_name, z->name))
        continue;
      add_entry (r, z->name, NULL, z, CSL_ENTRY_UNLISTED);
      fail (r, _("“%s” is in the bundle but not in the manifest"), z->name);
    }
}

static CslZipEntry *
find_entry (GPtrArray  *entries,
            const char *name)
{
  for (guint i = 0; i < entries->len; i++)
    if (strcmp (((CslZipEntry *) entries->pdata[i])->name, name) == 0)
      return entries->pdata[i];
  return NULL;
}

static void
check_signature (CslVerifyReport        *r,
                 CslZipEntry            *signed_entry,
                 CslZipEntry            *signature,
                 const CslVerifyOptions *options)
{
  g_autoptr(GError) error = NULL;
  CslCmsVerifyOptions cms = { options->tsa_trust, options->at_time, r->format == CSL_BUNDLE_FORMAT_ASIC_E };

  if (csl_cms_verify_full (signature->contents, signed_entry->contents, options->trust, &cms, &r->signer, &error))
    {
      if (options->trust == NULL)
        fail (r, _("The signature matches the manifest, but no CA or pinned signer certificate was given, "
                   "so nothing shows who made it: compare the signer’s SHA-256 fingerprint %s with its owner, "
                   "then verify again against that certificate or its CA"),
              r->signer->fingerprint);
      return;
    }
  /* A valid CMS structure whose signature does not match: signed over another manifest. */
  if (r->format == CSL_BUNDLE_FORMAT_ASIC_E && r->signer != NULL && !r->signer->signature_valid &&
      error->domain == CSL_ERROR)
    {
      fail_code (r, CSL_ASIC_ERROR, CSL_ASIC_ERROR_SIGNATURE_MISMATCH,
                 _("The signature is not over this %s: %s"), CSL_ASIC_MANIFEST_PATH, error->message);
      return;
    }
  fail_error (r, g_steal_pointer (&error));
}

/* ASiCManifest.xml against the container, both ways: every reference names an entry with
 * that SHA-256, every entry but the container's own is referenced. */
static void
compare_asic (CslVerifyReport *r,
              GPtrArray       *zip_entries)
{
  for (guint i = 0; i < r->asic->references->len; i++)
    {
      CslAsicReference *ref = r->asic->references->pdata[i];
      CslZipEntry *z = find_entry (zip_entries, ref->uri);

      if (z == NULL)
        fail_code (r, CSL_ASIC_ERROR, CSL_ASIC_ERROR_MANIFEST_MISMATCH,
                   _("“%s” is referenced in %s but missing from the bundle"), ref->uri, CSL_ASIC_MANIFEST_PATH);
      else if (strcmp (z->sha256, ref->sha256) != 0)
        fail_code (r, CSL_ASIC_ERROR, CSL_ASIC_ERROR_MANIFEST_MISMATCH,
                   _("“%s” does not match its digest in %s: it was changed"), ref->uri, CSL_ASIC_MANIFEST_PATH);
    }
  for (guint i = 0; i < zip_entries->len; i++)
    {
      CslZipEntry *z = zip_entries->pdata[i];

      if (strcmp (z->name, CSL_ASIC_MIMETYPE_PATH) == 0 || strcmp (z->name, CSL_ASIC_MANIFEST_PATH) == 0 ||
          strcmp (z->name, CSL_SIGNATURE_PATH) == 0)
        continue;
      if (csl_asic_manifest_find (r->asic, z->name) == NULL)
        fail_code (r, CSL_ASIC_ERROR, CSL_ASIC_ERROR_MANIFEST_MISMATCH,
                   _("“%s” is in the bundle but not in %s"), z->name, CSL_ASIC_MANIFEST_PATH);
    }
}

/* mimetype, ASiCManifest.xml and the signature over it. FALSE when what follows (manifest.json)
 * is not worth reading. */
static gboolean
check_asic (CslVerifyReport        *r,
            GPtrArray              *entries,
            CslZipEntry            *signature,
            const CslVerifyOptions *options)
{
  CslZipEntry *mimetype = find_entry (entries, CSL_ASIC_MIMETYPE_PATH);
  CslZipEntry *asic = find_entry (entries, CSL_ASIC_MANIFEST_PATH);
  g_autoptr(GError) error = NULL;

  if (mimetype == NULL || g_bytes_get_size (mimetype->contents) != strlen (CSL_ASIC_MIMETYPE) ||
      memcmp (g_bytes_get_data (mimetype->contents, NULL), CSL_ASIC_MIMETYPE, strlen (CSL_ASIC_MIMETYPE)) != 0)
    fail_code (r, CSL_ASIC_ERROR, CSL_ASIC_ERROR_MIMETYPE_WRONG,
               _("The entry “mimetype” does not hold “%s”"), CSL_ASIC_MIMETYPE);
  if (asic == NULL)
    {
      fail_code (r, CSL_ASIC_ERROR, CSL_ASIC_ERROR_MANIFEST_INVALID, _("The bundle has no %s"), CSL_ASIC_MANIFEST_PATH);
      return FALSE;
    }
  if (signature != NULL)
    check_signature (r, asic, signature, options);
  r->asic = csl_asic_manifest_parse (asic->contents, &error);
  if (r->asic == NULL)
    {
      fail_error (r, g_steal_pointer (&error));
      return FALSE;
    }
  if (strcmp (r->asic->sig_uri, CSL_SIGNATURE_PATH) != 0)
    fail_code (r, CSL_ASIC_ERROR, CSL_ASIC_ERROR_SIG_REFERENCE,
               _("%s names the signature “%s”, not %s"), CSL_ASIC_MANIFEST_PATH, r->asic->sig_uri, CSL_SIGNATURE_PATH);
  compare_asic (r, entries);
  return TRUE;
}

CslVerifyReport *
csl_bundle_verify (const char              *path,
                   const CslVerifyOptions  *options,
                   GError                 **error)
{
  static const char *const keep[] = { CSL_MANIFEST_PATH, CSL_SIGNATURE_PATH, CSL_ASIC_MIMETYPE_PATH,
                                      CSL_ASIC_MANIFEST_PATH, NULL };
  static const CslVerifyOptions no_options = { NULL, NULL, NULL, NULL, NULL, 0 };
  g_autoptr(CslVerifyReport) r = g_new0 (CslVerifyReport, 1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) local_error = NULL;
  CslZipLimits limits;
  CslZipEntry *manifest, *signature;
  FileHash file_hash = { NULL, NULL, NULL, NULL };
  GThread *hasher = NULL;
  GInputStream *stream;
  gboolean structure_ok;
  guint64 size;

  if (options == NULL)
    options = &no_options;
  if (options->limits != NULL)
    limits = *options->limits;
  else
    csl_zip_limits_init (&limits);
  r->path = g_strdup (path);
  r->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) verified_entry_free);
  r->failures = g_ptr_array_new_with_free_func (g_free);
  r->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  /* A FIFO or a device (/dev/zero) would block or never end: refused before it is opened. */
  if (g_file_is_native (file))
    {
      g_autofree char *local = g_file_get_path (file);

      if (local != NULL && !csl_input_file_check (local, &local_error))
        {
          g_set_error (error, CSL_ERROR, local_error->code, _("Cannot open the bundle %s: %s"), path, local_error->message);
          return NULL;
        }
    }
  in = g_file_read (file, options->cancellable, &local_error);
  if (in != NULL)
    info = g_file_input_stream_query_info (in, G_FILE_ATTRIBUTE_STANDARD_SIZE, options->cancellable, &local_error);
  if (info == NULL)
    {
      g_set_error (error, CSL_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ? CSL_ERROR_NOT_FOUND : CSL_ERROR_IO,
                   _("Cannot open the bundle %s: %s"), path, local_error->message);
      return NULL;
    }
  stream = G_INPUT_STREAM (in);
  size = (guint64) g_file_info_get_size (info);
  if (options->sha256 != NULL)
    r->sha256 = g_strdup (options->sha256);
  else
    {
      file_hash.file = file;
      file_hash.cancellable = options->cancellable;
      hasher = g_thread_new ("csl-verify-sha256", hash_file, &file_hash);
    }

  /* The end record first: libarchive reads the whole central directory it points to. */
  structure_ok = csl_zip_layout_check_end (stream, size, &limits, &local_error) &&
                 csl_zip_layout_check_names (stream, size, &limits, options->cancellable, &local_error) &&
                 (entries = csl_zip_read (stream, &limits, keep, CSL_MANIFEST_MAX_SIZE, options->cancellable,
                                          &local_error)) != NULL &&
                 csl_zip_layout_check (stream, size, &limits, options->cancellable, &local_error);
  if (hasher != NULL)
    {
      g_thread_join (hasher);
      if (file_hash.sha256 == NULL)
        {
          g_clear_error (&local_error);
          g_propagate_error (&local_error, g_steal_pointer (&file_hash.error));
          goto io_error;
        }
      r->sha256 = g_steal_pointer (&file_hash.sha256);
    }
  if (!structure_ok)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        goto io_error;
      fail_error (r, g_steal_pointer (&local_error));
      return g_steal_pointer (&r);
    }

  /* The layout check has made sure that an ASiC-E container starts with its stored mimetype;
   * a bundle without one is format 1. */
  r->format = strcmp (((CslZipEntry *) entries->pdata[0])->name, CSL_ASIC_MIMETYPE_PATH) == 0
              ? CSL_BUNDLE_FORMAT_ASIC_E : CSL_BUNDLE_FORMAT_1;
  manifest = find_entry (entries, CSL_MANIFEST_PATH);
  signature = find_entry (entries, CSL_SIGNATURE_PATH);
  if (signature == NULL)
    fail (r, _("The bundle has no %s: it is not signed"), CSL_SIGNATURE_PATH);
  if (r->format == CSL_BUNDLE_FORMAT_ASIC_E && !check_asic (r, entries, signature, options))
    return g_steal_pointer (&r);
  if (manifest == NULL)
    {
      fail (r, _("The bundle has no %s"), CSL_MANIFEST_PATH);
      return g_steal_pointer (&r);
    }

  r->manifest = csl_manifest_parse (manifest->contents, &local_error);
  if (r->manifest == NULL)
    fail_error (r, g_steal_pointer (&local_error));
  else if (r->manifest->format != (r->format == CSL_BUNDLE_FORMAT_ASIC_E ? CSL_MANIFEST_FORMAT_ASIC : CSL_MANIFEST_FORMAT))
    fail (r, _("%s has format %d, which does not go with a %s bundle"), CSL_MANIFEST_PATH, r->manifest->format,
          csl_bundle_format_label (r->format));
  if (signature != NULL && r->format == CSL_BUNDLE_FORMAT_1)
    check_signature (r, manifest, signature, options);
  if (r->manifest != NULL)
    compare (r, entries);
  r->ok = r->failures->len == 0;
  return g_steal_pointer (&r);

io_error:
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

void
csl_json_add_verify_report (JsonBuilder           *b,
                            const CslVerifyReport *r)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, r->ok);
  csl_json_member_string (b, "format", csl_bundle_format_id (r->format));
  csl_json_member_string (b, "bundle", r->path);
  csl_json_member_string (b, "sha256", r->sha256);

  json_builder_set_member_name (b, "signer");
  if (r->signer != NULL)
    {
      json_builder_begin_object (b);
      csl_json_member_string (b, "subject", r->signer->subject);
      csl_json_member_string (b, "fingerprint_sha256", r->signer->fingerprint);
      csl_json_member_string (b, "not_after", r->signer->not_after);
      csl_json_member_string (b, "signed_at", r->signer->signed_at);
      json_builder_set_member_name (b, "signature_valid");
      json_builder_add_boolean_value (b, r->signer->signature_valid);
      json_builder_set_member_name (b, "trusted");
      json_builder_add_boolean_value (b, r->signer->trusted);
      json_builder_set_member_name (b, "cades");
      json_builder_add_boolean_value (b, r->signer->cades);
      json_builder_set_member_name (b, "timestamp");
      if (r->signer->timestamp != NULL)
        {
          json_builder_begin_object (b);
          csl_json_member_string (b, "time", r->signer->timestamp);
          csl_json_member_string (b, "tsa", r->signer->timestamp_tsa);
          json_builder_set_member_name (b, "trusted");
          json_builder_add_boolean_value (b, r->signer->timestamp_trusted);
          json_builder_end_object (b);
        }
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "manifest");
  if (r->manifest != NULL)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "format");
      json_builder_add_int_value (b, r->manifest->format);
      csl_json_member_string (b, "generator", r->manifest->generator);
      csl_json_member_string (b, "created", r->manifest->created);
      json_builder_set_member_name (b, "filing");
      json_builder_begin_object (b);
      csl_json_member_id (b, "id", r->manifest->filing_id);
      csl_json_member_string (b, "manufacturer", r->manifest->manufacturer);
      csl_json_member_string (b, "uscc", r->manifest->uscc);
      csl_json_member_string (b, "model", r->manifest->model);
      json_builder_set_member_name (b, "grade");
      json_builder_add_int_value (b, r->manifest->grade);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "files");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->entries->len; i++)
    {
      CslVerifiedEntry *e = r->entries->pdata[i];

      json_builder_begin_object (b);
      csl_json_member_string (b, "path", e->path);
      csl_json_member_string (b, "kind", e->kind);
      csl_json_member_string (b, "status", csl_entry_status_to_string (e->status));
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, (gint64) e->size);
      csl_json_member_string (b, "sha256", e->sha256);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "failures");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->failures->len; i++)
    json_builder_add_string_value (b, r->failures->pdata[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
}
