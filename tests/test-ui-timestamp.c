#include "config.h"

#include <string.h>

#include "base/csl-password.h"
#include "bundle/csl-bundle-verify.h"
#include "workspace/csl-workspace.h"

#include "csl-application.h"
#include "csl-bulk-window.h"
#include "csl-page-review.h"
#include "csl-preferences-window.h"
#include "csl-settings.h"
#include "csl-window.h"
#include "csl-wizard.h"
#include "csl-test-bundle.h"
#include "csl-test-tsa.h"
#include "csl-test-ui.h"

/* Trusted timestamps from the app: the Preferences field that names the time-stamping
 * authority, and packaging from the wizard's last step and from the bulk window with it — a
 * timestamped bundle when the authority answers, one without it and a message saying why when
 * it does not, and nothing written when a timestamp is required. The authority is
 * tests/tsa-server.py on 127.0.0.1. */

#define PASSWORD "correct horse"

static CslApplication *test_app;

typedef struct
{
  CslTestTmp    tmp;
  CslWorkspace *ws;
  GSettings    *settings;
  CslTestTsa    tsa;
  gint64        filing;
  char         *p12;
  char         *signer_pem;
  char         *out;
  CslWindow    *window;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  const CslTestFilingSpec spec = { .grade = 2, .attach_declaration = TRUE };
  g_autoptr(CslIdentity) identity = csl_test_identity ("Timestamp Signer");
  g_autoptr(CslPassword) password = csl_password_new (PASSWORD);
  g_autoptr(GError) error = NULL;

  g_setenv ("CSL_FILER_TODAY", CSL_TEST_TODAY, TRUE);
  csl_test_tmp_setup (&f->tmp, data);
  f->ws = csl_workspace_open (f->tmp.dir, &error);
  g_assert_no_error (error);
  f->filing = csl_test_make_filing (f->ws, &spec);
  f->settings = csl_settings_new ();
  g_assert_nonnull (f->settings);
  csl_test_tsa_init (&f->tsa, f->tmp.dir);
  f->p12 = g_build_filename (f->tmp.dir, "signer.p12", NULL);
  g_assert_true (csl_identity_save_pkcs12 (identity, f->p12, password, &error));
  f->signer_pem = g_build_filename (f->tmp.dir, "signer.pem", NULL);
  g_assert_true (csl_identity_save_cert (identity, f->signer_pem, &error));
  f->out = g_build_filename (f->tmp.dir, "bundles", NULL);
  g_assert_cmpint (g_mkdir_with_parents (f->out, 0700), ==, 0);
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
  g_settings_reset (f->settings, "tsa-url");
  g_settings_reset (f->settings, "tsa-required");
  g_clear_object (&f->settings);
  csl_test_tsa_clear (&f->tsa);
  g_free (f->p12);
  g_free (f->signer_pem);
  g_free (f->out);
  g_assert_finalize_object (f->ws);
  csl_test_tmp_teardown (&f->tmp, data);
}

/* An address where nothing answers: the authority started once, then stopped. */
static char *
dead_tsa_url (Fixture *f)
{
  char *url;

  csl_test_tsa_start (&f->tsa, "good");
  url = g_strdup (f->tsa.url);
  csl_test_tsa_stop (&f->tsa);
  return url;
}

static guint
count_bundles (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->out, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_suffix (name, ".zip");
  return n;
}

/* The bundle verifies against the signer; its timestamp's time, or NULL without one. */
static char *
verified_timestamp (Fixture    *f,
                    const char *bundle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslTrust) trust = csl_trust_new_pinned (f->signer_pem, &error);
  g_autoptr(CslTrust) tsa_trust = f->tsa.ca ? csl_trust_new_ca (f->tsa.ca, &error) : NULL;
  CslVerifyOptions options = { trust, NULL, NULL, NULL, tsa_trust, 0 };
  g_autoptr(CslVerifyReport) r = NULL;

  g_assert_no_error (error);
  r = csl_bundle_verify (bundle, &options, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < r->failures->len; i++)
    g_test_message ("failure: %s", (const char *) r->failures->pdata[i]);
  g_assert_true (r->ok);
  g_assert_cmpint (r->format, ==, CSL_BUNDLE_FORMAT_ASIC_E);
  if (r->signer->timestamp == NULL)
    return NULL;
  g_assert_true (r->signer->timestamp_trusted);
  return g_strdup (r->signer->timestamp);
}

