#include "config.h"

#include <glib/gi18n-lib.h>
#include <openssl/bioerr.h>
#include <openssl/err.h>
#include <openssl/http.h>
#include <openssl/httperr.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>
#include <string.h>

#include "base/csl-crypto.h"
#include "base/csl-error.h"
#include "bundle/csl-asic.h"
#include "bundle/csl-tsa.h"

void
csl_timestamp_free (CslTimestamp *ts)
{
  if (ts == NULL)
    return;
  g_free (ts->time);
  g_free (ts->tsa);
  g_free (ts);
}

static void
sha256 (const guint8 *data,
        gsize         len,
        guint8        out[32])
{
  gsize out_len = 32;
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (sum, data, (gssize) len);
  g_checksum_get_digest (sum, out, &out_len);
  g_checksum_free (sum);
}

static TS_REQ *
build_request (const guint8  *data,
               gsize          len,
               ASN1_INTEGER **nonce_out)
{
  guint8 digest[32];
  guint8 nonce_bytes[8];
  TS_REQ *req = TS_REQ_new ();
  TS_MSG_IMPRINT *imprint = TS_MSG_IMPRINT_new ();
  X509_ALGOR *algo = X509_ALGOR_new ();
  BIGNUM *bn;
  ASN1_INTEGER *nonce;
  gboolean ok;

  sha256 (data, len, digest);
  RAND_bytes (nonce_bytes, sizeof nonce_bytes);
  nonce_bytes[0] &= 0x7f;
  bn = BN_bin2bn (nonce_bytes, sizeof nonce_bytes, NULL);
  nonce = BN_to_ASN1_INTEGER (bn, NULL);
  BN_free (bn);
  ok = X509_ALGOR_set0 (algo, OBJ_nid2obj (NID_sha256), V_ASN1_NULL, NULL) &&
       TS_MSG_IMPRINT_set_algo (imprint, algo) &&
       TS_MSG_IMPRINT_set_msg (imprint, digest, sizeof digest) &&
       TS_REQ_set_version (req, 1) &&
       TS_REQ_set_msg_imprint (req, imprint) &&
       TS_REQ_set_nonce (req, nonce) &&
       /* The TSA's certificate in the token: a recipient then needs only its CA. */
       TS_REQ_set_cert_req (req, 1);
  X509_ALGOR_free (algo);
  TS_MSG_IMPRINT_free (imprint);
  if (!ok)
    {
      ASN1_INTEGER_free (nonce);
      TS_REQ_free (req);
      return NULL;
    }
  *nonce_out = nonce;
  return req;
}

/* HTTPS: OSSL_HTTP_transfer() hands us the connected socket BIO; a TLS BIO goes on top,
 * verifying the server against the system's CAs (or SSL_CERT_FILE) and its host name. */
typedef struct
{
  SSL_CTX *ctx;
  char    *host;
} Tls;

static BIO *
tls_cb (BIO  *bio,
        void *arg,
        int   connect,
        int   detail)
{
  Tls *tls = arg;

  if (connect && detail)
    {
      BIO *sbio = BIO_new (BIO_f_ssl ());
      SSL *ssl = SSL_new (tls->ctx);

      if (sbio == NULL || ssl == NULL)
        {
          BIO_free (sbio);
          SSL_free (ssl);
          return NULL;
        }
      SSL_set_tlsext_host_name (ssl, tls->host);
      SSL_set1_host (ssl, tls->host);
      SSL_set_connect_state (ssl);
      BIO_set_ssl (sbio, ssl, BIO_CLOSE);
      return BIO_push (sbio, bio);
    }
  if (!connect)
    {
      BIO *below;

      ERR_set_mark ();
      BIO_ssl_shutdown (bio);
      below = BIO_pop (bio);
      BIO_free (bio);
      ERR_pop_to_mark ();
      return below;
    }
  return bio;
}

static gboolean
tsa_error (GError     **error,
           CslAsicError code,
           const char  *url,
           const char  *detail)
{
  switch (code)
    {
    case CSL_ASIC_ERROR_TSA_TIMEOUT:
      g_set_error (error, CSL_ASIC_ERROR, code, _("The time-stamping authority %s did not answer in time"), url);
      break;
    case CSL_ASIC_ERROR_TSA_GARBAGE:
      g_set_error (error, CSL_ASIC_ERROR, code, _("The time-stamping authority %s answered with something that is "
                                                  "not a time-stamp response: %s"), url, detail);
      break;
    case CSL_ASIC_ERROR_TSA_REJECTED:
      g_set_error (error, CSL_ASIC_ERROR, code, _("The time-stamping authority %s refused the request: %s"), url, detail);
      break;
    case CSL_ASIC_ERROR_TSA_UNREACHABLE:
    default:
      g_set_error (error, CSL_ASIC_ERROR, CSL_ASIC_ERROR_TSA_UNREACHABLE,
                   _("Cannot reach the time-stamping authority %s: %s"), url, detail);
      break;
    }
  return FALSE;
}

