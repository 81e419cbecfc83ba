#pragma once

#include "csl-wizard-page.h"

G_BEGIN_DECLS

#define CSL_TYPE_PAGE_GRADE (csl_page_grade_get_type ())

G_DECLARE_FINAL_TYPE (CslPageGrade, csl_page_grade, CSL, PAGE_GRADE, CslWizardPage)

CslPageGrade *csl_page_grade_new          (void);
void          csl_page_grade_fill         (CslPageGrade *self,
                                           CslGrade      grade,
                                           gint64        lab_id,
                                           const char   *report_number,
                                           const char   *report_date,
                                           const char   *standards);
/* The findings shown live, as codes ("three-star-in-house-only", …), for tests. */
GStrv         csl_page_grade_dup_finding_codes (CslPageGrade *self);

G_END_DECLS
