#include "config.h"

#include <glib/gi18n.h>

#include "csl-filings-view.h"
#include "csl-gui-util.h"
#include "csl-import-window.h"
#include "csl-lab-editor.h"
#include "workspace/csl-workspace.h"
#include "records/csl-lab.h"
#include "csl-manufacturer-editor.h"
#include "csl-deadlines-view.h"
#include "records/csl-manufacturer.h"
#include "csl-record-list.h"
#include "base/csl-date.h"
#include "csl-verify-view.h"
#include "csl-window.h"
#include "csl-wizard.h"
#include "csl-team-location.h"
#include "csl-team-open.h"
#include "csl-banner.h"
#include "store/csl-pg-listener.h"
#include "csl-workspace-menu.h"

struct _CslWindow
{
  AdwApplicationWindow  parent_instance;

  CslWorkspace         *workspace;
  GSettings            *settings;
  CslRecordList        *manufacturers;
  CslRecordList        *labs;

  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *read_only_banner;
  GtkLabel             *read_only_label;
  AdwViewStack         *stack;
  CslFilingsView       *filings_view;
  CslDeadlinesView     *deadlines_view;
  GtkMenuButton        *workspace_button;
  GtkLabel             *workspace_label;
  GtkImage             *workspace_icon;
  CslBanner            *reconnect_banner;
  CslPgListener        *listener;
};

G_DEFINE_FINAL_TYPE (CslWindow, csl_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  WORKSPACE_OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GPtrArray *
load_manufacturer_rows (CslWorkspace  *ws,
                        GError       **error)
{
  g_autoptr(GPtrArray) list = csl_manufacturer_list (ws, error);
  g_autofree char *today = csl_date_today ();
  GPtrArray *rows;

  if (list == NULL)
    return NULL;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_record_row_free);
  for (guint i = 0; i < list->len; i++)
    {
      CslManufacturer *m = list->pdata[i];
      g_autofree char *subtitle = m->name_zh && m->name_en ? g_strdup_printf ("%s · %s", m->name_en, m->uscc)
                                                           : g_strdup (m->uscc);
      const char *badge = csl_manufacturer_is_barred (m, today) ? _("Barred")
                          : m->uscc_check_accepted ? _("Check digit accepted") : NULL;

      g_ptr_array_add (rows, csl_record_row_new (m->id, csl_manufacturer_display_name (m), subtitle, badge));
    }
  return rows;
}

static GPtrArray *
load_lab_rows (CslWorkspace  *ws,
               GError       **error)
{
  g_autoptr(GPtrArray) list = csl_lab_list (ws, error);
  g_autofree char *today = csl_date_today ();
  GPtrArray *rows;

  if (list == NULL)
    return NULL;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_record_row_free);
  for (guint i = 0; i < list->len; i++)
    {
      CslLab *lab = list->pdata[i];
      g_autofree char *subtitle = NULL;
      g_autofree char *accredited_until = csl_format_date (lab->accredited_until);
      const char *badge = NULL;

      if (csl_lab_get_kind (lab) == CSL_LAB_IN_HOUSE)
        subtitle = g_strdup (_("In-house lab"));
      else if (lab->accredited_until)
        subtitle = g_strdup_printf (_("Third-party · %s · accredited until %s"),
                                    lab->accreditation_no ? lab->accreditation_no : _("no accreditation number"),
                                    accredited_until);
      else
        subtitle = g_strdup_printf (_("Third-party · %s"),
                                    lab->accreditation_no ? lab->accreditation_no : _("no accreditation number"));
      if (csl_lab_is_barred (lab, today))
        badge = _("Barred");
      else if (lab->accredited_until && g_strcmp0 (lab->accredited_until, today) < 0)
        badge = _("Accreditation expired");
      g_ptr_array_add (rows, csl_record_row_new (lab->id, lab->name, subtitle, badge));
    }
  return rows;
}

