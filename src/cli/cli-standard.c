#include "config.h"

#include <glib/gi18n.h>

#include "cli-common.h"
#include "lifecycle/csl-standards.h"

static int
standard_replace (CliContext  *ctx,
                  int          argc,
                  char       **argv)
{
  g_autofree char *by = NULL, *from = NULL;
  const GOptionEntry entries[] = {
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("The standard that replaces it"), N_("NUMBER") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The day the new standard applies from"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) affected = NULL;
  int code;

  if (!cli_parse (ctx, entries, _("OLD"),
                  _("Record that a basis standard is replaced: the filings that cite OLD are due for re-filing from "
                    "DATE (shown by “deadlines”), and their re-filings cite NEW in place of OLD. Prints the ids of "
                    "those filings, one a line."),
                  &argc, &argv, &code))
    return code;
  if (argc != 2)
    return cli_usage (ctx, _("expected the number of the standard that is replaced"));
  if (!cli_require (ctx, by, "--by", &code) || !cli_require (ctx, from, "--from", &code))
    return code;
  if (!cli_open_workspace (ctx, &error) ||
      !csl_standard_replace (ctx->ws, argv[1], by, from, &affected, &error))
    return cli_error (ctx, error);
  for (guint i = 0; i < affected->len; i++)
    cli_print_id (g_array_index (affected, gint64, i));
  /* TRANSLATORS: how many filings, the old standard, the date. */
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u filing cites %s: due for re-filing from %s.\n",
                           "%u filings cite %s: due for re-filing from %s.\n", affected->len),
              affected->len, argv[1], from);
  return CLI_EXIT_OK;
}

const CliCommand cli_standard_commands[] = {
  { "standard", "replace", standard_replace, N_("Replace a basis standard by another from a date") },
  { NULL }
};
