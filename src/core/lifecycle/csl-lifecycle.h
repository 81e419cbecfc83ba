#pragma once

#include "records/csl-filing.h"

G_BEGIN_DECLS

/* A filing's status moves along
 *
 *   draft → ready → packaged → submitted → filed → refiling-due / expired / revoked
 *
 * and back to draft from ready, packaged or submitted (the filing is edited again, or the
 * filing agency returned it). Every function here runs one transaction, writes the audit trail
 * and refuses any other move with CSL_ERROR_STATE naming the current and the requested status. */

typedef struct
{
  const char *filing_number;
  const char *filed_on;
  const char *valid_from;    /* NULL: the filing date */
  const char *valid_until;   /* NULL: valid_from + the category's validity period */
} CslFiledInfo;

gboolean csl_lifecycle_can_transition     (CslFilingStatus     from,
                                           CslFilingStatus     to);
/* Runs csl_requirements_check() for today; a filing with errors fails with
 * CSL_ERROR_INCOMPLETE listing them. A filing already ready stays ready. */
gboolean csl_lifecycle_mark_ready         (CslWorkspace       *ws,
                                           gint64              filing_id,
                                           const char         *today,
                                           GError            **error);
gboolean csl_lifecycle_reopen             (CslWorkspace       *ws,
                                           gint64              filing_id,
                                           GError            **error);
/* For the bundle writer, after it has written the bundle: from ready, or from packaged when the
 * bundle is made again. bundle_sha256 is the bundle's SHA-256 in hex. */
gboolean csl_lifecycle_mark_packaged      (CslWorkspace       *ws,
                                           gint64              filing_id,
                                           const char         *bundle_sha256,
                                           GError            **error);
gboolean csl_lifecycle_mark_submitted     (CslWorkspace       *ws,
                                           gint64              filing_id,
                                           const char         *submitted_on,
                                           GError            **error);
gboolean csl_lifecycle_mark_filed         (CslWorkspace       *ws,
                                           gint64              filing_id,
                                           const CslFiledInfo *info,
                                           GError            **error);
gboolean csl_lifecycle_revoke             (CslWorkspace       *ws,
                                           gint64              filing_id,
                                           const char         *reason,
                                           GError            **error);
/* Art. 10. From filed; a filing already due gets the reason appended. */
gboolean csl_lifecycle_mark_refiling_due  (CslWorkspace       *ws,
                                           gint64              filing_id,
                                           const char         *reason,
                                           GError            **error);
gboolean csl_lifecycle_mark_refiling_due_in_transaction (CslWorkspace *ws,
                                                         gint64        filing_id,
                                                         const char   *reason,
                                                         GError      **error);
/* The transitions the calendar makes: a filed (or re-filing due) filing whose label validity
 * ended before today becomes expired. n_expired (nullable) receives how many did. */
gboolean csl_lifecycle_apply_time         (CslWorkspace       *ws,
                                           const char         *today,
                                           guint              *n_expired,
                                           GError            **error);

G_END_DECLS
