#pragma once

#include <adwaita.h>

#include "workspace/csl-workspace.h"

G_BEGIN_DECLS

#define CSL_TYPE_FILINGS_VIEW (csl_filings_view_get_type ())

G_DECLARE_FINAL_TYPE (CslFilingsView, csl_filings_view, CSL, FILINGS_VIEW, GtkWidget)

void        csl_filings_view_set_workspace (CslFilingsView *self,
                                            CslWorkspace   *workspace);
void        csl_filings_view_reload        (CslFilingsView *self);
/* The filtered list as shown. */
GListModel *csl_filings_view_get_model     (CslFilingsView *self);
void        csl_filings_view_set_search    (CslFilingsView *self,
                                            const char     *text);
void        csl_filings_view_focus_search  (CslFilingsView *self);
/* The ids of the selected filings (gint64), in the order shown. */
GArray     *csl_filings_view_get_selected_ids (CslFilingsView *self);
/* Export…: the filings the current filter shows, in the order shown, as "filing list --format
 * csv" writes them (UTF-8 with BOM, ISO dates), written atomically. */
gboolean    csl_filings_view_export_csv    (CslFilingsView  *self,
                                            GFile           *file,
                                            GError         **error);

G_END_DECLS
