#pragma once

#include <json-glib/json-glib.h>

#include "base/csl-model.h"
#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

/* What makes a deadline, each with the article or rule behind it (csl_deadline_rule_article()). */
typedef enum
{
  CSL_DEADLINE_LABEL_EXPIRY,         /* Art. 10: the label's validity ends */
  CSL_DEADLINE_REFILING_DUE,         /* Art. 10: a key technical change since filing */
  CSL_DEADLINE_SUPPORT_END,          /* Art. 14(4): security support ends while the label is valid */
  CSL_DEADLINE_LAB_ACCREDITATION,    /* Art. 7(1): the lab's accreditation ends before the label */
  CSL_DEADLINE_AUTHORIZATION,        /* Art. 8(7): the agent's authorisation ends before the label */
  CSL_DEADLINE_LAB_BARRED,           /* Art. 16: the filing relies on a barred lab */
  CSL_DEADLINE_MANUFACTURER_BARRED,  /* Art. 15: the filing's manufacturer is barred */
  CSL_DEADLINE_STANDARD_REPLACED,    /* a basis standard it cites is replaced from a date (csl-standards.h) */
  CSL_N_DEADLINE_RULES
} CslDeadlineRule;

typedef struct
{
  CslDeadlineRule  rule;
  gint64           filing_id;
  gint64           manufacturer_id;
  char            *manufacturer;
  char            *model;
  char            *product_name;
  char            *filing_number;
  CslFilingStatus  status;
  char            *due;         /* ISO date; for a bar, the day it ends */
  char            *since;       /* re-filing due and bars: the day the condition arose, else NULL */
  int              days_left;   /* from today to due; negative when past */
  gboolean         overdue;     /* past its date, or a condition that needs action now */
  int              reminder;    /* the smallest reminder window (days) it is inside, 0 if none */
  char            *detail;      /* the changed values, the lab, the bar's reason … */
} CslDeadline;

typedef struct
{
  const char *today;
  int         within_days;      /* dates up to today + within_days; overdue ones always */
  gint64      manufacturer_id;  /* 0: every manufacturer */
  const int  *reminder_days;    /* NULL: 90, 60, 30 */
  guint       n_reminder_days;
} CslDeadlineQuery;

const char  *csl_deadline_rule_to_string   (CslDeadlineRule    rule);
const char  *csl_deadline_rule_article     (CslDeadlineRule    rule);
/* Translated: “Label validity ends” … */
const char  *csl_deadline_rule_label       (CslDeadlineRule    rule);
/* Translated one-liners: “Manufacturer CAM-100: label validity ends (Art. 10)”, and the longer
 * explanation with the rule, the filing and the detail. */
char        *csl_deadline_summary          (const CslDeadline *d);
char        *csl_deadline_description      (const CslDeadline *d);

void         csl_deadline_free             (CslDeadline       *d);
/* Overdue and action-now deadlines first, then by date. One query for the whole workspace. */
GPtrArray   *csl_deadlines_list            (CslWorkspace      *ws,
                                            const CslDeadlineQuery *query,
                                            GError           **error);
/* The same deadlines in the same order, each handed to func and valid only during the call: a
 * list of thousands printed without a separate allocation for each deadline and string. */
typedef void (*CslDeadlineFunc) (const CslDeadline *d,
                                 gpointer           user_data);
gboolean     csl_deadlines_foreach         (CslWorkspace      *ws,
                                            const CslDeadlineQuery *query,
                                            CslDeadlineFunc    func,
                                            gpointer           user_data,
                                            GError           **error);
/* The same list computed from the filings, products, labs, authorisations, bars and
 * replaced standards themselves rather than read from what migration 9 keeps as they change
 * (deadline_due): what a team server runs, and what the tests compare the kept list with. */
GPtrArray   *csl_deadlines_recompute       (CslWorkspace      *ws,
                                            const CslDeadlineQuery *query,
                                            GError           **error);
/* TRUE if the deadline entered a reminder window, fell due, or arose after `since` and on or
 * before `today` (since NULL or empty: if it is inside a window or overdue now), so that each
 * reminder is sent once. */
gboolean     csl_deadline_entered_window   (const CslDeadline *d,
                                            const char        *since,
                                            const char        *today,
                                            const int         *reminder_days,
                                            guint              n_reminder_days);
/* "90,60,30": whole numbers of days from 1 to 3650, at least one. */
GArray      *csl_reminder_days_parse       (const char        *text,
                                            GError           **error);
/* SQLite's EXPLAIN QUERY PLAN of the query csl_deadlines_list() runs, one step a line: to check that it
 * stays on its indexes. */
char        *csl_deadlines_query_plan      (CslWorkspace      *ws,
                                            GError           **error);
void         csl_json_add_deadline         (JsonBuilder       *b,
                                            const CslDeadline *d);
/* The same object as text, as json-glib prints it pretty at depth (1 as an array's element),
 * appended to out: for lists of thousands, without a builder. */
void         csl_deadline_write_json       (GString           *out,
                                            const CslDeadline *d,
                                            guint              depth);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslDeadline, csl_deadline_free)

G_END_DECLS
