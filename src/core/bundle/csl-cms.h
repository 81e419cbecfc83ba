#pragma once

#include <gio/gio.h>

#include "bundle/csl-identity.h"

G_BEGIN_DECLS

/* Detached CMS (PKCS#7) signatures in DER, as `openssl cms -sign -binary -outform DER`
 * makes and `openssl cms -verify -binary -inform DER -content …` checks. */

/* Who a verifier trusts: the CAs of a PEM file, or exactly one pinned signer certificate. */
typedef struct _CslTrust CslTrust;

CslTrust  *csl_trust_new_ca     (const char     *ca_pem_path,
                                 GError        **error);
CslTrust  *csl_trust_new_pinned (const char     *cert_pem_path,
                                 GError        **error);
/* The identity's own certificate, pinned: to check a bundle just signed with it. */
CslTrust  *csl_trust_new_for_identity (CslIdentity *identity);
void       csl_trust_free       (CslTrust       *trust);

typedef struct
{
  char     *subject;          /* RFC 2253 */
  char     *fingerprint;      /* SHA-256 of the certificate, "AB:CD:…" */
  char     *not_after;        /* ISO 8601 */
  char     *signed_at;        /* the signingTime attribute, ISO 8601, or NULL */
  gboolean  signature_valid;  /* the signature matches the content and the signer's key */
  gboolean  trusted;          /* …and the signer chains to a trusted CA, or is the pinned certificate */
  gboolean  cades;            /* signed attributes of CAdES-B: signing-certificate-v2, signing-time */
  /* The RFC 3161 signature-time-stamp (CAdES-T), when the signature has one. */
  char     *timestamp;        /* its genTime, ISO 8601 */
  char     *timestamp_tsa;    /* the TSA's subject */
  gboolean  timestamp_trusted;/* the TSA's signature checks against the TSA CAs given */
} CslSigner;

void       csl_signer_free      (CslSigner      *signer);

/* CMS_sign (…, CMS_DETACHED | CMS_BINARY): the bytes are signed as they are, never
 * canonicalised as text. */
GBytes    *csl_cms_sign         (CslIdentity    *identity,
                                 GBytes         *content,
                                 GError        **error);

typedef struct
{
  const char   *tsa_url;       /* NULL: no timestamp */
  guint         tsa_timeout;   /* seconds, 0: the default */
  gboolean      tsa_required;  /* a TSA error fails the signing */
  GError      **tsa_warning;   /* else it lands here (may be NULL) and the signature has no timestamp */
  GCancellable *cancellable;
} CslCmsSignOptions;

/* CAdES baseline B (ETSI EN 319 122-1): a detached CMS signature with the signed attributes
 * content-type, message-digest, signing-time and signing-certificate-v2, and the signer's
 * chain; with a TSA, baseline T: an RFC 3161 token over the signature value as the unsigned
 * signature-time-stamp attribute. */
GBytes    *csl_cms_sign_cades   (CslIdentity              *identity,
                                 GBytes                   *content,
                                 const CslCmsSignOptions  *options,
                                 GError                  **error);

typedef struct
{
  const CslTrust *tsa_trust;   /* the CAs of time-stamping authorities; NULL: not checked */
  gint64          at_time;     /* check certificates as of this Unix time; 0: now */
  gboolean        cades;       /* require and check the CAdES-B attributes (ASiC-E bundles) */
} CslCmsVerifyOptions;

/* csl_cms_verify() for a CAdES signature. A timestamp is checked whenever there is one: its
 * imprint always (CSL_ASIC_ERROR_TIMESTAMP_MISMATCH), the TSA's signature with tsa_trust;
 * a trusted timestamp is the time at which the signer's certificate must have been valid. */
gboolean   csl_cms_verify_full  (GBytes                    *signature,
                                 GBytes                    *content,
                                 const CslTrust            *trust,
                                 const CslCmsVerifyOptions *options,
                                 CslSigner                **signer,
                                 GError                   **error);

/* TRUE when the signature is valid and, if trust is given, the signer is trusted; with trust
 * NULL only the signature is checked, against the certificate it carries, and
 * (*signer)->trusted stays FALSE. *signer describes the signer whenever the signature could
 * be read, also when the result is FALSE, so that a report can name it. */
gboolean   csl_cms_verify       (GBytes         *signature,
                                 GBytes         *content,
                                 const CslTrust *trust,
                                 CslSigner     **signer,
                                 GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslTrust, csl_trust_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslSigner, csl_signer_free)

/* What this OpenSSL can put into CMS, found out by signing once, not assumed from its version. */
/* FALSE with CSL_ERROR_UNSUPPORTED, naming the library version, when this OpenSSL cannot
 * put a signature made with such a key into CMS. */
gboolean     csl_key_type_can_sign_cms   (CslKeyType        type,
                                          GError          **error);
gboolean     csl_identity_can_sign_cms   (CslIdentity      *identity,
                                          GError          **error);
/* An identity that can sign a bundle here (csl_key_type_can_sign_cms()), or an error. */
CslIdentity *csl_identity_generate       (const char       *name,
                                          CslKeyType        type,
                                          guint             days,
                                          GError          **error);

G_END_DECLS
