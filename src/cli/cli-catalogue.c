#include "config.h"

#include <glib/gi18n.h>

#include "cli-common.h"
#include "records/csl-catalogue.h"
#include "records/csl-serialize.h"

static GPtrArray *
load_categories (CliContext  *ctx,
                 GError     **error)
{
  return csl_catalogue_list (ctx->ws, error);
}

static void
print_category (gpointer item)
{
  CslCategory *c = item;
  g_autofree char *months = c->validity_months > 0
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d month", "%d months", c->validity_months), c->validity_months)
    : g_strdup (_("validity not published"));

  g_print ("%s\t%s / %s\t%s\t%s\n", cli_text (c->serial), c->name_zh ? cli_text (c->name_zh) : "",
           c->name_en ? cli_text (c->name_en) : "", cli_text (c->batch_code), months);
}

static int
catalogue_list (CliContext  *ctx,
                int          argc,
                char       **argv)
{
  return cli_run_list (ctx, argc, argv, _("List the catalogue categories in the workspace."), NULL,
                       load_categories, (CliJsonFunc) csl_json_add_category, print_category);
}

static int
catalogue_import (CliContext  *ctx,
                  int          argc,
                  char       **argv)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  int code;

  if (!cli_parse (ctx, entries, _("FILE"), _("Validate a catalogue batch file and apply it in one transaction."),
                  &argc, &argv, &code))
    return code;
  if (argc != 2)
    return cli_usage (ctx, _("expected one catalogue file"));
  if (!cli_open_workspace (ctx, &error) || !csl_catalogue_import_file (ctx->ws, argv[1], &error))
    return cli_error (ctx, error);
  return CLI_EXIT_OK;
}

const CliCommand cli_catalogue_commands[] = {
  { "catalogue", "list", catalogue_list, N_("List catalogue categories") },
  { "catalogue", "import", catalogue_import, N_("Import a catalogue batch file") },
  { NULL }
};
