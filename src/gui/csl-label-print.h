#pragma once

#include <gtk/gtk.h>

#include "documents/csl-label-load.h"

G_BEGIN_DECLS

/* csl_label_load() with the app's "qr-url-template" setting (a category's own template still
 * wins), for the wizard and the filing views. */
CslLabel          *csl_label_load_for_app        (CslWorkspace *workspace,
                                                  gint64        filing_id,
                                                  GError      **error);

/* An operation that prints the label at true size, drawn by csl_label_draw(): the default
 * paper is the label itself, without margins; on other paper the label sits unscaled at the
 * top-left of the printable area. width_mm 0: the template's design width. */
GtkPrintOperation *csl_label_print_operation_new (CslLabel   *label,
                                                  double      width_mm);
/* Checks the label (nothing reaches the printer if it fails), then shows the print dialog and
 * prints. FALSE with error if the label is refused or printing fails; TRUE when printed or
 * cancelled. */
gboolean           csl_label_print               (GtkWindow  *parent,
                                                  CslLabel   *label,
                                                  double      width_mm,
                                                  GError    **error);

G_END_DECLS
