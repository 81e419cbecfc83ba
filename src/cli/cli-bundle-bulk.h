#pragma once

#include "cli-common.h"

G_BEGIN_DECLS

/* What "bundle create" was given besides the filings. */
typedef struct
{
  const char *out;
  const char *p12;
  const char *key;
  const char *cert;
  const char *chain;
  const char *password_file;
  const char *tsa;
  gboolean    tsa_required;
  int         tsa_timeout;
} CliBundleArgs;

/* "bundle create" over several ids or --all …: the identity is opened once (one password),
 * then every filing is packaged on its own into the folder --out names, a line "ID<TAB>FILE"
 * for each one written; failures are named, a summary follows, and the exit status is the
 * worst (1 when only checks failed, 2 otherwise). */
int cli_bundle_create_many (CliContext          *ctx,
                            const CliSelection  *selection,
                            int                  argc,
                            char               **argv,
                            const CliBundleArgs *args);

G_END_DECLS
