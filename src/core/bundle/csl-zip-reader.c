#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "base/csl-error.h"
#include "base/csl-sha256.h"
#include "bundle/csl-zip-reader.h"

/* Why seekable rather than streamable: the streamable reader walks local headers and, for a
 * stored entry with a data descriptor, has to guess where the data ends by scanning for a
 * signature, and it never sees the central directory that unzip, Python and most
 * platforms trust. The seekable reader takes the list of entries and their sizes from the
 * central directory and checks each local header against it. What neither does — prove that
 * the local headers a streaming reader (Java) would see are exactly the same entries, with
 * nothing hidden between them — csl-zip-layout.c checks. */

#define CHUNK_SIZE (64 * 1024)

typedef struct
{
  GInputStream *in;
  GCancellable *cancellable;
  guint8       *buffer;     /* what the read callback hands libarchive, which keeps pointing into it */
  guint8       *out;        /* where decompressed data goes: never the same buffer */
  GError       *error;
  CslSha256Worker *hasher;  /* entries are hashed on another core while the next chunk inflates */
} Source;

static la_ssize_t
read_cb (struct archive  *a,
         void            *user_data,
         const void     **buffer)
{
  Source *s = user_data;
  gssize n = g_input_stream_read (s->in, s->buffer, CHUNK_SIZE, s->cancellable, s->error ? NULL : &s->error);

  *buffer = s->buffer;
  if (n < 0)
    archive_set_error (a, EIO, "%s", s->error ? s->error->message : "read error");
  return n;
}

static la_int64_t
seek_cb (struct archive *a,
         void           *user_data,
         la_int64_t      offset,
         int             whence)
{
  Source *s = user_data;
  GSeekType type = whence == SEEK_SET ? G_SEEK_SET : whence == SEEK_CUR ? G_SEEK_CUR : G_SEEK_END;

  if (!g_seekable_seek (G_SEEKABLE (s->in), offset, type, s->cancellable, s->error ? NULL : &s->error))
    return ARCHIVE_FATAL;
  return g_seekable_tell (G_SEEKABLE (s->in));
}

static la_int64_t
skip_cb (struct archive *a,
         void           *user_data,
         la_int64_t      request)
{
  Source *s = user_data;
  goffset before = g_seekable_tell (G_SEEKABLE (s->in));

  if (!g_seekable_seek (G_SEEKABLE (s->in), request, G_SEEK_CUR, s->cancellable, s->error ? NULL : &s->error))
    return 0;
  return g_seekable_tell (G_SEEKABLE (s->in)) - before;
}

void
csl_zip_entry_free (CslZipEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->name);
  g_free (entry->sha256);
  g_clear_pointer (&entry->contents, g_bytes_unref);
  g_free (entry);
}

static gboolean G_GNUC_PRINTF (3, 4)
damaged (GError     **error,
         const char  *name,
         const char  *format,
         ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  if (name != NULL)
    {
      g_autofree char *shown = csl_zip_display_name (name);
      g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED, _("Entry “%s”: %s"), shown, msg);
    }
  else
    g_set_error_literal (error, CSL_ERROR, CSL_ERROR_DAMAGED, msg);
  return FALSE;
}

static gboolean
archive_error (struct archive  *a,
               Source          *s,
               const char      *name,
               GError         **error)
{
  if (s->error != NULL && g_error_matches (s->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&s->error));
      return FALSE;
    }
  return damaged (error, name, _("the ZIP data is damaged or inconsistent: %s"),
                  archive_error_string (a) ? archive_error_string (a) : _("unknown error"));
}

static gboolean
check_entry_type (struct archive_entry  *entry,
                  const char            *name,
                  GError               **error)
{
  if (archive_entry_filetype (entry) == AE_IFLNK || archive_entry_symlink (entry) != NULL)
    return damaged (error, name, _("a symbolic link is not allowed in a bundle"));
  if (archive_entry_hardlink (entry) != NULL)
    return damaged (error, name, _("a hard link is not allowed in a bundle"));
  if (archive_entry_filetype (entry) == AE_IFDIR)
    return damaged (error, name, _("a folder entry is not allowed in a bundle"));
  if (archive_entry_filetype (entry) != AE_IFREG)
    return damaged (error, name, _("only regular files are allowed in a bundle"));
  if (archive_entry_is_encrypted (entry))
    return damaged (error, name, _("an encrypted entry is not allowed in a bundle"));
  return TRUE;
}

