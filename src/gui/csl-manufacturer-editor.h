#pragma once

#include <adwaita.h>

#include "records/csl-manufacturer.h"

G_BEGIN_DECLS

#define CSL_TYPE_MANUFACTURER_EDITOR (csl_manufacturer_editor_get_type ())

G_DECLARE_FINAL_TYPE (CslManufacturerEditor, csl_manufacturer_editor, CSL, MANUFACTURER_EDITOR, AdwWindow)

/* manufacturer NULL: a new one. Emits "saved" (gint64 id) after a successful save. */
CslManufacturerEditor *csl_manufacturer_editor_new  (GtkWindow             *parent,
                                                     CslWorkspace          *workspace,
                                                     const CslManufacturer *manufacturer);
gboolean               csl_manufacturer_editor_can_save (CslManufacturerEditor *self);
gboolean               csl_manufacturer_editor_save     (CslManufacturerEditor *self);

G_END_DECLS
