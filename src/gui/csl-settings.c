#include "config.h"

#include "csl-settings.h"

GSettings *
csl_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  return schema ? g_settings_new_full (schema, NULL, NULL) : NULL;
}

GArray *
csl_settings_get_reminder_days (GSettings *settings)
{
  GArray *days = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GVariant) value = settings ? g_settings_get_value (settings, "reminder-days") : NULL;
  const gint32 *items = NULL;
  gsize n = 0;

  if (value != NULL)
    items = g_variant_get_fixed_array (value, &n, sizeof (gint32));
  for (gsize i = 0; i < n; i++)
    if (items[i] > 0)
      {
        int d = items[i];
        g_array_append_val (days, d);
      }
  if (days->len == 0)
    {
      const int defaults[] = { 90, 60, 30 };
      g_array_append_vals (days, defaults, G_N_ELEMENTS (defaults));
    }
  return days;
}

char *
csl_settings_dup_tsa_url (GSettings *settings,
                          gboolean  *required)
{
  g_autofree char *url = settings ? g_settings_get_string (settings, "tsa-url") : NULL;

  if (required != NULL)
    *required = settings ? g_settings_get_boolean (settings, "tsa-required") : FALSE;
  if (url == NULL || *g_strstrip (url) == '\0')
    return NULL;
  return g_steal_pointer (&url);
}
