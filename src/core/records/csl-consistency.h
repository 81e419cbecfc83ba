#pragma once

#include "records/csl-filing.h"
#include "records/csl-manufacturer.h"
#include "base/csl-model.h"
#include "records/csl-product.h"
#include "records/csl-finding.h"

G_BEGIN_DECLS

/* Data that differs between the filing and its documents is a frequent cause of rejection: the
 * test report should name the manufacturer, the model, the report number and every basis
 * standard given on the filing. */

typedef struct
{
  gint64           attachment_id;
  const char      *file_name;
  CslMaterialKind  kind;
  const char      *text;                  /* extracted text; NULL or "" when it has none */
  const char      *report_number_found;
  gboolean         blob_missing;          /* the stored copy is gone or has the wrong size */
} CslDocumentFacts;

typedef struct
{
  const char              *manufacturer_name_zh;
  const char              *manufacturer_name_en;
  const char              *model;
  const char              *report_number;
  const char *const       *standards;
  const CslDocumentFacts  *documents;
  guint                    n_documents;
} CslConsistencyInput;

/* For comparing what PDFs say with what users typed: NFKC (full-width forms become ASCII),
 * case-folded, every dash one '-', and no white space at all, because text extraction breaks
 * lines and spaces CJK text arbitrarily. */
char      *csl_text_normalize          (const char                *text);
gboolean   csl_text_mentions           (const char                *normalized_text,
                                        const char                *value);
/* The number after a label such as 报告编号 or "Report No.", or NULL. */
char      *csl_text_find_report_number (const char                *text);
/* The first max_chars characters with runs of white space made single spaces. */
char      *csl_text_excerpt            (const char                *text,
                                        guint                      max_chars);

/* Pure: findings (warnings, and errors for missing stored copies) from the facts alone. */
GPtrArray *csl_consistency_evaluate    (const CslConsistencyInput *in);

/* Gathers the filing's documents and their stored text from the workspace, then evaluates. */
GPtrArray *csl_consistency_check       (CslWorkspace              *ws,
                                        const CslFiling           *filing,
                                        const CslManufacturer     *manufacturer,
                                        const CslProduct          *product,
                                        GError                   **error);

G_END_DECLS
