#pragma once

#include "csl-connect-dialog.h"
#include "workspace/csl-workspace.h"

G_BEGIN_DECLS

/* Opening a workspace from its location: a folder, or a team workspace with its password
 * from the keyring, and the Connect dialog when that is not enough. The window that asked is
 * told through opened(). */

typedef void (*CslTeamOpenedFunc) (gpointer      window,
                                   CslWorkspace *workspace);

/* A team workspace gets its LISTEN client (store/csl-pg-listener.h), so that open windows see
 * colleagues' changes live; location holds the password the connection needs. */
void              csl_team_listen        (CslWorkspace       *workspace,
                                          const char         *location);
/* A team workspace whose password the keyring lacks, or that refuses the one kept, opens the
 * Connect dialog prefilled, with the reason; a folder that fails returns FALSE and error. */
gboolean          csl_team_open_location (GtkWindow          *parent,
                                          const char         *location,
                                          CslTeamOpenedFunc   opened,
                                          GError            **error);
/* Shows the Connect dialog (prefilled from location when given) and returns it. */
CslConnectDialog *csl_team_connect       (GtkWindow          *parent,
                                          const char         *location,
                                          CslTeamOpenedFunc   opened);

G_END_DECLS
