#include "config.h"

#include <glib/gi18n.h>

#include "csl-atomic.h"
#include "csl-date.h"
#include "csl-deadline-chart.h"
#include "csl-deadline-row.h"
#include "csl-deadlines-view.h"
#include "csl-deadlines.h"
#include "csl-ics.h"
#include "csl-manufacturer.h"
#include "csl-settings.h"

#define LISTED_DAYS 90
#define SOON_DAYS 30

struct _CslDeadlinesView
{
  AdwBin                parent_instance;

  CslWorkspace         *workspace;
  GSettings            *settings;
  char                 *today;
  gint64                manufacturer_id;
  GArray               *manufacturer_ids;   /* the filter's rows after "all" */
  gboolean              filling_filter;
  GPtrArray            *deadlines;
  guint                 n_listed;
  guint                 n_charted;
  GtkFileChooserNative *chooser;

  AdwToastOverlay      *toasts;
  GtkWidget            *toolbar;
  GtkDropDown          *filter;
  GtkLabel             *summary;
  GtkWidget            *export_button;
  GtkStack             *stack;
  CslDeadlineChart     *chart;
  GtkBox               *sections;
  GtkWidget            *notify_group;
  AdwActionRow         *notify_row;
  GtkSwitch            *notify_switch;
};

G_DEFINE_FINAL_TYPE (CslDeadlinesView, csl_deadlines_view, ADW_TYPE_BIN)

static char *
view_today (CslDeadlinesView *self)
{
  return self->today ? g_strdup (self->today) : csl_date_today ();
}

/* The chart's twelve months start with the current one; the query reaches their end. */
static void
chart_range (const char  *today,
             GDate       *first,
             int         *within)
{
  GDate today_date, end;

  csl_date_parse (today, &today_date, NULL);
  *first = today_date;
  g_date_set_day (first, 1);
  end = *first;
  g_date_add_months (&end, CSL_DEADLINE_CHART_MONTHS);
  *within = g_date_days_between (&today_date, &end) - 1;
}

static void
fill_chart (CslDeadlinesView *self,
            const GDate      *first)
{
  guint months[CSL_DEADLINE_CHART_MONTHS] = { 0 };
  guint overdue = 0;
  g_autofree char *first_iso = csl_date_format (first);

  self->n_charted = 0;
  for (guint i = 0; i < self->deadlines->len; i++)
    {
      CslDeadline *d = self->deadlines->pdata[i];
      GDate due;
      int m;

      if (d->overdue)
        {
          overdue++;
          self->n_charted++;
          continue;
        }
      if (!csl_date_parse (d->due, &due, NULL))
        continue;
      m = ((int) g_date_get_year (&due) - (int) g_date_get_year (first)) * 12 +
          ((int) g_date_get_month (&due) - (int) g_date_get_month (first));
      if (m >= 0 && m < CSL_DEADLINE_CHART_MONTHS)
        {
          months[m]++;
          self->n_charted++;
        }
    }
  csl_deadline_chart_set_counts (self->chart, overdue, months, first_iso);
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* One section — a heading and a group per manufacturer — for the deadlines that pass `keep`. */
static guint
add_section (CslDeadlinesView *self,
             const char       *title,
             gboolean        (*keep) (const CslDeadline *d))
{
  g_autoptr(GHashTable) groups = g_hash_table_new (g_int64_hash, g_int64_equal);
  GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *heading;
  g_autofree char *text = NULL;
  guint n = 0;

  for (guint i = 0; i < self->deadlines->len; i++)
    {
      CslDeadline *d = self->deadlines->pdata[i];
      GtkWidget *group;

      if (!keep (d))
        continue;
      group = g_hash_table_lookup (groups, &d->manufacturer_id);
      if (group == NULL)
        {
          g_autofree char *name = g_markup_escape_text (d->manufacturer ? d->manufacturer : "", -1);

          group = adw_preferences_group_new ();
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), name);
          g_hash_table_insert (groups, &d->manufacturer_id, group);
          gtk_box_append (GTK_BOX (section), group);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), csl_deadline_row_new (d));
      n++;
    }
  if (n == 0)
    {
      g_object_ref_sink (section);
      g_object_unref (section);
      return 0;
    }
  text = g_strdup_printf ("%s (%u)", title, n);
  heading = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (heading), 0.0);
  gtk_widget_add_css_class (heading, "title-4");
  gtk_accessible_update_property (GTK_ACCESSIBLE (heading), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  gtk_box_prepend (GTK_BOX (section), heading);
  gtk_box_append (self->sections, section);
  return n;
}

static gboolean
keep_overdue (const CslDeadline *d)
{
  return d->overdue;
}

static gboolean
keep_soon (const CslDeadline *d)
{
  return !d->overdue && d->days_left <= SOON_DAYS;
}

