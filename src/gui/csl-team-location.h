#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where a workspace is: a local folder, or a team workspace on a PostgreSQL server given as a
 * libpq connection URI ("postgresql://li.wei@db.example.cn:5432/filings?sslmode=verify-full")
 * or a keyword/value conninfo string ("service=filings"). Only what the app needs to show,
 * remember and reopen one; libpq itself parses it when the workspace opens. */

typedef enum
{
  CSL_TLS_DISABLE,
  CSL_TLS_REQUIRE,
  CSL_TLS_VERIFY_FULL,
} CslTlsMode;

gboolean    csl_team_location_is_team        (const char *location);
/* A libpq URI from the dialog's fields, percent-encoded, never with a password: the password
 * goes to the keyring. host may be a Unix socket folder ("/run/postgresql"). */
char       *csl_team_location_build          (const char *host,
                                              guint       port,
                                              const char *database,
                                              const char *user,
                                              CslTlsMode  tls);
/* The location with any password taken out (the URI's user:password@ and a password
 * parameter, or a conninfo password=…), so that nothing remembered or shown holds one. */
char       *csl_team_location_strip_password (const char *location);
/* What the open call gets: the location with the password added as a parameter. */
char       *csl_team_location_with_password  (const char *location,
                                              const char *password);
/* What the header bar shows: "li.wei@db.example.cn/filings", "service filings", or a local
 * folder's name. */
char       *csl_team_location_display        (const char *location);

G_END_DECLS
