#include "config.h"

#include <openssl/evp.h>

#include "csl-sha256.h"

struct _CslSha256
{
  EVP_MD_CTX *ctx;
  gboolean    finished;
};

CslSha256 *
csl_sha256_new (void)
{
  CslSha256 *sha = g_new0 (CslSha256, 1);

  sha->ctx = EVP_MD_CTX_new ();
  if (sha->ctx == NULL || EVP_DigestInit_ex (sha->ctx, EVP_sha256 (), NULL) != 1)
    g_error ("OpenSSL cannot compute SHA-256");
  return sha;
}

void
csl_sha256_update (CslSha256  *sha,
                   const void *data,
                   gsize       len)
{
  g_return_if_fail (!sha->finished);
  EVP_DigestUpdate (sha->ctx, data, len);
}

char *
csl_sha256_finish (CslSha256 *sha)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  char *hex;

  g_return_val_if_fail (!sha->finished, NULL);
  sha->finished = TRUE;
  EVP_DigestFinal_ex (sha->ctx, md, &len);
  hex = g_malloc (len * 2 + 1);
  for (unsigned int i = 0; i < len; i++)
    {
      hex[2 * i] = "0123456789abcdef"[md[i] >> 4];
      hex[2 * i + 1] = "0123456789abcdef"[md[i] & 0x0f];
    }
  hex[len * 2] = '\0';
  return hex;
}

void
csl_sha256_free (CslSha256 *sha)
{
  if (sha == NULL)
    return;
  EVP_MD_CTX_free (sha->ctx);
  g_free (sha);
}
