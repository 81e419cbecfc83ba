#include "config.h"

#include <glib/gi18n.h>

#include "cli-common.h"
#include "workspace/csl-workspace-copy.h"

static int
workspace_copy (CliContext  *ctx,
                int          argc,
                char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *bytes = NULL;
  CslCopyReport report = { 0 };
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The workspace to copy: a folder or a postgresql:// address"),
      N_("DIR_OR_URI") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("An empty workspace to copy it into (a folder is created)"),
      N_("DIR_OR_URI") },
    { NULL }
  };
  int code;

  if (!cli_parse (ctx, entries, NULL,
                  _("Copy a whole workspace, records, history and documents, from a folder to a team workspace or "
                    "back; the copy is checked record by record and document by document."), &argc, &argv, &code))
    return code;
  if (argc > 1)
    return cli_usage (ctx, _("unexpected argument “%s”"), argv[1]);
  if (!cli_require (ctx, from, "--from", &code) || !cli_require (ctx, to, "--to", &code))
    return code;
  if (!csl_workspace_copy (from, to, &report, NULL, &error))
    return cli_error (ctx, error);
  bytes = g_format_size (report.document_bytes);
  /* TRANSLATORS: the counts of what a workspace copy moved, then its destination. */
  g_print (_("Copied %u manufacturers, %u products, %u filings and %u documents (%s), %llu records in all, "
             "to %s; every count and SHA-256 checked.\n"),
           report.manufacturers, report.products, report.filings, report.documents, bytes,
           (unsigned long long) report.rows, to);
  return CLI_EXIT_OK;
}

const CliCommand cli_workspace_commands[] = {
  { "workspace", "copy", workspace_copy, N_("Copy a workspace to another, a team workspace or a folder") },
  { NULL }
};
