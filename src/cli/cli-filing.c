#include "config.h"

#include <glib/gi18n.h>

#include "cli-common.h"
#include "csl-filing.h"
#include "csl-lab.h"
#include "csl-manufacturer.h"
#include "csl-product.h"
#include "csl-owner.h"
#include "csl-refiling.h"
#include "csl-requirements.h"
#include "csl-serialize.h"
#include "csl-text-check.h"

static int
filing_new (CliContext  *ctx,
            int          argc,
            char       **argv)
{
  g_autoptr(CslFiling) f = csl_filing_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *product = NULL, *grade = NULL, *lab = NULL, *pentest_lab = NULL;
  gboolean agent = FALSE;
  const GOptionEntry entries[] = {
    { "product", 0, 0, G_OPTION_ARG_STRING, &product, N_("Product id"), N_("ID") },
    { "grade", 0, 0, G_OPTION_ARG_STRING, &grade, N_("1 (Basic), 2 (Enhanced) or 3 (Leading)"), N_("GRADE") },
    { "lab", 0, 0, G_OPTION_ARG_STRING, &lab, N_("Testing lab id"), N_("ID") },
    { "pentest-lab", 0, 0, G_OPTION_ARG_STRING, &pentest_lab, N_("Third-party penetration test lab id (Three-Star)"), N_("ID") },
    { "agent", 0, 0, G_OPTION_ARG_NONE, &agent, N_("An agent files for the manufacturer"), NULL },
    { "report-number", 0, 0, G_OPTION_ARG_STRING, &f->report_number, N_("Test report number"), N_("NUMBER") },
    { "report-date", 0, 0, G_OPTION_ARG_STRING, &f->report_date, N_("Test report date"), N_("DATE") },
    { "standard", 0, 0, G_OPTION_ARG_STRING_ARRAY, &f->standards, N_("Basis standard number (repeatable)"), N_("NUMBER") },
    { NULL }
  };
  CslGrade g;
  int code;

  if (!cli_parse (ctx, entries, NULL, _("Start a filing (a draft); prints its id."), &argc, &argv, &code))
    return code;
  if (argc > 1)
    return cli_usage (ctx, _("unexpected argument “%s”"), argv[1]);
  if (!cli_require (ctx, product, "--product", &code) || !cli_require (ctx, grade, "--grade", &code) ||
      !cli_require (ctx, lab, "--lab", &code))
    return code;
  if (!cli_parse_id (product, "--product", &f->product_id, &error) ||
      !csl_grade_parse (grade, &g, &error) ||
      !cli_parse_id (lab, "--lab", &f->lab_id, &error) ||
      (pentest_lab != NULL && !cli_parse_id (pentest_lab, "--pentest-lab", &f->pentest_lab_id, &error)))
    return cli_error (ctx, error);
  f->grade = g;
  g_free (f->filed_by);
  f->filed_by = g_strdup (agent ? "agent" : "manufacturer");
  if (!cli_open_workspace (ctx, &error) || csl_filing_add (ctx->ws, f, &error) == 0)
    return cli_error (ctx, error);
  cli_print_id (f->id);
  return CLI_EXIT_OK;
}

static gboolean
parse_filing_arg (CliContext  *ctx,
                  int          argc,
                  char       **argv,
                  gint64      *id,
                  int         *code)
{
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    {
      *code = cli_usage (ctx, _("expected one filing id"));
      return FALSE;
    }
  if (!cli_parse_id (argv[1], _("Filing"), id, &error) || !cli_open_workspace (ctx, &error))
    {
      *code = cli_error (ctx, error);
      return FALSE;
    }
  return TRUE;
}

static void
print_field (const char *label,
             const char *value)
{
  cli_print_field (label, 22, value);
}

static void
print_chain_link (const char *label,
                  gint64      id)
{
  g_autofree char *text = id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, id) : NULL;

  print_field (label, text);
}