void
csl_window_toast (CslWindow  *self,
                  const char *message)
{
  g_return_if_fail (CSL_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
on_manufacturer_saved (CslWindow *self,
                       gint64     id)
{
  csl_window_toast (self, _("Manufacturer saved"));
}

static void
on_lab_saved (CslWindow *self,
              gint64     id)
{
  csl_window_toast (self, _("Lab saved"));
}

static void
edit_manufacturer (CslWindow *self,
                   gint64     id)
{
  g_autoptr(CslManufacturer) m = NULL;
  g_autoptr(GError) error = NULL;
  CslManufacturerEditor *editor;

  if (id > 0 && (m = csl_manufacturer_get (self->workspace, id, &error)) == NULL)
    {
      csl_window_toast (self, error->message);
      return;
    }
  editor = csl_manufacturer_editor_new (GTK_WINDOW (self), self->workspace, m);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_manufacturer_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
edit_lab (CslWindow *self,
          gint64     id)
{
  g_autoptr(CslLab) lab = NULL;
  g_autoptr(GError) error = NULL;
  CslLabEditor *editor;

  if (id > 0 && (lab = csl_lab_get (self->workspace, id, &error)) == NULL)
    {
      csl_window_toast (self, error->message);
      return;
    }
  editor = csl_lab_editor_new (GTK_WINDOW (self), self->workspace, lab);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_lab_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_add_manufacturer (CslWindow *self)
{
  edit_manufacturer (self, 0);
}

static void
on_add_lab (CslWindow *self)
{
  edit_lab (self, 0);
}

static void
open_wizard (CslWindow *self,
             gint64     filing_id)
{
  g_autoptr(GError) error = NULL;
  CslWizard *wizard = csl_wizard_new (GTK_WINDOW (self), self->workspace, filing_id, &error);

  if (wizard == NULL)
    {
      csl_window_toast (self, error->message);
      return;
    }
  gtk_window_present (GTK_WINDOW (wizard));
}

static void
on_filing_activated (CslWindow *self,
                     gint64     filing_id)
{
  open_wizard (self, filing_id);
}

static void
new_filing_action (GtkWidget  *widget,
                   const char *action,
                   GVariant   *param)
{
  open_wizard (CSL_WINDOW (widget), 0);
}

static void
search_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  CslWindow *self = CSL_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->stack, "filings");
  csl_filings_view_focus_search (self->filings_view);
}

static void
add_manufacturer_action (GtkWidget  *widget,
                         const char *action,
                         GVariant   *param)
{
  edit_manufacturer (CSL_WINDOW (widget), 0);
}

static void
add_lab_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  edit_lab (CSL_WINDOW (widget), 0);
}

static void
on_workspace_chosen (GtkNativeDialog *dialog,
                     int              response,
                     CslWindow       *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) ws = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  if (folder == NULL || (path = g_file_get_path (folder)) == NULL)
    return;

  ws = csl_workspace_open (path, &error);
  if (ws == NULL)
    {
      csl_window_toast (self, error->message);
      return;
    }
  csl_workspace_set_interface (ws, "gui");
  csl_window_set_workspace (self, ws);
  g_signal_emit (self, signals[WORKSPACE_OPENED], 0, ws);
  csl_window_toast (self, _("Workspace opened"));
}

static void
on_imported (CslImportWindow *dialog,
             guint            n_new,
             guint            n_updated,
             CslWindow       *self)
{
  g_autofree char *text = g_strdup_printf (_("Imported: %u new, %u updated"), n_new, n_updated);

  csl_window_toast (self, text);
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
import_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  CslWindow *self = CSL_WINDOW (widget);
  CslImportWindow *dialog;

  if (self->workspace == NULL)
    return;
  dialog = csl_import_window_new (GTK_WINDOW (self), self->workspace);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (on_imported), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_filing_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *param)
{
  open_wizard (CSL_WINDOW (widget), g_variant_get_int64 (param));
}

static void
verify_bundle_action (GtkWidget  *widget,
                      const char *action,
                      GVariant   *param)
{
  CslWindow *self = CSL_WINDOW (widget);
  const char *path, *cert;
  g_autoptr(GFile) bundle = NULL;
  g_autoptr(GFile) signer = NULL;
  CslVerifyView *view;

  g_variant_get (param, "(&s&s)", &path, &cert);
  bundle = g_file_new_for_path (path);
  signer = *cert != '\0' ? g_file_new_for_path (cert) : NULL;
  view = CSL_VERIFY_VIEW (csl_window_get_view (self, "verify"));
  csl_verify_view_set_signer (view, signer);
  csl_verify_view_verify_file (view, bundle);
  csl_window_show_view (self, "verify");
  gtk_window_present (GTK_WINDOW (self));
}

static void
open_workspace_action (GtkWidget  *widget,
                       const char *action,
                       GVariant   *param)
{
  GtkFileChooserNative *chooser;

  /* GtkFileChooserNative goes through the portal inside Flatpak. */
  chooser = gtk_file_chooser_native_new (_("Open or Create a Workspace Folder"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_workspace_chosen), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
location_opened (gpointer      window,
                 CslWorkspace *ws)
{
  CslWindow *self = CSL_WINDOW (window);

  csl_window_set_workspace (self, ws);
  g_signal_emit (self, signals[WORKSPACE_OPENED], 0, ws);
  csl_window_toast (self, _("Workspace opened"));
}

void
csl_window_open_location (CslWindow  *self,
                          const char *location)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CSL_IS_WINDOW (self));
  if (!csl_team_open_location (GTK_WINDOW (self), location, location_opened, &error))
    csl_window_toast (self, error->message);
}

