#include "config.h"

#include <string.h>

#include "records/csl-manufacturer.h"
#include "workspace/csl-workspace.h"

#include "csl-import-window.h"
#include "csl-test-ui.h"
#include "csl-test-util.h"

typedef struct
{
  CslTestTmp       tmp;
  CslWorkspace    *ws;
  GtkWindow       *parent;
  CslImportWindow *dialog;
  guint            imported;
  guint            changed;
} Fixture;

static void
on_changed (CslWorkspace *ws,
            const char   *entity,
            Fixture      *f)
{
  if (g_strcmp0 (entity, "manufacturer") == 0)
    f->changed++;
}

static void
on_imported (CslImportWindow *dialog,
             guint            n_new,
             guint            n_updated,
             Fixture         *f)
{
  f->imported = n_new + n_updated;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  csl_test_tmp_setup (&f->tmp, data);
  f->ws = csl_workspace_open (f->tmp.dir, &error);
  g_assert_no_error (error);
  g_signal_connect (f->ws, "changed", G_CALLBACK (on_changed), f);
  f->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->parent, 900, 760);
  gtk_window_present (f->parent);
  f->dialog = csl_import_window_new (f->parent, f->ws);
  g_signal_connect (f->dialog, "imported", G_CALLBACK (on_imported), f);
  gtk_window_present (GTK_WINDOW (f->dialog));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  gtk_window_destroy (f->parent);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_signal_handlers_disconnect_by_data (f->ws, f);
  g_assert_finalize_object (f->ws);
  csl_test_tmp_teardown (&f->tmp, data);
}

static void
wait_idle (Fixture *f)
{
  while (csl_import_window_is_busy (f->dialog))
    g_main_context_iteration (NULL, TRUE);
}

