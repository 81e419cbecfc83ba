#pragma once

#include <adwaita.h>

#include "csl-banner.h"
#include "csl-connect-dialog.h"
#include "workspace/csl-workspace.h"

G_BEGIN_DECLS

#define CSL_TYPE_WINDOW (csl_window_get_type ())

G_DECLARE_FINAL_TYPE (CslWindow, csl_window, CSL, WINDOW, AdwApplicationWindow)

/* Signals: "workspace-opened" (CslWorkspace) when the user opens another workspace here.
 * Actions for the windows it opens, which know nothing of it: "win.open-filing" (x, a filing
 * id) opens that filing in a new assistant; "win.verify-bundle" ((ss), the bundle's path and
 * the signer's certificate or "") shows the Verify view on that bundle. */

CslWindow    *csl_window_new              (GtkApplication *app,
                                           CslWorkspace   *workspace);
void          csl_window_set_workspace    (CslWindow      *self,
                                           CslWorkspace   *workspace);
CslWorkspace *csl_window_get_workspace    (CslWindow      *self);
void          csl_window_show_view        (CslWindow      *self,
                                           const char     *name);
void          csl_window_toast            (CslWindow      *self,
                                           const char     *message);
/* Opens a folder or a team workspace here (its password from the keyring; the Connect dialog
 * when that is not enough); the header bar's recent list and "win.open-recent" use it. */
void          csl_window_open_location    (CslWindow      *self,
                                           const char     *location);
/* "win.connect-team": the Connect dialog, prefilled from location when given. */
CslConnectDialog *csl_window_connect_team (CslWindow      *self,
                                           const char     *location);
/* Shown while a team workspace's server is away ("Reconnecting…"). */
CslBanner    *csl_window_get_reconnect_banner (CslWindow  *self);
/* For tests: the widgets behind each view. */
GtkWidget    *csl_window_get_view         (CslWindow      *self,
                                           const char     *name);

G_END_DECLS
