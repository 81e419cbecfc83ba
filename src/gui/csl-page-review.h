#pragma once

#include "csl-product-editor.h"
#include "csl-wizard-page.h"

G_BEGIN_DECLS

#define CSL_TYPE_PAGE_REVIEW (csl_page_review_get_type ())

G_DECLARE_FINAL_TYPE (CslPageReview, csl_page_review, CSL, PAGE_REVIEW, CslWizardPage)

CslPageReview *csl_page_review_new             (void);
/* What the identity row and password entry do, for keyboard-less callers and tests. */
void           csl_page_review_set_identity    (CslPageReview *self,
                                                GFile         *p12_or_key,
                                                GFile         *cert_pem);
void           csl_page_review_set_password    (CslPageReview *self,
                                                const char    *password);
void           csl_page_review_set_destination (CslPageReview *self,
                                                GFile         *folder);
/* Starts packaging; "packaged" (path or NULL, error message or NULL) follows. */
gboolean       csl_page_review_package         (CslPageReview *self);
void           csl_page_review_cancel          (CslPageReview *self);
const char    *csl_page_review_get_bundle_path (CslPageReview *self);
char          *csl_page_review_dup_history_text (CslPageReview *self);
guint          csl_page_review_get_n_history   (CslPageReview *self);
/* After filing: what the Edit Product and Re-file buttons do. */
CslProductEditor *csl_page_review_edit_product (CslPageReview *self);
gint64         csl_page_review_refile          (CslPageReview *self,
                                                GError       **error);
/* Records the submission date (ISO) of the packaged filing. */
gboolean       csl_page_review_record_submission (CslPageReview *self,
                                                  const char    *date,
                                                  GError       **error);

G_END_DECLS
