#include "config.h"

#include "lifecycle/csl-ics.h"
#include "csl-test-ics.h"

static void
test_escape (void)
{
  g_autofree char *plain = csl_ics_escape_text ("Label validity ends");
  g_autofree char *special = csl_ics_escape_text ("a,b;c\\d\ne\r\nf");
  g_autofree char *back = ics_unescape (special);

  g_assert_cmpstr (plain, ==, "Label validity ends");
  g_assert_cmpstr (special, ==, "a\\,b\\;c\\\\d\\ne\\nf");
  g_assert_cmpstr (back, ==, "a,b;c\\d\ne\nf");
}

/* RFC 5545 TEXT holds no control but HTAB: an escape sequence or a bidi override in a model
 * (stored before entry checks, or in an imported catalogue) becomes U+FFFD in the calendar. */
static void
test_escape_controls (void)
{
  g_autofree char *escaped = csl_ics_escape_text ("CAM\x01\x1b[31mRED\tX\xc2\x9b\xe2\x80\xaeY\xff");

  g_assert_cmpstr (escaped, ==, "CAM\xef\xbf\xbd\xef\xbf\xbd[31mRED\tX\xef\xbf\xbd\xef\xbf\xbdY\xef\xbf\xbd");
  for (const char *p = escaped; *p; p++)
    g_assert_true (*p == '\t' || (guchar) *p >= 0x20);
}

static char *
folded (const char *line)
{
  GString *out = g_string_new (NULL);

  csl_ics_append_line (out, line);
  return g_string_free (out, FALSE);
}

static void
test_fold_ascii (void)
{
  g_autofree char *exact = g_strnfill (75, 'x');
  g_autofree char *over = g_strnfill (76, 'y');
  g_autofree char *long_line = g_strnfill (200, 'z');
  g_autofree char *a = folded (exact);
  g_autofree char *b = folded (over);
  g_autofree char *c = folded (long_line);
  g_autoptr(GPtrArray) lines = NULL;

  /* 75 octets fit on one line; the 76th moves to a continuation line. */
  g_assert_cmpuint (strlen (a), ==, 77);
  g_assert_true (g_str_has_suffix (a, "\r\n"));
  g_assert_null (strstr (a, "\r\n "));
  g_assert_cmpuint (strlen (b), ==, 76 + 3 + 2);
  g_assert_true (g_str_has_prefix (b + 75, "\r\n y\r\n"));

  /* 75 + 74 + 51: each continuation's space counts towards its 75 octets. */
  g_assert_cmpuint (strlen (c), ==, 200 + 2 * 3 + 2);
  lines = ics_unfold (c);
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_cmpstr (lines->pdata[0], ==, long_line);
}

static void
test_fold_utf8 (void)
{
  g_autoptr(GString) line = g_string_new ("SUMMARY:");
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  const char *p;

  for (guint i = 0; i < 100; i++)
    g_string_append (line, i % 2 ? "网" : "é");
  out = folded (line->str);
  /* ics_unfold checks that no physical line is over 75 octets or cuts a character in two. */
  lines = ics_unfold (out);
  g_assert_cmpstr (lines->pdata[0], ==, line->str);
  for (p = out; (p = strstr (p, "\r\n")) != NULL; p += 2)
    if (p[2] != '\0')
      g_assert_cmpint (p[2], ==, ' ');
}

static CslDeadline *
deadline (CslDeadlineRule  rule,
          gint64           filing,
          const char      *manufacturer,
          const char      *model,
          const char      *due,
          const char      *detail)
{
  CslDeadline *d = g_new0 (CslDeadline, 1);

  d->rule = rule;
  d->filing_id = filing;
  d->manufacturer = g_strdup (manufacturer);
  d->model = g_strdup (model);
  d->filing_number = g_strdup_printf ("CSL-%03" G_GINT64_FORMAT, filing);
  d->status = CSL_STATUS_FILED;
  d->due = g_strdup (due);
  d->detail = g_strdup (detail);
  return d;
}

static GPtrArray *
sample (void)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_deadline_free);

  g_ptr_array_add (list, deadline (CSL_DEADLINE_LABEL_EXPIRY, 1, "Alpha, Inc.; 北京示例科技有限公司",
                                   "CAM\\100", "2027-07-01", NULL));
  g_ptr_array_add (list, deadline (CSL_DEADLINE_REFILING_DUE, 2, "Beta Co", "R-2",
                                   "2027-12-31", "firmware version: 1.0 → 2.0; parameter wifi: n → ax"));
  g_ptr_array_add (list, deadline (CSL_DEADLINE_LAB_BARRED, 3, "Gamma Co", "L-3", "2028-02-29",
                                   "Bad Lab: false reports,\nannounced twice"));
  return list;
}

