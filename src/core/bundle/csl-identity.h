#pragma once

#include <glib.h>

#include "base/csl-password.h"

G_BEGIN_DECLS

/* A signing identity: a private key, its certificate and the chain up to (not including)
 * a root, from a PKCS#12 file or PEM files, or made here as a self-signed certificate for a
 * manufacturer without a PKI. Everything cryptographic is OpenSSL's. */
typedef struct _CslIdentity CslIdentity;

typedef enum
{
  CSL_KEY_RSA,        /* 3072 bits */
  CSL_KEY_EC,         /* ECDSA on P-256 */
  CSL_KEY_ED25519,    /* only where OpenSSL's CMS can sign and verify EdDSA (not 3.0) */
  CSL_KEY_SM2,        /* China's SM2 with SM3: OpenSSL 3.2 or newer */
} CslKeyType;

#define CSL_IDENTITY_DEFAULT_DAYS 1095

gboolean     csl_key_type_parse          (const char       *text,
                                          CslKeyType       *out,
                                          GError          **error);

/* A wrong or missing password is CSL_ERROR_PASSWORD; password may be NULL. */
CslIdentity *csl_identity_load_pkcs12    (const char       *path,
                                          const CslPassword *password,
                                          GError          **error);
CslIdentity *csl_identity_load_pem       (const char       *key_path,
                                          const char       *cert_path,
                                          const char       *chain_path,
                                          const CslPassword *password,
                                          GError          **error);
/* Written atomically with mode 0600, encrypted with AES-256 and PBKDF2 (OpenSSL's default). */
gboolean     csl_identity_save_pkcs12    (CslIdentity      *identity,
                                          const char       *path,
                                          const CslPassword *password,
                                          GError          **error);
gboolean     csl_identity_save_cert      (CslIdentity      *identity,
                                          const char       *path,
                                          GError          **error);

char        *csl_identity_dup_subject    (CslIdentity      *identity);
/* SHA-256 of the certificate, as "AB:CD:…" like openssl x509 -fingerprint -sha256. */
char        *csl_identity_dup_fingerprint (CslIdentity     *identity);
char        *csl_identity_dup_not_after  (CslIdentity      *identity);
const char  *csl_identity_get_key_name   (CslIdentity      *identity);
void         csl_identity_free           (CslIdentity      *identity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslIdentity, csl_identity_free)

G_END_DECLS
