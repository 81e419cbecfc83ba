/* The PDF helper as the app meets it: a PDF that makes it crash, hang, spin, eat memory or talk
 * nonsense ends in CSL_ERROR_PDF_HELPER for that file, quickly, and the next file is read as
 * usual — with and without the bubblewrap sandbox. The helper's test hook
 * (CSL_FILER_PDF_HELPER_TEST) stands in for the hostile PDF. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "base/csl-error.h"
#include "documents/csl-pdf.h"
#include "documents/csl-pdf-frame.h"
#include "documents/csl-pdf-helper.h"
#include "documents/csl-store.h"
#include "csl-test-filing.h"
#include "csl-test-util.h"

#define POISON "%CSL-POISON"

typedef struct
{
  const char *hook;
  const char *fragment;
  const char *timeout;
  const char *cpu_seconds;
} Case;

/* Each case leaves only its own limit within reach, so the one it is about trips first
 * however slow the machine: the spinning helper gets time to reach its processor-time limit
 * on a busy machine, and the growing one enough processor time (filling 300 MiB takes a
 * fraction of a second, several under a sanitizer or with both cores busy) to reach its
 * memory limit. */
static const Case cases[] = {
  { "crash", "crashed", "10", "1" },
  { "hang", "took longer than 1.5 s", "1.5", "1" },
  { "spin", "processor time", "30", "1" },
  { "oom", "ran out of memory", "120", "100" },
  { "garbage", "makes no sense", "10", "1" },
  { "bad-json", "makes no sense", "10", "1" },
  { "flood", "more data", "10", "1" },
};

/* Short limits, so that hanging and spinning end within seconds. */
static void
set_short_limits (const Case *c)
{
  g_setenv ("CSL_FILER_PDF_TIMEOUT", c->timeout, TRUE);
  g_setenv ("CSL_FILER_PDF_CPU_SECONDS", c->cpu_seconds, TRUE);
  g_setenv ("CSL_FILER_PDF_MEMORY_MIB", "300", TRUE);
}

static void
clear_limits (void)
{
  g_unsetenv ("CSL_FILER_PDF_TIMEOUT");
  g_unsetenv ("CSL_FILER_PDF_CPU_SECONDS");
  g_unsetenv ("CSL_FILER_PDF_MEMORY_MIB");
  g_unsetenv ("CSL_FILER_PDF_HELPER_TEST");
}

static void
assert_helper_error (const GError *error,
                     const char   *name,
                     const char   *fragment)
{
  g_assert_error (error, CSL_ERROR, CSL_ERROR_PDF_HELPER);
  if (strstr (error->message, name) == NULL || strstr (error->message, fragment) == NULL)
    g_error ("expected “%s” and “%s” in: %s", name, fragment, error->message);
}

static void
run_cases (CslTestTmp *tmp,
           const char *sandbox)
{
  g_autofree char *path = g_build_filename (tmp->dir, "report.pdf", NULL);

  g_setenv ("CSL_FILER_PDF_SANDBOX", sandbox, TRUE);
  csl_test_make_pdf1 (path, "A perfectly fine report");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) thumb_error = NULL;
      g_autoptr(GError) next_error = NULL;
      g_autoptr(CslPdfInfo) info = NULL;
      g_autoptr(CslPdfInfo) next = NULL;
      cairo_surface_t *thumb;

      g_test_message ("%s sandbox, hook %s", sandbox, cases[i].hook);
      set_short_limits (&cases[i]);
      g_setenv ("CSL_FILER_PDF_HELPER_TEST", cases[i].hook, TRUE);
      info = csl_pdf_inspect (path, "report.pdf", CSL_PDF_DEFAULT_MAX_SIZE, CSL_PDF_INSPECT_TEXT, NULL, &error);
      g_assert_null (info);
      assert_helper_error (error, "report.pdf", cases[i].fragment);

      thumb = csl_pdf_render_thumbnail (path, "report.pdf", 120, NULL, &thumb_error);
      g_assert_null (thumb);
      assert_helper_error (thumb_error, "report.pdf", cases[i].fragment);

      /* The app carries on: the same file reads as usual without the hook. */
      clear_limits ();
      next = csl_pdf_inspect (path, "report.pdf", CSL_PDF_DEFAULT_MAX_SIZE, CSL_PDF_INSPECT_TEXT, NULL, &next_error);
      g_assert_no_error (next_error);
      g_assert_cmpint (next->n_pages, ==, 1);
      csl_test_assert_mentions (next->text, "A perfectly fine report");
    }
  g_unsetenv ("CSL_FILER_PDF_SANDBOX");
}

