#pragma once

#include "records/csl-audit.h"

G_BEGIN_DECLS

/* The audit trail in words, for people: the app's history and `filing history` (text) share
 * them; `--json` keeps the raw fields. */

/* Wizard navigation (the step a draft was left on) is recorded but is no change of the filing. */
gboolean  csl_audit_entry_is_navigation (const CslAuditEntry *entry);
/* One translated sentence: "Status changed: Filed → Re-filing due", "Test report attached: r.pdf". */
char     *csl_audit_entry_describe      (const CslAuditEntry *entry);
/* What a person rarely needs but may check, such as a document's SHA-256; NULL when nothing. */
char     *csl_audit_entry_detail        (const CslAuditEntry *entry);
/* When (ISO date and time in local time), who and through which interface, translated. */
char     *csl_audit_entry_byline        (const CslAuditEntry *entry);
/* An ISO 8601 UTC time stamp as local "YYYY-MM-DD HH:MM"; the stamp itself when unreadable. */
char     *csl_audit_format_time         (const char          *iso_utc);

G_END_DECLS
