#include "config.h"

#include <glib/gi18n.h>

#include "base/csl-atomic.h"
#include "base/csl-date.h"
#include "csl-deadline-chart.h"
#include "csl-deadline-entry.h"
#include "csl-deadline-row.h"
#include "csl-deadlines-view.h"
#include "csl-gui-util.h"
#include "lifecycle/csl-deadlines.h"
#include "lifecycle/csl-ics.h"
#include "records/csl-manufacturer.h"
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
  gboolean              stale;             /* reload when next shown or asked */
  guint                 n_listed;
  guint                 n_charted;
  GtkFileChooserNative *chooser;

  AdwToastOverlay      *toasts;
  GtkWidget            *toolbar;
  GtkDropDown          *filter;
  GtkLabel             *summary;
  GtkWidget            *export_button;
  GtkStack             *stack;
  GtkListView          *list;
  GListStore           *entries;
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

/* The chart's entry: its bars count what is overdue and what falls due in each month. */
static CslDeadlineEntry *
chart_entry (CslDeadlinesView *self,
            const GDate      *first)
{
  guint months[CSL_DEADLINE_CHART_MONTHS] = { 0 };
  guint soon[CSL_DEADLINE_CHART_MONTHS] = { 0 };
  CslDeadlineEntry *entry;
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
          soon[m] += d->days_left <= 30;
          self->n_charted++;
        }
    }
  entry = csl_deadline_entry_new_chart (overdue, months, first_iso);
  csl_deadline_entry_set_soon (entry, soon);
  return entry;
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  GPtrArray *ga = *(GPtrArray **) a;
  GPtrArray *gb = *(GPtrArray **) b;

  return g_utf8_collate (csl_deadline_entry_get_text (ga->pdata[0]), csl_deadline_entry_get_text (gb->pdata[0]));
}

/* One section — a heading, then per manufacturer its name and its deadlines — of the deadlines
 * that pass `keep`, appended to `entries`. */
static guint
add_section (CslDeadlinesView *self,
             GPtrArray        *entries,
             const char       *title,
             gboolean        (*keep) (const CslDeadline *d))
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autofree char *text = NULL;
  guint n = 0;

  for (guint i = 0; i < self->deadlines->len; i++)
    {
      CslDeadline *d = self->deadlines->pdata[i];
      GPtrArray *group;

      if (!keep (d))
        continue;
      group = g_hash_table_lookup (groups, &d->manufacturer_id);
      if (group == NULL)
        {
          group = g_ptr_array_new_with_free_func (g_object_unref);
          g_ptr_array_add (group, csl_deadline_entry_new_text (CSL_DEADLINE_ENTRY_GROUP,
                                                               d->manufacturer ? d->manufacturer : ""));
          g_hash_table_insert (groups, &d->manufacturer_id, group);
          g_ptr_array_add (order, group);
        }
      g_ptr_array_add (group, csl_deadline_entry_new_deadline (self->deadlines, d));
      n++;
    }
  if (n == 0)
    return 0;
  /* Manufacturers in the same (alphabetical) order in every section. */
  g_ptr_array_sort (order, compare_groups);
  /* TRANSLATORS: a section of the Deadlines list and its number of deadlines */
  text = g_strdup_printf (_("%s (%u)"), title, n);
  g_ptr_array_add (entries, csl_deadline_entry_new_text (CSL_DEADLINE_ENTRY_SECTION, text));
  for (guint i = 0; i < order->len; i++)
    {
      GPtrArray *group = order->pdata[i];

      for (guint j = 0; j < group->len; j++)
        g_ptr_array_add (entries, g_object_ref (group->pdata[j]));
    }
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
  g_autoptr(GPtrArray) entries = NULL;
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

  entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (entries, chart_entry (self, &first));
  overdue = add_section (self, entries, _("Overdue and Due Now"), keep_overdue);
  self->n_listed = overdue;
  self->n_listed += add_section (self, entries, _("Next 30 Days"), keep_soon);
  self->n_listed += add_section (self, entries, _("In 31 to 90 Days"), keep_later);
  g_list_store_splice (self->entries, 0, g_list_model_get_n_items (G_LIST_MODEL (self->entries)),
                       entries->pdata, entries->len);
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

static void
ensure_loaded (CslDeadlinesView *self)
{
  if (!self->stale)
    return;
  self->stale = FALSE;
  reload_filter (self);
  reload_deadlines (self);
}

/* Listing 10 000 deadlines takes a moment: a view nobody is looking at waits until it is shown
 * (or asked), so that the app opens a large workspace as fast as a small one. */
void
csl_deadlines_view_reload (CslDeadlinesView *self)
{
  g_return_if_fail (CSL_IS_DEADLINES_VIEW (self));
  if (self->workspace == NULL)
    return;
  self->stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ensure_loaded (self);
}

static void
csl_deadlines_view_map (GtkWidget *widget)
{
  ensure_loaded (CSL_DEADLINES_VIEW (widget));
  GTK_WIDGET_CLASS (csl_deadlines_view_parent_class)->map (widget);
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
  ensure_loaded (self);
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
on_setup_row (GtkListItemFactory *factory,
              GtkListItem        *item)
{
  gtk_list_item_set_child (item, csl_deadline_row_new ());
  /* Nothing in the list does anything when activated. */
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
}

static void
on_bind_row (GtkListItemFactory *factory,
             GtkListItem        *item)
{
  CslDeadlineEntry *entry = gtk_list_item_get_item (item);

  csl_deadline_row_bind (CSL_DEADLINE_ROW (gtk_list_item_get_child (item)), entry);
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
  g_clear_object (&self->entries);
  G_OBJECT_CLASS (csl_deadlines_view_parent_class)->finalize (object);
}

static void
csl_deadlines_view_class_init (CslDeadlinesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = csl_deadlines_view_dispose;
  object_class->finalize = csl_deadlines_view_finalize;
  widget_class->map = csl_deadlines_view_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-deadlines-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CslDeadlinesView, toasts);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlinesView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlinesView, filter);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlinesView, summary);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlinesView, export_button);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlinesView, stack);
  gtk_widget_class_bind_template_child (widget_class, CslDeadlinesView, list);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);
}

static void
csl_deadlines_view_init (CslDeadlinesView *self)
{
  csl_gui_ensure_style ();
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->manufacturer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->deadlines = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_deadline_free);
  self->settings = csl_settings_new ();
  self->entries = g_list_store_new (CSL_TYPE_DEADLINE_ENTRY);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_row), NULL);
  gtk_list_view_set_factory (self->list, factory);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->entries)));
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (selection));
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
  ensure_loaded (self);
  return self->n_listed;
}

guint
csl_deadlines_view_get_n_charted (CslDeadlinesView *self)
{
  g_return_val_if_fail (CSL_IS_DEADLINES_VIEW (self), 0);
  ensure_loaded (self);
  return self->n_charted;
}
