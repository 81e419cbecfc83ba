#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "bundle/csl-identity.h"

G_BEGIN_DECLS

/* For csl-cms.c and csl-cert.c only. */
struct _CslIdentity
{
  EVP_PKEY        *key;
  X509            *cert;
  STACK_OF (X509) *chain;
};

char *csl_cert_dup_subject     (X509 *cert);
char *csl_cert_dup_fingerprint (X509 *cert);
char *csl_cert_dup_not_after   (X509 *cert);
/* Whether the key is SM2 (by type, or an EC key on the SM2 curve). */
gboolean csl_key_is_sm2        (EVP_PKEY *key);
/* csl_cms_sign without asking whether the key type works: for the probe that finds out. */
GBytes  *csl_cms_sign_unchecked (CslIdentity *identity,
                                 GBytes      *content,
                                 GError     **error);

/* Any key type, whether or not CMS here can use it: csl_identity_generate() checks first. */
CslIdentity *csl_identity_generate_unchecked (const char  *name,
                                              CslKeyType   type,
                                              guint        days,
                                              GError     **error);
const char  *csl_key_type_name              (CslKeyType   type);

G_END_DECLS
