#include "config.h"

#include <glib/gi18n.h>

#include "base/csl-error.h"
#include "csl-banner.h"
#include "csl-connect-dialog.h"

struct _CslConnectDialog
{
  AdwWindow    parent_instance;

  AdwEntryRow *host_row;
  AdwEntryRow *port_row;
  AdwEntryRow *database_row;
  AdwEntryRow *user_row;
  AdwEntryRow *password_row;
  AdwComboRow *tls_row;
  AdwEntryRow *uri_row;
  GtkSwitch   *remember_switch;
  CslBanner   *error_banner;
};

enum { CONNECT, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CslConnectDialog, csl_connect_dialog, ADW_TYPE_WINDOW)

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

char *
csl_connect_dialog_dup_location (CslConnectDialog  *self,
                                 GError           **error)
{
  g_autofree char *uri = g_strstrip (g_strdup (text_of (self->uri_row)));
  g_autofree char *port_text = g_strstrip (g_strdup (text_of (self->port_row)));
  g_autofree char *host = g_strstrip (g_strdup (text_of (self->host_row)));
  g_autofree char *database = g_strstrip (g_strdup (text_of (self->database_row)));
  g_autofree char *user = g_strstrip (g_strdup (text_of (self->user_row)));
  guint64 port = 0;

  g_return_val_if_fail (CSL_IS_CONNECT_DIALOG (self), NULL);
  if (*uri != '\0')
    {
      if (!csl_team_location_is_team (uri))
        {
          g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                       _("“%s” is not a connection URI: start it with postgresql:// or give keywords such as service=filings"),
                       uri);
          return NULL;
        }
      return csl_team_location_strip_password (uri);
    }
  if (*database == '\0')
    {
      g_set_error_literal (error, CSL_ERROR, CSL_ERROR_INVALID,
                           _("Give the database’s name, or a connection URI"));
      return NULL;
    }
  if (*port_text != '\0' &&
      (!g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL)))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("The port must be a number from 1 to 65535, not “%s”"),
                   port_text);
      return NULL;
    }
  return csl_team_location_build (host, (guint) port, database, user,
                                  (CslTlsMode) adw_combo_row_get_selected (self->tls_row));
}

const char *
csl_connect_dialog_get_password (CslConnectDialog *self)
{
  g_return_val_if_fail (CSL_IS_CONNECT_DIALOG (self), NULL);
  return text_of (self->password_row);
}

gboolean
csl_connect_dialog_get_remember (CslConnectDialog *self)
{
  g_return_val_if_fail (CSL_IS_CONNECT_DIALOG (self), FALSE);
  return gtk_switch_get_active (self->remember_switch);
}

void
csl_connect_dialog_set_error (CslConnectDialog *self,
                              const char       *message)
{
  g_return_if_fail (CSL_IS_CONNECT_DIALOG (self));
  csl_banner_set_title (self->error_banner, message);
  csl_banner_set_revealed (self->error_banner, message != NULL && *message != '\0');
}

const char *
csl_connect_dialog_get_error (CslConnectDialog *self)
{
  g_return_val_if_fail (CSL_IS_CONNECT_DIALOG (self), NULL);
  return csl_banner_get_revealed (self->error_banner) ? csl_banner_get_title (self->error_banner) : NULL;
}

void
csl_connect_dialog_activate (CslConnectDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *location = csl_connect_dialog_dup_location (self, &error);

  g_return_if_fail (CSL_IS_CONNECT_DIALOG (self));
  if (location == NULL)
    {
      csl_connect_dialog_set_error (self, error->message);
      return;
    }
  csl_connect_dialog_set_error (self, NULL);
  g_signal_emit (self, signals[CONNECT], 0, location, csl_connect_dialog_get_password (self));
}

static void
connect_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  csl_connect_dialog_activate (CSL_CONNECT_DIALOG (widget));
}

