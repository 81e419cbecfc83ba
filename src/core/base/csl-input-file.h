#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* FALSE with CSL_ERROR_IO when path names something other than a regular file: refused before a
 * reader opens it, since a FIFO would block it until some writer came and a device (/dev/zero)
 * never ends. A path that cannot be opened passes, for the reader's own message. */
gboolean csl_input_file_check (const char  *path,
                               GError     **error);
/* Opened for reading (O_CLOEXEC), refused unless a regular file; -1 with error set. */
int      csl_input_file_open  (const char  *path,
                               GError     **error);

/* The whole file, refused unless a regular file of at most max_size bytes (counted as it is
 * read): CSL_ERROR_FILE_TOO_LARGE over it. */
GBytes  *csl_input_file_load  (const char  *path,
                               gsize        max_size,
                               GError     **error);

G_END_DECLS
