#include "config.h"

#include <string.h>

#include "base/csl-atomic.h"
#include "bundle/csl-bundle-verify.h"
#include "base/csl-sha256.h"
#include "csl-test-util.h"
#include "bundle/csl-zip-writer.h"

#define BIG (20 * 1024 * 1024 + 12345)

static guint8 *
random_bytes (gsize   len,
              guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) g_rand_int (rand);
  return data;
}

static char *
glib_sha256 (const guint8 *data,
             gsize         len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
}

/* Digests fed through the worker, in odd chunks and interleaved, are those of the same bytes
 * hashed in one go; more than the worker may hold at once passes through. */
static void
test_sha256_worker (void)
{
  g_autofree guint8 *a = random_bytes (BIG, 1);
  g_autofree guint8 *b = random_bytes (BIG / 3, 2);
  g_autofree char *want_a = glib_sha256 (a, BIG);
  g_autofree char *want_b = glib_sha256 (b, BIG / 3);
  g_autoptr(CslSha256) sum_a = csl_sha256_new ();
  g_autoptr(CslSha256) sum_b = csl_sha256_new ();
  g_autoptr(CslSha256Worker) worker = csl_sha256_worker_new ();
  g_autofree char *got_a = NULL, *got_b = NULL;
  gsize done_a = 0, done_b = 0, step = 1;

  while (done_a < BIG || done_b < BIG / 3)
    {
      gsize n = MIN (step, (gsize) BIG - done_a);

      csl_sha256_worker_update (worker, sum_a, a + done_a, n);
      done_a += n;
      n = MIN (step / 2, (gsize) BIG / 3 - done_b);
      csl_sha256_worker_update (worker, sum_b, b + done_b, n);
      done_b += n;
      /* From one byte to 12 MiB, beyond what may wait in the queue. */
      step = step < 12 * 1024 * 1024 ? step * 3 + 7 : step;
    }
  csl_sha256_worker_wait (worker);
  got_a = csl_sha256_finish (sum_a);
  got_b = csl_sha256_finish (sum_b);
  g_assert_cmpstr (got_a, ==, want_a);
  g_assert_cmpstr (got_b, ==, want_b);
}

/* An atomic file written through its stream and directly, past the point where it starts
 * handing data to the disk, holds every byte in order. */
static void
test_atomic_write_behind (CslTestTmp    *tmp,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "big.bin", NULL);
  g_autofree guint8 *bytes = random_bytes (BIG, 3);
  g_autofree char *want = glib_sha256 (bytes, BIG);
  g_autofree char *back = NULL;
  g_autofree char *got = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CslAtomicFile) file = csl_atomic_file_new (path, 0644, &error);
  GOutputStream *stream;
  gsize len = 0, half = BIG / 2;

  g_assert_no_error (error);
  stream = csl_atomic_file_get_stream (file);
  for (gsize done = 0; done < half; done += 65536)
    g_assert_true (g_output_stream_write_all (stream, bytes + done, MIN (65536, half - done), NULL, NULL, &error));
  g_assert_true (csl_atomic_file_write (file, bytes + half, BIG - half, &error));
  g_assert_true (csl_atomic_file_commit (file, &error));
  g_assert_no_error (error);
  back = csl_test_read_file (path, &len);
  g_assert_cmpuint (len, ==, BIG);
  got = glib_sha256 ((const guint8 *) back, len);
  g_assert_cmpstr (got, ==, want);
}

static char *
write_zip (const char *dir)
{
  char *path = g_build_filename (dir, "some.zip", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, 0, NULL, &error);
  g_autoptr(CslZipWriter) writer = csl_zip_writer_new (G_OUTPUT_STREAM (out), 1700000000, NULL, &error);
  g_autofree guint8 *bytes = random_bytes (3 * 1024 * 1024, 4);
  g_autoptr(GBytes) contents = g_bytes_new (bytes, 3 * 1024 * 1024);
  g_autofree char *sha256 = NULL;
  g_autofree char *want = glib_sha256 (bytes, 3 * 1024 * 1024);

  g_assert_no_error (error);
  g_assert_true (csl_zip_writer_add_bytes (writer, "data.bin", contents, &sha256, &error));
  g_assert_cmpstr (sha256, ==, want);
  g_assert_true (csl_zip_writer_finish (writer, &error));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
  g_assert_no_error (error);
  return path;
}

