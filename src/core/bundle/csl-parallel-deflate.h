#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One raw deflate stream compressed on every core, as pigz does: the input is cut into blocks
 * of CSL_PARALLEL_DEFLATE_BLOCK bytes, each deflated by zlib on a worker thread with the 32 KiB
 * before it as its dictionary and ended with a sync flush (the last with Z_FINISH), so that the
 * blocks joined in order are one valid stream that any inflater reads. Deflate is nearly all the
 * cost of packaging scanned reports, and a filing's documents would otherwise take one core.
 * A block two fast samples of which do not compress is stored rather than searched in vain.
 * The output depends only on the input and the level, never on the number of threads.
 *
 * The compressed bytes come back, in order, through the sink, called on the thread that feeds
 * the stream; at most a few blocks per thread are in flight, so memory stays flat. */
#define CSL_PARALLEL_DEFLATE_BLOCK (128 * 1024)

typedef struct _CslParallelDeflate CslParallelDeflate;

/* Returns FALSE (with error set) to stop the stream: the output could not be written. */
typedef gboolean (*CslDeflateSink) (const guint8  *data,
                                    gsize          len,
                                    gpointer       user_data,
                                    GError       **error);

/* n_threads 0: one per processor. */
CslParallelDeflate *csl_parallel_deflate_new    (int                  level,
                                                 guint                n_threads);
/* Starts a stream; the previous one must have been finished or abandoned. */
void                csl_parallel_deflate_begin  (CslParallelDeflate  *pd,
                                                 CslDeflateSink       sink,
                                                 gpointer             user_data);
gboolean            csl_parallel_deflate_write  (CslParallelDeflate  *pd,
                                                 const void          *data,
                                                 gsize                len,
                                                 GError             **error);
/* Ends the stream; *crc32 is zlib's CRC-32 of everything written. */
gboolean            csl_parallel_deflate_finish (CslParallelDeflate  *pd,
                                                 guint32             *crc32,
                                                 GError             **error);
/* How many blocks so far were stored because two samples of them did not compress. */
guint64             csl_parallel_deflate_get_stored_blocks (CslParallelDeflate *pd);
/* Waits for and drops the blocks still in flight: the stream is given up. */
void                csl_parallel_deflate_abandon (CslParallelDeflate *pd);
void                csl_parallel_deflate_free   (CslParallelDeflate  *pd);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslParallelDeflate, csl_parallel_deflate_free)

G_END_DECLS