typedef struct {
  CslAsicError kind;
  gboolean     connect_failed;
} HttpFailure;

static void
classify_http_error (int      lib,
                     int      r,
                     gpointer user_data)
{
  HttpFailure *f = user_data;

  /* No connection (refused, no such host, or none within the timeout): a TSA not there. */
  if (lib == ERR_LIB_BIO && (r == BIO_R_CONNECT_TIMEOUT || r == BIO_R_CONNECT_ERROR))
    f->kind = CSL_ASIC_ERROR_TSA_UNREACHABLE, f->connect_failed = TRUE;
  else if (lib == ERR_LIB_HTTP && r == HTTP_R_RETRY_TIMEOUT && !f->connect_failed)
    f->kind = CSL_ASIC_ERROR_TSA_TIMEOUT;
  else if (f->kind != CSL_ASIC_ERROR_TSA_TIMEOUT && !f->connect_failed &&
           (lib == ERR_LIB_ASN1 ||
            (lib == ERR_LIB_HTTP &&
             (r == HTTP_R_UNEXPECTED_CONTENT_TYPE || r == HTTP_R_MISSING_CONTENT_TYPE ||
              r == HTTP_R_HEADER_PARSE_ERROR || r == HTTP_R_RESPONSE_PARSE_ERROR ||
              r == HTTP_R_RESPONSE_LINE_TOO_LONG || r == HTTP_R_MAX_RESP_LEN_EXCEEDED ||
              r == HTTP_R_ASN1_LEN_EXCEEDS_MAX_RESP_LEN || r == HTTP_R_MISSING_ASN1_ENCODING ||
              r == HTTP_R_INCONSISTENT_CONTENT_LENGTH))))
    f->kind = CSL_ASIC_ERROR_TSA_GARBAGE;
}

/* What went wrong, from OpenSSL's error queue (which this empties): its HTTP client's own
 * reason for a timeout, a parse error of the answer (HTTP or ASN.1) for garbage, anything else
 * (no connection, an HTTP error status) for an unreachable TSA. */
static char *
take_http_error (CslAsicError *kind,
                 gboolean     *connect_failed)
{
  HttpFailure f = { CSL_ASIC_ERROR_TSA_UNREACHABLE, FALSE };
  char *detail = csl_crypto_error_string_visit (classify_http_error, &f, "no answer");

  *kind = f.kind;
  *connect_failed = f.connect_failed;
  return detail;
}

/* The socket, connected once within the timeout. OpenSSL 3.0's HTTP client would retry a
 * refused connection until its timeout ran out: a TSA that is not there kept the packager
 * waiting 30 s for an answer known at once. */
static BIO *
connect_once (const char *host,
              const char *port,
              guint       timeout)
{
  BIO *cbio = BIO_new_connect (host);
  time_t max_time = time (NULL) + (time_t) timeout;

  if (cbio == NULL || !BIO_set_conn_port (cbio, port) || !BIO_set_nbio (cbio, 1))
    {
      BIO_free_all (cbio);
      return NULL;
    }
  for (;;)
    {
      int rv = BIO_do_connect (cbio);

      if (rv > 0)
        return cbio;
      /* Refused or no such host: the error queue says which. */
      if (!BIO_should_retry (cbio))
        break;
      if (BIO_wait (cbio, max_time, 100) <= 0)
        {
          ERR_raise (ERR_LIB_BIO, BIO_R_CONNECT_TIMEOUT);
          break;
        }
    }
  BIO_free_all (cbio);
  return NULL;
}

