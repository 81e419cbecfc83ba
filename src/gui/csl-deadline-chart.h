#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CSL_DEADLINE_CHART_MONTHS 12

#define CSL_TYPE_DEADLINE_CHART (csl_deadline_chart_get_type ())

G_DECLARE_FINAL_TYPE (CslDeadlineChart, csl_deadline_chart, CSL, DEADLINE_CHART, GtkDrawingArea)

/* Bars of deadlines per month, so a manager sees the load at a glance: one bar for what is
 * overdue or due now, then one per month for the next twelve. */
GtkWidget  *csl_deadline_chart_new          (void);
/* first_month: an ISO date in the first month shown. */
void        csl_deadline_chart_set_counts   (CslDeadlineChart *self,
                                             guint             overdue,
                                             const guint      *months,
                                             const char       *first_month);
/* Of each month's count, how many are due within 30 days (drawn amber, as the rows say them);
 * after set_counts(). NULL: none. */
void        csl_deadline_chart_set_soon     (CslDeadlineChart *self,
                                             const guint      *soon);
guint       csl_deadline_chart_get_soon     (CslDeadlineChart *self,
                                             guint             month);
/* What the accessible description says: every bar with its count. */
const char *csl_deadline_chart_get_summary  (CslDeadlineChart *self);

G_END_DECLS
