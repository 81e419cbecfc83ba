#pragma once

#include "csl-wizard-page.h"

G_BEGIN_DECLS

#define CSL_TYPE_PAGE_DOCUMENTS (csl_page_documents_get_type ())

G_DECLARE_FINAL_TYPE (CslPageDocuments, csl_page_documents, CSL, PAGE_DOCUMENTS, CslWizardPage)

CslPageDocuments *csl_page_documents_new         (void);
/* What a drop or the file chooser does; "attach-finished" (kind, success) follows. */
void              csl_page_documents_attach_file (CslPageDocuments *self,
                                                  CslMaterialKind   kind,
                                                  GFile            *file);
/* The refusal shown on a material's row, or NULL. */
const char       *csl_page_documents_get_error   (CslPageDocuments *self,
                                                  CslMaterialKind   kind);
/* Whether a required document is still missing (Next stays available). */
gboolean          csl_page_documents_get_missing   (CslPageDocuments *self);
guint             csl_page_documents_get_n_pending (CslPageDocuments *self);
/* What the row's Remove button and its toast's Undo do. */
void              csl_page_documents_remove      (CslPageDocuments *self,
                                                  CslMaterialKind   kind);
void              csl_page_documents_undo_last   (CslPageDocuments *self);
gboolean          csl_page_documents_has         (CslPageDocuments *self,
                                                  CslMaterialKind   kind);

G_END_DECLS
