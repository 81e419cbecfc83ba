#include "config.h"

#include <glib/gi18n.h>

#include "cli-common.h"
#include "records/csl-lab.h"
#include "records/csl-serialize.h"

static int
lab_add (CliContext  *ctx,
         int          argc,
         char       **argv)
{
  g_autoptr(CslLab) lab = csl_lab_new ();
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &lab->name, N_("Name of the testing lab"), N_("NAME") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &lab->kind, N_("in-house or third-party"), N_("KIND") },
    { "accreditation", 0, 0, G_OPTION_ARG_STRING, &lab->accreditation_no, N_("Accreditation or qualification number"), N_("NO") },
    { "accredited-until", 0, 0, G_OPTION_ARG_STRING, &lab->accredited_until, N_("Last day of the accreditation"), N_("DATE") },
    { "barred-until", 0, 0, G_OPTION_ARG_STRING, &lab->barred_until, N_("Barred by announcement until (Art. 16)"), N_("DATE") },
    { NULL }
  };
  int code;

  if (!cli_parse (ctx, entries, NULL, _("Add a testing lab; prints its id."), &argc, &argv, &code))
    return code;
  if (argc > 1)
    return cli_usage (ctx, _("unexpected argument “%s”"), argv[1]);
  if (!cli_require (ctx, lab->name, "--name", &code) || !cli_require (ctx, lab->kind, "--kind", &code))
    return code;
  if (!csl_lab_validate (lab, &error) || !cli_open_workspace (ctx, &error) ||
      csl_lab_add (ctx->ws, lab, &error) == 0)
    return cli_error (ctx, error);
  cli_print_id (lab->id);
  return CLI_EXIT_OK;
}

static GPtrArray *
load_labs (CliContext  *ctx,
           GError     **error)
{
  return csl_lab_list (ctx->ws, error);
}

static void
print_lab (gpointer item)
{
  CslLab *lab = item;

  g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\n", lab->id, lab->kind, cli_text (lab->name),
           lab->accreditation_no ? cli_text (lab->accreditation_no) : "-",
           lab->accredited_until ? lab->accredited_until : "-");
}

static int
lab_list (CliContext  *ctx,
          int          argc,
          char       **argv)
{
  return cli_run_list (ctx, argc, argv, _("List the testing labs in the workspace."), NULL,
                       load_labs, (CliJsonFunc) csl_json_add_lab, print_lab);
}

const CliCommand cli_lab_commands[] = {
  { "lab", "add", lab_add, N_("Add a testing lab") },
  { "lab", "list", lab_list, N_("List testing labs") },
  { NULL }
};
