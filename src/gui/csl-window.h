#pragma once

#include <adwaita.h>

#include "csl-application.h"

G_BEGIN_DECLS

#define CSL_TYPE_WINDOW (csl_window_get_type ())

G_DECLARE_FINAL_TYPE (CslWindow, csl_window, CSL, WINDOW, AdwApplicationWindow)

CslWindow  *csl_window_new               (CslApplication *app,
                                          CslWorkspace   *workspace);
void        csl_window_reload            (CslWindow      *self);
GListModel *csl_window_get_filings       (CslWindow      *self);
guint       csl_window_get_n_manufacturers (CslWindow    *self);
/* "filings", "manufacturers" or "deadlines". */
void        csl_window_show_page         (CslWindow      *self,
                                          const char     *name);

G_END_DECLS
