#pragma once

#include "lifecycle/csl-deadlines.h"

G_BEGIN_DECLS

/* iCalendar (RFC 5545) for deadlines: one all-day VEVENT per deadline with a stable UID, so that
 * importing a newer export updates the events instead of duplicating them. */

/* TEXT value escaping (3.3.11): backslash, semicolon, comma and line breaks. */
char *csl_ics_escape_text (const char  *text);
/* Appends one content line, folded after at most 75 octets without splitting a UTF-8 character,
 * each physical line ended by CRLF (3.1). */
void  csl_ics_append_line (GString     *out,
                           const char  *line);
/* "csl-filer-filing-ID-RULE-YYYYMMDD@cslfiler.github.io": the same deadline, the same UID. */
char *csl_ics_uid         (const CslDeadline *d);
/* dtstamp: the export's time in UTC as YYYYMMDDTHHMMSSZ; alarm_days: how many days before each
 * deadline its VALARM goes off. */
char *csl_ics_from_deadlines (GPtrArray  *deadlines,
                              const char *dtstamp,
                              int         alarm_days);
/* The current time for DTSTAMP. */
char *csl_ics_timestamp_now  (void);

G_END_DECLS