static void
test_calendar (void)
{
  g_autoptr(GPtrArray) list = sample ();
  g_autofree char *text = csl_ics_from_deadlines (list, "20270601T080000Z", 30);
  g_autofree char *again = csl_ics_from_deadlines (list, "20270602T090000Z", 30);
  g_autoptr(IcsComponent) cal = ics_parse (text);
  g_autoptr(IcsComponent) cal2 = ics_parse (again);
  const char *const starts[] = { "20270701", "20271231", "20280229" };
  const char *const ends[] = { "20270702", "20280101", "20280301" };

  g_assert_cmpstr (cal->name, ==, "VCALENDAR");
  g_assert_cmpstr (ics_get (cal, "VERSION"), ==, "2.0");
  g_assert_true (g_str_has_prefix (ics_get (cal, "PRODID"), "-//CSL Filer//"));
  g_assert_cmpstr (ics_get (cal, "CALSCALE"), ==, "GREGORIAN");
  g_assert_cmpstr (ics_get (cal, "METHOD"), ==, "PUBLISH");
  g_assert_cmpuint (cal->children->len, ==, list->len);

  for (guint i = 0; i < list->len; i++)
    {
      CslDeadline *d = list->pdata[i];
      IcsComponent *ev = cal->children->pdata[i];
      IcsComponent *ev2 = cal2->children->pdata[i];
      IcsComponent *alarm;
      g_autofree char *uid = csl_ics_uid (d);
      g_autofree char *summary = csl_deadline_summary (d);
      g_autofree char *description = csl_deadline_description (d);
      g_autofree char *id_part = g_strdup_printf ("-%" G_GINT64_FORMAT "-", d->filing_id);

      g_assert_cmpstr (ev->name, ==, "VEVENT");
      /* The UID is made of the filing, the rule and the date, so a new export updates the event. */
      g_assert_cmpstr (ics_get (ev, "UID"), ==, uid);
      g_assert_cmpstr (ics_get (ev2, "UID"), ==, uid);
      g_assert_nonnull (strstr (uid, id_part));
      g_assert_nonnull (strstr (uid, csl_deadline_rule_to_string (d->rule)));
      g_assert_nonnull (strstr (uid, starts[i]));
      g_assert_nonnull (strchr (uid, '@'));
      g_assert_cmpstr (ics_get (ev, "DTSTAMP"), ==, "20270601T080000Z");
      g_assert_cmpstr (ics_get (ev2, "DTSTAMP"), ==, "20270602T090000Z");
      g_assert_cmpstr (ics_find (ev, "DTSTART")->params, ==, ";VALUE=DATE");
      g_assert_cmpstr (ics_get (ev, "DTSTART"), ==, starts[i]);
      g_assert_cmpstr (ics_find (ev, "DTEND")->params, ==, ";VALUE=DATE");
      g_assert_cmpstr (ics_get (ev, "DTEND"), ==, ends[i]);
      /* Escaped on the way out, the same text on the way back in. */
      g_assert_cmpstr (ics_get (ev, "SUMMARY"), ==, summary);
      g_assert_nonnull (strstr (ics_get (ev, "SUMMARY"), d->manufacturer));
      g_assert_nonnull (strstr (ics_get (ev, "SUMMARY"), d->model));
      g_assert_nonnull (strstr (ics_get (ev, "SUMMARY"), csl_deadline_rule_label (d->rule)));
      g_assert_cmpstr (ics_get (ev, "DESCRIPTION"), ==, description);
      g_assert_nonnull (strstr (ics_get (ev, "DESCRIPTION"), csl_deadline_rule_article (d->rule)));
      if (d->detail)
        g_assert_nonnull (strstr (ics_get (ev, "DESCRIPTION"), d->detail));
      g_assert_cmpuint (ev->children->len, ==, 1);
      alarm = ev->children->pdata[0];
      g_assert_cmpstr (alarm->name, ==, "VALARM");
      g_assert_cmpstr (ics_get (alarm, "ACTION"), ==, "DISPLAY");
      g_assert_cmpstr (ics_get (alarm, "TRIGGER"), ==, "-P30D");
      g_assert_cmpstr (ics_get (alarm, "DESCRIPTION"), ==, summary);
    }
  /* One UID per deadline. */
  g_assert_cmpstr (ics_get (cal->children->pdata[0], "UID"), !=, ics_get (cal->children->pdata[1], "UID"));
  g_assert_cmpstr (ics_get (cal->children->pdata[1], "UID"), !=, ics_get (cal->children->pdata[2], "UID"));
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autofree char *text = csl_ics_from_deadlines (none, "20270601T080000Z", 30);
  g_autoptr(IcsComponent) cal = ics_parse (text);

  g_assert_cmpstr (cal->name, ==, "VCALENDAR");
  g_assert_cmpuint (cal->children->len, ==, 0);
  g_assert_cmpstr (ics_get (cal, "VERSION"), ==, "2.0");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ics/escape", test_escape);
  g_test_add_func ("/ics/escape-controls", test_escape_controls);
  g_test_add_func ("/ics/fold-ascii", test_fold_ascii);
  g_test_add_func ("/ics/fold-utf8", test_fold_utf8);
  g_test_add_func ("/ics/calendar", test_calendar);
  g_test_add_func ("/ics/empty", test_empty);
  return g_test_run ();
}
