#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/csl-atomic.h"
#include "csl-test-util.h"

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_commit (CslTestTmp    *tmp,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "out.bin", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *back = NULL;
  struct stat st;

  g_assert_true (csl_file_set_contents_atomic (path, "hello", 5, 0600, &error));
  g_assert_no_error (error);
  back = csl_test_read_file (path, NULL);
  g_assert_cmpstr (back, ==, "hello");
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpuint (count_entries (tmp->dir), ==, 1);
}

static void
test_abort_leaves_nothing (CslTestTmp    *tmp,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "out.bin", NULL);
  g_autoptr(GError) error = NULL;
  CslAtomicFile *file;

  g_assert_true (csl_file_set_contents_atomic (path, "old", 3, 0644, &error));
  file = csl_atomic_file_new (path, 0644, &error);
  g_assert_true (csl_atomic_file_write (file, "half-writ", 9, &error));
  g_assert_true (g_file_test (csl_atomic_file_get_temp_path (file), G_FILE_TEST_EXISTS));
  csl_atomic_file_free (file);   /* a failure before commit */
  {
    g_autofree char *back = csl_test_read_file (path, NULL);
    g_assert_cmpstr (back, ==, "old");
  }
  g_assert_cmpuint (count_entries (tmp->dir), ==, 1);
}

static void
test_missing_folder (CslTestTmp    *tmp,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "no", "such", "out.bin", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (csl_file_set_contents_atomic (path, "x", 1, 0644, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "such"));
}

/* A blob's name is its hash, known only once written: the temporary lives elsewhere. */
static void
test_commit_as (CslTestTmp    *tmp,
                gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (tmp->dir, "ab", NULL);
  g_autofree char *path = g_build_filename (sub, "abcdef", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *back = NULL;
  g_autofree char *temp_name = NULL;
  CslAtomicFile *file;

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  file = csl_atomic_file_new_in (tmp->dir, "blob", 0400, &error);
  g_assert_no_error (error);
  temp_name = g_path_get_basename (csl_atomic_file_get_temp_path (file));
  g_assert_true (csl_atomic_is_temp_name (temp_name));
  g_assert_false (csl_atomic_is_temp_name ("abcdef"));
  g_assert_true (csl_atomic_file_write (file, "blob!", 5, &error));
  g_assert_true (csl_atomic_file_commit_as (file, path, &error));
  g_assert_no_error (error);
  csl_atomic_file_free (file);

  back = csl_test_read_file (path, NULL);
  g_assert_cmpstr (back, ==, "blob!");
  /* Only the folder is left beside it: the temporary was renamed, not copied. */
  g_assert_cmpuint (count_entries (tmp->dir), ==, 1);
}

static char *
touch (const char *dir,
       const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, "partial", -1, NULL));
  return path;
}

/* A killed writer's temporary goes; a live writer's, another program's dot file and a pipe
 * under a temporary's name stay. */
static void
test_sweep_abandoned (CslTestTmp    *tmp,
                      gconstpointer  data)
{
  g_autofree char *target = g_build_filename (tmp->dir, "live.zip", NULL);
  g_autofree char *gone = touch (tmp->dir, ".old.zip.tmp-AB12CD");
  g_autofree char *other = touch (tmp->dir, ".notes.txt.tmp-AB12CD");
  g_autofree char *fifo = g_build_filename (tmp->dir, ".pipe.zip.tmp-AB12CD", NULL);
  g_autofree char *held = touch (tmp->dir, ".held.zip.tmp-AB12CD");
  g_autoptr(CslAtomicFile) live = NULL;
  g_autoptr(GError) error = NULL;
  int held_fd;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  /* A lock on a descriptor of its own, as a writer in another process holds it. */
  held_fd = g_open (held, O_RDONLY | O_CLOEXEC, 0);
  g_assert_cmpint (flock (held_fd, LOCK_EX), ==, 0);
  live = csl_atomic_file_new_locked (target, 0644, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (csl_atomic_sweep_abandoned (tmp->dir, ".zip"), ==, 1);
  g_assert_false (g_file_test (gone, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (csl_atomic_file_get_temp_path (live), G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (held, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fifo, G_FILE_TEST_EXISTS));

  /* Once its writer lets go, the held one is abandoned too; the live file still commits. */
  close (held_fd);
  g_assert_cmpuint (csl_atomic_sweep_abandoned (tmp->dir, ".zip"), ==, 1);
  g_assert_true (csl_atomic_file_write (live, "done", 4, &error));
  g_assert_true (csl_atomic_file_commit (live, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (target, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (csl_atomic_sweep_abandoned ("/nonexistent/folder", ".zip"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, CslTestTmp, NULL, csl_test_tmp_setup, fn, csl_test_tmp_teardown)
  ADD ("/atomic/commit", test_commit);
  ADD ("/atomic/abort", test_abort_leaves_nothing);
  ADD ("/atomic/missing-folder", test_missing_folder);
  ADD ("/atomic/commit-as", test_commit_as);
  ADD ("/atomic/sweep-abandoned", test_sweep_abandoned);
  return g_test_run ();
}
