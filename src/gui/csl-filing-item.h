#pragma once

#include <gio/gio.h>

#include "records/csl-filing.h"

G_BEGIN_DECLS

#define CSL_TYPE_FILING_ITEM (csl_filing_item_get_type ())

G_DECLARE_FINAL_TYPE (CslFilingItem, csl_filing_item, CSL, FILING_ITEM, GObject)

/* Slots for values a view derives from the summary (sort keys, search text). */
#define CSL_FILING_ITEM_N_KEYS 8

typedef char *(*CslFilingItemKeyFunc) (const CslFilingSummary *summary,
                                       guint                   slot);

/* Takes ownership of summary. */
CslFilingItem          *csl_filing_item_new         (CslFilingSummary     *summary);
const CslFilingSummary *csl_filing_item_get_summary (CslFilingItem        *self);
/* An item showing target's row, which can be pointed at another row: the list keeps its
 * widget and "changed" tells the widget to show the new row. */
CslFilingItem          *csl_filing_item_new_proxy   (CslFilingItem        *target);
void                    csl_filing_item_set_target  (CslFilingItem        *self,
                                                     CslFilingItem        *target);
/* make (summary, slot) the first time, the same string after: sorting 100 000 rows compares
 * each of them some seventeen times, searching them does so at each key press. */
const char             *csl_filing_item_get_key     (CslFilingItem        *self,
                                                     guint                 slot,
                                                     CslFilingItemKeyFunc  make);

G_END_DECLS
