#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Small helpers shared by the editors: inline validation state on rows, never a dialog. */
typedef enum
{
  CSL_FORM_OK,
  CSL_FORM_WARNING,
  CSL_FORM_ERROR,
} CslFormState;

void        csl_form_set_state   (GtkWidget    *row,
                                  CslFormState  state);
char       *csl_form_dup_text    (GtkWidget    *editable);
void        csl_form_set_text    (GtkWidget    *editable,
                                  const char   *text);
/* A date entry is fine when empty or a valid YYYY-MM-DD; returns its state. */
CslFormState csl_form_check_date (GtkWidget    *row,
                                  gboolean      required);
/* A calendar button at the end of a YYYY-MM-DD entry row: a GtkCalendar in a popover that
 * writes the ISO date; typing the date stays possible. */
void        csl_form_add_calendar (GtkWidget   *row);
/* libadwaita 1.2 hides a combo row's arrow, and ignores clicks, while it has a single item: the
 * row then reads as a label, not as a choice. This gives it an arrow of its own then, which
 * opens the one item, checked. */
void        csl_form_keep_choice_arrow (AdwComboRow *row);
void        csl_form_show_message (GtkLabel    *label,
                                   CslFormState state,
                                   const char  *message);

G_END_DECLS
