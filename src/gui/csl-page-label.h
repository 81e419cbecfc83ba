#pragma once

#include "csl-wizard-page.h"

G_BEGIN_DECLS

#define CSL_TYPE_PAGE_LABEL (csl_page_label_get_type ())

G_DECLARE_FINAL_TYPE (CslPageLabel, csl_page_label, CSL, PAGE_LABEL, CslWizardPage)

CslPageLabel *csl_page_label_new          (void);
void          csl_page_label_set_width_mm (CslPageLabel *self,
                                           double        width_mm);

G_END_DECLS
