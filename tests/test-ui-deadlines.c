#include "config.h"

#include "lifecycle/csl-bars.h"
#include "csl-deadline-chart.h"
#include "csl-deadline-row.h"
#include "csl-deadlines-view.h"
#include "csl-notifier.h"
#include "lifecycle/csl-refiling.h"
#include "csl-settings.h"
#include "csl-test-util.h"
#include "csl-test-ui.h"
#include "csl-test-fixture.h"
#include "csl-test-ics.h"

#define TODAY "2027-06-01"

static gint64
filed (CslWorkspace *ws,
       gint64        manufacturer,
       const char   *model,
       const char   *support_until,
       gint64        lab,
       const char   *valid_until)
{
  static guint serial;
  g_autofree char *number = g_strdup_printf ("CSL-2027-%06u", ++serial);
  gint64 id = fx_filing (ws, fx_product (ws, manufacturer, model, support_until), lab);

  fx_file (ws, id, number, "2027-01-20", valid_until);
  return id;
}

/* An agent's workspace: three manufacturers, deadlines overdue, soon, later and all year. */
static void
fill (CslWorkspace *ws)
{
  g_autoptr(GError) error = NULL;
  gint64 bj = fx_manufacturer (ws, "北京示例科技有限公司", 21);
  gint64 sz = fx_manufacturer (ws, "Shenzhen Bright Camera Co., Ltd.", 22);
  gint64 hz = fx_manufacturer (ws, "Hangzhou Smart Home Ltd.", 23);
  gint64 lab = fx_lab (ws, "CESI Testing Lab", "CNAS L0001", "2031-12-31");
  gint64 short_lab = fx_lab (ws, "Pearl River Lab", "CNAS L0417", "2027-08-20");
  gint64 changed;
  const char *const spread[] = {
    "2027-06-18", "2027-07-05", "2027-07-22", "2027-08-09", "2027-09-30", "2027-10-15", "2027-10-16",
    "2027-11-02", "2027-12-24", "2028-01-10", "2028-02-14", "2028-03-03", "2028-03-28", "2028-05-19",
  };

  filed (ws, bj, "CAM-100", "2031-12-31", lab, "2027-05-20");
  filed (ws, sz, "DOORBELL-2", "2027-06-25", lab, "2029-01-31");
  filed (ws, hz, "HUB-7", "2031-12-31", short_lab, "2029-06-30");
  changed = filed (ws, sz, "CAM-X5", "2031-12-31", lab, "2029-01-31");
  {
    g_autoptr(CslFiling) f = csl_filing_get (ws, changed, &error);
    g_autoptr(CslProduct) p = csl_product_get (ws, f->product_id, &error);

    g_free (p->firmware_version);
    p->firmware_version = g_strdup ("2.4.1");
    g_assert_true (csl_refiling_update_product (ws, p, NULL, &error));
  }
  for (guint i = 0; i < G_N_ELEMENTS (spread); i++)
    {
      g_autofree char *model = g_strdup_printf ("CAM-%u", 200 + i);
      gint64 maker = i % 3 == 0 ? bj : i % 3 == 1 ? sz : hz;

      filed (ws, maker, model, "2031-12-31", lab, spread[i]);
    }
  g_assert_no_error (error);
}

typedef struct
{
  guint           sent;
  GNotification  *last;
} Sent;

static void
on_send (CslNotifier   *notifier,
         GNotification *notification,
         Sent          *sent)
{
  sent->sent++;
  g_set_object (&sent->last, notification);
  /* No notification daemon in the test session: the default handler must not run. */
  g_signal_stop_emission_by_name (notifier, "send");
}

