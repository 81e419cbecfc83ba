#include "config.h"

#include <glib/gi18n.h>

#include "csl-deadline-row.h"
#include "csl-gui-util.h"

const char *
csl_deadline_rule_icon_name (CslDeadlineRule rule)
{
  switch (rule)
    {
    case CSL_DEADLINE_LABEL_EXPIRY:         return "alarm-symbolic";
    case CSL_DEADLINE_REFILING_DUE:         return "view-refresh-symbolic";
    case CSL_DEADLINE_SUPPORT_END:          return "software-update-urgent-symbolic";
    case CSL_DEADLINE_LAB_ACCREDITATION:    return "emblem-documents-symbolic";
    case CSL_DEADLINE_AUTHORIZATION:        return "avatar-default-symbolic";
    case CSL_DEADLINE_LAB_BARRED:
    case CSL_DEADLINE_MANUFACTURER_BARRED:  return "action-unavailable-symbolic";
    case CSL_N_DEADLINE_RULES:
    default:                                return "dialog-warning-symbolic";
    }
}

static gboolean
is_condition (const CslDeadline *d)
{
  return d->rule == CSL_DEADLINE_REFILING_DUE || d->rule == CSL_DEADLINE_LAB_BARRED ||
         d->rule == CSL_DEADLINE_MANUFACTURER_BARRED;
}

char *
csl_deadline_when_text (const CslDeadline *d)
{
  if (is_condition (d))
    return g_strdup (_("now"));
  if (d->days_left < 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day overdue", "%d days overdue", -d->days_left),
                            -d->days_left);
  if (d->days_left == 0)
    return g_strdup (_("today"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %d day", "in %d days", d->days_left), d->days_left);
}

static GtkWidget *
when_box (const CslDeadline *d)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *when = csl_deadline_when_text (d);
  g_autofree char *due = csl_format_date (d->due);
  g_autofree char *date = d->rule == CSL_DEADLINE_REFILING_DUE
    ? g_strdup_printf (_("since %s"), due)
    : is_condition (d) ? g_strdup_printf (_("until %s"), due) : g_strdup (due);
  GtkWidget *when_label = gtk_label_new (when);
  GtkWidget *date_label = gtk_label_new (date);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (when_label), 1.0);
  gtk_label_set_xalign (GTK_LABEL (date_label), 1.0);
  gtk_widget_add_css_class (when_label, "heading");
  gtk_widget_add_css_class (date_label, "caption");
  gtk_widget_add_css_class (date_label, "dim-label");
  gtk_widget_add_css_class (date_label, "numeric");
  if (d->overdue)
    gtk_widget_add_css_class (when_label, "error");
  else if (d->days_left <= 30)
    gtk_widget_add_css_class (when_label, "warning");
  gtk_box_append (GTK_BOX (box), when_label);
  gtk_box_append (GTK_BOX (box), date_label);
  return box;
}

GtkWidget *
csl_deadline_row_new (const CslDeadline *d)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (csl_deadline_rule_icon_name (d->rule));
  g_autofree char *product = d->product_name && *d->product_name
    ? g_strdup_printf ("%s · %s", d->model, d->product_name) : g_strdup (d->model);
  g_autofree char *filing = d->filing_number
    ? g_strdup_printf (_("filing %lld (%s)"), (long long) d->filing_id, d->filing_number)
    : g_strdup_printf (_("filing %lld"), (long long) d->filing_id);
  g_autofree char *subtitle = g_strdup_printf ("%s (%s) · %s%s%s", csl_deadline_rule_label (d->rule),
                                               csl_deadline_rule_article (d->rule), filing,
                                               d->detail ? "\n" : "", d->detail ? d->detail : "");
  g_autofree char *title_markup = g_markup_escape_text (product, -1);
  g_autofree char *subtitle_markup = g_markup_escape_text (subtitle, -1);
  g_autofree char *description = csl_deadline_description (d);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title_markup);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle_markup);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_widget_add_css_class (icon, d->overdue ? "error" : "dim-label");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), when_box (d));
  gtk_widget_set_tooltip_text (row, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  csl_deadline_rule_label (d->rule), -1);
  return row;
}
