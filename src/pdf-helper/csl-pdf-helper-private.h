#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Output (csl-pdf-helper-main.c). */
gboolean helper_write_frame (const char *tag,
                             const void *data,
                             gsize       len);
gboolean helper_write_json  (const char *tag,
                             JsonNode   *node);
/* A FAIL frame: the PDF is not usable, for the reason code says. */
gboolean helper_fail        (const char *code,
                             const char *detail);

/* The poppler work (csl-pdf-helper-poppler.c), on the PDF open as fd. FALSE only when the
 * answer could not be written. helper_inspect() adds the first page's thumbnail when
 * thumbnail_width > 0. */
gboolean helper_inspect     (int         fd,
                             gboolean    with_text,
                             int         thumbnail_width);
gboolean helper_thumbnail   (int         fd,
                             int         width);

G_END_DECLS
