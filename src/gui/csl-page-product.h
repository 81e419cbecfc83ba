#pragma once

#include "csl-wizard-page.h"

G_BEGIN_DECLS

#define CSL_TYPE_PAGE_PRODUCT (csl_page_product_get_type ())

G_DECLARE_FINAL_TYPE (CslPageProduct, csl_page_product, CSL, PAGE_PRODUCT, CslWizardPage)

CslPageProduct *csl_page_product_new (void);

/* For tests and keyboard-less callers: fill the main fields as a user would. */
void            csl_page_product_fill (CslPageProduct *self,
                                       gint64          manufacturer_id,
                                       const char     *model,
                                       const char     *name,
                                       const char     *firmware,
                                       const char     *support_until);

G_END_DECLS
