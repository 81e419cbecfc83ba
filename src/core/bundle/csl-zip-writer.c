#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>

#include "base/csl-error.h"
#include "base/csl-sha256.h"
#include "bundle/csl-zip-writer.h"

#define CHUNK_SIZE (64 * 1024)

struct _CslZipWriter
{
  struct archive  *archive;
  GOutputStream   *out;
  GCancellable    *cancellable;
  GError          *write_error;     /* what the output stream reported, beneath libarchive */
  CslSha256       *archive_sum;
  CslSha256Worker *hasher;          /* both digests are computed on another core */
  char            *archive_sha256;
  gint64           mtime;
  CslZipLimits     limits;
  guint            n_entries;
  guint64          total_in;
  CslProgressFunc  progress;
  gpointer         progress_data;
  guint64          progress_total;
  guint64          progress_done;
  gboolean         finished;
  gboolean         failed;
  gboolean         discarding;      /* freeing an unfinished archive: output goes nowhere */
  /* Data on its way into libarchive. The writer owns it because libarchive's deflate keeps
   * pointing into the last block it was given when a write fails, and reads it again when
   * the unfinished archive is closed. */
  guint8          *buffer;
};

static la_ssize_t
write_cb (struct archive *a,
          void           *user_data,
          const void     *buffer,
          size_t          length)
{
  CslZipWriter *w = user_data;
  gsize written = 0;

  /* After a failed write (a full disk) libarchive is told all went well and its output is
   * dropped: an archive in libarchive's fatal state never finishes its entry, which leaks
   * the deflate state and leaves it pointing into our last block. The caller learns of the
   * failure from write_error, checked after every call into libarchive. */
  if (w->discarding || w->write_error != NULL)
    return (la_ssize_t) length;
  if (!g_output_stream_write_all (w->out, buffer, length, &written, w->cancellable, &w->write_error))
    return (la_ssize_t) length;
  csl_sha256_worker_update (w->hasher, w->archive_sum, buffer, length);
  return (la_ssize_t) length;
}

/* libarchive's message, unless the output stream said something more precise. */
static gboolean
archive_failed (CslZipWriter  *w,
                const char    *name,
                GError       **error)
{
  w->failed = TRUE;
  if (w->write_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&w->write_error));
      return FALSE;
    }
  if (name != NULL)
    g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot add “%s” to the ZIP archive: %s"),
                 name, archive_error_string (w->archive));
  else
    g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot write the ZIP archive: %s"),
                 archive_error_string (w->archive));
  return FALSE;
}

CslZipWriter *
csl_zip_writer_new (GOutputStream  *out,
                    gint64          mtime,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(CslZipWriter) w = g_new0 (CslZipWriter, 1);

  w->out = g_object_ref (out);
  w->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  w->archive_sum = csl_sha256_new ();
  w->buffer = g_malloc (CHUNK_SIZE);
  w->hasher = csl_sha256_worker_new ();
  w->mtime = mtime;
  csl_zip_limits_init (&w->limits);
  w->archive = archive_write_new ();
  /* Blocks of 64 KiB keep writes large; no padding after the last one, which would leave
   * bytes after the end-of-central-directory record. */
  if (archive_write_set_format_zip (w->archive) != ARCHIVE_OK ||
      archive_write_zip_set_compression_deflate (w->archive) != ARCHIVE_OK ||
      archive_write_set_format_option (w->archive, "zip", "compression-level",
                                       G_STRINGIFY (CSL_ZIP_DEFLATE_LEVEL)) != ARCHIVE_OK ||
      archive_write_set_bytes_per_block (w->archive, CHUNK_SIZE) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block (w->archive, 1) != ARCHIVE_OK ||
      archive_write_open2 (w->archive, w, NULL, write_cb, NULL, NULL) != ARCHIVE_OK)
    {
      archive_failed (w, NULL, error);
      return NULL;
    }
  return g_steal_pointer (&w);
}

void
csl_zip_writer_set_progress (CslZipWriter    *writer,
                             guint64          total,
                             CslProgressFunc  func,
                             gpointer         user_data)
{
  writer->progress = func;
  writer->progress_data = user_data;
  writer->progress_total = total;
  writer->progress_done = 0;
}

