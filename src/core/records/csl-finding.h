#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CSL_SEVERITY_ERROR,     /* the filing cannot be packaged */
  CSL_SEVERITY_WARNING,   /* worth a look; does not block */
} CslSeverity;

typedef struct
{
  CslSeverity  severity;
  char        *code;       /* stable, for scripts and tests: "missing-test-report", "lab-barred" … */
  char        *article;    /* "Art. 7(2)" */
  char        *message;    /* translated, names the value at fault */
  int          material;   /* a CslMaterialKind when the finding is about one, else -1 */
} CslFinding;

void        csl_finding_free           (CslFinding                 *finding);
void        csl_findings_add           (GPtrArray                  *findings,
                                        CslSeverity                 severity,
                                        int                         material,
                                        const char                 *code,
                                        const char                 *article,
                                        const char                 *format,
                                        ...) G_GNUC_PRINTF (6, 7);

G_END_DECLS
