#include "config.h"

#include <glib/gi18n-lib.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/pem.h>

#include "bundle/csl-asic.h"
#include "bundle/csl-cms.h"
#include "base/csl-crypto.h"
#include "base/csl-error.h"
#include "bundle/csl-identity-private.h"
#include "base/csl-input-file.h"
#include "bundle/csl-tsa.h"

struct _CslTrust
{
  X509_STORE      *store;    /* CA mode */
  STACK_OF (X509) *ca_certs; /* …its certificates, for a store as of another time */
  STACK_OF (X509) *pinned;   /* pinned mode: one certificate */
};

void
csl_trust_free (CslTrust *trust)
{
  if (trust == NULL)
    return;
  X509_STORE_free (trust->store);
  sk_X509_pop_free (trust->ca_certs, X509_free);
  sk_X509_pop_free (trust->pinned, X509_free);
  g_free (trust);
}

static STACK_OF (X509) *
read_pem_certs (const char  *path,
                GError     **error)
{
  STACK_OF (X509) *certs;
  BIO *bio;
  X509 *cert;

  if (!csl_input_file_check (path, error))
    return NULL;
  bio = BIO_new_file (path, "rb");
  if (bio == NULL)
    {
      ERR_clear_error ();
      g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND, _("Cannot open the certificate file %s"), path);
      return NULL;
    }
  certs = sk_X509_new_null ();
  while ((cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL)
    sk_X509_push (certs, cert);
  BIO_free (bio);
  ERR_clear_error ();
  if (sk_X509_num (certs) == 0)
    {
      sk_X509_free (certs);
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%s holds no PEM certificate"), path);
      return NULL;
    }
  return certs;
}

CslTrust *
csl_trust_new_ca (const char  *ca_pem_path,
                  GError     **error)
{
  g_autoptr(CslTrust) trust = g_new0 (CslTrust, 1);
  STACK_OF (X509) *certs;

  csl_crypto_init ();
  if ((certs = read_pem_certs (ca_pem_path, error)) == NULL)
    return NULL;
  trust->store = X509_STORE_new ();
  for (int i = 0; i < sk_X509_num (certs); i++)
    X509_STORE_add_cert (trust->store, sk_X509_value (certs, i));
  trust->ca_certs = certs;
  return g_steal_pointer (&trust);
}

CslTrust *
csl_trust_new_pinned (const char  *cert_pem_path,
                      GError     **error)
{
  g_autoptr(CslTrust) trust = g_new0 (CslTrust, 1);

  csl_crypto_init ();
  if ((trust->pinned = read_pem_certs (cert_pem_path, error)) == NULL)
    return NULL;
  if (sk_X509_num (trust->pinned) != 1)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("%s holds %d certificates; a pinned signer is exactly one"),
                   cert_pem_path, sk_X509_num (trust->pinned));
      return NULL;
    }
  return g_steal_pointer (&trust);
}

CslTrust *
csl_trust_new_for_identity (CslIdentity *identity)
{
  CslTrust *trust = g_new0 (CslTrust, 1);

  trust->pinned = sk_X509_new_null ();
  X509_up_ref (identity->cert);
  sk_X509_push (trust->pinned, identity->cert);
  return trust;
}

void
csl_signer_free (CslSigner *signer)
{
  if (signer == NULL)
    return;
  g_free (signer->subject);
  g_free (signer->fingerprint);
  g_free (signer->not_after);
  g_free (signer->signed_at);
  g_free (signer->timestamp);
  g_free (signer->timestamp_tsa);
  g_free (signer);
}

GBytes *
csl_cms_sign (CslIdentity  *identity,
              GBytes       *content,
              GError      **error)
{
  csl_crypto_init ();
  if (!csl_identity_can_sign_cms (identity, error))
    return NULL;
  return csl_cms_sign_unchecked (identity, content, error);
}

