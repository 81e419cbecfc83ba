#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "base/csl-article.h"
#include "cli-bundle-bulk.h"
#include "cli-common.h"
#include "cli-password.h"
#include "bundle/csl-bundle.h"
#include "bundle/csl-bundle-verify.h"
#include "bundle/csl-cms.h"
#include "base/csl-error.h"
#include "records/csl-serialize.h"

/* In display columns, not bytes: a translated label of wide characters still lines up. */
#define LABEL_WIDTH 10

static void
print_progress (guint64  done,
                guint64  total,
                gpointer user_data)
{
  int *last = user_data;
  int percent = total > 0 ? (int) (done * 100 / total) : 100;

  if (percent == *last)
    return;
  *last = percent;
  fprintf (stderr, "\r%s %3d%%", _("Packaging…"), percent);
  fflush (stderr);
}

static int
bundle_create (CliContext  *ctx,
               int          argc,
               char       **argv)
{
  g_autofree char *out = NULL, *p12 = NULL, *key = NULL, *cert = NULL, *chain = NULL, *password_file = NULL;
  CliSelection selection = { 0 };
  g_autofree char *tsa = NULL;
  gboolean tsa_required = FALSE;
  int tsa_timeout = 0;
  const GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Bundle file to write, or a folder to write it in"), N_("FILE") },
    { "p12", 0, 0, G_OPTION_ARG_FILENAME, &p12, N_("Signing identity as PKCS#12 (.p12/.pfx)"), N_("FILE") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key, N_("Signing key (PEM)"), N_("KEY.pem") },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME, &cert, N_("Signing certificate (PEM)"), N_("CERT.pem") },
    { "chain", 0, 0, G_OPTION_ARG_FILENAME, &chain, N_("Intermediate certificates to include (PEM)"), N_("CHAIN.pem") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file, N_("Read the key’s password from this file instead of standard input"), N_("FILE") },
    CLI_SELECTION_ENTRIES (selection),
    { "tsa", 0, 0, G_OPTION_ARG_STRING, &tsa, N_("Timestamp the signature at this RFC 3161 time-stamping authority (http:// or https://)"), N_("URL") },
    { "tsa-required", 0, 0, G_OPTION_ARG_NONE, &tsa_required, N_("Write no bundle when the time-stamping authority fails"), NULL },
    { "tsa-timeout", 0, 0, G_OPTION_ARG_INT, &tsa_timeout, N_("Seconds to wait for the time-stamping authority (default 30)"), N_("SECONDS") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) tsa_warning = NULL;
  g_autoptr(CslIdentity) identity = NULL;
  g_autofree char *written = NULL;
  CslBundleOptions options = { 0 };
  int last_percent = -1;
  gint64 id;
  int code;

  if (!cli_parse (ctx, entries, _("ID…"),
                  _("Package filings whose check passes into signed bundles (ASiC-E containers with a CAdES "
                    "signature), all with one identity. Prints the file written (with several filings, into "
                    "the --out folder: the id and the file a line). "
                    "Exit status 1 when a filing still lacks something."),
                  &argc, &argv, &code))
    return code;
  if ((tsa_required || tsa_timeout != 0) && tsa == NULL)
    return cli_usage (ctx, _("--tsa-required and --tsa-timeout go with --tsa URL"));
  if (tsa_timeout < 0 || tsa_timeout > 600)
    return cli_usage (ctx, _("--tsa-timeout takes 1 to 600 seconds"));
  if (selection.all || selection.status != NULL || selection.manufacturer != 0 || argc > 2)
    {
      const CliBundleArgs args = { out, p12, key, cert, chain, password_file, tsa, tsa_required, tsa_timeout };

      code = cli_bundle_create_many (ctx, &selection, argc, argv, &args);
      cli_selection_clear (&selection);
      return code;
    }
  if (argc != 2)
    return cli_usage (ctx, _("expected one filing id"));
  if (!cli_require (ctx, out, "--out", &code))
    return code;
  if ((p12 != NULL) == (key != NULL || cert != NULL))
    return cli_usage (ctx, _("give --p12 FILE, or --key KEY.pem and --cert CERT.pem"));
  if (p12 == NULL && (key == NULL || cert == NULL))
    return cli_usage (ctx, _("--key and --cert go together"));
  if (!cli_parse_id (argv[1], _("Filing"), &id, &error) || !cli_open_workspace (ctx, &error))
    return cli_error (ctx, error);
  identity = cli_load_identity (p12, key, cert, chain, password_file, &error);
  if (identity == NULL)
    return cli_error (ctx, error);

  options.identity = identity;
  options.today = ctx->today;
  options.tsa_url = tsa;
  options.tsa_required = tsa_required;
  options.tsa_timeout = (guint) tsa_timeout;
  options.tsa_warning = &tsa_warning;
  if (isatty (STDERR_FILENO))
    {
      options.progress = print_progress;
      options.progress_data = &last_percent;
    }
  if (!csl_bundle_create (ctx->ws, id, out, &options, &written, NULL, &error))
    {
      if (last_percent >= 0)
        fprintf (stderr, "\n");
      code = cli_error (ctx, error);
      return g_error_matches (error, CSL_ERROR, CSL_ERROR_INCOMPLETE) ? CLI_EXIT_CHECK_FAILED : code;
    }
  if (last_percent >= 0)
    fprintf (stderr, "\n");
  /* The bundle is made, without the timestamp the user asked for: said, and not silently. */
  if (tsa_warning != NULL)
    g_printerr ("csl-filer-cli %s: %s\n%s\n", ctx->command ? ctx->command : "", cli_text (tsa_warning->message),
                _("The bundle was signed without a timestamp (give --tsa-required to refuse instead)."));
  g_print ("%s\n", written);
  return CLI_EXIT_OK;
}

