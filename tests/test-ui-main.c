#include "config.h"

#include "workspace/csl-workspace.h"
#include "documents/csl-pdf.h"

#include "csl-application.h"
#include "csl-form.h"
#include "csl-filings-view.h"
#include "csl-gui-util.h"
#include "csl-lab-editor.h"
#include "csl-manufacturer-editor.h"
#include "csl-record-list.h"
#include "csl-window.h"
#include "csl-test-fixtures.h"
#include "csl-test-util.h"
#include "csl-test-ui.h"

static CslApplication *test_app;

typedef struct
{
  char           *dir;
  CslWorkspace   *ws;
  CslApplication *app;
  CslWindow      *window;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = csl_test_make_tmpdir ();
  f->ws = csl_workspace_open (f->dir, &error);
  g_assert_no_error (error);
  f->app = g_object_ref (test_app);
  f->window = csl_window_new (GTK_APPLICATION (f->app), f->ws);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 760);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->app);
  g_assert_finalize_object (f->ws);
  csl_test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
shoot_both_styles (GtkWidget  *window,
                   const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = NULL, *dark = NULL;
  g_autofree char *dark_name = g_strconcat (name, "-dark", NULL);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  light = csl_test_screenshot (window, name);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  dark = csl_test_screenshot (window, dark_name);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static void
test_views (Fixture       *f,
            gconstpointer  data)
{
  CslFilingsView *filings = CSL_FILINGS_VIEW (csl_window_get_view (f->window, "filings"));
  CslFixture fx;

  g_assert_cmpuint (g_list_model_get_n_items (csl_filings_view_get_model (filings)), ==, 0);
  shoot_both_styles (GTK_WIDGET (f->window), "filings-empty");
  csl_window_show_view (f->window, "manufacturers");
  shoot_both_styles (GTK_WIDGET (f->window), "manufacturers-empty");

  /* Changes made through the core show up at once. */
  fx = csl_fixture_fill (f->ws);
  csl_fixture_filing (f->ws, &fx, "CAM-100", 1, "draft");
  csl_fixture_filing (f->ws, &fx, "CAM-200 Pro", 2, "filed");
  csl_fixture_filing (f->ws, &fx, "DOORBELL-3", 3, "submitted");
  g_assert_cmpuint (g_list_model_get_n_items (csl_filings_view_get_model (filings)), ==, 3);
  g_assert_cmpuint (csl_record_list_get_n_rows (CSL_RECORD_LIST (csl_window_get_view (f->window, "manufacturers"))), ==, 1);
  g_assert_cmpuint (csl_record_list_get_n_rows (CSL_RECORD_LIST (csl_window_get_view (f->window, "labs"))), ==, 2);

  shoot_both_styles (GTK_WIDGET (f->window), "manufacturers");
  csl_window_show_view (f->window, "labs");
  shoot_both_styles (GTK_WIDGET (f->window), "labs");
  csl_window_show_view (f->window, "filings");
  shoot_both_styles (GTK_WIDGET (f->window), "filings");

  /* Search narrows the list by model, and says so when nothing matches. */
  csl_filings_view_set_search (filings, "cam-");
  g_assert_cmpuint (g_list_model_get_n_items (csl_filings_view_get_model (filings)), ==, 2);
  csl_filings_view_set_search (filings, "no such product");
  g_assert_cmpuint (g_list_model_get_n_items (csl_filings_view_get_model (filings)), ==, 0);
  csl_filings_view_set_search (filings, "");
  g_assert_cmpuint (g_list_model_get_n_items (csl_filings_view_get_model (filings)), ==, 3);

  /* A filter left on when the search bar closes stays in sight as a pill (tests/test-ui-filings.c
   * checks what the pills do). */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (csl_test_find_by_id (GTK_WIDGET (filings), "status_filter")),
                              1 + CSL_STATUS_FILED);
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (csl_test_find_by_id (GTK_WIDGET (filings), "search_bar")), FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (csl_filings_view_get_model (filings)), ==, 1);
  shoot_both_styles (GTK_WIDGET (f->window), "filings-filter-pills");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (csl_test_find_by_id (GTK_WIDGET (filings), "status_filter")), 0);
  csl_filings_view_focus_search (filings);

  /* The small window from the HIG still fits. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 640, 480);
  g_free (csl_test_screenshot (GTK_WIDGET (f->window), "filings-narrow"));
}

static void
type_into (GtkWidget  *root,
           const char *id,
           const char *text)
{
  GtkWidget *w = csl_test_find_by_id (root, id);

  g_assert_nonnull (w);
  gtk_editable_set_text (GTK_EDITABLE (w), text);
}

static void
test_manufacturer_editor (Fixture       *f,
                          gconstpointer  data)
{
  CslManufacturerEditor *editor = csl_manufacturer_editor_new (GTK_WINDOW (f->window), f->ws, NULL);
  GtkWidget *root = GTK_WIDGET (editor);
  g_autoptr(GPtrArray) list = NULL;

  gtk_window_present (GTK_WINDOW (editor));
  g_assert_false (csl_manufacturer_editor_can_save (editor));

  type_into (root, "name_zh", "深圳示例电子有限公司");
  type_into (root, "uscc", "9144030071526726X");            /* 17 characters */
  g_assert_false (csl_manufacturer_editor_can_save (editor));
  g_assert_true (gtk_widget_has_css_class (csl_test_find_by_id (root, "uscc"), "error"));

  type_into (root, "uscc", "9144030071526726XA");           /* wrong check character */
  g_assert_false (csl_manufacturer_editor_can_save (editor));
  g_assert_true (gtk_widget_get_visible (csl_test_find_by_id (root, "accept_row")));
  g_free (csl_test_screenshot (root, "manufacturer-editor-check-digit"));
  gtk_switch_set_active (GTK_SWITCH (csl_test_find_by_id (root, "accept_switch")), TRUE);
  g_assert_true (csl_manufacturer_editor_can_save (editor));

  type_into (root, "uscc", "9144030071526726XG");           /* right */
  gtk_switch_set_active (GTK_SWITCH (csl_test_find_by_id (root, "accept_switch")), FALSE);
  g_assert_false (gtk_widget_get_visible (csl_test_find_by_id (root, "accept_row")));
  type_into (root, "email", "not-an-address");
  g_assert_false (csl_manufacturer_editor_can_save (editor));
  type_into (root, "email", "compliance@example.cn");
  g_assert_true (csl_manufacturer_editor_can_save (editor));
  g_free (csl_test_screenshot (root, "manufacturer-editor"));
  g_assert_true (csl_manufacturer_editor_save (editor));

  list = csl_manufacturer_list (f->ws, NULL);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((CslManufacturer *) list->pdata[0])->email, ==, "compliance@example.cn");
}

