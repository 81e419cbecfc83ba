#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "csl-form.h"
#include "csl-preferences-window.h"

struct _CslPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  GtkWidget            *qr_template;
  GtkWidget            *size_limit;
  GtkWidget            *notifications;
  GtkWidget            *reminders;
  GtkWidget            *tsa_url;
  GtkWidget            *tsa_required;
};

G_DEFINE_FINAL_TYPE (CslPreferencesWindow, csl_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static gboolean
template_valid (const char *text)
{
  return text != NULL && strstr (text, "{filing_number}") != NULL;
}

static void
on_qr_template_changed (CslPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->qr_template));

  csl_form_set_state (self->qr_template, template_valid (text) ? CSL_FORM_OK : CSL_FORM_ERROR);
}

static void
on_qr_template_apply (CslPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->qr_template));

  if (template_valid (text))
    g_settings_set_string (self->settings, "qr-url-template", text);
  else
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                      adw_toast_new (_("The address must contain {filing_number}")));
}

/* Empty (no timestamp) or an http:// or https:// address; the TSA itself is asked only when a
 * bundle is signed. */
static gboolean
tsa_url_valid (const char *text)
{
  g_autofree char *t = g_strstrip (g_strdup (text));

  return *t == '\0' || ((g_str_has_prefix (t, "http://") || g_str_has_prefix (t, "https://")) &&
                         g_uri_is_valid (t, G_URI_FLAGS_NONE, NULL));
}

static void
on_tsa_url_changed (CslPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->tsa_url));

  csl_form_set_state (self->tsa_url, tsa_url_valid (text) ? CSL_FORM_OK : CSL_FORM_ERROR);
}

static void
on_tsa_url_apply (CslPreferencesWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->tsa_url))));

  if (tsa_url_valid (text))
    g_settings_set_string (self->settings, "tsa-url", text);
  else
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                      adw_toast_new (_("Give an http:// or https:// address, or nothing for no timestamp")));
}

/* "90, 60, 30" → [90, 60, 30]; NULL when a part is not a number of days. */
static GVariant *
parse_reminders (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text, ",;， ", -1);
  GVariantBuilder builder;
  guint n = 0;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("ai"));
  for (guint i = 0; parts[i]; i++)
    {
      guint64 days;

      if (*parts[i] == '\0')
        continue;
      if (!g_ascii_string_to_unsigned (parts[i], 10, 1, 3650, &days, NULL))
        {
          g_variant_builder_clear (&builder);
          return NULL;
        }
      g_variant_builder_add (&builder, "i", (gint32) days);
      n++;
    }
  if (n == 0)
    {
      g_variant_builder_clear (&builder);
      return NULL;
    }
  return g_variant_builder_end (&builder);
}

static void
on_reminders_changed (CslPreferencesWindow *self)
{
  g_autoptr(GVariant) v = parse_reminders (gtk_editable_get_text (GTK_EDITABLE (self->reminders)));

  csl_form_set_state (self->reminders, v ? CSL_FORM_OK : CSL_FORM_ERROR);
}

static void
on_reminders_apply (CslPreferencesWindow *self)
{
  GVariant *v = parse_reminders (gtk_editable_get_text (GTK_EDITABLE (self->reminders)));

  if (v != NULL)
    g_settings_set_value (self->settings, "reminder-days", v);
  else
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                      adw_toast_new (_("Give whole numbers of days, such as 90, 60, 30")));
}

static void
load (CslPreferencesWindow *self)
{
  g_autofree char *qr = g_settings_get_string (self->settings, "qr-url-template");
  g_autoptr(GVariant) days = g_settings_get_value (self->settings, "reminder-days");
  g_autoptr(GString) text = g_string_new (NULL);
  GVariantIter iter;
  gint32 d;

  g_autofree char *tsa = g_settings_get_string (self->settings, "tsa-url");

  gtk_editable_set_text (GTK_EDITABLE (self->qr_template), qr);
  gtk_editable_set_text (GTK_EDITABLE (self->tsa_url), tsa);
  g_settings_bind (self->settings, "tsa-required", self->tsa_required, "active", G_SETTINGS_BIND_DEFAULT);
  g_variant_iter_init (&iter, days);
  while (g_variant_iter_next (&iter, "i", &d))
    g_string_append_printf (text, "%s%d", text->len ? ", " : "", d);
  gtk_editable_set_text (GTK_EDITABLE (self->reminders), text->str);
  g_settings_bind (self->settings, "attachment-size-limit-mib",
                   gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (self->size_limit)), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notifications", self->notifications, "active", G_SETTINGS_BIND_DEFAULT);
}

static void
csl_preferences_window_dispose (GObject *object)
{
  CslPreferencesWindow *self = CSL_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), CSL_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (csl_preferences_window_parent_class)->dispose (object);
}

static void
csl_preferences_window_class_init (CslPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = csl_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CslPreferencesWindow, qr_template);
  gtk_widget_class_bind_template_child (widget_class, CslPreferencesWindow, size_limit);
  gtk_widget_class_bind_template_child (widget_class, CslPreferencesWindow, notifications);
  gtk_widget_class_bind_template_child (widget_class, CslPreferencesWindow, reminders);
  gtk_widget_class_bind_template_child (widget_class, CslPreferencesWindow, tsa_url);
  gtk_widget_class_bind_template_child (widget_class, CslPreferencesWindow, tsa_required);
  gtk_widget_class_bind_template_callback (widget_class, on_tsa_url_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_tsa_url_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_qr_template_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_qr_template_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_reminders_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_reminders_apply);
}

static void
csl_preferences_window_init (CslPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  load (self);
}

CslPreferencesWindow *
csl_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (CSL_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
}
