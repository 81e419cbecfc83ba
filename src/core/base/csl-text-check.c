#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "base/csl-error.h"
#include "base/csl-text-check.h"

/* Long enough for any real value (a Chinese legal name is under 100 characters, a model under
 * 50), short enough that a label, a form or a terminal never meets 100 kB in one field. Keep in
 * step with the README's table. */
#define LINE(t, c, l, max)  { t, c, l, max, FALSE }
#define LINES(t, c, l, max) { t, c, l, max, TRUE }

static const CslTextField fields[] = {
  LINE ("manufacturer", "name_zh", N_("Manufacturer name (Chinese)"), 200),
  LINE ("manufacturer", "name_en", N_("Manufacturer name (English)"), 200),
  LINE ("manufacturer", "uscc", N_("Unified Social Credit Code"), 64),
  LINES ("manufacturer", "address", N_("Address"), 500),
  LINE ("manufacturer", "contact", N_("Contact person"), 100),
  LINE ("manufacturer", "phone", N_("Phone number"), 50),
  LINE ("manufacturer", "email", N_("E-mail address"), 254),
  /* An imported bar's reason is "reference: reason". */
  LINES ("manufacturer", "barred_reason", N_("Reason for the bar"), 2200),
  LINE ("lab", "name", N_("Lab name"), 200),
  LINE ("lab", "accreditation_no", N_("Accreditation number"), 64),
  LINES ("lab", "barred_reason", N_("Reason for the bar"), 2200),
  LINE ("product", "name", N_("Product name"), 200),
  LINE ("product", "model", N_("Product model"), 100),
  LINE ("product", "hardware_version", N_("Hardware version"), 64),
  LINE ("product", "firmware_version", N_("Firmware version"), 64),
  LINES ("product", "default_password_policy", N_("Default password policy"), 2000),
  LINES ("product", "vulnerability_contact", N_("Vulnerability contact"), 500),
  LINES ("product", "update_policy", N_("Update policy"), 2000),
  LINE ("product_param", "name", N_("Parameter name"), 100),
  LINE ("product_param", "value", N_("Parameter value"), 500),
  LINE ("filing", "report_number", N_("Test report number"), 100),
  LINE ("filing", "filing_number", N_("Filing number"), 100),
  LINES ("filing", "revoke_reason", N_("Reason for the revocation"), 2000),
  /* Made by the program from the changed values, each of them limited. */
  LINES ("filing", "refiling_reason", N_("Reason for the re-filing"), 8000),
  LINE ("filing_standard", "number", N_("Basis standard number"), 100),
  LINE ("owner", "agent_name", N_("Agent name"), 200),
  LINE ("owner", "agent_uscc", N_("Agent's Unified Social Credit Code"), 64),
  LINES ("owner", "agent_address", N_("Agent's address"), 500),
  LINE ("owner", "agent_contact", N_("Agent's contact"), 100),
  LINE ("authorization", "letter_ref", N_("Authorisation letter reference"), 100),
  LINE ("announcement", "reference", N_("Announcement reference"), 100),
  LINES ("announcement", "reason", N_("Reason for the bar"), 2000),
  LINE ("attachment", "file_name", N_("File name"), 255),
};

/* Dates, statuses, kinds, checksums: values the program checks or makes itself. */
static const CslTextField default_field = { NULL, NULL, N_("Text"), 1000, FALSE };

const CslTextField *
csl_text_field_lookup (const char *table,
                       const char *column)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (strcmp (fields[i].table, table) == 0 && strcmp (fields[i].column, column) == 0)
      return &fields[i];
  return &default_field;
}

