#pragma once

#include "base/csl-model.h"
#include "records/csl-finding.h"
#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

struct _CslFiling;


typedef struct
{
  CslMaterialKind kind;
  gboolean        present;
} CslRequirement;

typedef struct
{
  const char *name;
  CslLabKind  kind;
  const char *accreditation_no;
  const char *accredited_until;
  const char *barred_until;
} CslLabFacts;

/* Everything the rules look at, gathered so the rules themselves need no database. */
typedef struct
{
  CslGrade     grade;
  gboolean     agent;
  gboolean     has_lab;
  CslLabFacts  lab;
  gboolean     has_pentest_lab;
  CslLabFacts  pentest_lab;
  const char  *report_number;
  const char  *report_date;
  guint        n_standards;
  const char *const *catalogue_standards;   /* NULL: not published for this grade */
  const char *const *standards;
  const char  *manufacturer_barred_until;
  gboolean     authorization_valid;
  const char  *support_until;
  gboolean     indicators_declared;
  guint        materials_present;          /* bit (1 << CslMaterialKind) per attached kind */
  const char  *today;
} CslRequirementsInput;

GPtrArray  *csl_requirements_materials (const CslRequirementsInput *in);
GPtrArray  *csl_requirements_evaluate  (const CslRequirementsInput *in);
gboolean    csl_findings_have_errors   (GPtrArray                  *findings);

/* Evaluates a filing as given (it may be unsaved: the wizard shows findings while the user
 * types), loading what it refers to from the workspace. */
GPtrArray  *csl_requirements_check_filing (CslWorkspace            *ws,
                                           const struct _CslFiling *filing,
                                           const char              *today,
                                           GPtrArray              **materials,
                                           GError                 **error);

/* Loads the filing and everything it depends on, then evaluates. */
GPtrArray  *csl_requirements_check     (CslWorkspace               *ws,
                                        gint64                      filing_id,
                                        const char                 *today,
                                        GPtrArray                 **materials,
                                        GError                    **error);

G_END_DECLS
