#include "config.h"

#include <string.h>

#include "base/csl-date.h"
#include "base/csl-error.h"

static void
test_parse_good (void)
{
  GDate d;
  g_autofree char *back = NULL;

  g_assert_true (csl_date_parse ("2024-02-29", &d, NULL));
  g_assert_cmpint (g_date_get_day (&d), ==, 29);
  back = csl_date_format (&d);
  g_assert_cmpstr (back, ==, "2024-02-29");
}

static void
test_parse_bad (void)
{
  static const char *const bad[] = {
    "2023-02-29", "2026-13-01", "2026-00-10", "2026-1-1", "26-01-01", "2026/01/01",
    "2026-01-01T00:00", "", "abcd-ef-gh", "1800-01-01",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate d;

      g_assert_false (csl_date_parse (bad[i], &d, &error));
      g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
    }
}

static void
test_arithmetic (void)
{
  g_autofree char *a = csl_date_add_months ("2026-01-31", 1);
  g_autofree char *b = csl_date_add_months ("2026-07-01", 36);

  g_assert_cmpstr (a, ==, "2026-02-28");
  g_assert_cmpstr (b, ==, "2029-07-01");
  g_assert_cmpint (csl_date_days_between ("2026-01-01", "2026-03-01"), ==, 59);
}

/* Found by fuzzing: months past the year 9999 gave a five-digit year that no parser here
 * reads back (and made the label's validity end an invalid date). */
static void
test_add_months_limit (void)
{
  g_autofree char *last = csl_date_add_months ("9999-01-31", 11);
  g_autofree char *past = csl_date_add_months ("9999-01-31", 12);
  g_autofree char *far = csl_date_add_months ("9990-06-01", 240);

  g_assert_cmpstr (last, ==, "9999-12-31");
  g_assert_null (past);
  g_assert_null (far);
  g_assert_null (csl_date_add_months ("not a date", 1));
}

/* Found by fuzzing: the message quoted bytes that were not UTF-8 as they were. */
static void
test_parse_not_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  g_assert_false (csl_date_parse ("2026\xA3" "13-01", &date, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "2026\xEF\xBF\xBD" "13-01"));
}

static void
test_today_pinned (void)
{
  g_autofree char *today = NULL;

  g_setenv ("CSL_FILER_TODAY", "2026-11-21", TRUE);
  today = csl_date_today ();
  g_assert_cmpstr (today, ==, "2026-11-21");
  g_unsetenv ("CSL_FILER_TODAY");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/date/parse-good", test_parse_good);
  g_test_add_func ("/date/parse-bad", test_parse_bad);
  g_test_add_func ("/date/arithmetic", test_arithmetic);
  g_test_add_func ("/date/add-months-limit", test_add_months_limit);
  g_test_add_func ("/date/parse-not-utf8", test_parse_not_utf8);
  g_test_add_func ("/date/today-pinned", test_today_pinned);
  return g_test_run ();
}
