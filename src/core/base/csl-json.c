#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "base/csl-error.h"
#include "base/csl-json.h"

/* Deeper than any file the app reads; json-glib recurses without a limit. */
#define MAX_DEPTH 64

/* A strict RFC 8259 syntax check, run before json-glib sees the text: json-glib 1.6 is a
 * GScanner that also takes comments, octal and unknown escapes, raw control characters and
 * several values in a row (keeping the first, leaking the rest), and recurses as deep as
 * the text nests. Fuzzing found each of these. The check builds nothing; json-glib still
 * does all the parsing. */
typedef struct
{
  const char *p;
  gsize       len;
  gsize       at;
  const char *problem;   /* untranslated reason, N_() */
} Scan;

static gboolean
fail (Scan       *s,
      const char *problem)
{
  if (s->problem == NULL)
    s->problem = problem;
  return FALSE;
}

static void
skip_blanks (Scan *s)
{
  while (s->at < s->len && strchr (" \t\n\r", s->p[s->at]) != NULL && s->p[s->at] != '\0')
    s->at++;
}

static gboolean
eat (Scan *s,
     char  c)
{
  if (s->at < s->len && s->p[s->at] == c)
    {
      s->at++;
      return TRUE;
    }
  return FALSE;
}

static gboolean
scan_string (Scan *s)
{
  if (!eat (s, '"'))
    return fail (s, N_("expected a string"));
  while (s->at < s->len)
    {
      guchar c = (guchar) s->p[s->at];

      if (c == '"')
        {
          s->at++;
          return TRUE;
        }
      if (c < 0x20)
        return fail (s, N_("a control character inside a string"));
      if (c == '\\')
        {
          s->at++;
          if (s->at >= s->len || strchr ("\"\\/bfnrtu", s->p[s->at]) == NULL || s->p[s->at] == '\0')
            {
              s->at--;
              return fail (s, N_("a string has an escape that JSON does not have"));
            }
          if (s->p[s->at] == 'u')
            for (int i = 0; i < 4; i++)
              if (++s->at >= s->len || !g_ascii_isxdigit (s->p[s->at]))
                return fail (s, N_("a \\u escape without four hex digits"));
        }
      s->at++;
    }
  return fail (s, N_("a string does not end"));
}

static gboolean
scan_digits (Scan *s)
{
  gsize start = s->at;

  while (s->at < s->len && g_ascii_isdigit (s->p[s->at]))
    s->at++;
  return s->at > start || fail (s, N_("a number without digits"));
}

static gboolean
scan_number (Scan *s)
{
  eat (s, '-');
  if (eat (s, '0'))
    {
      if (s->at < s->len && g_ascii_isdigit (s->p[s->at]))
        return fail (s, N_("a number with a leading zero"));
    }
  else if (!scan_digits (s))
    return FALSE;
  if (eat (s, '.') && !scan_digits (s))
    return FALSE;
  if (eat (s, 'e') || eat (s, 'E'))
    {
      if (!eat (s, '+'))
        eat (s, '-');
      if (!scan_digits (s))
        return FALSE;
    }
  return TRUE;
}

static gboolean scan_value (Scan *s, guint depth);

static gboolean
scan_container (Scan  *s,
                char   close,
                guint  depth)
{
  s->at++;
  skip_blanks (s);
  if (eat (s, close))
    return TRUE;
  for (;;)
    {
      if (close == '}')
        {
          if (!scan_string (s))
            return FALSE;
          skip_blanks (s);
          if (!eat (s, ':'))
            return fail (s, N_("expected “:”"));
          skip_blanks (s);
        }
      if (!scan_value (s, depth + 1))
        return FALSE;
      skip_blanks (s);
      if (eat (s, close))
        return TRUE;
      if (!eat (s, ','))
        return fail (s, close == '}' ? N_("expected “,” or “}”") : N_("expected “,” or “]”"));
      skip_blanks (s);
    }
}

static gboolean
scan_value (Scan  *s,
            guint  depth)
{
  static const char *const literals[] = { "true", "false", "null" };
  char c;

  if (depth > MAX_DEPTH)
    return fail (s, N_("it nests deeper than 64 levels"));
  if (s->at >= s->len)
    return fail (s, N_("it ends where a value should be"));
  c = s->p[s->at];
  if (c == '{')
    return scan_container (s, '}', depth);
  if (c == '[')
    return scan_container (s, ']', depth);
  if (c == '"')
    return scan_string (s);
  if (c == '-' || g_ascii_isdigit (c))
    return scan_number (s);
  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize n = strlen (literals[i]);

      if (s->len - s->at >= n && memcmp (s->p + s->at, literals[i], n) == 0)
        {
          s->at += n;
          return TRUE;
        }
    }
  return fail (s, N_("unexpected character"));
}

/* json-glib turns a lone UTF-16 surrogate ("\ud800") into bytes that are not UTF-8. */
static gboolean
all_text_valid (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        if (!g_utf8_validate (name, -1, NULL) || !all_text_valid (member))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!all_text_valid (json_array_get_element (array, i)))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_utf8_validate (json_node_get_string (node), -1, NULL);
  return TRUE;
}

JsonNode *
csl_json_parse_document (const char  *data,
                         gsize        len,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  Scan s = { data, len, 0, NULL };

  if (data == NULL || len == 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("it is empty"));
      return NULL;
    }
  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("it is not UTF-8 text"));
      return NULL;
    }
  skip_blanks (&s);
  if (s.at == len || (data[s.at] != '{' && data[s.at] != '['))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("it is not a JSON object or array"));
      return NULL;
    }
  if (scan_value (&s, 1))
    {
      skip_blanks (&s);
      if (s.at < len)
        fail (&s, N_("something follows the JSON document"));
    }
  if (s.problem != NULL)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%s (at byte %lu)"),
                   _(s.problem), (unsigned long) MIN (s.at + 1, len));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      /* It quotes the bad token cut at a byte count, maybe inside a character. */
      g_autofree char *message = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, "%s", message);
      return NULL;
    }
  root = json_parser_steal_root (parser);
  if (!all_text_valid (root))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("a string is not UTF-8 text (a \\u escape of half a character?)"));
      return NULL;
    }
  return g_steal_pointer (&root);
}
