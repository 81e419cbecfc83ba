#include "config.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include "bundle/csl-cms.h"
#include "bundle/csl-identity.h"
#include "csl-test-bundle.h"

static void
assert_subject (CslIdentity *id,
                const char  *expected)
{
  g_autofree char *subject = csl_identity_dup_subject (id);

  g_assert_cmpstr (subject, ==, expected);
}

static char *
path_in (CslTestTmp *tmp,
         const char *name)
{
  return g_build_filename (tmp->dir, name, NULL);
}

static void
test_generate_and_pkcs12 (CslTestTmp    *tmp,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslPassword) password = csl_password_new ("s3cret pass");
  g_autoptr(CslPassword) wrong = csl_password_new ("s3cret pasS");
  g_autofree char *p12 = path_in (tmp, "id.p12");
  g_autofree char *pem = path_in (tmp, "id.pem");
  g_autofree char *fingerprint = NULL, *out = NULL, *expected = NULL;
  g_autoptr(GBytes) content = g_bytes_new_static ("manifest", 8);
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(CslSigner) signer = NULL;
  const CslKeyType types[] = { CSL_KEY_EC, CSL_KEY_RSA };
  struct stat st;

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(CslIdentity) id = csl_identity_generate ("  北京示例 Signing  ", types[i], 10, &error);
      g_autoptr(CslIdentity) back = NULL;
      g_autoptr(CslTrust) trust = NULL;

      g_assert_no_error (error);
      g_autofree char *original = NULL;

      assert_subject (id, "CN=北京示例 Signing");
      g_assert_true (csl_identity_save_pkcs12 (id, p12, password, &error));
      g_assert_cmpint (g_stat (p12, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      back = csl_identity_load_pkcs12 (p12, password, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (csl_identity_get_key_name (back), ==, types[i] == CSL_KEY_EC ? "ECDSA" : "RSA");
      g_clear_pointer (&fingerprint, g_free);
      fingerprint = csl_identity_dup_fingerprint (back);
      original = csl_identity_dup_fingerprint (id);
      g_assert_cmpstr (fingerprint, ==, original);

      /* The self-signed certificate is its own trust anchor. */
      g_assert_true (csl_identity_save_cert (id, pem, &error));
      g_clear_pointer (&sig, g_bytes_unref);
      sig = csl_cms_sign (back, content, &error);
      g_assert_no_error (error);
      trust = csl_trust_new_ca (pem, &error);
      g_clear_pointer (&signer, csl_signer_free);
      g_assert_true (csl_cms_verify (sig, content, trust, &signer, &error));
      g_assert_true (signer->trusted);
    }

  /* The fingerprint is the one openssl prints. */
  g_assert_cmpint (csl_test_spawn (NULL, &out, "openssl", "x509", "-in", pem, "-noout", "-fingerprint", "-sha256"), ==, 0);
  expected = g_strdup_printf ("sha256 Fingerprint=%s", fingerprint);
  g_assert_cmpstr (g_strstrip (out), ==, expected);

  g_assert_null (csl_identity_load_pkcs12 (p12, wrong, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_PASSWORD);
  g_assert_nonnull (strstr (error->message, "wrong"));
  g_assert_nonnull (strstr (error->message, p12));
  g_clear_error (&error);
  g_assert_null (csl_identity_load_pkcs12 (p12, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_PASSWORD);
  g_clear_error (&error);
  g_assert_null (csl_identity_load_pkcs12 (pem, password, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_clear_error (&error);

  {
    g_autoptr(CslIdentity) id = csl_test_identity ("x");
    g_autoptr(CslPassword) empty = csl_password_new ("");

    g_assert_false (csl_identity_save_pkcs12 (id, p12, empty, &error));
    g_assert_error (error, CSL_ERROR, CSL_ERROR_PASSWORD);
    g_clear_error (&error);
  }
  g_assert_null (csl_identity_generate ("   ", CSL_KEY_EC, 10, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (csl_identity_generate ("x", CSL_KEY_EC, 0, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
}

static void
test_legacy_pkcs12 (CslTestTmp    *tmp,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslPassword) password = csl_password_new ("oldpass");
  g_autoptr(CslIdentity) id = NULL;
  g_autofree char *legacy = path_in (tmp, "legacy.pfx");
  g_autofree char *info = NULL;
  g_autofree char *pw_file = path_in (tmp, "pw");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *err = NULL;

  /* As Windows and older OpenSSL wrote them: 3DES for the key, RC2-40 for the certificates,
   * an SHA-1 MAC. */
  g_assert_cmpint (csl_test_spawn (tmp->dir, NULL, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                                   "-keyout", "legacy.key", "-out", "legacy.pem", "-subj", "/CN=Legacy Signer",
                                   "-days", "10"), ==, 0);
  g_assert_cmpint (csl_test_spawn (tmp->dir, NULL, "openssl", "pkcs12", "-export", "-legacy",
                                   "-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-RC2-40",
                                   "-inkey", "legacy.key", "-in", "legacy.pem", "-out", legacy,
                                   "-passout", "pass:oldpass"), ==, 0);
  g_assert_cmpint (csl_test_spawn (tmp->dir, &info, "openssl", "pkcs12", "-info", "-noout", "-legacy",
                                   "-in", legacy, "-passin", "pass:oldpass"), ==, 0);
  g_assert_nonnull (strstr (info, "RC2"));

  id = csl_identity_load_pkcs12 (legacy, password, &error);
  g_assert_no_error (error);
  assert_subject (id, "CN=Legacy Signer");

  /* Without OpenSSL's legacy module the file cannot be opened, and the message says why. */
  g_assert_true (g_file_set_contents (pw_file, "oldpass\n", -1, NULL));
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "OPENSSL_MODULES", "/nonexistent", TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CSL_FILER_CLI"), "identity", "show",
                                      "--p12", legacy, "--password-file", pw_file, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 2);
  g_assert_nonnull (strstr (err, "legacy provider"));
}

static void
test_pem (CslTestTmp    *tmp,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslPassword) password = csl_password_new ("pemsecret");
  g_autoptr(CslPassword) wrong = csl_password_new ("nope");
  g_autoptr(CslIdentity) id = NULL;
  g_autofree char *key = path_in (tmp, "signer.key");
  g_autofree char *cert = path_in (tmp, "signer.pem");
  g_autofree char *chain = path_in (tmp, "inter.pem");
  g_autofree char *other = path_in (tmp, "other.pem");
  g_autofree char *plain = path_in (tmp, "signer-plain.key");

  csl_test_make_pki (tmp->dir);
  id = csl_identity_load_pem (key, cert, chain, password, &error);
  g_assert_no_error (error);
  assert_subject (id, "CN=Acme Signer,O=Acme Smart Devices");
  g_clear_pointer (&id, csl_identity_free);

  g_assert_null (csl_identity_load_pem (key, cert, NULL, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_PASSWORD);
  g_assert_nonnull (strstr (error->message, "encrypted"));
  g_clear_error (&error);
  g_assert_null (csl_identity_load_pem (key, cert, NULL, wrong, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_PASSWORD);
  g_assert_nonnull (strstr (error->message, "wrong"));
  g_clear_error (&error);
  /* An unencrypted key needs none. */
  id = csl_identity_load_pem (plain, cert, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&id, csl_identity_free);
  /* A key and somebody else's certificate. */
  g_assert_null (csl_identity_load_pem (plain, other, NULL, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "does not belong"));
  g_clear_error (&error);
  g_assert_null (csl_identity_load_pem (plain, plain, NULL, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (csl_identity_load_pem (cert, cert, NULL, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (csl_identity_load_pem ("/nonexistent.key", cert, NULL, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND);
}

/* Signs with a key this OpenSSL may or may not put into CMS: where it can, the signature
 * verifies; where it cannot, a clear error and no signature, never a broken one. */
static void
check_sign_or_refuse (CslTestTmp *tmp,
                      CslKeyType  type,
                      const char *key_pem,
                      const char *cert_pem)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) probe_error = NULL;
  g_autoptr(CslIdentity) id = csl_identity_load_pem (key_pem, cert_pem, NULL, NULL, &error);
  g_autoptr(GBytes) content = g_bytes_new_static ("manifest", 8);
  g_autoptr(GBytes) sig = NULL;
  gboolean supported = csl_key_type_can_sign_cms (type, &probe_error);

  g_assert_no_error (error);
  sig = csl_cms_sign (id, content, &error);
  if (supported)
    {
      g_autoptr(CslSigner) signer = NULL;

      g_assert_no_error (error);
      g_assert_true (csl_cms_verify (sig, content, NULL, &signer, &error));
      return;
    }
  g_test_message ("%s", probe_error->message);
  g_assert_null (sig);
  g_assert_error (error, CSL_ERROR, CSL_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, OpenSSL_version (OPENSSL_VERSION)));
  g_clear_error (&error);
  g_assert_null (csl_identity_generate ("x", type, 10, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_UNSUPPORTED);
}

static void
test_sm2 (CslTestTmp    *tmp,
          gconstpointer  data)
{
  g_autofree char *key = path_in (tmp, "sm2.key");
  g_autofree char *cert = path_in (tmp, "sm2.pem");
  g_autoptr(GError) error = NULL;
  EVP_PKEY *pkey = EVP_PKEY_Q_keygen (NULL, NULL, "SM2");
  FILE *f;

  if (pkey == NULL)
    {
      g_test_skip ("this OpenSSL cannot generate SM2 keys");
      return;
    }
  f = fopen (key, "w");
  g_assert_nonnull (f);
  g_assert_true (PEM_write_PrivateKey (f, pkey, NULL, NULL, 0, NULL, NULL));
  fclose (f);
  EVP_PKEY_free (pkey);
  g_assert_cmpint (csl_test_spawn (tmp->dir, NULL, "openssl", "req", "-new", "-x509", "-key", key, "-sm3",
                                   "-sigopt", "distid:1234567812345678", "-subj", "/CN=SM2 Signer",
                                   "-days", "10", "-out", cert), ==, 0);
  check_sign_or_refuse (tmp, CSL_KEY_SM2, key, cert);
  if (OpenSSL_version_num () < 0x30200000L)
    {
      g_assert_false (csl_key_type_can_sign_cms (CSL_KEY_SM2, &error));
      g_assert_nonnull (strstr (error->message, "3.2"));
    }
}

static void
test_ed25519 (CslTestTmp    *tmp,
              gconstpointer  data)
{
  g_assert_cmpint (csl_test_spawn (tmp->dir, NULL, "openssl", "req", "-x509", "-newkey", "ed25519", "-nodes",
                                   "-keyout", "ed.key", "-out", "ed.pem", "-subj", "/CN=Ed Signer",
                                   "-days", "10"), ==, 0);
  {
    g_autofree char *key = path_in (tmp, "ed.key");
    g_autofree char *cert = path_in (tmp, "ed.pem");
    check_sign_or_refuse (tmp, CSL_KEY_ED25519, key, cert);
  }
}

static void
test_password_file (CslTestTmp    *tmp,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = path_in (tmp, "pw");
  g_autofree char *long_text = g_strnfill (2000, 'p');
  CslPassword *pw;

  g_assert_true (g_file_set_contents (path, "  two words \r\nsecond line\n", -1, NULL));
  pw = csl_password_read (path, &error);
  g_assert_cmpstr (pw, ==, "  two words ");
  csl_password_free (pw);
  g_assert_true (g_file_set_contents (path, "no newline", -1, NULL));
  pw = csl_password_read (path, &error);
  g_assert_cmpstr (pw, ==, "no newline");
  csl_password_free (pw);
  g_assert_true (g_file_set_contents (path, long_text, -1, NULL));
  g_assert_null (csl_password_read (path, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_PASSWORD);
  g_clear_error (&error);
  g_assert_null (csl_password_read ("/nonexistent/pw", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/pw"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, CslTestTmp, NULL, csl_test_tmp_setup, fn, csl_test_tmp_teardown)
  ADD ("/identity/generate-and-pkcs12", test_generate_and_pkcs12);
  ADD ("/identity/legacy-pkcs12", test_legacy_pkcs12);
  ADD ("/identity/pem", test_pem);
  ADD ("/identity/sm2", test_sm2);
  ADD ("/identity/ed25519", test_ed25519);
  ADD ("/identity/password-file", test_password_file);
  return g_test_run ();
}
