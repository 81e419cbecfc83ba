/* sync_file_range() */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/csl-atomic.h"
#include "base/csl-error.h"

/* While a large file is written, its dirty pages are handed to the disk every this many bytes,
 * so that the fsync at commit waits for the last few MiB instead of the whole file: a 1 GiB
 * bundle, written at the speed of deflate, is on disk moments after its last byte. */
#define WRITE_BEHIND (8 * 1024 * 1024)

struct _CslAtomicFile
{
  char          *path;
  char          *temp_path;
  int            fd;
  int            mode;
  GOutputStream *stream;
  guint64        written;
  guint64        handed_to_disk;
  gboolean       committed;
};

/* The file's output stream: writes go through csl_atomic_file_write(), and so are written behind. */
typedef struct
{
  GOutputStream  parent_instance;
  CslAtomicFile *file;
} CslAtomicStream;

typedef GOutputStreamClass CslAtomicStreamClass;

GType csl_atomic_stream_get_type (void) G_GNUC_CONST;
static void csl_atomic_stream_seekable_init (GSeekableIface *iface);
G_DEFINE_FINAL_TYPE_WITH_CODE (CslAtomicStream, csl_atomic_stream, G_TYPE_OUTPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_SEEKABLE, csl_atomic_stream_seekable_init))

/* Seekable because the bundle's ZIP writer (minizip) goes back to fill in each entry's local
 * header once the entry is written. */
static goffset
csl_atomic_stream_tell (GSeekable *seekable)
{
  return (goffset) lseek (((CslAtomicStream *) seekable)->file->fd, 0, SEEK_CUR);
}

static gboolean
csl_atomic_stream_can_seek (GSeekable *seekable)
{
  return TRUE;
}

static gboolean
csl_atomic_stream_seek (GSeekable     *seekable,
                        goffset        offset,
                        GSeekType      type,
                        GCancellable  *cancellable,
                        GError       **error)
{
  CslAtomicFile *file = ((CslAtomicStream *) seekable)->file;
  int whence = type == G_SEEK_SET ? SEEK_SET : type == G_SEEK_CUR ? SEEK_CUR : SEEK_END;

  if (lseek (file->fd, (off_t) offset, whence) < 0)
    {
      int saved = errno;
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, "%s %s: %s", _("Cannot write"),
                   file->path ? file->path : file->temp_path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
csl_atomic_stream_can_truncate (GSeekable *seekable)
{
  return FALSE;
}

static gboolean
csl_atomic_stream_truncate (GSeekable     *seekable,
                            goffset        offset,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "truncate");
  return FALSE;
}

static void
csl_atomic_stream_seekable_init (GSeekableIface *iface)
{
  iface->tell = csl_atomic_stream_tell;
  iface->can_seek = csl_atomic_stream_can_seek;
  iface->seek = csl_atomic_stream_seek;
  iface->can_truncate = csl_atomic_stream_can_truncate;
  iface->truncate_fn = csl_atomic_stream_truncate;
}

static gssize
csl_atomic_stream_write (GOutputStream  *stream,
                         const void     *buffer,
                         gsize           count,
                         GCancellable   *cancellable,
                         GError        **error)
{
  CslAtomicStream *self = (CslAtomicStream *) stream;

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !csl_atomic_file_write (self->file, buffer, count, error))
    return -1;
  return (gssize) count;
}

static void
csl_atomic_stream_class_init (CslAtomicStreamClass *klass)
{
  klass->write_fn = csl_atomic_stream_write;
}

static void
csl_atomic_stream_init (CslAtomicStream *self)
{
}

static void
write_behind (CslAtomicFile *file)
{
#ifdef SYNC_FILE_RANGE_WRITE
  if (file->written - file->handed_to_disk < WRITE_BEHIND)
    return;
  /* Starts the write-out and returns at once; if it fails, the fsync at commit does it all. */
  sync_file_range (file->fd, (off_t) file->handed_to_disk, (off_t) (file->written - file->handed_to_disk),
                   SYNC_FILE_RANGE_WRITE);
  file->handed_to_disk = file->written;
#endif
}

