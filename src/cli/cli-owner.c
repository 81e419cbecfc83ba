#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "cli-common.h"
#include "records/csl-owner.h"
#include "records/csl-serialize.h"

static int
owner_set (CliContext  *ctx,
           int          argc,
           char       **argv)
{
  g_autoptr(CslOwner) owner = g_new0 (CslOwner, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *manufacturer = NULL;
  gboolean agent = FALSE;
  const GOptionEntry entries[] = {
    { "manufacturer", 0, 0, G_OPTION_ARG_STRING, &manufacturer, N_("The workspace belongs to this manufacturer"), N_("ID") },
    { "agent", 0, 0, G_OPTION_ARG_NONE, &agent, N_("The workspace belongs to an agent filing for manufacturers"), NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &owner->agent_name, N_("Agent’s name"), N_("NAME") },
    { "uscc", 0, 0, G_OPTION_ARG_STRING, &owner->agent_uscc, N_("Agent’s Unified Social Credit Code"), N_("CODE") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &owner->agent_address, N_("Agent’s address"), N_("TEXT") },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &owner->agent_contact, N_("Agent’s contact person"), N_("NAME") },
    { NULL }
  };
  int code;

  if (!cli_parse (ctx, entries, NULL, _("Say who keeps this workspace: a manufacturer or an agent."), &argc, &argv, &code))
    return code;
  if (argc > 1)
    return cli_usage (ctx, _("unexpected argument “%s”"), argv[1]);
  if ((manufacturer != NULL) == agent)
    return cli_usage (ctx, _("give either --manufacturer ID or --agent --name NAME"));
  if (manufacturer != NULL)
    {
      owner->kind = g_strdup ("manufacturer");
      if (!cli_parse_id (manufacturer, "--manufacturer", &owner->manufacturer_id, &error))
        return cli_error (ctx, error);
    }
  else
    owner->kind = g_strdup ("agent");
  if (!cli_open_workspace (ctx, &error) || !csl_owner_set (ctx->ws, owner, &error))
    return cli_error (ctx, error);
  return CLI_EXIT_OK;
}

static int
owner_show (CliContext  *ctx,
            int          argc,
            char       **argv)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  g_autoptr(CslOwner) owner = NULL;
  int code;

  if (!cli_parse (ctx, entries, NULL, _("Show who keeps this workspace."), &argc, &argv, &code))
    return code;
  if (!cli_open_workspace (ctx, &error) || (owner = csl_owner_get (ctx->ws, &error)) == NULL)
    return cli_error (ctx, error);
  if (owner->kind == NULL)
    g_print ("%s\n", _("No owner set (see “owner set”)."));
  else if (csl_owner_is_agent (owner))
    g_print (_("Agent: %s %s\n"), cli_text (owner->agent_name), owner->agent_uscc ? cli_text (owner->agent_uscc) : "");
  else
    g_print (_("Manufacturer %" PRId64 "\n"), owner->manufacturer_id);
  return CLI_EXIT_OK;
}

static int
authorization_add (CliContext  *ctx,
                   int          argc,
                   char       **argv)
{
  g_autoptr(CslAuthorization) a = g_new0 (CslAuthorization, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *manufacturer = NULL;
  const GOptionEntry entries[] = {
    { "manufacturer", 0, 0, G_OPTION_ARG_STRING, &manufacturer, N_("Manufacturer that signed the letter"), N_("ID") },
    { "letter", 0, 0, G_OPTION_ARG_STRING, &a->letter_ref, N_("Reference of the letter of authorisation"), N_("REF") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &a->valid_from, N_("First day the authorisation is valid"), N_("DATE") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &a->valid_until, N_("Last day the authorisation is valid"), N_("DATE") },
    { NULL }
  };
  int code;

  if (!cli_parse (ctx, entries, NULL, _("Record a manufacturer’s letter of authorisation (Art. 8(7)); prints its id."),
                  &argc, &argv, &code))
    return code;
  if (!cli_require (ctx, manufacturer, "--manufacturer", &code) ||
      !cli_require (ctx, a->letter_ref, "--letter", &code) ||
      !cli_require (ctx, a->valid_from, "--from", &code) ||
      !cli_require (ctx, a->valid_until, "--until", &code))
    return code;
  if (!cli_parse_id (manufacturer, "--manufacturer", &a->manufacturer_id, &error) ||
      !cli_open_workspace (ctx, &error) || csl_authorization_add (ctx->ws, a, &error) == 0)
    return cli_error (ctx, error);
  cli_print_id (a->id);
  return CLI_EXIT_OK;
}

static GPtrArray *
load_authorizations (CliContext  *ctx,
                     GError     **error)
{
  return csl_authorization_list (ctx->ws, 0, error);
}

static void
print_authorization (gpointer item)
{
  CslAuthorization *a = item;

  g_print ("%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\t%s..%s\n",
           a->id, a->manufacturer_id, cli_text (a->letter_ref), a->valid_from, a->valid_until);
}

static int
authorization_list (CliContext  *ctx,
                    int          argc,
                    char       **argv)
{
  return cli_run_list (ctx, argc, argv, _("List letters of authorisation."), NULL,
                       load_authorizations, (CliJsonFunc) csl_json_add_authorization, print_authorization);
}

const CliCommand cli_owner_commands[] = {
  { "owner", "set", owner_set, N_("Set who keeps this workspace") },
  { "owner", "show", owner_show, N_("Show who keeps this workspace") },
  { "authorization", "add", authorization_add, N_("Record a letter of authorisation") },
  { "authorization", "list", authorization_list, N_("List letters of authorisation") },
  { NULL }
};
