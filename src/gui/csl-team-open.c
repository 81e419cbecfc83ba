#include "config.h"

#include <glib/gi18n.h>

#include "csl-keyring.h"
#include "store/csl-pg-listener.h"
#include "csl-team-location.h"
#include "csl-team-open.h"

void
csl_team_listen (CslWorkspace *workspace,
                 const char   *location)
{
  g_autoptr(CslPgListener) listener = NULL;

  if (!csl_team_location_is_team (location) || csl_pg_listener_get_for (workspace) != NULL)
    return;
  listener = csl_pg_listener_new (workspace, location);
  csl_pg_listener_attach (workspace, listener);
}

/* Opens location with password (which never goes anywhere but the open call). */
static CslWorkspace *
open_with (const char  *location,
           const char  *password,
           GError     **error)
{
  g_autofree char *full = csl_team_location_with_password (location, password);
  CslWorkspace *ws = csl_workspace_open (full, error);

  if (ws != NULL)
    {
      csl_workspace_set_interface (ws, "gui");
      csl_team_listen (ws, full);
    }
  return ws;
}

static void
on_connect (CslConnectDialog *dialog,
            const char       *location,
            const char       *password,
            GtkWindow        *parent)
{
  CslTeamOpenedFunc opened = g_object_get_data (G_OBJECT (dialog), "csl-team-opened");
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) ws = open_with (location, password, &error);

  if (ws == NULL)
    {
      csl_connect_dialog_set_error (dialog, error->message);
      return;
    }
  if (password != NULL && *password != '\0')
    {
      g_autoptr(GError) keyring_error = NULL;
      CslKeyring *keyring = csl_keyring_get_default ();
      gboolean kept = csl_connect_dialog_get_remember (dialog)
                      ? csl_keyring_store (keyring, location, password, &keyring_error)
                      : csl_keyring_forget (keyring, location, &keyring_error);

      /* Connected all the same; the password is asked again next time. */
      if (!kept)
        g_warning ("The keyring did not keep the password: %s", keyring_error->message);
    }
  opened (parent, ws);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

CslConnectDialog *
csl_team_connect (GtkWindow         *parent,
                  const char        *location,
                  CslTeamOpenedFunc  opened)
{
  CslConnectDialog *dialog = csl_connect_dialog_new (parent, location);

  g_object_set_data (G_OBJECT (dialog), "csl-team-opened", opened);
  g_signal_connect_object (dialog, "connect", G_CALLBACK (on_connect), parent, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

gboolean
csl_team_open_location (GtkWindow          *parent,
                        const char         *location,
                        CslTeamOpenedFunc   opened,
                        GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CslWorkspace) ws = NULL;
  g_autofree char *password = NULL;

  if (csl_team_location_is_team (location))
    {
      /* A keyring that cannot be reached is no password: libpq may still find ~/.pgpass. */
      password = csl_keyring_lookup (csl_keyring_get_default (), location, NULL);
      ws = open_with (location, password, &local_error);
      if (ws == NULL)
        {
          CslConnectDialog *dialog = csl_team_connect (parent, location, opened);
          csl_connect_dialog_set_error (dialog, local_error->message);
          return TRUE;
        }
    }
  else if ((ws = open_with (location, NULL, error)) == NULL)
    return FALSE;
  opened (parent, ws);
  return TRUE;
}
