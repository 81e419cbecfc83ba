#pragma once

#include <adwaita.h>

#include "workspace/csl-workspace.h"

G_BEGIN_DECLS

#define CSL_TYPE_DEADLINES_VIEW (csl_deadlines_view_get_type ())

G_DECLARE_FINAL_TYPE (CslDeadlinesView, csl_deadlines_view, CSL, DEADLINES_VIEW, AdwBin)

/* What is due: overdue first, then the next 30 and 90 days, grouped by manufacturer; a chart
 * of the next twelve months; a manufacturer filter for agents; export to a calendar file. */
GtkWidget *csl_deadlines_view_new              (void);
void       csl_deadlines_view_set_workspace    (CslDeadlinesView *self,
                                                CslWorkspace     *workspace);
/* NULL: the calendar's today (csl_date_today()). */
void       csl_deadlines_view_set_today        (CslDeadlinesView *self,
                                                const char       *today);
/* 0: every manufacturer. */
void       csl_deadlines_view_set_manufacturer (CslDeadlinesView *self,
                                                gint64            manufacturer_id);
void       csl_deadlines_view_reload           (CslDeadlinesView *self);
/* The deadlines listed (overdue and the next 90 days) and those the chart counts. */
guint      csl_deadlines_view_get_n_listed     (CslDeadlinesView *self);
guint      csl_deadlines_view_get_n_charted    (CslDeadlinesView *self);
/* The calendar the export writes, for the deadlines the view holds. */
char      *csl_deadlines_view_to_ics           (CslDeadlinesView *self);

G_END_DECLS
