#include "config.h"

#include "records/csl-finding.h"

void
csl_finding_free (CslFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->code);
  g_free (finding->article);
  g_free (finding->message);
  g_free (finding);
}

void
csl_findings_add (GPtrArray   *findings,
                  CslSeverity  severity,
                  int          material,
                  const char  *code,
                  const char  *article,
                  const char  *format,
                  ...)
{
  CslFinding *f = g_new0 (CslFinding, 1);
  va_list args;

  f->severity = severity;
  f->material = material;
  f->code = g_strdup (code);
  f->article = g_strdup (article);
  va_start (args, format);
  f->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (findings, f);
}
