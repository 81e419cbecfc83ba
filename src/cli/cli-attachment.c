#include "config.h"

#include <glib/gi18n.h>

#include "cli-common.h"
#include "base/csl-error.h"
#include "documents/csl-store-json.h"
#include "records/csl-serialize.h"
#include "documents/csl-store.h"

/* The GSettings key attachment-size-limit-mib allows 1 to 4096. */
#define MAX_SIZE_MIB_LIMIT 4096

static int
filing_attach (CliContext  *ctx,
               int          argc,
               char       **argv)
{
  g_autofree char *kind_text = NULL;
  int max_mib = (int) (CSL_PDF_DEFAULT_MAX_SIZE / (1024 * 1024));
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text,
      N_("test-report, pentest-report, declaration, business-license, lab-capability, lab-accreditation, "
         "authorization-letter or other"), N_("KIND") },
    { "max-size-mib", 0, 0, G_OPTION_ARG_INT, &max_mib, N_("Refuse files larger than this (default 512)"), N_("MIB") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CslAttachment) a = NULL;
  CslMaterialKind kind;
  gint64 filing_id;
  int code;

  if (!cli_parse (ctx, entries, _("ID FILE"),
                  _("Check a PDF and copy it into the workspace's store as a material of the filing; prints the "
                    "attachment id."), &argc, &argv, &code))
    return code;
  if (argc != 3)
    return cli_usage (ctx, _("expected a filing id and one file"));
  if (!cli_require (ctx, kind_text, "--kind", &code))
    return code;
  if (max_mib < 1 || max_mib > MAX_SIZE_MIB_LIMIT)
    return cli_usage (ctx, _("--max-size-mib %d is not between 1 and %d"), max_mib, MAX_SIZE_MIB_LIMIT);
  if (!cli_parse_id (argv[1], _("Filing"), &filing_id, &error) ||
      !csl_material_from_string (kind_text, &kind, &error) ||
      !cli_open_workspace (ctx, &error))
    return cli_error (ctx, error);
  a = csl_store_attach (ctx->ws, filing_id, kind, argv[2], (guint64) max_mib * 1024 * 1024, NULL, &error);
  if (a == NULL)
    return cli_error (ctx, error);
  cli_print_id (a->id);
  return CLI_EXIT_OK;
}

static int
filing_detach (CliContext  *ctx,
               int          argc,
               char       **argv)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  gint64 filing_id, attachment_id;
  int code;

  if (!cli_parse (ctx, entries, _("ID ATTACHMENT"),
                  _("Remove an attachment from a filing (and its stored copy when nothing else uses it)."),
                  &argc, &argv, &code))
    return code;
  if (argc != 3)
    return cli_usage (ctx, _("expected a filing id and an attachment id"));
  if (!cli_parse_id (argv[1], _("Filing"), &filing_id, &error) ||
      !cli_parse_id (argv[2], _("Attachment"), &attachment_id, &error) ||
      !cli_open_workspace (ctx, &error) ||
      !csl_store_detach (ctx->ws, filing_id, attachment_id, &error))
    return cli_error (ctx, error);
  return CLI_EXIT_OK;
}

static int
filing_attachments (CliContext  *ctx,
                    int          argc,
                    char       **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 filing_id;
  int code;

  if (!cli_parse (ctx, entries, _("ID"), _("List a filing's attachments."), &argc, &argv, &code))
    return code;
  if (argc != 2)
    return cli_usage (ctx, _("expected one filing id"));
  if (!cli_parse_id (argv[1], _("Filing"), &filing_id, &error) ||
      !cli_open_workspace (ctx, &error) ||
      (list = csl_store_list (ctx->ws, filing_id, &error)) == NULL)
    return cli_error (ctx, error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        csl_json_add_attachment (b, list->pdata[i]);
      json_builder_end_array (b);
      cli_print_json (b);
      return CLI_EXIT_OK;
    }
  /* id, kind, name, size in bytes, pages, first page in points, sha256, report number found */
  for (guint i = 0; i < list->len; i++)
    {
      CslAttachment *a = list->pdata[i];

      g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%" G_GINT64_FORMAT "\t%d\t%.0fx%.0f\t%s\t%s\n", a->id,
               csl_material_to_string (a->kind), cli_text (a->file_name), a->size, a->page_count, a->page_width_pt,
               a->page_height_pt, a->sha256, a->report_number_found ? cli_text (a->report_number_found) : "-");
    }
  return CLI_EXIT_OK;
}

static int
store_verify (CliContext  *ctx,
              int          argc,
              char       **argv)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  int code;

  if (!cli_parse (ctx, entries, NULL,
                  _("Read every stored document and compare it with its SHA-256. Exit status 0 when all are intact, "
                    "1 otherwise."), &argc, &argv, &code))
    return code;
  if (argc > 1)
    return cli_usage (ctx, _("unexpected argument “%s”"), argv[1]);
  if (!cli_open_workspace (ctx, &error) || (problems = csl_store_verify (ctx->ws, NULL, &error)) == NULL)
    return cli_error (ctx, error);
  for (guint i = 0; i < problems->len; i++)
    {
      CslStoreProblem *p = problems->pdata[i];

      g_print ("%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\t%s\n", p->filing_id, p->attachment_id,
               cli_text (p->file_name), cli_text (p->message));
    }
  return problems->len > 0 ? CLI_EXIT_CHECK_FAILED : CLI_EXIT_OK;
}

const CliCommand cli_attachment_commands[] = {
  { "filing", "attach", filing_attach, N_("Attach a PDF to a filing") },
  { "filing", "detach", filing_detach, N_("Remove an attachment from a filing") },
  { "filing", "attachments", filing_attachments, N_("List a filing’s attachments") },
  { "store", "verify", store_verify, N_("Check every stored document against its SHA-256") },
  { NULL }
};
