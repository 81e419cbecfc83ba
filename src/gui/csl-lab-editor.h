#pragma once

#include <adwaita.h>

#include "records/csl-lab.h"

G_BEGIN_DECLS

#define CSL_TYPE_LAB_EDITOR (csl_lab_editor_get_type ())

G_DECLARE_FINAL_TYPE (CslLabEditor, csl_lab_editor, CSL, LAB_EDITOR, AdwWindow)

/* lab NULL: a new one. Emits "saved" (gint64 id) after a successful save. */
CslLabEditor *csl_lab_editor_new      (GtkWindow    *parent,
                                       CslWorkspace *workspace,
                                       const CslLab *lab);
gboolean      csl_lab_editor_can_save (CslLabEditor *self);
gboolean      csl_lab_editor_save     (CslLabEditor *self);

G_END_DECLS
