#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CSL_TYPE_BLOB_STREAM (csl_blob_stream_get_type ())

G_DECLARE_FINAL_TYPE (CslBlobStream, csl_blob_stream, CSL, BLOB_STREAM, GInputStream)

/* Reads base and hashes what passes through: the read that reaches the end fails with
 * CSL_ERROR_DAMAGED instead of returning 0 when the bytes were not expected_size long or
 * did not have the SHA-256 expected_sha256 (hex). So a reader that reads to the end never uses
 * a damaged document without being told. Skipping reads too, so nothing escapes the hash. */
GInputStream *csl_blob_stream_new (GInputStream *base,
                                   const char   *expected_sha256,
                                   gint64        expected_size,
                                   const char   *display_name);

G_END_DECLS
