#include "config.h"

#include <glib/gi18n.h>

#include "base/csl-article.h"
#include "csl-deadline-row.h"
#include "csl-gui-util.h"

const char *
csl_deadline_rule_icon_name (CslDeadlineRule rule)
{
  switch (rule)
    {
    case CSL_DEADLINE_LABEL_EXPIRY:         return "alarm-symbolic";
    case CSL_DEADLINE_REFILING_DUE:         return "view-refresh-symbolic";
    /* Not software-update-urgent: its fixed orange reads about 1.8:1 on white. */
    case CSL_DEADLINE_SUPPORT_END:          return "security-low-symbolic";
    case CSL_DEADLINE_LAB_ACCREDITATION:    return "emblem-documents-symbolic";
    case CSL_DEADLINE_AUTHORIZATION:        return "avatar-default-symbolic";
    case CSL_DEADLINE_LAB_BARRED:
    case CSL_DEADLINE_MANUFACTURER_BARRED:  return "action-unavailable-symbolic";
    case CSL_DEADLINE_STANDARD_REPLACED:    return "view-refresh-symbolic";
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

struct _CslDeadlineRow
{
  GtkWidget         parent_instance;

  GtkWidget        *chart_box;
  CslDeadlineChart *chart;
  GtkLabel         *heading;
  GtkLabel         *group;
  GtkWidget        *deadline_box;
  GtkImage         *icon;
  GtkLabel         *title;
  GtkLabel         *subtitle;
  GtkLabel         *when;
  GtkLabel         *date;
};

G_DEFINE_FINAL_TYPE (CslDeadlineRow, csl_deadline_row, GTK_TYPE_WIDGET)

static void
csl_deadline_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CSL_TYPE_DEADLINE_ROW);
  G_OBJECT_CLASS (csl_deadline_row_parent_class)->dispose (object);
}

static void
csl_deadline_row_class_init (CslDeadlineRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = csl_deadline_row_dispose;
  g_type_ensure (CSL_TYPE_DEADLINE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-deadline-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CslDeadlineRow, chart_box);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlineRow, chart);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlineRow, heading);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlineRow, group);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlineRow, deadline_box);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlineRow, icon);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlineRow, title);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlineRow, subtitle);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlineRow, when);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlineRow, date);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
csl_deadline_row_init (CslDeadlineRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->heading), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
}

GtkWidget *
csl_deadline_row_new (void)
{
  return g_object_new (CSL_TYPE_DEADLINE_ROW, NULL);
}

static void
set_class (GtkWidget  *widget,
           const char *name,
           gboolean    on)
{
  if (on)
    gtk_widget_add_css_class (widget, name);
  else
    gtk_widget_remove_css_class (widget, name);
}

static void
show_deadline (CslDeadlineRow    *self,
               const CslDeadline *d)
{
  g_autofree char *product = d->product_name && *d->product_name
    ? g_strdup_printf ("%s · %s", d->model, d->product_name) : g_strdup (d->model);
  g_autofree char *filing = d->filing_number
    ? g_strdup_printf (_("filing %lld (%s)"), (long long) d->filing_id, d->filing_number)
    : g_strdup_printf (_("filing %lld"), (long long) d->filing_id);
  g_autofree char *subtitle = g_strdup_printf (/* TRANSLATORS: what is due (article) · filing, then a detail on its own line */
                                               _("%s (%s) · %s%s%s"), csl_deadline_rule_label (d->rule),
                                               csl_article_text (csl_deadline_rule_article (d->rule)), filing,
                                               d->detail ? "\n" : "", d->detail ? d->detail : "");
  g_autofree char *description = csl_deadline_description (d);
  g_autofree char *when = csl_deadline_when_text (d);
  g_autofree char *due = csl_format_date (d->due);
  g_autofree char *date = d->rule == CSL_DEADLINE_REFILING_DUE
    ? g_strdup_printf (_("since %s"), due)
    : is_condition (d) ? g_strdup_printf (_("until %s"), due) : g_strdup (due);

  gtk_label_set_text (self->title, product);
  gtk_label_set_text (self->subtitle, subtitle);
  gtk_image_set_from_icon_name (self->icon, csl_deadline_rule_icon_name (d->rule));
  set_class (GTK_WIDGET (self->icon), "error", d->overdue);
  set_class (GTK_WIDGET (self->icon), "warning", !d->overdue && d->days_left <= 30);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  csl_deadline_rule_label (d->rule), -1);
  gtk_label_set_text (self->when, when);
  set_class (GTK_WIDGET (self->when), "error", d->overdue);
  set_class (GTK_WIDGET (self->when), "warning", !d->overdue && d->days_left <= 30);
  gtk_label_set_text (self->date, date);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

void
csl_deadline_row_bind (CslDeadlineRow   *self,
                       CslDeadlineEntry *entry)
{
  CslDeadlineEntryKind kind;

  g_return_if_fail (CSL_IS_DEADLINE_ROW (self));
  g_return_if_fail (CSL_IS_DEADLINE_ENTRY (entry));
  kind = csl_deadline_entry_get_kind (entry);
  gtk_widget_set_visible (self->chart_box, kind == CSL_DEADLINE_ENTRY_CHART);
  gtk_widget_set_visible (GTK_WIDGET (self->heading), kind == CSL_DEADLINE_ENTRY_SECTION);
  gtk_widget_set_visible (GTK_WIDGET (self->group), kind == CSL_DEADLINE_ENTRY_GROUP);
  gtk_widget_set_visible (self->deadline_box, kind == CSL_DEADLINE_ENTRY_DEADLINE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  switch (kind)
    {
    case CSL_DEADLINE_ENTRY_CHART:
      csl_deadline_chart_set_counts (self->chart, csl_deadline_entry_get_overdue (entry),
                                     csl_deadline_entry_get_months (entry), csl_deadline_entry_get_text (entry));
      csl_deadline_chart_set_soon (self->chart, csl_deadline_entry_get_soon (entry));
      break;
    case CSL_DEADLINE_ENTRY_SECTION:
      gtk_label_set_text (self->heading, csl_deadline_entry_get_text (entry));
      break;
    case CSL_DEADLINE_ENTRY_GROUP:
      gtk_label_set_text (self->group, csl_deadline_entry_get_text (entry));
      break;
    case CSL_DEADLINE_ENTRY_DEADLINE:
    default:
      show_deadline (self, csl_deadline_entry_get_deadline (entry));
      break;
    }
}
