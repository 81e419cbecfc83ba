#include "config.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/provider.h>

#include "base/csl-crypto.h"

void
csl_crypto_init (void)
{
  static gsize done = 0;
  /* Kept for the life of the process, as the providers are. */
  static OSSL_PROVIDER *providers[2];

  if (g_once_init_enter (&done))
    {
      /* Loading any provider by hand stops OpenSSL from loading the default one by itself,
       * so both are loaded. A missing legacy module only means old .p12 files fail to
       * open, with a message saying so (csl-identity.c). */
      providers[0] = OSSL_PROVIDER_load (NULL, "default");
      providers[1] = OSSL_PROVIDER_load (NULL, "legacy");
      if (providers[1] == NULL)
        g_debug ("OpenSSL’s legacy provider is not available: PKCS#12 files with RC2 or 3DES will not open");
      ERR_clear_error ();
      g_once_init_leave (&done, 1);
    }
}

char *
csl_crypto_error_string_visit (CslCryptoErrorVisit  visit,
                               gpointer             user_data,
                               const char          *if_empty)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const char *data = NULL;
  int flags = 0;
  unsigned long code;

  while ((code = ERR_get_error_all (NULL, NULL, NULL, &data, &flags)) != 0)
    {
      const char *reason = ERR_reason_error_string (code);

      if (visit != NULL)
        visit (ERR_GET_LIB (code), ERR_GET_REASON (code), user_data);
      if (s->len > 0)
        g_string_append (s, "; ");
      g_string_append (s, reason ? reason : "unknown error");
      if (data != NULL && *data != '\0' && (flags & ERR_TXT_STRING))
        g_string_append_printf (s, " (%s)", data);
    }
  if (s->len == 0)
    g_string_append (s, if_empty);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
csl_crypto_error_string (void)
{
  return csl_crypto_error_string_visit (NULL, NULL, "unknown OpenSSL error");
}

const char *
csl_crypto_version (void)
{
  return OpenSSL_version (OPENSSL_VERSION);
}
