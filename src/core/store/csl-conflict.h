#pragma once

#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

/* Sets CSL_ERROR_CONFLICT for a row of table (one with version, updated_by and updated_at)
 * whose update matched no row: "This filing was changed by li.wei at 10:42; reload to see it",
 * in local time, the date too when it was not today. A row that is gone gets
 * CSL_ERROR_NOT_FOUND instead. Always returns FALSE. */
gboolean  csl_conflict_set_error   (CslWorkspace  *ws,
                                    const char    *table,
                                    gint64         id,
                                    GError       **error);

/* The local time a stored UTC timestamp ("2026-12-07T10:42:00Z") names, as the conflict message
 * says it relative to now (same day: "10:42"; else "2026-12-06 10:42"); NULL if unreadable. */
char     *csl_conflict_format_when (const char    *utc_timestamp,
                                    GDateTime     *now);

G_END_DECLS
