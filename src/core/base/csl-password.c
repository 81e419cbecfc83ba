#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <openssl/crypto.h>
#include <string.h>
#include <unistd.h>

#include "base/csl-error.h"
#include "base/csl-password.h"

#define MAX_PASSWORD 1023

/* Plain read(2) into one buffer, not stdio or GIO: no copy of the password is left in a
 * buffer this code does not clear. */
CslPassword *
csl_password_read (const char  *path,
                   GError     **error)
{
  gboolean from_stdin = path == NULL || strcmp (path, "-") == 0;
  const char *shown = from_stdin ? _("standard input") : path;
  char *buffer = g_malloc0 (MAX_PASSWORD + 2);
  gsize len = 0;
  int fd = from_stdin ? STDIN_FILENO : open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    {
      int saved = errno;
      g_free (buffer);
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot read the password from %s: %s"),
                   path, g_strerror (saved));
      return NULL;
    }
  while (len < MAX_PASSWORD + 1)
    {
      gssize n = read (fd, buffer + len, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          if (!from_stdin)
            close (fd);
          csl_password_free (buffer);
          g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot read the password from %s: %s"),
                       shown, g_strerror (saved));
          return NULL;
        }
      /* One byte at a time so that nothing after the first line is consumed. */
      if (n == 0 || buffer[len] == '\n')
        break;
      len++;
    }
  if (!from_stdin)
    close (fd);
  if (len > MAX_PASSWORD)
    {
      csl_password_free (buffer);
      g_set_error (error, CSL_ERROR, CSL_ERROR_PASSWORD,
                   _("The password in %s is longer than %d bytes"), shown, MAX_PASSWORD);
      return NULL;
    }
  buffer[len] = '\0';
  if (len > 0 && buffer[len - 1] == '\r')
    buffer[len - 1] = '\0';
  return buffer;
}

CslPassword *
csl_password_new (const char *text)
{
  return g_strdup (text);
}

void
csl_password_free (CslPassword *password)
{
  if (password == NULL)
    return;
  /* Up to the buffer csl_password_read allocates or the string's own end. */
  OPENSSL_cleanse (password, strlen (password));
  g_free (password);
}