CslConnectDialog *
csl_window_connect_team (CslWindow  *self,
                         const char *location)
{
  g_return_val_if_fail (CSL_IS_WINDOW (self), NULL);
  return csl_team_connect (GTK_WINDOW (self), location, location_opened);
}

static void
connect_team_action (GtkWidget  *widget,
                     const char *action,
                     GVariant   *param)
{
  csl_window_connect_team (CSL_WINDOW (widget), NULL);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *param)
{
  csl_window_open_location (CSL_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
add_page (CslWindow  *self,
          GtkWidget  *child,
          const char *name,
          const char *title,
          const char *icon)
{
  AdwViewStackPage *page = adw_view_stack_add_titled (self->stack, child, name, title);

  /* No access key on a tab (GNOME's zh_CN practice, and the .ui's Filings and Deadlines). */
  adw_view_stack_page_set_icon_name (page, icon);
}

/* A workspace the user may not write (an archive on read-only media, a colleague's folder) is
 * shown as it is, with a banner saying so; what would change it is not offered. */
static void
update_read_only (CslWindow *self)
{
  gboolean read_only = csl_workspace_is_read_only (self->workspace);
  static const char *const actions[] = { "win.new-filing", "win.add-manufacturer", "win.add-lab", "win.import" };

  if (read_only)
    {
      g_autofree char *text =
        g_strdup_printf (_("This workspace is read-only: %s can be read but not changed. To change it, copy it "
                           "to a folder you can write and open the copy."),
                         csl_workspace_get_path (self->workspace));

      gtk_label_set_text (self->read_only_label, text);
    }
  gtk_revealer_set_reveal_child (self->read_only_banner, read_only);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], !read_only);
}

/* The header bar says which workspace is open (a folder's name, or user@host/db) and keeps the
 * recent ones a click away. */
static void
update_workspace_button (CslWindow *self)
{
  const char *location = csl_workspace_get_path (self->workspace);
  g_autofree char *shown = csl_team_location_display (location);
  g_autofree char *bare = csl_team_location_strip_password (location);
  g_autofree char *tooltip = g_strdup_printf (_("Workspace: %s"), bare);
  g_autoptr(GMenuModel) menu = NULL;
  gboolean team = csl_team_location_is_team (location);

  csl_recent_workspaces_add (self->settings, location);
  menu = csl_workspace_menu_new (self->settings, location);
  gtk_label_set_text (self->workspace_label, shown);
  gtk_image_set_from_icon_name (self->workspace_icon, team ? "network-server-symbolic" : "folder-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->workspace_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->workspace_button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_menu_button_set_menu_model (self->workspace_button, menu);
}

/* A team workspace whose server went away: the banner says so until the listener is back;
 * what the user types meanwhile (the wizard's draft) stays in its window. */
static void
update_reconnect_banner (CslWindow *self)
{
  gboolean down = self->listener != NULL && !csl_pg_listener_get_connected (self->listener) &&
                  csl_pg_listener_get_error (self->listener) != NULL;

  csl_banner_set_revealed (self->reconnect_banner, down);
}

static void
on_reconnect_clicked (CslWindow *self)
{
  if (self->listener != NULL)
    csl_pg_listener_retry (self->listener);
}

static void
watch_listener (CslWindow *self)
{
  if (self->listener != NULL)
    g_signal_handlers_disconnect_by_data (self->listener, self);
  g_set_object (&self->listener, csl_pg_listener_get_for (self->workspace));
  if (self->listener != NULL)
    g_signal_connect_object (self->listener, "notify::connected", G_CALLBACK (update_reconnect_banner), self,
                             G_CONNECT_SWAPPED);
  update_reconnect_banner (self);
}

CslBanner *
csl_window_get_reconnect_banner (CslWindow *self)
{
  g_return_val_if_fail (CSL_IS_WINDOW (self), NULL);
  return self->reconnect_banner;
}

void
csl_window_set_workspace (CslWindow    *self,
                          CslWorkspace *workspace)
{
  g_autofree char *title = NULL;

  g_return_if_fail (CSL_IS_WINDOW (self));
  g_set_object (&self->workspace, workspace);
  csl_filings_view_set_workspace (self->filings_view, workspace);
  csl_record_list_set_workspace (self->manufacturers, workspace);
  csl_record_list_set_workspace (self->labs, workspace);
  csl_deadlines_view_set_workspace (self->deadlines_view, workspace);
  title = g_path_get_basename (csl_workspace_get_path (workspace));
  gtk_window_set_title (GTK_WINDOW (self), title);
  update_read_only (self);
  update_workspace_button (self);
  watch_listener (self);
}

CslWorkspace *
csl_window_get_workspace (CslWindow *self)
{
  g_return_val_if_fail (CSL_IS_WINDOW (self), NULL);
  return self->workspace;
}

void
csl_window_show_view (CslWindow  *self,
                      const char *name)
{
  g_return_if_fail (CSL_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->stack, name);
}

GtkWidget *
csl_window_get_view (CslWindow  *self,
                     const char *name)
{
  g_return_val_if_fail (CSL_IS_WINDOW (self), NULL);
  return adw_view_stack_get_child_by_name (self->stack, name);
}

static void
csl_window_dispose (GObject *object)
{
  CslWindow *self = CSL_WINDOW (object);

  if (self->listener != NULL)
    g_signal_handlers_disconnect_by_data (self->listener, self);
  g_clear_object (&self->listener);
  g_clear_object (&self->workspace);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), CSL_TYPE_WINDOW);
  G_OBJECT_CLASS (csl_window_parent_class)->dispose (object);
}

