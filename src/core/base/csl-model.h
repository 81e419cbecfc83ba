#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Art. 5: three grades, shown as one to three stars. */
typedef enum
{
  CSL_GRADE_BASIC = 1,
  CSL_GRADE_ENHANCED = 2,
  CSL_GRADE_LEADING = 3,
} CslGrade;

typedef enum
{
  CSL_LAB_IN_HOUSE,
  CSL_LAB_THIRD_PARTY,
} CslLabKind;

typedef enum
{
  CSL_STATUS_DRAFT,
  CSL_STATUS_READY,
  CSL_STATUS_PACKAGED,
  CSL_STATUS_SUBMITTED,
  CSL_STATUS_FILED,
  CSL_STATUS_REFILING_DUE,
  CSL_STATUS_EXPIRED,
  CSL_STATUS_REVOKED,
  CSL_N_STATUSES
} CslFilingStatus;

/* Art. 8 filing materials the user brings; the filing form and the label are generated. */
typedef enum
{
  CSL_MATERIAL_TEST_REPORT,
  CSL_MATERIAL_PENTEST_REPORT,
  CSL_MATERIAL_DECLARATION,
  CSL_MATERIAL_BUSINESS_LICENSE,
  CSL_MATERIAL_LAB_CAPABILITY,
  CSL_MATERIAL_LAB_ACCREDITATION,
  CSL_MATERIAL_AUTHORIZATION_LETTER,
  CSL_MATERIAL_OTHER,
  CSL_N_MATERIALS
} CslMaterialKind;

gboolean    csl_grade_valid              (int              grade);
const char *csl_grade_name               (CslGrade         grade);
const char *csl_grade_name_zh            (CslGrade         grade);
const char *csl_grade_stars              (CslGrade         grade);
gboolean    csl_grade_parse              (const char      *text,
                                          CslGrade        *out,
                                          GError         **error);

const char *csl_lab_kind_to_string       (CslLabKind       kind);
gboolean    csl_lab_kind_from_string     (const char      *text,
                                          CslLabKind      *out,
                                          GError         **error);

const char *csl_filing_status_to_string  (CslFilingStatus  status);
const char *csl_filing_status_label      (CslFilingStatus  status);
gboolean    csl_filing_status_from_string (const char     *text,
                                           CslFilingStatus *out);

const char *csl_material_to_string       (CslMaterialKind  kind);
const char *csl_material_label           (CslMaterialKind  kind);
const char *csl_material_article         (CslMaterialKind  kind);
gboolean    csl_material_from_string     (const char      *text,
                                          CslMaterialKind *out,
                                          GError         **error);

G_END_DECLS