static gboolean
check_limits (CslZipWriter  *w,
              const char    *name,
              guint64        size,
              GError       **error)
{
  if (!csl_zip_check_name (name, w->limits.max_name_length, error))
    return FALSE;
  if (w->n_entries + 1 > w->limits.max_entries)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("Cannot add “%s”: a bundle holds at most %u files"), name, w->limits.max_entries);
      return FALSE;
    }
  if (size > w->limits.max_entry_size || w->total_in + size > w->limits.max_total_size)
    {
      g_autofree char *shown = g_format_size (size);
      g_autofree char *max_entry = g_format_size (w->limits.max_entry_size);
      g_autofree char *max_total = g_format_size (w->limits.max_total_size);

      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("Cannot add “%s” (%s): a bundle file may hold at most %s, and all of them together %s"),
                   name, shown, max_entry, max_total);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_entry (CslZipWriter  *w,
             const char    *name,
             GInputStream  *in,
             guint64        size,
             CslSha256     *sum,
             GError       **error)
{
  guint8 *buffer = w->buffer;
  struct archive_entry *entry;
  guint64 done = 0;
  int rc;

  if (!check_limits (w, name, size, error))
    return FALSE;
  entry = archive_entry_new ();
  archive_entry_set_pathname (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, CSL_ZIP_ENTRY_MODE);
  archive_entry_set_uid (entry, 0);
  archive_entry_set_gid (entry, 0);
  /* A known size keeps the entry out of Zip64, whose descriptors Java reads wrongly for
   * small entries. */
  archive_entry_set_size (entry, (la_int64_t) size);
  archive_entry_set_mtime (entry, (time_t) w->mtime, 0);
  rc = archive_write_header (w->archive, entry);
  archive_entry_free (entry);
  if (rc != ARCHIVE_OK || w->write_error != NULL)
    return archive_failed (w, name, error);
  w->n_entries++;
  w->total_in += size;

  for (;;)
    {
      gssize n = g_input_stream_read (in, buffer, CHUNK_SIZE, w->cancellable, error);

      if (n < 0)
        {
          w->failed = TRUE;
          return FALSE;
        }
      if (n == 0)
        break;
      if (done + (guint64) n > size)
        break;
      csl_sha256_worker_update (w->hasher, sum, buffer, (gsize) n);
      if (archive_write_data (w->archive, buffer, (size_t) n) != n || w->write_error != NULL)
        return archive_failed (w, name, error);
      done += (guint64) n;
      w->progress_done += (guint64) n;
      if (w->progress != NULL)
        w->progress (w->progress_done, w->progress_total, w->progress_data);
    }
  if (done != size || g_input_stream_read (in, buffer, 1, w->cancellable, NULL) != 0)
    {
      w->failed = TRUE;
      g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                   _("“%s” changed while it was being packaged: expected %llu bytes"),
                   name, (unsigned long long) size);
      return FALSE;
    }
  if (archive_write_finish_entry (w->archive) != ARCHIVE_OK || w->write_error != NULL)
    return archive_failed (w, name, error);
  return TRUE;
}

gboolean
csl_zip_writer_add_stream (CslZipWriter  *w,
                           const char    *name,
                           GInputStream  *in,
                           guint64        size,
                           char         **sha256,
                           GError       **error)
{
  g_autoptr(CslSha256) sum = csl_sha256_new ();
  gboolean ok;

  g_return_val_if_fail (!w->finished && !w->failed, FALSE);

  ok = write_entry (w, name, in, size, sum, error);
  /* Whether or not it worked, the worker may still hold chunks of this entry. */
  csl_sha256_worker_wait (w->hasher);
  if (ok && sha256 != NULL)
    *sha256 = csl_sha256_finish (sum);
  return ok;
}

gboolean
csl_zip_writer_add_bytes (CslZipWriter  *w,
                          const char    *name,
                          GBytes        *bytes,
                          char         **sha256,
                          GError       **error)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (bytes);

  return csl_zip_writer_add_stream (w, name, in, g_bytes_get_size (bytes), sha256, error);
}

gboolean
csl_zip_writer_add_file (CslZipWriter  *w,
                         const char    *name,
                         const char    *path,
                         char         **sha256,
                         GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;

  in = g_file_read (file, w->cancellable, &local_error);
  if (in != NULL)
    info = g_file_input_stream_query_info (in, G_FILE_ATTRIBUTE_STANDARD_SIZE, w->cancellable, &local_error);
  if (info == NULL)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot read %s: %s"), path, local_error->message);
      return FALSE;
    }
  return csl_zip_writer_add_stream (w, name, G_INPUT_STREAM (in), (guint64) g_file_info_get_size (info),
                                    sha256, error);
}

gboolean
csl_zip_writer_finish (CslZipWriter  *w,
                       GError       **error)
{
  g_return_val_if_fail (!w->finished && !w->failed, FALSE);

  if (archive_write_close (w->archive) != ARCHIVE_OK || w->write_error != NULL)
    return archive_failed (w, NULL, error);
  if (!g_output_stream_flush (w->out, w->cancellable, error))
    {
      w->failed = TRUE;
      return FALSE;
    }
  w->finished = TRUE;
  csl_sha256_worker_wait (w->hasher);
  w->archive_sha256 = csl_sha256_finish (w->archive_sum);
  return TRUE;
}

const char *
csl_zip_writer_get_sha256 (CslZipWriter *w)
{
  g_return_val_if_fail (w->finished, NULL);
  return w->archive_sha256;
}

void
csl_zip_writer_free (CslZipWriter *w)
{
  if (w == NULL)
    return;
  if (w->archive != NULL)
    {
      /* An unfinished archive is still closed, so that libarchive frees its deflate state,
       * but what it writes then goes nowhere: the caller is throwing the output away. */
      if (!w->finished)
        {
          w->discarding = TRUE;
          archive_write_close (w->archive);
        }
      archive_write_free (w->archive);
    }
  /* Joined before the digest it may still be updating is freed. */
  csl_sha256_worker_free (w->hasher);
  /* Only once libarchive is gone (see buffer). */
  g_free (w->buffer);
  g_clear_error (&w->write_error);
  g_clear_object (&w->out);
  g_clear_object (&w->cancellable);
  csl_sha256_free (w->archive_sum);
  g_free (w->archive_sha256);
  g_free (w);
}
