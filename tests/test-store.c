#include "config.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "workspace/csl-workspace.h"
#include "base/csl-error.h"
#include "records/csl-requirements.h"
#include "documents/csl-store.h"
#include "csl-test-filing.h"
#include "csl-test-pdf.h"
#include "csl-test-util.h"

static int
count (CslWorkspace *ws,
       const char   *sql)
{
  g_autoptr(CslStmt) stmt = csl_db_prepare (csl_workspace_get_db (ws), sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (csl_stmt_step (stmt, NULL), ==, CSL_STMT_ROW);
  return csl_stmt_column_int (stmt, 0);
}

static char *
file_sha256 (const char *path)
{
  gsize len;
  g_autofree char *data = csl_test_read_file (path, &len);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

static CslAttachment *
attach_ok (CslTestFiling   *t,
           CslMaterialKind  kind,
           const char      *path)
{
  g_autoptr(GError) error = NULL;
  CslAttachment *a = csl_store_attach (t->ws, t->filing, kind, path, CSL_PDF_DEFAULT_MAX_SIZE, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (a);
  return a;
}

static void
test_attach (CslTestTmp    *tmp,
             gconstpointer  data)
{
  g_autofree char *ws_dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *report = g_build_filename (tmp->dir, "检测报告.pdf", NULL);
  g_autofree char *sha = NULL, *blob = NULL, *text = NULL, *original = NULL, *stored = NULL;
  g_autoptr(CslAttachment) a = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  CslTestFiling t = { 0 };
  gsize original_len, stored_len;
  struct stat st;

  csl_test_filing_open (&t, ws_dir, FALSE);
  csl_test_make_test_report (report);
  sha = file_sha256 (report);
  original = csl_test_read_file (report, &original_len);

  a = attach_ok (&t, CSL_MATERIAL_TEST_REPORT, report);
  g_assert_cmpint (a->filing_id, ==, t.filing);
  g_assert_cmpint (a->kind, ==, CSL_MATERIAL_TEST_REPORT);
  g_assert_cmpstr (a->file_name, ==, "检测报告.pdf");
  g_assert_cmpint (a->size, ==, (gint64) original_len);
  g_assert_cmpstr (a->sha256, ==, sha);
  g_assert_cmpint (a->page_count, ==, 2);
  g_assert_cmpfloat_with_epsilon (a->page_width_pt, 595.276, 0.5);
  g_assert_cmpstr (a->pdf_title, ==, "Test report " CSL_TEST_REPORT_NUMBER);
  g_assert_cmpstr (a->report_number_found, ==, CSL_TEST_REPORT_NUMBER);
  g_assert_nonnull (strstr (a->text_excerpt, CSL_TEST_MODEL));
  g_assert_nonnull (a->attached_at);

  /* The store holds the same bytes under their hash, read-only; the original can go. */
  blob = csl_workspace_blob_path (t.ws, sha);
  g_assert_cmpint (g_unlink (report), ==, 0);
  stored = csl_test_read_file (blob, &stored_len);
  g_assert_cmpmem (original, original_len, stored, stored_len);
  g_assert_cmpint (stat (blob, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0400);
  g_assert_cmpuint (csl_test_count_files (csl_workspace_get_store_path (t.ws)), ==, 1);

  text = csl_store_get_text (t.ws, a->id, &error);
  g_assert_no_error (error);
  csl_test_assert_mentions (text, "GB/T 38632-2020");

  list = csl_store_list (t.ws, t.filing, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((CslAttachment *) list->pdata[0])->id, ==, a->id);

  g_assert_cmpint (count (t.ws, "SELECT COUNT(*) FROM audit WHERE entity = 'filing' AND field = 'attachment' "
                                "AND old_value IS NULL AND new_value LIKE '%检测报告.pdf%'"), ==, 1);
  csl_test_filing_close (&t);
}

static void
assert_attach_refused (CslTestFiling *t,
                       const char    *path,
                       guint64        max_size,
                       int            code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslAttachment) a = NULL;
  g_autofree char *name = g_path_get_basename (path);

  a = csl_store_attach (t->ws, t->filing, CSL_MATERIAL_TEST_REPORT, path, max_size, NULL, &error);
  g_assert_null (a);
  g_assert_error (error, CSL_ERROR, code);
  g_assert_nonnull (strstr (error->message, name));
  /* Nothing written: no blob, no temporary, no row, no audit entry. */
  g_assert_cmpuint (csl_test_count_files (csl_workspace_get_store_path (t->ws)), ==, 0);
  g_assert_cmpint (count (t->ws, "SELECT COUNT(*) FROM attachment"), ==, 0);
  g_assert_cmpint (count (t->ws, "SELECT COUNT(*) FROM attachment_text"), ==, 0);
  g_assert_cmpint (count (t->ws, "SELECT COUNT(*) FROM audit WHERE field = 'attachment'"), ==, 0);
}

static void
test_refusals_write_nothing (CslTestTmp    *tmp,
                             gconstpointer  data)
{
  g_autofree char *ws_dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *good = g_build_filename (tmp->dir, "good.pdf", NULL);
  g_autofree char *empty = g_build_filename (tmp->dir, "empty.pdf", NULL);
  g_autofree char *text = g_build_filename (tmp->dir, "letter.pdf", NULL);
  g_autofree char *half = g_build_filename (tmp->dir, "half.pdf", NULL);
  g_autofree char *no_eof = g_build_filename (tmp->dir, "no-eof.pdf", NULL);
  g_autofree char *locked = g_build_filename (tmp->dir, "locked.pdf", NULL);
  g_autofree char *missing = g_build_filename (tmp->dir, "missing.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslAttachment) a = NULL;
  CslTestFiling t = { 0 };
  gsize size;

  csl_test_filing_open (&t, ws_dir, FALSE);
  csl_test_make_test_report (good);
  size = csl_test_file_size (good);
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (text, "{\\rtf1 a word processor file}", -1, NULL));
  csl_test_truncate_copy (good, half, size / 2);
  csl_test_truncate_copy (good, no_eof, size - 7);
  csl_test_encrypt_pdf (good, locked);

  assert_attach_refused (&t, empty, CSL_PDF_DEFAULT_MAX_SIZE, CSL_ERROR_FILE_EMPTY);
  assert_attach_refused (&t, text, CSL_PDF_DEFAULT_MAX_SIZE, CSL_ERROR_NOT_PDF);
  assert_attach_refused (&t, half, CSL_PDF_DEFAULT_MAX_SIZE, CSL_ERROR_PDF_DAMAGED);
  assert_attach_refused (&t, no_eof, CSL_PDF_DEFAULT_MAX_SIZE, CSL_ERROR_PDF_DAMAGED);
  assert_attach_refused (&t, locked, CSL_PDF_DEFAULT_MAX_SIZE, CSL_ERROR_PDF_ENCRYPTED);
  assert_attach_refused (&t, good, size - 1, CSL_ERROR_FILE_TOO_LARGE);
  assert_attach_refused (&t, missing, CSL_PDF_DEFAULT_MAX_SIZE, CSL_ERROR_IO);

  a = csl_store_attach (t.ws, 4242, CSL_MATERIAL_TEST_REPORT, good, CSL_PDF_DEFAULT_MAX_SIZE, NULL, &error);
  g_assert_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "4242"));
  g_assert_cmpuint (csl_test_count_files (csl_workspace_get_store_path (t.ws)), ==, 0);
  g_clear_error (&error);

  /* Exactly at the limit is allowed. */
  a = csl_store_attach (t.ws, t.filing, CSL_MATERIAL_TEST_REPORT, good, size, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (a);
  csl_test_filing_close (&t);
}

static void
test_cancelled_attach (CslTestTmp    *tmp,
                       gconstpointer  data)
{
  g_autofree char *ws_dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *good = g_build_filename (tmp->dir, "good.pdf", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CslAttachment) a = NULL;
  CslTestFiling t = { 0 };

  csl_test_filing_open (&t, ws_dir, FALSE);
  csl_test_make_test_report (good);
  g_cancellable_cancel (cancellable);
  a = csl_store_attach (t.ws, t.filing, CSL_MATERIAL_TEST_REPORT, good, CSL_PDF_DEFAULT_MAX_SIZE, cancellable, &error);
  g_assert_null (a);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (csl_test_count_files (csl_workspace_get_store_path (t.ws)), ==, 0);
  g_assert_cmpint (count (t.ws, "SELECT COUNT(*) FROM attachment"), ==, 0);
  csl_test_filing_close (&t);
}

static void
test_dedup_and_detach (CslTestTmp    *tmp,
                       gconstpointer  data)
{
  g_autofree char *ws_dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *report = g_build_filename (tmp->dir, "report.pdf", NULL);
  g_autofree char *copy = g_build_filename (tmp->dir, "copy of report.pdf", NULL);
  g_autofree char *other = g_build_filename (tmp->dir, "licence.pdf", NULL);
  g_autofree char *blob = NULL;
  g_autoptr(CslAttachment) a = NULL, b = NULL, c = NULL;
  g_autoptr(GError) error = NULL;
  const char *store;
  CslTestFiling t = { 0 };

  csl_test_filing_open (&t, ws_dir, FALSE);
  store = csl_workspace_get_store_path (t.ws);
  csl_test_make_test_report (report);
  {
    g_autofree char *bytes = NULL;
    gsize len;

    bytes = csl_test_read_file (report, &len);
    g_assert_true (g_file_set_contents (copy, bytes, (gssize) len, NULL));
  }
  csl_test_make_pdf1 (other, "营业执照 Business licence");

  a = attach_ok (&t, CSL_MATERIAL_TEST_REPORT, report);
  b = attach_ok (&t, CSL_MATERIAL_OTHER, copy);
  c = attach_ok (&t, CSL_MATERIAL_BUSINESS_LICENSE, other);
  g_assert_cmpstr (a->sha256, ==, b->sha256);
  g_assert_cmpstr (b->file_name, ==, "copy of report.pdf");
  g_assert_cmpint (count (t.ws, "SELECT COUNT(*) FROM attachment"), ==, 3);
  /* Same content, one blob. */
  g_assert_cmpuint (csl_test_count_files (store), ==, 2);
  blob = csl_workspace_blob_path (t.ws, a->sha256);

  g_assert_false (csl_store_detach (t.ws, t.filing, 999, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "999"));
  g_clear_error (&error);
  g_assert_false (csl_store_detach (t.ws, 777, a->id, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "777"));
  g_clear_error (&error);

  /* The blob stays while another row names it. */
  g_assert_true (csl_store_detach (t.ws, t.filing, a->id, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (blob, G_FILE_TEST_EXISTS));
  g_assert_true (csl_store_detach (t.ws, t.filing, b->id, &error));
  g_assert_false (g_file_test (blob, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (csl_test_count_files (store), ==, 1);
  g_assert_cmpint (count (t.ws, "SELECT COUNT(*) FROM attachment"), ==, 1);
  g_assert_cmpint (count (t.ws, "SELECT COUNT(*) FROM attachment_text"), ==, 1);
  g_assert_cmpint (count (t.ws, "SELECT COUNT(*) FROM audit WHERE field = 'attachment' AND new_value IS NULL "
                                "AND old_value LIKE '%report.pdf%'"), ==, 2);
  csl_test_filing_close (&t);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

static void
test_sweep (CslTestTmp    *tmp,
            gconstpointer  data)
{
  g_autofree char *ws_dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *report = g_build_filename (tmp->dir, "report.pdf", NULL);
  g_autofree char *orphan_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "an orphan", -1);
  g_autofree char *orphan = NULL, *stray = NULL, *stray_in_fan = NULL, *held = NULL, *foreign = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(CslAttachment) a = NULL;
  g_autoptr(GError) error = NULL;
  CslStoreSweepResult result = { 0 };
  const char *store;
  CslTestFiling t = { 0 };
  int fd;

  csl_test_filing_open (&t, ws_dir, FALSE);
  store = csl_workspace_get_store_path (t.ws);
  csl_test_make_test_report (report);
  a = attach_ok (&t, CSL_MATERIAL_TEST_REPORT, report);
  kept = csl_workspace_blob_path (t.ws, a->sha256);

  /* What a crash leaves: a half-copied temporary and a blob whose row never committed. */
  orphan = csl_workspace_blob_path (t.ws, orphan_sha);
  {
    g_autofree char *fan = g_path_get_dirname (orphan);
    g_assert_cmpint (g_mkdir_with_parents (fan, 0700), ==, 0);
  }
  write_file (orphan, "an orphan");
  stray = g_build_filename (store, ".blob.tmp-AbC123", NULL);
  write_file (stray, "%PDF-1.7 half");
  {
    g_autofree char *fan = g_path_get_dirname (orphan);
    stray_in_fan = g_build_filename (fan, ".blob.tmp-XyZ789", NULL);
  }
  write_file (stray_in_fan, "partial");
  /* A file that is not the store's own is left alone. */
  foreign = g_build_filename (store, "README.txt", NULL);
  write_file (foreign, "notes");
  /* A temporary another process is still writing (it holds the lock) is left alone too. */
  held = g_build_filename (store, ".blob.tmp-Live00", NULL);
  write_file (held, "in progress");
  fd = open (held, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);

  g_assert_true (csl_store_sweep (t.ws, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.temp_files, ==, 2);
  g_assert_cmpuint (result.orphan_blobs, ==, 1);
  g_assert_false (g_file_test (orphan, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (stray, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (stray_in_fan, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (held, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (foreign, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (kept, G_FILE_TEST_EXISTS));
  close (fd);

  /* Opening the workspace sweeps by itself; the writer is gone now, so its leftover goes too. */
  write_file (orphan, "an orphan");
  write_file (stray, "%PDF-1.7 half");
  csl_test_filing_close (&t);
  {
    g_autoptr(CslWorkspace) ws = csl_workspace_open (ws_dir, &error);

    g_assert_no_error (error);
    g_assert_nonnull (ws);
    g_assert_false (g_file_test (orphan, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (stray, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (held, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (kept, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (foreign, G_FILE_TEST_EXISTS));
  }
}

static void
flip_byte (const char *path,
           gsize       offset)
{
  g_autofree char *data = NULL;
  gsize len;

  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  data = csl_test_read_file (path, &len);
  g_assert_cmpuint (offset, <, len);
  data[offset] ^= 0x20;
  g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
}

static gboolean
has_finding (GPtrArray  *findings,
             const char *code)
{
  for (guint i = 0; i < findings->len; i++)
    if (g_strcmp0 (((CslFinding *) findings->pdata[i])->code, code) == 0)
      return TRUE;
  return FALSE;
}

static void
test_damaged_blob (CslTestTmp    *tmp,
                   gconstpointer  data)
{
  g_autofree char *ws_dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *report = g_build_filename (tmp->dir, "report.pdf", NULL);
  g_autofree char *blob = NULL;
  g_autoptr(CslAttachment) a = NULL, again = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  CslTestFiling t = { 0 };

  csl_test_filing_open (&t, ws_dir, FALSE);
  csl_test_make_test_report (report);
  a = attach_ok (&t, CSL_MATERIAL_TEST_REPORT, report);
  blob = csl_workspace_blob_path (t.ws, a->sha256);

  problems = csl_store_verify (t.ws, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Bit rot, same size: only the hash can tell. */
  flip_byte (blob, (gsize) a->size / 2);
  problems = csl_store_verify (t.ws, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 1);
  {
    CslStoreProblem *p = problems->pdata[0];

    g_assert_cmpint (p->attachment_id, ==, a->id);
    g_assert_cmpint (p->filing_id, ==, t.filing);
    g_assert_cmpstr (p->sha256, ==, a->sha256);
    g_assert_nonnull (strstr (p->message, "damaged"));
    g_assert_nonnull (strstr (p->message, "report.pdf"));
  }

  /* Every reader finds out. */
  {
    g_autoptr(GInputStream) stream = csl_store_open_attachment (t.ws, a, &error);
    g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();

    g_assert_no_error (error);
    g_assert_cmpint (g_output_stream_splice (sink, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE, NULL, &error), ==, -1);
    g_assert_error (error, CSL_ERROR, CSL_ERROR_DAMAGED);
    g_clear_error (&error);
  }
  g_assert_null (csl_store_render_thumbnail (t.ws, a, 100, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_DAMAGED);
  g_clear_error (&error);

  /* Attaching the original again puts good bytes back under the same name. */
  again = attach_ok (&t, CSL_MATERIAL_OTHER, report);
  g_assert_cmpstr (again->sha256, ==, a->sha256);
  g_assert_true (csl_store_check_blob (t.ws, a->sha256, a->size, "report.pdf", NULL, &error));
  g_assert_no_error (error);

  /* A vanished blob is an error in the filing check, not a silent gap in the bundle. */
  g_assert_cmpint (g_unlink (blob), ==, 0);
  if (csl_test_on_server ())
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM blob WHERE sha256 = '%s'", a->sha256);

      /* On a team workspace the store is a cache of the server's copy: it comes back. */
      g_assert_true (csl_store_check_blob (t.ws, a->sha256, a->size, "report.pdf", NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_test (blob, G_FILE_TEST_IS_REGULAR));
      /* Vanished from the server too, it is gone. */
      g_assert_cmpint (g_unlink (blob), ==, 0);
      g_assert_true (csl_db_exec (csl_workspace_get_db (t.ws), sql, &error));
      g_assert_no_error (error);
    }
  findings = csl_requirements_check (t.ws, t.filing, "2026-11-21", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (has_finding (findings, "attachment-missing"));
  g_assert_true (csl_findings_have_errors (findings));
  g_assert_false (csl_store_check_blob (t.ws, a->sha256, a->size, "report.pdf", NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_DAMAGED);
  csl_test_filing_close (&t);
}

static void
test_stream_and_thumbnail (CslTestTmp    *tmp,
                           gconstpointer  data)
{
  g_autofree char *ws_dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *report = g_build_filename (tmp->dir, "report.pdf", NULL);
  g_autofree char *original = NULL;
  g_autoptr(CslAttachment) a = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  cairo_surface_t *thumb;
  CslTestFiling t = { 0 };
  gsize len;

  csl_test_filing_open (&t, ws_dir, FALSE);
  csl_test_make_test_report (report);
  original = csl_test_read_file (report, &len);
  a = attach_ok (&t, CSL_MATERIAL_TEST_REPORT, report);

  stream = csl_store_open_attachment (t.ws, a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_output_stream_splice (sink, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error),
                   ==, (gssize) len);
  g_assert_no_error (error);
  g_assert_cmpmem (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (sink)),
                   g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (sink)), original, len);

  g_assert_null (csl_store_open_blob (t.ws, "../../etc/passwd", 1, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_clear_error (&error);

  thumb = csl_store_render_thumbnail (t.ws, a, 240, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (thumb), ==, 240);
  g_assert_cmphex (*(guint32 *) (void *) cairo_image_surface_get_data (thumb), ==, 0xFFFFFFFF);
  cairo_surface_destroy (thumb);
  csl_test_filing_close (&t);
}

/* The GUI's way: stage in a worker thread, look at it, then commit or drop it. */
static gpointer
stage_in_thread (gpointer data)
{
  gpointer *args = data;
  g_autoptr(GError) error = NULL;
  CslStoreStaged *staged = csl_store_stage (args[0], args[1], CSL_PDF_DEFAULT_MAX_SIZE, NULL, &error);

  g_assert_no_error (error);
  return staged;
}

static void
test_stage_and_commit (CslTestTmp    *tmp,
                       gconstpointer  data)
{
  g_autofree char *ws_dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *report = g_build_filename (tmp->dir, "report.pdf", NULL);
  g_autofree char *sha = NULL;
  g_autoptr(CslStoreStaged) dropped = NULL;
  g_autoptr(CslStoreStaged) kept = NULL;
  g_autoptr(CslAttachment) a = NULL;
  g_autoptr(GError) error = NULL;
  CslTestFiling t = { 0 };
  gpointer args[2];
  const char *store;

  csl_test_filing_open (&t, ws_dir, FALSE);
  store = csl_workspace_get_store_path (t.ws);
  csl_test_make_test_report (report);
  sha = file_sha256 (report);
  args[0] = t.ws;
  args[1] = report;

  dropped = g_thread_join (g_thread_new ("stage", stage_in_thread, args));
  g_assert_cmpint (csl_store_staged_get_info (dropped)->n_pages, ==, 2);
  g_assert_cmpstr (csl_store_staged_get_sha256 (dropped), ==, sha);
  g_assert_true (g_str_has_prefix (csl_store_staged_get_path (dropped), store));
  g_assert_cmpuint (csl_test_count_files (store), ==, 1);
  /* Dropped: the staged copy goes, nothing was recorded. */
  g_clear_pointer (&dropped, csl_store_staged_free);
  g_assert_cmpuint (csl_test_count_files (store), ==, 0);
  g_assert_cmpint (count (t.ws, "SELECT COUNT(*) FROM attachment"), ==, 0);

  kept = g_thread_join (g_thread_new ("stage", stage_in_thread, args));
  a = csl_store_commit (t.ws, t.filing, CSL_MATERIAL_DECLARATION, kept, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a->sha256, ==, sha);
  g_assert_cmpint (a->kind, ==, CSL_MATERIAL_DECLARATION);
  g_clear_pointer (&kept, csl_store_staged_free);
  g_assert_cmpuint (csl_test_count_files (store), ==, 1);
  g_assert_true (csl_store_check_blob (t.ws, sha, a->size, NULL, NULL, &error));
  csl_test_filing_close (&t);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/attach", CslTestTmp, NULL, csl_test_tmp_setup, test_attach, csl_test_tmp_teardown);
  g_test_add ("/store/refusals-write-nothing", CslTestTmp, NULL, csl_test_tmp_setup, test_refusals_write_nothing,
              csl_test_tmp_teardown);
  g_test_add ("/store/stage-and-commit", CslTestTmp, NULL, csl_test_tmp_setup, test_stage_and_commit,
              csl_test_tmp_teardown);
  g_test_add ("/store/cancelled", CslTestTmp, NULL, csl_test_tmp_setup, test_cancelled_attach, csl_test_tmp_teardown);
  g_test_add ("/store/dedup-and-detach", CslTestTmp, NULL, csl_test_tmp_setup, test_dedup_and_detach,
              csl_test_tmp_teardown);
  g_test_add ("/store/sweep", CslTestTmp, NULL, csl_test_tmp_setup, test_sweep, csl_test_tmp_teardown);
  g_test_add ("/store/damaged-blob", CslTestTmp, NULL, csl_test_tmp_setup, test_damaged_blob, csl_test_tmp_teardown);
  g_test_add ("/store/stream-and-thumbnail", CslTestTmp, NULL, csl_test_tmp_setup, test_stream_and_thumbnail,
              csl_test_tmp_teardown);
  return g_test_run ();
}
