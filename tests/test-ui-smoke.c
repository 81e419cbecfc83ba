#include "config.h"

#include "csl-application.h"
#include "csl-filing.h"
#include "csl-lab.h"
#include "csl-manufacturer.h"
#include "csl-product.h"
#include "csl-catalogue.h"
#include "csl-window.h"
#include "csl-test-util.h"
#include "csl-test-ui.h"

static void
fill_workspace (CslWorkspace *ws)
{
  g_autoptr(CslManufacturer) m = csl_manufacturer_new ();
  g_autoptr(CslLab) lab = csl_lab_new ();
  g_autoptr(CslProduct) p = csl_product_new ();
  g_autoptr(CslFiling) f = csl_filing_new ();
  g_autoptr(CslCategory) c = csl_catalogue_find_serial (ws, "CSL 001-2025", NULL);
  g_autoptr(GError) error = NULL;

  m->name_zh = g_strdup ("北京示例科技有限公司");
  m->name_en = g_strdup ("Beijing Example Technology Co., Ltd.");
  m->uscc = g_strdup ("91110000600037341L");
  g_assert_cmpint (csl_manufacturer_add (ws, m, &error), >, 0);
  lab->name = g_strdup ("Example Lab");
  lab->kind = g_strdup ("third-party");
  g_assert_cmpint (csl_lab_add (ws, lab, &error), >, 0);
  p->manufacturer_id = m->id;
  p->category_id = c->id;
  p->model = g_strdup ("CAM-100");
  p->name = g_strdup ("Home Camera");
  g_assert_cmpint (csl_product_add (ws, p, &error), >, 0);
  f->product_id = p->id;
  f->lab_id = lab->id;
  f->grade = 2;
  g_assert_cmpint (csl_filing_add (ws, f, &error), >, 0);
  g_assert_no_error (error);
}

static void
test_window (CslTestTmp    *tmp,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) ws = csl_workspace_open (tmp->dir, &error);
  g_autoptr(CslApplication) app = csl_application_new ();
  g_autofree char *empty_png = NULL, *full_png = NULL;
  CslWindow *window;

  g_assert_no_error (error);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));

  window = csl_window_new (app, ws);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpuint (g_list_model_get_n_items (csl_window_get_filings (window)), ==, 0);
  empty_png = csl_test_screenshot (GTK_WIDGET (window), "main-window-empty");

  /* A change through the core shows up without a restart. */
  fill_workspace (ws);
  g_assert_cmpuint (g_list_model_get_n_items (csl_window_get_filings (window)), ==, 1);
  g_assert_cmpuint (csl_window_get_n_manufacturers (window), ==, 1);
  full_png = csl_test_screenshot (GTK_WIDGET (window), "main-window");
  g_assert_true (g_file_test (full_png, G_FILE_TEST_IS_REGULAR));
  g_test_message ("screenshots: %s %s", empty_png, full_png);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/ui/main-window", CslTestTmp, NULL, csl_test_tmp_setup, test_window, csl_test_tmp_teardown);
  return g_test_run ();
}
