#include "config.h"

#include <glib/gi18n.h>

#include "cli-common.h"
#include "documents/csl-document.h"

static int
document_render (CliContext  *ctx,
                 int          argc,
                 char       **argv)
{
  g_autofree char *kind_text = NULL;
  g_autofree char *out = NULL;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("filing-form, declaration or authorization-letter"),
      N_("KIND") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("PDF file to write"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  CslDocumentKind kind;
  gint64 filing_id;
  int code;

  if (!cli_parse (ctx, entries, _("ID"),
                  _("Write a filing document as an A4 PDF in Chinese and English: the filing form (Art. 8(1)), "
                    "a declaration of conformity to sign (Art. 8(4)) or an authorisation letter (Art. 8(7))."),
                  &argc, &argv, &code))
    return code;
  if (argc != 2)
    return cli_usage (ctx, _("expected one filing id"));
  if (!cli_require (ctx, kind_text, "--kind", &code) || !cli_require (ctx, out, "--out", &code))
    return code;
  if (!cli_parse_id (argv[1], _("Filing"), &filing_id, &error) ||
      !csl_document_kind_from_string (kind_text, &kind, &error) ||
      !cli_open_workspace (ctx, &error) ||
      !csl_document_render_to_file (ctx->ws, filing_id, kind, out, &error))
    return cli_error (ctx, error);
  return CLI_EXIT_OK;
}

const CliCommand cli_document_commands[] = {
  { "document", "render", document_render, N_("Write a filing document as PDF") },
  { NULL }
};
