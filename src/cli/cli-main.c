#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/csl-paths.h"
#include "cli-common.h"
#include "base/csl-date.h"

static const CliCommand *const tables[] = {
  cli_catalogue_commands,
  cli_manufacturer_commands,
  cli_owner_commands,
  cli_lab_commands,
  cli_product_commands,
  cli_filing_commands,
  cli_attachment_commands,
  cli_document_commands,
  cli_label_commands,
  cli_lifecycle_commands,
  cli_deadlines_commands,
  cli_bundle_commands,
  cli_identity_commands,
  cli_import_commands,
  cli_update_commands,
  cli_standard_commands,
  cli_team_commands,
  cli_workspace_commands,
};

/* g_print() flushes stdout after every call: a list of 100 000 filings would be 100 000 writes.
 * This prints the same and leaves the flushing to stdio. */
static void
print_buffered (const char *string)
{
  cli_write_stdout (string, strlen (string));
}

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: csl-filer-cli [--workspace DIR] COMMAND [OPTIONS…]"));
  fprintf (out, "%s\n", _("Prepare China Cybersecurity Label filings from the command line."));
  fprintf (out, "\n%s\n", _("Commands:"));
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (const CliCommand *c = tables[t]; c->group != NULL; c++)
      {
        g_autofree char *name = c->verb ? g_strdup_printf ("%s %s", c->group, c->verb) : g_strdup (c->group);
        fprintf (out, "  %-24s %s\n", name, _(c->summary));
      }
  fprintf (out, "\n%s\n", _("Options:"));
  fprintf (out, "  %-24s %s\n", "--workspace DIR", _("Workspace folder (default: $CSL_FILER_WORKSPACE or ~/.local/share/csl-filer)"));
  fprintf (out, "  %-24s %s\n", "--workspace URI", _("Team workspace on a PostgreSQL server: a libpq URI (postgresql://…) or conninfo (service=…, host=…)"));
  fprintf (out, "  %-24s %s\n", "--version", _("Show the program version"));
  fprintf (out, "\n%s\n", _("Dates are YYYY-MM-DD. Exit status: 0 success, 1 failed check, 2 bad usage or input."));
}

/* A command of one word (verb NULL), such as "deadlines", takes its options right after it. */
static const CliCommand *
find_command (const char *group,
              const char *verb,
              gboolean   *group_known)
{
  *group_known = FALSE;
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (const CliCommand *c = tables[t]; c->group != NULL; c++)
      if (g_strcmp0 (c->group, group) == 0)
        {
          *group_known = TRUE;
          if (c->verb == NULL || g_strcmp0 (c->verb, verb) == 0)
            return c;
        }
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  CliContext ctx = { 0 };
  const CliCommand *command;
  gboolean group_known;
  g_autofree char *name = NULL;
  int i = 1, status;

  setlocale (LC_ALL, "");
  /* From the build tree when run from it (CSL_FILER_LOCALEDIR overrides). */
  bindtextdomain (GETTEXT_PACKAGE, csl_paths_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* Lines still come out one by one on a terminal, where stdio buffers by line. */
  if (!isatty (STDOUT_FILENO))
    setvbuf (stdout, NULL, _IOFBF, 64 * 1024);
  g_set_print_handler (print_buffered);

  for (; i < argc && g_str_has_prefix (argv[i], "-"); i++)
    {
      if (strcmp (argv[i], "--workspace") == 0 && i + 1 < argc)
        ctx.workspace_dir = argv[++i];
      else if (g_str_has_prefix (argv[i], "--workspace="))
        ctx.workspace_dir = argv[i] + strlen ("--workspace=");
      else if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          print_help (stdout);
          return CLI_EXIT_OK;
        }
      else if (strcmp (argv[i], "--version") == 0)
        {
          g_print ("csl-filer-cli %s\n", PACKAGE_VERSION);
          return CLI_EXIT_OK;
        }
      else
        {
          g_printerr (_("csl-filer-cli: unknown option “%s”\n"), argv[i]);
          print_help (stderr);
          return CLI_EXIT_BAD_INPUT;
        }
    }

  if (i >= argc)
    {
      print_help (stderr);
      return CLI_EXIT_BAD_INPUT;
    }

  command = find_command (argv[i], i + 1 < argc ? argv[i + 1] : NULL, &group_known);
  if (command == NULL)
    {
      if (group_known && i + 1 >= argc)
        g_printerr (_("csl-filer-cli: “%s” needs a command after it\n"), argv[i]);
      else if (group_known)
        g_printerr (_("csl-filer-cli: “%s” has no command “%s”\n"), argv[i], argv[i + 1]);
      else
        g_printerr (_("csl-filer-cli: unknown command “%s”\n"), argv[i]);
      print_help (stderr);
      return CLI_EXIT_BAD_INPUT;
    }
  if (command->verb == NULL)
    i--;

  name = command->verb ? g_strdup_printf ("%s %s", command->group, command->verb) : g_strdup (command->group);
  ctx.command = name;
  ctx.today = csl_date_today ();
  /* argv[i + 1] (the verb, or a one-word command itself) becomes the handler's argv[0]. */
  status = command->handler (&ctx, argc - (i + 1), argv + i + 1);
  errno = 0;
  g_clear_object (&ctx.ws);
  g_free (ctx.today);
  /* What stdio still holds must reach its file: a full disk is a failure, not a short list. */
  /* ferror(): a write that failed earlier, in a chunk already gone, fails the command too. */
  if ((fflush (stdout) != 0 || ferror (stdout)) && status == CLI_EXIT_OK)
    {
      g_printerr (_("csl-filer-cli: cannot write the output: %s\n"), errno ? g_strerror (errno) : _("write error"));
      status = CLI_EXIT_BAD_INPUT;
    }
  return status;
}
