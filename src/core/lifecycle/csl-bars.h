#pragma once

#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

/* Bars announced by the filing agency: a lab whose test results are not accepted (Art. 16), a
 * manufacturer whose filings are not accepted (Art. 15), each for a year from the announcement. */
typedef enum
{
  CSL_BAR_LAB,
  CSL_BAR_MANUFACTURER,
} CslBarTarget;

typedef struct
{
  guint imported;
  guint skipped;    /* announcements imported before, with the same content */
} CslAnnouncementImport;

const char *csl_bar_target_to_string          (CslBarTarget   target);
/* Sets the bar by hand (its end date and reason), audited, in a transaction of its own. */
gboolean    csl_bar_set                       (CslWorkspace  *ws,
                                               CslBarTarget   target,
                                               gint64         id,
                                               const char    *until,
                                               const char    *reason,
                                               GError       **error);
gboolean    csl_bar_set_in_transaction        (CslWorkspace  *ws,
                                               CslBarTarget   target,
                                               gint64         id,
                                               const char    *until,
                                               const char    *reason,
                                               GError       **error);

/* A list of announcements as JSON or CSV (see README, “Bar announcements”): every record is
 * validated first — unknown ids, USCCs or accreditation numbers, bad dates, duplicates — and
 * the file is applied in one transaction or not at all. A bar already running longer is kept. */
gboolean    csl_announcements_import_bytes    (CslWorkspace           *ws,
                                               GBytes                 *bytes,
                                               const char             *source,
                                               CslAnnouncementImport  *result,
                                               GError                **error);
gboolean    csl_announcements_import_file     (CslWorkspace           *ws,
                                               const char             *path,
                                               CslAnnouncementImport  *result,
                                               GError                **error);

G_END_DECLS
