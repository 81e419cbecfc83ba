#pragma once

#include <gio/gio.h>

#include "bundle/csl-zip.h"

G_BEGIN_DECLS

typedef struct
{
  char    *name;
  guint64  size;
  char    *sha256;      /* hex */
  GBytes  *contents;    /* only for the entries the caller asked to keep */
} CslZipEntry;

void       csl_zip_entry_free (CslZipEntry         *entry);

/* Reads a ZIP that may be hostile, without extracting anything: libarchive with only the
 * ZIP format, in seekable mode (the central directory decides what the archive holds, as
 * for unzip and Python; see csl-zip-reader.c), through 64 KiB reads of in. Each entry is
 * decompressed once to count and hash it; the entries named in keep (at most keep_max
 * bytes each) are also returned in memory. Refused, with CSL_ERROR_DAMAGED: absolute names,
 * "..", backslashes, anything but plain ASCII names, duplicates, symbolic and hard links,
 * folders and other non-regular entries, encrypted entries, libarchive warnings (bad CRC,
 * inconsistent headers), and more entries or bytes than limits allow, counted as the data
 * is decompressed rather than as the headers claim. */
GPtrArray *csl_zip_read       (GInputStream        *in,
                               const CslZipLimits  *limits,
                               const char *const   *keep,
                               gsize                keep_max,
                               GCancellable        *cancellable,
                               GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslZipEntry, csl_zip_entry_free)

G_END_DECLS
