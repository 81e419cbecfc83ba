#pragma once

#include <adwaita.h>

#include "records/csl-product.h"

G_BEGIN_DECLS

#define CSL_TYPE_PRODUCT_EDITOR (csl_product_editor_get_type ())

G_DECLARE_FINAL_TYPE (CslProductEditor, csl_product_editor, CSL, PRODUCT_EDITOR, AdwWindow)

/* Edits a product after filing: versions, key technical parameters and the security support
 * end date. Saving applies Art. 10 (its filed filings become re-filing due) and emits "saved"
 * with the number of filings that did. */
CslProductEditor *csl_product_editor_new  (GtkWindow        *parent,
                                           CslWorkspace     *workspace,
                                           const CslProduct *product);
void              csl_product_editor_fill (CslProductEditor *self,
                                           const char       *hardware,
                                           const char       *firmware,
                                           const char       *support_until,
                                           const char       *params);
gboolean          csl_product_editor_save (CslProductEditor *self,
                                           GError          **error);

G_END_DECLS
