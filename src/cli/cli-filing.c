#include "config.h"

#include <glib/gi18n.h>

#include "base/csl-article.h"
#include "base/csl-csv.h"
#include "cli-common.h"
#include "records/csl-filing.h"
#include "records/csl-lab.h"
#include "records/csl-manufacturer.h"
#include "records/csl-product.h"
#include "records/csl-owner.h"
#include "lifecycle/csl-refiling.h"
#include "records/csl-requirements.h"
#include "records/csl-serialize.h"
#include "base/csl-text-check.h"

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
    {
      /* What “filing update --if-version” checks. */
      g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, f->version);
      print_field (_("Version"), version);
    }
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

static void
print_summary_csv (const CslFilingSummary *s,
                   gpointer                user_data)
{
  GString *out = user_data;

  csl_csv_add_filing_summary (out, s);
  if (out->len >= PRINT_CHUNK)
    {
      cli_write_stdout (out->str, out->len);
      g_string_truncate (out, 0);
    }
}

/* UTF-8 with a byte order mark, so that Excel shows Chinese names as Chinese. */
static gboolean
print_summaries_csv (CliContext  *ctx,
                     GError     **error)
{
  g_autoptr(GString) out = g_string_sized_new (PRINT_CHUNK + 1024);
  gboolean ok;

  g_string_append (out, CSL_CSV_BOM);
  csl_csv_add_filing_summary_header (out);
  ok = csl_filing_foreach_summary (ctx->ws, ctx->manufacturer_filter, print_summary_csv, out, error);
  cli_write_stdout (out->str, out->len);
  return ok;
}

/* Row by row as the database returns them: 100 000 filings are never all in memory. */
static int
filing_list (CliContext  *ctx,
             int          argc,
             char       **argv)
{
  gboolean json = FALSE;
  g_autofree char *format = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("text (default), json or csv (for spreadsheets)"), N_("FORMAT") },
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
  if (format != NULL && g_strcmp0 (format, "text") != 0 && g_strcmp0 (format, "json") != 0 &&
      g_strcmp0 (format, "csv") != 0)
    return cli_usage (ctx, _("--format is text, json or csv, not “%s”"), format);
  json = json || g_strcmp0 (format, "json") == 0;
  if (!cli_open_workspace (ctx, &error))
    return cli_error (ctx, error);
  if (g_strcmp0 (format, "csv") == 0)
    return print_summaries_csv (ctx, &error) ? CLI_EXIT_OK : cli_error (ctx, error);
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

typedef struct
{
  gboolean      json;
  JsonBuilder  *builder;
  guint         n_ok;
} CheckMany;

static gboolean
check_one (CliContext  *ctx,
           gint64       id,
           gpointer     user_data,
           GError     **error)
{
  CheckMany *many = user_data;
  g_autoptr(GPtrArray) findings = csl_requirements_check (ctx->ws, id, ctx->today, NULL, error);

  if (findings == NULL)
    return FALSE;
  if (many->json)
    {
      json_builder_begin_object (many->builder);
      csl_json_member_id (many->builder, "id", id);
      json_builder_set_member_name (many->builder, "ok");
      json_builder_add_boolean_value (many->builder, !csl_findings_have_errors (findings));
      json_builder_set_member_name (many->builder, "findings");
      json_builder_begin_array (many->builder);
      for (guint i = 0; i < findings->len; i++)
        csl_json_add_finding (many->builder, findings->pdata[i]);
      json_builder_end_array (many->builder);
      json_builder_end_object (many->builder);
    }
  else
    for (guint i = 0; i < findings->len; i++)
      {
        CslFinding *f = findings->pdata[i];

        g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\n", id,
                 f->severity == CSL_SEVERITY_ERROR ? _("error") : _("warning"), csl_article_text (f->article),
                 f->message);
      }
  many->n_ok += !csl_findings_have_errors (findings);
  return TRUE;
}

/* Several filings: a line per finding led by the filing's id, or a JSON array of results. */
static int
check_many (CliContext   *ctx,
            CliSelection *selection,
            int           argc,
            char        **argv,
            gboolean      json)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  CheckMany many = { json, builder, 0 };
  int code;

  if ((ids = cli_select_filings (ctx, selection, argc, argv, &code)) == NULL)
    return code;
  json_builder_begin_array (builder);
  code = cli_for_each_filing (ctx, ids, check_one, &many);
  json_builder_end_array (builder);
  if (json)
    cli_print_json (builder);
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u of %u filing can be packaged.\n", "%u of %u filings can be packaged.\n",
                          ids->len), many.n_ok, ids->len);
  if (code == CLI_EXIT_OK && many.n_ok < ids->len)
    code = CLI_EXIT_CHECK_FAILED;
  return code;
}

static int
filing_check (CliContext  *ctx,
              int          argc,
              char       **argv)
{
  gboolean json = FALSE;
  CliSelection selection = { 0 };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    CLI_SELECTION_ENTRIES (selection),
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  gint64 id;
  int code;

  if (!cli_parse (ctx, entries, _("ID…"),
                  _("Check filings against Art. 5-8 and 14-16. Exit status 0 when nothing is missing, 1 otherwise."),
                  &argc, &argv, &code))
    return code;
  if (selection.all || argc > 2)
    {
      code = check_many (ctx, &selection, argc, argv, json);
      cli_selection_clear (&selection);
      return code;
    }
  if (!parse_filing_arg (ctx, argc, argv, &id, &code))
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
                   csl_article_text (f->article), cli_text (f->message));
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