static void
csl_window_class_init (CslWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = csl_window_dispose;

  g_type_ensure (CSL_TYPE_FILINGS_VIEW);
  g_type_ensure (CSL_TYPE_BANNER);
  g_type_ensure (CSL_TYPE_DEADLINES_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CslWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CslWindow, read_only_banner);
  gtk_widget_class_bind_template_child (widget_class, CslWindow, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, CslWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CslWindow, filings_view);
  gtk_widget_class_bind_template_child (widget_class, CslWindow, deadlines_view);
  gtk_widget_class_bind_template_child (widget_class, CslWindow, workspace_button);
  gtk_widget_class_bind_template_child (widget_class, CslWindow, workspace_label);
  gtk_widget_class_bind_template_child (widget_class, CslWindow, workspace_icon);
  gtk_widget_class_bind_template_child (widget_class, CslWindow, reconnect_banner);
  gtk_widget_class_bind_template_callback (widget_class, on_reconnect_clicked);
  gtk_widget_class_install_action (widget_class, "win.connect-team", NULL, connect_team_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_bind_template_callback (widget_class, on_filing_activated);

  gtk_widget_class_install_action (widget_class, "win.new-filing", NULL, new_filing_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.add-manufacturer", NULL, add_manufacturer_action);
  gtk_widget_class_install_action (widget_class, "win.add-lab", NULL, add_lab_action);
  gtk_widget_class_install_action (widget_class, "win.open-workspace", NULL, open_workspace_action);
  gtk_widget_class_install_action (widget_class, "win.open-filing", "x", open_filing_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.verify-bundle", "(ss)", verify_bundle_action);

  signals[WORKSPACE_OPENED] = g_signal_new ("workspace-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, CSL_TYPE_WORKSPACE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-filing", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-workspace", NULL);
}

static void
csl_window_init (CslWindow *self)
{
  GSettingsSchema *schema;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->filings_view, "toast", G_CALLBACK (csl_window_toast), self);

  self->manufacturers = csl_record_list_new (_("Manufacturers"), "system-users-symbolic", _("No Manufacturers Yet"),
                                             _("Add the manufacturers you file for, with their Unified Social Credit Code."),
                                             _("_Add Manufacturer"), load_manufacturer_rows);
  g_signal_connect_swapped (self->manufacturers, "add", G_CALLBACK (on_add_manufacturer), self);
  g_signal_connect_swapped (self->manufacturers, "edit", G_CALLBACK (edit_manufacturer), self);
  add_page (self, GTK_WIDGET (self->manufacturers), "manufacturers", _("Manufacturers"), "system-users-symbolic");

  self->labs = csl_record_list_new (_("Labs"), "applications-science-symbolic", _("No Labs Yet"),
                                    _("Add the in-house or third-party labs that test your products."),
                                    _("_Add Lab"), load_lab_rows);
  g_signal_connect_swapped (self->labs, "add", G_CALLBACK (on_add_lab), self);
  g_signal_connect_swapped (self->labs, "edit", G_CALLBACK (edit_lab), self);
  add_page (self, GTK_WIDGET (self->labs), "labs", _("Labs"), "applications-science-symbolic");
  add_page (self, g_object_new (CSL_TYPE_VERIFY_VIEW, NULL), "verify", _("Verify"), "security-high-symbolic");

  /* Window state is remembered when the schema is installed (always, outside unit tests). */
  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new (APP_ID);
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
      g_settings_schema_unref (schema);
    }
}

CslWindow *
csl_window_new (GtkApplication *app,
                CslWorkspace   *workspace)
{
  CslWindow *self = g_object_new (CSL_TYPE_WINDOW, "application", app, NULL);

  csl_window_set_workspace (self, workspace);
  return self;
}