static gboolean
keep_later (const CslDeadline *d)
{
  return !d->overdue && d->days_left > SOON_DAYS && d->days_left <= LISTED_DAYS;
}

static void
show_summary (CslDeadlinesView *self,
              guint             overdue)
{
  g_autofree char *text = NULL;

  if (self->n_charted == 0)
    text = g_strdup (_("Nothing due in the next 12 months"));
  else
    text = g_strdup_printf (_("%u overdue or due now, %u in the next 12 months"), overdue, self->n_charted - overdue);
  gtk_label_set_text (self->summary, text);
}

static void
reload_deadlines (CslDeadlinesView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) windows = csl_settings_get_reminder_days (self->settings);
  g_autofree char *today = view_today (self);
  CslDeadlineQuery q = { 0 };
  GDate first;
  guint overdue;

  chart_range (today, &first, &q.within_days);
  q.today = today;
  q.manufacturer_id = self->manufacturer_id;
  q.reminder_days = (const int *) windows->data;
  q.n_reminder_days = windows->len;
  g_clear_pointer (&self->deadlines, g_ptr_array_unref);
  self->deadlines = csl_deadlines_list (self->workspace, &q, &error);
  if (self->deadlines == NULL)
    {
      g_warning ("Cannot list deadlines: %s", error->message);
      self->deadlines = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_deadline_free);
    }

  clear_box (self->sections);
  overdue = add_section (self, _("Overdue and Due Now"), keep_overdue);
  self->n_listed = overdue;
  self->n_listed += add_section (self, _("Next 30 Days"), keep_soon);
  self->n_listed += add_section (self, _("In 31 to 90 Days"), keep_later);
  fill_chart (self, &first);
  show_summary (self, overdue);

  gtk_widget_set_sensitive (self->export_button, self->deadlines->len > 0);
  gtk_stack_set_visible_child_name (self->stack, self->n_charted > 0 ? "list" : "empty");
}

static void
reload_filter (CslDeadlinesView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) makers = csl_manufacturer_list (self->workspace, &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  if (makers == NULL)
    {
      g_warning ("Cannot list manufacturers: %s", error->message);
      return;
    }
  g_array_set_size (self->manufacturer_ids, 0);
  gtk_string_list_append (names, _("All Manufacturers"));
  for (guint i = 0; i < makers->len; i++)
    {
      CslManufacturer *m = makers->pdata[i];

      gtk_string_list_append (names, csl_manufacturer_display_name (m));
      g_array_append_val (self->manufacturer_ids, m->id);
      if (m->id == self->manufacturer_id)
        selected = i + 1;
    }
  if (selected == 0)
    self->manufacturer_id = 0;
  /* An agent files for several manufacturers; one manufacturer needs no filter. */
  gtk_widget_set_visible (GTK_WIDGET (self->filter), makers->len > 1);
  self->filling_filter = TRUE;
  gtk_drop_down_set_model (self->filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->filter, selected);
  self->filling_filter = FALSE;
  gtk_widget_set_visible (self->toolbar, makers->len > 0);
}

void
csl_deadlines_view_reload (CslDeadlinesView *self)
{
  g_return_if_fail (CSL_IS_DEADLINES_VIEW (self));
  if (self->workspace == NULL)
    return;
  reload_filter (self);
  reload_deadlines (self);
}

static void
on_filter_selected (CslDeadlinesView *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter);

  if (self->filling_filter)
    return;
  self->manufacturer_id = selected > 0 && selected <= self->manufacturer_ids->len
    ? g_array_index (self->manufacturer_ids, gint64, selected - 1) : 0;
  reload_deadlines (self);
}

static void
on_workspace_changed (CslDeadlinesView *self,
                      const char       *entity)
{
  csl_deadlines_view_reload (self);
}

char *
csl_deadlines_view_to_ics (CslDeadlinesView *self)
{
  g_autoptr(GArray) windows = csl_settings_get_reminder_days (self->settings);
  g_autofree char *stamp = csl_ics_timestamp_now ();
  int alarm = G_MAXINT;

  g_return_val_if_fail (CSL_IS_DEADLINES_VIEW (self), NULL);
  for (guint i = 0; i < windows->len; i++)
    alarm = MIN (alarm, g_array_index (windows, int, i));
  return csl_ics_from_deadlines (self->deadlines, stamp, alarm);
}

static void
toast (CslDeadlinesView *self,
       const char       *text)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
}

static void
on_export_response (CslDeadlinesView *self,
                    int               response)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *text = NULL, *message = NULL, *name = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;
  text = csl_deadlines_view_to_ics (self);
  name = g_file_get_basename (file);
  if (!csl_file_set_contents_atomic (path, text, strlen (text), 0644, &error))
    message = g_strdup_printf (_("Could not export: %s"), error->message);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u deadline to %s",
                                            "Exported %u deadlines to %s", self->deadlines->len),
                               self->deadlines->len, name);
  toast (self, message);
}

