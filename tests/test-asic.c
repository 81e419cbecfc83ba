#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <sys/socket.h>

#include "workspace/csl-workspace.h"
#include "bundle/csl-asic.h"
#include "bundle/csl-bundle-verify.h"
#include "bundle/csl-cms.h"
#include "bundle/csl-manifest.h"
#include "bundle/csl-zip-writer.h"
#include "csl-test-bundle.h"
#include "csl-test-members.h"
#include "csl-test-tsa.h"

/* ASiC-E bundles as other tools see them, RFC 3161 timestamps from a local TSA (openssl ts
 * behind tests/tsa-server.py), format-1 bundles still verifying, and each bad input of the
 * issue with its own error code. */

typedef struct
{
  CslTestTmp    tmp;
  CslWorkspace *ws;
  gint64        filing;
  CslIdentity  *identity;
  char         *signer_pem;
  char         *out_dir;      /* where bundles go: nothing else is written there */
  CslTestTsa    tsa;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  CslTestFilingSpec plain = { FALSE, 2, 4000, TRUE };
  g_autoptr(GError) error = NULL;
  g_autofree char *ws_dir = NULL;

  csl_test_tmp_setup (&fx->tmp, NULL);
  ws_dir = g_build_filename (fx->tmp.dir, "ws", NULL);
  fx->ws = csl_workspace_open (ws_dir, &error);
  g_assert_no_error (error);
  fx->filing = csl_test_make_filing (fx->ws, &plain);
  fx->identity = csl_test_identity ("Acme Signing");
  fx->signer_pem = g_build_filename (fx->tmp.dir, "signer.pem", NULL);
  g_assert_true (csl_identity_save_cert (fx->identity, fx->signer_pem, &error));
  fx->out_dir = g_build_filename (fx->tmp.dir, "out", NULL);
  g_mkdir (fx->out_dir, 0700);
  csl_test_tsa_init (&fx->tsa, fx->tmp.dir);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  csl_test_tsa_clear (&fx->tsa);
  g_clear_object (&fx->ws);
  csl_identity_free (fx->identity);
  g_free (fx->signer_pem);
  g_free (fx->out_dir);
  csl_test_tmp_teardown (&fx->tmp, NULL);
}

static gboolean
create (Fixture    *fx,
        CslIdentity *identity,
        const char  *tsa_url,
        guint        timeout,
        gboolean     required,
        GError     **warning,
        char       **path,
        GError     **error)
{
  CslBundleOptions options = { 0 };

  options.identity = identity ? identity : fx->identity;
  options.providers = csl_test_providers ();
  options.today = CSL_TEST_TODAY;
  options.created = CSL_TEST_CREATED;
  options.tsa_url = tsa_url;
  options.tsa_timeout = timeout;
  options.tsa_required = required;
  options.tsa_warning = warning;
  return csl_bundle_create (fx->ws, fx->filing, fx->out_dir, &options, path, NULL, error);
}

static char *
create_ok (Fixture    *fx,
           const char *tsa_url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) warning = NULL;
  char *path = NULL;

  g_assert_true (create (fx, NULL, tsa_url, 0, TRUE, &warning, &path, &error));
  g_assert_no_error (error);
  g_assert_no_error (warning);
  return path;
}

static CslVerifyReport *
verify (const char *bundle,
        const char *signer_pem,
        const char *tsa_ca,
        gint64      at_time)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslTrust) trust = csl_trust_new_pinned (signer_pem, &error);
  g_autoptr(CslTrust) tsa_trust = tsa_ca ? csl_trust_new_ca (tsa_ca, &error) : NULL;
  CslVerifyOptions options = { trust, NULL, NULL, NULL, tsa_trust, at_time };
  CslVerifyReport *r;

  g_assert_no_error (error);
  r = csl_bundle_verify (bundle, &options, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < r->failures->len; i++)
    g_test_message ("failure: %s", (const char *) r->failures->pdata[i]);
  return r;
}

static gboolean
has_error (const CslVerifyReport *r,
           GQuark                 domain,
           int                    code)
{
  for (guint i = 0; i < r->errors->len; i++)
    if (g_error_matches (r->errors->pdata[i], domain, code))
      return TRUE;
  return FALSE;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* python3 with asn1crypto (Debian python3-asn1crypto): the first of PATH's and the system's. */
static const char *
asn1_python (void)
{
  if (csl_test_spawn (NULL, NULL, "python3", "-c", "import asn1crypto") == 0)
    return "python3";
  if (csl_test_spawn (NULL, NULL, "/usr/bin/python3", "-c", "import asn1crypto") == 0)
    return "/usr/bin/python3";
  g_error ("python3-asn1crypto is not installed (build-aux/common.sh installs it)");
  return NULL;
}

static int
check_asic (const char *bundle,
            gboolean    timestamp,
            char      **out)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "check-asic.py", NULL);

  if (timestamp)
    return csl_test_spawn (NULL, out, asn1_python (), script, bundle, "--timestamp");
  return csl_test_spawn (NULL, out, asn1_python (), script, bundle);
}

