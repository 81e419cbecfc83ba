#pragma once

#include <adwaita.h>

#include "bundle/csl-bundle-verify.h"

G_BEGIN_DECLS

#define CSL_TYPE_VERIFY_VIEW (csl_verify_view_get_type ())

G_DECLARE_FINAL_TYPE (CslVerifyView, csl_verify_view, CSL, VERIFY_VIEW, GtkWidget)

/* Checks a bundle the way a reviewer would: the signature, the signer against a trusted CA or
 * a pinned certificate, and every file against the manifest. Emits "verified" (gboolean ok)
 * when a check ends. */
void                   csl_verify_view_verify_file (CslVerifyView *self,
                                                    GFile         *bundle);
void                   csl_verify_view_set_ca      (CslVerifyView *self,
                                                    GFile         *ca_pem);
void                   csl_verify_view_set_signer  (CslVerifyView *self,
                                                    GFile         *signer_pem);
/* The CA of the time-stamping authorities whose timestamps are trusted; NULL for none. */
void                   csl_verify_view_set_tsa_ca    (CslVerifyView *self,
                                                      GFile         *ca_pem);
const CslVerifyReport *csl_verify_view_get_report  (CslVerifyView *self);

G_END_DECLS
