#pragma once

#include <adwaita.h>

#include "label/csl-label-sheet.h"
#include "workspace/csl-workspace.h"

G_BEGIN_DECLS

/* Printing a sticker sheet: the pages are drawn by csl_label_sheet_draw_page(), the function
 * `label sheet` writes its PDF with, on paper of the sheet's size, unscaled, from the page's
 * corner (the sheet's margins are part of its layout). Every label is checked first. Takes
 * ownership of sheet; labels (CslLabel) are referenced. NULL with error when a check fails. */
GtkPrintOperation *csl_label_sheet_print_operation_new (CslLabelSheet  *sheet,
                                                        GPtrArray      *labels,
                                                        guint           skip,
                                                        GError        **error);

/* "Print Labels…" of the Filings view: the selected filings' labels (with copies of each) on a
 * chosen sheet, then the print dialog. */
#define CSL_TYPE_LABEL_SHEET_WINDOW (csl_label_sheet_window_get_type ())
G_DECLARE_FINAL_TYPE (CslLabelSheetWindow, csl_label_sheet_window, CSL, LABEL_SHEET_WINDOW, AdwWindow)

CslLabelSheetWindow *csl_label_sheet_window_new   (GtkWindow           *parent,
                                                   CslWorkspace        *workspace,
                                                   GArray              *ids);
/* The operation the Print button runs, for the choices made; NULL with error. */
GtkPrintOperation   *csl_label_sheet_window_make_operation (CslLabelSheetWindow *self,
                                                            GError             **error);

G_END_DECLS
