#include "config.h"

#include <glib/gi18n-lib.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509v3.h>
#include <string.h>

#include "base/csl-atomic.h"
#include "base/csl-crypto.h"
#include "base/csl-error.h"
#include "bundle/csl-identity-private.h"
#include "base/csl-input-file.h"

gboolean
csl_key_type_parse (const char  *text,
                    CslKeyType  *out,
                    GError     **error)
{
  if (g_strcmp0 (text, "rsa") == 0)
    *out = CSL_KEY_RSA;
  else if (g_strcmp0 (text, "ec") == 0 || g_strcmp0 (text, "ecdsa") == 0)
    *out = CSL_KEY_EC;
  else if (g_strcmp0 (text, "ed25519") == 0)
    *out = CSL_KEY_ED25519;
  else if (g_strcmp0 (text, "sm2") == 0)
    *out = CSL_KEY_SM2;
  else
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("Key type “%s” is not one of: rsa, ec, ed25519, sm2"), text ? text : "");
      return FALSE;
    }
  return TRUE;
}

const char *
csl_key_type_name (CslKeyType type)
{
  switch (type)
    {
    case CSL_KEY_RSA:     return "RSA";
    case CSL_KEY_EC:      return "ECDSA P-256";
    case CSL_KEY_ED25519: return "Ed25519";
    case CSL_KEY_SM2:     return "SM2";
    default:              return "?";
    }
}


void
csl_identity_free (CslIdentity *identity)
{
  if (identity == NULL)
    return;
  EVP_PKEY_free (identity->key);
  X509_free (identity->cert);
  sk_X509_pop_free (identity->chain, X509_free);
  g_free (identity);
}

static gboolean
crypto_error (GError     **error,
              int          code,
              const char  *what)
{
  g_autofree char *detail = csl_crypto_error_string ();

  g_set_error (error, CSL_ERROR, code, "%s: %s", what, detail);
  return FALSE;
}

static gboolean
add_extension (X509        *cert,
               int          nid,
               const char  *value)
{
  X509V3_CTX ctx;
  X509_EXTENSION *ext;
  int ok;

  X509V3_set_ctx (&ctx, cert, cert, NULL, NULL, 0);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, nid, value);
  if (ext == NULL)
    return FALSE;
  ok = X509_add_ext (cert, ext, -1);
  X509_EXTENSION_free (ext);
  return ok;
}

static EVP_PKEY *
generate_key (CslKeyType type)
{
  switch (type)
    {
    case CSL_KEY_RSA:     return EVP_PKEY_Q_keygen (NULL, NULL, "RSA", (size_t) 3072);
    case CSL_KEY_EC:      return EVP_PKEY_Q_keygen (NULL, NULL, "EC", "P-256");
    case CSL_KEY_ED25519: return EVP_PKEY_Q_keygen (NULL, NULL, "ED25519");
    case CSL_KEY_SM2:     return EVP_PKEY_Q_keygen (NULL, NULL, "SM2");
    default:              return NULL;
    }
}

static gboolean
sign_cert (X509      *cert,
           EVP_PKEY  *key)
{
  /* Ed25519 signs the message itself; the others sign its SHA-256 (SM2: SM3). */
  if (EVP_PKEY_is_a (key, "ED25519"))
    return X509_sign (cert, key, NULL) > 0;
  if (csl_key_is_sm2 (key))
    return X509_sign (cert, key, EVP_sm3 ()) > 0;
  return X509_sign (cert, key, EVP_sha256 ()) > 0;
}

CslIdentity *
csl_identity_generate_unchecked (const char  *name,
                                 CslKeyType   type,
                                 guint        days,
                                 GError     **error)
{
  g_autoptr(CslIdentity) id = g_new0 (CslIdentity, 1);
  X509_NAME *subject;
  BIGNUM *serial;
  gboolean ok;

  id->key = generate_key (type);
  if (id->key == NULL)
    {
      crypto_error (error, CSL_ERROR_UNSUPPORTED, _("Cannot generate the key"));
      return NULL;
    }

  id->cert = X509_new ();
  id->chain = sk_X509_new_null ();
  serial = BN_new ();
  /* 159 random bits: positive, unique in practice, within the 20 bytes RFC 5280 allows. */
  ok = X509_set_version (id->cert, X509_VERSION_3) &&
       BN_rand (serial, 159, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) &&
       BN_to_ASN1_INTEGER (serial, X509_get_serialNumber (id->cert)) != NULL &&
       X509_gmtime_adj (X509_getm_notBefore (id->cert), 0) != NULL &&
       X509_time_adj_ex (X509_getm_notAfter (id->cert), (int) days, 0, NULL) != NULL;
  BN_free (serial);
  subject = X509_get_subject_name (id->cert);
  ok = ok &&
       X509_NAME_add_entry_by_txt (subject, "CN", MBSTRING_UTF8, (const unsigned char *) name, -1, -1, 0) &&
       X509_set_issuer_name (id->cert, subject) &&
       X509_set_pubkey (id->cert, id->key) &&
       /* An end-entity certificate for signing documents: no EKU, so OpenSSL's default
        * S/MIME signing purpose (openssl cms -verify) accepts it. */
       add_extension (id->cert, NID_basic_constraints, "critical,CA:FALSE") &&
       add_extension (id->cert, NID_key_usage, "critical,digitalSignature,nonRepudiation") &&
       add_extension (id->cert, NID_subject_key_identifier, "hash") &&
       add_extension (id->cert, NID_authority_key_identifier, "keyid:always") &&
       sign_cert (id->cert, id->key);
  if (!ok)
    {
      crypto_error (error, CSL_ERROR_UNSUPPORTED, _("Cannot make the certificate"));
      return NULL;
    }
  return g_steal_pointer (&id);
}

