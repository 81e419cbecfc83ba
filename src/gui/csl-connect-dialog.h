#pragma once

#include <adwaita.h>

#include "csl-team-location.h"

G_BEGIN_DECLS

#define CSL_TYPE_CONNECT_DIALOG (csl_connect_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CslConnectDialog, csl_connect_dialog, CSL, CONNECT_DIALOG, AdwWindow)

/* "Connect to Team Workspace…": host, port, database, user, password and TLS mode, or a free
 * connection URI (a service name, options the fields do not offer). Emits "connect" with the
 * location (never holding the password) and the password; whoever opens the workspace calls
 * csl_connect_dialog_set_error() when that fails, or closes the dialog. location may prefill it. */
CslConnectDialog *csl_connect_dialog_new           (GtkWindow        *parent,
                                                    const char       *location);
/* The location the fields or the URI row describe, without a password; NULL and error when
 * they do not describe one (no database, a port that is not a number). */
char             *csl_connect_dialog_dup_location  (CslConnectDialog *self,
                                                    GError          **error);
const char       *csl_connect_dialog_get_password  (CslConnectDialog *self);
gboolean          csl_connect_dialog_get_remember  (CslConnectDialog *self);
void              csl_connect_dialog_set_error     (CslConnectDialog *self,
                                                    const char       *message);
const char       *csl_connect_dialog_get_error     (CslConnectDialog *self);
/* What a person would type, for tests; NULLs leave a row as it is. */
void              csl_connect_dialog_fill          (CslConnectDialog *self,
                                                    const char       *host,
                                                    const char       *port,
                                                    const char       *database,
                                                    const char       *user,
                                                    const char       *password,
                                                    CslTlsMode        tls,
                                                    const char       *uri);
/* Presses Connect. */
void              csl_connect_dialog_activate      (CslConnectDialog *self);

G_END_DECLS
