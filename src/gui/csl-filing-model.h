#pragma once

#include <gio/gio.h>

#include "csl-filing-item.h"
#include "workspace/csl-workspace.h"

G_BEGIN_DECLS

#define CSL_TYPE_FILING_MODEL (csl_filing_model_get_type ())

G_DECLARE_FINAL_TYPE (CslFilingModel, csl_filing_model, CSL, FILING_MODEL, GObject)

/* Every filing of a workspace as a GListModel of CslFilingItem, in id order. It knows only the
 * ids up front; a row is read from the database, a page at a time, when it is first asked for,
 * so a workspace of 100 000 filings opens with the rows on screen read and nothing else. */
CslFilingModel *csl_filing_model_new           (void);
/* Reads the list of ids again (workspace NULL: empties the list); the rows read so far are
 * dropped, since any of them may have changed. */
gboolean        csl_filing_model_reload        (CslFilingModel *self,
                                                CslWorkspace   *workspace,
                                                GError        **error);
/* How many rows have been read from the database since the last reload. */
guint           csl_filing_model_get_n_loaded  (CslFilingModel *self);

G_END_DECLS