static void
test_view (CslTestTmp    *tmp,
           gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = fx_open (tmp->dir);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = csl_deadlines_view_new ();
  g_autofree char *empty_png = NULL, *png = NULL, *ics = NULL;
  g_autoptr(IcsComponent) cal = NULL;
  guint all;

  gtk_window_set_title (GTK_WINDOW (window), "Deadlines");
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 1150);
  gtk_window_set_child (GTK_WINDOW (window), view);
  csl_deadlines_view_set_today (CSL_DEADLINES_VIEW (view), TODAY);
  csl_deadlines_view_set_workspace (CSL_DEADLINES_VIEW (view), ws);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpuint (csl_deadlines_view_get_n_listed (CSL_DEADLINES_VIEW (view)), ==, 0);
  empty_png = csl_test_screenshot (window, "deadlines-view-empty");

  /* Filled through the core, shown without a reload by hand. */
  fill (ws);
  /* Overdue: CAM-100's label, CAM-X5's change; 30 days: DOORBELL-2's support, one label;
   * 31-90 days: HUB-7's lab accreditation, three labels; then ten more labels in the year. */
  g_assert_cmpuint (csl_deadlines_view_get_n_listed (CSL_DEADLINES_VIEW (view)), ==, 8);
  all = csl_deadlines_view_get_n_charted (CSL_DEADLINES_VIEW (view));
  g_assert_cmpuint (all, ==, 18);
  png = csl_test_screenshot (window, "deadlines-view");
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_test_message ("screenshots: %s %s", empty_png, png);

  /* The export holds every deadline of the view, as a calendar the tests can read back. */
  ics = csl_deadlines_view_to_ics (CSL_DEADLINES_VIEW (view));
  cal = ics_parse (ics);
  g_assert_cmpuint (cal->children->len, ==, all);

  /* An agent narrows to one manufacturer. */
  csl_deadlines_view_set_manufacturer (CSL_DEADLINES_VIEW (view), 3);
  g_assert_cmpuint (csl_deadlines_view_get_n_listed (CSL_DEADLINES_VIEW (view)), ==, 2);
  g_assert_cmpuint (csl_deadlines_view_get_n_charted (CSL_DEADLINES_VIEW (view)), ==, 5);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static guint
count_rows (GtkWidget *widget)
{
  guint n = CSL_IS_DEADLINE_ROW (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += count_rows (child);
  return n;
}

/* An agent with many labels ending in the next 90 days: every deadline is listed, but the view
 * makes row widgets only for what the list view shows, not one per deadline. */
static void
test_many (CslTestTmp    *tmp,
           gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = fx_open (tmp->dir);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = csl_deadlines_view_new ();
  gint64 makers[4];
  gint64 lab;
  guint rows;
  const guint n = 300;

  for (guint i = 0; i < G_N_ELEMENTS (makers); i++)
    {
      g_autofree char *name = g_strdup_printf ("Manufacturer %u", i);

      makers[i] = fx_manufacturer (ws, name, 31 + i);
    }
  lab = fx_lab (ws, "CESI Testing Lab", "CNAS L0001", "2031-12-31");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *model = g_strdup_printf ("CAM-%04u", i);
      g_autofree char *until = g_strdup_printf ("2027-%02u-%02u", 7 + i % 2, 1 + i % 28);

      filed (ws, makers[i % G_N_ELEMENTS (makers)], model, "2031-12-31", lab, until);
    }
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 900);
  gtk_window_set_child (GTK_WINDOW (window), view);
  csl_deadlines_view_set_today (CSL_DEADLINES_VIEW (view), TODAY);
  csl_deadlines_view_set_workspace (CSL_DEADLINES_VIEW (view), ws);
  gtk_window_present (GTK_WINDOW (window));
  csl_test_wait_for_frames (window);
  g_assert_cmpuint (csl_deadlines_view_get_n_listed (CSL_DEADLINES_VIEW (view)), ==, n);
  rows = count_rows (view);
  g_test_message ("%u deadlines listed with %u row widgets", n, rows);
  g_assert_cmpuint (rows, >, 0);
  g_assert_cmpuint (rows, <, n);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_chart (void)
{
  GtkWidget *chart = csl_deadline_chart_new ();
  const guint months[CSL_DEADLINE_CHART_MONTHS] = { 1, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0, 4 };
  const char *summary;
  g_auto(GStrv) parts = NULL;

  g_object_ref_sink (chart);
  csl_deadline_chart_set_counts (CSL_DEADLINE_CHART (chart), 5, months, "2027-06-15");
  summary = csl_deadline_chart_get_summary (CSL_DEADLINE_CHART (chart));
  /* The overdue bar, then the twelve months in order, in any language. */
  parts = g_strsplit (summary, "; ", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 1 + CSL_DEADLINE_CHART_MONTHS);
  g_assert_true (g_str_has_suffix (parts[0], "5"));
  g_assert_true (g_str_has_suffix (parts[3], ": 2"));
  g_assert_true (g_str_has_suffix (parts[8], ": 3"));
  g_assert_true (g_str_has_suffix (parts[12], ": 4"));
  if (csl_test_ui_untranslated ())
    {
      g_assert_true (g_str_has_prefix (summary, "Overdue or due now: 5; June 2027: 1; July 2027: 0; August 2027: 2"));
      g_assert_nonnull (strstr (summary, "January 2028: 3"));
      g_assert_true (g_str_has_suffix (summary, "May 2028: 4"));
    }
  g_object_unref (chart);
}

