#include "config.h"

#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "cli-password.h"
#include "base/csl-error.h"

CslPassword *
cli_read_password (const char  *password_file,
                   const char  *prompt,
                   GError     **error)
{
  struct termios saved, quiet;
  gboolean tty;
  CslPassword *password;

  if (password_file != NULL)
    return csl_password_read (password_file, error);

  tty = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
  if (tty)
    {
      fprintf (stderr, "%s", prompt);
      fflush (stderr);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  password = csl_password_read (NULL, error);
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fprintf (stderr, "\n");
    }
  return password;
}

/* Loads --p12, or --key with --cert and --chain; asks for the password only if the key has
 * one and --password-file was not given. */
CslIdentity *
cli_load_identity (const char  *p12,
                   const char  *key,
                   const char  *cert,
                   const char  *chain,
                   const char  *password_file,
                   GError     **error)
{
  g_autoptr(CslPassword) password = NULL;
  g_autoptr(GError) local_error = NULL;
  CslIdentity *identity;

  if (password_file != NULL && (password = csl_password_read (password_file, error)) == NULL)
    return NULL;
  identity = p12 ? csl_identity_load_pkcs12 (p12, password, &local_error)
                 : csl_identity_load_pem (key, cert, chain, password, &local_error);
  if (identity != NULL || password_file != NULL ||
      !g_error_matches (local_error, CSL_ERROR, CSL_ERROR_PASSWORD))
    {
      if (identity == NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return identity;
    }
  g_clear_error (&local_error);
  if ((password = cli_read_password (NULL, _("Password for the signing key: "), error)) == NULL)
    return NULL;
  return p12 ? csl_identity_load_pkcs12 (p12, password, error)
             : csl_identity_load_pem (key, cert, chain, password, error);
}
