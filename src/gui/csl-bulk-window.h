#pragma once

#include <adwaita.h>

#include "workspace/csl-workspace.h"

G_BEGIN_DECLS

/* One action over the filings selected in the Filings view, each filing on its own: a row per
 * filing shows it waiting, running (with progress when packaging), done or why it failed;
 * Cancel stops after the filing being worked on; a summary says how many succeeded. The work
 * runs in a worker thread on a database connection of its own. */
typedef enum
{
  CSL_BULK_CHECK,
  CSL_BULK_EXPORT_LABELS,
  CSL_BULK_PACKAGE,
  CSL_BULK_REFILE,
  CSL_BULK_RECORD_SUBMISSION,
} CslBulkKind;

#define CSL_TYPE_BULK_WINDOW (csl_bulk_window_get_type ())
G_DECLARE_FINAL_TYPE (CslBulkWindow, csl_bulk_window, CSL, BULK_WINDOW, AdwWindow)

/* ids: the filings (gint64), titles: what each row is called, in the same order. A check
 * starts at once; the others ask first for what they need (a signing identity and its
 * password, a folder, a date) and start with their button. */
CslBulkWindow *csl_bulk_window_new             (GtkWindow      *parent,
                                                CslWorkspace   *workspace,
                                                CslBulkKind     kind,
                                                GArray         *ids,
                                                const char *const *titles);
/* What the user would choose: a PKCS#12 file, or a PEM key with its certificate. */
void           csl_bulk_window_set_identity    (CslBulkWindow  *self,
                                                GFile          *identity,
                                                GFile          *cert);
void           csl_bulk_window_set_password    (CslBulkWindow  *self,
                                                const char     *password);
void           csl_bulk_window_set_destination (CslBulkWindow  *self,
                                                GFile          *folder);
/* As the start button does: FALSE, with the reason shown, when something it needs is missing
 * or wrong (the password does not open the identity). */
gboolean       csl_bulk_window_start           (CslBulkWindow  *self);
/* As Cancel does while running: the filing being worked on finishes, the rest are skipped. */
void           csl_bulk_window_stop            (CslBulkWindow  *self);
gboolean       csl_bulk_window_is_busy         (CslBulkWindow  *self);
guint          csl_bulk_window_get_n_succeeded (CslBulkWindow  *self);
guint          csl_bulk_window_get_n_failed    (CslBulkWindow  *self);
/* The row's outcome: what was written, or why it failed ("" while waiting). */
const char    *csl_bulk_window_get_outcome     (CslBulkWindow  *self,
                                                guint           index);
const char    *csl_bulk_window_get_summary     (CslBulkWindow  *self);

G_END_DECLS
