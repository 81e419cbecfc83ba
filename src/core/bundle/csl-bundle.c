#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "base/csl-atomic.h"
#include "bundle/csl-asic.h"
#include "bundle/csl-bundle.h"
#include "lifecycle/csl-lifecycle.h"
#include "bundle/csl-bundle-verify.h"
#include "bundle/csl-cms.h"
#include "base/csl-date.h"
#include "base/csl-error.h"
#include "base/csl-file-name.h"
#include "bundle/csl-filing-data.h"
#include "bundle/csl-manifest.h"
#include "documents/csl-store.h"
#include "records/csl-requirements.h"

/* One entry's bytes, ready to be streamed into the ZIP. */
typedef struct
{
  GInputStream *in;
  guint64       size;
  GFileIOStream *spool;   /* generated documents: an unlinked temporary file */
} Source;

static void
source_clear (Source *s)
{
  g_clear_object (&s->in);
  g_clear_object (&s->spool);
}

static gboolean
check_status (const CslFiling  *filing,
              GError          **error)
{
  CslFilingStatus status = csl_filing_get_status (filing);

  if (status == CSL_STATUS_DRAFT || status == CSL_STATUS_READY || status == CSL_STATUS_PACKAGED)
    return TRUE;
  g_set_error (error, CSL_ERROR, CSL_ERROR_STATE,
               _("Filing %lld is %s; only a draft, ready or packaged filing can be packaged"),
               (long long) filing->id, csl_filing_status_label (status));
  return FALSE;
}

static gboolean
check_requirements (CslWorkspace  *ws,
                    gint64         filing_id,
                    const char    *today,
                    GError       **error)
{
  g_autoptr(GPtrArray) findings = csl_requirements_check (ws, filing_id, today, NULL, error);
  g_autoptr(GString) missing = NULL;

  if (findings == NULL)
    return FALSE;
  if (!csl_findings_have_errors (findings))
    return TRUE;
  missing = g_string_new (NULL);
  for (guint i = 0; i < findings->len; i++)
    {
      CslFinding *f = findings->pdata[i];

      if (f->severity != CSL_SEVERITY_ERROR)
        continue;
      g_string_append_printf (missing, "\n  %s: %s", f->article, f->message);
    }
  g_set_error (error, CSL_ERROR, CSL_ERROR_INCOMPLETE,
               _("Filing %lld cannot be packaged until this is resolved:%s"), (long long) filing_id,
               missing->str);
  return FALSE;
}

static gboolean
spool_generated (CslWorkspace              *ws,
                 const CslBundlePlan       *plan,
                 CslBundleEntry            *e,
                 const CslBundleProviders  *providers,
                 Source                    *s,
                 GCancellable              *cancellable,
                 GError                   **error)
{
  g_autoptr(GFile) tmp = NULL;
  g_autoptr(GError) local_error = NULL;
  GOutputStream *out;
  goffset size;

  tmp = g_file_new_tmp ("csl-filer-doc-XXXXXX", &s->spool, error);
  if (tmp == NULL)
    return FALSE;
  /* Unlinked at once: the open stream keeps the data, and nothing is left if we crash. */
  g_file_delete (tmp, NULL, NULL);
  out = g_io_stream_get_output_stream (G_IO_STREAM (s->spool));
  if (!providers->writers[e->doc] (ws, plan, out, providers->user_data, cancellable, &local_error))
    {
      if (local_error == NULL)
        g_set_error (&local_error, CSL_ERROR, CSL_ERROR_IO, _("no reason given"));
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, CSL_ERROR, local_error->domain == CSL_ERROR ? local_error->code : CSL_ERROR_IO,
                     _("Cannot generate %s (%s): %s"), e->path, csl_doc_kind_label (e->doc), local_error->message);
      return FALSE;
    }
  if (!g_output_stream_flush (out, cancellable, error))
    return FALSE;
  size = g_seekable_tell (G_SEEKABLE (s->spool));
  if (!g_seekable_seek (G_SEEKABLE (s->spool), 0, G_SEEK_SET, cancellable, error))
    return FALSE;
  if (size == 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot generate %s (%s): the document is empty"),
                   e->path, csl_doc_kind_label (e->doc));
      return FALSE;
    }
  s->size = (guint64) size;
  s->in = g_object_ref (g_io_stream_get_input_stream (G_IO_STREAM (s->spool)));
  return TRUE;
}