static int
filing_show (CliContext  *ctx,
             int          argc,
             char       **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CslFiling) f = NULL;
  g_autofree char *standards = NULL;
  g_autofree char *grade = NULL;
  gint64 id, successor = 0;
  int code;

  if (!cli_parse (ctx, entries, _("ID"), _("Show a filing."), &argc, &argv, &code) ||
      !parse_filing_arg (ctx, argc, argv, &id, &code))
    return code;
  if ((f = csl_filing_get (ctx->ws, id, &error)) == NULL ||
      (successor = csl_refiling_get_successor (ctx->ws, id, &error)) < 0)
    return cli_error (ctx, error);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      csl_json_add_filing (b, f);
      root = json_builder_get_root (b);
      if (successor > 0)
        json_object_set_int_member (json_node_get_object (root), "successor_id", successor);
      else
        json_object_set_null_member (json_node_get_object (root), "successor_id");
      cli_print_json_node (root);
      return CLI_EXIT_OK;
    }
  standards = f->standards ? g_strjoinv (", ", f->standards) : NULL;
  /* The official Chinese name in brackets, unless the translated name is already it. */
  grade = g_str_equal (csl_grade_name (f->grade), csl_grade_name_zh (f->grade))
    ? g_strdup_printf ("%s %s", csl_grade_stars (f->grade), csl_grade_name (f->grade))
    : g_strdup_printf ("%s %s (%s)", csl_grade_stars (f->grade), csl_grade_name (f->grade), csl_grade_name_zh (f->grade));
  {
    g_autoptr(CslProduct) product = csl_product_get (ctx->ws, f->product_id, NULL);
    g_autoptr(CslManufacturer) m = product ? csl_manufacturer_get (ctx->ws, product->manufacturer_id, NULL) : NULL;
    g_autoptr(CslLab) lab = f->lab_id > 0 ? csl_lab_get (ctx->ws, f->lab_id, NULL) : NULL;
    g_autoptr(CslLab) pentest = f->pentest_lab_id > 0 ? csl_lab_get (ctx->ws, f->pentest_lab_id, NULL) : NULL;
    g_autofree char *sid = g_strdup_printf ("%" G_GINT64_FORMAT, f->id);
    g_autofree char *firmware = product && product->firmware_version
                                ? g_strdup_printf (_(" (firmware %s)"), product->firmware_version) : NULL;
    g_autofree char *product_text = product ? g_strdup_printf ("%s%s%s%s", product->model,
                                                               product->name ? " — " : "", product->name ? product->name : "",
                                                               firmware ? firmware : "")
                                            : NULL;
    g_autofree char *lab_text = lab ? g_strdup_printf ("%s (%s)", lab->name, lab->kind) : NULL;
    CslFilingStatus status = csl_filing_get_status (f);

    print_field (_("Filing"), sid);
    print_field (_("Status"), csl_filing_status_label (status));
    print_field (_("Manufacturer"), m ? csl_manufacturer_display_name (m) : NULL);
    print_field (_("USCC"), m ? m->uscc : NULL);
    print_field (_("Product"), product_text);
    print_field (_("Grade"), grade);
    print_field (_("Lab"), lab_text);
    if (pentest != NULL)
      print_field (_("Penetration test lab"), pentest->name);
    print_field (_("Filed by"), csl_filing_is_agent (f) ? _("agent") : _("manufacturer"));
    print_field (_("Test report number"), f->report_number);
    print_field (_("Test report date"), f->report_date);
    print_field (_("Standards"), standards);
    print_field (_("Filing number"), f->filing_number);
    print_field (_("Submitted on"), f->submitted_on);
    print_field (_("Filed on"), f->filed_on);
    print_field (_("Valid from"), f->valid_from);
    print_field (_("Valid until"), f->valid_until);
    if (f->refiling_reason)
      print_field (_("Re-filing because"), f->refiling_reason);
    if (f->revoke_reason)
      print_field (_("Revoked because"), f->revoke_reason);
    if (f->bundle_sha256)
      print_field (_("Bundle SHA-256"), f->bundle_sha256);
    print_chain_link (_("Re-files filing"), f->predecessor_id);
    print_chain_link (_("Re-filed as filing"), successor);
  }
  return CLI_EXIT_OK;
}

#define PRINT_CHUNK (64 * 1024)

/* id, manufacturer, model, stars, status, valid until: tab-separated, one line each, gathered
 * into large writes (printf-style formatting of 100 000 lines costs more than the query). */
