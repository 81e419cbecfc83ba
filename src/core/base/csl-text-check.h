#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What text a record may hold, checked where it enters (csl_record_insert/update and the few
 * tables written by hand), so the CLI, the app and every import refuse the same: every text field
 * has a length limit (README, "Text fields"), and none holds C0 or C1 control characters or
 * bidirectional overrides; tabs and newlines only where a field has several lines (an address,
 * a policy, a reason). */

/* The limit of one column, or of the default for columns not listed. */
typedef struct
{
  const char *table;
  const char *column;
  const char *label;       /* translatable: what the user calls it */
  guint       max_chars;
  gboolean    multiline;
} CslTextField;

const CslTextField *csl_text_field_lookup (const char   *table,
                                           const char   *column);

/* CSL_ERROR_INVALID naming the field, its length and the value cut short, or TRUE. NULL passes. */
gboolean  csl_text_check_field   (const char   *table,
                                  const char   *column,
                                  const char   *value,
                                  GError      **error);
gboolean  csl_text_check         (const char   *label,
                                  const char   *value,
                                  guint         max_chars,
                                  gboolean      multiline,
                                  GError      **error);

/* At most max_chars characters of value, controls shown as escapes, "…" when cut: for messages. */
char     *csl_text_cut           (const char   *value,
                                  guint         max_chars);
/* value for a line of text output (a terminal, a tab-separated list): every control, bidi
 * override, line or paragraph separator becomes a visible escape such as \x1b, \n or \u202e,
 * and bytes that are not UTF-8 become U+FFFD, so a row stays one row and a terminal draws only
 * what is printed. A backslash stays: a name such as ..\evil.pdf is shown as written. */
char     *csl_text_escape_line   (const char   *value);
void      csl_text_append_escaped (GString     *out,
                                   const char  *value);
gboolean  csl_text_needs_escape  (const char   *value);
/* A C0 or C1 control, a bidi override or isolate, a line or paragraph separator. */
gboolean  csl_text_char_needs_escape (gunichar  c);
/* value with every character a field may not hold replaced by U+FFFD: for names that come from
 * elsewhere (a file's name) and are kept, not refused. */
char     *csl_text_sanitize      (const char   *value,
                                  guint         max_chars);

G_END_DECLS