static gboolean
open_attachment (CslWorkspace    *ws,
                 CslBundleEntry  *e,
                 Source          *s,
                 GCancellable    *cancellable,
                 GError         **error)
{
  g_autofree char *blob = csl_workspace_blob_path (ws, e->sha256);
  g_autoptr(GFile) file = g_file_new_for_path (blob);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;

  /* A team workspace's document comes from the server into the cache first, checked. */
  if (!csl_store_ensure_local (ws, e->sha256, (gint64) e->size, e->file_name, cancellable, error))
    return FALSE;
  s->in = G_INPUT_STREAM (g_file_read (file, cancellable, &local_error));
  if (s->in != NULL)
    info = g_file_input_stream_query_info (G_FILE_INPUT_STREAM (s->in), G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                           cancellable, &local_error);
  if (info == NULL)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                   _("The stored copy of “%s” (%s, attachment %lld) is missing from %s: %s; "
                     "attach the document again"),
                   e->file_name, e->kind, (long long) e->attachment_id, blob, local_error->message);
      return FALSE;
    }
  if ((guint64) g_file_info_get_size (info) != e->size)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                   _("The stored copy of “%s” (%s, attachment %lld) is damaged: %s has %lld bytes "
                     "instead of %llu; attach the document again"),
                   e->file_name, e->kind, (long long) e->attachment_id, blob, (long long) g_file_info_get_size (info),
                   (unsigned long long) e->size);
      return FALSE;
    }
  s->size = e->size;
  return TRUE;
}

static char *
format_timestamp (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static CslManifest *
new_manifest (const CslBundlePlan *plan,
              const char          *created)
{
  CslManifest *m = csl_manifest_new ();

  m->generator = g_strdup_printf ("csl-filer %s", PACKAGE_VERSION);
  m->created = g_strdup (created);
  m->filing_id = plan->filing->id;
  m->manufacturer = g_strdup (csl_manufacturer_display_name (plan->manufacturer));
  m->uscc = g_strdup (plan->manufacturer->uscc);
  m->model = g_strdup (plan->product->model);
  m->grade = plan->filing->grade;
  return m;
}

/* Streams the ASiC-E container: "mimetype" first and stored, every entry, manifest.json, the
 * ASiCManifest that lists them all with their SHA-256, and the CAdES signature over it. */
static gboolean
write_entries (CslWorkspace         *ws,
               CslZipWriter         *writer,
               const CslBundlePlan  *plan,
               Source               *sources,
               const CslBundleOptions *options,
               const char           *created,
               GError              **error)
{
  g_autoptr(CslManifest) manifest = new_manifest (plan, created);
  g_autoptr(CslAsicManifest) asic = csl_asic_manifest_new (CSL_SIGNATURE_PATH);
  g_autoptr(GBytes) mimetype = g_bytes_new_static (CSL_ASIC_MIMETYPE, strlen (CSL_ASIC_MIMETYPE));
  g_autoptr(GBytes) manifest_bytes = NULL;
  g_autoptr(GBytes) asic_bytes = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *manifest_sha256 = NULL;
  CslCmsSignOptions sign = { options->tsa_url, options->tsa_timeout, options->tsa_required,
                             options->tsa_warning, options->cancellable };

  if (!csl_zip_writer_add_stored_bytes (writer, CSL_ASIC_MIMETYPE_PATH, mimetype, error))
    return FALSE;
  for (guint i = 0; i < plan->entries->len; i++)
    {
      CslBundleEntry *e = plan->entries->pdata[i];
      g_autofree char *sha256 = NULL;

      if (!csl_zip_writer_add_stream (writer, e->path, sources[i].in, sources[i].size, &sha256, error))
        {
          if (e->source == CSL_SOURCE_ATTACHMENT)
            g_prefix_error (error, _("The stored copy of “%s” (attachment %lld): "),
                            e->file_name, (long long) e->attachment_id);
          return FALSE;
        }
      /* The check costs nothing: the digest was computed while the bytes went by. */
      if (e->source == CSL_SOURCE_ATTACHMENT && strcmp (sha256, e->sha256) != 0)
        {
          /* On a team workspace the damaged copy is only the cache's: the next try fetches the
           * server's. */
          csl_store_forget_cached (ws, e->sha256);
          g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                       _("The stored copy of “%s” (%s, attachment %lld) is damaged: its SHA-256 is %s, "
                         "not %s as when it was attached; attach the document again"),
                       e->file_name, e->kind, (long long) e->attachment_id, sha256, e->sha256);
          return FALSE;
        }
      csl_manifest_add_file (manifest, e->path, sources[i].size, sha256, e->kind);
      csl_asic_manifest_add (asic, e->path, sha256);
    }
  /* The progress total counts the entries; the manifests and signature are a few KiB. */
  csl_zip_writer_set_progress (writer, 0, NULL, NULL);
  manifest->format = CSL_MANIFEST_FORMAT_ASIC;
  manifest_bytes = csl_manifest_to_bytes (manifest);
  if (!csl_zip_writer_add_bytes (writer, CSL_MANIFEST_PATH, manifest_bytes, &manifest_sha256, error))
    return FALSE;
  csl_asic_manifest_add (asic, CSL_MANIFEST_PATH, manifest_sha256);
  asic_bytes = csl_asic_manifest_to_bytes (asic);
  signature = csl_cms_sign_cades (options->identity, asic_bytes, &sign, error);
  return signature != NULL &&
         csl_zip_writer_add_bytes (writer, CSL_ASIC_MANIFEST_PATH, asic_bytes, NULL, error) &&
         csl_zip_writer_add_bytes (writer, CSL_SIGNATURE_PATH, signature, NULL, error) &&
         csl_zip_writer_finish (writer, error);
}

