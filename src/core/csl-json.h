#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Parses a file's bytes that must hold exactly one JSON object or array. json-glib 1.6 reads
 * "{…} {…}" as a stream, keeps the first value, leaks the others and reports success; this
 * refuses anything after the first value, escapes JSON does not have and strings that are
 * not UTF-8 (which json-glib makes of "\733" or "\ud800"), and never quotes bytes that are
 * not UTF-8. The error (CSL_ERROR_INVALID) says what is wrong, for the caller to prefix. */
JsonNode *csl_json_parse_document (const char  *data,
                                   gsize        len,
                                   GError     **error);

G_END_DECLS
