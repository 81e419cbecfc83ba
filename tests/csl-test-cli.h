#pragma once

#include <gio/gio.h>
#include <string.h>

/* Runs csl-filer-cli with --workspace and the given arguments, as a user would. */

/* valgrind's --error-exitcode in the 'valgrind' test setup (tests/meson.build). */
#define CSL_CLI_WRAPPER_ERROR_STATUS 99
typedef struct
{
  int   status;
  char *out;
  char *err;
} CslCliResult;

static inline void
csl_cli_result_clear (CslCliResult *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

static inline CslCliResult
csl_cli_runv (const char         *workspace,
              const char         *stdin_text,
              const char *const  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  CslCliResult r = { 0 };
  const char *cli = g_getenv ("CSL_FILER_CLI");
  const char *wrapper = g_getenv ("CSL_FILER_CLI_WRAPPER");
  g_auto(GStrv) wrap = NULL;

  g_assert_nonnull (cli);
  /* The valgrind test setup runs every CLI call under memcheck (meson test --setup valgrind). */
  if (wrapper != NULL && *wrapper != '\0')
    {
      g_assert_true (g_shell_parse_argv (wrapper, NULL, &wrap, &error));
      for (guint i = 0; wrap[i] != NULL; i++)
        g_ptr_array_add (argv, wrap[i]);
    }
  g_ptr_array_add (argv, (gpointer) cli);
  if (workspace != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--workspace");
      g_ptr_array_add (argv, (gpointer) workspace);
    }
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        G_SUBPROCESS_FLAGS_STDIN_PIPE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, stdin_text, NULL, &r.out, &r.err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (proc))
    g_error ("csl-filer-cli %s %s was killed by signal %d:\n%s", args[0], args[1] ? args[1] : "",
             g_subprocess_get_term_sig (proc), r.err);
  r.status = g_subprocess_get_exit_status (proc);
  if (wrap != NULL && r.status == CSL_CLI_WRAPPER_ERROR_STATUS)
    g_error ("memcheck found errors in csl-filer-cli %s %s:\n%s", args[0], args[1] ? args[1] : "", r.err);
  return r;
}

#define csl_cli_run(ws, ...) csl_cli_runv ((ws), NULL, (const char *const[]) { __VA_ARGS__, NULL })

/* Runs a command that must succeed and print an id alone on stdout. */
static inline char *
csl_cli_run_id (const char        *workspace,
                const char *const *args)
{
  CslCliResult r = csl_cli_runv (workspace, NULL, args);
  char *id;

  if (r.status != 0)
    g_error ("%s %s failed (%d): %s", args[0], args[1], r.status, r.err);
  id = g_strdup (g_strstrip (r.out));
  g_assert_true (g_ascii_isdigit (id[0]));
  for (const char *p = id; *p; p++)
    g_assert_true (g_ascii_isdigit (*p));
  csl_cli_result_clear (&r);
  return id;
}

#define csl_cli_id(ws, ...) csl_cli_run_id ((ws), (const char *const[]) { __VA_ARGS__, NULL })