/* What was written is read back with the verifier before it gets its final name. */
static gboolean
self_verify (const char    *temp_path,
             const char    *final_path,
             char         **sha256,
             CslIdentity   *identity,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(CslTrust) trust = csl_trust_new_for_identity (identity);
  CslVerifyOptions options = { trust, NULL, cancellable, NULL, NULL };
  g_autoptr(CslVerifyReport) report = csl_bundle_verify (temp_path, &options, error);

  if (report == NULL)
    return FALSE;
  /* The file's digest comes from the verifier, which hashes it while it reads the entries:
   * minizip goes back into what it wrote, so the writer cannot hash the bytes as they go. */
  *sha256 = g_strdup (report->sha256);
  if (!report->ok)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("The bundle written for %s does not verify: %s"),
                   final_path, (const char *) report->failures->pdata[0]);
      return FALSE;
    }
  return TRUE;
}

/* The lifecycle owns the status rules: a draft becomes ready (its check has just passed),
 * then packaged with the bundle's SHA-256, each step audited. */
static gboolean
mark_packaged (CslWorkspace     *ws,
               const CslFiling  *filing,
               const char       *today,
               const char       *sha256,
               GError          **error)
{
  g_autoptr(CslFiling) now = csl_filing_get (ws, filing->id, error);

  if (now == NULL || !check_status (now, error))
    return FALSE;
  if (csl_filing_get_status (now) == CSL_STATUS_DRAFT &&
      !csl_lifecycle_mark_ready (ws, filing->id, today, error))
    return FALSE;
  return csl_lifecycle_mark_packaged (ws, filing->id, sha256, error);
}

/* The output stream's own error (a full disk: "Error writing to file descriptor") as one
 * in our domain that names the bundle. */
