#include "config.h"

#include <json-glib/json-glib.h>

#include "csl-test-util.h"
#include "csl-test-cli.h"
#include "csl-test-fixture.h"
#include "csl-test-ics.h"

/* The lifecycle, bars, announcements and deadlines as a user drives them from the command line,
 * with "today" pinned through CSL_FILER_TODAY. */

static void
assert_fails (CslCliResult r,
              int          status,
              const char  *fragment)
{
  g_assert_cmpint (r.status, ==, status);
  if (strstr (r.err, fragment) == NULL)
    g_error ("expected “%s” on stderr, got: %s", fragment, r.err);
  csl_cli_result_clear (&r);
}

static char *
run_ok (const char        *ws,
        const char *const *args)
{
  CslCliResult r = csl_cli_runv (ws, NULL, args);
  char *out;

  if (r.status != 0)
    g_error ("%s %s failed (%d): %s", args[0], args[1], r.status, r.err);
  out = g_steal_pointer (&r.out);
  csl_cli_result_clear (&r);
  return out;
}

#define ok(ws, ...) run_ok ((ws), (const char *const[]) { __VA_ARGS__, NULL })

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static int
count_sql (const char *ws_dir,
           const char *sql)
{
  g_autoptr(CslWorkspace) ws = fx_open (ws_dir);

  return fx_count (ws, sql);
}

typedef struct
{
  char *m, *lab, *p, *f;
} Ids;

static void
ids_clear (Ids *ids)
{
  g_free (ids->m);
  g_free (ids->lab);
  g_free (ids->p);
  g_free (ids->f);
}

/* A filing made ready and packaged, as the bundle writer leaves it. */
static void
make_packaged (const char *ws,
               Ids        *ids)
{
  g_autofree char *uscc = fx_uscc (11);

  ids->m = csl_cli_id (ws, "manufacturer", "add", "--name", "Alpha, Inc.", "--uscc", uscc);
  ids->lab = csl_cli_id (ws, "lab", "add", "--name", "CESI Lab", "--kind", "third-party", "--accreditation",
                         "CNAS L0001", "--accredited-until", "2030-12-31");
  ids->p = csl_cli_id (ws, "product", "add", "--manufacturer", ids->m, "--category", "CSL 001-2025", "--model",
                       "CAM-100", "--firmware", "1.0", "--param", "resolution=1080p", "--support-until", "2027-03-01");
  ids->f = csl_cli_id (ws, "filing", "new", "--product", ids->p, "--grade", "1", "--lab", ids->lab,
                       "--report-number", "R-1", "--report-date", "2026-10-01", "--standard", "GB/T 41387-2022");

  assert_fails (csl_cli_run (ws, "filing", "ready", ids->f), 1, "Missing: Test report");
  {
    g_autoptr(CslWorkspace) w = fx_open (ws);
    gint64 id = g_ascii_strtoll (ids->f, NULL, 10);

    fx_attach (w, id, "test-report", "report.pdf");
    fx_attach (w, id, "declaration", "declaration.pdf");
    fx_attach (w, id, "business-license", "licence.pdf");
    fx_attach (w, id, "lab-accreditation", "cnas.pdf");
  }
  g_free (ok (ws, "filing", "ready", ids->f));
  {
    g_autoptr(CslWorkspace) w = fx_open (ws);
    g_autoptr(GError) error = NULL;

    g_assert_true (csl_lifecycle_mark_packaged (w, g_ascii_strtoll (ids->f, NULL, 10), FX_SHA256, &error));
  }
}