static GBytes *
encode (CMS_ContentInfo  *cms,
        GError          **error)
{
  BIO *out = BIO_new (BIO_s_mem ());
  GBytes *result = NULL;
  char *der = NULL;
  long der_len;

  if (cms == NULL || i2d_CMS_bio (out, cms) != 1)
    {
      g_autofree char *detail = csl_crypto_error_string ();
      g_set_error (error, CSL_ERROR, CSL_ERROR_UNSUPPORTED, _("Cannot sign the manifest: %s"), detail);
    }
  else
    {
      der_len = BIO_get_mem_data (out, &der);
      result = g_bytes_new (der, (gsize) der_len);
    }
  BIO_free (out);
  return result;
}

/* CMS_CADES adds the ESS signing-certificate-v2 attribute (SHA-256 of the signer's
 * certificate); CMS_sign adds content-type, message-digest and signing-time itself. */
static CMS_ContentInfo *
sign (CslIdentity *identity,
      GBytes      *content)
{
  gsize len = 0;
  const void *data = g_bytes_get_data (content, &len);
  BIO *in = BIO_new_mem_buf (data, (int) len);
  CMS_ContentInfo *cms;

  /* No S/MIME capabilities: they describe an e-mail client's ciphers, not a signer. */
  cms = CMS_sign (identity->cert, identity->key, identity->chain, in,
                  CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP | CMS_CADES);
  BIO_free (in);
  return cms;
}

GBytes *
csl_cms_sign_unchecked (CslIdentity  *identity,
                        GBytes       *content,
                        GError      **error)
{
  CMS_ContentInfo *cms = sign (identity, content);
  GBytes *result = encode (cms, error);

  CMS_ContentInfo_free (cms);
  return result;
}

/* The token goes into the one SignerInfo as its unsigned signature-time-stamp attribute
 * (RFC 3161 appendix A, id-aa-signatureTimeStampToken), over the signature value. */
static gboolean
add_timestamp (CMS_ContentInfo          *cms,
               const CslCmsSignOptions  *options,
               GError                  **error)
{
  CMS_SignerInfo *si = sk_CMS_SignerInfo_value (CMS_get0_SignerInfos (cms), 0);
  ASN1_OCTET_STRING *value = CMS_SignerInfo_get0_signature (si);
  g_autoptr(GBytes) token = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;
  const guint8 *der;

  token = csl_tsa_request (options->tsa_url, ASN1_STRING_get0_data (value), (gsize) ASN1_STRING_length (value),
                           options->tsa_timeout, &local_error);
  if (token == NULL)
    {
      if (options->tsa_required)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (options->tsa_warning != NULL)
        g_propagate_error (options->tsa_warning, g_steal_pointer (&local_error));
      return TRUE;
    }
  der = g_bytes_get_data (token, &len);
  if (!CMS_unsigned_add1_attr_by_NID (si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, der, (int) len))
    {
      g_autofree char *detail = csl_crypto_error_string ();
      g_set_error (error, CSL_ERROR, CSL_ERROR_UNSUPPORTED, _("Cannot add the timestamp to the signature: %s"), detail);
      return FALSE;
    }
  return TRUE;
}

GBytes *
csl_cms_sign_cades (CslIdentity              *identity,
                    GBytes                   *content,
                    const CslCmsSignOptions  *options,
                    GError                  **error)
{
  CMS_ContentInfo *cms;
  GBytes *result = NULL;

  csl_crypto_init ();
  if (!csl_identity_can_sign_cms (identity, error))
    return NULL;
  cms = sign (identity, content);
  if (cms != NULL && options != NULL && options->tsa_url != NULL && !add_timestamp (cms, options, error))
    goto out;
  result = encode (cms, error);

out:
  CMS_ContentInfo_free (cms);
  ERR_clear_error ();
  return result;
}

