#pragma once

#include <gio/gio.h>

#include "csl-deadline-chart.h"
#include "lifecycle/csl-deadlines.h"

G_BEGIN_DECLS

/* One item of the Deadlines list: the chart, a section heading, a manufacturer's name above
 * its deadlines, or one deadline. The list is a model so that 10 000 deadlines cost the rows
 * on screen, not a widget each. */
typedef enum
{
  CSL_DEADLINE_ENTRY_CHART,
  CSL_DEADLINE_ENTRY_SECTION,
  CSL_DEADLINE_ENTRY_GROUP,
  CSL_DEADLINE_ENTRY_DEADLINE,
} CslDeadlineEntryKind;

#define CSL_TYPE_DEADLINE_ENTRY (csl_deadline_entry_get_type ())

G_DECLARE_FINAL_TYPE (CslDeadlineEntry, csl_deadline_entry, CSL, DEADLINE_ENTRY, GObject)

CslDeadlineEntry     *csl_deadline_entry_new_text     (CslDeadlineEntryKind  kind,
                                                       const char           *text);
/* Keeps `deadlines` (which holds `deadline`) alive as long as the entry. */
CslDeadlineEntry     *csl_deadline_entry_new_deadline (GPtrArray            *deadlines,
                                                       const CslDeadline    *deadline);
CslDeadlineEntry     *csl_deadline_entry_new_chart    (guint                 overdue,
                                                       const guint          *months,
                                                       const char           *first_month);
CslDeadlineEntryKind  csl_deadline_entry_get_kind     (CslDeadlineEntry     *self);
const char           *csl_deadline_entry_get_text     (CslDeadlineEntry     *self);
const CslDeadline    *csl_deadline_entry_get_deadline (CslDeadlineEntry     *self);
/* The chart's bars: the overdue count, CSL_DEADLINE_CHART_MONTHS counts and the first month. */
guint                 csl_deadline_entry_get_overdue  (CslDeadlineEntry     *self);
const guint          *csl_deadline_entry_get_months   (CslDeadlineEntry     *self);
/* Of each month's count, those due within 30 days. */
void                  csl_deadline_entry_set_soon     (CslDeadlineEntry     *self,
                                                       const guint          *soon);
const guint          *csl_deadline_entry_get_soon     (CslDeadlineEntry     *self);

G_END_DECLS