static void
on_entry_activated (CslConnectDialog *self)
{
  csl_connect_dialog_activate (self);
}

static void
csl_connect_dialog_class_init (CslConnectDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (CSL_TYPE_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CslConnectDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, CslConnectDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, CslConnectDialog, database_row);
  gtk_widget_class_bind_template_child (widget_class, CslConnectDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, CslConnectDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, CslConnectDialog, tls_row);
  gtk_widget_class_bind_template_child (widget_class, CslConnectDialog, uri_row);
  gtk_widget_class_bind_template_child (widget_class, CslConnectDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, CslConnectDialog, error_banner);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_install_action (widget_class, "connect.connect", NULL, connect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  /* (location without password, password) */
  signals[CONNECT] = g_signal_new ("connect", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
csl_connect_dialog_init (CslConnectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_entry_row_set_input_purpose (self->port_row, GTK_INPUT_PURPOSE_DIGITS);
  adw_combo_row_set_selected (self->tls_row, CSL_TLS_VERIFY_FULL);
}

/* A remembered URI this dialog built fills the fields again; anything else goes in the URI row. */
static void
prefill (CslConnectDialog *self,
         const char       *location)
{
  g_autoptr(GUri) uri = g_uri_parse (location, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr(GHashTable) params = NULL;
  const char *mode, *path;
  g_autofree char *user = NULL;
  g_autofree char *database = NULL;
  g_autofree char *port = NULL;
  static const char *const modes[] = { "disable", "require", "verify-full" };

  if (uri == NULL || g_uri_get_query (uri) == NULL ||
      (params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL)) == NULL ||
      (mode = g_hash_table_lookup (params, "sslmode")) == NULL || g_hash_table_size (params) > 2 ||
      (g_hash_table_size (params) == 2 && !g_hash_table_contains (params, "host")))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->uri_row), location);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (g_str_equal (mode, modes[i]))
      adw_combo_row_set_selected (self->tls_row, i);
  path = g_uri_get_path (uri);
  database = g_uri_unescape_string (path[0] == '/' ? path + 1 : path, NULL);
  user = g_uri_get_user (uri) ? g_uri_unescape_string (g_uri_get_user (uri), NULL) : NULL;
  port = g_uri_get_port (uri) > 0 ? g_strdup_printf ("%d", g_uri_get_port (uri)) : NULL;
  gtk_editable_set_text (GTK_EDITABLE (self->host_row),
                         g_hash_table_lookup (params, "host") ? g_hash_table_lookup (params, "host")
                                                              : (g_uri_get_host (uri) ? g_uri_get_host (uri) : ""));
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), port ? port : "");
  gtk_editable_set_text (GTK_EDITABLE (self->database_row), database ? database : "");
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user ? user : "");
}

CslConnectDialog *
csl_connect_dialog_new (GtkWindow  *parent,
                        const char *location)
{
  CslConnectDialog *self = g_object_new (CSL_TYPE_CONNECT_DIALOG, "transient-for", parent, NULL);

  if (location != NULL && csl_team_location_is_team (location))
    {
      g_autofree char *bare = csl_team_location_strip_password (location);
      prefill (self, bare);
    }
  return self;
}

void
csl_connect_dialog_fill (CslConnectDialog *self,
                         const char       *host,
                         const char       *port,
                         const char       *database,
                         const char       *user,
                         const char       *password,
                         CslTlsMode        tls,
                         const char       *uri)
{
  struct { AdwEntryRow *row; const char *text; } rows[] = {
    { self->host_row, host }, { self->port_row, port }, { self->database_row, database },
    { self->user_row, user }, { self->password_row, password }, { self->uri_row, uri },
  };

  g_return_if_fail (CSL_IS_CONNECT_DIALOG (self));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (rows[i].text != NULL)
      gtk_editable_set_text (GTK_EDITABLE (rows[i].row), rows[i].text);
  adw_combo_row_set_selected (self->tls_row, tls);
}
