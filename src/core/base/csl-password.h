#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A key's password: held in memory only for as long as it is needed, and overwritten
 * (OPENSSL_cleanse) before that memory is freed. Never stored. */
typedef char CslPassword;

/* The first line of the file (or of standard input when path is NULL or "-"), without its
 * line ending; at most 1023 bytes. */
CslPassword *csl_password_read      (const char   *path,
                                     GError      **error);
CslPassword *csl_password_new       (const char   *text);
void         csl_password_free      (CslPassword  *password);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslPassword, csl_password_free)

G_END_DECLS
