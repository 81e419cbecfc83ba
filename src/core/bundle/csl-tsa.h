#pragma once

#include <gio/gio.h>
#include <openssl/types.h>

G_BEGIN_DECLS

/* RFC 3161 trusted timestamps: asking a time-stamping authority (TSA) over HTTP or HTTPS
 * for a token over some bytes (a CAdES signature value), and checking one. Included only by
 * the core's .c files: it names OpenSSL types. */

#define CSL_TSA_DEFAULT_TIMEOUT 30            /* seconds */
#define CSL_TSA_MAX_RESPONSE    (256 * 1024)

/* The DER TimeStampToken (a CMS ContentInfo) over SHA-256 (data), with the TSA's certificate,
 * once its status, nonce and imprint are checked. Errors in CSL_ASIC_ERROR: TSA_UNREACHABLE,
 * TSA_TIMEOUT, TSA_GARBAGE, TSA_REJECTED; CSL_ERROR_INVALID for a URL that is not http(s). */
GBytes   *csl_tsa_request     (const char    *url,
                               const guint8  *data,
                               gsize          len,
                               guint          timeout,
                               GError       **error);

typedef struct
{
  char     *time;           /* genTime, ISO 8601 UTC */
  gint64    unix_time;
  char     *tsa;            /* the TSA's certificate subject, RFC 2253, or NULL */
  gboolean  trusted;        /* the TSA's signature checked against a trusted CA */
} CslTimestamp;

void      csl_timestamp_free  (CslTimestamp  *ts);

/* Checks that token's imprint is SHA-256 (data) (else CSL_ASIC_ERROR_TIMESTAMP_MISMATCH) and,
 * with store, the TSA's signature and chain (else CSL_ASIC_ERROR_TIMESTAMP_INVALID). */
CslTimestamp *csl_tsa_check   (const guint8  *token,
                               gsize          token_len,
                               const guint8  *data,
                               gsize          len,
                               X509_STORE    *store,
                               GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslTimestamp, csl_timestamp_free)

G_END_DECLS
