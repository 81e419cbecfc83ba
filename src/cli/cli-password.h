#pragma once

#include "bundle/csl-identity.h"
#include "base/csl-password.h"

G_BEGIN_DECLS

/* From --password-file when given, else the first line of standard input; on a terminal
 * the prompt goes to stderr and typing is not echoed. */
CslPassword *cli_read_password (const char  *password_file,
                                const char  *prompt,
                                GError     **error);

/* Loads --p12, or --key with --cert and --chain; asks for the password only when the key
 * has one and --password-file was not given. */
CslIdentity *cli_load_identity (const char  *p12,
                                const char  *key,
                                const char  *cert,
                                const char  *chain,
                                const char  *password_file,
                                GError     **error);

G_END_DECLS
