#pragma once

#include <gio/gio.h>

#include "base/csl-atomic.h"
#include "store/csl-db.h"

G_BEGIN_DECLS

/* A team workspace's documents live in its server (tables blob and blob_chunk), named by their
 * SHA-256 and cut into chunks of CSL_BLOB_CHUNK_SIZE bytes, so that a colleague on another
 * machine reads what someone else attached. Each function moves one chunk at a time: no
 * document is ever whole in memory, whatever its size. The local store is only a cache of them
 * (documents/csl-store.c). On an SQLite workspace these tables do not exist: callers ask
 * csl_db_is_server() first. */

#define CSL_BLOB_CHUNK_SIZE (1024 * 1024)

/* In the caller's transaction: makes the server hold the size bytes read from fd (from its
 * start), whose SHA-256 is sha256, unless it holds them already (a blob is stored once however
 * many attachments name it). The blob is marked complete only after its last chunk. */
gboolean csl_blob_pg_upload      (CslDb         *db,
                                  const char    *sha256,
                                  guint64        size,
                                  int            fd,
                                  GCancellable  *cancellable,
                                  GError       **error);
/* Writes the blob to dest chunk by chunk, checking every chunk is there and the whole has this
 * size and SHA-256: otherwise CSL_ERROR_DAMAGED (the caller then drops dest, so nothing
 * unchecked is kept); so is a blob the server does not have, or does not show this role
 * (row-level security). */
gboolean csl_blob_pg_download    (CslDb         *db,
                                  const char    *sha256,
                                  guint64        size,
                                  const char    *display_name,
                                  CslAtomicFile *dest,
                                  GCancellable  *cancellable,
                                  GError       **error);
/* 1 when the server holds a complete blob of this SHA-256 and size that this role may read,
 * 0 when not, -1 on error. */
int      csl_blob_pg_present     (CslDb         *db,
                                  const char    *sha256,
                                  gint64         size,
                                  GError       **error);
/* Removes the blob if no attachment names it (in the caller's transaction, if any). */
gboolean csl_blob_pg_remove_if_unreferenced (CslDb      *db,
                                             const char *sha256,
                                             GError    **error);
/* Removes every blob that no attachment names (what a client that died mid-way or an undo
 * never taken left behind); how many in *removed. */
gboolean csl_blob_pg_sweep       (CslDb         *db,
                                  guint         *removed,
                                  GError       **error);

G_END_DECLS
