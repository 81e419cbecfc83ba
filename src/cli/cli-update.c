#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "cli-common.h"
#include "base/csl-error.h"
#include "records/csl-filing.h"
#include "records/csl-lab.h"
#include "records/csl-manufacturer.h"

/* "X update ID": the record is loaded, the options given replace their fields (an empty value
 * clears an optional one), and the result goes through the same core function, checks and audit
 * as the app's editors. */

static gboolean
parse_record_arg (CliContext  *ctx,
                  int          argc,
                  char       **argv,
                  const char  *what,
                  gint64      *id,
                  int         *code)
{
  g_autoptr(GError) error = NULL;

  if (argc < 2)
    {
      *code = cli_usage (ctx, _("expected the id of the record to change"));
      return FALSE;
    }
  if (argc > 2)
    {
      *code = cli_usage (ctx, _("unexpected argument “%s”"), cli_text (argv[2]));
      return FALSE;
    }
  if (!cli_parse_id (argv[1], what, id, &error))
    {
      *code = cli_error (ctx, error);
      return FALSE;
    }
  return TRUE;
}

/* Replaces *field with value when the option was given. */
static void
take (char **field,
      char  *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  *field = value;
}

static int
nothing_to_change (CliContext *ctx)
{
  return cli_usage (ctx, _("nothing to change: give at least one option"));
}

static int
manufacturer_update (CliContext  *ctx,
                     int          argc,
                     char       **argv)
{
  g_autoptr(CslManufacturer) m = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL, *name_zh = NULL, *name_en = NULL, *uscc = NULL;
  g_autofree char *address = NULL, *contact = NULL, *phone = NULL, *email = NULL;
  gboolean accept = FALSE;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Legal name (Chinese or English, by its script)"), N_("NAME") },
    { "name-zh", 0, 0, G_OPTION_ARG_STRING, &name_zh, N_("Legal name in Chinese"), N_("NAME") },
    { "name-en", 0, 0, G_OPTION_ARG_STRING, &name_en, N_("Legal name in English"), N_("NAME") },
    { "uscc", 0, 0, G_OPTION_ARG_STRING, &uscc, N_("Unified Social Credit Code (18 characters)"), N_("CODE") },
    { "accept-check-digit", 0, 0, G_OPTION_ARG_NONE, &accept, N_("Accept a USCC whose check character does not match"), NULL },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, N_("Registered address"), N_("TEXT") },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &contact, N_("Contact person"), N_("NAME") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("Phone number"), N_("NUMBER") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("E-mail address"), N_("ADDRESS") },
    { NULL }
  };
  gint64 id;
  int code;

  if (!cli_parse (ctx, entries, _("ID"), _("Change a manufacturer; an empty value clears an optional field."),
                  &argc, &argv, &code) ||
      !parse_record_arg (ctx, argc, argv, _("Manufacturer"), &id, &code))
    return code;
  if (name == NULL && name_zh == NULL && name_en == NULL && uscc == NULL && !accept && address == NULL &&
      contact == NULL && phone == NULL && email == NULL)
    return nothing_to_change (ctx);
  if (name != NULL)
    cli_assign_name (g_steal_pointer (&name), &name_zh, &name_en);
  if (!cli_open_workspace (ctx, &error) || (m = csl_manufacturer_get (ctx->ws, id, &error)) == NULL)
    return cli_error (ctx, error);
  take (&m->name_zh, g_steal_pointer (&name_zh));
  take (&m->name_en, g_steal_pointer (&name_en));
  /* A new code is judged by itself: an accepted check digit of the old one does not carry over. */
  if (uscc != NULL)
    m->uscc_check_accepted = accept;
  else if (accept)
    m->uscc_check_accepted = TRUE;
  take (&m->uscc, g_steal_pointer (&uscc));
  take (&m->address, g_steal_pointer (&address));
  take (&m->contact, g_steal_pointer (&contact));
  take (&m->phone, g_steal_pointer (&phone));
  take (&m->email, g_steal_pointer (&email));
  if (!csl_manufacturer_update (ctx->ws, m, &error))
    {
      code = cli_error (ctx, error);
      if (g_error_matches (error, CSL_ERROR, CSL_ERROR_CHECK_DIGIT))
        g_printerr ("%s\n", _("Use --accept-check-digit to keep the code as written."));
      return code;
    }
  return CLI_EXIT_OK;
}

static int
lab_update (CliContext  *ctx,
            int          argc,
            char       **argv)
{
  g_autoptr(CslLab) lab = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL, *kind = NULL, *accreditation = NULL, *until = NULL;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Name of the testing lab"), N_("NAME") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("in-house or third-party"), N_("KIND") },
    { "accreditation", 0, 0, G_OPTION_ARG_STRING, &accreditation, N_("Accreditation or qualification number"), N_("NO") },
    { "accredited-until", 0, 0, G_OPTION_ARG_STRING, &until, N_("Last day of the accreditation"), N_("DATE") },
    { NULL }
  };
  gint64 id;
  int code;

  if (!cli_parse (ctx, entries, _("ID"), _("Change a testing lab; an empty value clears an optional field. "
                                           "A bar is set with “lab bar”."), &argc, &argv, &code) ||
      !parse_record_arg (ctx, argc, argv, _("Lab"), &id, &code))
    return code;
  if (name == NULL && kind == NULL && accreditation == NULL && until == NULL)
    return nothing_to_change (ctx);
  if (!cli_open_workspace (ctx, &error) || (lab = csl_lab_get (ctx->ws, id, &error)) == NULL)
    return cli_error (ctx, error);
  take (&lab->name, g_steal_pointer (&name));
  take (&lab->kind, g_steal_pointer (&kind));
  take (&lab->accreditation_no, g_steal_pointer (&accreditation));
  take (&lab->accredited_until, g_steal_pointer (&until));
  if (!csl_lab_update (ctx->ws, lab, &error))
    return cli_error (ctx, error);
  return CLI_EXIT_OK;
}

