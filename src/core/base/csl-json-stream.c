#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "base/csl-json-stream.h"

/* GLib 2.74's g_string_append_len() is a call into g_string_insert_len() each time; a list of
 * 11 000 objects makes a million of them. Copies in place while there is room. */
static inline void
put (GString    *out,
     const char *text,
     gsize       len)
{
  if (out->len + len < out->allocated_len)
    {
      memcpy (out->str + out->len, text, len);
      out->len += len;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, text, (gssize) len);
}

/* ",\n" and the indent of up to 15 levels, one copy for each member. */
static const char separator[] = ",\n                              ";

static void
indent (GString *out,
        guint    depth)
{
  put (out, separator + 2, MIN (depth * 2, sizeof separator - 3));
}

void
csl_json_stream_begin (CslJsonStream *s,
                       GString       *out,
                       guint          depth)
{
  s->out = out;
  s->depth = depth;
  s->n = 0;
  put (out, "{", 1);
}

/* Member names are the caller's identifiers: plain ASCII that needs no escape. */
static void
member (CslJsonStream *s,
        const char    *name)
{
  gsize skip = s->n++ > 0 ? 0 : 1;

  put (s->out, separator + skip, MIN (2 + (s->depth + 1) * 2, sizeof separator - 1) - skip);
  put (s->out, "\"", 1);
  put (s->out, name, strlen (name));
  put (s->out, "\" : ", 4);
}

/* What needs more than copying: quotes, backslashes and control characters (1), and bytes past
 * ASCII (2), which are copied once the whole is known to be UTF-8. */
static const guint8 kind[256] = {
  [0x01 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1, [0x7f] = 1, [0x80 ... 0xff] = 2,
};

/* Valid UTF-8 without quotes, backslashes or control characters prints as it is; *len is its
 * length. */
static gboolean
plain (const char *value,
       gsize      *len)
{
  const guchar *p = (const guchar *) value;
  guint8 seen = 0;

  for (; *p != '\0'; p++)
    seen |= kind[*p];
  *len = (gsize) (p - (const guchar *) value);
  if (seen & 1)
    return FALSE;
  return !(seen & 2) || g_utf8_validate (value, (gssize) *len, NULL);
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
      put (s->out, "null", 4);
      return;
    }
  if (plain (value, &len))
    {
      put (s->out, "\"", 1);
      put (s->out, value, len);
      put (s->out, "\"", 1);
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
  char digits[24];
  char *p = digits + sizeof digits;
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;

  /* What "%" G_GINT64_FORMAT prints. */
  member (s, name);
  do
    *--p = (char) ('0' + magnitude % 10);
  while ((magnitude /= 10) > 0);
  if (value < 0)
    *--p = '-';
  put (s->out, p, (gsize) (digits + sizeof digits - p));
}

void
csl_json_stream_boolean (CslJsonStream *s,
                         const char    *name,
                         gboolean       value)
{
  member (s, name);
  if (value)
    put (s->out, "true", 4);
  else
    put (s->out, "false", 5);
}

void
csl_json_stream_null (CslJsonStream *s,
                      const char    *name)
{
  member (s, name);
  put (s->out, "null", 4);
}

void
csl_json_stream_end (CslJsonStream *s)
{
  if (s->n > 0)
    {
      put (s->out, "\n", 1);
      indent (s->out, s->depth);
    }
  put (s->out, "}", 1);
}
