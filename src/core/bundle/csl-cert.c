#include "config.h"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/x509.h>

#include "bundle/csl-identity-private.h"

char *
csl_cert_dup_subject (X509 *cert)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long len;
  char *text;

  /* RFC 2253 order and escaping, but UTF-8 left as it is so Chinese names stay readable. */
  X509_NAME_print_ex (bio, X509_get_subject_name (cert), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  len = BIO_get_mem_data (bio, &data);
  text = g_strndup (data, (gsize) len);
  BIO_free (bio);
  if (!g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);
      g_free (text);
      text = valid;
    }
  return text;
}

char *
csl_cert_dup_fingerprint (X509 *cert)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  GString *s = g_string_new (NULL);

  if (X509_digest (cert, EVP_sha256 (), md, &len))
    for (unsigned int i = 0; i < len; i++)
      g_string_append_printf (s, "%s%02X", i ? ":" : "", md[i]);
  return g_string_free (s, FALSE);
}

char *
csl_cert_dup_not_after (X509 *cert)
{
  struct tm tm = { 0 };

  if (!ASN1_TIME_to_tm (X509_get0_notAfter (cert), &tm))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                          tm.tm_hour, tm.tm_min, tm.tm_sec);
}

gboolean
csl_key_is_sm2 (EVP_PKEY *key)
{
  char curve[64] = "";

  if (EVP_PKEY_is_a (key, "SM2"))
    return TRUE;
  /* OpenSSL 3.0 may load an SM2 key as an EC key on the SM2 curve. */
  return EVP_PKEY_is_a (key, "EC") &&
         EVP_PKEY_get_utf8_string_param (key, "group", curve, sizeof curve, NULL) &&
         g_ascii_strcasecmp (curve, "SM2") == 0;
}
