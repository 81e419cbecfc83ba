#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* OpenSSL's default provider and its legacy one, so that PKCS#12 files encrypted with RC2 or
 * 3DES by older tools still open. Called by every function that uses libcrypto. */
void  csl_crypto_init          (void);
/* The reasons on OpenSSL's error queue, joined into one line; the queue is cleared. */
char *csl_crypto_error_string  (void);
/* The same, showing each error's library and reason code to `visit` first, for callers that
 * classify what went wrong; `if_empty` is the text when the queue held nothing. */
typedef void (*CslCryptoErrorVisit) (int lib, int reason, gpointer user_data);
char *csl_crypto_error_string_visit (CslCryptoErrorVisit  visit,
                                     gpointer             user_data,
                                     const char          *if_empty);
/* The library version the program runs with, "OpenSSL 3.0.13 …". */
const char *csl_crypto_version (void);

G_END_DECLS
