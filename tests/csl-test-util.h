#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>

/* The suites' second pass (build-aux/test) runs them on a throwaway PostgreSQL server: every
 * workspace folder opened becomes a schema there (store/csl-workspace-handle.c). */
static inline gboolean
csl_test_on_server (void)
{
  const char *server = g_getenv ("CSL_TEST_PG");

  return server != NULL && *server != '\0';
}

/* For a test about SQLite files themselves: skipped on the server, with why. */
#define CSL_TEST_SKIP_ON_SERVER(reason) \
  G_STMT_START { if (csl_test_on_server ()) { g_test_skip (reason); return; } } G_STMT_END

/* A temporary folder for one test, removed with everything in it when the test ends. */
static inline void
csl_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            csl_test_rm_rf (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

static inline char *
csl_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("csl-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

typedef struct
{
  char *dir;
} CslTestTmp;

static inline void
csl_test_tmp_setup (CslTestTmp    *tmp,
                    gconstpointer  data)
{
  tmp->dir = csl_test_make_tmpdir ();
}

static inline void
csl_test_tmp_teardown (CslTestTmp    *tmp,
                       gconstpointer  data)
{
  csl_test_rm_rf (tmp->dir);
  g_free (tmp->dir);
}

static inline char *
csl_test_read_file (const char *path,
                    gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);
  return contents;
}
