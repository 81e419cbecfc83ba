#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>

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
