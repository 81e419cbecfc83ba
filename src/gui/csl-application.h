#pragma once

#include <adwaita.h>

#include "workspace/csl-workspace.h"

G_BEGIN_DECLS

#define CSL_TYPE_APPLICATION (csl_application_get_type ())

G_DECLARE_FINAL_TYPE (CslApplication, csl_application, CSL, APPLICATION, AdwApplication)

CslApplication *csl_application_new            (void);
CslWorkspace   *csl_application_get_workspace  (CslApplication *self);
void            csl_application_set_workspace  (CslApplication *self,
                                                CslWorkspace   *workspace);

G_END_DECLS
