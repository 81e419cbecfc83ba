#pragma once

#include <gio/gio.h>

#include "csl-filing.h"

G_BEGIN_DECLS

#define CSL_TYPE_FILING_ITEM (csl_filing_item_get_type ())

G_DECLARE_FINAL_TYPE (CslFilingItem, csl_filing_item, CSL, FILING_ITEM, GObject)

/* Takes ownership of summary. */
CslFilingItem          *csl_filing_item_new         (CslFilingSummary *summary);
const CslFilingSummary *csl_filing_item_get_summary (CslFilingItem    *self);

G_END_DECLS
