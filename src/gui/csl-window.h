#pragma once

#include <adwaita.h>

#include "csl-application.h"

G_BEGIN_DECLS

#define CSL_TYPE_WINDOW (csl_window_get_type ())

G_DECLARE_FINAL_TYPE (CslWindow, csl_window, CSL, WINDOW, AdwApplicationWindow)

CslWindow    *csl_window_new              (CslApplication *app,
                                           CslWorkspace   *workspace);
void          csl_window_set_workspace    (CslWindow      *self,
                                           CslWorkspace   *workspace);
CslWorkspace *csl_window_get_workspace    (CslWindow      *self);
void          csl_window_show_view        (CslWindow      *self,
                                           const char     *name);
void          csl_window_toast            (CslWindow      *self,
                                           const char     *message);
/* For tests: the widgets behind each view. */
GtkWidget    *csl_window_get_view         (CslWindow      *self,
                                           const char     *name);

G_END_DECLS