static void
name_write_error (const char  *path,
                  GError     **error)
{
  GError *stream_error;

  if (error == NULL || *error == NULL || (*error)->domain == CSL_ERROR || (*error)->domain == CSL_ASIC_ERROR ||
      g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  stream_error = g_steal_pointer (error);
  g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot write the bundle %s: %s"), path, stream_error->message);
  g_error_free (stream_error);
}

static char *
resolve_out_path (const char           *out_path,
                  const CslBundlePlan  *plan)
{
  g_autofree char *name = NULL;

  if (!g_file_test (out_path, G_FILE_TEST_IS_DIR))
    return g_strdup (out_path);
  name = csl_bundle_file_name (plan->manufacturer->name_en, plan->manufacturer->name_zh,
                               plan->manufacturer->uscc, plan->product->model,
                               (CslGrade) plan->filing->grade, plan->today);
  return g_build_filename (out_path, name, NULL);
}

gboolean
csl_bundle_create (CslWorkspace            *ws,
                   gint64                   filing_id,
                   const char              *out_path,
                   const CslBundleOptions  *options,
                   char                   **path_written,
                   char                   **sha256_out,
                   GError                 **error)
{
  const CslBundleProviders *providers;
  g_autofree char *today = NULL;
  g_autofree char *created = NULL;
  g_autoptr(CslBundlePlan) plan = NULL;
  g_autoptr(CslAtomicFile) file = NULL;
  g_autoptr(CslZipWriter) writer = NULL;
  g_autoptr(GBytes) filing_data = NULL;
  g_autofree char *path = NULL;
  g_autofree Source *sources = NULL;
  g_autofree char *sha256 = NULL;
  gint64 created_unix;
  guint64 total = 0;
  gboolean ok = FALSE;
  guint n = 0;

  g_return_val_if_fail (options != NULL && options->identity != NULL, FALSE);
  /* Before minutes of packaging that could not be recorded. */
  if (csl_workspace_is_read_only (ws))
    return csl_db_set_read_only_error (csl_workspace_get_db (ws), error);

  providers = options->providers ? options->providers : csl_bundle_default_providers ();
  today = options->today ? g_strdup (options->today) : csl_date_today ();
  created_unix = options->created > 0 ? options->created : g_get_real_time () / G_USEC_PER_SEC;
  created = format_timestamp (created_unix);

  if ((plan = csl_bundle_plan_new (ws, filing_id, today, providers, error)) == NULL ||
      !check_status (plan->filing, error) ||
      !check_requirements (ws, filing_id, today, error) ||
      !csl_bundle_plan_check_available (plan, error) ||
      !csl_identity_can_sign_cms (options->identity, error))
    return FALSE;
  path = resolve_out_path (out_path, plan);

  /* Every source opened (and every document generated) before the archive is started, so
   * that the progress total is known. */
  n = plan->entries->len;
  sources = g_new0 (Source, n);
  filing_data = csl_filing_data_build (plan, created);
  for (guint i = 0; i < n; i++)
    {
      CslBundleEntry *e = plan->entries->pdata[i];

      switch (e->source)
        {
        case CSL_SOURCE_FILING_DATA:
          sources[i].in = g_memory_input_stream_new_from_bytes (filing_data);
          sources[i].size = g_bytes_get_size (filing_data);
          break;
        case CSL_SOURCE_ATTACHMENT:
          if (!open_attachment (ws, e, &sources[i], options->cancellable, error))
            goto out;
          break;
        case CSL_SOURCE_GENERATED:
        default:
          if (!spool_generated (ws, plan, e, providers, &sources[i], options->cancellable, error))
            goto out;
          break;
        }
      total += sources[i].size;
    }

  /* A bundle create killed earlier left its temporary here; a live one holds its lock. */
  {
    g_autofree char *dir = g_path_get_dirname (path);

    csl_atomic_sweep_abandoned (dir, ".zip");
  }
  file = csl_atomic_file_new_locked (path, 0644, error);
  if (file == NULL)
    goto out;
  writer = csl_zip_writer_new (csl_atomic_file_get_stream (file), created_unix, options->cancellable, error);
  if (writer == NULL)
    {
      name_write_error (path, error);
      goto out;
    }
  csl_zip_writer_set_progress (writer, total, options->progress, options->progress_data);
  if (!write_entries (ws, writer, plan, sources, options, created, error) ||
      !self_verify (csl_atomic_file_get_temp_path (file), path, &sha256,
                    options->identity, options->cancellable, error) ||
      !csl_atomic_file_commit (file, error))
    {
      name_write_error (path, error);
      goto out;
    }

  /* The file is safely in place; only now does the filing say so. */
  if (!mark_packaged (ws, plan->filing, plan->today, sha256, error))
    {
      g_unlink (path);
      goto out;
    }
  if (path_written != NULL)
    *path_written = g_steal_pointer (&path);
  if (sha256_out != NULL)
    *sha256_out = g_steal_pointer (&sha256);
  ok = TRUE;

out:
  for (guint i = 0; i < n; i++)
    source_clear (&sources[i]);
  return ok;
}
