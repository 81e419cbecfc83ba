#include "config.h"

#include "base/csl-date.h"
#include "csl-form.h"

void
csl_form_set_state (GtkWidget    *row,
                    CslFormState  state)
{
  if (state == CSL_FORM_ERROR)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
  if (state == CSL_FORM_WARNING)
    gtk_widget_add_css_class (row, "warning");
  else
    gtk_widget_remove_css_class (row, "warning");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                               state == CSL_FORM_ERROR ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

char *
csl_form_dup_text (GtkWidget *editable)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable)));

  g_strstrip (text);
  return *text ? g_steal_pointer (&text) : NULL;
}

void
csl_form_set_text (GtkWidget  *editable,
                   const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text ? text : "");
}

CslFormState
csl_form_check_date (GtkWidget *row,
                     gboolean   required)
{
  g_autofree char *text = csl_form_dup_text (row);
  CslFormState state = CSL_FORM_OK;
  GDate date;

  if (text == NULL)
    state = required ? CSL_FORM_ERROR : CSL_FORM_OK;
  else if (!csl_date_parse (text, &date, NULL))
    state = CSL_FORM_ERROR;
  csl_form_set_state (row, state);
  return state;
}

void
csl_form_show_message (GtkLabel     *label,
                       CslFormState  state,
                       const char   *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL && *message != '\0');
  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");
  if (state == CSL_FORM_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else if (state == CSL_FORM_WARNING)
    gtk_widget_add_css_class (GTK_WIDGET (label), "warning");
}
