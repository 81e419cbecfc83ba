/* Where the PDF helper runs: in a bubblewrap sandbox with no network, no user files and
 * read-only system folders, or a Flatpak sandbox made by the portal, or — where neither
 * works (containers that forbid user namespaces) — under its resource limits alone. */

#include "config.h"

#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csl-error.h"
#include "base/csl-paths.h"
#include "documents/csl-pdf-frame.h"
#include "documents/csl-pdf-helper.h"
#include "documents/csl-pdf.h"

/* A report of a few hundred pages takes seconds; these stop a file built to make poppler
 * spin or grow, long before the user gives up. Tests make them short. */
#define DEFAULT_TIMEOUT_SECONDS 120
#define DEFAULT_CPU_SECONDS     90
#define DEFAULT_MEMORY_MIB      1536
#define PROBE_TIMEOUT_SECONDS   20

const char *
csl_pdf_helper_path (void)
{
  return csl_paths_pdf_helper ();
}

static guint64
env_number (const char *name,
            guint64     fallback,
            guint64     max)
{
  const char *text = g_getenv (name);
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, max, &value, NULL))
    return fallback;
  return value;
}

void
csl_pdf_limits_get (CslPdfLimits *limits)
{
  const char *timeout = g_getenv ("CSL_FILER_PDF_TIMEOUT");
  char *end = NULL;
  double seconds = timeout ? g_ascii_strtod (timeout, &end) : 0;

  limits->timeout_seconds = end != NULL && *end == '\0' && seconds > 0 && seconds < 86400
                            ? seconds : DEFAULT_TIMEOUT_SECONDS;
  limits->cpu_seconds = (guint) env_number ("CSL_FILER_PDF_CPU_SECONDS", DEFAULT_CPU_SECONDS, 86400);
  limits->memory_mib = (guint) env_number ("CSL_FILER_PDF_MEMORY_MIB", DEFAULT_MEMORY_MIB, 1024 * 1024);
}

static void
add (GPtrArray  *argv,
     const char *arg)
{
  g_ptr_array_add (argv, g_strdup (arg));
}

static GStrv helper_environ (const CslPdfLimits *limits);

/* The system folders the helper and its libraries need, as this machine lays them out
 * (merged /usr or not), read-only; nothing of the user's. */