static gboolean
read_data (struct archive        *a,
           Source                *s,
           struct archive_entry  *header,
           CslZipEntry           *entry,
           CslSha256             *sum,
           const CslZipLimits    *limits,
           guint64               *total,
           GByteArray            *kept,
           gsize                  keep_max,
           GError               **error)
{
  const char *name = entry->name;
  gboolean declared = archive_entry_size_is_set (header);
  guint64 declared_size = declared ? (guint64) archive_entry_size (header) : 0;
  g_autofree char *max_entry = g_format_size (limits->max_entry_size);

  if (declared && declared_size > limits->max_entry_size)
    return damaged (error, name, _("it claims %llu bytes; a bundle file may hold at most %s"),
                    (unsigned long long) declared_size, max_entry);
  for (;;)
    {
      la_ssize_t n = archive_read_data (a, s->out, CHUNK_SIZE);

      if (n < 0)
        return archive_error (a, s, name, error);
      if (n == 0)
        break;
      entry->size += (guint64) n;
      *total += (guint64) n;
      /* Counted as the data comes out, so a deflate bomb stops here, whatever its headers say. */
      if (entry->size > limits->max_entry_size)
        return damaged (error, name, _("it decompresses to more than %s"), max_entry);
      if (*total > limits->max_total_size)
        {
          g_autofree char *max_total = g_format_size (limits->max_total_size);
          return damaged (error, name, _("the bundle decompresses to more than %s"), max_total);
        }
      if (declared && entry->size > declared_size)
        return damaged (error, name, _("it decompresses to more than the %llu bytes its header says"),
                        (unsigned long long) declared_size);
      csl_sha256_worker_update (s->hasher, sum, s->out, (gsize) n);
      if (kept != NULL)
        {
          if (entry->size > keep_max)
            return damaged (error, name, _("it is larger than %zu bytes"), keep_max);
          g_byte_array_append (kept, s->out, (guint) n);
        }
    }
  if (declared && entry->size != declared_size)
    return damaged (error, name, _("it holds %llu bytes, but its header says %llu"),
                    (unsigned long long) entry->size, (unsigned long long) declared_size);
  return TRUE;
}

static CslZipEntry *
read_entry (struct archive        *a,
            Source                *s,
            struct archive_entry  *header,
            const char            *name,
            const CslZipLimits    *limits,
            guint64               *total,
            gboolean               keep,
            gsize                  keep_max,
            GError               **error)
{
  g_autoptr(CslZipEntry) entry = g_new0 (CslZipEntry, 1);
  g_autoptr(CslSha256) sum = csl_sha256_new ();
  g_autoptr(GByteArray) kept = keep ? g_byte_array_new () : NULL;
  gboolean ok;

  entry->name = g_strdup (name);
  ok = read_data (a, s, header, entry, sum, limits, total, kept, keep_max, error);
  /* Whether or not it worked, the worker may still hold chunks of this entry. */
  csl_sha256_worker_wait (s->hasher);
  if (!ok)
    return NULL;
  entry->sha256 = csl_sha256_finish (sum);
  if (kept != NULL)
    entry->contents = g_byte_array_free_to_bytes (g_steal_pointer (&kept));
  return g_steal_pointer (&entry);
}

GPtrArray *
csl_zip_read (GInputStream        *in,
              const CslZipLimits  *limits,
              const char *const   *keep,
              gsize                keep_max,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_zip_entry_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree guint8 *buffer = g_malloc (CHUNK_SIZE);
  g_autofree guint8 *out = g_malloc (CHUNK_SIZE);
  g_autoptr(CslSha256Worker) hasher = csl_sha256_worker_new ();
  Source source = { in, cancellable, buffer, out, NULL, hasher };
  struct archive *a = archive_read_new ();
  struct archive_entry *header = NULL;
  guint64 total = 0;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (G_IS_SEEKABLE (in) && g_seekable_can_seek (G_SEEKABLE (in)), NULL);

  /* libarchive takes the stream's position as the start of the archive. */
  if (!g_seekable_seek (G_SEEKABLE (in), 0, G_SEEK_SET, cancellable, error))
    {
      archive_read_free (a);
      return NULL;
    }

  archive_read_support_format_zip_seekable (a);
  archive_read_set_callback_data (a, &source);
  archive_read_set_read_callback (a, read_cb);
  archive_read_set_seek_callback (a, seek_cb);
  archive_read_set_skip_callback (a, skip_cb);
  if (archive_read_open1 (a) != ARCHIVE_OK)
    {
      archive_error (a, &source, NULL, error);
      goto out;
    }

  for (;;)
    {
      const char *name;
      CslZipEntry *entry;

      header = NULL;
      rc = archive_read_next_header (a, &header);
      if (rc == ARCHIVE_EOF)
        break;
      if (rc != ARCHIVE_OK)
        {
          /* A name libarchive could not convert to the locale's character set is not
           * plain ASCII, which is what it is most clearly refused for. */
          const char *raw = header == NULL ? NULL :
                            archive_entry_pathname (header) ? archive_entry_pathname (header) :
                            archive_entry_pathname_utf8 (header);

          if (header != NULL && raw == NULL)
            damaged (error, NULL, _("An entry has a name that is not plain ASCII (%s)"), archive_error_string (a));
          else if (raw == NULL || csl_zip_check_name (raw, limits->max_name_length, error))
            archive_error (a, &source, raw, error);
          goto out;
        }
      if (entries->len + 1 > limits->max_entries)
        {
          damaged (error, NULL, _("The bundle holds more than %u entries"), limits->max_entries);
          goto out;
        }
      name = archive_entry_pathname (header);
      if (name == NULL)
        {
          damaged (error, NULL, _("An entry has a name that cannot be read"));
          goto out;
        }
      if (!csl_zip_check_name (name, limits->max_name_length, error) ||
          !check_entry_type (header, name, error))
        goto out;
      if (g_hash_table_contains (seen, name))
        {
          damaged (error, name, _("the name appears twice in the bundle"));
          goto out;
        }
      entry = read_entry (a, &source, header, name, limits, &total,
                          keep != NULL && g_strv_contains (keep, name), keep_max, error);
      if (entry == NULL)
        goto out;
      g_ptr_array_add (entries, entry);
      g_hash_table_add (seen, entry->name);
    }
  ok = TRUE;

out:
  archive_read_free (a);
  g_clear_error (&source.error);
  return ok ? g_steal_pointer (&entries) : NULL;
}
