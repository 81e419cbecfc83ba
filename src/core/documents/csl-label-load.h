#pragma once

#include "label/csl-label.h"
#include "records/csl-catalogue.h"
#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

/* A filing's label from its records: label/ draws a label, this fills it in. */

/* Gathers a filing's label content. The QR address template is the category's own if it has
 * one, else qr_url_template (the app setting, the CLI's --qr-template), else
 * CSL_QR_DEFAULT_URL_TEMPLATE. Missing items are left NULL: see csl_label_content_validate(). */
CslLabelContent  *csl_label_content_load          (CslWorkspace           *ws,
                                                  gint64                  filing_id,
                                                  const char             *qr_url_template,
                                                  CslCategory           **category_out,
                                                  GError                **error);

CslLabel         *csl_label_load                  (CslWorkspace           *ws,
                                                  gint64                  filing_id,
                                                  const char             *qr_url_template,
                                                  GError                **error);

G_END_DECLS
