#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "csl-error.h"
#include "csl-json.h"

/* Where the first value ends, for a text that starts (after blanks) with an object or an
 * array: after its closing bracket, or 0 when it does not close. Only strings and brackets
 * matter for that. On the way it finds escapes JSON does not have (json-glib takes "\q" for
 * "q" and "\733" for a byte that is not UTF-8): *bad_escape is then where, from 1. */
static gsize
first_value_end (const char *p,
                 gsize       len,
                 gsize      *bad_escape)
{
  gboolean in_string = FALSE;
  gsize depth = 0;

  *bad_escape = 0;
  for (gsize i = 0; i < len; i++)
    {
      char c = p[i];

      if (in_string)
        {
          if (c == '\\')
            {
              if (++i >= len || strchr ("\"\\/bfnrtu", p[i]) == NULL || p[i] == '\0')
                {
                  *bad_escape = i;   /* the backslash, counted from 1 */
                  return 0;
                }
            }
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if ((c == '}' || c == ']') && --depth == 0)
        return i + 1;
    }
  return 0;
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
  gsize start, end, bad_escape;

  if (data == NULL || len == 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("it is empty"));
      return NULL;
    }
  for (start = 0; start < len && g_ascii_isspace (data[start]); start++)
    ;
  if (start == len || (data[start] != '{' && data[start] != '['))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("it is not a JSON object or array"));
      return NULL;
    }
  end = first_value_end (data, len, &bad_escape);
  if (bad_escape != 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("a string has an escape that JSON does not have (at byte %lu)"), (unsigned long) bad_escape);
      return NULL;
    }
  if (end == 0)
    {
      /* An object or array that does not close: json-glib says where. */
      if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
        {
          /* It quotes the bad token cut at a byte count, maybe inside a character. */
          g_autofree char *message = g_utf8_make_valid (local_error->message, -1);

          g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, "%s", message);
          return NULL;
        }
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("it is not a complete JSON document"));
      return NULL;
    }
  for (gsize i = end; i < len; i++)
    if (!g_ascii_isspace (data[i]))
      {
        g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                     _("something follows the JSON document (at byte %lu)"), (unsigned long) (i + 1));
        return NULL;
      }
  if (!json_parser_load_from_data (parser, data, (gssize) end, &local_error))
    {
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
