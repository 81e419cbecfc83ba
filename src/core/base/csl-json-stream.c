#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "base/csl-json-stream.h"

static void
indent (GString *out,
        guint    depth)
{
  for (guint i = 0; i < depth; i++)
    g_string_append_len (out, "  ", 2);
}

void
csl_json_stream_begin (CslJsonStream *s,
                       GString       *out,
                       guint          depth)
{
  s->out = out;
  s->depth = depth;
  s->n = 0;
  g_string_append_c (out, '{');
}

/* Member names are the caller's identifiers: plain ASCII that needs no escape. */
static void
member (CslJsonStream *s,
        const char    *name)
{
  if (s->n++ > 0)
    g_string_append_c (s->out, ',');
  g_string_append_c (s->out, '\n');
  indent (s->out, s->depth + 1);
  g_string_append_c (s->out, '"');
  g_string_append (s->out, name);
  g_string_append_len (s->out, "\" : ", 4);
}

/* Valid UTF-8 without quotes, backslashes or control characters prints as it is. */
static gboolean
plain (const char *value,
       gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) value[i];

      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
        return FALSE;
    }
  return g_utf8_validate (value, (gssize) len, NULL);
}

void
csl_json_stream_string (CslJsonStream *s,
                        const char    *name,
                        const char    *value)
{
  gsize len;

  member (s, name);
  if (value == NULL)
    {
      g_string_append_len (s->out, "null", 4);
      return;
    }
  len = strlen (value);
  if (plain (value, len))
    {
      g_string_append_c (s->out, '"');
      g_string_append_len (s->out, value, (gssize) len);
      g_string_append_c (s->out, '"');
    }
  else
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value);
      g_autofree char *text = NULL;

      json_generator_set_root (gen, node);
      text = json_generator_to_data (gen, NULL);
      g_string_append (s->out, text);
    }
}

void
csl_json_stream_int (CslJsonStream *s,
                     const char    *name,
                     gint64         value)
{
  member (s, name);
  g_string_append_printf (s->out, "%" G_GINT64_FORMAT, value);
}

void
csl_json_stream_boolean (CslJsonStream *s,
                         const char    *name,
                         gboolean       value)
{
  member (s, name);
  g_string_append (s->out, value ? "true" : "false");
}

void
csl_json_stream_null (CslJsonStream *s,
                      const char    *name)
{
  member (s, name);
  g_string_append_len (s->out, "null", 4);
}

void
csl_json_stream_end (CslJsonStream *s)
{
  if (s->n > 0)
    {
      g_string_append_c (s->out, '\n');
      indent (s->out, s->depth);
    }
  g_string_append_c (s->out, '}');
}