static gboolean
is_bidi_control (gunichar c)
{
  /* Embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI): they
   * reorder what a reader sees ("Trojan Source"); marks (LRM, RLM) do not and stay allowed. */
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

static gboolean
is_control (gunichar c)
{
  return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

gboolean
csl_text_char_needs_escape (gunichar c)
{
  return is_control (c) || is_bidi_control (c) || c == 0x2028 || c == 0x2029;
}

#define needs_escape csl_text_char_needs_escape

static gboolean
allowed (gunichar c,
         gboolean multiline)
{
  if (multiline && (c == '\n' || c == '\t'))
    return TRUE;
  if (!multiline && (c == 0x2028 || c == 0x2029))
    return FALSE;
  return !is_control (c) && !is_bidi_control (c);
}

static void
append_escaped (GString  *out,
                gunichar  c)
{
  if (c == '\n')
    g_string_append (out, "\\n");
  else if (c == '\t')
    g_string_append (out, "\\t");
  else if (c == '\r')
    g_string_append (out, "\\r");
  else if (c < 0x100 && needs_escape (c))
    g_string_append_printf (out, "\\x%02x", c);
  else if (needs_escape (c))
    g_string_append_printf (out, "\\u%04x", c);
  else
    g_string_append_unichar (out, c);
}

char *
csl_text_cut (const char *value,
                  guint       max_chars)
{
  GString *out = g_string_new (NULL);
  const char *p = value;
  guint n = 0;

  if (value == NULL)
    return g_string_free (out, FALSE);
  for (; *p != '\0' && n < max_chars; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      /* A backslash stays as it is here: a message is read, not parsed. */
      if (needs_escape (c))
        append_escaped (out, c);
      else
        g_string_append_unichar (out, c);
    }
  if (*p != '\0')
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

gboolean
csl_text_needs_escape (const char *value)
{
  if (value == NULL)
    return FALSE;
  for (const guchar *p = (const guchar *) value; *p != '\0'; p++)
    {
      /* ASCII above the controls is the common case: one comparison a byte. */
      if (*p >= 0x20 && *p < 0x7F)
        continue;
      if (*p < 0x80)
        return TRUE;
      if (!g_utf8_validate ((const char *) p, -1, NULL))
        return TRUE;
      for (const char *q = (const char *) p; *q != '\0'; q = g_utf8_next_char (q))
        if (needs_escape (g_utf8_get_char (q)))
          return TRUE;
      return FALSE;
    }
  return FALSE;
}

void
csl_text_append_escaped (GString    *out,
                         const char *value)
{
  g_autofree char *valid = NULL;

  if (value == NULL)
    return;
  if (!csl_text_needs_escape (value))
    {
      g_string_append (out, value);
      return;
    }
  if (!g_utf8_validate (value, -1, NULL))
    value = valid = g_utf8_make_valid (value, -1);
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (needs_escape (c))
        append_escaped (out, c);
      else
        g_string_append_unichar (out, c);
    }
}

char *
csl_text_escape_line (const char *value)
{
  GString *out;

  if (value == NULL)
    return NULL;
  out = g_string_sized_new (strlen (value));
  csl_text_append_escaped (out, value);
  return g_string_free (out, FALSE);
}

char *
csl_text_sanitize (const char *value,
                   guint       max_chars)
{
  g_autofree char *valid = NULL;
  GString *out;
  guint n = 0;

  if (value == NULL)
    return NULL;
  valid = g_utf8_make_valid (value, -1);
  out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0' && n < max_chars; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, allowed (c, FALSE) ? c : 0xFFFD);
    }
  return g_string_free (out, FALSE);
}

#define EXCERPT_CHARS 40

gboolean
csl_text_check (const char  *label,
                const char  *value,
                guint        max_chars,
                gboolean     multiline,
                GError     **error)
{
  gsize len;
  guint n = 0;

  if (value == NULL)
    return TRUE;
  len = strlen (value);
  if (!g_utf8_validate_len (value, len, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (value, (gssize) MIN (len, 4 * EXCERPT_CHARS));
      g_autofree char *shown = csl_text_cut (valid, EXCERPT_CHARS);

      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%s is not valid UTF-8 text: “%s”"), _(label), shown);
      return FALSE;
    }
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (!allowed (c, multiline))
        {
          g_autofree char *shown = csl_text_cut (value, EXCERPT_CHARS);

          if (c == '\n' || c == '\t' || c == 0x2028 || c == 0x2029)
            g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                         _("%s must be one line: it has a line break or tab at character %u: “%s”"),
                         _(label), n + 1, shown);
          else if (is_bidi_control (c))
            g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                         _("%s contains the bidirectional control U+%04X at character %u, which changes how "
                           "the text reads: “%s”"), _(label), c, n + 1, shown);
          else
            g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                         _("%s contains the control character U+%04X at character %u: “%s”"),
                         _(label), c, n + 1, shown);
          return FALSE;
        }
    }
  if (n > max_chars)
    {
      g_autofree char *shown = csl_text_cut (value, EXCERPT_CHARS);

      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("%s is too long: %u characters, at most %u are allowed (“%s”)"), _(label), n, max_chars, shown);
      return FALSE;
    }
  return TRUE;
}

gboolean
csl_text_check_field (const char  *table,
                      const char  *column,
                      const char  *value,
                      GError     **error)
{
  const CslTextField *f = csl_text_field_lookup (table, column);

  return csl_text_check (f->label, value, f->max_chars, f->multiline, error);
}
