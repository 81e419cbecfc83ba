/* ISO dates from the command line, catalogues and announcements. */

#include <string.h>

#include "base/csl-date.h"
#include "base/csl-error.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *second;
  GDate date;
  gboolean ok;
  guint months;

  fuzz_init ();
  text = fuzz_string (data, size);
  ok = csl_date_parse (text, &date, &error);
  fuzz_check_error (ok, error);
  if (ok != csl_date_validate (text, "date", NULL))
    abort ();
  if (ok)
    {
      g_autofree char *formatted = csl_date_format (&date);

      /* A date that parses is printed back exactly as given. */
      if (strcmp (formatted, text) != 0 || csl_date_days_between (text, formatted) != 0)
        abort ();
    }

  /* The first byte after the first NUL (if any) is a number of months, the rest a second
   * date: both come from files in the app (validity periods, announcements). */
  second = memchr (data, '\0', size);
  months = second != NULL && second + 1 < (const char *) data + size ? (guint8) second[1] : size;
  {
    g_autofree char *later = csl_date_add_months (text, months);

    /* NULL only for a bad date or one that would pass 9999-12-31. */
    if ((!ok && later != NULL) ||
        (ok && later == NULL &&
         months <= (guint) (9999 - g_date_get_year (&date)) * 12 + (12 - g_date_get_month (&date))))
      abort ();
    if (later != NULL)
      {
        GDate parsed;

        /* Whatever comes out is a date the app can read back, never before the start. */
        if (!csl_date_parse (later, &parsed, NULL) || csl_date_days_between (text, later) < 0)
          abort ();
      }
  }
  if (second != NULL && second + 2 <= (const char *) data + size)
    {
      g_autofree char *other = fuzz_string ((const uint8_t *) second + 2,
                                            size - (size_t) (second + 2 - (const char *) data));
      int days = csl_date_days_between (text, other);
      int back = csl_date_days_between (other, text);

      if ((days == G_MININT) != (back == G_MININT) || (days != G_MININT && days != -back))
        abort ();
    }
  return 0;
}
