#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "base/csl-error.h"
#include "base/csl-model.h"

gboolean
csl_grade_valid (int grade)
{
  return grade >= CSL_GRADE_BASIC && grade <= CSL_GRADE_LEADING;
}

const char *
csl_grade_name (CslGrade grade)
{
  switch (grade)
    {
    case CSL_GRADE_BASIC:    return _("Basic");
    case CSL_GRADE_ENHANCED: return _("Enhanced");
    case CSL_GRADE_LEADING:  return _("Leading");
    default:                 return "?";
    }
}

/* The label prints the Chinese grade name whatever the UI language. */
const char *
csl_grade_name_zh (CslGrade grade)
{
  switch (grade)
    {
    case CSL_GRADE_BASIC:    return "基础级";
    case CSL_GRADE_ENHANCED: return "增强级";
    case CSL_GRADE_LEADING:  return "领先级";
    default:                 return "?";
    }
}

const char *
csl_grade_stars (CslGrade grade)
{
  switch (grade)
    {
    case CSL_GRADE_BASIC:    return "★";
    case CSL_GRADE_ENHANCED: return "★★";
    case CSL_GRADE_LEADING:  return "★★★";
    default:                 return "";
    }
}

gboolean
csl_grade_parse (const char  *text,
                 CslGrade    *out,
                 GError     **error)
{
  if (text != NULL && text[0] >= '1' && text[0] <= '3' && text[1] == '\0')
    {
      *out = (CslGrade) (text[0] - '0');
      return TRUE;
    }
  g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
               _("Grade “%s” is not 1 (Basic), 2 (Enhanced) or 3 (Leading)"), text ? text : "");
  return FALSE;
}

const char *
csl_lab_kind_to_string (CslLabKind kind)
{
  return kind == CSL_LAB_IN_HOUSE ? "in-house" : "third-party";
}

gboolean
csl_lab_kind_from_string (const char  *text,
                          CslLabKind  *out,
                          GError     **error)
{
  if (g_strcmp0 (text, "in-house") == 0)
    *out = CSL_LAB_IN_HOUSE;
  else if (g_strcmp0 (text, "third-party") == 0)
    *out = CSL_LAB_THIRD_PARTY;
  else
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("Lab kind “%s” is not “in-house” or “third-party”"), text ? text : "");
      return FALSE;
    }
  return TRUE;
}

static const char *const status_names[CSL_N_STATUSES] = {
  "draft", "ready", "packaged", "submitted", "filed", "refiling-due", "expired", "revoked",
};

const char *
csl_filing_status_to_string (CslFilingStatus status)
{
  g_return_val_if_fail (status < CSL_N_STATUSES, "draft");
  return status_names[status];
}

const char *
csl_filing_status_label (CslFilingStatus status)
{
  switch (status)
    {
    case CSL_STATUS_DRAFT:        return C_("filing status", "Draft");
    case CSL_STATUS_READY:        return C_("filing status", "Ready");
    case CSL_STATUS_PACKAGED:     return C_("filing status", "Packaged");
    case CSL_STATUS_SUBMITTED:    return C_("filing status", "Submitted");
    case CSL_STATUS_FILED:        return C_("filing status", "Filed");
    case CSL_STATUS_REFILING_DUE: return C_("filing status", "Re-filing due");
    case CSL_STATUS_EXPIRED:      return C_("filing status", "Expired");
    case CSL_STATUS_REVOKED:      return C_("filing status", "Revoked");
    case CSL_N_STATUSES:
    default:                      return "?";
    }
}

gboolean
csl_filing_status_from_string (const char      *text,
                               CslFilingStatus *out)
{
  for (guint i = 0; i < CSL_N_STATUSES; i++)
    if (g_strcmp0 (text, status_names[i]) == 0)
      {
        *out = (CslFilingStatus) i;
        return TRUE;
      }
  return FALSE;
}

static const char *const material_names[CSL_N_MATERIALS] = {
  "test-report", "pentest-report", "declaration", "business-license",
  "lab-capability", "lab-accreditation", "authorization-letter", "other",
};

const char *
csl_material_to_string (CslMaterialKind kind)
{
  g_return_val_if_fail (kind < CSL_N_MATERIALS, "other");
  return material_names[kind];
}

const char *
csl_material_label (CslMaterialKind kind)
{
  switch (kind)
    {
    case CSL_MATERIAL_TEST_REPORT:          return _("Test report");
    case CSL_MATERIAL_PENTEST_REPORT:       return _("Third-party penetration test report");
    case CSL_MATERIAL_DECLARATION:          return _("Declaration of conformity");
    case CSL_MATERIAL_BUSINESS_LICENSE:     return _("Business licence");
    case CSL_MATERIAL_LAB_CAPABILITY:       return _("In-house lab capability proof");
    case CSL_MATERIAL_LAB_ACCREDITATION:    return _("Third-party lab accreditation certificate");
    case CSL_MATERIAL_AUTHORIZATION_LETTER: return _("Authorisation letter");
    case CSL_MATERIAL_OTHER:                return _("Other document");
    case CSL_N_MATERIALS:
    default:                                return "?";
    }
}

const char *
csl_material_article (CslMaterialKind kind)
{
  switch (kind)
    {
    case CSL_MATERIAL_TEST_REPORT:          return "Art. 8(2)";
    case CSL_MATERIAL_PENTEST_REPORT:       return "Art. 7(2)";
    case CSL_MATERIAL_DECLARATION:          return "Art. 8(4)";
    case CSL_MATERIAL_BUSINESS_LICENSE:     return "Art. 8(5)";
    case CSL_MATERIAL_LAB_CAPABILITY:       return "Art. 8(6)";
    case CSL_MATERIAL_LAB_ACCREDITATION:    return "Art. 8(6)";
    case CSL_MATERIAL_AUTHORIZATION_LETTER: return "Art. 8(7)";
    case CSL_MATERIAL_OTHER:
    case CSL_N_MATERIALS:
    default:                                return "Art. 8";
    }
}

gboolean
csl_material_from_string (const char       *text,
                          CslMaterialKind  *out,
                          GError          **error)
{
  for (guint i = 0; i < CSL_N_MATERIALS; i++)
    if (g_strcmp0 (text, material_names[i]) == 0)
      {
        *out = (CslMaterialKind) i;
        return TRUE;
      }
  g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
               _("Attachment kind “%s” is not one of: test-report, pentest-report, declaration, "
                 "business-license, lab-capability, lab-accreditation, authorization-letter, other"),
               text ? text : "");
  return FALSE;
}
