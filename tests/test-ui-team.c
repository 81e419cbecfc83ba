#include "config.h"

#include <string.h>

#include "csl-application.h"
#include "csl-connect-dialog.h"
#include "csl-keyring.h"
#include "csl-window.h"
#include "csl-workspace-menu.h"
#include "csl-filing-item.h"
#include "csl-filings-view.h"
#include "store/csl-pg-listener.h"
#include "workspace/csl-workspace.h"
#include "csl-test-filing.h"
#include "csl-test-util.h"
#include "csl-test-ui.h"

/* The app's side of team workspaces that needs no server: the header bar's workspace button
 * and its recent list, the Connect dialog's URI, and the keyring seam (in memory here). */

static CslApplication *test_app;

typedef struct
{
  char         *dir;
  char         *first;
  char         *second;
  CslWorkspace *ws;
  CslWindow    *window;
  GSettings    *settings;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = csl_test_make_tmpdir ();
  f->first = g_build_filename (f->dir, "Filings 2026", NULL);
  f->second = g_build_filename (f->dir, "Agency", NULL);
  f->settings = g_settings_new (APP_ID);
  g_settings_reset (f->settings, "recent-workspaces");
  f->ws = csl_workspace_open (f->first, &error);
  g_assert_no_error (error);
  f->window = csl_window_new (GTK_APPLICATION (test_app), f->ws);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->ws);
  g_clear_object (&f->settings);
  csl_test_rm_rf (f->dir);
  g_free (f->first);
  g_free (f->second);
  g_free (f->dir);
}

