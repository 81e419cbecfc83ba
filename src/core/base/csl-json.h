#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Parses a file's bytes that must hold exactly one JSON object or array, strictly as RFC 8259
 * says: json-glib 1.6 alone also takes comments, escapes JSON does not have, raw control
 * characters and several values in a row (keeping the first, leaking the rest), nests without
 * limit, and can make strings that are not UTF-8. The error (CSL_ERROR_INVALID) says what is
 * wrong and where, for the caller to prefix with the file; it never quotes broken bytes. */
JsonNode *csl_json_parse_document (const char  *data,
                                   gsize        len,
                                   GError     **error);

G_END_DECLS