/* An id option: "" or "none" clears it. */
static gboolean
parse_optional_id (const char  *text,
                   const char  *option,
                   gint64      *out,
                   GError     **error)
{
  if (text == NULL)
    return TRUE;
  if (*text == '\0' || g_strcmp0 (text, "none") == 0)
    {
      *out = 0;
      return TRUE;
    }
  return cli_parse_id (text, option, out, error);
}

static int
filing_update (CliContext  *ctx,
               int          argc,
               char       **argv)
{
  g_autoptr(CslFiling) f = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *grade = NULL, *lab = NULL, *pentest_lab = NULL, *filed_by = NULL;
  g_autofree char *report_number = NULL, *report_date = NULL;
  g_auto(GStrv) standards = NULL;
  gint64 if_version = 0;
  const GOptionEntry entries[] = {
    { "grade", 0, 0, G_OPTION_ARG_STRING, &grade, N_("1 (Basic), 2 (Enhanced) or 3 (Leading)"), N_("GRADE") },
    { "lab", 0, 0, G_OPTION_ARG_STRING, &lab, N_("Testing lab id (“none”: not chosen yet)"), N_("ID") },
    { "pentest-lab", 0, 0, G_OPTION_ARG_STRING, &pentest_lab,
      N_("Third-party penetration test lab id (Three-Star; “none” removes it)"), N_("ID") },
    { "filed-by", 0, 0, G_OPTION_ARG_STRING, &filed_by, N_("manufacturer, or agent when an agent files"), N_("WHO") },
    { "report-number", 0, 0, G_OPTION_ARG_STRING, &report_number, N_("Test report number"), N_("NUMBER") },
    { "report-date", 0, 0, G_OPTION_ARG_STRING, &report_date, N_("Test report date"), N_("DATE") },
    { "standard", 0, 0, G_OPTION_ARG_STRING_ARRAY, &standards,
      N_("Basis standard number (repeatable; replaces the list, “” empties it)"), N_("NUMBER") },
    { "if-version", 0, 0, G_OPTION_ARG_INT64, &if_version,
      N_("Refuse (a conflict) unless the filing is still at this version (“filing show”)"), N_("N") },
    { NULL }
  };
  gint64 id;
  int code;

  if (!cli_parse (ctx, entries, _("ID"), _("Change a draft filing; an empty value clears an optional field. "
                                           "A filing past draft is reopened first (“filing reopen”)."),
                  &argc, &argv, &code) ||
      !parse_record_arg (ctx, argc, argv, _("Filing"), &id, &code))
    return code;
  if (grade == NULL && lab == NULL && pentest_lab == NULL && filed_by == NULL && report_number == NULL &&
      report_date == NULL && standards == NULL && if_version == 0)
    return nothing_to_change (ctx);
  if (!cli_open_workspace (ctx, &error) || (f = csl_filing_get (ctx->ws, id, &error)) == NULL)
    return cli_error (ctx, error);
  /* A script that read the filing earlier says which version it read; the save then checks
   * that one, not the version just loaded, so a colleague's save in between is a conflict. */
  if (if_version > 0)
    f->version = if_version;
  /* As in the app: what was checked, packaged or sent stays as it was until it is reopened. */
  if (csl_filing_get_status (f) != CSL_STATUS_DRAFT)
    {
      g_set_error (&error, CSL_ERROR, CSL_ERROR_STATE,
                   _("Filing %" PRId64 " is %s; only a draft can be changed (see “filing reopen”)"),
                   id, csl_filing_status_label (csl_filing_get_status (f)));
      return cli_error (ctx, error);
    }
  if (grade != NULL)
    {
      CslGrade g;

      if (!csl_grade_parse (grade, &g, &error))
        return cli_error (ctx, error);
      f->grade = g;
    }
  if (!parse_optional_id (lab, "--lab", &f->lab_id, &error) ||
      !parse_optional_id (pentest_lab, "--pentest-lab", &f->pentest_lab_id, &error))
    return cli_error (ctx, error);
  if (filed_by != NULL)
    {
      g_free (f->filed_by);
      f->filed_by = g_steal_pointer (&filed_by);
    }
  take (&f->report_number, g_steal_pointer (&report_number));
  take (&f->report_date, g_steal_pointer (&report_date));
  if (standards != NULL)
    {
      g_strfreev (f->standards);
      /* --standard "" alone empties the list. */
      if (standards[1] == NULL && *standards[0] == '\0')
        f->standards = NULL;
      else
        f->standards = g_steal_pointer (&standards);
    }
  if (!csl_filing_update (ctx->ws, f, &error))
    return cli_error (ctx, error);
  return CLI_EXIT_OK;
}

const CliCommand cli_update_commands[] = {
  { "filing", "update", filing_update, N_("Change a draft filing’s labs, report, standards or filer") },
  { "manufacturer", "update", manufacturer_update, N_("Change a manufacturer") },
  { "lab", "update", lab_update, N_("Change a testing lab") },
  { NULL }
};
