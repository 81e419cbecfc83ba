#pragma once

#include <adwaita.h>

#include "base/csl-model.h"
#include "documents/csl-store.h"

G_BEGIN_DECLS

#define CSL_TYPE_MATERIAL_ROW (csl_material_row_get_type ())

G_DECLARE_FINAL_TYPE (CslMaterialRow, csl_material_row, CSL, MATERIAL_ROW, AdwActionRow)

/* One required filing material: what is attached (with a thumbnail), or why not. Files can be
 * dropped on it. Emits "choose", "file-dropped" (GFile) and "remove" (gint64 attachment id). */
CslMaterialRow  *csl_material_row_new            (CslMaterialKind      kind);
CslMaterialKind  csl_material_row_get_kind       (CslMaterialRow      *self);
void             csl_material_row_set_attachment (CslMaterialRow      *self,
                                                  const CslAttachment *attachment);
gint64           csl_material_row_get_attachment_id (CslMaterialRow   *self);
void             csl_material_row_set_busy       (CslMaterialRow      *self,
                                                  gboolean             busy);
void             csl_material_row_set_error      (CslMaterialRow      *self,
                                                  const char          *message);
const char      *csl_material_row_get_error      (CslMaterialRow      *self);
void             csl_material_row_set_thumbnail  (CslMaterialRow      *self,
                                                  GdkTexture          *texture);

G_END_DECLS
