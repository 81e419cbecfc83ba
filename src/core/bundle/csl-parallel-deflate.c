#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <zlib.h>

#include "base/csl-error.h"
#include "bundle/csl-parallel-deflate.h"

/* deflate looks back at most 32 KiB, so that much of the input before a block is all the
 * context its compressor needs to compress as one stream would. */
#define DICT_SIZE (32 * 1024)
/* Two samples of a block, deflated fast, tell whether it will compress at all. */
#define PROBE_SIZE (8 * 1024)
/* Under this saving a block is stored: zlib's level 6 would have found nothing more in it. */
#define PROBE_MIN_SAVING 0.03

/* Enough to keep every thread busy while the oldest block waits for its sink. */
#define IN_FLIGHT_PER_THREAD 3

typedef struct
{
  guint8     *in;          /* the dictionary, then the block's own bytes */
  gsize       dict_len;
  gsize       len;
  gboolean    last;
  GByteArray *out;
  guint32     crc;
  int         zrc;         /* Z_OK, or what zlib said */
  gboolean    stored;      /* found not to compress */
  gboolean    done;
} Block;

struct _CslParallelDeflate
{
  int             level;
  guint           max_in_flight;
  GThreadPool    *pool;
  GMutex          mutex;
  GCond           cond;
  GQueue          in_flight;   /* Block *, oldest first */
  Block          *filling;     /* not yet handed to a thread */
  guint32         crc;
  guint64         stored_blocks;
  CslDeflateSink  sink;
  gpointer        sink_data;
  gboolean        failed;
};

static Block *
block_new (const Block *before)
{
  Block *b = g_new0 (Block, 1);

  b->in = g_malloc (DICT_SIZE + CSL_PARALLEL_DEFLATE_BLOCK);
  b->out = g_byte_array_new ();
  /* Only a full block is ever followed by another, and a full block is longer than the
   * dictionary. */
  if (before != NULL)
    {
      b->dict_len = DICT_SIZE;
      memcpy (b->in, before->in + before->dict_len + before->len - DICT_SIZE, DICT_SIZE);
    }
  return b;
}

static void
block_free (Block *b)
{
  if (b == NULL)
    return;
  g_free (b->in);
  g_byte_array_unref (b->out);
  g_free (b);
}

static gboolean
sample_compresses (const guint8 *data,
                   gsize         len)
{
  guint8 out[PROBE_SIZE + 256];
  uLongf out_len = sizeof out;

  if (compress2 (out, &out_len, data, (uLong) len, Z_BEST_SPEED) != Z_OK)
    return TRUE;
  return (double) out_len < (double) len * (1.0 - PROBE_MIN_SAVING);
}

/* Scanned reports are mostly images already compressed (or noise, to deflate): searching them
 * for matches at level 6 costs nearly all the time of packaging and saves nothing. Such a block
 * is written as stored deflate blocks instead, and the stream stays one valid stream. */
static gboolean
worth_compressing (const Block *b)
{
  const guint8 *data = b->in + b->dict_len;

  if (b->len < 4 * PROBE_SIZE)
    return TRUE;
  return sample_compresses (data, PROBE_SIZE) ||
         sample_compresses (data + b->len / 2, PROBE_SIZE);
}

