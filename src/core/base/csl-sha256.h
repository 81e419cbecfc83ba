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

/* SHA-256 on another core, so that hashing costs no time next to deflate or inflate: chunks
 * handed over are copied and hashed in order. A digest fed through the worker may be finished
 * only after csl_sha256_worker_wait(). */
typedef struct _CslSha256Worker CslSha256Worker;

CslSha256Worker *csl_sha256_worker_new    (void);
void             csl_sha256_worker_update (CslSha256Worker *worker,
                                           CslSha256       *sha,
                                           const void      *data,
                                           gsize            len);
/* Returns once every chunk handed over so far is hashed. */
void             csl_sha256_worker_wait   (CslSha256Worker *worker);
void             csl_sha256_worker_free   (CslSha256Worker *worker);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslSha256, csl_sha256_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslSha256Worker, csl_sha256_worker_free)

G_END_DECLS