static char *
signing_time (CMS_SignerInfo *si)
{
  int idx = CMS_signed_get_attr_by_NID (si, NID_pkcs9_signingTime, -1);
  X509_ATTRIBUTE *attr;
  ASN1_TYPE *value;
  struct tm tm = { 0 };

  if (idx < 0 || (attr = CMS_signed_get_attr (si, idx)) == NULL ||
      (value = X509_ATTRIBUTE_get0_type (attr, 0)) == NULL ||
      (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME) ||
      !ASN1_TIME_to_tm ((ASN1_TIME *) value->value.asn1_string, &tm))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                          tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The certificate the one SignerInfo names, from the pinned one or those the CMS carries. */
static X509 *
find_signer_cert (CMS_ContentInfo  *cms,
                  CMS_SignerInfo   *si,
                  const CslTrust   *trust)
{
  STACK_OF (X509) *certs = CMS_get1_certs (cms);
  X509 *found = NULL;

  for (int i = 0; found == NULL && certs != NULL && i < sk_X509_num (certs); i++)
    if (CMS_SignerInfo_cert_cmp (si, sk_X509_value (certs, i)) == 0)
      {
        found = sk_X509_value (certs, i);
        X509_up_ref (found);
      }
  sk_X509_pop_free (certs, X509_free);
  if (found == NULL && trust != NULL && trust->pinned != NULL &&
      CMS_SignerInfo_cert_cmp (si, sk_X509_value (trust->pinned, 0)) == 0)
    {
      found = sk_X509_value (trust->pinned, 0);
      X509_up_ref (found);
    }
  return found;
}

static gboolean
run_verify (CMS_ContentInfo  *cms,
            GBytes           *content,
            STACK_OF (X509)  *certs,
            X509_STORE       *store,
            unsigned int      flags)
{
  gsize len = 0;
  const void *data = g_bytes_get_data (content, &len);
  BIO *in = BIO_new_mem_buf (data, (int) len);
  BIO *sink = BIO_new (BIO_s_null ());
  gboolean ok = CMS_verify (cms, certs, store, in, sink, flags | CMS_BINARY) == 1;

  BIO_free (in);
  BIO_free (sink);
  return ok;
}

static gboolean
verify_error (GError     **error,
              const char  *what)
{
  g_autofree char *detail = csl_crypto_error_string ();

  g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED, "%s: %s", what, detail);
  return FALSE;
}

/* The trusted CAs as of a given time: a copy of the store, so that the shared one keeps
 * checking against the present. */
static X509_STORE *
store_at (const CslTrust *trust,
          gint64          when)
{
  X509_STORE *copy;

  if (trust->store == NULL || when == 0)
    {
      if (trust->store != NULL)
        X509_STORE_up_ref (trust->store);
      return trust->store;
    }
  copy = X509_STORE_new ();
  for (int i = 0; i < sk_X509_num (trust->ca_certs); i++)
    X509_STORE_add_cert (copy, sk_X509_value (trust->ca_certs, i));
  X509_VERIFY_PARAM_set_time (X509_STORE_get0_param (copy), (time_t) when);
  return copy;
}

static gboolean
has_signed_attr (CMS_SignerInfo *si,
                 int             nid)
{
  return CMS_signed_get_attr_by_NID (si, nid, -1) >= 0;
}

/* The ESS signing-certificate-v2 attribute names the signer's certificate by its hash: a
 * signature cannot be passed off as made with another certificate for the same key.
 * (CMS_verify's CMS_CADES would also insist on building the chain, which pinning skips.) */
static gboolean
signing_cert_matches (CMS_SignerInfo *si,
                      X509           *cert)
{
  ASN1_STRING *value = CMS_signed_get0_data_by_OBJ (si, OBJ_nid2obj (NID_id_smime_aa_signingCertificateV2),
                                                    -3, V_ASN1_SEQUENCE);
  const unsigned char *p;
  ESS_SIGNING_CERT_V2 *ss;
  STACK_OF (X509) *chain;
  gboolean ok;

  if (value == NULL)
    return FALSE;
  p = ASN1_STRING_get0_data (value);
  ss = d2i_ESS_SIGNING_CERT_V2 (NULL, &p, ASN1_STRING_length (value));
  if (ss == NULL)
    return FALSE;
  chain = sk_X509_new_null ();
  sk_X509_push (chain, cert);
  ok = OSSL_ESS_check_signing_certs (NULL, ss, chain, 1) > 0;
  sk_X509_free (chain);
  ESS_SIGNING_CERT_V2_free (ss);
  ERR_clear_error ();
  return ok;
}

