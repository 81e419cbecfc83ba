#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "base/csl-error.h"
#include "base/csl-uscc.h"

/* GB 32100-2015 leaves out I, O, Z, S and V so codes are not misread. */
static const char charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int
char_value (char c)
{
  const char *p;

  if (c == '\0')
    return -1;
  p = strchr (charset, c);
  return p ? (int) (p - charset) : -1;
}

char
csl_uscc_check_char (const char *first17)
{
  int weight = 1;
  int sum = 0;

  for (guint i = 0; i < CSL_USCC_LENGTH - 1; i++)
    {
      int v = char_value (first17[i]);

      if (v < 0)
        return '\0';
      sum += v * weight;
      weight = (weight * 3) % 31;
    }
  return charset[(31 - sum % 31) % 31];
}

/* Users paste codes from PDFs and web forms: surrounding blanks and lower case are noise, not
 * errors. Anything else stays as typed so the error can show it. */
char *
csl_uscc_normalize (const char *code)
{
  g_autofree char *stripped = g_strstrip (g_strdup (code ? code : ""));

  return g_ascii_strup (stripped, -1);
}

gboolean
csl_uscc_validate (const char  *code,
                   gboolean     accept_check_digit,
                   GError     **error)
{
  const char *p;
  glong len;
  char expected;

  g_return_val_if_fail (code != NULL, FALSE);

  /* Codes come from files too: the message must stay text whatever the bytes were. */
  if (!g_utf8_validate (code, -1, NULL))
    {
      g_autofree char *shown = g_utf8_make_valid (code, -1);

      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("Unified Social Credit Code “%s” is not valid UTF-8 text"), shown);
      return FALSE;
    }
  len = g_utf8_strlen (code, -1);
  if (len != CSL_USCC_LENGTH)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("Unified Social Credit Code “%s” has %ld characters; it must have 18"),
                   code, len);
      return FALSE;
    }
  p = code;
  for (guint i = 0; i < CSL_USCC_LENGTH; i++, p = g_utf8_next_char (p))
    {
      if ((guchar) *p >= 0x80 || char_value (*p) < 0)
        {
          g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                       _("Unified Social Credit Code “%s” has the character “%.*s” at position %u, "
                         "which GB 32100-2015 does not allow (allowed: 0-9 and A-Y without I, O, S, V, Z)"),
                       code, (int) (g_utf8_next_char (p) - p), p, i + 1);
          return FALSE;
        }
    }
  expected = csl_uscc_check_char (code);
  if (code[CSL_USCC_LENGTH - 1] != expected && !accept_check_digit)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_CHECK_DIGIT,
                   _("Unified Social Credit Code “%s” ends in “%c” but its check character should be “%c”; "
                     "some early codes fail this check — accept it only if the business licence shows it so"),
                   code, code[CSL_USCC_LENGTH - 1], expected);
      return FALSE;
    }
  return TRUE;
}