/* ---- members of a container, to build bad ones from a good one ---- */

/* The ASiCManifest replaced by text, and signed again by the bundle's own signer: only what the
 * new manifest says is wrong. */
static void
replace_manifest (GPtrArray   *members,
                  CslIdentity *identity,
                  const char  *text)
{
  CslTestMember *manifest = csl_test_find_member (members, CSL_ASIC_MANIFEST_PATH);
  CslTestMember *signature = csl_test_find_member (members, CSL_SIGNATURE_PATH);
  g_autoptr(GError) error = NULL;

  g_bytes_unref (manifest->data);
  manifest->data = g_bytes_new (text, strlen (text));
  g_bytes_unref (signature->data);
  signature->data = csl_cms_sign_cades (identity, manifest->data, NULL, &error);
  g_assert_no_error (error);
}

/* ---- tests ---- */

/* A bundle written before ASiC-E (tests/data/format1-bundle.zip) still verifies, as format 1. */
static void
test_format1 (Fixture       *fx,
              gconstpointer  data)
{
  g_autofree char *bundle = g_test_build_filename (G_TEST_DIST, "data", "format1-bundle.zip", NULL);
  g_autofree char *signer = g_test_build_filename (G_TEST_DIST, "data", "format1-signer.pem", NULL);
  g_autofree char *copy = g_build_filename (fx->tmp.dir, "format1.zip", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(CslVerifyReport) r = verify (bundle, signer, NULL, 0);
  gsize len;

  g_assert_true (r->ok);
  g_assert_cmpint (r->format, ==, CSL_BUNDLE_FORMAT_1);
  g_assert_cmpint (r->manifest->format, ==, CSL_MANIFEST_FORMAT);
  g_assert_null (r->asic);
  g_assert_false (r->signer->cades);
  g_clear_pointer (&r, csl_verify_report_free);

  /* Tampering is still detected in the old format: a flipped byte inside the first document. */
  contents = csl_test_read_file (bundle, &len);
  contents[80] ^= 0x01;
  g_assert_true (g_file_set_contents (copy, contents, (gssize) len, NULL));
  r = verify (copy, signer, NULL, 0);
  g_assert_false (r->ok);
}

/* A new bundle as ETSI EN 319 162-1 and 319 122-1 want it, read by tools that are not ours. */
static void
test_interop (Fixture       *fx,
              gconstpointer  data)
{
  g_autofree char *bundle = create_ok (fx, NULL);
  g_autofree char *xsd = g_test_build_filename (G_TEST_DIST, "data", "asic", "ts_102918-asic-manifest.xsd", NULL);
  g_autofree char *unpacked = g_build_filename (fx->tmp.dir, "unpacked", NULL);
  g_autofree char *manifest = g_build_filename (unpacked, "META-INF", "ASiCManifest.xml", NULL);
  g_autofree char *signature = g_build_filename (unpacked, "META-INF", "signature.p7s", NULL);
  g_autoptr(CslVerifyReport) r = verify (bundle, fx->signer_pem, NULL, 0);
  g_autofree char *out = NULL;

  g_assert_true (r->ok);
  g_assert_cmpint (r->format, ==, CSL_BUNDLE_FORMAT_ASIC_E);
  g_assert_cmpint (r->manifest->format, ==, CSL_MANIFEST_FORMAT_ASIC);
  g_assert_true (r->signer->cades);
  g_assert_null (r->signer->timestamp);
  /* manifest.json is one of the data objects. */
  g_assert_nonnull (csl_asic_manifest_find (r->asic, CSL_MANIFEST_PATH));
  g_assert_cmpuint (r->asic->references->len, ==, r->manifest->files->len + 1);

  g_assert_cmpint (check_asic (bundle, FALSE, &out), ==, 0);
  g_assert_nonnull (strstr (out, "ASiC-E OK"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (csl_test_spawn (NULL, NULL, "unzip", "-q", "-d", unpacked, bundle), ==, 0);
  g_assert_cmpint (csl_test_spawn (NULL, &out, "xmllint", "--noout", "--schema", xsd, manifest), ==, 0);
  g_assert_nonnull (strstr (out, "validates"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (csl_test_spawn (NULL, &out, "openssl", "cms", "-verify", "-binary", "-inform", "DER",
                                   "-in", signature, "-content", manifest, "-CAfile", fx->signer_pem,
                                   "-out", "/dev/null"), ==, 0);
  g_assert_nonnull (strstr (out, "Verification successful"));
}

/* The README's timestamp block, with TSA_CA set, as a reviewer would run it. */
static int
run_readme_timestamp (const char *dir,
                      const char *bundle,
                      const char *tsa_ca,
                      char      **out)
{
  g_autofree char *readme_path = g_test_build_filename (G_TEST_DIST, "..", "README.md", NULL);
  g_autofree char *readme = csl_test_read_file (readme_path, NULL);
  const char *start = strstr (readme, "<!-- verify-by-hand: timestamp -->\n");
  const char *body, *end;
  g_autofree char *script = NULL;
  g_autofree char *python = NULL;
  g_autofree char *python_dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (start);
  body = strstr (start, "```bash\n") + strlen ("```bash\n");
  end = strstr (body, "```");
  script = g_strdup_printf ("unzip -q -o -d bundle-check \"$BUNDLE\"\n%.*s", (int) (end - body), body);
  /* The python3 that has asn1crypto first on PATH. */
  python = g_find_program_in_path (asn1_python ());
  python_dir = g_path_get_dirname (python);
  path = g_strconcat (python_dir, ":", g_getenv ("PATH"), NULL);
  g_subprocess_launcher_setenv (launcher, "PATH", path, TRUE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  g_subprocess_launcher_setenv (launcher, "BUNDLE", bundle, TRUE);
  g_subprocess_launcher_setenv (launcher, "TSA_CA", tsa_ca, TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, "bash", "-euo", "pipefail", "-c", script, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s", *out);
  return g_subprocess_get_exit_status (proc);
}

static void
test_timestamp (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *bundle = NULL, *out = NULL;
  g_autofree char *work = g_build_filename (fx->tmp.dir, "review", NULL);
  g_autoptr(CslVerifyReport) r = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) stamped = NULL;

  csl_test_tsa_start (&fx->tsa, "good");
  bundle = create_ok (fx, fx->tsa.url);

  /* Without the TSA's CA: the imprint is checked and the time shown, but not trusted. */
  r = verify (bundle, fx->signer_pem, NULL, 0);
  g_assert_true (r->ok);
  g_assert_nonnull (r->signer->timestamp);
  g_assert_false (r->signer->timestamp_trusted);
  g_clear_pointer (&r, csl_verify_report_free);

  r = verify (bundle, fx->signer_pem, fx->tsa.ca, 0);
  g_assert_true (r->ok);
  g_assert_true (r->signer->timestamp_trusted);
  g_assert_cmpstr (r->signer->timestamp_tsa, ==, "CN=Test TSA");
  /* The token's time is now, give or take the test's own run. */
  stamped = g_date_time_new_from_iso8601 (r->signer->timestamp, NULL);
  g_assert_nonnull (stamped);
  g_assert_cmpint (ABS (g_date_time_difference (stamped, now)), <, 600 * G_TIME_SPAN_SECOND);
  g_clear_pointer (&r, csl_verify_report_free);

  /* Another TSA CA: the token's signature is not trusted. */
  r = verify (bundle, fx->signer_pem, fx->signer_pem, 0);
  g_assert_false (r->ok);
  g_assert_true (has_error (r, CSL_ASIC_ERROR, CSL_ASIC_ERROR_TIMESTAMP_INVALID));
  g_clear_pointer (&r, csl_verify_report_free);

  g_assert_cmpint (check_asic (bundle, TRUE, &out), ==, 0);
  g_assert_nonnull (strstr (out, "ASiC-E OK"));
  g_clear_pointer (&out, g_free);

  g_mkdir (work, 0700);
  g_assert_cmpint (run_readme_timestamp (work, bundle, fx->tsa.ca, &out), ==, 0);
  g_assert_nonnull (strstr (out, "Verification: OK"));
  g_assert_nonnull (strstr (out, "Time stamp:"));
  g_clear_pointer (&out, g_free);
  /* …and refuses a TSA CA that did not issue the TSA's certificate. */
  g_assert_cmpint (run_readme_timestamp (work, bundle, fx->signer_pem, &out), !=, 0);
}

/* An https:// TSA: the server's certificate (for "localhost", issued by the TSA's CA) is checked
 * against SSL_CERT_FILE, as against the system's CAs; an untrusted one is refused. */
static void
test_https (Fixture       *fx,
            gconstpointer  data)
{
  const char *dir = fx->tsa.dir;
  g_autofree char *ext = NULL;
  g_autofree char *url = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  csl_test_tsa_make_pki (&fx->tsa);
  ext = g_build_filename (dir, "server.ext", NULL);
  g_assert_true (g_file_set_contents (ext, "subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n", -1, NULL));
  g_assert_cmpint (csl_test_spawn (dir, NULL, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                                   "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=localhost",
                                   "-keyout", "server.key", "-out", "server.csr"), ==, 0);
  g_assert_cmpint (csl_test_spawn (dir, NULL, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem",
                                   "-CAkey", "ca.key", "-CAcreateserial", "-days", "30", "-extfile", "server.ext",
                                   "-out", "server.pem"), ==, 0);
  csl_test_tsa_start (&fx->tsa, "tls");
  url = g_strdup (fx->tsa.url);
  {
    g_autoptr(GString) u = g_string_new (url);

    g_string_replace (u, "http://127.0.0.1:", "https://localhost:", 1);
    g_free (url);
    url = g_strdup (u->str);
  }

  /* Not trusted: the system's CAs know nothing of the test CA. */
  g_setenv ("SSL_CERT_FILE", fx->signer_pem, TRUE);
  g_assert_false (create (fx, NULL, url, 5, TRUE, NULL, &path, &error));
  g_assert_error (error, CSL_ASIC_ERROR, CSL_ASIC_ERROR_TSA_UNREACHABLE);
  g_clear_error (&error);
  g_assert_cmpuint (count_files (fx->out_dir), ==, 0);

  g_setenv ("SSL_CERT_FILE", fx->tsa.ca, TRUE);
  g_assert_true (create (fx, NULL, url, 5, TRUE, NULL, &path, &error));
  g_assert_no_error (error);
  g_unsetenv ("SSL_CERT_FILE");
  {
    g_autoptr(CslVerifyReport) r = verify (path, fx->signer_pem, fx->tsa.ca, 0);

    g_assert_true (r->ok);
    g_assert_true (r->signer->timestamp_trusted);
  }
}

/* A signer certificate that has expired by the time of verification: accepted with a trusted
 * timestamp from while it was valid, refused without. Verification "as of" a month from now
 * stands in for waiting until the one-day certificate has expired. */
static void
test_expired_signer (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslIdentity) short_lived = csl_identity_generate ("Short Lived", CSL_KEY_EC, 1, &error);
  g_autofree char *cert = g_build_filename (fx->tmp.dir, "short.pem", NULL);
  g_autofree char *stamped = NULL, *plain = NULL;
  g_autoptr(CslTrust) trust = NULL;
  g_autoptr(CslTrust) tsa_trust = NULL;
  gint64 later = g_get_real_time () / G_USEC_PER_SEC + 30 * 24 * 3600;

  g_assert_no_error (error);
  g_assert_true (csl_identity_save_cert (short_lived, cert, &error));
  csl_test_tsa_start (&fx->tsa, "good");
  csl_test_tsa_make_pki (&fx->tsa);
  g_assert_true (create (fx, short_lived, fx->tsa.url, 0, TRUE, NULL, &plain, &error));
  g_assert_no_error (error);
  /* The next bundle of the filing gets the same name. */
  stamped = g_build_filename (fx->tmp.dir, "stamped.zip", NULL);
  g_assert_cmpint (g_rename (plain, stamped), ==, 0);
  g_clear_pointer (&plain, g_free);
  g_assert_true (create (fx, short_lived, NULL, 0, FALSE, NULL, &plain, &error));
  g_assert_no_error (error);
  trust = csl_trust_new_ca (cert, &error);
  tsa_trust = csl_trust_new_ca (fx->tsa.ca, &error);
  g_assert_no_error (error);

  {
    CslVerifyOptions options = { trust, NULL, NULL, NULL, tsa_trust, later };
    g_autoptr(CslVerifyReport) with_ts = csl_bundle_verify (stamped, &options, &error);
    g_autoptr(CslVerifyReport) without_ts = csl_bundle_verify (plain, &options, &error);
    CslVerifyOptions untrusted_ts = { trust, NULL, NULL, NULL, NULL, later };
    g_autoptr(CslVerifyReport) ts_not_checked = csl_bundle_verify (stamped, &untrusted_ts, &error);
    CslVerifyOptions today = { trust, NULL, NULL, NULL, NULL, 0 };
    g_autoptr(CslVerifyReport) plain_today = csl_bundle_verify (plain, &today, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < with_ts->failures->len; i++)
      g_test_message ("failure: %s", (const char *) with_ts->failures->pdata[i]);
    g_assert_true (with_ts->ok);
    g_assert_true (with_ts->signer->trusted);
    g_assert_false (without_ts->ok);
    g_assert_false (without_ts->signer->trusted);
    /* A timestamp counts only when its TSA is trusted. */
    g_assert_false (ts_not_checked->ok);
    /* Today the certificate is valid, timestamp or not. */
    g_assert_true (plain_today->ok);
  }
}

static char *
filing_state (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslFiling) filing = csl_filing_get (fx->ws, fx->filing, &error);

  g_assert_no_error (error);
  return g_strdup_printf ("%s %s", filing->status, filing->bundle_sha256 ? filing->bundle_sha256 : "-");
}

/* No file in the output folder, and the filing as it was. */
static void
assert_nothing_written (Fixture    *fx,
                        const char *state_before)
{
  g_autofree char *state = filing_state (fx);

  g_assert_cmpuint (count_files (fx->out_dir), ==, 0);
  g_assert_cmpstr (state, ==, state_before);
}

/* A TSA that answers garbage, one that never answers, one that is not there: with
 * --tsa-required nothing is written; without it, the bundle is made without a timestamp and the
 * caller is told why. */
static void
test_tsa_errors (Fixture       *fx,
                 gconstpointer  data)
{
  static const struct { const char *mode; CslAsicError code; } cases[] = {
    { "garbage", CSL_ASIC_ERROR_TSA_GARBAGE },
    { "silent", CSL_ASIC_ERROR_TSA_TIMEOUT },
    { NULL, CSL_ASIC_ERROR_TSA_UNREACHABLE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) warning = NULL;
      g_autofree char *path = NULL;
      g_autofree char *url = NULL;
      g_autofree char *before = filing_state (fx);

      if (cases[i].mode != NULL)
        {
          csl_test_tsa_start (&fx->tsa, cases[i].mode);
          url = g_strdup (fx->tsa.url);
        }
      else
        {
          /* A port that was just free: nobody listens there. */
          csl_test_tsa_start (&fx->tsa, "good");
          url = g_strdup (fx->tsa.url);
          csl_test_tsa_stop (&fx->tsa);
        }
      g_assert_false (create (fx, NULL, url, 1, TRUE, &warning, &path, &error));
      g_assert_error (error, CSL_ASIC_ERROR, (int) cases[i].code);
      g_assert_no_error (warning);
      assert_nothing_written (fx, before);
      g_clear_error (&error);

      g_assert_true (create (fx, NULL, url, 1, FALSE, &warning, &path, &error));
      g_assert_no_error (error);
      g_assert_error (warning, CSL_ASIC_ERROR, (int) cases[i].code);
      {
        g_autoptr(CslVerifyReport) r = verify (path, fx->signer_pem, NULL, 0);

        g_assert_true (r->ok);
        g_assert_null (r->signer->timestamp);
      }
      g_assert_cmpint (g_unlink (path), ==, 0);
      /* Packaged now; a packaged filing may be packaged again. */
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *path = NULL;

    g_assert_false (create (fx, NULL, "ftp://tsa.example/", 1, TRUE, NULL, &path, &error));
    g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
    g_assert_cmpuint (count_files (fx->out_dir), ==, 0);
  }
}

/* mimetype not first, compressed; an ASiCManifest naming a file twice or one outside the
 * container; a signature over another manifest; a timestamp over another signature. */
static void
test_bad_containers (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *bundle = NULL;
  g_autofree char *bad = g_build_filename (fx->tmp.dir, "bad.zip", NULL);
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(CslVerifyReport) r = NULL;
  g_autofree char *text = NULL;

  csl_test_tsa_start (&fx->tsa, "good");
  {
    g_autofree char *made = create_ok (fx, fx->tsa.url);

    /* Out of the way of the next bundle of the filing, which gets the same name. */
    bundle = g_build_filename (fx->tmp.dir, "good.zip", NULL);
    g_assert_cmpint (g_rename (made, bundle), ==, 0);
  }

  /* mimetype second. */
  members = csl_test_read_members (bundle);
  g_ptr_array_insert (members, 1, g_ptr_array_steal_index (members, 0));
  csl_test_write_members (bad, members, CSL_ASIC_MIMETYPE_PATH);
  r = verify (bad, fx->signer_pem, NULL, 0);
  g_assert_false (r->ok);
  g_assert_true (has_error (r, CSL_ASIC_ERROR, CSL_ASIC_ERROR_MIMETYPE_NOT_FIRST));
  g_clear_pointer (&r, csl_verify_report_free);
  g_clear_pointer (&members, g_ptr_array_unref);

  /* mimetype deflated. */
  members = csl_test_read_members (bundle);
  csl_test_write_members (bad, members, NULL);
  r = verify (bad, fx->signer_pem, NULL, 0);
  g_assert_false (r->ok);
  g_assert_true (has_error (r, CSL_ASIC_ERROR, CSL_ASIC_ERROR_MIMETYPE_COMPRESSED));
  g_clear_pointer (&r, csl_verify_report_free);
  g_clear_pointer (&members, g_ptr_array_unref);

  /* Written again as it was: verifies (the cases above are about their one change). */
  members = csl_test_read_members (bundle);
  csl_test_write_members (bad, members, CSL_ASIC_MIMETYPE_PATH);
  r = verify (bad, fx->signer_pem, NULL, 0);
  g_assert_true (r->ok);
  g_clear_pointer (&r, csl_verify_report_free);

  /* A file referenced twice, validly signed. */
  text = g_strndup (g_bytes_get_data (csl_test_find_member (members, CSL_ASIC_MANIFEST_PATH)->data, NULL),
                    g_bytes_get_size (csl_test_find_member (members, CSL_ASIC_MANIFEST_PATH)->data));
  {
    const char *ref = strstr (text, "  <asic:DataObjectReference");
    const char *ref_end = strstr (ref, "</asic:DataObjectReference>\n") + strlen ("</asic:DataObjectReference>\n");
    g_autofree char *twice = g_strdup_printf ("%.*s%.*s%s", (int) (ref_end - text), text,
                                              (int) (ref_end - ref), ref, ref_end);

    replace_manifest (members, fx->identity, twice);
    csl_test_write_members (bad, members, CSL_ASIC_MIMETYPE_PATH);
    r = verify (bad, fx->signer_pem, NULL, 0);
    g_assert_false (r->ok);
    g_assert_true (has_error (r, CSL_ASIC_ERROR, CSL_ASIC_ERROR_MANIFEST_DUPLICATE));
    g_clear_pointer (&r, csl_verify_report_free);
  }

  /* A reference outside the container. */
  {
    g_autoptr(GString) outside = g_string_new (text);

    g_string_replace (outside, "URI=\"filing.json\"", "URI=\"../filing.json\"", 1);
    replace_manifest (members, fx->identity, outside->str);
    csl_test_write_members (bad, members, CSL_ASIC_MIMETYPE_PATH);
    r = verify (bad, fx->signer_pem, NULL, 0);
    g_assert_false (r->ok);
    g_assert_true (has_error (r, CSL_ASIC_ERROR, CSL_ASIC_ERROR_MANIFEST_OUTSIDE));
    g_clear_pointer (&r, csl_verify_report_free);
  }
  g_clear_pointer (&members, g_ptr_array_unref);

  /* The signature of another bundle's ASiCManifest (same signer, so only the content differs). */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) other = g_bytes_new_static ("<other/>", 8);
    CslTestMember *sig;

    members = csl_test_read_members (bundle);
    sig = csl_test_find_member (members, CSL_SIGNATURE_PATH);
    g_bytes_unref (sig->data);
    sig->data = csl_cms_sign_cades (fx->identity, other, NULL, &error);
    g_assert_no_error (error);
    csl_test_write_members (bad, members, CSL_ASIC_MIMETYPE_PATH);
    r = verify (bad, fx->signer_pem, NULL, 0);
    g_assert_false (r->ok);
    g_assert_true (has_error (r, CSL_ASIC_ERROR, CSL_ASIC_ERROR_SIGNATURE_MISMATCH));
    g_clear_pointer (&r, csl_verify_report_free);
    g_clear_pointer (&members, g_ptr_array_unref);
  }

  /* This signature with the timestamp token of another signature over the same manifest. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *second = create_ok (fx, fx->tsa.url);
    g_autoptr(GPtrArray) others = csl_test_read_members (second);
    GBytes *donor = csl_test_find_member (others, CSL_SIGNATURE_PATH)->data;
    CslTestMember *sig;
    const unsigned char *p;
    CMS_ContentInfo *mine, *theirs;
    CMS_SignerInfo *si_mine, *si_theirs;
    X509_ATTRIBUTE *token;
    unsigned char *der = NULL;
    int der_len;

    members = csl_test_read_members (bundle);
    sig = csl_test_find_member (members, CSL_SIGNATURE_PATH);
    p = g_bytes_get_data (sig->data, NULL);
    mine = d2i_CMS_ContentInfo (NULL, &p, (long) g_bytes_get_size (sig->data));
    p = g_bytes_get_data (donor, NULL);
    theirs = d2i_CMS_ContentInfo (NULL, &p, (long) g_bytes_get_size (donor));
    g_assert_nonnull (mine);
    g_assert_nonnull (theirs);
    si_mine = sk_CMS_SignerInfo_value (CMS_get0_SignerInfos (mine), 0);
    si_theirs = sk_CMS_SignerInfo_value (CMS_get0_SignerInfos (theirs), 0);
    token = CMS_unsigned_delete_attr (si_mine, CMS_unsigned_get_attr_by_NID (si_mine, NID_id_smime_aa_timeStampToken, -1));
    X509_ATTRIBUTE_free (token);
    g_assert_true (CMS_unsigned_add1_attr (si_mine, CMS_unsigned_get_attr (si_theirs, CMS_unsigned_get_attr_by_NID (si_theirs, NID_id_smime_aa_timeStampToken, -1))));
    der_len = i2d_CMS_ContentInfo (mine, &der);
    g_assert_cmpint (der_len, >, 0);
    g_bytes_unref (sig->data);
    sig->data = g_bytes_new (der, (gsize) der_len);
    OPENSSL_free (der);
    CMS_ContentInfo_free (mine);
    CMS_ContentInfo_free (theirs);
    csl_test_write_members (bad, members, CSL_ASIC_MIMETYPE_PATH);
    r = verify (bad, fx->signer_pem, fx->tsa.ca, 0);
    g_assert_false (r->ok);
    g_assert_true (has_error (r, CSL_ASIC_ERROR, CSL_ASIC_ERROR_TIMESTAMP_MISMATCH));
    g_clear_pointer (&r, csl_verify_report_free);
    g_clear_pointer (&members, g_ptr_array_unref);
    g_unlink (second);
  }
}

/* The ASiCManifest parser on its own: each way a manifest can be wrong. */
static void
test_manifest_parse (void)
{
  static const char *const head =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<asic:ASiCManifest xmlns:asic=\"http://uri.etsi.org/02918/v1.2.1#\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"
    "<asic:SigReference URI=\"META-INF/signature.p7s\"/>";
  static const char *const digest =
    "<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>"
    "<ds:DigestValue>47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=</ds:DigestValue>";
  static const struct { const char *body; CslAsicError code; } cases[] = {
    { "<asic:DataObjectReference URI=\"a.pdf\">%s</asic:DataObjectReference>"
      "<asic:DataObjectReference URI=\"a.pdf\">%s</asic:DataObjectReference>", CSL_ASIC_ERROR_MANIFEST_DUPLICATE },
    { "<asic:DataObjectReference URI=\"../a.pdf\">%s</asic:DataObjectReference>", CSL_ASIC_ERROR_MANIFEST_OUTSIDE },
    { "<asic:DataObjectReference URI=\"/etc/passwd\">%s</asic:DataObjectReference>", CSL_ASIC_ERROR_MANIFEST_OUTSIDE },
    { "<asic:DataObjectReference URI=\"file:///etc/passwd\">%s</asic:DataObjectReference>", CSL_ASIC_ERROR_MANIFEST_OUTSIDE },
    { "<asic:DataObjectReference URI=\"a.pdf\"></asic:DataObjectReference>", CSL_ASIC_ERROR_MANIFEST_INVALID },
    { "<asic:DataObjectReference URI=\"a.pdf\">%s<extra/></asic:DataObjectReference>", CSL_ASIC_ERROR_MANIFEST_INVALID },
    { "", CSL_ASIC_ERROR_MANIFEST_INVALID },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* The bodies are this table's own literals, each with at most two %s for the digest. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      g_autofree char *body = g_strdup_printf (cases[i].body, digest, digest);
#pragma GCC diagnostic pop
      g_autofree char *text = g_strconcat (head, body, "</asic:ASiCManifest>", NULL);
      g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
      g_autoptr(CslAsicManifest) m = csl_asic_manifest_parse (bytes, &error);

      g_assert_null (m);
      g_assert_error (error, CSL_ASIC_ERROR, (int) cases[i].code);
      g_clear_error (&error);
    }
  {
    static const char *const bad_texts[] = {
      "not xml at all",
      "<ASiCManifest/>",
      "<a:ASiCManifest xmlns:a=\"urn:other\"/>",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad_texts); i++)
      {
        g_autoptr(GBytes) bytes = g_bytes_new_static (bad_texts[i], strlen (bad_texts[i]));
        g_autoptr(CslAsicManifest) m = csl_asic_manifest_parse (bytes, &error);

        g_assert_null (m);
        g_assert_error (error, CSL_ASIC_ERROR, CSL_ASIC_ERROR_MANIFEST_INVALID);
        g_clear_error (&error);
      }
  }
  /* Another prefix for the same namespaces reads the same. */
  {
    g_autofree char *body = g_strdup_printf ("<e:DataObjectReference URI=\"a.pdf\">%s</e:DataObjectReference>", digest);
    g_autoptr(GString) text = g_string_new (head);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(CslAsicManifest) m = NULL;

    g_string_replace (text, "asic:", "e:", 0);
    g_string_replace (text, "xmlns:asic", "xmlns:e", 0);
    g_string_append_printf (text, "%s</e:ASiCManifest>", body);
    bytes = g_bytes_new (text->str, text->len);
    m = csl_asic_manifest_parse (bytes, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (m->references->len, ==, 1);
    g_assert_cmpstr (((CslAsicReference *) m->references->pdata[0])->sha256, ==,
                     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}

/* The CLI: --tsa, --tsa-required, the format and the timestamp in verify's report. */
static void
test_cli (Fixture       *fx,
          gconstpointer  data)
{
  g_autofree char *ws_dir = g_build_filename (fx->tmp.dir, "ws", NULL);
  g_autofree char *p12 = g_build_filename (fx->tmp.dir, "id.p12", NULL);
  g_autofree char *pw = g_build_filename (fx->tmp.dir, "pw.txt", NULL);
  g_autofree char *out = g_build_filename (fx->out_dir, "cli.zip", NULL);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, fx->filing);
  g_autofree char *cert = g_build_filename (fx->tmp.dir, "id.pem", NULL);
  const char *cli = g_getenv ("CSL_FILER_CLI");
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *format1 = g_test_build_filename (G_TEST_DIST, "data", "format1-bundle.zip", NULL);
  g_autofree char *format1_signer = g_test_build_filename (G_TEST_DIST, "data", "format1-signer.pem", NULL);

  g_assert_nonnull (cli);
  g_assert_true (g_file_set_contents (pw, "correct horse\n", -1, &error));
  g_assert_cmpint (csl_test_spawn (NULL, NULL, cli, "identity", "create", "--name", "Acme CLI", "--out", p12,
                                   "--key-type", "ec", "--cert-out", cert, "--password-file", pw), ==, 0);
  /* The workspace is the CLI's now. */
  g_clear_object (&fx->ws);

  csl_test_tsa_start (&fx->tsa, "garbage");
  g_assert_cmpint (csl_test_spawn (NULL, &output, cli, "--workspace", ws_dir, "bundle", "create", id, "--out", out,
                                   "--p12", p12, "--password-file", pw, "--tsa", fx->tsa.url, "--tsa-required",
                                   "--tsa-timeout", "5"), ==, 2);
  g_assert_nonnull (strstr (output, "not a time-stamp response"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_clear_pointer (&output, g_free);

  csl_test_tsa_start (&fx->tsa, "good");
  g_assert_cmpint (csl_test_spawn (NULL, &output, cli, "--workspace", ws_dir, "bundle", "create", id, "--out", out,
                                   "--p12", p12, "--password-file", pw, "--tsa", fx->tsa.url), ==, 0);
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (csl_test_spawn (NULL, &output, cli, "bundle", "verify", out, "--signer", cert,
                                   "--tsa-ca", fx->tsa.ca), ==, 0);
  g_assert_nonnull (strstr (output, "ASiC-E with CAdES"));
  g_assert_nonnull (strstr (output, "by CN=Test TSA (trusted)"));
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (csl_test_spawn (NULL, &output, cli, "bundle", "verify", out, "--signer", cert, "--json"), ==, 0);
  g_assert_nonnull (strstr (output, "\"format\" : \"asic-e\""));
  g_assert_nonnull (strstr (output, "\"cades\" : true"));
  g_clear_pointer (&output, g_free);

  g_assert_cmpint (csl_test_spawn (NULL, &output, cli, "bundle", "verify", format1, "--signer", format1_signer), ==, 0);
  g_assert_nonnull (strstr (output, "format 1 (signed manifest.json)"));
  g_clear_pointer (&output, g_free);

  g_assert_cmpint (csl_test_spawn (NULL, &output, cli, "--workspace", ws_dir, "bundle", "create", id, "--out", out,
                                   "--p12", p12, "--password-file", pw, "--tsa-required"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  g_test_add_func ("/asic/manifest-parse", test_manifest_parse);
  ADD ("/asic/format1", test_format1);
  ADD ("/asic/interop", test_interop);
  ADD ("/asic/timestamp", test_timestamp);
  ADD ("/asic/https", test_https);
  ADD ("/asic/expired-signer", test_expired_signer);
  ADD ("/asic/tsa-errors", test_tsa_errors);
  ADD ("/asic/bad-containers", test_bad_containers);
  ADD ("/asic/cli", test_cli);
  return g_test_run ();
}
