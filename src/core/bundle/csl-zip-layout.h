#pragma once

#include <gio/gio.h>

#include "bundle/csl-zip.h"

G_BEGIN_DECLS

/* libarchive reads a bundle's entries (csl-zip-reader.c); these two checks are about the
 * bytes around them, which libarchive reads leniently: they pin the file down to the one
 * layout CslZipWriter produces, so that every byte of a bundle belongs to exactly one
 * record and is either compared with another copy of itself or covered by a checksum.
 * Nothing is decompressed or extracted here. */

/* The end-of-central-directory record must be the file's last 22 bytes (no comment, no
 * Zip64) and announce no more entries or directory bytes than limits allow. Run before
 * libarchive, which reads the whole central directory before returning the first entry. */
gboolean csl_zip_layout_check_end (GInputStream        *in,
                                   guint64              file_size,
                                   const CslZipLimits  *limits,
                                   GError             **error);

/* The names in the central directory as stored, checked with csl_zip_check_name() before
 * libarchive reads them: it turns "..\\..\\evil.pdf" into "../../evil.pdf", and a report must
 * name what the bundle holds. A directory that does not hold together passes, for
 * csl_zip_layout_check() to describe. */
gboolean csl_zip_layout_check_names (GInputStream        *in,
                                     guint64              file_size,
                                     const CslZipLimits  *limits,
                                     GCancellable        *cancellable,
                                     GError             **error);

/* Every central directory entry matches its local header and data descriptor field for
 * field; the local records follow each other from byte 0 with no gap, overlap or hidden
 * record, in central directory order, up to the central directory, which ends where the
 * end record begins. Only deflated, unencrypted, plain files made on Unix with mode 0644,
 * data descriptors with their signature, no comments. */
gboolean csl_zip_layout_check     (GInputStream        *in,
                                   guint64              file_size,
                                   const CslZipLimits  *limits,
                                   GCancellable        *cancellable,
                                   GError             **error);

G_END_DECLS
