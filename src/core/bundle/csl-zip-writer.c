#include "config.h"

#include <glib/gi18n-lib.h>
#include <zip.h>

#include "base/csl-error.h"
#include "base/csl-sha256.h"
#include "bundle/csl-parallel-deflate.h"
#include "bundle/csl-zip-writer.h"

#define CHUNK_SIZE (64 * 1024)

/* Version made by: Unix (3), ZIP 2.0. */
#define MADE_BY_UNIX_20 ((3 << 8) | 20)

struct _CslZipWriter
{
  zipFile          zip;
  GOutputStream   *out;
  GCancellable    *cancellable;
  GError          *write_error;     /* what the output stream reported, beneath minizip */
  CslSha256Worker *hasher;          /* the entries' digests are computed on another core */
  CslParallelDeflate *deflater;     /* and their deflate on every core */
  gint64           mtime;
  CslZipLimits     limits;
  guint            n_entries;
  guint64          total_in;
  CslProgressFunc  progress;
  gpointer         progress_data;
  guint64          progress_total;
  guint64          progress_done;
  gboolean         entry_open;
  gboolean         finished;
  gboolean         failed;
  gboolean         discarding;      /* freeing an unfinished archive: output goes nowhere */
  guint8          *buffer;
};

/* ---- minizip's file functions, over the caller's seekable output stream ----------------- */

static voidpf ZCALLBACK
io_open (voidpf opaque, const void *filename, int mode)
{
  return opaque;
}

static uLong ZCALLBACK
io_read (voidpf opaque, voidpf stream, void *buf, uLong size)
{
  return 0;   /* minizip reads only when it appends to an archive, which we never do */
}

/* After a failed write (a full disk) minizip is told all went well and the output is dropped:
 * minizip frees an entry's state only when it closes the entry, and an entry whose local
 * header failed to write is never closed, so it must never see a failure. The caller learns
 * of it from write_error, checked after every call into minizip. */
static uLong ZCALLBACK
io_write (voidpf opaque, voidpf stream, const void *buf, uLong size)
{
  CslZipWriter *w = opaque;
  gsize written = 0;

  if (w->discarding || w->failed || w->write_error != NULL)
    return size;
  g_output_stream_write_all (w->out, buf, size, &written, w->cancellable, &w->write_error);
  return size;
}

static ZPOS64_T ZCALLBACK
io_tell (voidpf opaque, voidpf stream)
{
  CslZipWriter *w = opaque;

  return (ZPOS64_T) g_seekable_tell (G_SEEKABLE (w->out));
}

/* minizip seeks back once per entry, to put the CRC and sizes into its local header: that is
 * how the entries get by without a data descriptor. */
static long ZCALLBACK
io_seek (voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
  CslZipWriter *w = opaque;
  GSeekType type = origin == ZLIB_FILEFUNC_SEEK_SET ? G_SEEK_SET :
                   origin == ZLIB_FILEFUNC_SEEK_CUR ? G_SEEK_CUR : G_SEEK_END;

  if (w->discarding || w->failed || w->write_error != NULL)
    return 0;
  g_seekable_seek (G_SEEKABLE (w->out), (goffset) offset, type, w->cancellable, &w->write_error);
  return 0;
}

static int ZCALLBACK
io_close (voidpf opaque, voidpf stream)
{
  return 0;
}

static int ZCALLBACK
io_error (voidpf opaque, voidpf stream)
{
  return 0;   /* see io_write */
}

/* minizip's codes say little; the output stream's error says more. */
static gboolean
zip_failed (CslZipWriter  *w,
            const char    *name,
            int            rc,
            GError       **error)
{
  w->failed = TRUE;
  if (w->write_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&w->write_error));
      return FALSE;
    }
  if (name != NULL)
    g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot add “%s” to the ZIP archive (minizip error %d)"),
                 name, rc);
  else
    g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot write the ZIP archive (minizip error %d)"), rc);
  return FALSE;
}