/* The report's SHA-256 is the file's, computed beside the entries; a caller that already has it
 * (the writer, checking what it wrote) is taken at its word instead of reading the file again. */
static void
test_verify_digest (CslTestTmp    *tmp,
                    gconstpointer  data)
{
  g_autofree char *path = write_zip (tmp->dir);
  g_autofree char *contents = NULL;
  g_autofree char *want = NULL;
  g_autoptr(GError) error = NULL;
  CslVerifyOptions given = { NULL, NULL, NULL, "0123456789abcdef", NULL, 0 };
  gsize len;

  contents = csl_test_read_file (path, &len);
  want = glib_sha256 ((const guint8 *) contents, len);
  {
    g_autoptr(CslVerifyReport) report = csl_bundle_verify (path, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (report->sha256, ==, want);
    /* Not a bundle: no manifest. The digest is there all the same. */
    g_assert_false (report->ok);
  }
  {
    g_autoptr(CslVerifyReport) report = csl_bundle_verify (path, &given, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (report->sha256, ==, "0123456789abcdef");
  }
}

/* Through the atomic file's stream, which minizip seeks back into to complete each local
 * header: the file holds what was written, and the verifier's digest is the file's. */
static void
test_writer_digest (CslTestTmp    *tmp,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "w.zip", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslAtomicFile) file = csl_atomic_file_new (path, 0644, &error);
  g_autoptr(CslZipWriter) writer = csl_zip_writer_new (csl_atomic_file_get_stream (file), 1700000000, NULL, &error);
  g_autofree guint8 *bytes = random_bytes (BIG, 5);
  g_autoptr(GBytes) contents = g_bytes_new_static (bytes, BIG);
  g_autoptr(GBytes) mimetype = g_bytes_new_static (CSL_ASIC_MIMETYPE, strlen (CSL_ASIC_MIMETYPE));
  g_autofree char *back = NULL, *want = NULL;
  gsize len;

  g_assert_true (csl_zip_writer_add_stored_bytes (writer, CSL_ASIC_MIMETYPE_PATH, mimetype, &error));
  g_assert_true (csl_zip_writer_add_bytes (writer, "a.bin", contents, NULL, &error));
  g_assert_true (csl_zip_writer_add_bytes (writer, "b.bin", contents, NULL, &error));
  g_assert_true (csl_zip_writer_finish (writer, &error));
  g_assert_true (csl_atomic_file_commit (file, &error));
  g_assert_no_error (error);
  back = csl_test_read_file (path, &len);
  want = glib_sha256 ((const guint8 *) back, len);
  {
    g_autoptr(CslVerifyReport) report = csl_bundle_verify (path, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (report->sha256, ==, want);
    /* The ZIP structure passed the layout check and every entry read back: only then does the
     * report know the format (the rest fails, unsigned). */
    g_assert_cmpint (report->format, ==, CSL_BUNDLE_FORMAT_ASIC_E);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/streams/sha256-worker", test_sha256_worker);
  g_test_add ("/streams/atomic-write-behind", CslTestTmp, NULL, csl_test_tmp_setup, test_atomic_write_behind,
              csl_test_tmp_teardown);
  g_test_add ("/streams/verify-digest", CslTestTmp, NULL, csl_test_tmp_setup, test_verify_digest,
              csl_test_tmp_teardown);
  g_test_add ("/streams/writer-digest", CslTestTmp, NULL, csl_test_tmp_setup, test_writer_digest,
              csl_test_tmp_teardown);
  return g_test_run ();
}
