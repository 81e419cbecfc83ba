#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "base/csl-date.h"
#include "base/csl-error.h"

gboolean
csl_date_parse (const char  *text,
                GDate       *out,
                GError     **error)
{
  guint y, m, d;

  g_date_clear (out, 1);
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    goto bad;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      goto bad;

  /* The digits are checked: read them directly (a deadline list parses thousands of dates). */
#define DIGIT(i) ((guint) (text[i] - '0'))
  y = DIGIT (0) * 1000 + DIGIT (1) * 100 + DIGIT (2) * 10 + DIGIT (3);
  m = DIGIT (5) * 10 + DIGIT (6);
  d = DIGIT (8) * 10 + DIGIT (9);
#undef DIGIT
  if (y < 1900 || y > 9999 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("“%s” is not a calendar date"), text);
      return FALSE;
    }
  g_date_set_dmy (out, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;

bad:
  {
    /* The text may come from any file: the message stays UTF-8 whatever it holds. */
    g_autofree char *shown = g_utf8_make_valid (text ? text : "", -1);

    g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                 _("“%s” is not a date in the form YYYY-MM-DD"), shown);
  }
  return FALSE;
}

gboolean
csl_date_validate (const char  *text,
                   const char  *what,
                   GError     **error)
{
  GDate date;
  g_autoptr(GError) local_error = NULL;

  if (csl_date_parse (text, &date, &local_error))
    return TRUE;
  g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, "%s: %s", what, local_error->message);
  return FALSE;
}

char *
csl_date_format (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u",
                          g_date_get_year (date),
                          g_date_get_month (date),
                          g_date_get_day (date));
}

char *
csl_date_add_months (const char *iso,
                     guint       months)
{
  GDate date;

  if (!csl_date_parse (iso, &date, NULL))
    return NULL;
  /* Past 9999 the result would not be a date this file reads back (and GDate warns). */
  if (months > (guint) (9999 - g_date_get_year (&date)) * 12 + (12 - g_date_get_month (&date)))
    return NULL;
  g_date_add_months (&date, months);
  return csl_date_format (&date);
}

int
csl_date_days_between (const char *from_iso,
                       const char *to_iso)
{
  GDate from, to;

  if (!csl_date_parse (from_iso, &from, NULL) || !csl_date_parse (to_iso, &to, NULL))
    return G_MININT;
  return g_date_days_between (&from, &to);
}

/* The one place that reads the calendar, so that tests can pin "today" with CSL_FILER_TODAY
 * instead of depending on the clock. */
char *
csl_date_today (void)
{
  const char *fixed = g_getenv ("CSL_FILER_TODAY");
  g_autoptr(GDateTime) now = NULL;
  GDate date;

  if (fixed != NULL && csl_date_parse (fixed, &date, NULL))
    return g_strdup (fixed);
  now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
}

char *
csl_timestamp_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}
