#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "base/csl-error.h"
#include "bundle/csl-zip.h"
#include "base/csl-text-check.h"

void
csl_zip_limits_init (CslZipLimits *limits)
{
  limits->max_entries = CSL_ZIP_MAX_ENTRIES;
  limits->max_entry_size = CSL_ZIP_MAX_ENTRY_SIZE;
  limits->max_total_size = CSL_ZIP_MAX_TOTAL_SIZE;
  limits->max_name_length = CSL_ZIP_MAX_NAME_LENGTH;
}

/* The name as written: a backslash stays one (“..\\..\\evil.pdf”), controls become escapes, bytes
 * that are not UTF-8 U+FFFD, and a long name is cut. */
char *
csl_zip_display_name (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name, -1);

  return csl_text_cut (valid, 117);
}

static gboolean G_GNUC_PRINTF (2, 3)
name_error (GError     **error,
            const char  *format,
            ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, CSL_ERROR, CSL_ERROR_DAMAGED, msg);
  return FALSE;
}

gboolean
csl_zip_check_name (const char  *name,
                    gsize        max_length,
                    GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *shown = csl_zip_display_name (name);
  gsize len = strlen (name);

  if (len == 0)
    {
      g_set_error_literal (error, CSL_ERROR, CSL_ERROR_DAMAGED, _("An entry has an empty name"));
      return FALSE;
    }
  if (len > max_length)
    return name_error (error, _("The entry name “%s” is too long"), shown);
  if (name[0] == '/' || (g_ascii_isalpha (name[0]) && name[1] == ':'))
    return name_error (error, _("The entry “%s” has an absolute name"), shown);
  if (strchr (name, '\\') != NULL)
    return name_error (error, _("The entry name “%s” contains a backslash"), shown);
  parts = g_strsplit (name, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (strcmp (parts[i], "..") == 0)
        return name_error (error, _("The entry name “%s” climbs out of the bundle with “..”"), shown);
      if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
        return name_error (error, _("The entry name “%s” has an empty part (a folder entry, “//” or “.”)"), shown);
    }
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-' && *p != '/')
      return name_error (error, _("The entry name “%s” has a character other than ASCII letters, digits, “.”, “_”, “-” and “/”"), shown);
  return TRUE;
}
