#pragma once

#include <gio/gio.h>

#include "csl-filing-item.h"
#include "workspace/csl-workspace.h"

G_BEGIN_DECLS

#define CSL_TYPE_FILING_MODEL (csl_filing_model_get_type ())

G_DECLARE_FINAL_TYPE (CslFilingModel, csl_filing_model, CSL, FILING_MODEL, GObject)

/* Every filing of a workspace, or those a search matches, as a GListModel of CslFilingItem, in
 * id order. It knows only the ids up front; a row is read from the database, a page at a time,
 * when it is first asked for, so a workspace of 100 000 filings opens with the rows on screen
 * read and nothing else. */
CslFilingModel *csl_filing_model_new           (void);
/* Reads the list of ids again (workspace NULL: empties the list); the rows read so far are
 * dropped, since any of them may have changed. */
gboolean        csl_filing_model_reload        (CslFilingModel *self,
                                                CslWorkspace   *workspace,
                                                GError        **error);
/* Shows only the rows whose search key contains text, normalised as csl_filing_search_key()
 * is (NULL or "": every row). Filters in memory over keys made ahead of time; a text that
 * extends the last one looks only at the rows that matched it. in_place: the items already
 * handed out are pointed at the rows now at their positions (each emits "changed") and only
 * the change in length is announced, so the list keeps its row widgets; right only while
 * nothing above the model keeps state per item (a sort, a filter, a selection). Otherwise the
 * rows that went and came are announced. */
void            csl_filing_model_set_search    (CslFilingModel *self,
                                                const char     *text,
                                                gboolean        in_place);
/* Every filing, whatever the search shows. */
guint           csl_filing_model_get_n_filings (CslFilingModel *self);
/* The positions on screen: an in-place search points these at their new rows before it
 * returns and the list's other rows once typing pauses (default: every position at once). */
void            csl_filing_model_set_window    (CslFilingModel *self,
                                                guint           position,
                                                guint           n_items);
/* How many rows have a search key yet (they are made in idle time after a reload). */
guint           csl_filing_model_get_n_keyed   (CslFilingModel *self);
/* What search looks in: model, product name, manufacturer and filing number, each
 * csl_text_normalize()d (NFKC, case-folded, one kind of dash, no white space) and ended by
 * U+001F, so that no match spans two fields. */
char           *csl_filing_search_key          (const CslFilingSummary *summary);
/* How many rows have been read from the database since the last reload. */
guint           csl_filing_model_get_n_loaded  (CslFilingModel *self);

G_END_DECLS
