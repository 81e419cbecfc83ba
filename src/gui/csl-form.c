#include "config.h"

#include <glib/gi18n.h>

#include "base/csl-date.h"
#include "csl-form.h"
#include "csl-gui-util.h"

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

static void
on_day_selected (GtkCalendar *calendar,
                 GtkWidget   *row)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

/* The calendar opens on the typed date, or today. */
static void
on_calendar_show (GtkWidget *popover,
                  GtkWidget *row)
{
  GtkCalendar *calendar = GTK_CALENDAR (gtk_popover_get_child (GTK_POPOVER (popover)));
  g_autofree char *text = csl_form_dup_text (row);
  GDate parsed;
  g_autoptr(GDateTime) date = NULL;

  if (text != NULL && csl_date_parse (text, &parsed, NULL))
    date = g_date_time_new_local (g_date_get_year (&parsed), g_date_get_month (&parsed), g_date_get_day (&parsed),
                                  0, 0, 0);
  else
    date = g_date_time_new_now_local ();
  g_signal_handlers_block_by_func (calendar, on_day_selected, row);
  gtk_calendar_select_day (calendar, date);
  g_signal_handlers_unblock_by_func (calendar, on_day_selected, row);
}

void
csl_form_add_calendar (GtkWidget *row)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Choose a date"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose a date"), -1);
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  g_signal_connect_object (calendar, "day-selected", G_CALLBACK (on_day_selected), row, 0);
  g_signal_connect_object (popover, "show", G_CALLBACK (on_calendar_show), row, 0);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
}

static GtkWidget *
single_choice_button (AdwComboRow *row)
{
  return g_object_get_data (G_OBJECT (row), "csl-choice-button");
}

static guint
n_choices (AdwComboRow *row)
{
  GListModel *model = adw_combo_row_get_model (row);

  return model ? g_list_model_get_n_items (model) : 0;
}

/* Runs after libadwaita's own handlers, which hide its arrow and make the row inert. */
static void
update_single_choice (AdwComboRow *row)
{
  GtkWidget *button = single_choice_button (row);
  GObject *item = adw_combo_row_get_selected_item (row);
  GtkWidget *label = g_object_get_data (G_OBJECT (button), "csl-choice-label");

  gtk_widget_set_visible (button, n_choices (row) == 1);
  gtk_label_set_text (GTK_LABEL (label),
                      GTK_IS_STRING_OBJECT (item) ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : "");
  if (n_choices (row) == 1)
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
}

static void
on_choice_model (AdwComboRow *row)
{
  GListModel *model = adw_combo_row_get_model (row);

  if (model != NULL)
    g_signal_connect_object (model, "items-changed", G_CALLBACK (update_single_choice), row, G_CONNECT_SWAPPED);
  update_single_choice (row);
}

static void
on_choice_activated (AdwComboRow *row)
{
  if (n_choices (row) == 1)
    gtk_menu_button_popup (GTK_MENU_BUTTON (single_choice_button (row)));
}

void
csl_form_keep_choice_arrow (AdwComboRow *row)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (NULL);
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  g_autofree char *name = csl_strip_mnemonic (title);
  g_autofree char *a11y = g_strdup_printf (_("Choices for %s"), name);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "pan-down-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("object-select-symbolic"));
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  g_object_set_data (G_OBJECT (button), "csl-choice-label", label);
  g_object_set_data (G_OBJECT (row), "csl-choice-button", button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  g_signal_connect (row, "notify::model", G_CALLBACK (on_choice_model), NULL);
  g_signal_connect (row, "notify::selected-item", G_CALLBACK (update_single_choice), NULL);
  g_signal_connect (row, "activated", G_CALLBACK (on_choice_activated), NULL);
  on_choice_model (row);
}
