#include "config.h"

#include <glib/gi18n.h>

#include "cli-common.h"
#include "records/csl-audit.h"
#include "records/csl-audit-text.h"
#include "base/csl-error.h"
#include "lifecycle/csl-lifecycle.h"
#include "records/csl-product.h"
#include "lifecycle/csl-refiling.h"

/* One filing id and nothing else after the options; opens the workspace. */
static gboolean
one_id (CliContext  *ctx,
        int          argc,
        char       **argv,
        const char  *what,
        gint64      *id,
        int         *code)
{
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    {
      *code = cli_usage (ctx, _("expected one %s id"), what);
      return FALSE;
    }
  if (!cli_parse_id (argv[1], what, id, &error) || !cli_open_workspace (ctx, &error))
    {
      *code = cli_error (ctx, error);
      return FALSE;
    }
  return TRUE;
}

static int
filing_ready (CliContext  *ctx,
              int          argc,
              char       **argv)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  gint64 id;
  int code;

  if (!cli_parse (ctx, entries, _("ID"),
                  _("Mark a draft ready for packaging once “filing check” finds nothing missing. "
                    "Exit status 1 when the check fails."), &argc, &argv, &code) ||
      !one_id (ctx, argc, argv, _("filing"), &id, &code))
    return code;
  if (!csl_lifecycle_mark_ready (ctx->ws, id, ctx->today, &error))
    {
      cli_error (ctx, error);
      return g_error_matches (error, CSL_ERROR, CSL_ERROR_INCOMPLETE) ? CLI_EXIT_CHECK_FAILED : CLI_EXIT_BAD_INPUT;
    }
  return CLI_EXIT_OK;
}

static int
filing_reopen (CliContext  *ctx,
               int          argc,
               char       **argv)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  gint64 id;
  int code;

  if (!cli_parse (ctx, entries, _("ID"),
                  _("Take a ready, packaged or submitted filing back to draft to change it (its bundle is discarded)."),
                  &argc, &argv, &code) ||
      !one_id (ctx, argc, argv, _("filing"), &id, &code))
    return code;
  if (!csl_lifecycle_reopen (ctx->ws, id, &error))
    return cli_error (ctx, error);
  return CLI_EXIT_OK;
}

static gboolean
record_submitted (CliContext  *ctx,
                  gint64       id,
                  gpointer     date,
                  GError     **error)
{
  return csl_lifecycle_mark_submitted (ctx->ws, id, date, error);
}