CslZipWriter *
csl_zip_writer_new (GOutputStream  *out,
                    gint64          mtime,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(CslZipWriter) w = g_new0 (CslZipWriter, 1);
  zlib_filefunc64_def io = { io_open, io_read, io_write, io_tell, io_seek, io_close, io_error, NULL };

  g_return_val_if_fail (G_IS_SEEKABLE (out) && g_seekable_can_seek (G_SEEKABLE (out)), NULL);

  w->out = g_object_ref (out);
  w->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  w->buffer = g_malloc (CHUNK_SIZE);
  w->hasher = csl_sha256_worker_new ();
  w->deflater = csl_parallel_deflate_new (CSL_ZIP_DEFLATE_LEVEL, 0);
  w->mtime = mtime;
  csl_zip_limits_init (&w->limits);
  io.opaque = w;
  w->zip = zipOpen2_64 ("bundle", APPEND_STATUS_CREATE, NULL, &io);
  if (w->zip == NULL)
    {
      zip_failed (w, NULL, ZIP_ERRNO, error);
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

/* The entry's time as MS-DOS local time, taken in UTC so that a bundle does not depend on
 * the packager's time zone. */
static void
set_time (zip_fileinfo *info,
          gint64        mtime)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (mtime);

  info->tmz_date.tm_sec = (uInt) g_date_time_get_second (dt);
  info->tmz_date.tm_min = (uInt) g_date_time_get_minute (dt);
  info->tmz_date.tm_hour = (uInt) g_date_time_get_hour (dt);
  info->tmz_date.tm_mday = (uInt) g_date_time_get_day_of_month (dt);
  info->tmz_date.tm_mon = (uInt) g_date_time_get_month (dt) - 1;
  info->tmz_date.tm_year = (uInt) g_date_time_get_year (dt);
}

/* The compressed blocks, in order, into the entry minizip holds open as a raw one. */
static gboolean
write_compressed (const guint8  *data,
                  gsize          len,
                  gpointer       user_data,
                  GError       **error)
{
  CslZipWriter *w = user_data;
  int rc = zipWriteInFileInZip (w->zip, data, (unsigned) len);

  if (rc != ZIP_OK || w->write_error != NULL)
    return zip_failed (w, NULL, rc, error);
  return TRUE;
}

static gboolean
write_data (CslZipWriter  *w,
            const char    *name,
            gboolean       stored,
            const guint8  *data,
            gsize          len,
            GError       **error)
{
  int rc;

  if (!stored)
    return csl_parallel_deflate_write (w->deflater, data, len, error);
  rc = zipWriteInFileInZip (w->zip, data, (unsigned) len);
  if (rc != ZIP_OK || w->write_error != NULL)
    return zip_failed (w, name, rc, error);
  return TRUE;
}

/* Ends the entry: a deflated one is opened raw, so minizip is told its CRC and size. */
static gboolean
close_entry (CslZipWriter  *w,
             const char    *name,
             gboolean       stored,
             guint64        size,
             GError       **error)
{
  guint32 crc = 0;
  int rc;

  if (!stored && !csl_parallel_deflate_finish (w->deflater, &crc, error))
    return FALSE;
  w->entry_open = FALSE;
  rc = stored ? zipCloseFileInZip (w->zip) : zipCloseFileInZipRaw64 (w->zip, size, crc);
  if (rc != ZIP_OK || w->write_error != NULL)
    return zip_failed (w, name, rc, error);
  return TRUE;
}

static gboolean
write_entry (CslZipWriter  *w,
             const char    *name,
             GInputStream  *in,
             guint64        size,
             gboolean       stored,
             CslSha256     *sum,
             GError       **error)
{
  guint8 *buffer = w->buffer;
  zip_fileinfo info = { 0 };
  guint64 done = 0;
  int rc;

  if (!check_limits (w, name, size, error))
    return FALSE;
  set_time (&info, w->mtime);
  info.external_fa = (uLong) (0100000 | CSL_ZIP_ENTRY_MODE) << 16;
  /* No extra fields, no Zip64 (the limits keep every offset below 4 GiB), no flags: the
   * local header then says exactly what the central directory says. A deflated entry is
   * "raw" to minizip: the parallel deflater hands it the compressed bytes. */
  rc = zipOpenNewFileInZip4_64 (w->zip, name, &info, NULL, 0, NULL, 0, NULL,
                                stored ? 0 : Z_DEFLATED, stored ? 0 : CSL_ZIP_DEFLATE_LEVEL, !stored,
                                -MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, NULL, 0,
                                MADE_BY_UNIX_20, 0, 0);
  if (rc == ZIP_OK)
    w->entry_open = TRUE;
  if (rc != ZIP_OK || w->write_error != NULL)
    return zip_failed (w, name, rc, error);
  w->n_entries++;
  w->total_in += size;
  if (!stored)
    csl_parallel_deflate_begin (w->deflater, write_compressed, w);

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
      if (!write_data (w, name, stored, buffer, (gsize) n, error))
        return FALSE;
      done += (guint64) n;
      /* The stored mimetype is not one of the entries the caller counted. */
      if (stored)
        continue;
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
  return close_entry (w, name, stored, size, error);
}

static gboolean
add_stream (CslZipWriter  *w,
            const char    *name,
            GInputStream  *in,
            guint64        size,
            gboolean       stored,
            char         **sha256,
            GError       **error)
{
  g_autoptr(CslSha256) sum = csl_sha256_new ();
  gboolean ok;

  g_return_val_if_fail (!w->finished && !w->failed, FALSE);

  ok = write_entry (w, name, in, size, stored, sum, error);
  if (!ok)
    csl_parallel_deflate_abandon (w->deflater);
  /* Whether or not it worked, the worker may still hold chunks of this entry. */
  csl_sha256_worker_wait (w->hasher);
  if (ok && sha256 != NULL)
    *sha256 = csl_sha256_finish (sum);
  return ok;
}

gboolean
csl_zip_writer_add_stream (CslZipWriter  *w,
                           const char    *name,
                           GInputStream  *in,
                           guint64        size,
                           char         **sha256,
                           GError       **error)
{
  return add_stream (w, name, in, size, FALSE, sha256, error);
}

gboolean
csl_zip_writer_add_bytes (CslZipWriter  *w,
                          const char    *name,
                          GBytes        *bytes,
                          char         **sha256,
                          GError       **error)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (bytes);

  return add_stream (w, name, in, g_bytes_get_size (bytes), FALSE, sha256, error);
}

