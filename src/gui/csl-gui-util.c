#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <locale.h>

#include "base/csl-article.h"
#include "base/csl-date.h"
#include "csl-gui-util.h"

GdkTexture *
csl_texture_from_surface (cairo_surface_t *surface)
{
  g_autoptr(GBytes) bytes = NULL;
  int width, height, stride;

  g_return_val_if_fail (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32, NULL);
  cairo_surface_flush (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * height);
  /* Cairo's ARGB32 is premultiplied, native-endian: GDK_MEMORY_DEFAULT is the same layout. */
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, (gsize) stride);
}

typedef struct
{
  CslFileChosenFunc callback;
  gpointer          user_data;
} Chooser;

static void
on_response (GtkNativeDialog *dialog,
             int              response,
             Chooser         *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  chooser->callback (file, chooser->user_data);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_free (chooser);
}

static void
run_chooser (GtkWidget            *parent,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept,
             GtkFileFilter        *filter,
             const char           *suggested_name,
             CslFileChosenFunc     callback,
             gpointer              user_data)
{
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;
  GtkFileChooserNative *native = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                              action, accept, _("_Cancel"));
  Chooser *chooser = g_new0 (Chooser, 1);

  chooser->callback = callback;
  chooser->user_data = user_data;
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  if (suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_response), chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
csl_choose_file_to_open (GtkWidget         *parent,
                         const char        *title,
                         const char        *filter_name,
                         const char        *mime_type,
                         CslFileChosenFunc  callback,
                         gpointer           user_data)
{
  g_autoptr(GtkFileFilter) filter = NULL;

  if (mime_type != NULL)
    {
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, filter_name);
      gtk_file_filter_add_mime_type (filter, mime_type);
    }
  run_chooser (parent, title, GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), filter, NULL, callback, user_data);
}

void
csl_choose_file_to_save (GtkWidget         *parent,
                         const char        *title,
                         const char        *suggested_name,
                         CslFileChosenFunc  callback,
                         gpointer           user_data)
{
  run_chooser (parent, title, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL, suggested_name, callback, user_data);
}

void
csl_choose_folder (GtkWidget         *parent,
                   const char        *title,
                   CslFileChosenFunc  callback,
                   gpointer           user_data)
{
  run_chooser (parent, title, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Select"), NULL, NULL, callback, user_data);
}

void
csl_open_uri_for_file (GtkWidget *parent,
                       GFile     *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRoot *root = gtk_widget_get_root (parent);

  /* gtk_show_uri goes through the OpenURI portal when sandboxed; GtkFileLauncher is newer than 4.8. */
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

char *
csl_format_date (const char *iso)
{
  const char *lc_time = setlocale (LC_TIME, NULL);
  g_autoptr(GDateTime) dt = NULL;
  GDate date;

  if (iso == NULL)
    return NULL;
  if (!csl_date_parse (iso, &date, NULL) || lc_time == NULL || g_str_equal (lc_time, "C") ||
      g_str_has_prefix (lc_time, "C.") || g_str_equal (lc_time, "POSIX"))
    return g_strdup (iso);
  dt = g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), 0, 0, 0);
  return g_date_time_format (dt, "%x");
}

GFile *
csl_dropped_file (const GValue *value)
{
  GSList *files;
  GFile *first;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return NULL;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  first = files != NULL ? g_object_ref (files->data) : NULL;
  g_slist_free (files);
  return first;
}

GtkWidget *
csl_finding_row_new (const CslFinding *f)
{
  GtkWidget *row = adw_action_row_new ();
  gboolean error = f->severity == CSL_SEVERITY_ERROR;
  GtkWidget *icon = gtk_image_new_from_icon_name (error ? "dialog-error-symbolic" : "dialog-warning-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), f->message);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), csl_article_text (f->article));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (icon, error ? "error" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  error ? _("Error") : _("Warning"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

char *
csl_strip_mnemonic (const char *label)
{
  GString *out = g_string_new (NULL);

  for (const char *p = label; p && *p; p++)
    {
      /* zh_CN writes the key after the text in ASCII brackets: drop them with it. */
      if (p[0] == '(' && p[1] == '_' && p[2] != '\0' && p[3] == ')')
        {
          p += 3;
          continue;
        }
      if (p[0] == '_' && p[1] != '\0')
        p++;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

void
csl_gui_ensure_style (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded || gdk_display_get_default () == NULL)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/cslfiler/CslFiler/csl-filer.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}
