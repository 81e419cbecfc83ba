#include "config.h"

#include <glib/gi18n.h>

#include "cli-common.h"
#include "base/csl-error.h"
#include "records/csl-manufacturer.h"
#include "records/csl-serialize.h"

static int
manufacturer_add (CliContext  *ctx,
                  int          argc,
                  char       **argv)
{
  g_autoptr(CslManufacturer) m = csl_manufacturer_new ();
  g_autoptr(GError) error = NULL;
  char *name = NULL, *name_zh = NULL, *name_en = NULL;
  gboolean accept = FALSE;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Legal name (Chinese or English)"), N_("NAME") },
    { "name-zh", 0, 0, G_OPTION_ARG_STRING, &name_zh, N_("Legal name in Chinese"), N_("NAME") },
    { "name-en", 0, 0, G_OPTION_ARG_STRING, &name_en, N_("Legal name in English"), N_("NAME") },
    { "uscc", 0, 0, G_OPTION_ARG_STRING, &m->uscc, N_("Unified Social Credit Code (18 characters)"), N_("CODE") },
    { "accept-check-digit", 0, 0, G_OPTION_ARG_NONE, &accept, N_("Accept a USCC whose check character does not match"), NULL },
    { "address", 0, 0, G_OPTION_ARG_STRING, &m->address, N_("Registered address"), N_("TEXT") },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &m->contact, N_("Contact person"), N_("NAME") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &m->phone, N_("Phone number"), N_("NUMBER") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &m->email, N_("E-mail address"), N_("ADDRESS") },
    { NULL }
  };
  int code;

  if (!cli_parse (ctx, entries, NULL, _("Add a manufacturer; prints its id."), &argc, &argv, &code))
    return code;
  if (argc > 1)
    return cli_usage (ctx, _("unexpected argument “%s”"), argv[1]);
  if (name != NULL)
    cli_assign_name (name, &name_zh, &name_en);
  m->name_zh = name_zh;
  m->name_en = name_en;
  m->uscc_check_accepted = accept;
  if (!cli_require (ctx, m->name_zh ? m->name_zh : m->name_en, "--name", &code) ||
      !cli_require (ctx, m->uscc, "--uscc", &code))
    return code;
  if (!cli_open_workspace (ctx, &error) || csl_manufacturer_add (ctx->ws, m, &error) == 0)
    {
      code = cli_error (ctx, error);
      if (g_error_matches (error, CSL_ERROR, CSL_ERROR_CHECK_DIGIT))
        g_printerr ("%s\n", _("Use --accept-check-digit to keep the code as written."));
      return code;
    }
  cli_print_id (m->id);
  return CLI_EXIT_OK;
}

static GPtrArray *
load_manufacturers (CliContext  *ctx,
                    GError     **error)
{
  return csl_manufacturer_list (ctx->ws, error);
}

static void
print_manufacturer (gpointer item)
{
  CslManufacturer *m = item;

  g_print ("%" G_GINT64_FORMAT "\t%s\t%s%s\n", m->id, cli_text (m->uscc), cli_text (csl_manufacturer_display_name (m)),
           m->uscc_check_accepted ? _(" (check digit accepted)") : "");
}

static int
manufacturer_list (CliContext  *ctx,
                   int          argc,
                   char       **argv)
{
  return cli_run_list (ctx, argc, argv, _("List the manufacturers in the workspace."), NULL,
                       load_manufacturers, (CliJsonFunc) csl_json_add_manufacturer, print_manufacturer);
}

const CliCommand cli_manufacturer_commands[] = {
  { "manufacturer", "add", manufacturer_add, N_("Add a manufacturer") },
  { "manufacturer", "list", manufacturer_list, N_("List manufacturers") },
  { NULL }
};
