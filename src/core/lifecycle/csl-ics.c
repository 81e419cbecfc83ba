#include "config.h"

#include <glib/gi18n-lib.h>

#include "base/csl-date.h"
#include "lifecycle/csl-ics.h"
#include "base/csl-text-check.h"

#define ICS_LINE_OCTETS 75

/* RFC 5545 §3.3.11: TEXT escapes backslash, semicolon, comma and newline, and holds no other
 * control character than HTAB; C1 controls and bidi overrides (which no calendar should
 * reorder a summary by) go the same way, as U+FFFD, so the event still shows something was there. */
char *
csl_ics_escape_text (const char *text)
{
  GString *out = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '\\':
        case ';':
        case ',':
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
          break;
        case '\r':
          if (p[1] != '\n')
            g_string_append (out, "\\n");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\t':
          g_string_append_c (out, '\t');
          break;
        default:
          if (csl_text_char_needs_escape (c))
            g_string_append_unichar (out, 0xFFFD);
          else
            g_string_append_unichar (out, c);
        }
    }
  return g_string_free (out, FALSE);
}

void
csl_ics_append_line (GString    *out,
                     const char *line)
{
  const char *p = line;
  gsize room = ICS_LINE_OCTETS;

  while (*p)
    {
      const char *next = g_utf8_next_char (p);
      gsize len = (gsize) (next - p);

      if (len > room)
        {
          /* A continuation line starts with one space, which counts towards its 75 octets. */
          g_string_append (out, "\r\n ");
          room = ICS_LINE_OCTETS - 1;
        }
      g_string_append_len (out, p, (gssize) len);
      room -= len;
      p = next;
    }
  g_string_append (out, "\r\n");
}

static void
append_property (GString    *out,
                 const char *name,
                 const char *text)
{
  g_autofree char *escaped = csl_ics_escape_text (text);
  g_autofree char *line = g_strconcat (name, ":", escaped, NULL);

  csl_ics_append_line (out, line);
}

static char *
basic_date (const char *iso,
            int         add_days)
{
  GDate date;

  if (!csl_date_parse (iso, &date, NULL))
    return NULL;
  if (add_days > 0)
    g_date_add_days (&date, (guint) add_days);
  return g_strdup_printf ("%04u%02u%02u", g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
}

char *
csl_ics_uid (const CslDeadline *d)
{
  g_autofree char *due = basic_date (d->due, 0);

  return g_strdup_printf ("csl-filer-filing-%" G_GINT64_FORMAT "-%s-%s@cslfiler.github.io",
                          d->filing_id, csl_deadline_rule_to_string (d->rule), due ? due : "nodate");
}

char *
csl_ics_timestamp_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y%m%dT%H%M%SZ");
}

static void
append_event (GString           *out,
              const CslDeadline *d,
              const char        *dtstamp,
              int                alarm_days)
{
  g_autofree char *uid = csl_ics_uid (d);
  g_autofree char *start = basic_date (d->due, 0);
  g_autofree char *end = basic_date (d->due, 1);
  g_autofree char *summary = csl_deadline_summary (d);
  g_autofree char *description = csl_deadline_description (d);
  g_autofree char *dtstart = g_strconcat ("DTSTART;VALUE=DATE:", start, NULL);
  g_autofree char *dtend = g_strconcat ("DTEND;VALUE=DATE:", end, NULL);
  g_autofree char *trigger = g_strdup_printf ("TRIGGER:-P%dD", alarm_days);

  if (start == NULL)
    return;
  csl_ics_append_line (out, "BEGIN:VEVENT");
  append_property (out, "UID", uid);
  csl_ics_append_line (out, dtstamp);
  csl_ics_append_line (out, dtstart);
  csl_ics_append_line (out, dtend);
  append_property (out, "SUMMARY", summary);
  append_property (out, "DESCRIPTION", description);
  append_property (out, "CATEGORIES", csl_deadline_rule_article (d->rule));
  /* A reminder, not an appointment: it does not make the day look busy. */
  csl_ics_append_line (out, "TRANSP:TRANSPARENT");
  csl_ics_append_line (out, "BEGIN:VALARM");
  csl_ics_append_line (out, "ACTION:DISPLAY");
  append_property (out, "DESCRIPTION", summary);
  csl_ics_append_line (out, trigger);
  csl_ics_append_line (out, "END:VALARM");
  csl_ics_append_line (out, "END:VEVENT");
}

char *
csl_ics_from_deadlines (GPtrArray  *deadlines,
                        const char *dtstamp,
                        int         alarm_days)
{
  GString *out = g_string_new (NULL);
  g_autofree char *stamp = g_strconcat ("DTSTAMP:", dtstamp, NULL);

  csl_ics_append_line (out, "BEGIN:VCALENDAR");
  csl_ics_append_line (out, "VERSION:2.0");
  csl_ics_append_line (out, "PRODID:-//CSL Filer//CSL Filer " PACKAGE_VERSION "//EN");
  csl_ics_append_line (out, "CALSCALE:GREGORIAN");
  /* PUBLISH: Outlook then imports the events instead of treating the file as an invitation. */
  csl_ics_append_line (out, "METHOD:PUBLISH");
  append_property (out, "X-WR-CALNAME", _("CSL Filer deadlines"));
  for (guint i = 0; i < deadlines->len; i++)
    append_event (out, deadlines->pdata[i], stamp, alarm_days > 0 ? alarm_days : 0);
  csl_ics_append_line (out, "END:VCALENDAR");
  return g_string_free (out, FALSE);
}
