#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/csl-error.h"
#include "base/csl-input-file.h"

static int
open_regular (const char  *path,
              gboolean    *not_regular,
              GError     **error)
{
  g_autofree char *shown = g_filename_display_name (path);
  struct stat st;
  int fd, flags;

  /* O_NONBLOCK: a FIFO opens at once instead of waiting for a writer, and is refused below. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, CSL_ERROR, saved == ENOENT ? CSL_ERROR_NOT_FOUND : CSL_ERROR_IO,
                   _("Cannot read “%s”: %s"), shown, g_strerror (saved));
      if (fd >= 0)
        close (fd);
      return -1;
    }
  if (!S_ISREG (st.st_mode))
    {
      *not_regular = TRUE;
      close (fd);
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("“%s” is not a regular file"), shown);
      return -1;
    }
  flags = fcntl (fd, F_GETFL);
  if (flags >= 0)
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}

int
csl_input_file_open (const char  *path,
                     GError     **error)
{
  gboolean not_regular = FALSE;

  return open_regular (path, &not_regular, error);
}

gboolean
csl_input_file_check (const char  *path,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean not_regular = FALSE;
  int fd = open_regular (path, &not_regular, &local_error);

  if (fd >= 0)
    close (fd);
  if (!not_regular)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

GBytes *
csl_input_file_load (const char  *path,
                     gsize        max_size,
                     GError     **error)
{
  g_autofree char *shown = g_filename_display_name (path);
  g_autoptr(GByteArray) data = NULL;
  guint8 buffer[64 * 1024];
  int fd = csl_input_file_open (path, error);

  if (fd < 0)
    return NULL;
  data = g_byte_array_new ();
  for (;;)
    {
      ssize_t n = read (fd, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot read “%s”: %s"), shown, g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      /* Counted while reading: the size the file claims may change under us. */
      if (data->len + (gsize) n > max_size)
        {
          g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

          close (fd);
          g_set_error (error, CSL_ERROR, CSL_ERROR_FILE_TOO_LARGE, _("“%s” is too large: more than %s"), shown, limit);
          return NULL;
        }
      g_byte_array_append (data, buffer, (guint) n);
    }
  close (fd);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}
