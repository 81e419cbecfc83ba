#include "config.h"

#include <glib/gi18n.h>

#include "csl-application.h"
#include "csl-keyring.h"
#include "csl-team-open.h"
#include "csl-team-location.h"
#include "workspace/csl-workspace.h"
#include "documents/csl-pdf.h"
#include "csl-preferences-window.h"
#include "csl-notifier.h"
#include "csl-settings.h"
#include "csl-window.h"

struct _CslApplication
{
  AdwApplication  parent_instance;

  char           *workspace_dir;
  CslWorkspace   *workspace;
  GSettings      *settings;
  CslNotifier    *notifier;
};

G_DEFINE_FINAL_TYPE (CslApplication, csl_application, ADW_TYPE_APPLICATION)

CslApplication *
csl_application_new (void)
{
  return g_object_new (CSL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

CslWorkspace *
csl_application_get_workspace (CslApplication *self)
{
  g_return_val_if_fail (CSL_IS_APPLICATION (self), NULL);
  return self->workspace;
}

static GSettings *
app_settings (void)
{
  g_autoptr(GSettingsSchema) schema =
    g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);

  return schema ? g_settings_new (APP_ID) : NULL;
}

void
csl_application_set_workspace (CslApplication *self,
                               CslWorkspace   *workspace)
{
  g_autoptr(GSettings) settings = app_settings ();

  g_return_if_fail (CSL_IS_APPLICATION (self));
  g_set_object (&self->workspace, workspace);
  if (settings != NULL)
    {
      /* A team workspace's location without its password: that stays in the keyring. */
      g_autofree char *location = csl_team_location_strip_password (csl_workspace_get_path (workspace));
      g_settings_set_string (settings, "last-workspace", location);
    }
}

/* --workspace, then $CSL_FILER_WORKSPACE, then the folder opened last, then the default. */
static char *
initial_workspace_dir (CslApplication *self)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *last = NULL;

  if (self->workspace_dir != NULL)
    return g_strdup (self->workspace_dir);
  if (g_getenv ("CSL_FILER_WORKSPACE") == NULL && (settings = app_settings ()) != NULL)
    {
      last = g_settings_get_string (settings, "last-workspace");
      if (*last != '\0' && (csl_team_location_is_team (last) || g_file_test (last, G_FILE_TEST_IS_DIR)))
        return g_steal_pointer (&last);
    }
  return csl_workspace_default_dir ();
}

static int
csl_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  CslApplication *self = CSL_APPLICATION (app);
  const char *dir = NULL;

  /* A G_OPTION_ARG_FILENAME arrives as a bytestring, not as a UTF-8 string. */
  if (g_variant_dict_lookup (options, "workspace", "^&ay", &dir))
    {
      g_free (self->workspace_dir);
      self->workspace_dir = g_strdup (dir);
    }
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("csl-filer %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

static void
show_open_error (CslApplication *self,
                 const GError   *error)
{
  GtkWidget *dialog = adw_message_dialog_new (NULL, _("Cannot Open the Workspace"), error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
start_notifier (gpointer user_data)
{
  CslApplication *self = user_data;

  csl_notifier_start (self->notifier);
  return G_SOURCE_REMOVE;
}

/* Reminders wait until the window is on screen: a first look at the deadlines of a large
 * workspace must not hold the window back. */
static void
on_first_frame (GdkFrameClock  *clock,
                CslApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_frame, self);
  g_idle_add_full (G_PRIORITY_LOW, start_notifier, g_object_ref (self), g_object_unref);
  /* build-aux/bench times the start-up up to the first frame the user sees. */
  if (g_strcmp0 (g_getenv ("CSL_FILER_EXIT_AFTER_FIRST_FRAME"), "1") == 0)
    g_application_quit (G_APPLICATION (self));
}

static void
csl_application_activate (GApplication *app)
{
  CslApplication *self = CSL_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr(GError) error = NULL;
  GdkFrameClock *clock;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->workspace == NULL)
    {
      g_autofree char *dir = initial_workspace_dir (self);
      g_autofree char *password = NULL;
      g_autofree char *location = NULL;

      /* A team workspace's password comes from the keyring (or libpq's own ~/.pgpass). */
      if (csl_team_location_is_team (dir))
        password = csl_keyring_lookup (csl_keyring_get_default (), dir, NULL);
      location = csl_team_location_with_password (dir, password);
      self->workspace = csl_workspace_open (location, &error);
      if (self->workspace != NULL)
        csl_team_listen (self->workspace, location);
      if (self->workspace == NULL)
        {
          show_open_error (self, error);
          return;
        }
      csl_workspace_set_interface (self->workspace, "gui");
    }

  window = GTK_WINDOW (csl_window_new (GTK_APPLICATION (self), self->workspace));
  g_signal_connect_object (window, "workspace-opened", G_CALLBACK (csl_application_set_workspace), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (window);

  if (self->notifier == NULL)
    {
      self->settings = csl_settings_new ();
      self->notifier = csl_notifier_new (app, self->workspace, self->settings);
      clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
      if (clock != NULL)
        g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_first_frame), self, 0);
      else
        csl_notifier_start (self->notifier);
    }
}

static void
csl_application_finalize (GObject *object)
{
  CslApplication *self = CSL_APPLICATION (object);

  g_clear_object (&self->notifier);
  g_clear_object (&self->settings);
  g_clear_object (&self->workspace);
  g_free (self->workspace_dir);
  G_OBJECT_CLASS (csl_application_parent_class)->finalize (object);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* The default action of a deadline notification. */
static void
show_deadlines_activated (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (user_data));
  window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  if (CSL_IS_WINDOW (window))
    csl_window_show_view (CSL_WINDOW (window), "deadlines");
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  const char *developers[] = { _("The CSL Filer developers"), NULL };
  /* Troubleshooting shows whether PDFs are sandboxed here, and why not. */
  g_autofree char *sandbox = csl_pdf_describe_sandbox ();

  adw_show_about_window (parent,
                         "application-name", _("CSL Filer"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The CSL Filer developers"),
                         "developers", developers,
                         "website", PACKAGE_WEBSITE,
                         "issue-url", PACKAGE_WEBSITE "/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Prepare China Cybersecurity Label filings: materials, label and a signed bundle."),
                         "translator-credits", _("translator-credits"),
                         "debug-info", sandbox,
                         NULL);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  GtkWindow *prefs = GTK_WINDOW (csl_preferences_window_new (parent));

  gtk_window_present (prefs);
}

static void
csl_application_startup (GApplication *app)
{
  static const GActionEntry actions[] = {
    { "quit", quit_activated },
    { "about", about_activated },
    { "preferences", preferences_activated },
    { "show-deadlines", show_deadlines_activated },
  };
  const char *prefs_accels[] = { "<Control>comma", NULL };
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (csl_application_parent_class)->startup (app);
  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", prefs_accels);
}

static void
csl_application_class_init (CslApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = csl_application_finalize;
  app_class->activate = csl_application_activate;
  app_class->startup = csl_application_startup;
  app_class->handle_local_options = csl_application_handle_local_options;
}

static void
csl_application_init (CslApplication *self)
{
  const GOptionEntry entries[] = {
    { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Open the workspace in DIR, or the team workspace at a postgresql:// URI"), N_("DIR|URI") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the program version"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}