/* The signature-time-stamp, if there is one: NULL and no error when there is none. */
static gboolean
check_timestamp (CMS_SignerInfo             *si,
                 const CslCmsVerifyOptions  *options,
                 CslSigner                  *signer,
                 gint64                     *when,
                 GError                    **error)
{
  int idx = CMS_unsigned_get_attr_by_NID (si, NID_id_smime_aa_timeStampToken, -1);
  ASN1_OCTET_STRING *value = CMS_SignerInfo_get0_signature (si);
  g_autoptr(CslTimestamp) ts = NULL;
  X509_STORE *store = NULL;
  X509_ATTRIBUTE *attr;
  ASN1_TYPE *type;

  if (idx < 0)
    return TRUE;
  if ((attr = CMS_unsigned_get_attr (si, idx)) == NULL || X509_ATTRIBUTE_count (attr) != 1 ||
      CMS_unsigned_get_attr_by_NID (si, NID_id_smime_aa_timeStampToken, idx) >= 0 ||
      (type = X509_ATTRIBUTE_get0_type (attr, 0)) == NULL || type->type != V_ASN1_SEQUENCE)
    {
      g_set_error_literal (error, CSL_ASIC_ERROR, CSL_ASIC_ERROR_TIMESTAMP_INVALID,
                           _("The signature’s timestamp attribute is malformed"));
      return FALSE;
    }
  if (options->tsa_trust != NULL && options->tsa_trust->store != NULL)
    store = store_at (options->tsa_trust, options->at_time);
  ts = csl_tsa_check (ASN1_STRING_get0_data (type->value.sequence), (gsize) ASN1_STRING_length (type->value.sequence),
                      ASN1_STRING_get0_data (value), (gsize) ASN1_STRING_length (value), store, error);
  X509_STORE_free (store);
  if (ts == NULL)
    return FALSE;
  signer->timestamp = g_strdup (ts->time);
  signer->timestamp_tsa = g_strdup (ts->tsa);
  signer->timestamp_trusted = ts->trusted;
  if (ts->trusted)
    *when = ts->unix_time;
  return TRUE;
}

