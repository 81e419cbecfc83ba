#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A JSON object appended to text as it is made, byte for byte what json-glib's JsonGenerator
 * (pretty, two spaces a level) prints for the same members at that depth: a list of thousands
 * of objects costs no tree of nodes and no hash table of members each. Strings that need
 * escaping go through json-glib itself, so that its choice of escapes stays the one printed. */
typedef struct
{
  GString *out;
  guint    depth;     /* of the object: 0 at the top, 1 as an element of an array */
  guint    n;         /* members so far */
} CslJsonStream;

void csl_json_stream_begin   (CslJsonStream *s,
                              GString       *out,
                              guint          depth);
/* NULL is null. */
void csl_json_stream_string  (CslJsonStream *s,
                              const char    *name,
                              const char    *value);
void csl_json_stream_int     (CslJsonStream *s,
                              const char    *name,
                              gint64         value);
void csl_json_stream_boolean (CslJsonStream *s,
                              const char    *name,
                              gboolean       value);
void csl_json_stream_null    (CslJsonStream *s,
                              const char    *name);
void csl_json_stream_end     (CslJsonStream *s);

G_END_DECLS
