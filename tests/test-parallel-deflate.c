#include "config.h"

#include <string.h>
#include <zlib.h>

#include "base/csl-error.h"
#include "bundle/csl-parallel-deflate.h"
#include "bundle/csl-zip-writer.h"

/* The blocks joined must be one raw deflate stream that zlib's inflate reads back to the input
 * with nothing after its end, whatever the block boundaries and the number of threads. */

#define BLOCK CSL_PARALLEL_DEFLATE_BLOCK

static gboolean
collect (const guint8  *data,
         gsize          len,
         gpointer       user_data,
         GError       **error)
{
  g_byte_array_append (user_data, data, (guint) len);
  return TRUE;
}

/* Text that repeats across block boundaries, so that a block compressed without the 32 KiB
 * before it would come out larger, and noise that does not compress. */
static GBytes *
make_input (gsize    len,
            gboolean noisy)
{
  guint8 *data = g_malloc (len + 1);
  guint32 x = 2463534242u;

  for (gsize i = 0; i < len; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      data[i] = noisy ? (guint8) x : (guint8) "Consumer Internet-Connected Cameras, CSL 001-2025; "[i % 51];
    }
  return g_bytes_new_take (data, len);
}

static guint64 last_stored_blocks;

static GBytes *
deflate_in_blocks (GBytes  *input,
                   guint    n_threads,
                   gsize    write_size,
                   guint32 *crc)
{
  g_autoptr(CslParallelDeflate) pd = csl_parallel_deflate_new (CSL_ZIP_DEFLATE_LEVEL, n_threads);
  g_autoptr(GError) error = NULL;
  GByteArray *out = g_byte_array_new ();
  gsize len;
  const guint8 *data = g_bytes_get_data (input, &len);

  csl_parallel_deflate_begin (pd, collect, out);
  for (gsize at = 0; at < len; at += write_size)
    g_assert_true (csl_parallel_deflate_write (pd, data + at, MIN (write_size, len - at), &error));
  g_assert_true (csl_parallel_deflate_finish (pd, crc, &error));
  g_assert_no_error (error);
  last_stored_blocks = csl_parallel_deflate_get_stored_blocks (pd);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
inflate_all (GBytes *compressed,
             gsize   expected)
{
  z_stream zs = { 0 };
  gsize len;
  guint8 *out = g_malloc (expected + 1);
  int rc;

  g_assert_cmpint (inflateInit2 (&zs, -MAX_WBITS), ==, Z_OK);
  zs.next_in = (guint8 *) g_bytes_get_data (compressed, &len);
  zs.avail_in = (uInt) len;
  zs.next_out = out;
  zs.avail_out = (uInt) expected + 1;
  rc = inflate (&zs, Z_FINISH);
  g_assert_cmpint (rc, ==, Z_STREAM_END);
  /* The final block is the last thing in the stream. */
  g_assert_cmpuint (zs.avail_in, ==, 0);
  g_assert_cmpuint (zs.total_out, ==, expected);
  inflateEnd (&zs);
  return g_bytes_new_take (out, expected);
}

static void
check_round_trip (gsize    len,
                  gboolean noisy)
{
  g_autoptr(GBytes) input = make_input (len, noisy);
  guint32 crc = 0;
  g_autoptr(GBytes) one = deflate_in_blocks (input, 1, 65536, &crc);
  guint32 crc4 = 0;
  g_autoptr(GBytes) four = deflate_in_blocks (input, 4, 4093, &crc4);
  g_autoptr(GBytes) back = inflate_all (one, len);

  g_assert_true (g_bytes_equal (back, input));
  /* Noise is stored, not searched (a block of under four samples' size is always compressed);
   * text is compressed. */
  g_assert_cmpuint (last_stored_blocks, ==, noisy ? len / BLOCK + (len % BLOCK >= 32 * 1024) : 0);
  g_assert_cmpuint (crc, ==, (guint32) crc32 (0, g_bytes_get_data (input, NULL), (uInt) len));
  /* Bundles are reproducible: the threads and the caller's chunks change nothing. */
  g_assert_true (g_bytes_equal (one, four));
  g_assert_cmpuint (crc4, ==, crc);
}

static void
test_round_trip (void)
{
  const gsize sizes[] = { 0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 5 * BLOCK + 17 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_test_message ("%" G_GSIZE_FORMAT " bytes", sizes[i]);
      check_round_trip (sizes[i], FALSE);
      check_round_trip (sizes[i], TRUE);
    }
}

/* The dictionary carries the context over: repetitive text compresses nearly as well as in one
 * zlib stream (each block costs a few bytes of flush). */
static void
test_dictionary (void)
{
  g_autoptr(GBytes) input = make_input (16 * BLOCK, FALSE);
  guint32 crc;
  g_autoptr(GBytes) ours = deflate_in_blocks (input, 2, 65536, &crc);
  uLongf single_len = compressBound (16 * BLOCK);
  g_autofree guint8 *single = g_malloc (single_len);

  g_assert_cmpint (compress2 (single, &single_len, g_bytes_get_data (input, NULL), 16 * BLOCK,
                              CSL_ZIP_DEFLATE_LEVEL), ==, Z_OK);
  g_test_message ("one stream %lu bytes, blocks %" G_GSIZE_FORMAT, (unsigned long) single_len,
                  g_bytes_get_size (ours));
  g_assert_cmpuint (g_bytes_get_size (ours), <, single_len + 16 * 64);
}

static gboolean
refuse_second (const guint8  *data,
               gsize          len,
               gpointer       user_data,
               GError       **error)
{
  guint *calls = user_data;

  if (++*calls < 2)
    return TRUE;
  g_set_error (error, CSL_ERROR, CSL_ERROR_IO, "disk full");
  return FALSE;
}

/* The sink's failure stops the stream with its own error; the blocks in flight are dropped
 * (ASan and valgrind watch that nothing leaks) and the deflater starts a new stream cleanly. */
static void
test_sink_failure (void)
{
  g_autoptr(CslParallelDeflate) pd = csl_parallel_deflate_new (CSL_ZIP_DEFLATE_LEVEL, 2);
  g_autoptr(GBytes) input = make_input (40 * BLOCK, TRUE);
  g_autoptr(GError) error = NULL;
  const guint8 *data = g_bytes_get_data (input, NULL);
  gboolean ok = TRUE;
  guint calls = 0;
  guint32 crc;
  g_autoptr(GByteArray) out = g_byte_array_new ();

  csl_parallel_deflate_begin (pd, refuse_second, &calls);
  for (gsize at = 0; ok && at < 40 * BLOCK; at += BLOCK)
    ok = csl_parallel_deflate_write (pd, data + at, BLOCK, &error);
  if (ok)
    ok = csl_parallel_deflate_finish (pd, &crc, &error);
  g_assert_false (ok);
  g_assert_error (error, CSL_ERROR, CSL_ERROR_IO);
  g_assert_cmpuint (calls, ==, 2);
  csl_parallel_deflate_abandon (pd);

  csl_parallel_deflate_begin (pd, collect, out);
  g_assert_true (csl_parallel_deflate_write (pd, "again", 5, NULL));
  g_assert_true (csl_parallel_deflate_finish (pd, &crc, NULL));
  g_assert_cmpuint (crc, ==, (guint32) crc32 (0, (const guint8 *) "again", 5));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parallel-deflate/round-trip", test_round_trip);
  g_test_add_func ("/parallel-deflate/dictionary", test_dictionary);
  g_test_add_func ("/parallel-deflate/sink-failure", test_sink_failure);

  return g_test_run ();
}
