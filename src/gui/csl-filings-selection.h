#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Which filings are selected, by id, across a reload of the list (a colleague's change arriving
 * through LISTEN reloads it): what was selected stays selected, wherever it moved. Works for
 * single and multiple selection. */

typedef struct _CslFilingsSelection CslFilingsSelection;

CslFilingsSelection *csl_filings_selection_save    (GtkSelectionModel   *model);
/* Selects again what was saved, then frees it. */
void                 csl_filings_selection_restore (GtkSelectionModel   *model,
                                                    CslFilingsSelection *saved);

G_END_DECLS
