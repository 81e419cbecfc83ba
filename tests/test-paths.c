#include "config.h"

#include <glib/gstdio.h>

#include "base/csl-paths.h"

/* This test program runs from the build tree, as an uninstalled csl-filer or csl-filer-cli
 * does: with nothing set in the environment it must find the tree's own helper, po/ and data/.
 * (Each test runs in a child, since the paths are worked out once per process.) */
static void
test_build_tree (void)
{
  g_unsetenv ("CSL_FILER_PDF_HELPER");
  g_unsetenv ("CSL_FILER_LOCALEDIR");
  g_unsetenv ("GSETTINGS_SCHEMA_DIR");

  g_assert_true (csl_paths_uninstalled ());
  g_assert_true (g_file_test (csl_paths_pdf_helper (), G_FILE_TEST_IS_EXECUTABLE));
  g_assert_true (g_str_has_suffix (csl_paths_pdf_helper (), "/src/pdf-helper/csl-filer-pdf-helper"));
  g_assert_true (g_str_has_prefix (csl_paths_pdf_helper (), CSL_BUILD_ROOT));
  g_assert_cmpstr (csl_paths_locale_dir (), !=, LOCALEDIR);
  g_assert_true (g_str_has_suffix (csl_paths_locale_dir (), "/po"));
  /* The zh_CN catalogue the build made is where gettext will look. */
  {
    g_autofree char *mo = g_build_filename (csl_paths_locale_dir (), "zh_CN", "LC_MESSAGES",
                                            GETTEXT_PACKAGE ".mo", NULL);
    g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
  }

  csl_paths_use_build_schemas ();
  {
    g_autofree char *compiled = g_build_filename (g_getenv ("GSETTINGS_SCHEMA_DIR"), "gschemas.compiled", NULL);
    g_assert_true (g_file_test (compiled, G_FILE_TEST_IS_REGULAR));
  }
}

static void
test_environment_wins (void)
{
  g_setenv ("CSL_FILER_PDF_HELPER", "/opt/elsewhere/helper", TRUE);
  g_setenv ("CSL_FILER_LOCALEDIR", "/opt/elsewhere/locale", TRUE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", "/opt/elsewhere/schemas", TRUE);

  g_assert_cmpstr (csl_paths_pdf_helper (), ==, "/opt/elsewhere/helper");
  g_assert_cmpstr (csl_paths_locale_dir (), ==, "/opt/elsewhere/locale");
  csl_paths_use_build_schemas ();
  g_assert_true (g_str_has_prefix (g_getenv ("GSETTINGS_SCHEMA_DIR"), "/opt/elsewhere/schemas:"));
}

static void
in_child (gconstpointer data)
{
  if (g_test_subprocess ())
    {
      ((GTestFunc) data) ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/paths/build-tree", test_build_tree, in_child);
  g_test_add_data_func ("/paths/environment-wins", test_environment_wins, in_child);
  return g_test_run ();
}
