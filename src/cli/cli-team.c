#include "config.h"

#include <glib/gi18n.h>

#include "cli-common.h"
#include "cli-password.h"
#include "store/csl-team.h"

static int
team_init (CliContext  *ctx,
           int          argc,
           char       **argv)
{
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = { { NULL } };
  int code;

  if (!cli_parse (ctx, entries, NULL,
                  _("Create the team workspace's schema, the group roles admin, filer and viewer with what each "
                    "may do, and row-level security; run by the database's owner."), &argc, &argv, &code))
    return code;
  if (argc > 1)
    return cli_usage (ctx, _("unexpected argument “%s”"), argv[1]);
  if (!cli_open_workspace (ctx, &error) || !csl_team_init (ctx->ws, &error))
    return cli_error (ctx, error);
  return CLI_EXIT_OK;
}

static int
team_add_user (CliContext  *ctx,
               int          argc,
               char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *role = NULL;
  g_autofree char *password_file = NULL;
  g_auto(GStrv) manufacturers = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(CslPassword) password = NULL;
  gboolean ask_password = FALSE;
  const GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("admin, filer or viewer"), N_("ROLE") },
    { "manufacturer", 0, 0, G_OPTION_ARG_STRING_ARRAY, &manufacturers,
      N_("Limit to this manufacturer's records (repeatable; default: all)"), N_("ID") },
    { "password", 0, 0, G_OPTION_ARG_NONE, &ask_password,
      N_("Set a login password, read from standard input"), NULL },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("Set the login password from the first line of FILE"), N_("FILE") },
    { NULL }
  };
  int code;

  if (!cli_parse (ctx, entries, _("NAME"),
                  _("Add a person as a PostgreSQL login role in a group role; a filer or viewer given "
                    "manufacturers sees and changes only theirs."), &argc, &argv, &code))
    return code;
  if (argc != 2)
    return cli_usage (ctx, _("give one user name"));
  if (!cli_require (ctx, role, "--role", &code))
    return code;
  for (guint i = 0; manufacturers && manufacturers[i]; i++)
    {
      gint64 id;

      if (!cli_parse_id (manufacturers[i], "--manufacturer", &id, &error))
        return cli_error (ctx, error);
      g_array_append_val (ids, id);
    }
  if ((ask_password || password_file) &&
      (password = cli_read_password (password_file, _("Password for the new user: "), &error)) == NULL)
    return cli_error (ctx, error);
  if (!cli_open_workspace (ctx, &error) ||
      !csl_team_add_user (ctx->ws, argv[1], role, (const gint64 *) ids->data, ids->len, password, &error))
    return cli_error (ctx, error);
  return CLI_EXIT_OK;
}

static int
team_list (CliContext  *ctx,
           int          argc,
           char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  int code;

  if (!cli_parse (ctx, entries, NULL, _("List the people of the team workspace, their roles and manufacturers."),
                  &argc, &argv, &code))
    return code;
  if (argc > 1)
    return cli_usage (ctx, _("unexpected argument “%s”"), argv[1]);
  if (!cli_open_workspace (ctx, &error) || (members = csl_team_list (ctx->ws, &error)) == NULL)
    return cli_error (ctx, error);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < members->len; i++)
        {
          CslTeamMember *m = members->pdata[i];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, m->name);
          json_builder_set_member_name (b, "role");
          json_builder_add_string_value (b, m->role);
          json_builder_set_member_name (b, "manufacturers");
          json_builder_begin_array (b);
          for (guint j = 0; j < m->manufacturers->len; j++)
            json_builder_add_int_value (b, g_array_index (m->manufacturers, gint64, j));
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      cli_print_json (b);
      return CLI_EXIT_OK;
    }
  for (guint i = 0; i < members->len; i++)
    {
      CslTeamMember *m = members->pdata[i];
      g_autoptr(GString) ids = g_string_new (NULL);

      for (guint j = 0; j < m->manufacturers->len; j++)
        g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, j ? "," : "", g_array_index (m->manufacturers, gint64, j));
      g_print ("%s\t%s\t%s\n", cli_text (m->name), m->role, ids->len ? ids->str : "*");
    }
  return CLI_EXIT_OK;
}

const CliCommand cli_team_commands[] = {
  { "team", "init", team_init, N_("Set up a team workspace's roles and permissions") },
  { "team", "add-user", team_add_user, N_("Add a person to the team workspace") },
  { "team", "list", team_list, N_("List the team workspace's people") },
  { NULL }
};