static gboolean
errno_error (GError     **error,
             int          saved_errno,
             const char  *what,
             const char  *path)
{
  g_set_error (error, CSL_ERROR, CSL_ERROR_IO, "%s %s: %s", what, path, g_strerror (saved_errno));
  return FALSE;
}

static CslAtomicFile *
atomic_file_new (const char  *path,
                 const char  *dir,
                 const char  *base,
                 int          mode,
                 GError     **error)
{
  CslAtomicFile *file = g_new0 (CslAtomicFile, 1);

  file->path = g_strdup (path);
  file->mode = mode;
  /* A dot name in the target folder: same file system, so the rename is atomic. */
  file->temp_path = g_strdup_printf ("%s/.%s.tmp-XXXXXX", dir, base);
  file->fd = g_mkstemp_full (file->temp_path, O_RDWR | O_CLOEXEC, mode);
  if (file->fd < 0)
    {
      int saved = errno;
      errno_error (error, saved, _("Cannot create a temporary file in"), dir);
      g_free (file->temp_path);
      file->temp_path = NULL;
      csl_atomic_file_free (file);
      return NULL;
    }
  return file;
}

CslAtomicFile *
csl_atomic_file_new (const char  *path,
                     int          mode,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);

  return atomic_file_new (path, dir, base, mode, error);
}

CslAtomicFile *
csl_atomic_file_new_in (const char  *temp_dir,
                        const char  *name,
                        int          mode,
                        GError     **error)
{
  return atomic_file_new (NULL, temp_dir, name, mode, error);
}

/* The lock is taken on the descriptor that writes, so it lasts exactly as long as the writer:
 * a kill releases it. A sweep may have removed the file between its creation and the lock;
 * then it is made again under another name. */
CslAtomicFile *
csl_atomic_file_new_locked (const char  *path,
                            int          mode,
                            GError     **error)
{
  for (int attempt = 0; attempt < 3; attempt++)
    {
      CslAtomicFile *file = csl_atomic_file_new (path, mode, error);
      struct stat st;

      if (file == NULL)
        return NULL;
      if (flock (file->fd, LOCK_EX) == 0 && fstat (file->fd, &st) == 0 && st.st_nlink > 0)
        return file;
      csl_atomic_file_free (file);
    }
  g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot keep a temporary file for %s"), path);
  return NULL;
}

gboolean
csl_atomic_is_temp_name (const char *name)
{
  return name[0] == '.' && strstr (name, ".tmp-") != NULL;
}

/* Whether the temporary file at fd was left by a writer that is gone: nobody holds its lock,
 * or, where the file system has no working locks, it is older than a day. */
static gboolean
abandoned (int fd, const struct stat *st)
{
  if (flock (fd, LOCK_EX | LOCK_NB) == 0)
    return TRUE;
  if (errno == EWOULDBLOCK)
    return FALSE;
  return st->st_mtime < g_get_real_time () / G_USEC_PER_SEC - 24 * 60 * 60;
}

guint
csl_atomic_sweep_abandoned (const char *dir,
                            const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *marker = g_strconcat (suffix, ".tmp-", NULL);
  const char *name;
  guint removed = 0;

  if (d == NULL)
    return 0;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      struct stat st;
      int fd;

      if (!csl_atomic_is_temp_name (name) || strstr (name, marker) == NULL)
        continue;
      path = g_build_filename (dir, name, NULL);
      fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0);
      if (fd < 0)
        continue;
      if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && abandoned (fd, &st) && g_unlink (path) == 0)
        removed++;
      close (fd);
    }
  return removed;
}

int
csl_atomic_file_get_fd (CslAtomicFile *file)
{
  return file->fd;
}