static int
filing_record (CliContext  *ctx,
               int          argc,
               char       **argv)
{
  g_autofree char *submitted = NULL, *filed = NULL, *filed_on = NULL, *valid_from = NULL, *valid_until = NULL;
  CliSelection selection = { 0 };
  const GOptionEntry entries[] = {
    { "submitted", 0, 0, G_OPTION_ARG_STRING, &submitted, N_("Date the packaged filing was submitted"), N_("DATE") },
    { "filed", 0, 0, G_OPTION_ARG_STRING, &filed, N_("Filing number the agency gave"), N_("NUMBER") },
    { "filed-on", 0, 0, G_OPTION_ARG_STRING, &filed_on, N_("Date the filing was completed"), N_("DATE") },
    { "valid-from", 0, 0, G_OPTION_ARG_STRING, &valid_from, N_("First day the label is valid (default: the filing date)"), N_("DATE") },
    { "valid-until", 0, 0, G_OPTION_ARG_STRING, &valid_until, N_("Last day the label is valid (default: from the catalogue’s validity period)"), N_("DATE") },
    CLI_SELECTION_ENTRIES (selection),
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 id;
  int code;

  if (!cli_parse (ctx, entries, _("ID…"),
                  _("Record the submission (--submitted, of one filing or several) or the completed filing "
                    "(--filed … --filed-on …, of one) of a filing."),
                  &argc, &argv, &code))
    goto done;
  if (submitted == NULL && filed == NULL)
    code = cli_usage (ctx, _("give --submitted DATE, or --filed NUMBER --filed-on DATE"));
  else if (filed != NULL && filed_on == NULL)
    code = cli_usage (ctx, _("--filed-on is required with --filed"));
  else if (filed == NULL && (filed_on || valid_from || valid_until))
    code = cli_usage (ctx, _("--filed-on, --valid-from and --valid-until go with --filed"));
  else if (filed == NULL)
    {
      /* Submissions go in bulk: one date for every filing sent in one batch. */
      if ((ids = cli_select_filings (ctx, &selection, argc, argv, &code)) != NULL)
        code = cli_for_each_filing (ctx, ids, record_submitted, submitted);
    }
  else if (selection.all)
    code = cli_usage (ctx, _("--filed takes one filing: its number is its own"));
  else if (one_id (ctx, argc, argv, _("filing"), &id, &code))
    {
      CslFiledInfo info = { filed, filed_on, valid_from, valid_until };

      if ((submitted != NULL && !csl_lifecycle_mark_submitted (ctx->ws, id, submitted, &error)) ||
          !csl_lifecycle_mark_filed (ctx->ws, id, &info, &error))
        code = cli_error (ctx, error);
      else
        code = CLI_EXIT_OK;
    }
done:
  cli_selection_clear (&selection);
  return code;
}

static int
filing_revoke (CliContext  *ctx,
               int          argc,
               char       **argv)
{
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the agency revoked the filing"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  gint64 id;
  int code;

  if (!cli_parse (ctx, entries, _("ID"), _("Record that the filing agency revoked a filing (Art. 14-16)."),
                  &argc, &argv, &code) ||
      !cli_require (ctx, reason, "--reason", &code) ||
      !one_id (ctx, argc, argv, _("filing"), &id, &code))
    return code;
  if (!csl_lifecycle_revoke (ctx->ws, id, reason, &error))
    return cli_error (ctx, error);
  return CLI_EXIT_OK;
}

static gboolean
refile_one (CliContext  *ctx,
            gint64       id,
            gpointer     several,
            GError     **error)
{
  g_autoptr(GPtrArray) dropped = NULL;
  gint64 new_id = csl_refiling_refile (ctx->ws, id, &dropped, error);

  if (new_id == 0)
    return FALSE;
  for (guint i = 0; i < dropped->len; i++)
    if (several)
      {
        g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

        g_printerr (_("filing %s: not carried over: %s\n"), number, (const char *) dropped->pdata[i]);
      }
    else
      g_printerr (_("Not carried over: %s\n"), (const char *) dropped->pdata[i]);
  if (several)
    g_print ("%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\n", id, new_id);
  else
    cli_print_id (new_id);
  return TRUE;
}

static int
filing_refile (CliContext  *ctx,
               int          argc,
               char       **argv)
{
  CliSelection selection = { 0 };
  const GOptionEntry entries[] = {
    CLI_SELECTION_ENTRIES (selection),
    { NULL }
  };
  g_autoptr(GArray) ids = NULL;
  int code;

  if (cli_parse (ctx, entries, _("ID…"),
                 _("Start the re-filing of filed, re-filing due, expired or revoked filings (Art. 10): a new draft "
                   "with the same product, grade, labs, standards and the still-valid materials; prints its id "
                   "(with several filings, the old and the new id a line)."),
                 &argc, &argv, &code) &&
      (ids = cli_select_filings (ctx, &selection, argc, argv, &code)) != NULL)
    code = cli_for_each_filing (ctx, ids, refile_one, GUINT_TO_POINTER (ids->len > 1));
  cli_selection_clear (&selection);
  return code;
}

static int
filing_history (CliContext  *ctx,
                int          argc,
                char       **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  gint64 id;
  int code;

  if (!cli_parse (ctx, entries, _("ID"), _("Show the audit trail of a filing and its product."), &argc, &argv, &code) ||
      !one_id (ctx, argc, argv, _("filing"), &id, &code))
    return code;
  if ((history = csl_audit_list_for_filing (ctx->ws, id, &error)) == NULL)
    return cli_error (ctx, error);
  if (!json)
    {
      /* Sentences, as the app's history shows them; --json keeps the raw fields. */
      for (guint i = 0; i < history->len; i++)
        {
          CslAuditEntry *e = history->pdata[i];
          g_autofree char *what = NULL;
          g_autofree char *byline = NULL;
          g_autofree char *detail = NULL;

          if (csl_audit_entry_is_navigation (e))
            continue;
          what = csl_audit_entry_describe (e);
          byline = csl_audit_entry_byline (e);
          detail = csl_audit_entry_detail (e);
          g_print ("%s\n    %s\n", cli_text (what), cli_text (byline));
          if (detail != NULL)
            g_print ("    %s\n", cli_text (detail));
        }
      return CLI_EXIT_OK;
    }
  b = json_builder_new ();
  json_builder_begin_array (b);
  for (guint i = 0; i < history->len; i++)
    csl_json_add_audit_entry (b, history->pdata[i]);
  json_builder_end_array (b);
  cli_print_json (b);
  return CLI_EXIT_OK;
}

static gboolean
apply_params (CslProduct  *p,
              GStrv        params,
              GError     **error)
{
  for (guint i = 0; params && params[i]; i++)
    {
      CslParam *param = NULL;

      if (!csl_param_parse (params[i], &param, error))
        return FALSE;
      /* NAME= with nothing after it removes the parameter. */
      csl_product_set_param (p, param->name, *param->value ? param->value : NULL);
      csl_param_free (param);
    }
  return TRUE;
}

static void
set_if_given (char       **field,
              const char  *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

static int
product_update (CliContext  *ctx,
                int          argc,
                char       **argv)
{
  g_autofree char *firmware = NULL, *hardware = NULL, *support = NULL;
  g_auto(GStrv) params = NULL;
  const GOptionEntry entries[] = {
    { "firmware", 0, 0, G_OPTION_ARG_STRING, &firmware, N_("New firmware version"), N_("VERSION") },
    { "hardware", 0, 0, G_OPTION_ARG_STRING, &hardware, N_("New hardware version"), N_("VERSION") },
    { "param", 0, 0, G_OPTION_ARG_STRING_ARRAY, &params, N_("Set a key technical parameter; NAME= removes it (repeatable)"), N_("NAME=VALUE") },
    { "support-until", 0, 0, G_OPTION_ARG_STRING, &support, N_("Last day of security support"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CslProduct) p = NULL;
  g_autoptr(GArray) due = NULL;
  gint64 id;
  int code;

  if (!cli_parse (ctx, entries, _("ID"),
                  _("Change a product. A new hardware or firmware version or key parameter turns its filed filings "
                    "“re-filing due” at once (Art. 10)."), &argc, &argv, &code))
    return code;
  if (!firmware && !hardware && !params && !support)
    return cli_usage (ctx, _("nothing to change: give --firmware, --hardware, --param or --support-until"));
  if (!one_id (ctx, argc, argv, _("product"), &id, &code))
    return code;
  if ((p = csl_product_get (ctx->ws, id, &error)) == NULL)
    return cli_error (ctx, error);
  set_if_given (&p->firmware_version, firmware);
  set_if_given (&p->hardware_version, hardware);
  set_if_given (&p->support_until, support);
  if (!apply_params (p, params, &error) || !csl_refiling_update_product (ctx->ws, p, &due, &error))
    return cli_error (ctx, error);
  for (guint i = 0; i < due->len; i++)
    g_print (_("Filing %lld is now due for re-filing (Art. 10)\n"), (long long) g_array_index (due, gint64, i));
  return CLI_EXIT_OK;
}

const CliCommand cli_lifecycle_commands[] = {
  { "filing", "ready", filing_ready, N_("Mark a checked draft ready for packaging") },
  { "filing", "reopen", filing_reopen, N_("Take a filing back to draft") },
  { "filing", "record", filing_record, N_("Record a submission or a completed filing") },
  { "filing", "revoke", filing_revoke, N_("Record a revocation") },
  { "filing", "refile", filing_refile, N_("Start re-filing a filing") },
  { "filing", "history", filing_history, N_("Show a filing’s audit trail") },
  { "product", "update", product_update, N_("Change a product (Art. 10 re-filing)") },
  { NULL }
};
