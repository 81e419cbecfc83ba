#pragma once

#include <adwaita.h>

#include "csl-deadlines.h"

G_BEGIN_DECLS

/* One deadline as a list row: what is due for which product, the article, and when. */
GtkWidget  *csl_deadline_row_new        (const CslDeadline *deadline);
const char *csl_deadline_rule_icon_name (CslDeadlineRule    rule);
/* "in 30 days", "31 days overdue", "today", "now". */
char       *csl_deadline_when_text      (const CslDeadline *deadline);

G_END_DECLS