static const char *
button_label (Fixture *f)
{
  GtkWidget *label = csl_test_find_by_id (GTK_WIDGET (f->window), "workspace_label");

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
test_header_and_recent (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *button = csl_test_find_by_id (GTK_WIDGET (f->window), "workspace_button");
  g_auto(GStrv) recent = NULL;
  GMenuModel *menu;
  g_autoptr(GMenuModel) recent_section = NULL;
  g_autoptr(GVariant) target = NULL;

  g_assert_cmpstr (button_label (f), ==, "Filings 2026");
  g_free (csl_test_screenshot (GTK_WIDGET (f->window), "workspace-header"));

  /* Opening another workspace here: the button follows, the first becomes a recent one. */
  csl_window_open_location (f->window, f->second);
  g_assert_cmpstr (button_label (f), ==, "Agency");
  g_assert_true (csl_window_get_workspace (f->window) != f->ws);
  recent = g_settings_get_strv (f->settings, "recent-workspaces");
  g_assert_cmpuint (g_strv_length (recent), ==, 2);
  g_assert_cmpstr (recent[0], ==, f->second);
  g_assert_cmpstr (recent[1], ==, f->first);

  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);
  recent_section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_cmpint (g_menu_model_get_n_items (recent_section), ==, 1);
  target = g_menu_model_get_item_attribute_value (recent_section, 0, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, f->first);

  /* ... and back through the menu's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-recent", "s", f->first));
  g_assert_cmpstr (button_label (f), ==, "Filings 2026");
}

/* However a location arrives, the remembered list never holds a password; at most eight. */
static void
test_recent_never_holds_passwords (Fixture       *f,
                                   gconstpointer  data)
{
  g_auto(GStrv) recent = NULL;
  g_autofree char *joined = NULL;

  csl_recent_workspaces_add (f->settings, "postgresql://li.wei:s3cret@db.example.cn/filings?sslmode=require");
  csl_recent_workspaces_add (f->settings, "host=db dbname=filings password=s3cret");
  for (int i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("/tmp/workspace-%d", i);
      csl_recent_workspaces_add (f->settings, name);
    }
  csl_recent_workspaces_add (f->settings, "postgresql://li.wei:other@db.example.cn/filings?sslmode=require");
  recent = g_settings_get_strv (f->settings, "recent-workspaces");
  joined = g_strjoinv ("\n", recent);
  g_assert_cmpuint (g_strv_length (recent), ==, CSL_RECENT_WORKSPACES_MAX);
  g_assert_null (strstr (joined, "s3cret"));
  g_assert_null (strstr (joined, "other"));
  g_assert_cmpstr (recent[0], ==, "postgresql://li.wei@db.example.cn/filings?sslmode=require");
}

static void
test_connect_dialog (Fixture       *f,
                     gconstpointer  data)
{
  CslConnectDialog *dialog = csl_window_connect_team (f->window, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *from_uri = NULL;
  g_autofree char *again = NULL;
  CslConnectDialog *reopened;

  gtk_window_set_default_size (GTK_WINDOW (dialog), 520, 760);
  /* Nothing given: Connect says what is missing and opens nothing. */
  csl_connect_dialog_activate (dialog);
  g_assert_nonnull (csl_connect_dialog_get_error (dialog));
  g_assert_true (csl_window_get_workspace (f->window) == f->ws);

  csl_connect_dialog_fill (dialog, "db.example.cn", "54x", "filings", "li.wei", "s3cret", CSL_TLS_VERIFY_FULL, NULL);
  g_assert_null (csl_connect_dialog_dup_location (dialog, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  csl_connect_dialog_activate (dialog);
  g_assert_nonnull (strstr (csl_connect_dialog_get_error (dialog), "54x"));
  g_free (csl_test_screenshot (GTK_WIDGET (dialog), "connect-team-error"));

  csl_connect_dialog_fill (dialog, NULL, "5433", NULL, NULL, NULL, CSL_TLS_VERIFY_FULL, NULL);
  location = csl_connect_dialog_dup_location (dialog, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (location, ==, "postgresql://li.wei@db.example.cn:5433/filings?sslmode=verify-full");
  g_assert_cmpstr (csl_connect_dialog_get_password (dialog), ==, "s3cret");
  g_assert_true (csl_connect_dialog_get_remember (dialog));
  csl_connect_dialog_set_error (dialog, NULL);
  g_free (csl_test_screenshot (GTK_WIDGET (dialog), "connect-team"));

  /* The URI row wins over the fields, and loses any password typed into it. */
  csl_connect_dialog_fill (dialog, NULL, NULL, NULL, NULL, NULL, CSL_TLS_VERIFY_FULL,
                           "postgresql://li.wei:typed@db.example.cn/filings?service=x");
  from_uri = csl_connect_dialog_dup_location (dialog, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (from_uri, ==, "postgresql://li.wei@db.example.cn/filings?service=x");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A remembered location fills the fields again, as they were. */
  reopened = csl_connect_dialog_new (GTK_WINDOW (f->window), location);
  again = csl_connect_dialog_dup_location (reopened, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, location);
  gtk_window_destroy (GTK_WINDOW (reopened));
}

/* The keyring seam: what the app stores is found again by the location, whatever password a
 * URI carried, and forgotten on request. */
static void
test_memory_keyring (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CslKeyring) keyring = csl_memory_keyring_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *after = NULL;

  g_assert_true (CSL_IS_MEMORY_KEYRING (csl_keyring_get_default ()));
  g_assert_true (csl_keyring_store (keyring, "postgresql://li@db/filings", "s3cret", &error));
  g_assert_no_error (error);
  found = csl_keyring_lookup (keyring, "postgresql://li:stale@db/filings", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "s3cret");
  missing = csl_keyring_lookup (keyring, "postgresql://wang@db/filings", &error);
  g_assert_no_error (error);
  g_assert_null (missing);
  g_assert_true (csl_keyring_forget (keyring, "postgresql://li@db/filings", &error));
  after = csl_keyring_lookup (keyring, "postgresql://li@db/filings", &error);
  g_assert_null (after);
}

/* A colleague's change reloads the Filings list (live, through LISTEN); the selected filing
 * stays selected, even though a new row came before it. */
static void
test_selection_survives_reload (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (f->dir, "with-filings", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslFiling) extra = NULL;
  CslTestFiling t;
  CslWindow *window;
  GtkColumnView *columns;
  GtkSelectionModel *selection;
  g_autoptr(GObject) item = NULL;
  gint64 before;

  csl_test_filing_open (&t, dir, FALSE);
  window = csl_window_new (GTK_APPLICATION (test_app), t.ws);
  gtk_window_present (GTK_WINDOW (window));
  columns = GTK_COLUMN_VIEW (csl_test_find_by_id (csl_window_get_view (window, "filings"), "column_view"));
  selection = gtk_column_view_get_model (columns);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 1);
  g_assert_true (gtk_selection_model_select_item (selection, 0, TRUE));
  before = t.filing;

  /* Sorted by product, descending: the colleague's new filing of a later model sorts first. */
  gtk_column_view_sort_by_column (columns, g_list_model_get_item (gtk_column_view_get_columns (columns), 0),
                                  GTK_SORT_DESCENDING);
  g_object_unref (g_list_model_get_item (gtk_column_view_get_columns (columns), 0));
  extra = csl_filing_get (t.ws, t.filing, &error);
  g_assert_no_error (error);
  g_assert_cmpint (csl_filing_add (t.ws, extra, &error), >, 0);
  g_assert_no_error (error);
  csl_workspace_emit_changed (t.ws, "*");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 2);
  {
    g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);
    guint position;

    g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
    position = gtk_bitset_get_nth (selected, 0);
    item = g_list_model_get_item (G_LIST_MODEL (selection), position);
    g_assert_cmpint (csl_filing_item_get_summary (CSL_FILING_ITEM (item))->id, ==, before);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  csl_test_filing_close (&t);
}

/* A team workspace whose server cannot be reached: the window says it is reconnecting. */
static void
test_reconnect_banner (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *nowhere = g_strdup_printf ("host=%s port=1 dbname=none connect_timeout=1", f->dir);
  g_autoptr(CslPgListener) listener = csl_pg_listener_new (f->ws, nowhere);
  CslBanner *banner = csl_window_get_reconnect_banner (f->window);

  g_assert_false (csl_banner_get_revealed (banner));
  csl_pg_listener_attach (f->ws, listener);
  csl_window_set_workspace (f->window, f->ws);
  while (csl_pg_listener_get_error (listener) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (csl_banner_get_revealed (banner));
  g_assert_nonnull (csl_banner_get_button_label (banner));
  g_free (csl_test_screenshot (GTK_WIDGET (f->window), "workspace-reconnecting"));
  /* Retry Now tries at once, without waiting out the backoff: refused again here, so the next
   * wait is longer, and the banner stays. */
  {
    guint waited = csl_pg_listener_get_retry_ms (listener);

    csl_banner_activate_button (banner);
    g_assert_cmpuint (csl_pg_listener_get_retry_ms (listener), >, waited);
    g_assert_true (csl_banner_get_revealed (banner));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* No keyring daemon in tests: the in-memory one stands in for libsecret's. */
  g_setenv ("CSL_FILER_KEYRING", "memory", TRUE);
  csl_test_ui_init (&argc, &argv);
  test_app = csl_application_new ();
  g_application_set_flags (G_APPLICATION (test_app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (test_app), NULL, &error));
  g_test_add ("/ui/team/header-and-recent", Fixture, NULL, setup, test_header_and_recent, teardown);
  g_test_add ("/ui/team/recent-never-holds-passwords", Fixture, NULL, setup, test_recent_never_holds_passwords,
              teardown);
  g_test_add ("/ui/team/connect-dialog", Fixture, NULL, setup, test_connect_dialog, teardown);
  g_test_add ("/ui/team/selection-survives-reload", Fixture, NULL, setup, test_selection_survives_reload, teardown);
  g_test_add ("/ui/team/reconnect-banner", Fixture, NULL, setup, test_reconnect_banner, teardown);
  g_test_add ("/ui/team/memory-keyring", Fixture, NULL, setup, test_memory_keyring, teardown);
  status = g_test_run ();
  csl_keyring_set_default (NULL);
  g_clear_object (&test_app);
  return status;
}