static CslFilingStatus
status_of (Fixture *f)
{
  g_autoptr(CslFiling) filing = csl_filing_get (f->ws, f->filing, NULL);

  return csl_filing_get_status (filing);
}

/* ---- Preferences ---------------------------------------------------------------------------- */

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  CslPreferencesWindow *prefs = csl_preferences_window_new (GTK_WINDOW (f->window));
  GtkWidget *url = csl_test_find_by_id (GTK_WIDGET (prefs), "tsa_url");
  GtkWidget *required = csl_test_find_by_id (GTK_WIDGET (prefs), "tsa_required");
  g_autofree char *stored = NULL;

  gtk_window_present (GTK_WINDOW (prefs));
  g_assert_nonnull (url);
  g_assert_nonnull (required);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url)), ==, "");

  /* Not an HTTP address: the row says so and Apply stores nothing. */
  gtk_editable_set_text (GTK_EDITABLE (url), "ftp://tsa.example.com/");
  g_assert_true (gtk_widget_has_css_class (url, "error"));
  g_signal_emit_by_name (url, "apply");
  stored = g_settings_get_string (f->settings, "tsa-url");
  g_assert_cmpstr (stored, ==, "");
  g_clear_pointer (&stored, g_free);

  gtk_editable_set_text (GTK_EDITABLE (url), "  http://tsa.example.com/rfc3161  ");
  g_assert_false (gtk_widget_has_css_class (url, "error"));
  g_signal_emit_by_name (url, "apply");
  stored = g_settings_get_string (f->settings, "tsa-url");
  g_assert_cmpstr (stored, ==, "http://tsa.example.com/rfc3161");

  g_assert_false (g_settings_get_boolean (f->settings, "tsa-required"));
  gtk_switch_set_active (GTK_SWITCH (required), TRUE);
  g_assert_true (g_settings_get_boolean (f->settings, "tsa-required"));
  g_free (csl_test_screenshot (GTK_WIDGET (prefs), "preferences-timestamp"));

  /* What packaging reads back: the address without the blanks, and the switch. */
  {
    gboolean must = FALSE;
    g_autofree char *read = csl_settings_dup_tsa_url (f->settings, &must);

    g_assert_cmpstr (read, ==, "http://tsa.example.com/rfc3161");
    g_assert_true (must);
  }

  /* Emptied: no timestamp at all. */
  gtk_editable_set_text (GTK_EDITABLE (url), "");
  g_signal_emit_by_name (url, "apply");
  g_assert_null (csl_settings_dup_tsa_url (f->settings, NULL));
  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* ---- the wizard's last step --------------------------------------------------------------------- */

typedef struct
{
  gboolean done;
  char    *path;
  char    *message;
} Packaged;

static void
on_packaged (CslPageReview *page,
             const char    *path,
             const char    *message,
             Packaged      *p)
{
  p->done = TRUE;
  p->path = g_strdup (path);
  p->message = g_strdup (message);
}

static CslWizard *
open_review (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  CslWizard *wizard = csl_wizard_new (GTK_WINDOW (f->window), f->ws, f->filing, &error);

  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (wizard), 900, 760);
  gtk_window_present (GTK_WINDOW (wizard));
  while (csl_wizard_get_position (wizard) < csl_wizard_get_n_pages (wizard) - 1)
    g_assert_true (csl_wizard_next (wizard));
  return wizard;
}

/* The review step's row about the timestamp, next to the bundle: NULL when hidden, else its
 * subtitle. */
