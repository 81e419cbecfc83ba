#pragma once

#include "records/csl-filing.h"
#include "records/csl-product.h"

G_BEGIN_DECLS

/* Saves a filing being prepared together with its product, in one transaction: the product is
 * added or updated, then the filing (linked to it) added or updated. On success both ids are
 * set; on failure nothing is written. */
gboolean csl_draft_save (CslWorkspace  *ws,
                         CslProduct    *product,
                         CslFiling     *filing,
                         GError       **error);

G_END_DECLS
