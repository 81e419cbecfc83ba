#pragma once

#include <adwaita.h>

#include "records/csl-import.h"

G_BEGIN_DECLS

#define CSL_TYPE_IMPORT_WINDOW (csl_import_window_get_type ())
G_DECLARE_FINAL_TYPE (CslImportWindow, csl_import_window, CSL, IMPORT_WINDOW, AdwWindow)

/* Import… from the main menu: choose what the file holds and the file; every row is checked
 * (a dry run, off the main thread, with progress and Cancel) and shown as what it becomes,
 * with every problem at its line and column and the encoding read; Import writes the rows,
 * in one transaction, only when none has a problem. Emits "imported" after writing. */
CslImportWindow *csl_import_window_new      (GtkWindow       *parent,
                                             CslWorkspace    *workspace);
/* Chooses the kind and file as the user would, and starts the preview. */
void             csl_import_window_set_file (CslImportWindow *self,
                                             CslImportKind    kind,
                                             GFile           *file);
/* A preview or an import is running. */
gboolean         csl_import_window_is_busy  (CslImportWindow *self);
/* The report of the last preview or import, or NULL. */
const CslImportReport *csl_import_window_get_report (CslImportWindow *self);
/* What is shown as the file's state: the error, or the counts and encoding. */
const char      *csl_import_window_get_status (CslImportWindow *self);

/* The Import button, sensitive only when the preview is clean and has something to write. */
GtkWidget       *csl_import_window_get_import_button (CslImportWindow *self);

G_END_DECLS