static void
test_notifier (CslTestTmp    *tmp,
               gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = fx_open (tmp->dir);
  g_autoptr(GApplication) app = g_application_new ("io.github.cslfiler.CslFiler.Test", G_APPLICATION_NON_UNIQUE);
  g_autoptr(GSettings) settings = csl_settings_new ();
  g_autoptr(CslNotifier) notifier = NULL;
  g_autofree char *last = NULL;
  Sent sent = { 0 };
  guint n;

  g_assert_nonnull (settings);
  fill (ws);
  notifier = csl_notifier_new (app, ws, settings);
  g_signal_connect (notifier, "send", G_CALLBACK (on_send), &sent);

  /* Turned off: nothing, and the day is not used up. */
  g_settings_set_boolean (settings, "notifications", FALSE);
  g_assert_cmpuint (csl_notifier_check (notifier, TODAY), ==, 0);
  g_assert_cmpuint (sent.sent, ==, 0);

  /* First run: whatever is overdue or inside a window, in one notification. */
  g_settings_set_boolean (settings, "notifications", TRUE);
  g_settings_set_string (settings, "last-notified", "");
  n = csl_notifier_check (notifier, TODAY);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (sent.sent, ==, 1);
  g_assert_true (G_IS_NOTIFICATION (sent.last));
  last = g_settings_get_string (settings, "last-notified");
  g_assert_cmpstr (last, ==, TODAY);

  /* Once a day. */
  g_assert_cmpuint (csl_notifier_check (notifier, TODAY), ==, 0);
  g_assert_cmpuint (sent.sent, ==, 1);

  /* The next day only what entered a window that day: DOORBELL-2's support ends on 2027-06-25,
   * so its 30-day window opened on 2027-05-26 — nothing new on 2027-06-02 but the label of
   * 2027-07-05 whose 30-day window opens on 2027-06-05. */
  g_assert_cmpuint (csl_notifier_check (notifier, "2027-06-02"), ==, 0);
  g_assert_cmpuint (csl_notifier_check (notifier, "2027-06-05"), ==, 1);
  g_assert_cmpuint (sent.sent, ==, 2);
  g_clear_object (&sent.last);
}

int
main (int   argc,
      char *argv[])
{
  csl_test_ui_init (&argc, &argv);
  g_test_add ("/ui/deadlines-view", CslTestTmp, NULL, csl_test_tmp_setup, test_view, csl_test_tmp_teardown);
  g_test_add ("/ui/deadlines-view/many", CslTestTmp, NULL, csl_test_tmp_setup, test_many, csl_test_tmp_teardown);
  g_test_add_func ("/ui/deadline-chart", test_chart);
  g_test_add ("/ui/notifier", CslTestTmp, NULL, csl_test_tmp_setup, test_notifier, csl_test_tmp_teardown);
  return g_test_run ();
}