const char *
csl_atomic_file_get_temp_path (CslAtomicFile *file)
{
  return file->temp_path;
}

GOutputStream *
csl_atomic_file_get_stream (CslAtomicFile *file)
{
  if (file->stream == NULL)
    {
      file->stream = g_object_new (csl_atomic_stream_get_type (), NULL);
      ((CslAtomicStream *) file->stream)->file = file;
    }
  return file->stream;
}

gboolean
csl_atomic_file_write (CslAtomicFile  *file,
                       const void     *data,
                       gsize           len,
                       GError        **error)
{
  const guint8 *p = data;

  while (len > 0)
    {
      gssize n = write (file->fd, p, len);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          return errno_error (error, saved, _("Cannot write"), file->path ? file->path : file->temp_path);
        }
      p += n;
      len -= (gsize) n;
      file->written += (guint64) n;
    }
  write_behind (file);
  return TRUE;
}

gboolean
csl_fsync_directory (const char  *dir,
                     GError     **error)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    {
      int saved = errno;
      return errno_error (error, saved, _("Cannot open folder"), dir);
    }
  if (fsync (fd) != 0 && errno != EINVAL)
    {
      int saved = errno;
      close (fd);
      return errno_error (error, saved, _("Cannot sync folder"), dir);
    }
  close (fd);
  return TRUE;
}

gboolean
csl_atomic_file_commit (CslAtomicFile  *file,
                        GError        **error)
{
  g_return_val_if_fail (file->path != NULL, FALSE);
  return csl_atomic_file_commit_as (file, file->path, error);
}

gboolean
csl_atomic_file_commit_as (CslAtomicFile  *file,
                           const char     *path,
                           GError        **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *temp_dir = NULL;

  g_return_val_if_fail (!file->committed, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (file->path != path)
    {
      g_free (file->path);
      file->path = g_strdup (path);
    }
  dir = g_path_get_dirname (file->path);
  temp_dir = g_path_get_dirname (file->temp_path);

  g_clear_object (&file->stream);
  if (fsync (file->fd) != 0)
    {
      int saved = errno;
      return errno_error (error, saved, _("Cannot write"), file->path);
    }
  /* g_mkstemp_full honours the umask; the caller asked for this mode. */
  if (fchmod (file->fd, (mode_t) file->mode) != 0)
    {
      int saved = errno;
      return errno_error (error, saved, _("Cannot set the permissions of"), file->path);
    }
  if (close (file->fd) != 0)
    {
      int saved = errno;
      file->fd = -1;
      return errno_error (error, saved, _("Cannot write"), file->path);
    }
  file->fd = -1;
  if (g_rename (file->temp_path, file->path) != 0)
    {
      int saved = errno;
      return errno_error (error, saved, _("Cannot save"), file->path);
    }
  file->committed = TRUE;
  /* Both folders changed when the temporary lived elsewhere: the new name must be durable, and
   * the old one must not reappear after a crash. */
  return csl_fsync_directory (dir, error) &&
         (g_strcmp0 (dir, temp_dir) == 0 || csl_fsync_directory (temp_dir, error));
}

void
csl_atomic_file_free (CslAtomicFile *file)
{
  if (file == NULL)
    return;
  g_clear_object (&file->stream);
  if (file->fd >= 0)
    close (file->fd);
  if (!file->committed && file->temp_path != NULL)
    g_unlink (file->temp_path);
  g_free (file->temp_path);
  g_free (file->path);
  g_free (file);
}

gboolean
csl_file_set_contents_atomic (const char  *path,
                              const void  *data,
                              gsize        len,
                              int          mode,
                              GError     **error)
{
  g_autoptr(CslAtomicFile) file = csl_atomic_file_new (path, mode, error);

  return file != NULL &&
         csl_atomic_file_write (file, data, len, error) &&
         csl_atomic_file_commit (file, error);
}
