#include "config.h"

#include "base/csl-error.h"
#include "documents/csl-store.h"
#include "csl-test-util.h"
#include "csl-test-fixture.h"
#include "csl-test-pdf.h"

typedef struct
{
  CslTestTmp    tmp;
  CslWorkspace *ws;
  gint64        filing;
  char         *pdf;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  csl_test_tmp_setup (&f->tmp, data);
  f->ws = fx_open (f->tmp.dir);
  f->filing = fx_filing_bare (f->ws, fx_product (f->ws, fx_manufacturer (f->ws, "Acme", 1), "CAM-1", NULL),
                              fx_lab (f->ws, "Lab", "CNAS L1", "2099-12-31"));
  f->pdf = g_build_filename (f->tmp.dir, "report.pdf", NULL);
  csl_test_make_pdf1 (f->pdf, "Test report R-2026-001 for CAM-1");
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->ws);
  g_free (f->pdf);
  csl_test_tmp_teardown (&f->tmp, data);
}

static void
test_undo_restores (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslAttachment) a = csl_store_attach (f->ws, f->filing, CSL_MATERIAL_TEST_REPORT, f->pdf, CSL_PDF_DEFAULT_MAX_SIZE, NULL, &error);
  g_autoptr(CslStoreRemoved) removed = NULL;
  g_autoptr(CslAttachment) back = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  removed = csl_store_detach_for_undo (f->ws, f->filing, a->id, &error);
  g_assert_no_error (error);
  list = csl_store_list (f->ws, f->filing, &error);
  g_assert_cmpuint (list->len, ==, 0);

  back = csl_store_undo_detach (f->ws, removed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->sha256, ==, a->sha256);
  g_assert_cmpint (back->kind, ==, CSL_MATERIAL_TEST_REPORT);
  g_assert_cmpint (back->page_count, ==, 1);
  text = csl_store_get_text (f->ws, back->id, &error);
  g_assert_nonnull (strstr (text, "R-2026-001"));
  g_assert_true (csl_store_check_blob (f->ws, back->sha256, back->size, back->file_name, NULL, &error));
  /* Both the removal and the restore are in the audit trail. */
  g_assert_cmpint (fx_count (f->ws, "SELECT COUNT(*) FROM audit WHERE field = 'attachment' AND new_value IS NULL"), ==, 1);
  g_assert_cmpint (fx_count (f->ws, "SELECT COUNT(*) FROM audit WHERE field = 'attachment' AND old_value IS NULL"), ==, 2);
}

static void
test_no_undo_sweeps (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslAttachment) a = csl_store_attach (f->ws, f->filing, CSL_MATERIAL_TEST_REPORT, f->pdf, CSL_PDF_DEFAULT_MAX_SIZE, NULL, &error);
  g_autoptr(CslStoreRemoved) removed = csl_store_detach_for_undo (f->ws, f->filing, a->id, &error);
  g_autofree char *blob = csl_workspace_blob_path (f->ws, a->sha256);
  g_autoptr(CslAttachment) back = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_test (blob, G_FILE_TEST_EXISTS));
  /* The next open sweeps the orphan; an undo after that is refused, clearly. */
  g_clear_object (&f->ws);
  f->ws = fx_open (f->tmp.dir);
  g_assert_false (g_file_test (blob, G_FILE_TEST_EXISTS));
  back = csl_store_undo_detach (f->ws, removed, &error);
  g_assert_null (back);
  g_assert_error (error, CSL_ERROR, CSL_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "report.pdf"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/store/undo/restores", Fixture, NULL, setup, test_undo_restores, teardown);
  g_test_add ("/store/undo/not-undone-is-swept", Fixture, NULL, setup, test_no_undo_sweeps, teardown);
  return g_test_run ();
}