static void
add_bwrap_filesystem (GPtrArray  *argv,
                      const char *helper)
{
  static const char *const top_links[] = { "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32" };
  static const char *const ro_files[] = { "/etc/ld.so.cache", "/etc/fonts", "/var/cache/fontconfig" };

  add (argv, "--ro-bind");
  add (argv, "/usr");
  add (argv, "/usr");
  for (guint i = 0; i < G_N_ELEMENTS (top_links); i++)
    {
      g_autofree char *target = g_file_read_link (top_links[i], NULL);

      if (target != NULL)
        {
          add (argv, "--symlink");
          add (argv, target);
        }
      else
        add (argv, "--ro-bind-try");
      add (argv, top_links[i]);
      if (target == NULL)
        add (argv, top_links[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (ro_files); i++)
    {
      add (argv, "--ro-bind-try");
      add (argv, ro_files[i]);
      add (argv, ro_files[i]);
    }
  add (argv, "--proc");
  add (argv, "/proc");
  add (argv, "--dev");
  add (argv, "/dev");
  add (argv, "--tmpfs");
  add (argv, "/tmp");
  /* An uninstalled helper (tests, build-aux/run) lives outside /usr, maybe under /tmp: bound
   * after the empty /tmp, or that would hide it. */
  if (!g_str_has_prefix (helper, "/usr/"))
    {
      add (argv, "--ro-bind");
      add (argv, helper);
      add (argv, helper);
    }
  add (argv, "--chdir");
  add (argv, "/");
}

GStrv
csl_pdf_sandbox_argv (CslPdfSandbox       sandbox,
                      const CslPdfLimits *limits,
                      const char *const  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *helper = g_canonicalize_filename (csl_pdf_helper_path (), NULL);

  if (sandbox == CSL_PDF_SANDBOX_BWRAP)
    {
      g_autofree char *bwrap = g_find_program_in_path ("bwrap");

      add (argv, bwrap != NULL ? bwrap : "bwrap");
      /* No network, no IPC, own PIDs; killed with its parent; no terminal to push input into. */
      add (argv, "--unshare-all");
      add (argv, "--die-with-parent");
      add (argv, "--new-session");
      add (argv, "--cap-drop");
      add (argv, "ALL");
      add_bwrap_filesystem (argv, helper);
      add (argv, "--");
    }
  else if (sandbox == CSL_PDF_SANDBOX_FLATPAK)
    {
      g_auto(GStrv) envp = helper_environ (limits);

      g_autofree char *spawn = g_find_program_in_path ("flatpak-spawn");

      add (argv, spawn != NULL ? spawn : "flatpak-spawn");
      add (argv, "--sandbox");
      add (argv, "--no-network");
      add (argv, "--watch-bus");
      add (argv, "--clear-env");
      for (guint i = 0; envp[i] != NULL; i++)
        g_ptr_array_add (argv, g_strconcat ("--env=", envp[i], NULL));
    }
  add (argv, helper);
  g_ptr_array_add (argv, g_strdup ("--cpu-seconds"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", limits->cpu_seconds));
  g_ptr_array_add (argv, g_strdup ("--memory-mib"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", limits->memory_mib));
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    add (argv, args[i]);
  g_ptr_array_add (argv, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&argv), FALSE);
}

/* Only what the helper needs: the test hook and the sanitizers' settings. LSAN_OPTIONS is
 * left out: its suppression file is not inside the sandbox (the helper has its own). */
static GStrv
helper_environ (const CslPdfLimits *limits)
{
  static const char *const kept[] = { CSL_PDF_HELPER_TEST_ENV, "UBSAN_OPTIONS", "G_SLICE" };
  g_autoptr(GPtrArray) envp = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      const char *value = g_getenv (kept[i]);

      if (value != NULL)
        g_ptr_array_add (envp, g_strconcat (kept[i], "=", value, NULL));
    }
#ifdef CSL_PDF_ASAN
  {
    const char *asan = g_getenv ("ASAN_OPTIONS");

    g_ptr_array_add (envp, g_strdup_printf ("ASAN_OPTIONS=%s%shard_rss_limit_mb=%u", asan ? asan : "",
                                            asan && *asan ? ":" : "", limits->memory_mib));
  }
#endif
  g_ptr_array_add (envp, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&envp), FALSE);
}

/* flatpak-spawn reaches the Flatpak portal over the session bus, so it keeps this process's
 * environment; the helper's own comes through its --clear-env and --env= arguments. bwrap and
 * the helper alone get the helper's environment only. */
GStrv
csl_pdf_sandbox_environ (CslPdfSandbox       sandbox,
                         const CslPdfLimits *limits)
{
  if (sandbox == CSL_PDF_SANDBOX_FLATPAK)
    return g_get_environ ();
  return helper_environ (limits);
}

/* Runs the helper's "probe" under bubblewrap: the only sure way to learn whether this machine
 * lets bwrap make its namespaces, and whether the helper starts in there. */
static gboolean
bwrap_works (char **why)
{
  CslPdfLimits limits;
  const char *const args[] = { "probe", NULL };
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) envp = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bwrap = g_find_program_in_path ("bwrap");
  CslPdfRun run = { 0 };
  gboolean ok;
  int fd;

  if (bwrap == NULL)
    {
      *why = g_strdup ("bwrap is not installed");
      return FALSE;
    }
  csl_pdf_limits_get (&limits);
  argv = csl_pdf_sandbox_argv (CSL_PDF_SANDBOX_BWRAP, &limits, args);
  envp = csl_pdf_sandbox_environ (CSL_PDF_SANDBOX_BWRAP, &limits);
  fd = g_open ("/dev/null", O_RDONLY | O_CLOEXEC, 0);
  ok = csl_pdf_run_process ((const char *const *) argv, (const char *const *) envp, fd,
                            PROBE_TIMEOUT_SECONDS, 4096, NULL, &run, &error) &&
       run.exit_status == 0;
  if (!ok)
    *why = error != NULL ? g_strdup (error->message)
                         : g_strdup_printf ("exit status %d, signal %d: %.*s", run.exit_status, run.signal,
                                            (int) MIN (run.err->len, 500), run.err->len ? (const char *) run.err->data : "");
  csl_pdf_run_clear (&run);
  return ok;
}

/* What the probe found, once per process. */
static gsize probed;
static gboolean bwrap_ok;
static char *bwrap_why;

gboolean
csl_pdf_sandbox_choose (CslPdfSandbox  *sandbox,
                        GError        **error)
{
  const char *wanted = g_getenv ("CSL_FILER_PDF_SANDBOX");

  if (g_strcmp0 (wanted, "none") == 0)
    {
      *sandbox = CSL_PDF_SANDBOX_NONE;
      return TRUE;
    }
  if (g_strcmp0 (wanted, "flatpak") == 0 ||
      ((wanted == NULL || g_strcmp0 (wanted, "auto") == 0) && g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS)))
    {
      *sandbox = CSL_PDF_SANDBOX_FLATPAK;
      return TRUE;
    }
  if (g_once_init_enter (&probed))
    {
      bwrap_ok = bwrap_works (&bwrap_why);
      if (bwrap_ok)
        g_debug ("PDF helper: sandboxed with bubblewrap");
      else
        g_debug ("PDF helper: bubblewrap does not work here (%s); PDFs are read under resource limits only",
                 bwrap_why);
      g_once_init_leave (&probed, 1);
    }
  if (bwrap_ok)
    {
      *sandbox = CSL_PDF_SANDBOX_BWRAP;
      return TRUE;
    }
  if (g_strcmp0 (wanted, "bwrap") == 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_HELPER,
                   _("The PDF reader’s sandbox (bubblewrap) does not work on this machine: %s"), bwrap_why);
      return FALSE;
    }
  *sandbox = CSL_PDF_SANDBOX_NONE;
  return TRUE;
}

void
csl_pdf_probe_sandbox (void)
{
  CslPdfSandbox sandbox;

  csl_pdf_sandbox_choose (&sandbox, NULL);
}

char *
csl_pdf_describe_sandbox (void)
{
  g_autoptr(GError) error = NULL;
  CslPdfSandbox sandbox;

  if (!csl_pdf_sandbox_choose (&sandbox, &error))
    return g_strdup (error->message);
  switch (sandbox)
    {
    case CSL_PDF_SANDBOX_BWRAP:
      return g_strdup (_("PDFs are read by a separate program in a bubblewrap sandbox, with limits on time and memory."));
    case CSL_PDF_SANDBOX_FLATPAK:
      return g_strdup (_("PDFs are read by a separate program in a Flatpak sandbox, with limits on time and memory."));
    case CSL_PDF_SANDBOX_NONE:
    default:
      if (g_strcmp0 (g_getenv ("CSL_FILER_PDF_SANDBOX"), "none") == 0 || bwrap_why == NULL)
        return g_strdup (_("PDFs are read by a separate program with limits on time and memory, without a sandbox "
                           "(CSL_FILER_PDF_SANDBOX=none)."));
      return g_strdup_printf (_("PDFs are read by a separate program with limits on time and memory, without a "
                                "sandbox: bubblewrap does not work on this machine (%s)."), bwrap_why);
    }
}
