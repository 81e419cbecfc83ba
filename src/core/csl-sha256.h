#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SHA-256 through OpenSSL's EVP interface: several times faster than GLib's own on the
 * hundreds of megabytes a test report can have, and the crypto library does the crypto. */
typedef struct _CslSha256 CslSha256;

CslSha256 *csl_sha256_new    (void);
void       csl_sha256_update (CslSha256    *sha,
                              const void   *data,
                              gsize         len);
/* 64 lower-case hex digits; the hasher takes no more data afterwards. */
char      *csl_sha256_finish (CslSha256    *sha);
void       csl_sha256_free   (CslSha256    *sha);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslSha256, csl_sha256_free)

G_END_DECLS