gboolean
csl_cms_verify_full (GBytes                     *signature,
                     GBytes                     *content,
                     const CslTrust             *trust,
                     const CslCmsVerifyOptions  *options,
                     CslSigner                 **signer_out,
                     GError                    **error)
{
  static const CslCmsVerifyOptions defaults = { NULL, 0, FALSE };
  g_autoptr(CslSigner) signer = NULL;
  gsize len = 0;
  const unsigned char *der = g_bytes_get_data (signature, &len);
  const unsigned char *p = der;
  CMS_ContentInfo *cms;
  STACK_OF (CMS_SignerInfo) *infos;
  CMS_SignerInfo *si;
  ASN1_OCTET_STRING **embedded;
  X509 *cert;
  gint64 when;
  gboolean ok = FALSE;

  if (options == NULL)
    options = &defaults;
  when = options->at_time;
  csl_crypto_init ();
  cms = d2i_CMS_ContentInfo (NULL, &p, (long) len);
  if (cms == NULL || p != der + len)
    {
      ERR_clear_error ();
      CMS_ContentInfo_free (cms);
      g_set_error_literal (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                           _("The signature is not a CMS (PKCS#7) structure in DER"));
      return FALSE;
    }
  if (OBJ_obj2nid (CMS_get0_type (cms)) != NID_pkcs7_signed ||
      (infos = CMS_get0_SignerInfos (cms)) == NULL)
    {
      g_set_error_literal (error, CSL_ERROR, CSL_ERROR_DAMAGED, _("The signature is not CMS signed data"));
      goto out;
    }
  embedded = CMS_get0_content (cms);
  if (embedded != NULL && *embedded != NULL)
    {
      g_set_error_literal (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                           _("The signature carries its own content; a bundle’s signature is detached"));
      goto out;
    }
  if (sk_CMS_SignerInfo_num (infos) != 1)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                   _("The signature has %d signers; a bundle has exactly one"), sk_CMS_SignerInfo_num (infos));
      goto out;
    }
  si = sk_CMS_SignerInfo_value (infos, 0);
  cert = find_signer_cert (cms, si, trust);
  if (cert == NULL)
    {
      g_set_error_literal (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                           _("The signature does not carry the signer’s certificate"));
      goto out;
    }
  signer = g_new0 (CslSigner, 1);
  signer->subject = csl_cert_dup_subject (cert);
  signer->fingerprint = csl_cert_dup_fingerprint (cert);
  signer->not_after = csl_cert_dup_not_after (cert);
  signer->signed_at = signing_time (si);
  signer->cades = has_signed_attr (si, NID_id_smime_aa_signingCertificateV2) &&
                  has_signed_attr (si, NID_pkcs9_signingTime) &&
                  has_signed_attr (si, NID_pkcs9_contentType) &&
                  has_signed_attr (si, NID_pkcs9_messageDigest);
  if (signer->cades && !signing_cert_matches (si, cert))
    {
      X509_free (cert);
      g_set_error_literal (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                           _("The signature’s signing-certificate-v2 attribute names another certificate"));
      goto out;
    }
  X509_free (cert);
  if (options->cades && !signer->cades)
    {
      g_set_error_literal (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                           _("The signature is not CAdES: it lacks the signing-certificate-v2 or signing-time "
                             "attribute"));
      goto out;
    }

  if (trust != NULL && trust->pinned != NULL)
    {
      /* Only the pinned certificate may be used: the signature must verify with its key. */
      if (CMS_SignerInfo_cert_cmp (si, sk_X509_value (trust->pinned, 0)) != 0)
        {
          g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                       _("The bundle is signed by “%s”, not by the pinned signer certificate"), signer->subject);
          goto out;
        }
      signer->signature_valid = run_verify (cms, content, trust->pinned, NULL,
                                            CMS_NOINTERN | CMS_NO_SIGNER_CERT_VERIFY);
      if (!signer->signature_valid)
        {
          verify_error (error, _("The signature does not match the manifest and the pinned certificate"));
          goto out;
        }
      if (!check_timestamp (si, options, signer, &when, error))
        goto out;
      signer->trusted = TRUE;
    }
  else
    {
      signer->signature_valid = run_verify (cms, content, NULL, NULL, CMS_NO_SIGNER_CERT_VERIFY);
      if (!signer->signature_valid)
        {
          verify_error (error, _("The signature does not match the manifest"));
          goto out;
        }
      if (!check_timestamp (si, options, signer, &when, error))
        goto out;
      if (trust != NULL)
        {
          /* As of the trusted timestamp, if there is one: a certificate that has expired since
           * still proves who signed before. */
          X509_STORE *store = store_at (trust, when);

          signer->trusted = run_verify (cms, content, NULL, store, 0);
          X509_STORE_free (store);
          if (!signer->trusted)
            {
              verify_error (error, _("The signer is not trusted"));
              goto out;
            }
        }
    }
  ok = TRUE;

out:
  CMS_ContentInfo_free (cms);
  ERR_clear_error ();
  if (signer_out != NULL)
    *signer_out = g_steal_pointer (&signer);
  return ok;
}

gboolean
csl_cms_verify (GBytes          *signature,
                GBytes          *content,
                const CslTrust  *trust,
                CslSigner      **signer_out,
                GError         **error)
{
  return csl_cms_verify_full (signature, content, trust, NULL, signer_out, error);
}