static void
print_report (const CslVerifyReport *r,
              const char            *trusted_as,
              gboolean               trust_given)
{
  cli_print_field (_("Bundle"), LABEL_WIDTH, r->path);
  cli_print_field (_("Format"), LABEL_WIDTH, csl_bundle_format_label (r->format));
  cli_print_field (_("SHA-256"), LABEL_WIDTH, r->sha256);
  if (r->manifest != NULL)
    {
      g_autofree char *filing = g_strdup_printf ("%" G_GINT64_FORMAT " — %s (%s), %s, %s", r->manifest->filing_id,
                                                 r->manifest->manufacturer, r->manifest->uscc, r->manifest->model,
                                                 csl_grade_valid (r->manifest->grade) ?
                                                   csl_grade_stars ((CslGrade) r->manifest->grade) : "?");
      g_autofree char *created = g_strdup_printf ("%s (%s)", r->manifest->created, r->manifest->generator);

      cli_print_field (_("Filing"), LABEL_WIDTH, filing);
      cli_print_field (_("Created"), LABEL_WIDTH, created);
    }
  if (r->signer != NULL)
    {
      cli_print_field (_("Signer"), LABEL_WIDTH, r->signer->subject);
      cli_print_field ("", LABEL_WIDTH, r->signer->fingerprint);
      if (r->signer->signed_at != NULL)
        cli_print_field (_("Signed"), LABEL_WIDTH, r->signer->signed_at);
      if (r->signer->timestamp != NULL)
        {
          g_autofree char *stamp = g_strdup_printf (r->signer->timestamp_trusted ? _("%s, by %s (trusted)")
                                                                                : _("%s, by %s (TSA NOT VERIFIED: give --tsa-ca)"),
                                                    r->signer->timestamp,
                                                    r->signer->timestamp_tsa ? r->signer->timestamp_tsa : "?");
          cli_print_field (_("Timestamp"), LABEL_WIDTH, stamp);
        }
      cli_print_field (_("Trust"), LABEL_WIDTH,
                       r->signer->trusted ? trusted_as :
                       !trust_given && r->signer->signature_valid ? _("NOT TRUSTED: no --ca or --signer given") :
                       _("NOT TRUSTED"));
    }
  if (r->entries->len > 0)
    g_print ("%s\n", _("Files:"));
  for (guint i = 0; i < r->entries->len; i++)
    {
      CslVerifiedEntry *e = r->entries->pdata[i];
      g_print ("  %-13s %-36s %10" G_GUINT64_FORMAT "\n", csl_entry_status_to_string (e->status), cli_text (e->path), e->size);
    }
  for (guint i = 0; i < r->failures->len; i++)
    g_print ("%s %s\n", _("FAILED:"), cli_text (r->failures->pdata[i]));
  g_print ("%s\n", r->ok ? _("Verified: the signature is valid and trusted, and every file is as signed.")
                          : _("NOT VERIFIED."));
}