static void
test_lifecycle (CslTestTmp    *tmp,
                gconstpointer  data)
{
  const char *ws = tmp->dir;
  Ids ids = { 0 };
  g_autofree char *out = NULL, *next = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(JsonNode) shown = NULL;
  CslCliResult r;
  gboolean saw_firmware = FALSE, saw_filed = FALSE;

  make_packaged (ws, &ids);

  assert_fails (csl_cli_run (ws, "filing", "record", ids.f), 2, "--submitted");
  assert_fails (csl_cli_run (ws, "filing", "record", ids.f, "--filed", "N-1"), 2, "--filed-on");
  assert_fails (csl_cli_run (ws, "filing", "record", ids.f, "--filed", "N-1", "--filed-on", "2027-01-20",
                             "--valid-until", "2029-01-19"), 2, "“packaged” and cannot become “filed”");
  assert_fails (csl_cli_run (ws, "filing", "record", ids.f, "--submitted", "10.1.2027"), 2, "10.1.2027");
  g_free (ok (ws, "filing", "record", ids.f, "--submitted", "2027-01-10"));
  assert_fails (csl_cli_run (ws, "filing", "record", ids.f, "--filed", "N-1", "--filed-on", "2027-01-20"),
                2, "--valid-until");
  g_free (ok (ws, "filing", "record", ids.f, "--filed", "N-1", "--filed-on", "2027-01-20", "--valid-until",
              "2029-01-19"));

  out = ok (ws, "product", "update", ids.p, "--firmware", "1.1", "--param", "resolution=4K");
  g_assert_nonnull (strstr (out, "Filing 1 is now due for re-filing"));
  g_clear_pointer (&out, g_free);
  assert_fails (csl_cli_run (ws, "product", "update", ids.p), 2, "nothing to change");
  assert_fails (csl_cli_run (ws, "product", "update", "42", "--firmware", "2"), 2, "42");
  out = ok (ws, "filing", "show", ids.f);
  g_assert_nonnull (strstr (out, "Re-filing due"));
  g_assert_nonnull (strstr (out, "firmware version: 1.0 → 1.1; parameter resolution: 1080p → 4K"));
  g_assert_nonnull (strstr (out, "N-1"));
  g_clear_pointer (&out, g_free);

  /* The history shows the filing's and the product's changes, each through the CLI. */
  out = ok (ws, "filing", "history", "--json", ids.f);
  history = parse_json (out);
  g_clear_pointer (&out, g_free);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (history)); i++)
    {
      JsonObject *e = json_array_get_object_element (json_node_get_array (history), i);
      const char *field = json_object_get_string_member (e, "field");

      /* The bundle writer marked it packaged through the core; everything else came from the CLI. */
      gboolean packaging = g_str_equal (field, "bundle_sha256") ||
                           g_strcmp0 (json_object_get_string_member (e, "new_value"), "packaged") == 0;

      g_assert_cmpstr (json_object_get_string_member (e, "via"), ==, packaging ? "core" : "cli");
      g_assert_true (g_str_has_prefix (json_object_get_string_member (e, "at"), "20"));
      if (g_str_equal (field, "firmware_version"))
        {
          saw_firmware = TRUE;
          g_assert_cmpstr (json_object_get_string_member (e, "entity"), ==, "product");
          g_assert_cmpstr (json_object_get_string_member (e, "old_value"), ==, "1.0");
          g_assert_cmpstr (json_object_get_string_member (e, "new_value"), ==, "1.1");
        }
      if (g_str_equal (field, "status") && g_strcmp0 (json_object_get_string_member (e, "new_value"), "filed") == 0)
        {
          saw_filed = TRUE;
          g_assert_cmpstr (json_object_get_string_member (e, "old_value"), ==, "submitted");
        }
    }
  g_assert_true (saw_firmware);
  g_assert_true (saw_filed);
  /* The text shows the history in words, in the language of the environment. */
  out = ok (ws, "filing", "history", ids.f);
  g_assert_nonnull (strstr (out, "Firmware version: 1.0 → 1.1"));
  g_assert_nonnull (strstr (out, "Status changed: Submitted → Filed"));
  g_assert_nonnull (strstr (out, "from the command line"));
  g_assert_null (strstr (out, "firmware_version"));
  g_clear_pointer (&out, g_free);
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  out = ok (ws, "filing", "history", ids.f);
  g_setenv ("LANGUAGE", "C", TRUE);
  g_assert_nonnull (strstr (out, "固件版本：1.0 → 1.1"));
  g_assert_nonnull (strstr (out, "通过命令行"));
  g_assert_null (strstr (out, "Firmware"));
  g_clear_pointer (&out, g_free);

  /* Re-filing: the new id alone on stdout, what stays behind on stderr, the chain in both. */
  r = csl_cli_run (ws, "filing", "refile", ids.f);
  g_assert_cmpint (r.status, ==, 0);
  next = g_strdup (g_strstrip (r.out));
  g_assert_cmpstr (next, ==, "2");
  g_assert_nonnull (strstr (r.err, "report.pdf"));
  csl_cli_result_clear (&r);
  out = ok (ws, "filing", "show", next);
  g_assert_true (g_regex_match_simple ("Re-files filing +1\n", out, 0, 0));
  g_clear_pointer (&out, g_free);
  out = ok (ws, "filing", "show", ids.f);
  g_assert_true (g_regex_match_simple ("Re-filed as filing +2\n", out, 0, 0));
  g_clear_pointer (&out, g_free);
  out = ok (ws, "filing", "show", "--json", ids.f);
  shown = parse_json (out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (shown), "successor_id"), ==, 2);
  assert_fails (csl_cli_run (ws, "filing", "refile", ids.f), 2, "already re-filed as filing 2");
  assert_fails (csl_cli_run (ws, "filing", "refile", next), 2, "“draft”");

  assert_fails (csl_cli_run (ws, "filing", "revoke", ids.f), 2, "--reason");
  g_free (ok (ws, "filing", "revoke", ids.f, "--reason", "Art. 14(4): support ended"));
  assert_fails (csl_cli_run (ws, "filing", "revoke", ids.f, "--reason", "again"), 2, "“revoked”");
  g_assert_cmpint (count_sql (ws, "SELECT COUNT(*) FROM audit WHERE entity = 'filing' AND entity_id = 1 AND "
                                  "field = 'status' AND new_value = 'revoked' AND via = 'cli'"), ==, 1);

  assert_fails (csl_cli_run (ws, "filing", "reopen", next), 2, "“draft” and cannot become “draft”");
  ids_clear (&ids);
}