static void
test_hooks_sandboxed (CslTestTmp    *tmp,
                      gconstpointer  data)
{
  run_cases (tmp, "auto");
}

static void
test_hooks_unsandboxed (CslTestTmp    *tmp,
                        gconstpointer  data)
{
  run_cases (tmp, "none");
}

/* Whether this machine lets bubblewrap make its namespaces (some containers do not). */
static gboolean
bwrap_works_here (void)
{
  g_autofree char *bwrap = g_find_program_in_path ("bwrap");
  const char *argv[] = { NULL, "--unshare-all", "--ro-bind", "/", "/", "true", NULL };
  int status = -1;

  if (bwrap == NULL)
    return FALSE;
  argv[0] = bwrap;
  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                       NULL) && status == 0;
}

/* Where bubblewrap works, demanding it works too; where it does not, demanding it is a clear
 * error rather than a silent fallback. */
static void
test_sandbox_demanded (CslTestTmp    *tmp,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "report.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslPdfInfo) info = NULL;

  csl_test_make_pdf1 (path, "Sandboxed");
  g_setenv ("CSL_FILER_PDF_SANDBOX", "bwrap", TRUE);
  info = csl_pdf_inspect (path, "report.pdf", CSL_PDF_DEFAULT_MAX_SIZE, CSL_PDF_INSPECT_DEFAULT, NULL, &error);
  g_unsetenv ("CSL_FILER_PDF_SANDBOX");
  if (bwrap_works_here ())
    {
      g_assert_no_error (error);
      g_assert_cmpint (info->n_pages, ==, 1);
    }
  else
    {
      g_test_message ("bubblewrap does not work here");
      g_assert_error (error, CSL_ERROR, CSL_ERROR_PDF_HELPER);
      g_assert_nonnull (strstr (error->message, "bubblewrap"));
    }
}

/* A helper that is not there is an error on the file, not a crash of the app. */
static void
test_missing_helper (CslTestTmp    *tmp,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "report.pdf", NULL);
  g_autofree char *saved = g_strdup (g_getenv ("CSL_FILER_PDF_HELPER"));
  g_autofree char *missing = g_build_filename (tmp->dir, "no-such-helper", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslPdfInfo) info = NULL;

  csl_test_make_pdf1 (path, "text");
  g_setenv ("CSL_FILER_PDF_HELPER", missing, TRUE);
  g_setenv ("CSL_FILER_PDF_SANDBOX", "none", TRUE);
  info = csl_pdf_inspect (path, "report.pdf", CSL_PDF_DEFAULT_MAX_SIZE, CSL_PDF_INSPECT_DEFAULT, NULL, &error);
  if (saved != NULL)
    g_setenv ("CSL_FILER_PDF_HELPER", saved, TRUE);
  else
    g_unsetenv ("CSL_FILER_PDF_HELPER");
  g_unsetenv ("CSL_FILER_PDF_SANDBOX");
  g_assert_null (info);
  assert_helper_error (error, "report.pdf", "did not start");
}

typedef struct
{
  const char   *path;
  GCancellable *cancellable;
  GError       *error;
  CslPdfInfo   *info;
  GMainLoop    *loop;
} CancelJob;

static gpointer
inspect_in_thread (gpointer data)
{
  CancelJob *job = data;

  job->info = csl_pdf_inspect (job->path, "report.pdf", CSL_PDF_DEFAULT_MAX_SIZE, CSL_PDF_INSPECT_TEXT,
                               job->cancellable, &job->error);
  g_main_loop_quit (job->loop);
  return NULL;
}

static gboolean
cancel_job (gpointer data)
{
  g_cancellable_cancel (((CancelJob *) data)->cancellable);
  return G_SOURCE_REMOVE;
}

/* Cancelling a hanging helper from another thread stops it at once (far before the timeout). */
static void
test_cancel_running (CslTestTmp    *tmp,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "report.pdf", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  CancelJob job = { path, cancellable, NULL, NULL, loop };
  GThread *thread;

  csl_test_make_pdf1 (path, "text");
  g_setenv ("CSL_FILER_PDF_HELPER_TEST", "hang", TRUE);
  g_setenv ("CSL_FILER_PDF_TIMEOUT", "600", TRUE);
  thread = g_thread_new ("inspect", inspect_in_thread, &job);
  g_timeout_add (200, cancel_job, &job);
  g_main_loop_run (loop);
  g_thread_join (thread);
  clear_limits ();
  g_assert_null (job.info);
  g_assert_error (job.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&job.error);
}

