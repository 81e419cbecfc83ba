#pragma once

#include <gio/gio.h>

#include "bundle/csl-zip.h"

G_BEGIN_DECLS

typedef void (*CslProgressFunc) (guint64  done,
                                 guint64  total,
                                 gpointer user_data);

/* A ZIP archive written with minizip, entry by entry, in chunks: memory stays flat whatever
 * the size of an entry, and each entry's SHA-256 is computed in the same pass. minizip seeks
 * back to put each entry's CRC and sizes into its local header, so no entry has a data
 * descriptor or an extra field: ASiC-E needs that of its first, stored "mimetype" entry, which
 * libarchive 3.6 cannot write. The output stream must therefore be seekable. Every other
 * entry is deflated. */
typedef struct _CslZipWriter CslZipWriter;

/* zlib's default, written out so that a comparison (build-aux/bench: bsdtar --options
 * zip:compression-level=6) uses the same setting. Filing materials are mostly scans that do not
 * compress; a lower level is not faster on them with zlib. */
#define CSL_ZIP_DEFLATE_LEVEL 6

CslZipWriter *csl_zip_writer_new          (GOutputStream    *out,
                                           gint64            mtime,
                                           GCancellable     *cancellable,
                                           GError          **error);
/* total: the bytes of every entry to come, for the progress callback. */
void          csl_zip_writer_set_progress (CslZipWriter     *writer,
                                           guint64           total,
                                           CslProgressFunc   func,
                                           gpointer          user_data);
/* Exactly size bytes must come from in; *sha256 (may be NULL) receives their hex SHA-256. */
gboolean      csl_zip_writer_add_stream   (CslZipWriter     *writer,
                                           const char       *name,
                                           GInputStream     *in,
                                           guint64           size,
                                           char            **sha256,
                                           GError          **error);
gboolean      csl_zip_writer_add_bytes    (CslZipWriter     *writer,
                                           const char       *name,
                                           GBytes           *bytes,
                                           char            **sha256,
                                           GError          **error);
gboolean      csl_zip_writer_add_file     (CslZipWriter     *writer,
                                           const char       *name,
                                           const char       *path,
                                           char            **sha256,
                                           GError          **error);
/* A stored (not compressed) entry: ASiC's "mimetype". */
gboolean      csl_zip_writer_add_stored_bytes (CslZipWriter *writer,
                                           const char       *name,
                                           GBytes           *bytes,
                                           GError          **error);
/* Writes the central directory. */
gboolean      csl_zip_writer_finish       (CslZipWriter     *writer,
                                           GError          **error);
void          csl_zip_writer_free         (CslZipWriter     *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslZipWriter, csl_zip_writer_free)

G_END_DECLS