static void
test_bars_and_announcements (CslTestTmp    *tmp,
                             gconstpointer  data)
{
  g_autofree char *ws = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *good = g_build_filename (tmp->dir, "announcements.csv", NULL);
  g_autofree char *bad = g_build_filename (tmp->dir, "bad.json", NULL);
  g_autofree char *out = NULL;
  Ids ids = { 0 };

  make_packaged (ws, &ids);
  g_free (ok (ws, "lab", "bar", ids.lab, "--until", "2028-01-31", "--reason", "CESI 2027-4: false reports"));
  assert_fails (csl_cli_run (ws, "lab", "bar", "99", "--until", "2028-01-31", "--reason", "x"), 2, "99");
  assert_fails (csl_cli_run (ws, "lab", "bar", ids.lab, "--until", "2028-13-01", "--reason", "x"), 2, "2028-13-01");
  assert_fails (csl_cli_run (ws, "lab", "bar", ids.lab, "--until", "2028-01-01"), 2, "--reason");
  g_free (ok (ws, "manufacturer", "bar", ids.m, "--until", "2027-12-31", "--reason", "Forged labels"));
  g_assert_cmpint (count_sql (ws, "SELECT COUNT(*) FROM audit WHERE entity = 'lab' AND field = 'barred_until' "
                                  "AND new_value = '2028-01-31' AND via = 'cli'"), ==, 1);
  g_assert_cmpint (count_sql (ws, "SELECT COUNT(*) FROM audit WHERE entity = 'manufacturer' AND "
                                  "field = 'barred_reason' AND new_value = 'Forged labels' AND via = 'cli'"), ==, 1);

  g_assert_true (g_file_set_contents (good, "reference,target,accreditation_no,announced_on,reason\n"
                                            "CESI-2027-9,lab,CNAS L0001,2027-03-01,false reports\n", -1, NULL));
  out = ok (ws, "announcements", "import", good);
  g_assert_nonnull (strstr (out, "Imported 1 announcement"));
  g_clear_pointer (&out, g_free);
  out = ok (ws, "announcements", "import", good);
  g_assert_nonnull (strstr (out, "1 was imported before"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (count_sql (ws, "SELECT COUNT(*) FROM lab WHERE barred_until = '2028-02-29'"), ==, 1);

  g_assert_true (g_file_set_contents (bad, "{\"format\": 1, \"announcements\": [{\"reference\": \"Z\", "
                                           "\"target\": \"lab\", \"id\": 7, \"announced_on\": \"2027-03-01\"}]}",
                                      -1, NULL));
  assert_fails (csl_cli_run (ws, "announcements", "import", bad), 2, "no lab has the id 7");
  assert_fails (csl_cli_run (ws, "announcements", "import", "/nonexistent.csv"), 2, "/nonexistent.csv");
  ids_clear (&ids);
}

static void
test_deadlines (CslTestTmp    *tmp,
                gconstpointer  data)
{
  const char *ws = tmp->dir;
  g_autofree char *out = NULL;
  g_autofree char *ics_path = g_build_filename (tmp->dir, "deadlines.ics", NULL);
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(IcsComponent) cal = NULL;
  Ids ids = { 0 };
  JsonArray *list;
  gboolean saw_support = FALSE;

  make_packaged (ws, &ids);
  g_free (ok (ws, "filing", "record", ids.f, "--submitted", "2027-01-10", "--filed", "N-1", "--filed-on",
              "2027-01-20", "--valid-until", "2027-04-30"));

  /* Today is 2027-01-05: support ends on 2027-03-01 (55 days), the label on 2027-04-30 (115). */
  out = ok (ws, "deadlines");
  g_assert_nonnull (strstr (out, "2027-03-01\tin 55 days\tsupport-end\tArt. 14(4)\tAlpha, Inc. CAM-100\tfiling 1"));
  g_assert_null (strstr (out, "label-expiry"));
  g_clear_pointer (&out, g_free);
  out = ok (ws, "deadlines", "--within", "120", "--reminders", "120,30");
  g_assert_nonnull (strstr (out, "label-expiry"));
  g_clear_pointer (&out, g_free);
  out = ok (ws, "deadlines", "--within", "10");
  g_assert_nonnull (strstr (out, "No deadlines within 10 days"));
  g_clear_pointer (&out, g_free);
  out = ok (ws, "deadlines", "--manufacturer", "99");
  g_assert_nonnull (strstr (out, "No deadlines"));
  g_clear_pointer (&out, g_free);

  out = ok (ws, "deadlines", "--format", "json", "--within", "120");
  json = parse_json (out);
  list = json_node_get_array (json);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *d = json_array_get_object_element (list, i);

      if (g_str_equal (json_object_get_string_member (d, "rule"), "support-end"))
        {
          saw_support = TRUE;
          g_assert_cmpstr (json_object_get_string_member (d, "due"), ==, "2027-03-01");
          g_assert_cmpint (json_object_get_int_member (d, "days_left"), ==, 55);
          g_assert_cmpint (json_object_get_int_member (d, "reminder"), ==, 60);
          g_assert_cmpstr (json_object_get_string_member (d, "article"), ==, "Art. 14(4)");
          g_assert_false (json_object_get_boolean_member (d, "overdue"));
        }
    }
  g_assert_true (saw_support);
  g_clear_pointer (&out, g_free);

  /* The calendar file, written atomically, read back field by field. */
  g_free (ok (ws, "deadlines", "--format", "ics", "--within", "120", "--output", ics_path));
  out = csl_test_read_file (ics_path, NULL);
  cal = ics_parse (out);
  g_assert_cmpuint (cal->children->len, ==, 2);
  for (guint i = 0; i < cal->children->len; i++)
    {
      IcsComponent *ev = cal->children->pdata[i];
      const char *start = ics_get (ev, "DTSTART");

      g_assert_nonnull (strstr (ics_get (ev, "SUMMARY"), "Alpha, Inc. CAM-100"));
      g_assert_true (g_str_has_prefix (ics_get (ev, "UID"), "csl-filer-filing-1-"));
      g_assert_true (g_str_equal (start, "20270301") || g_str_equal (start, "20270430"));
      g_assert_true (g_regex_match_simple ("^[0-9]{8}T[0-9]{6}Z$", ics_get (ev, "DTSTAMP"), 0, 0));
      g_assert_cmpstr (ics_get (ev->children->pdata[0], "TRIGGER"), ==, "-P30D");
    }
  g_clear_pointer (&out, g_free);
  {
    /* Standard output carries the same calendar. */
    CslCliResult r = csl_cli_run (ws, "deadlines", "--format", "ics");
    g_autoptr(IcsComponent) again = NULL;

    g_assert_cmpint (r.status, ==, 0);
    again = ics_parse (r.out);
    g_assert_cmpuint (again->children->len, ==, 1);
    csl_cli_result_clear (&r);
  }

  assert_fails (csl_cli_run (ws, "deadlines", "--format", "xml"), 2, "xml");
  assert_fails (csl_cli_run (ws, "deadlines", "--within", "-1"), 2, "-1");
  assert_fails (csl_cli_run (ws, "deadlines", "--reminders", "90,sixty"), 2, "sixty");
  assert_fails (csl_cli_run (ws, "deadlines", "extra"), 2, "extra");
  ids_clear (&ids);
}

/* The calendar makes a filing expire; the deadlines command records it. */
static void
test_expiry (CslTestTmp    *tmp,
             gconstpointer  data)
{
  const char *ws = tmp->dir;
  g_autofree char *out = NULL;
  Ids ids = { 0 };

  make_packaged (ws, &ids);
  g_free (ok (ws, "filing", "record", ids.f, "--submitted", "2027-01-10", "--filed", "N-1", "--filed-on",
              "2027-01-20", "--valid-until", "2027-01-31"));
  g_setenv ("CSL_FILER_TODAY", "2027-02-10", TRUE);
  out = ok (ws, "deadlines");
  g_setenv ("CSL_FILER_TODAY", "2027-01-05", TRUE);
  g_assert_nonnull (strstr (out, "2027-01-31\t10 days overdue\tlabel-expiry"));
  g_clear_pointer (&out, g_free);
  out = ok (ws, "filing", "show", ids.f);
  g_assert_nonnull (strstr (out, "Expired"));
  g_assert_cmpint (count_sql (ws, "SELECT COUNT(*) FROM audit WHERE field = 'status' AND new_value = 'expired' "
                                  "AND via = 'cli'"), ==, 1);
  ids_clear (&ids);
}

/* standard replace: the filing citing the old standard is listed, due in Deadlines from the
 * date with the reason, and re-filing it in bulk cites the new standard. */
static void
test_standard_replace (CslTestTmp    *tmp,
                       gconstpointer  data)
{
  const char *ws = tmp->dir;
  g_autofree char *out = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) pair = NULL;
  CslCliResult r;
  Ids ids = { 0 };

  make_packaged (ws, &ids);
  g_free (ok (ws, "filing", "record", ids.f, "--submitted", "2027-01-10", "--filed", "N-1", "--filed-on",
              "2027-01-20", "--valid-until", "2029-12-31"));

  assert_fails (csl_cli_run (ws, "standard", "replace", "GB/T 41387-2022", "--from", "2027-02-01"), 2, "--by");
  assert_fails (csl_cli_run (ws, "standard", "replace", "GB/T 41387-2022", "--by", "GB/T 41387-2026", "--from",
                             "2027-02-30"), 2, "2027-02-30");
  assert_fails (csl_cli_run (ws, "standard", "replace", "GB/T 41387-2022", "--by", "GB/T 41387-2022", "--from",
                             "2027-02-01"), 2, "itself");

  r = csl_cli_run (ws, "standard", "replace", "GB/T 41387-2022", "--by", "GB/T 41387-2026", "--from", "2027-02-01");
  g_assert_cmpint (r.status, ==, 0);
  line = g_strdup_printf ("%s\n", ids.f);
  g_assert_cmpstr (r.out, ==, line);
  g_assert_nonnull (strstr (r.err, "1 filing cites GB/T 41387-2022"));
  csl_cli_result_clear (&r);

  out = ok (ws, "deadlines");
  g_assert_nonnull (strstr (out, "2027-02-01\tin 27 days\tstandard-replaced"));
  g_clear_pointer (&out, g_free);

  out = ok (ws, "filing", "refile", "--all", "--status", "filed");
  pair = g_strsplit (g_strstrip (out), "\t", -1);
  g_clear_pointer (&out, g_free);
  if (g_strv_length (pair) == 1)
    {
      /* One filing: refile prints only the new id. */
      out = ok (ws, "filing", "show", pair[0], "--json");
    }
  else
    out = ok (ws, "filing", "show", pair[1], "--json");
  g_assert_nonnull (strstr (out, "GB/T 41387-2026"));
  g_assert_null (strstr (out, "GB/T 41387-2022"));
  ids_clear (&ids);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("CSL_FILER_TODAY", "2027-01-05", TRUE);
#define ADD(path, fn) g_test_add (path, CslTestTmp, NULL, csl_test_tmp_setup, fn, csl_test_tmp_teardown)
  ADD ("/cli-lifecycle/lifecycle", test_lifecycle);
  ADD ("/cli-lifecycle/bars-and-announcements", test_bars_and_announcements);
  ADD ("/cli-lifecycle/deadlines", test_deadlines);
  ADD ("/cli-lifecycle/expiry", test_expiry);
  ADD ("/cli-lifecycle/standard-replace", test_standard_replace);
  return g_test_run ();
}
