#pragma once

/* A local RFC 3161 time-stamping authority: a CA and a TSA certificate it issued, made with
 * the openssl command, and tests/tsa-server.py answering with `openssl ts -reply`. Shared by
 * the ASiC-E tests and the UI's. */

#include <gio/gio.h>

#include "csl-test-bundle.h"

typedef struct
{
  char        *dir;      /* tsa.cnf, the keys and certificates */
  char        *ca;       /* the TSA's CA, PEM; NULL until made */
  GSubprocess *server;
  char        *url;      /* while the server runs */
} CslTestTsa;

static inline void
csl_test_tsa_init (CslTestTsa *tsa,
                   const char *parent)
{
  memset (tsa, 0, sizeof *tsa);
  tsa->dir = g_build_filename (parent, "tsa", NULL);
}

/* extendedKeyUsage critical timeStamping, as RFC 3161 asks of a TSA's certificate. */
static inline void
csl_test_tsa_make_pki (CslTestTsa *tsa)
{
  g_autofree char *ext = g_build_filename (tsa->dir, "tsa.ext", NULL);
  g_autofree char *cnf = g_build_filename (tsa->dir, "tsa.cnf", NULL);
  g_autofree char *config = NULL;
  const char *dir = tsa->dir;

  if (tsa->ca != NULL)
    return;
  g_mkdir (dir, 0700);
  g_assert_true (g_file_set_contents (ext, "basicConstraints=critical,CA:FALSE\n"
                                           "keyUsage=critical,digitalSignature\n"
                                           "extendedKeyUsage=critical,timeStamping\n", -1, NULL));
  config = g_strdup_printf ("[ tsa ]\ndefault_tsa = tsa_config\n"
                            "[ tsa_config ]\nserial = %s/serial\nsigner_cert = %s/tsa.pem\ncerts = %s/ca.pem\n"
                            "signer_key = %s/tsa.key\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\n"
                            "digests = sha256\naccuracy = secs:1\nordering = yes\ntsa_name = yes\n"
                            "ess_cert_id_alg = sha256\n",
                            dir, dir, dir, dir);
  g_assert_true (g_file_set_contents (cnf, config, -1, NULL));
  g_assert_cmpint (csl_test_spawn (dir, NULL, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                                   "ec_paramgen_curve:P-256", "-nodes", "-days", "3650", "-subj", "/CN=Test TSA CA",
                                   "-keyout", "ca.key", "-out", "ca.pem"), ==, 0);
  g_assert_cmpint (csl_test_spawn (dir, NULL, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                                   "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=Test TSA",
                                   "-keyout", "tsa.key", "-out", "tsa.csr"), ==, 0);
  g_assert_cmpint (csl_test_spawn (dir, NULL, "openssl", "x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem",
                                   "-CAkey", "ca.key", "-CAcreateserial", "-days", "3650", "-extfile", "tsa.ext",
                                   "-out", "tsa.pem"), ==, 0);
  tsa->ca = g_build_filename (dir, "ca.pem", NULL);
}

static inline void
csl_test_tsa_stop (CslTestTsa *tsa)
{
  if (tsa->server == NULL)
    return;
  g_subprocess_force_exit (tsa->server);
  g_subprocess_wait (tsa->server, NULL, NULL);
  g_clear_object (&tsa->server);
  g_clear_pointer (&tsa->url, g_free);
}

/* mode is tsa-server.py's: good, garbage, silent or tls. */
static inline void
csl_test_tsa_start (CslTestTsa *tsa,
                    const char *mode)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "tsa-server.py", NULL);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;

  csl_test_tsa_stop (tsa);
  csl_test_tsa_make_pki (tsa);
  tsa->server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                                  "python3", script, mode, tsa->dir, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (tsa->server));
  port = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (port);
  tsa->url = g_strdup_printf ("http://127.0.0.1:%s/tsa", port);
}

static inline void
csl_test_tsa_clear (CslTestTsa *tsa)
{
  csl_test_tsa_stop (tsa);
  g_clear_pointer (&tsa->ca, g_free);
  g_clear_pointer (&tsa->dir, g_free);
}
