#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Unified Social Credit Code, GB 32100-2015. */
#define CSL_USCC_LENGTH 18

gboolean csl_uscc_validate (const char  *code,
                            gboolean     accept_check_digit,
                            GError     **error);
char     csl_uscc_check_char (const char *first17);
char    *csl_uscc_normalize (const char *code);

G_END_DECLS