static int
compress_block (Block *b,
                int    level)
{
  z_stream zs = { 0 };
  int flush = b->last ? Z_FINISH : Z_SYNC_FLUSH;
  gsize used = 0;
  int rc;

  b->stored = !worth_compressing (b);
  rc = deflateInit2 (&zs, b->stored ? Z_NO_COMPRESSION : level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  if (rc != Z_OK)
    return rc;
  if (b->dict_len > 0)
    rc = deflateSetDictionary (&zs, b->in, (uInt) b->dict_len);
  g_byte_array_set_size (b->out, (guint) deflateBound (&zs, (uLong) b->len) + 64);
  zs.next_in = b->in + b->dict_len;
  zs.avail_in = (uInt) b->len;
  while (rc == Z_OK)
    {
      zs.next_out = b->out->data + used;
      zs.avail_out = (uInt) (b->out->len - used);
      rc = deflate (&zs, flush);
      used = b->out->len - zs.avail_out;
      if (rc == Z_STREAM_END || (rc == Z_OK && !b->last && zs.avail_out > 0))
        {
          rc = Z_OK;
          break;
        }
      /* Out of room (zlib asks to be called again with more): double it. */
      if (rc == Z_OK || rc == Z_BUF_ERROR)
        {
          rc = Z_OK;
          g_byte_array_set_size (b->out, b->out->len * 2);
        }
    }
  deflateEnd (&zs);
  g_byte_array_set_size (b->out, (guint) used);
  return rc;
}

static void
deflate_block (gpointer data,
               gpointer user_data)
{
  Block *b = data;
  CslParallelDeflate *pd = user_data;
  int rc = compress_block (b, pd->level);

  b->crc = (guint32) crc32 (0, b->in + b->dict_len, (uInt) b->len);
  g_mutex_lock (&pd->mutex);
  b->zrc = rc;
  b->done = TRUE;
  g_cond_broadcast (&pd->cond);
  g_mutex_unlock (&pd->mutex);
}

CslParallelDeflate *
csl_parallel_deflate_new (int   level,
                          guint n_threads)
{
  CslParallelDeflate *pd = g_new0 (CslParallelDeflate, 1);

  if (n_threads == 0)
    n_threads = MAX (1, g_get_num_processors ());
  pd->level = level;
  pd->max_in_flight = n_threads * IN_FLIGHT_PER_THREAD;
  g_mutex_init (&pd->mutex);
  g_cond_init (&pd->cond);
  g_queue_init (&pd->in_flight);
  /* Cannot fail without exclusive threads. */
  pd->pool = g_thread_pool_new (deflate_block, pd, (int) n_threads, FALSE, NULL);
  return pd;
}

/* Hands the oldest blocks to the sink, in order, until at most `keep` are in flight. After a
 * failure the rest are only waited for and dropped. */
static gboolean
drain (CslParallelDeflate  *pd,
       guint                keep,
       GError             **error)
{
  while (g_queue_get_length (&pd->in_flight) > keep)
    {
      Block *b = g_queue_peek_head (&pd->in_flight);

      g_mutex_lock (&pd->mutex);
      while (!b->done)
        g_cond_wait (&pd->cond, &pd->mutex);
      g_mutex_unlock (&pd->mutex);
      g_queue_pop_head (&pd->in_flight);
      if (!pd->failed && b->zrc != Z_OK)
        {
          pd->failed = TRUE;
          g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot compress the data (zlib error %d)"), b->zrc);
        }
      else if (!pd->failed)
        {
          pd->crc = (guint32) crc32_combine (pd->crc, b->crc, (z_off_t) b->len);
          pd->stored_blocks += b->stored;
          if (!pd->sink (b->out->data, b->out->len, pd->sink_data, error))
            pd->failed = TRUE;
        }
      block_free (b);
    }
  return !pd->failed;
}

static void
submit (CslParallelDeflate *pd,
        gboolean            last)
{
  Block *b = pd->filling;

  b->last = last;
  pd->filling = last ? NULL : block_new (b);
  g_queue_push_tail (&pd->in_flight, b);
  g_thread_pool_push (pd->pool, b, NULL);
}

void
csl_parallel_deflate_begin (CslParallelDeflate *pd,
                            CslDeflateSink      sink,
                            gpointer            user_data)
{
  g_return_if_fail (pd->filling == NULL && g_queue_is_empty (&pd->in_flight));

  pd->sink = sink;
  pd->sink_data = user_data;
  pd->crc = (guint32) crc32 (0, NULL, 0);
  pd->failed = FALSE;
  pd->filling = block_new (NULL);
}

gboolean
csl_parallel_deflate_write (CslParallelDeflate  *pd,
                            const void          *data,
                            gsize                len,
                            GError             **error)
{
  const guint8 *p = data;

  g_return_val_if_fail (pd->filling != NULL, FALSE);

  while (len > 0 && !pd->failed)
    {
      Block *b;
      gsize n;

      /* A full block is handed over only now that more input is known to follow it: the
       * stream's last block must end with Z_FINISH. */
      if (pd->filling->len == CSL_PARALLEL_DEFLATE_BLOCK)
        {
          submit (pd, FALSE);
          if (!drain (pd, pd->max_in_flight, error))
            return FALSE;
        }
      b = pd->filling;
      n = MIN (len, CSL_PARALLEL_DEFLATE_BLOCK - b->len);
      memcpy (b->in + b->dict_len + b->len, p, n);
      b->len += n;
      p += n;
      len -= n;
    }
  return !pd->failed;
}

gboolean
csl_parallel_deflate_finish (CslParallelDeflate  *pd,
                             guint32             *crc,
                             GError             **error)
{
  g_return_val_if_fail (pd->filling != NULL, FALSE);

  submit (pd, TRUE);
  if (!drain (pd, 0, error))
    return FALSE;
  *crc = pd->crc;
  return TRUE;
}

guint64
csl_parallel_deflate_get_stored_blocks (CslParallelDeflate *pd)
{
  return pd->stored_blocks;
}

void
csl_parallel_deflate_abandon (CslParallelDeflate *pd)
{
  pd->failed = TRUE;
  drain (pd, 0, NULL);
  g_clear_pointer (&pd->filling, block_free);
}

void
csl_parallel_deflate_free (CslParallelDeflate *pd)
{
  if (pd == NULL)
    return;
  csl_parallel_deflate_abandon (pd);
  g_thread_pool_free (pd->pool, FALSE, TRUE);
  g_mutex_clear (&pd->mutex);
  g_cond_clear (&pd->cond);
  g_free (pd);
}