static int
bundle_verify (CliContext  *ctx,
               int          argc,
               char       **argv)
{
  g_autofree char *ca = NULL, *signer = NULL, *tsa_ca = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "ca", 0, 0, G_OPTION_ARG_FILENAME, &ca, N_("Trust signers that chain to these CA certificates (PEM)"), N_("CERT.pem") },
    { "tsa-ca", 0, 0, G_OPTION_ARG_FILENAME, &tsa_ca, N_("Trust timestamps of time-stamping authorities that chain to these CA certificates (PEM)"), N_("CERT.pem") },
    { "signer", 0, 0, G_OPTION_ARG_FILENAME, &signer, N_("Trust exactly this signer certificate (PEM)"), N_("CERT.pem") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CslTrust) trust = NULL;
  g_autoptr(CslTrust) tsa_trust = NULL;
  g_autoptr(CslVerifyReport) report = NULL;
  CslVerifyOptions options = { 0 };
  int code;

  if (!cli_parse (ctx, entries, _("FILE"),
                  _("Verify a signed bundle (ASiC-E, or format 1): the signature over the manifest, the signer against "
                    "--ca or --signer, a timestamp against --tsa-ca, and every file against the manifests. Exit status 0 only when all of it holds; without --ca "
                    "or --signer the signer is not trusted and the status is 1."),
                  &argc, &argv, &code))
    return code;
  if (argc != 2)
    return cli_usage (ctx, _("expected one bundle file"));
  if (ca != NULL && signer != NULL)
    return cli_usage (ctx, _("give --ca or --signer, not both"));
  if (ca != NULL && (trust = csl_trust_new_ca (ca, &error)) == NULL)
    return cli_error (ctx, error);
  if (signer != NULL && (trust = csl_trust_new_pinned (signer, &error)) == NULL)
    return cli_error (ctx, error);
  if (tsa_ca != NULL && (tsa_trust = csl_trust_new_ca (tsa_ca, &error)) == NULL)
    return cli_error (ctx, error);
  options.trust = trust;
  options.tsa_trust = tsa_trust;
  if ((report = csl_bundle_verify (argv[1], &options, &error)) == NULL)
    return cli_error (ctx, error);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      csl_json_add_verify_report (b, report);
      cli_print_json (b);
    }
  else
    print_report (report, ca != NULL ? _("trusted: chains to the given CA") : _("trusted: the pinned certificate"),
                  trust != NULL);
  return report->ok ? CLI_EXIT_OK : CLI_EXIT_CHECK_FAILED;
}

static int
bundle_plan (CliContext  *ctx,
             int          argc,
             char       **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CslBundlePlan) plan = NULL;
  gint64 id;
  int code;

  if (!cli_parse (ctx, entries, _("ID"), _("List what a filing’s bundle will hold and where each file comes from."),
                  &argc, &argv, &code))
    return code;
  if (argc != 2)
    return cli_usage (ctx, _("expected one filing id"));
  if (!cli_parse_id (argv[1], _("Filing"), &id, &error) || !cli_open_workspace (ctx, &error) ||
      (plan = csl_bundle_plan_new (ctx->ws, id, ctx->today, csl_bundle_default_providers (), &error)) == NULL)
    return cli_error (ctx, error);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < plan->entries->len; i++)
        {
          CslBundleEntry *e = plan->entries->pdata[i];

          json_builder_begin_object (b);
          csl_json_member_string (b, "path", e->path);
          csl_json_member_string (b, "kind", e->kind);
          csl_json_member_string (b, "article", e->article);
          csl_json_member_string (b, "source", e->source == CSL_SOURCE_ATTACHMENT ? "attachment" :
                                               e->source == CSL_SOURCE_GENERATED ? "generated" : "filing-data");
          csl_json_member_string (b, "file_name", e->file_name);
          json_builder_set_member_name (b, "available");
          json_builder_add_boolean_value (b, e->available);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      cli_print_json (b);
      return CLI_EXIT_OK;
    }
  for (guint i = 0; i < plan->entries->len; i++)
    {
      CslBundleEntry *e = plan->entries->pdata[i];
      const char *from = e->source == CSL_SOURCE_ATTACHMENT ? e->file_name :
                         e->source == CSL_SOURCE_FILING_DATA ? _("filing data") :
                         e->available ? _("generated") : _("generated — NOT AVAILABLE in this build");

      g_print ("%-36s %-10s %s\n", cli_text (e->path), csl_article_text (e->article), cli_text (from));
    }
  return CLI_EXIT_OK;
}

const CliCommand cli_bundle_commands[] = {
  { "bundle", "plan", bundle_plan, N_("List what a filing’s bundle will hold") },
  { "bundle", "create", bundle_create, N_("Package and sign a filing’s bundle") },
  { "bundle", "verify", bundle_verify, N_("Verify a signed bundle") },
  { NULL }
};