static void
test_lab_editor (Fixture       *f,
                 gconstpointer  data)
{
  CslLabEditor *editor = csl_lab_editor_new (GTK_WINDOW (f->window), f->ws, NULL);
  GtkWidget *root = GTK_WIDGET (editor);

  gtk_window_present (GTK_WINDOW (editor));
  type_into (root, "name", "Example Lab");
  g_assert_true (csl_lab_editor_can_save (editor));
  type_into (root, "accredited_until", "2028-02-30");
  g_assert_false (csl_lab_editor_can_save (editor));
  g_assert_true (gtk_widget_has_css_class (csl_test_find_by_id (root, "accredited_until"), "error"));
  type_into (root, "accredited_until", "2028-02-28");
  g_assert_true (csl_lab_editor_can_save (editor));
  g_free (csl_test_screenshot (root, "lab-editor"));
  g_assert_true (csl_lab_editor_save (editor));
  g_assert_cmpuint (csl_record_list_get_n_rows (CSL_RECORD_LIST (csl_window_get_view (f->window, "labs"))), ==, 1);
}

/* Dates read as the locale writes them; what is stored and exchanged stays ISO 8601. */
static void
test_dates (void)
{
  const char *lc_time = setlocale (LC_TIME, NULL);
  g_autofree char *shown = csl_format_date ("2027-06-01");
  g_autofree char *not_a_date = csl_format_date ("soon");

  g_assert_cmpstr (not_a_date, ==, "soon");
  g_assert_null (csl_format_date (NULL));
  if (g_str_has_prefix (lc_time, "zh_CN"))
    g_assert_cmpstr (shown, ==, "2027年06月01日");
  else if (g_str_equal (lc_time, "C") || g_str_has_prefix (lc_time, "C."))
    g_assert_cmpstr (shown, ==, "2027-06-01");
  else
    g_assert_cmpstr (shown, !=, "");
}