/* ---- What this OpenSSL can sign ------------------------------------------------------- */

/* Signs and verifies a few bytes with a throwaway key: what the library can do is found
 * out, not assumed from its version number. */
static gboolean
probe_cms (CslKeyType type)
{
  g_autoptr(CslIdentity) id = csl_identity_generate_unchecked ("probe", type, 1, NULL);
  g_autoptr(GBytes) content = g_bytes_new_static ("probe", 5);
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(CslSigner) signer = NULL;
  gboolean ok;

  ok = id != NULL &&
       (sig = csl_cms_sign_unchecked (id, content, NULL)) != NULL &&
       csl_cms_verify (sig, content, NULL, &signer, NULL);
  ERR_clear_error ();
  return ok;
}

gboolean
csl_key_type_can_sign_cms (CslKeyType   type,
                           GError     **error)
{
  static GMutex lock;
  static int known[CSL_KEY_SM2 + 1];   /* 0 not probed yet, 1 yes, -1 no */
  int result;

  if (type == CSL_KEY_RSA || type == CSL_KEY_EC)
    return TRUE;
  /* OpenSSL 3.0 and 3.1 write an SM2 SignerInfo they then cannot encode ("illegal zero
   * content"); OpenSSL's CMS has no working EdDSA (RFC 8419) at all so far. Refuse
   * before anything is written rather than leave a bundle nobody can verify. */
  if (type == CSL_KEY_SM2 && OpenSSL_version_num () < 0x30200000L)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_UNSUPPORTED,
                   _("%s cannot put SM2/SM3 signatures into CMS (OpenSSL 3.2 or newer can); "
                     "use an RSA or ECDSA P-256 key"),
                   OpenSSL_version (OPENSSL_VERSION));
      return FALSE;
    }
  g_mutex_lock (&lock);
  if (known[type] == 0)
    known[type] = probe_cms (type) ? 1 : -1;
  result = known[type];
  g_mutex_unlock (&lock);
  if (result < 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_UNSUPPORTED,
                   _("%s cannot make CMS signatures with %s keys that it can verify again; "
                     "use an RSA or ECDSA P-256 key"),
                   OpenSSL_version (OPENSSL_VERSION), csl_key_type_name (type));
      return FALSE;
    }
  return TRUE;
}

gboolean
csl_identity_can_sign_cms (CslIdentity  *identity,
                           GError      **error)
{
  if (csl_key_is_sm2 (identity->key))
    return csl_key_type_can_sign_cms (CSL_KEY_SM2, error);
  if (EVP_PKEY_is_a (identity->key, "ED25519"))
    return csl_key_type_can_sign_cms (CSL_KEY_ED25519, error);
  if (!EVP_PKEY_is_a (identity->key, "RSA") && !EVP_PKEY_is_a (identity->key, "RSA-PSS") &&
      !EVP_PKEY_is_a (identity->key, "EC"))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_UNSUPPORTED,
                   _("A %s key cannot sign a bundle; use an RSA or ECDSA P-256 key"),
                   EVP_PKEY_get0_type_name (identity->key));
      return FALSE;
    }
  return TRUE;
}

CslIdentity *
csl_identity_generate (const char  *name_in,
                       CslKeyType   type,
                       guint        days,
                       GError     **error)
{
  g_autofree char *name = g_strstrip (g_strdup (name_in ? name_in : ""));

  csl_crypto_init ();
  if (*name == '\0' || !g_utf8_validate (name, -1, NULL) || g_utf8_strlen (name, -1) > 64)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("The identity name “%s” must be 1 to 64 characters of text"), name);
      return NULL;
    }
  if (days == 0 || days > 36500)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%u days is not a validity from 1 to 36500 days"), days);
      return NULL;
    }
  /* An identity that cannot sign a bundle here would only fail later. */
  if (!csl_key_type_can_sign_cms (type, error))
    return NULL;
  return csl_identity_generate_unchecked (name, type, days, error);
}