static GFile *
write_csv (Fixture    *f,
           const char *name,
           const char *text,
           gsize       len)
{
  g_autofree char *path = g_build_filename (f->tmp.dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, (gssize) len, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static GtkWidget *
csl_test_find_import_button (Fixture *f)
{
  return csl_import_window_get_import_button (f->dialog);
}

static guint
n_manufacturers (Fixture *f)
{
  g_autoptr(GPtrArray) list = csl_manufacturer_list (f->ws, NULL);

  g_assert_nonnull (list);
  return list->len;
}

/* A file with a wrong check digit and a duplicate: the preview names each problem at its line
 * and column, and Import is not offered; nothing is written. */
static void
test_problems (Fixture       *f,
               gconstpointer  data)
{
  static const char csv[] =
    "name_zh,uscc\n"
    "北京示例科技有限公司,91110000600037341L\n"
    "深圳样例智能设备有限公司,91440300MA5FAKE010\n"
    "北京示例科技有限公司,91110000600037341L\n";
  g_autoptr(GFile) file = write_csv (f, "makers-bad.csv", csv, sizeof csv - 1);
  const CslImportReport *report;
  g_autofree char *shot = NULL;
  gboolean line3 = FALSE;

  csl_import_window_set_file (f->dialog, CSL_IMPORT_MANUFACTURERS, file);
  g_assert_true (csl_import_window_is_busy (f->dialog));
  wait_idle (f);
  report = csl_import_window_get_report (f->dialog);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->n_problems, >=, 2);
  g_assert_cmpuint (report->rows->len, ==, 3);
  g_assert_false (report->written);
  for (guint i = 0; i < report->problems->len; i++)
    {
      const CslImportProblem *p = report->problems->pdata[i];

      if (p->line == 3 && g_strcmp0 (p->column, "uscc") == 0)
        line3 = TRUE;
    }
  g_assert_true (line3);
  g_assert_cmpint (report->encoding, ==, CSL_CSV_UTF8);
  if (csl_test_ui_untranslated ())
    {
      g_assert_nonnull (strstr (csl_import_window_get_status (f->dialog), "UTF-8"));
      g_assert_nonnull (strstr (csl_import_window_get_status (f->dialog), "problems"));
    }
  g_assert_false (gtk_widget_get_sensitive (csl_test_find_import_button (f)));
  shot = csl_test_screenshot (GTK_WIDGET (f->dialog), "import-problems");
  g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (n_manufacturers (f), ==, 0);
}

/* The shipped example, in GB18030 as Excel on Chinese Windows saves it: the preview says the
 * encoding and that both rows are new; Import writes them and says so; the same file again
 * changes nothing and offers no Import. */
static void
test_clean_gb18030 (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *example = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "data", "import",
                                               "manufacturers.csv", NULL);
  g_autofree char *utf8 = NULL;
  g_autofree char *gb = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shot = NULL;
  const CslImportReport *report;
  gsize len, gb_len;

  g_file_get_contents (example, &utf8, &len, &error);
  g_assert_no_error (error);
  /* Without the BOM: GB18030 files have none. */
  g_assert_true (len > 3 && memcmp (utf8, "\xef\xbb\xbf", 3) == 0);
  gb = g_convert (utf8 + 3, (gssize) len - 3, "GB18030", "UTF-8", NULL, &gb_len, &error);
  g_assert_no_error (error);
  file = write_csv (f, "manufacturers-gbk.csv", gb, gb_len);

  csl_import_window_set_file (f->dialog, CSL_IMPORT_MANUFACTURERS, file);
  wait_idle (f);
  report = csl_import_window_get_report (f->dialog);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->n_problems, ==, 0);
  g_assert_cmpint (report->encoding, ==, CSL_CSV_GB18030);
  g_assert_cmpuint (report->n_new, ==, 2);
  g_assert_nonnull (strstr (csl_import_window_get_status (f->dialog), "GB18030"));
  g_assert_true (gtk_widget_get_sensitive (csl_test_find_import_button (f)));
  shot = csl_test_screenshot (GTK_WIDGET (f->dialog), "import-preview");
  g_assert_cmpuint (n_manufacturers (f), ==, 0);

  /* As a click does (gtk_widget_activate() clicks only after its press animation). */
  g_signal_emit_by_name (csl_test_find_import_button (f), "clicked");
  g_assert_true (csl_import_window_is_busy (f->dialog));
  wait_idle (f);
  report = csl_import_window_get_report (f->dialog);
  g_assert_true (report->written);
  g_assert_cmpuint (f->imported, ==, 2);
  g_assert_cmpuint (f->changed, ==, 1);
  g_assert_cmpuint (n_manufacturers (f), ==, 2);
  g_assert_false (gtk_widget_get_sensitive (csl_test_find_import_button (f)));
  g_clear_pointer (&shot, g_free);
  shot = csl_test_screenshot (GTK_WIDGET (f->dialog), "import-done");

  /* Again: every row unchanged, nothing to import. */
  f->imported = 0;
  csl_import_window_set_file (f->dialog, CSL_IMPORT_MANUFACTURERS, file);
  wait_idle (f);
  report = csl_import_window_get_report (f->dialog);
  g_assert_cmpuint (report->n_unchanged, ==, 2);
  g_assert_cmpuint (report->n_new + report->n_updated, ==, 0);
  g_assert_false (gtk_widget_get_sensitive (csl_test_find_import_button (f)));
}

/* Not text at all: one readable error, no rows, no Import. */
static void
test_not_text (Fixture       *f,
               gconstpointer  data)
{
  static const char bytes[] = "PK\003\004\000\000\377\376binary";
  g_autoptr(GFile) file = write_csv (f, "book.xlsx", bytes, sizeof bytes - 1);

  csl_import_window_set_file (f->dialog, CSL_IMPORT_PRODUCTS, file);
  wait_idle (f);
  g_assert_null (csl_import_window_get_report (f->dialog));
  g_assert_nonnull (csl_import_window_get_status (f->dialog));
  g_assert_cmpstr (csl_import_window_get_status (f->dialog), !=, "");
  g_assert_false (gtk_widget_get_sensitive (csl_test_find_import_button (f)));
}

int
main (int    argc,
      char **argv)
{
  csl_test_ui_init (&argc, &argv);
  g_test_add ("/ui/import/problems", Fixture, NULL, setup, test_problems, teardown);
  g_test_add ("/ui/import/clean-gb18030", Fixture, NULL, setup, test_clean_gb18030, teardown);
  g_test_add ("/ui/import/not-text", Fixture, NULL, setup, test_not_text, teardown);
  return g_test_run ();
}
