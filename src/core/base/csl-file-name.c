#include "config.h"

#include <string.h>

#include "base/csl-file-name.h"

static const char *const reserved[] = {
  "CON", "PRN", "AUX", "NUL",
  "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
  "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
};

/* Windows refuses a reserved name whatever its extension: "nul.txt" is NUL too. */
static gboolean
is_reserved (const char *name)
{
  gsize stem = strcspn (name, ".");

  for (guint i = 0; i < G_N_ELEMENTS (reserved); i++)
    if (stem == strlen (reserved[i]) && g_ascii_strncasecmp (name, reserved[i], stem) == 0)
      return TRUE;
  return FALSE;
}

static void
trim (GString *s)
{
  while (s->len > 0 && (s->str[s->len - 1] == '.' || s->str[s->len - 1] == '-' || s->str[s->len - 1] == '_'))
    g_string_truncate (s, s->len - 1);
  while (s->len > 0 && (s->str[0] == '.' || s->str[0] == '-' || s->str[0] == '_'))
    g_string_erase (s, 0, 1);
}

char *
csl_file_name_part (const char  *text,
                    gsize        max_len,
                    const char  *fallback)
{
  g_autofree char *ascii = NULL;
  g_autoptr(GString) s = g_string_new (NULL);

  if (text != NULL && g_utf8_validate (text, -1, NULL))
    /* "Café" becomes "Cafe"; what has no Latin spelling becomes "?" and then "-". */
    ascii = g_str_to_ascii (text, "C");
  for (const char *p = ascii; p != NULL && *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '.' || *p == '_')
        g_string_append_c (s, *p);
      else if (s->len > 0 && s->str[s->len - 1] != '-')
        g_string_append_c (s, '-');
    }
  trim (s);
  if (s->len > max_len)
    {
      g_string_truncate (s, max_len);
      trim (s);
    }
  if (s->len == 0)
    return g_strdup (fallback);
  if (is_reserved (s->str))
    g_string_prepend_c (s, 'x');
  if (s->len > max_len)
    g_string_truncate (s, max_len);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
has_alnum (const char *s)
{
  for (; s != NULL && *s; s++)
    if (g_ascii_isalnum (*s))
      return TRUE;
  return FALSE;
}

char *
csl_bundle_file_name (const char *manufacturer_en,
                      const char *manufacturer_zh,
                      const char *uscc,
                      const char *model,
                      CslGrade    grade,
                      const char *date)
{
  g_autofree char *maker = NULL;
  g_autofree char *model_part = csl_file_name_part (model, 32, "product");
  g_autofree char *date_part = csl_file_name_part (date, 10, "undated");

  maker = csl_file_name_part (manufacturer_en, 40, NULL);
  if (maker == NULL || !has_alnum (maker))
    {
      g_free (maker);
      maker = csl_file_name_part (manufacturer_zh, 40, NULL);
    }
  if (maker == NULL || !has_alnum (maker))
    {
      g_free (maker);
      maker = csl_file_name_part (uscc, 18, "manufacturer");
    }
  /* 40 + 1 + 32 + 1 + 6 + 1 + 10 + 4 = 95 bytes. */
  return g_strdup_printf ("%s_%s_%d-star_%s.zip", maker, model_part, (int) grade, date_part);
}