static BIO *
post (const char  *url,
      TS_REQ      *req,
      guint        timeout,
      GError     **error)
{
  char *host = NULL, *port = NULL, *path = NULL;
  int use_ssl = 0;
  Tls tls = { NULL, NULL };
  BIO *body = NULL, *answer = NULL, *sock = NULL;
  gint64 started;

  if (!OSSL_HTTP_parse_url (url, &use_ssl, NULL, &host, &port, NULL, &path, NULL, NULL) ||
      (!g_str_has_prefix (url, "http://") && !g_str_has_prefix (url, "https://")))
    {
      ERR_clear_error ();
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("“%s” is not the http:// or https:// address of a time-stamping authority"), url);
      goto out;
    }
  if (use_ssl)
    {
      tls.ctx = SSL_CTX_new (TLS_client_method ());
      tls.host = host;
      SSL_CTX_set_verify (tls.ctx, SSL_VERIFY_PEER, NULL);
      SSL_CTX_set_default_verify_paths (tls.ctx);
    }
  body = BIO_new (BIO_s_mem ());
  i2d_TS_REQ_bio (body, req);
  started = g_get_monotonic_time ();
  sock = connect_once (host, port, timeout);
  /* No rbio: the client reads through the TLS BIO its callback puts on top of the socket. */
  if (sock != NULL)
    answer = OSSL_HTTP_transfer (NULL, host, port, path, use_ssl, NULL, NULL, sock, NULL,
                               use_ssl ? tls_cb : NULL, use_ssl ? &tls : NULL, 0, NULL,
                               "application/timestamp-query", body, "application/timestamp-reply", 1,
                               CSL_TSA_MAX_RESPONSE, (int) timeout, 0);
  if (answer == NULL)
    {
      CslAsicError kind;
      gboolean connect_failed;
      g_autofree char *detail = take_http_error (&kind, &connect_failed);

      /* Connected, then an answer that took the whole timeout: a timeout, whatever the
       * library calls it. */
      if (!connect_failed && g_get_monotonic_time () - started >= (gint64) timeout * G_USEC_PER_SEC)
        kind = CSL_ASIC_ERROR_TSA_TIMEOUT;
      tsa_error (error, kind, url, detail);
    }

out:
  BIO_free (body);
  /* Given to the HTTP client, the socket stays ours to close. */
  BIO_free_all (sock);
  SSL_CTX_free (tls.ctx);
  OPENSSL_free (host);
  OPENSSL_free (port);
  OPENSSL_free (path);
  return answer;
}

GBytes *
csl_tsa_request (const char    *url,
                 const guint8  *data,
                 gsize          len,
                 guint          timeout,
                 GError       **error)
{
  ASN1_INTEGER *nonce = NULL;
  TS_REQ *req;
  TS_RESP *resp = NULL;
  TS_VERIFY_CTX *ctx = NULL;
  BIO *answer;
  GBytes *token = NULL;
  guint8 *der = NULL;
  int der_len;

  csl_crypto_init ();
  if (timeout == 0)
    timeout = CSL_TSA_DEFAULT_TIMEOUT;
  req = build_request (data, len, &nonce);
  if (req == NULL)
    {
      g_autofree char *detail = csl_crypto_error_string ();
      g_set_error (error, CSL_ERROR, CSL_ERROR_UNSUPPORTED, _("Cannot build a time-stamp request: %s"), detail);
      return NULL;
    }
  answer = post (url, req, timeout, error);
  if (answer == NULL)
    goto out;
  resp = d2i_TS_RESP_bio (answer, NULL);
  if (resp == NULL)
    {
      tsa_error (error, CSL_ASIC_ERROR_TSA_GARBAGE, url, _("not a DER TimeStampResp"));
      goto out;
    }
  if (ASN1_INTEGER_get (TS_STATUS_INFO_get0_status (TS_RESP_get_status_info (resp))) > 1 ||
      TS_RESP_get_token (resp) == NULL)
    {
      g_autofree char *status = g_strdup_printf ("status %ld",
                                                 ASN1_INTEGER_get (TS_STATUS_INFO_get0_status (TS_RESP_get_status_info (resp))));
      tsa_error (error, CSL_ASIC_ERROR_TSA_REJECTED, url, status);
      goto out;
    }
  /* The answer must be to this request: our nonce, our imprint. The TSA's signature is
   * checked by whoever trusts its CA (bundle verify --tsa-ca). */
  ctx = TS_REQ_to_TS_VERIFY_CTX (req, NULL);
  TS_VERIFY_CTX_set_flags (ctx, TS_VFY_VERSION | TS_VFY_IMPRINT | TS_VFY_NONCE);
  if (TS_RESP_verify_response (ctx, resp) != 1)
    {
      g_autofree char *detail = csl_crypto_error_string ();
      tsa_error (error, CSL_ASIC_ERROR_TSA_GARBAGE, url, detail);
      goto out;
    }
  der_len = i2d_PKCS7 (TS_RESP_get_token (resp), &der);
  if (der_len <= 0)
    {
      tsa_error (error, CSL_ASIC_ERROR_TSA_GARBAGE, url, _("the token cannot be encoded"));
      goto out;
    }
  token = g_bytes_new (der, (gsize) der_len);
  OPENSSL_free (der);

out:
  TS_VERIFY_CTX_free (ctx);
  TS_RESP_free (resp);
  BIO_free_all (answer);
  TS_REQ_free (req);
  ASN1_INTEGER_free (nonce);
  ERR_clear_error ();
  return token;
}