static void
print_summary (const CslFilingSummary *s,
               gpointer                user_data)
{
  GString *out = user_data;
  const char *fields[] = { s->manufacturer, s->model, csl_grade_stars (s->grade),
                           csl_filing_status_to_string (s->status), s->valid_until ? s->valid_until : "-" };
  char digits[24];
  int n = (int) sizeof digits;
  guint64 id = (guint64) s->id;

  do
    digits[--n] = (char) ('0' + id % 10);
  while ((id /= 10) > 0);
  g_string_append_len (out, digits + n, (gssize) sizeof digits - n);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_string_append_c (out, '\t');
      if (fields[i] != NULL)
        csl_text_append_escaped (out, fields[i]);
      else
        g_string_append (out, "(null)");
    }
  g_string_append_c (out, '\n');
  if (out->len >= PRINT_CHUNK)
    {
      cli_write_stdout (out->str, out->len);
      g_string_truncate (out, 0);
    }
}

static gboolean
print_summaries (CliContext  *ctx,
                 GError     **error)
{
  g_autoptr(GString) out = g_string_sized_new (PRINT_CHUNK + 1024);
  gboolean ok = csl_filing_foreach_summary (ctx->ws, ctx->manufacturer_filter, print_summary, out, error);

  cli_write_stdout (out->str, out->len);
  return ok;
}

static void
print_summary_json (const CslFilingSummary *s,
                    gpointer                user_data)
{
  CliJsonArray *array = user_data;

  csl_json_add_filing_summary (cli_json_array_next (array), s);
  cli_json_array_add (array);
}

/* Row by row as the database returns them: 100 000 filings are never all in memory. */
static int
filing_list (CliContext  *ctx,
             int          argc,
             char       **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "manufacturer", 0, 0, G_OPTION_ARG_INT64, &ctx->manufacturer_filter, N_("Only this manufacturer’s filings"), N_("ID") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  CliJsonArray array;
  int code;

  if (!cli_parse (ctx, entries, NULL, _("List filings."), &argc, &argv, &code))
    return code;
  if (argc > 1)
    return cli_usage (ctx, _("unexpected argument “%s”"), argv[1]);
  if (!cli_open_workspace (ctx, &error))
    return cli_error (ctx, error);
  if (!json)
    return print_summaries (ctx, &error) ? CLI_EXIT_OK : cli_error (ctx, error);
  cli_json_array_begin (&array, TRUE);
  if (!csl_filing_foreach_summary (ctx->ws, ctx->manufacturer_filter, print_summary_json, &array, &error))
    {
      g_free (cli_json_array_end (&array));
      return cli_error (ctx, error);
    }
  cli_json_array_end (&array);
  return CLI_EXIT_OK;
}

static int
filing_check (CliContext  *ctx,
              int          argc,
              char       **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  gint64 id;
  int code;

  if (!cli_parse (ctx, entries, _("ID"),
                  _("Check a filing against Art. 5-8 and 14-16. Exit status 0 when nothing is missing, 1 otherwise."),
                  &argc, &argv, &code) ||
      !parse_filing_arg (ctx, argc, argv, &id, &code))
    return code;
  findings = csl_requirements_check (ctx->ws, id, ctx->today, NULL, &error);
  if (findings == NULL)
    return cli_error (ctx, error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "ok");
      json_builder_add_boolean_value (b, !csl_findings_have_errors (findings));
      json_builder_set_member_name (b, "findings");
      json_builder_begin_array (b);
      for (guint i = 0; i < findings->len; i++)
        csl_json_add_finding (b, findings->pdata[i]);
      json_builder_end_array (b);
      json_builder_end_object (b);
      cli_print_json (b);
    }
  else
    {
      for (guint i = 0; i < findings->len; i++)
        {
          CslFinding *f = findings->pdata[i];
          g_print ("%s\t%s\t%s\n", f->severity == CSL_SEVERITY_ERROR ? _("error") : _("warning"),
                   f->article, cli_text (f->message));
        }
      if (!csl_findings_have_errors (findings))
        g_print ("%s\n", _("Nothing is missing: the filing can be packaged."));
    }
  return csl_findings_have_errors (findings) ? CLI_EXIT_CHECK_FAILED : CLI_EXIT_OK;
}

const CliCommand cli_filing_commands[] = {
  { "filing", "new", filing_new, N_("Start a filing") },
  { "filing", "show", filing_show, N_("Show a filing") },
  { "filing", "list", filing_list, N_("List filings") },
  { "filing", "check", filing_check, N_("Check what a filing still lacks") },
  { NULL }
};