static const char *
stamp_said (CslWizard *wizard)
{
  GtkWidget *row = csl_test_find_by_id (GTK_WIDGET (csl_wizard_get_page (wizard, csl_wizard_get_n_pages (wizard) - 1)),
                                        "stamp_row");

  g_assert_nonnull (row);
  if (!gtk_widget_get_visible (row) || !gtk_widget_get_visible (gtk_widget_get_parent (row)))
    return NULL;
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

/* Packages from the review step; the message it shows under the button lands in message. */
static Packaged
package_in_wizard (Fixture    *f,
                   CslWizard  *wizard,
                   char      **message)
{
  CslPageReview *review = CSL_PAGE_REVIEW (csl_wizard_get_page (wizard, csl_wizard_get_n_pages (wizard) - 1));
  g_autoptr(GFile) p12 = g_file_new_for_path (f->p12);
  g_autoptr(GFile) out = g_file_new_for_path (f->out);
  GtkWidget *label = csl_test_find_by_id (GTK_WIDGET (review), "message");
  Packaged p = { FALSE, NULL, NULL };
  gulong id;

  csl_page_review_set_identity (review, p12, NULL);
  csl_page_review_set_destination (review, out);
  csl_page_review_set_password (review, PASSWORD);
  id = g_signal_connect (review, "packaged", G_CALLBACK (on_packaged), &p);
  g_assert_true (csl_page_review_package (review));
  while (!p.done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (review, id);
  g_assert_nonnull (label);
  *message = gtk_widget_get_visible (label) ? g_strdup (gtk_label_get_text (GTK_LABEL (label))) : NULL;
  return p;
}

static void
test_wizard_timestamped (Fixture       *f,
                         gconstpointer  data)
{
  CslWizard *wizard;
  g_autofree char *message = NULL;
  g_autofree char *stamp = NULL;
  Packaged p;

  csl_test_tsa_start (&f->tsa, "good");
  g_settings_set_string (f->settings, "tsa-url", f->tsa.url);
  wizard = open_review (f);
  p = package_in_wizard (f, wizard, &message);
  g_assert_null (p.message);
  g_assert_nonnull (p.path);
  g_assert_null (message);
  stamp = verified_timestamp (f, p.path);
  g_assert_nonnull (stamp);
  g_assert_nonnull (stamp_said (wizard));
  g_assert_nonnull (strstr (stamp_said (wizard), f->tsa.url));
  g_assert_cmpint (status_of (f), ==, CSL_STATUS_PACKAGED);
  g_free (csl_test_screenshot (GTK_WIDGET (wizard), "wizard-5-timestamped"));
  g_free (p.path);
  gtk_window_destroy (GTK_WINDOW (wizard));
}

/* The authority does not answer and a timestamp is not required: the bundle is signed without
 * one, and the step says why. */
static void
test_wizard_unreachable (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *dead = dead_tsa_url (f);
  g_autofree char *message = NULL;
  CslWizard *wizard;
  Packaged p;

  g_settings_set_string (f->settings, "tsa-url", dead);
  wizard = open_review (f);
  p = package_in_wizard (f, wizard, &message);
  g_assert_null (p.message);
  g_assert_nonnull (p.path);
  /* Said next to the bundle, not under the button: the reason, with the authority's address. */
  g_assert_null (message);
  g_assert_nonnull (stamp_said (wizard));
  g_test_message ("the step says: %s", stamp_said (wizard));
  g_assert_nonnull (strstr (stamp_said (wizard), dead));
  g_assert_null (verified_timestamp (f, p.path));
  g_assert_cmpint (status_of (f), ==, CSL_STATUS_PACKAGED);
  g_free (csl_test_screenshot (GTK_WIDGET (wizard), "wizard-5-no-timestamp"));
  g_free (p.path);
  gtk_window_destroy (GTK_WINDOW (wizard));
}

/* Required: the same failure writes no bundle and leaves the filing where it was. */
static void
test_wizard_required (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *dead = dead_tsa_url (f);
  g_autofree char *message = NULL;
  CslWizard *wizard;
  Packaged p;

  g_settings_set_string (f->settings, "tsa-url", dead);
  g_settings_set_boolean (f->settings, "tsa-required", TRUE);
  wizard = open_review (f);
  p = package_in_wizard (f, wizard, &message);
  g_assert_null (p.path);
  g_assert_nonnull (p.message);
  g_assert_nonnull (strstr (p.message, dead));
  g_assert_cmpstr (message, ==, p.message);
  g_assert_null (stamp_said (wizard));
  g_assert_cmpuint (count_bundles (f), ==, 0);
  g_assert_cmpint (status_of (f), ==, CSL_STATUS_DRAFT);
  g_free (p.message);
  gtk_window_destroy (GTK_WINDOW (wizard));
}

/* ---- the bulk window -------------------------------------------------------------------------- */

static void
test_bulk (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GFile) p12 = g_file_new_for_path (f->p12);
  g_autoptr(GFile) out = g_file_new_for_path (f->out);
  const char *const titles[] = { "CAM-100", NULL };
  CslBulkWindow *bulk;

  g_autofree char *name = NULL;

  g_array_append_val (ids, f->filing);
  csl_test_tsa_start (&f->tsa, "good");
  g_settings_set_string (f->settings, "tsa-url", f->tsa.url);
  for (guint round = 0; round < 2; round++)
    {
      g_autofree char *bundle = NULL;
      g_autofree char *stamp = NULL;
      const char *outcome;

      bulk = csl_bulk_window_new (GTK_WINDOW (f->window), f->ws, CSL_BULK_PACKAGE, ids, titles);
      gtk_window_present (GTK_WINDOW (bulk));
      csl_bulk_window_set_identity (bulk, p12, NULL);
      csl_bulk_window_set_destination (bulk, out);
      csl_bulk_window_set_password (bulk, PASSWORD);
      g_assert_true (csl_bulk_window_start (bulk));
      while (csl_bulk_window_is_busy (bulk))
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (csl_bulk_window_get_n_succeeded (bulk), ==, 1);
      outcome = csl_bulk_window_get_outcome (bulk, 0);
      g_test_message ("round %u: %s", round, outcome);
      if (round == 0)
        {
          /* Timestamped: the row names only the bundle. */
          g_assert_true (g_str_has_suffix (outcome, ".zip"));
          name = g_strdup (outcome);
          bundle = g_build_filename (f->out, name, NULL);
          stamp = verified_timestamp (f, bundle);
          g_assert_nonnull (stamp);
          g_free (csl_test_screenshot (GTK_WIDGET (bulk), "bulk-package-timestamped"));
          csl_test_tsa_stop (&f->tsa);
        }
      else
        {
          /* The authority gone: packaged all the same (the filing's bundle has the same name
           * each time), and the row says it has no timestamp. */
          g_assert_true (g_str_has_prefix (outcome, name));
          g_assert_false (g_str_has_suffix (outcome, ".zip"));
          bundle = g_build_filename (f->out, name, NULL);
          stamp = verified_timestamp (f, bundle);
          g_assert_null (stamp);
        }
      gtk_window_destroy (GTK_WINDOW (bulk));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  csl_test_ui_init (&argc, &argv);
  test_app = csl_application_new ();
  g_application_set_flags (G_APPLICATION (test_app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (test_app), NULL, &error));
  g_test_add ("/ui/timestamp/preferences", Fixture, NULL, setup, test_preferences, teardown);
  g_test_add ("/ui/timestamp/wizard", Fixture, NULL, setup, test_wizard_timestamped, teardown);
  g_test_add ("/ui/timestamp/wizard-unreachable", Fixture, NULL, setup, test_wizard_unreachable, teardown);
  g_test_add ("/ui/timestamp/wizard-required", Fixture, NULL, setup, test_wizard_required, teardown);
  g_test_add ("/ui/timestamp/bulk", Fixture, NULL, setup, test_bulk, teardown);
  status = g_test_run ();
  g_clear_object (&test_app);
  return status;
}
