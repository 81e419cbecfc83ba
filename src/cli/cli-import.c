#include "config.h"

#include <glib/gi18n.h>

#include "cli-common.h"
#include "base/csl-atomic.h"
#include "records/csl-import.h"
#include "records/csl-serialize.h"

static void
add_report_json (JsonBuilder           *b,
                 const CslImportReport *report)
{
  json_builder_begin_object (b);
  csl_json_member_string (b, "kind", csl_import_kind_to_string (report->kind));
  csl_json_member_string (b, "encoding", csl_csv_encoding_name (report->encoding));
  csl_json_member_string (b, "delimiter", report->delimiter == ';' ? ";" : ",");
  json_builder_set_member_name (b, "written");
  json_builder_add_boolean_value (b, report->written);
  json_builder_set_member_name (b, "new");
  json_builder_add_int_value (b, report->n_new);
  json_builder_set_member_name (b, "updated");
  json_builder_add_int_value (b, report->n_updated);
  json_builder_set_member_name (b, "unchanged");
  json_builder_add_int_value (b, report->n_unchanged);
  json_builder_set_member_name (b, "problem_count");
  json_builder_add_int_value (b, report->n_problems);
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->rows->len; i++)
    {
      const CslImportRow *r = report->rows->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "line");
      json_builder_add_int_value (b, r->line);
      csl_json_member_string (b, "action", csl_import_action_to_string (r->action));
      csl_json_member_id (b, "id", r->id);
      csl_json_member_string (b, "key", r->key);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "problems");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->problems->len; i++)
    {
      const CslImportProblem *p = report->problems->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "line");
      json_builder_add_int_value (b, p->line);
      csl_json_member_string (b, "column", p->column);
      csl_json_member_string (b, "message", p->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
print_report (const CslImportReport *report,
              const char            *file,
              gboolean               dry_run)
{
  for (guint i = 0; i < report->problems->len; i++)
    {
      const CslImportProblem *p = report->problems->pdata[i];

      if (p->column != NULL)
        g_printerr (_("%s: line %u, %s: %s\n"), file, p->line, p->column, p->message);
      else
        g_printerr (_("%s: line %u: %s\n"), file, p->line, p->message);
    }
  if (report->n_problems > report->problems->len)
    g_printerr (_("%s: and %u more problems\n"), file, report->n_problems - report->problems->len);
  /* TRANSLATORS: the file, its encoding, then how many rows would become or became what. */
  g_print (_("%s (%s): %u new, %u updated, %u unchanged\n"), file, csl_csv_encoding_name (report->encoding),
           report->n_new, report->n_updated, report->n_unchanged);
  if (report->n_problems > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "Nothing was imported: %u problem.\n",
                             "Nothing was imported: %u problems.\n", report->n_problems), report->n_problems);
  else if (dry_run)
    g_print (_("Nothing was written (--dry-run).\n"));
}

static int
import_kind (CliContext  *ctx,
             int          argc,
             char       **argv)
{
  gboolean dry_run = FALSE, json = FALSE;
  const GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Check and match every row, write nothing"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(CslImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  CslImportKind kind;
  int code;

  /* ctx->command is "import KIND". */
  if (!csl_import_kind_from_string (strchr (ctx->command, ' ') + 1, &kind, &error))
    return cli_error (ctx, error);
  if (!cli_parse (ctx, entries, _("FILE.csv"),
                  _("Import rows of a spreadsheet saved as CSV (UTF-8 or GB18030, comma or semicolon) in one "
                    "transaction: new records, or updates of those they match. See “import template”."),
                  &argc, &argv, &code))
    return code;
  if (argc != 2)
    return cli_usage (ctx, _("expected one CSV file"));
  if (!cli_open_workspace (ctx, &error) ||
      (report = csl_import_file (ctx->ws, kind, argv[1], dry_run ? CSL_IMPORT_DRY_RUN : CSL_IMPORT_FLAGS_NONE,
                                 NULL, NULL, NULL, &error)) == NULL)
    return cli_error (ctx, error);
  name = g_path_get_basename (argv[1]);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      add_report_json (b, report);
      cli_print_json (b);
      if (report->n_problems > 0)
        g_printerr (g_dngettext (GETTEXT_PACKAGE, "Nothing was imported: %u problem.\n",
                                 "Nothing was imported: %u problems.\n", report->n_problems), report->n_problems);
    }
  else
    print_report (report, name, dry_run);
  return report->n_problems > 0 ? CLI_EXIT_BAD_INPUT : CLI_EXIT_OK;
}

static int
import_template (CliContext  *ctx,
                 int          argc,
                 char       **argv)
{
  g_autofree char *out = NULL;
  const GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  CslImportKind kind;
  int code;

  if (!cli_parse (ctx, entries, _("manufacturers|labs|products|filings"),
                  _("Write the header line of an import file of that kind (UTF-8 with BOM, as Excel opens it)."),
                  &argc, &argv, &code))
    return code;
  if (argc != 2)
    return cli_usage (ctx, _("expected what to make a template for: manufacturers, labs, products or filings"));
  if (!csl_import_kind_from_string (argv[1], &kind, &error))
    return cli_error (ctx, error);
  text = csl_import_template (kind);
  if (out == NULL)
    {
      cli_write_stdout (text, strlen (text));
      return CLI_EXIT_OK;
    }
  if (!csl_file_set_contents_atomic (out, text, strlen (text), 0644, &error))
    return cli_error (ctx, error);
  return CLI_EXIT_OK;
}

const CliCommand cli_import_commands[] = {
  { "import", "manufacturers", import_kind, N_("Import manufacturers from a CSV file") },
  { "import", "labs", import_kind, N_("Import labs from a CSV file") },
  { "import", "products", import_kind, N_("Import products from a CSV file") },
  { "import", "filings", import_kind, N_("Import draft filings from a CSV file") },
  { "import", "template", import_template, N_("Write an empty import file of one kind") },
  { NULL }
};