static void
on_export_clicked (CslDeadlinesView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  /* GtkFileChooserNative: the portal's dialog in a sandbox, GTK 4.8's API everywhere. */
  self->chooser = gtk_file_chooser_native_new (_("Export Deadlines"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Calendar files"));
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  gtk_file_filter_add_suffix (filter, "ics");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "csl-filer-deadlines.ics");
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
setup_notifications (CslDeadlinesView *self)
{
  g_autoptr(GArray) windows = csl_settings_get_reminder_days (self->settings);
  g_autoptr(GString) days = g_string_new (NULL);
  g_autofree char *subtitle = NULL;

  gtk_widget_set_visible (self->notify_group, self->settings != NULL);
  if (self->settings == NULL)
    return;
  g_settings_bind (self->settings, "notifications", self->notify_switch, "active", G_SETTINGS_BIND_DEFAULT);
  for (guint i = 0; i < windows->len; i++)
    g_string_append_printf (days, "%s%d", i ? ", " : "", g_array_index (windows, int, i));
  subtitle = g_strdup_printf (_("Once a day, when a deadline is %s days away, falls due or arises"), days->str);
  adw_action_row_set_subtitle (self->notify_row, subtitle);
}

static void
csl_deadlines_view_dispose (GObject *object)
{
  CslDeadlinesView *self = CSL_DEADLINES_VIEW (object);

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_clear_object (&self->workspace);
  g_clear_object (&self->settings);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  /* The toast overlay is both AdwBin's child and a template child: let AdwBin let go of it
   * first, or both would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CSL_TYPE_DEADLINES_VIEW);
  G_OBJECT_CLASS (csl_deadlines_view_parent_class)->dispose (object);
}

static void
csl_deadlines_view_finalize (GObject *object)
{
  CslDeadlinesView *self = CSL_DEADLINES_VIEW (object);

  g_free (self->today);
  g_clear_pointer (&self->deadlines, g_ptr_array_unref);
  g_clear_pointer (&self->manufacturer_ids, g_array_unref);
  G_OBJECT_CLASS (csl_deadlines_view_parent_class)->finalize (object);
}

static void
csl_deadlines_view_class_init (CslDeadlinesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = csl_deadlines_view_dispose;
  object_class->finalize = csl_deadlines_view_finalize;

  g_type_ensure (CSL_TYPE_DEADLINE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-deadlines-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CslDeadlinesView, toasts);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlinesView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlinesView, filter);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlinesView, summary);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlinesView, export_button);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlinesView, stack);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlinesView, chart);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlinesView, sections);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlinesView, notify_group);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlinesView, notify_row);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlinesView, notify_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);
}

static void
csl_deadlines_view_init (CslDeadlinesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->manufacturer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->deadlines = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_deadline_free);
  self->settings = csl_settings_new ();
  setup_notifications (self);
  gtk_widget_set_visible (self->toolbar, FALSE);
  gtk_widget_set_sensitive (self->export_button, FALSE);
  g_signal_connect_swapped (self->filter, "notify::selected", G_CALLBACK (on_filter_selected), self);
}

GtkWidget *
csl_deadlines_view_new (void)
{
  return g_object_new (CSL_TYPE_DEADLINES_VIEW, NULL);
}

void
csl_deadlines_view_set_workspace (CslDeadlinesView *self,
                                  CslWorkspace     *workspace)
{
  g_return_if_fail (CSL_IS_DEADLINES_VIEW (self));
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_set_object (&self->workspace, workspace);
  if (workspace != NULL)
    g_signal_connect_object (workspace, "changed", G_CALLBACK (on_workspace_changed), self, G_CONNECT_SWAPPED);
  csl_deadlines_view_reload (self);
}

void
csl_deadlines_view_set_today (CslDeadlinesView *self,
                              const char       *today)
{
  g_return_if_fail (CSL_IS_DEADLINES_VIEW (self));
  g_free (self->today);
  self->today = g_strdup (today);
  csl_deadlines_view_reload (self);
}

void
csl_deadlines_view_set_manufacturer (CslDeadlinesView *self,
                                     gint64            manufacturer_id)
{
  g_return_if_fail (CSL_IS_DEADLINES_VIEW (self));
  self->manufacturer_id = manufacturer_id;
  csl_deadlines_view_reload (self);
}

guint
csl_deadlines_view_get_n_listed (CslDeadlinesView *self)
{
  g_return_val_if_fail (CSL_IS_DEADLINES_VIEW (self), 0);
  return self->n_listed;
}

guint
csl_deadlines_view_get_n_charted (CslDeadlinesView *self)
{
  g_return_val_if_fail (CSL_IS_DEADLINES_VIEW (self), 0);
  return self->n_charted;
}
