#include "config.h"

#include <glib/gi18n-lib.h>

#include "csl-error.h"
#include "csl-json.h"

/* Where the first value ends, for a text that starts (after blanks) with an object or an
 * array: after its closing bracket, or 0 when it does not close. Only strings and brackets
 * matter for that. */
static gsize
first_value_end (const char *p,
                 gsize       len)
{
  gboolean in_string = FALSE;
  gsize depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = p[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
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

JsonNode *
csl_json_parse_document (const char  *data,
                         gsize        len,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize start, end;

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
  end = first_value_end (data, len);
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
  return json_parser_steal_root (parser);
}