gboolean
csl_zip_writer_add_stored_bytes (CslZipWriter  *w,
                                 const char    *name,
                                 GBytes        *bytes,
                                 GError       **error)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (bytes);

  return add_stream (w, name, in, g_bytes_get_size (bytes), TRUE, NULL, error);
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
  int rc;

  g_return_val_if_fail (!w->finished && !w->failed, FALSE);

  rc = zipClose (w->zip, NULL);
  w->zip = NULL;
  if (rc != ZIP_OK || w->write_error != NULL)
    return zip_failed (w, NULL, rc, error);
  if (!g_output_stream_flush (w->out, w->cancellable, error))
    {
      w->failed = TRUE;
      return FALSE;
    }
  w->finished = TRUE;
  return TRUE;
}

void
csl_zip_writer_free (CslZipWriter *w)
{
  if (w == NULL)
    return;
  if (w->zip != NULL)
    {
      /* An unfinished archive is still closed, so that minizip frees its deflate state, but
       * what it writes then goes nowhere: the caller is throwing the output away. */
      w->discarding = TRUE;
      if (w->entry_open)
        zipCloseFileInZip (w->zip);
      zipClose (w->zip, NULL);
    }
  /* Joined before the digest it may still be updating is freed. */
  csl_sha256_worker_free (w->hasher);
  csl_parallel_deflate_free (w->deflater);
  g_free (w->buffer);
  g_clear_error (&w->write_error);
  g_clear_object (&w->out);
  g_clear_object (&w->cancellable);
  g_free (w);
}
