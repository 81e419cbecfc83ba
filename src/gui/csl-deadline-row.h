#pragma once

#include <gtk/gtk.h>

#include "csl-deadline-entry.h"
#include "lifecycle/csl-deadlines.h"

G_BEGIN_DECLS

#define CSL_TYPE_DEADLINE_ROW (csl_deadline_row_get_type ())

G_DECLARE_FINAL_TYPE (CslDeadlineRow, csl_deadline_row, CSL, DEADLINE_ROW, GtkWidget)

/* What a row of the Deadlines list shows of its entry: the chart, a heading, a manufacturer,
 * or a deadline — what is due for which product, the article, and when. One row widget serves
 * every kind so that the list view can recycle it for any entry. */
GtkWidget  *csl_deadline_row_new        (void);
void        csl_deadline_row_bind       (CslDeadlineRow    *self,
                                         CslDeadlineEntry  *entry);
const char *csl_deadline_rule_icon_name (CslDeadlineRule    rule);
/* "in 30 days", "31 days overdue", "today", "now". */
char       *csl_deadline_when_text      (const CslDeadline *deadline);

G_END_DECLS