static gboolean
check_pair (CslIdentity  *id,
            const char   *what,
            GError      **error)
{
  if (id->key == NULL || id->cert == NULL)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("%s does not hold both a private key and its certificate"), what);
      return FALSE;
    }
  if (X509_check_private_key (id->cert, id->key) != 1)
    {
      ERR_clear_error ();
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("The private key in %s does not belong to its certificate"), what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
pkcs12_mac_ok (PKCS12      *p12,
               const char  *password,
               const char **used)
{
  if (!PKCS12_mac_present (p12))
    {
      *used = password;
      return TRUE;
    }
  if (password != NULL && *password != '\0')
    {
      *used = password;
      return PKCS12_verify_mac (p12, password, -1) == 1;
    }
  /* Without a password, tools differ: some use an empty one, others none at all. */
  *used = "";
  if (PKCS12_verify_mac (p12, "", 0) == 1)
    return TRUE;
  *used = NULL;
  return PKCS12_verify_mac (p12, NULL, 0) == 1;
}

CslIdentity *
csl_identity_load_pkcs12 (const char         *path,
                          const CslPassword  *password,
                          GError            **error)
{
  g_autoptr(CslIdentity) id = g_new0 (CslIdentity, 1);
  const char *used = NULL;
  PKCS12 *p12;
  BIO *bio;
  gboolean parsed;

  csl_crypto_init ();
  /* A FIFO would block OpenSSL's read, a device never end it. */
  if (!csl_input_file_check (path, error))
    return NULL;
  bio = BIO_new_file (path, "rb");
  if (bio == NULL)
    {
      ERR_clear_error ();
      g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND, _("Cannot open the PKCS#12 file %s"), path);
      return NULL;
    }
  p12 = d2i_PKCS12_bio (bio, NULL);
  BIO_free (bio);
  if (p12 == NULL)
    {
      ERR_clear_error ();
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%s is not a PKCS#12 (.p12/.pfx) file"), path);
      return NULL;
    }
  if (!pkcs12_mac_ok (p12, password, &used))
    {
      PKCS12_free (p12);
      ERR_clear_error ();
      if (password == NULL || *password == '\0')
        g_set_error (error, CSL_ERROR, CSL_ERROR_PASSWORD, _("%s is protected by a password; give it"), path);
      else
        g_set_error (error, CSL_ERROR, CSL_ERROR_PASSWORD, _("The password for %s is wrong"), path);
      return NULL;
    }
  parsed = PKCS12_parse (p12, used, &id->key, &id->cert, &id->chain) == 1;
  PKCS12_free (p12);
  if (!parsed)
    {
      unsigned long code = ERR_peek_last_error ();

      if (ERR_GET_REASON (code) == ERR_R_UNSUPPORTED || ERR_GET_REASON (code) == EVP_R_UNSUPPORTED_ALGORITHM)
        {
          ERR_clear_error ();
          g_set_error (error, CSL_ERROR, CSL_ERROR_UNSUPPORTED,
                       _("%s is encrypted with an algorithm this OpenSSL cannot use "
                         "(RC2 and 3DES need OpenSSL’s legacy provider)"), path);
          return NULL;
        }
      crypto_error (error, CSL_ERROR_INVALID, path);
      return NULL;
    }
  if (id->chain == NULL)
    id->chain = sk_X509_new_null ();
  if (!check_pair (id, path, error))
    return NULL;
  return g_steal_pointer (&id);
}

typedef struct
{
  const char *password;
  gboolean    asked;
} PasswordRequest;

static int
password_cb (char  *buf,
             int    size,
             int    rwflag,
             void  *user_data)
{
  PasswordRequest *req = user_data;
  size_t len;

  req->asked = TRUE;
  if (req->password == NULL)
    return -1;
  len = strlen (req->password);
  if (len > (size_t) size)
    return -1;
  memcpy (buf, req->password, len);
  return (int) len;
}