static char *
iso_time (const ASN1_GENERALIZEDTIME *t,
          gint64                     *unix_time)
{
  struct tm tm = { 0 };

  if (!ASN1_TIME_to_tm (t, &tm))
    return NULL;
  {
    g_autoptr(GDateTime) dt = g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                                                   tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (dt == NULL)
      return NULL;
    *unix_time = g_date_time_to_unix (dt);
  }
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                          tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static char *
tsa_subject (PKCS7 *token)
{
  STACK_OF (X509) *signers = NULL;
  char *subject = NULL;

  if (PKCS7_type_is_signed (token) && token->d.sign != NULL)
    signers = PKCS7_get0_signers (token, NULL, 0);
  if (signers != NULL && sk_X509_num (signers) == 1)
    {
      BIO *out = BIO_new (BIO_s_mem ());
      char *data = NULL;
      long n;

      X509_NAME_print_ex (out, X509_get_subject_name (sk_X509_value (signers, 0)), 0, XN_FLAG_RFC2253);
      n = BIO_get_mem_data (out, &data);
      subject = g_strndup (data, (gsize) n);
      BIO_free (out);
    }
  sk_X509_free (signers);
  ERR_clear_error ();
  return subject;
}

CslTimestamp *
csl_tsa_check (const guint8  *token_der,
               gsize          token_len,
               const guint8  *data,
               gsize          len,
               X509_STORE    *store,
               GError       **error)
{
  g_autoptr(CslTimestamp) ts = NULL;
  const unsigned char *p = token_der;
  PKCS7 *token;
  TS_TST_INFO *info = NULL;
  TS_VERIFY_CTX *ctx = NULL;
  guint8 digest[32];
  ASN1_OCTET_STRING *imprint;
  X509_ALGOR *algo;

  csl_crypto_init ();
  token = d2i_PKCS7 (NULL, &p, (long) token_len);
  if (token == NULL || p != token_der + token_len || (info = PKCS7_to_TS_TST_INFO (token)) == NULL)
    {
      g_set_error_literal (error, CSL_ASIC_ERROR, CSL_ASIC_ERROR_TIMESTAMP_INVALID,
                           _("The signature’s timestamp is not an RFC 3161 time-stamp token"));
      goto out;
    }
  sha256 (data, len, digest);
  algo = TS_MSG_IMPRINT_get_algo (TS_TST_INFO_get_msg_imprint (info));
  imprint = TS_MSG_IMPRINT_get_msg (TS_TST_INFO_get_msg_imprint (info));
  if (OBJ_obj2nid (algo->algorithm) != NID_sha256 || ASN1_STRING_length (imprint) != 32 ||
      memcmp (ASN1_STRING_get0_data (imprint), digest, 32) != 0)
    {
      g_set_error_literal (error, CSL_ASIC_ERROR, CSL_ASIC_ERROR_TIMESTAMP_MISMATCH,
                           _("The signature’s timestamp is over another signature"));
      goto out;
    }
  ts = g_new0 (CslTimestamp, 1);
  ts->time = iso_time (TS_TST_INFO_get_time (info), &ts->unix_time);
  ts->tsa = tsa_subject (token);
  if (ts->time == NULL)
    {
      g_set_error_literal (error, CSL_ASIC_ERROR, CSL_ASIC_ERROR_TIMESTAMP_INVALID,
                           _("The signature’s timestamp has no valid time"));
      g_clear_pointer (&ts, csl_timestamp_free);
      goto out;
    }
  if (store != NULL)
    {
      ctx = TS_VERIFY_CTX_new ();
      X509_STORE_up_ref (store);
      TS_VERIFY_CTX_set_store (ctx, store);
      TS_VERIFY_CTX_set_flags (ctx, TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_SIGNER);
      if (TS_RESP_verify_token (ctx, token) != 1)
        {
          g_autofree char *detail = csl_crypto_error_string ();
          g_set_error (error, CSL_ASIC_ERROR, CSL_ASIC_ERROR_TIMESTAMP_INVALID,
                       _("The signature’s timestamp is not signed by a trusted time-stamping authority: %s"), detail);
          g_clear_pointer (&ts, csl_timestamp_free);
          goto out;
        }
      ts->trusted = TRUE;
    }

out:
  TS_VERIFY_CTX_free (ctx);
  TS_TST_INFO_free (info);
  PKCS7_free (token);
  ERR_clear_error ();
  return g_steal_pointer (&ts);
}