/* The About window's troubleshooting page says how PDFs are read here (sandboxed or not). */
static void
test_about (Fixture       *f,
            gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autofree char *expected = csl_pdf_describe_sandbox ();
  AdwAboutWindow *about = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "about", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (w))
        about = ADW_ABOUT_WINDOW (w);
    }
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_debug_info (about), ==, expected);
  g_assert_true (g_str_has_prefix (expected, csl_test_ui_untranslated () ? "PDFs are read" : "PDF"));
  gtk_window_destroy (GTK_WINDOW (about));
}

/* The first button bound to action under root. */
static GtkWidget *
find_actionable (GtkWidget  *root,
                 const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ACTIONABLE (child) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      if ((found = find_actionable (child, action)) != NULL)
        return found;
    }
  return NULL;
}

/* A workspace opened read-only (an archive on read-only media) shows a banner saying so, and
 * offers nothing that would change it; a writable one shows none. */
static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *banner = csl_test_find_by_id (GTK_WIDGET (f->window), "read_only_banner");
  GtkWidget *label = csl_test_find_by_id (GTK_WIDGET (f->window), "read_only_label");
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) ro = NULL;

  g_assert_nonnull (banner);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (banner)));

  ro = csl_workspace_open_read_only (f->dir, &error);
  g_assert_no_error (error);
  g_assert_true (csl_workspace_is_read_only (ro));
  csl_window_set_workspace (f->window, ro);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (banner)));
  if (csl_test_ui_untranslated ())
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "read-only"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), csl_workspace_get_path (ro)));
  g_assert_false (gtk_widget_get_sensitive (find_actionable (GTK_WIDGET (f->window), "win.new-filing")));
  g_free (csl_test_screenshot (GTK_WIDGET (f->window), "read-only"));

  csl_window_set_workspace (f->window, f->ws);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (banner)));
  g_assert_true (gtk_widget_get_sensitive (find_actionable (GTK_WIDGET (f->window), "win.new-filing")));
}

/* A date row offers a calendar that writes the ISO date; typing stays possible. */
static void
test_date_calendar (void)
{
  GtkWidget *row = g_object_ref_sink (adw_entry_row_new ());
  GtkWidget *calendar = NULL;
  g_autoptr(GDateTime) day = g_date_time_new_local (2027, 3, 9, 0, 0, 0);

  csl_form_add_calendar (row);
  for (GtkWidget *w = row; w != NULL && calendar == NULL;)
    {
      /* Depth-first, popovers included: they are children of their menu button. */
      if (GTK_IS_CALENDAR (w))
        calendar = w;
      else if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && w != row && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w && w != row ? gtk_widget_get_next_sibling (w) : NULL;
        }
    }
  g_assert_nonnull (calendar);
  gtk_calendar_select_day (GTK_CALENDAR (calendar), day);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "2027-03-09");
  gtk_editable_set_text (GTK_EDITABLE (row), "2028-01-31");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "2028-01-31");
  g_object_unref (row);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  csl_test_ui_init (&argc, &argv);
  /* One registered application per process, as in the real program. */
  test_app = csl_application_new ();
  g_application_set_flags (G_APPLICATION (test_app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (test_app), NULL, &error));
  g_test_add_func ("/ui/main/dates", test_dates);
  g_test_add_func ("/ui/main/date-calendar", test_date_calendar);
  g_test_add ("/ui/main/views", Fixture, NULL, setup, test_views, teardown);
  g_test_add ("/ui/main/manufacturer-editor", Fixture, NULL, setup, test_manufacturer_editor, teardown);
  g_test_add ("/ui/main/lab-editor", Fixture, NULL, setup, test_lab_editor, teardown);
  g_test_add ("/ui/main/about", Fixture, NULL, setup, test_about, teardown);
  g_test_add ("/ui/main/read-only", Fixture, NULL, setup, test_read_only, teardown);
  status = g_test_run ();
  g_clear_object (&test_app);
  return status;
}