/* One poisoned document among good ones: it alone is refused, with nothing of it left in the
 * store, and the filing gets the others. */
static void
test_store_carries_on (CslTestTmp    *tmp,
                       gconstpointer  data)
{
  g_autofree char *ws_dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *good = g_build_filename (tmp->dir, "good.pdf", NULL);
  g_autofree char *other = g_build_filename (tmp->dir, "other.pdf", NULL);
  g_autofree char *poison = g_build_filename (tmp->dir, "poison.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GByteArray) poisoned = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  CslStoreSweepResult swept = { 0 };
  CslTestFiling t = { 0 };
  CslAttachment *a;
  gsize len = 0;

  csl_test_filing_open (&t, ws_dir, FALSE);
  csl_test_make_pdf1 (good, "First report");
  csl_test_make_pdf1 (other, "Second report");
  g_assert_true (g_file_get_contents (good, &contents, &len, NULL));
  /* Past the end-of-file marker, where readers ignore it. */
  g_byte_array_append (poisoned, (const guint8 *) contents, (guint) len);
  g_byte_array_append (poisoned, (const guint8 *) POISON "\n", sizeof POISON);
  g_assert_true (g_file_set_contents (poison, (const char *) poisoned->data, poisoned->len, NULL));
  g_setenv ("CSL_FILER_PDF_HELPER_TEST", "crash:" POISON, TRUE);

  a = csl_store_attach (t.ws, t.filing, CSL_MATERIAL_TEST_REPORT, good, CSL_PDF_DEFAULT_MAX_SIZE, NULL, &error);
  g_assert_no_error (error);
  csl_attachment_free (a);
  a = csl_store_attach (t.ws, t.filing, CSL_MATERIAL_OTHER, poison, CSL_PDF_DEFAULT_MAX_SIZE, NULL, &error);
  g_assert_null (a);
  assert_helper_error (error, "poison.pdf", "crashed");
  g_clear_error (&error);
  a = csl_store_attach (t.ws, t.filing, CSL_MATERIAL_OTHER, other, CSL_PDF_DEFAULT_MAX_SIZE, NULL, &error);
  g_assert_no_error (error);
  csl_attachment_free (a);
  g_unsetenv ("CSL_FILER_PDF_HELPER_TEST");

  list = csl_store_list (t.ws, t.filing, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  problems = csl_store_verify (t.ws, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  /* The refused copy was removed at once: a sweep finds nothing. */
  g_assert_true (csl_store_sweep (t.ws, &swept, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (swept.temp_files, ==, 0);
  g_assert_cmpuint (swept.orphan_blobs, ==, 0);
  csl_test_filing_close (&t);
}

/* The sandbox mounts an empty /tmp: a helper that lives under /tmp (a build tree in a clone
 * there, as CI may make) must still be visible inside it. */
static void
test_sandbox_helper_in_tmp (CslTestTmp    *tmp,
                            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "report.pdf", NULL);
  g_autofree char *dir = g_strdup ("/tmp/csl-helper-XXXXXX");
  g_autofree char *helper = NULL;
  g_autofree char *old_helper = g_strdup (g_getenv ("CSL_FILER_PDF_HELPER"));
  g_autoptr(GFile) from = g_file_new_for_path (csl_pdf_helper_path ());
  g_autoptr(GFile) to = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CslPdfInfo) info = NULL;

  if (!bwrap_works_here ())
    {
      g_test_skip ("bubblewrap does not work here");
      return;
    }
  g_assert_nonnull (g_mkdtemp (dir));
  helper = g_build_filename (dir, "csl-filer-pdf-helper", NULL);
  to = g_file_new_for_path (helper);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (helper, 0755), ==, 0);
  csl_test_make_pdf1 (path, "Helper under /tmp");

  g_setenv ("CSL_FILER_PDF_HELPER", helper, TRUE);
  g_setenv ("CSL_FILER_PDF_SANDBOX", "bwrap", TRUE);
  info = csl_pdf_inspect (path, "report.pdf", CSL_PDF_DEFAULT_MAX_SIZE, CSL_PDF_INSPECT_TEXT, NULL, &error);
  g_unsetenv ("CSL_FILER_PDF_SANDBOX");
  if (old_helper != NULL)
    g_setenv ("CSL_FILER_PDF_HELPER", old_helper, TRUE);
  else
    g_unsetenv ("CSL_FILER_PDF_HELPER");
  g_remove (helper);
  g_rmdir (dir);

  g_assert_no_error (error);
  g_assert_cmpint (info->n_pages, ==, 1);
  g_assert_nonnull (strstr (info->text, "Helper under /tmp"));
}

/* The About window tells whether PDFs are sandboxed on this machine, and why not. */
static void
test_sandbox_described (void)
{
  g_autofree char *off = NULL;
  g_autofree char *chosen = NULL;

  g_setenv ("CSL_FILER_PDF_SANDBOX", "none", TRUE);
  off = csl_pdf_describe_sandbox ();
  g_unsetenv ("CSL_FILER_PDF_SANDBOX");
  g_assert_nonnull (strstr (off, "without a sandbox (CSL_FILER_PDF_SANDBOX=none)"));

  chosen = csl_pdf_describe_sandbox ();
  g_test_message ("%s", chosen);
  if (bwrap_works_here ())
    g_assert_nonnull (strstr (chosen, "in a bubblewrap sandbox"));
  else
    g_assert_nonnull (strstr (chosen, "bubblewrap does not work on this machine"));
}

/* Inside Flatpak, flatpak-spawn needs the session bus to reach the portal, while the helper it
 * starts gets only its own short environment. */
static void
test_flatpak_environ (void)
{
  const char *const args[] = { "inspect", NULL };
  g_autofree char *old_bus = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  g_auto(GStrv) spawn_env = NULL;
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) bwrap_env = NULL;
  CslPdfLimits limits;
  gboolean clear_env = FALSE, hook = FALSE;

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus", TRUE);
  g_setenv (CSL_PDF_HELPER_TEST_ENV, "crash:NEVER-IN-A-PDF", TRUE);
  csl_pdf_limits_get (&limits);
  spawn_env = csl_pdf_sandbox_environ (CSL_PDF_SANDBOX_FLATPAK, &limits);
  argv = csl_pdf_sandbox_argv (CSL_PDF_SANDBOX_FLATPAK, &limits, args);
  bwrap_env = csl_pdf_sandbox_environ (CSL_PDF_SANDBOX_BWRAP, &limits);
  g_unsetenv (CSL_PDF_HELPER_TEST_ENV);
  if (old_bus != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", old_bus, TRUE);
  else
    g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");

  g_assert_cmpstr (g_environ_getenv (spawn_env, "DBUS_SESSION_BUS_ADDRESS"), ==, "unix:path=/run/user/1000/bus");
  g_assert_null (g_environ_getenv (bwrap_env, "DBUS_SESSION_BUS_ADDRESS"));
  g_assert_cmpstr (g_environ_getenv (bwrap_env, CSL_PDF_HELPER_TEST_ENV), ==, "crash:NEVER-IN-A-PDF");
  for (guint i = 0; argv[i] != NULL; i++)
    {
      clear_env |= g_str_equal (argv[i], "--clear-env");
      hook |= g_str_equal (argv[i], "--env=" CSL_PDF_HELPER_TEST_ENV "=crash:NEVER-IN-A-PDF");
      g_assert_false (g_str_has_prefix (argv[i], "--env=DBUS_SESSION_BUS_ADDRESS"));
    }
  g_assert_true (clear_env);
  g_assert_true (hook);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/pdf-helper/hooks-sandboxed", CslTestTmp, NULL, csl_test_tmp_setup, test_hooks_sandboxed,
              csl_test_tmp_teardown);
  g_test_add ("/pdf-helper/hooks-unsandboxed", CslTestTmp, NULL, csl_test_tmp_setup, test_hooks_unsandboxed,
              csl_test_tmp_teardown);
  g_test_add ("/pdf-helper/sandbox-helper-in-tmp", CslTestTmp, NULL, csl_test_tmp_setup, test_sandbox_helper_in_tmp,
              csl_test_tmp_teardown);
  g_test_add_func ("/pdf-helper/sandbox-described", test_sandbox_described);
  g_test_add_func ("/pdf-helper/flatpak-environ", test_flatpak_environ);
  g_test_add ("/pdf-helper/sandbox-demanded", CslTestTmp, NULL, csl_test_tmp_setup, test_sandbox_demanded,
              csl_test_tmp_teardown);
  g_test_add ("/pdf-helper/missing-helper", CslTestTmp, NULL, csl_test_tmp_setup, test_missing_helper,
              csl_test_tmp_teardown);
  g_test_add ("/pdf-helper/cancel-running", CslTestTmp, NULL, csl_test_tmp_setup, test_cancel_running,
              csl_test_tmp_teardown);
  g_test_add ("/pdf-helper/store-carries-on", CslTestTmp, NULL, csl_test_tmp_setup, test_store_carries_on,
              csl_test_tmp_teardown);
  return g_test_run ();
}
