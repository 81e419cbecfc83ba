#include "config.h"

#include <glib/gi18n.h>

#include "cli-bundle-bulk.h"
#include "cli-password.h"
#include "base/csl-error.h"
#include "bundle/csl-bundle.h"

typedef struct
{
  CslBundleOptions  options;
  const char       *out;
} BulkBundle;

static gboolean
package_one (CliContext  *ctx,
             gint64       id,
             gpointer     user_data,
             GError     **error)
{
  BulkBundle *bulk = user_data;
  g_autofree char *written = NULL;
  g_autoptr(GError) tsa_warning = NULL;

  bulk->options.tsa_warning = &tsa_warning;
  if (!csl_bundle_create (ctx->ws, id, bulk->out, &bulk->options, &written, NULL, error))
    return FALSE;
  g_print ("%" G_GINT64_FORMAT "\t%s\n", id, written);
  /* Made without the timestamp asked for: said for this filing, not silently. */
  if (tsa_warning != NULL)
    g_printerr ("csl-filer-cli %s: %" G_GINT64_FORMAT ": %s\n", ctx->command ? ctx->command : "", id,
                cli_text (tsa_warning->message));
  return TRUE;
}

int
cli_bundle_create_many (CliContext          *ctx,
                        const CliSelection  *selection,
                        int                  argc,
                        char               **argv,
                        const CliBundleArgs *args)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(CslIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  BulkBundle bulk = { { 0 }, args->out };
  int code;

  if (!cli_require (ctx, args->out, "--out", &code))
    return code;
  if ((args->p12 != NULL) == (args->key != NULL || args->cert != NULL))
    return cli_usage (ctx, _("give --p12 FILE, or --key KEY.pem and --cert CERT.pem"));
  if (args->p12 == NULL && (args->key == NULL || args->cert == NULL))
    return cli_usage (ctx, _("--key and --cert go together"));
  /* Several bundles need a folder: each gets its own name there. */
  if (!g_file_test (args->out, G_FILE_TEST_IS_DIR))
    return cli_usage (ctx, _("--out must be an existing folder when packaging several filings"));
  if ((ids = cli_select_filings (ctx, selection, argc, argv, &code)) == NULL)
    return code;
  /* One identity, one password, for every filing. */
  if ((identity = cli_load_identity (args->p12, args->key, args->cert, args->chain, args->password_file,
                                     &error)) == NULL)
    return cli_error (ctx, error);
  bulk.options.identity = identity;
  bulk.options.today = ctx->today;
  bulk.options.tsa_url = args->tsa;
  bulk.options.tsa_required = args->tsa_required;
  bulk.options.tsa_timeout = (guint) args->tsa_timeout;
  return cli_for_each_filing (ctx, ids, package_one, &bulk);
}
