#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Dates are stored and exchanged as ISO 8601 calendar dates (YYYY-MM-DD): they sort as text in
 * SQLite and need no time zone. */
gboolean  csl_date_parse      (const char  *text,
                               GDate       *out,
                               GError     **error);
char     *csl_date_format     (const GDate *date);
gboolean  csl_date_validate   (const char  *text,
                               const char  *what,
                               GError     **error);
/* NULL when iso is not a date or the result would fall after 9999-12-31. */
char     *csl_date_add_months (const char  *iso,
                               guint        months);
int       csl_date_days_between (const char *from_iso,
                                 const char *to_iso);
char     *csl_date_today      (void);
char     *csl_timestamp_now   (void);

G_END_DECLS
