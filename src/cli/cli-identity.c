#include "config.h"

#include <glib/gi18n.h>

#include "cli-common.h"
#include "cli-password.h"
#include "bundle/csl-cms.h"
#include "base/csl-error.h"
#include "bundle/csl-identity.h"
#include "records/csl-serialize.h"

static int
identity_create (CliContext  *ctx,
                 int          argc,
                 char       **argv)
{
  g_autofree char *name = NULL, *out = NULL, *key_type = NULL, *password_file = NULL, *cert_out = NULL;
  int days = CSL_IDENTITY_DEFAULT_DAYS;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Name in the certificate (the manufacturer or a person)"), N_("NAME") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("PKCS#12 file to write (mode 0600)"), N_("FILE.p12") },
    { "key-type", 0, 0, G_OPTION_ARG_STRING, &key_type, N_("rsa (default), ec (ECDSA P-256), ed25519 or sm2"), N_("TYPE") },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("Validity in days (default 1095)"), N_("DAYS") },
    { "cert-out", 0, 0, G_OPTION_ARG_FILENAME, &cert_out, N_("Also write the certificate as PEM, for reviewers to pin"), N_("CERT.pem") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file, N_("Read the new password from this file instead of standard input"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CslIdentity) identity = NULL;
  g_autoptr(CslPassword) password = NULL;
  g_autofree char *fingerprint = NULL;
  CslKeyType type = CSL_KEY_RSA;
  int code;

  if (!cli_parse (ctx, entries, NULL,
                  _("Make a self-signed signing identity for a manufacturer without a PKI. The password "
                    "protecting the key is read from --password-file or standard input; the SHA-256 "
                    "fingerprint of the certificate is printed."),
                  &argc, &argv, &code))
    return code;
  if (argc > 1)
    return cli_usage (ctx, _("unexpected argument “%s”"), argv[1]);
  if (!cli_require (ctx, name, "--name", &code) || !cli_require (ctx, out, "--out", &code))
    return code;
  if (days <= 0)
    return cli_usage (ctx, _("--days %d is not a positive number of days"), days);
  if ((key_type != NULL && !csl_key_type_parse (key_type, &type, &error)) ||
      !csl_key_type_can_sign_cms (type, &error))
    return cli_error (ctx, error);
  password = cli_read_password (password_file, _("Password for the new key: "), &error);
  if (password == NULL)
    return cli_error (ctx, error);
  if ((identity = csl_identity_generate (name, type, (guint) days, &error)) == NULL ||
      !csl_identity_save_pkcs12 (identity, out, password, &error) ||
      (cert_out != NULL && !csl_identity_save_cert (identity, cert_out, &error)))
    return cli_error (ctx, error);
  fingerprint = csl_identity_dup_fingerprint (identity);
  g_print ("%s\n", fingerprint);
  return CLI_EXIT_OK;
}

static int
identity_show (CliContext  *ctx,
               int          argc,
               char       **argv)
{
  g_autofree char *p12 = NULL, *key = NULL, *cert = NULL, *chain = NULL, *password_file = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "p12", 0, 0, G_OPTION_ARG_FILENAME, &p12, N_("PKCS#12 file (.p12/.pfx)"), N_("FILE") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key, N_("PEM private key"), N_("KEY.pem") },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME, &cert, N_("PEM certificate"), N_("CERT.pem") },
    { "chain", 0, 0, G_OPTION_ARG_FILENAME, &chain, N_("PEM intermediate certificates"), N_("CHAIN.pem") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file, N_("Read the password from this file"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CslIdentity) identity = NULL;
  g_autofree char *subject = NULL, *fingerprint = NULL, *not_after = NULL;
  int code;

  if (!cli_parse (ctx, entries, NULL, _("Show a signing identity: subject, key, validity, fingerprint."),
                  &argc, &argv, &code))
    return code;
  if (argc > 1)
    return cli_usage (ctx, _("unexpected argument “%s”"), argv[1]);
  if ((p12 == NULL) == (key == NULL || cert == NULL))
    return cli_usage (ctx, _("give --p12 FILE, or --key KEY.pem and --cert CERT.pem"));
  identity = cli_load_identity (p12, key, cert, chain, password_file, &error);
  if (identity == NULL)
    return cli_error (ctx, error);
  subject = csl_identity_dup_subject (identity);
  fingerprint = csl_identity_dup_fingerprint (identity);
  not_after = csl_identity_dup_not_after (identity);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      csl_json_member_string (b, "subject", subject);
      csl_json_member_string (b, "key", csl_identity_get_key_name (identity));
      csl_json_member_string (b, "not_after", not_after);
      csl_json_member_string (b, "fingerprint_sha256", fingerprint);
      json_builder_end_object (b);
      cli_print_json (b);
      return CLI_EXIT_OK;
    }
  /* cli_print_field pads by display width, so translated labels of wide characters line up. */
  cli_print_field (_("Subject"), 12, subject);
  cli_print_field (_("Key"), 12, csl_identity_get_key_name (identity));
  cli_print_field (_("Valid until"), 12, not_after);
  cli_print_field (_("SHA-256"), 12, fingerprint);
  return CLI_EXIT_OK;
}

const CliCommand cli_identity_commands[] = {
  { "identity", "create", identity_create, N_("Make a self-signed signing identity (.p12)") },
  { "identity", "show", identity_show, N_("Show a signing identity") },
  { NULL }
};
