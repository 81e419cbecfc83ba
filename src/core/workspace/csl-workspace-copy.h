#pragma once

#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

/* What a copy moved, checked against the source once it was committed. */
typedef struct
{
  guint64 rows;          /* every record, the audit trail included */
  guint   manufacturers;
  guint   products;
  guint   filings;
  guint   documents;     /* distinct documents (by SHA-256) */
  guint64 document_bytes;
} CslCopyReport;

/* Copies a whole workspace, a folder or a team workspace on a server, into another (which is
 * created if it does not exist): every record with its id and history, the catalogue batches,
 * and every document. Refused (CSL_ERROR_EXISTS) unless the target holds no records: a copy
 * never merges. The records go in one transaction, with the documents (on a server, in the
 * same transaction; in a folder, each written and fsynced before it commits). Every document
 * is checked against its SHA-256 on the way; afterwards the target's record counts are compared
 * with the source's and every document is read back from the target and hashed
 * (CSL_ERROR_DAMAGED if one differs). On a team server the copy runs as the database's owner,
 * as `team init` does: row-level security would hide the records of others. */
gboolean csl_workspace_copy (const char     *from,
                             const char     *to,
                             CslCopyReport  *report,
                             GCancellable   *cancellable,
                             GError        **error);

G_END_DECLS
