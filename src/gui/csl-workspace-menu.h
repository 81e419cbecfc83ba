#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The header bar's workspace menu: the workspaces opened recently (GSettings
 * "recent-workspaces", locations only, never a password), then Connect to Team Workspace… and
 * Open Local Workspace…. */

#define CSL_RECENT_WORKSPACES_MAX 8

/* Puts location (its password taken out) first in the list, once. */
void        csl_recent_workspaces_add  (GSettings  *settings,
                                        const char *location);
/* Items open "win.open-recent" with the location; the current one is left out. */
GMenuModel *csl_workspace_menu_new     (GSettings  *settings,
                                        const char *current);

G_END_DECLS
