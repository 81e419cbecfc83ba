#pragma once

#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

/* The facade the app and the CLI open: the handle, with the catalogue batches this program
 * ships imported and the attachment store tidied. */
char         *csl_workspace_default_dir     (void);
CslWorkspace *csl_workspace_open            (const char    *dir,
                                             GError       **error);
/* An existing workspace for reading only (see csl_db_open_read_only()); csl_workspace_open()
 * also opens one read-only when the user may not write it. */
CslWorkspace *csl_workspace_open_read_only  (const char    *dir,
                                             GError       **error);

G_END_DECLS
