#pragma once

#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

/* The facade the app and the CLI open: the handle, with the catalogue batches this program
 * ships imported and the attachment store tidied. */
char         *csl_workspace_default_dir     (void);
CslWorkspace *csl_workspace_open            (const char    *dir,
                                             GError       **error);

G_END_DECLS