static gboolean
read_certs (const char        *path,
            STACK_OF (X509)   *out,
            GError           **error)
{
  BIO *bio;
  X509 *cert;
  int before = sk_X509_num (out);

  if (!csl_input_file_check (path, error))
    return FALSE;
  bio = BIO_new_file (path, "rb");
  if (bio == NULL)
    {
      ERR_clear_error ();
      g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND, _("Cannot open the certificate file %s"), path);
      return FALSE;
    }
  while ((cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL)
    sk_X509_push (out, cert);
  BIO_free (bio);
  /* The loop ends at the end of the file, which OpenSSL reports as "no start line". */
  ERR_clear_error ();
  if (sk_X509_num (out) == before)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%s holds no PEM certificate"), path);
      return FALSE;
    }
  return TRUE;
}

CslIdentity *
csl_identity_load_pem (const char         *key_path,
                       const char         *cert_path,
                       const char         *chain_path,
                       const CslPassword  *password,
                       GError            **error)
{
  g_autoptr(CslIdentity) id = g_new0 (CslIdentity, 1);
  PasswordRequest req = { password, FALSE };
  STACK_OF (X509) *certs;
  BIO *bio;

  csl_crypto_init ();
  if (!csl_input_file_check (key_path, error))
    return NULL;
  bio = BIO_new_file (key_path, "rb");
  if (bio == NULL)
    {
      ERR_clear_error ();
      g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND, _("Cannot open the key file %s"), key_path);
      return NULL;
    }
  id->key = PEM_read_bio_PrivateKey (bio, NULL, password_cb, &req);
  BIO_free (bio);
  if (id->key == NULL)
    {
      ERR_clear_error ();
      if (req.asked && password == NULL)
        g_set_error (error, CSL_ERROR, CSL_ERROR_PASSWORD, _("The key %s is encrypted; give its password"), key_path);
      else if (req.asked)
        g_set_error (error, CSL_ERROR, CSL_ERROR_PASSWORD, _("The password for %s is wrong"), key_path);
      else
        g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%s holds no PEM private key"), key_path);
      return NULL;
    }

  /* The certificate file may carry the chain after the certificate itself. */
  certs = sk_X509_new_null ();
  id->chain = sk_X509_new_null ();
  if (!read_certs (cert_path, certs, error) ||
      (chain_path != NULL && !read_certs (chain_path, id->chain, error)))
    {
      sk_X509_pop_free (certs, X509_free);
      return NULL;
    }
  id->cert = sk_X509_shift (certs);
  while (sk_X509_num (certs) > 0)
    sk_X509_insert (id->chain, sk_X509_pop (certs), 0);
  sk_X509_free (certs);
  if (!check_pair (id, key_path, error))
    return NULL;
  return g_steal_pointer (&id);
}

gboolean
csl_identity_save_pkcs12 (CslIdentity        *identity,
                          const char         *path,
                          const CslPassword  *password,
                          GError            **error)
{
  g_autofree char *name = NULL;
  unsigned char *der = NULL;
  PKCS12 *p12;
  gboolean ok;
  int len;

  csl_crypto_init ();
  if (password == NULL || *password == '\0')
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_PASSWORD, _("A password is needed to protect the key in %s"), path);
      return FALSE;
    }
  name = csl_identity_dup_subject (identity);
  /* nid 0 everywhere: OpenSSL 3's defaults, AES-256-CBC with PBKDF2 and an HMAC-SHA-256 MAC. */
  p12 = PKCS12_create ((char *) password, name, identity->key, identity->cert, identity->chain, 0, 0, 0, 0, 0);
  if (p12 == NULL)
    return crypto_error (error, CSL_ERROR_INVALID, _("Cannot make the PKCS#12 file"));
  len = i2d_PKCS12 (p12, &der);
  PKCS12_free (p12);
  if (len <= 0)
    return crypto_error (error, CSL_ERROR_INVALID, _("Cannot make the PKCS#12 file"));
  ok = csl_file_set_contents_atomic (path, der, (gsize) len, 0600, error);
  OPENSSL_free (der);
  return ok;
}

gboolean
csl_identity_save_cert (CslIdentity  *identity,
                        const char   *path,
                        GError      **error)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long len;
  gboolean ok;

  PEM_write_bio_X509 (bio, identity->cert);
  len = BIO_get_mem_data (bio, &data);
  ok = csl_file_set_contents_atomic (path, data, (gsize) len, 0644, error);
  BIO_free (bio);
  return ok;
}

char *
csl_identity_dup_subject (CslIdentity *identity)
{
  return csl_cert_dup_subject (identity->cert);
}

char *
csl_identity_dup_fingerprint (CslIdentity *identity)
{
  return csl_cert_dup_fingerprint (identity->cert);
}

char *
csl_identity_dup_not_after (CslIdentity *identity)
{
  return csl_cert_dup_not_after (identity->cert);
}

const char *
csl_identity_get_key_name (CslIdentity *identity)
{
  if (csl_key_is_sm2 (identity->key))
    return "SM2";
  if (EVP_PKEY_is_a (identity->key, "ED25519"))
    return "Ed25519";
  if (EVP_PKEY_is_a (identity->key, "EC"))
    return "ECDSA";
  if (EVP_PKEY_is_a (identity->key, "RSA"))
    return "RSA";
  return EVP_PKEY_get0_type_name (identity->key);
}
