#include "config.h"

#include <string.h>

#include "lifecycle/csl-bars.h"
#include "base/csl-csv-reader.h"
#include "base/csl-csv.h"
#include "csl-test-util.h"
#include "csl-test-fixture.h"

typedef struct
{
  CslWorkspace *ws;
  gint64        lab;
  gint64        other_lab;
  gint64        maker;
  char         *uscc;
} World;

static void
world_init (World      *w,
            CslTestTmp *tmp)
{
  w->ws = fx_open (tmp->dir);
  w->lab = fx_lab (w->ws, "CESI Lab", "CNAS L0001", "2031-12-31");
  w->other_lab = fx_lab (w->ws, "Other Lab", "CNAS L0002", "2031-12-31");
  w->maker = fx_manufacturer (w->ws, "Example Co", 5);
  w->uscc = fx_uscc (5);
}

static void
world_clear (World *w)
{
  g_clear_object (&w->ws);
  g_free (w->uscc);
}

static gboolean
import (World                  *w,
        const char             *text,
        CslAnnouncementImport  *result,
        GError                **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return csl_announcements_import_bytes (w->ws, bytes, "list", result, error);
}

static void
assert_refused (World      *w,
                const char *text,
                int         code,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;
  int before = fx_count (w->ws, "SELECT COUNT(*) FROM announcement");

  g_assert_false (import (w, text, NULL, &error));
  g_assert_error (error, CSL_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("expected “%s” in: %s", fragment, error->message);
  /* Nothing of a refused file is applied. */
  g_assert_cmpint (fx_count (w->ws, "SELECT COUNT(*) FROM announcement"), ==, before);
}

static void
test_json (CslTestTmp    *tmp,
           gconstpointer  data)
{
  World w;
  g_autoptr(GError) error = NULL;
  g_autoptr(CslLab) lab = NULL;
  g_autoptr(CslManufacturer) m = NULL;
  g_autofree char *text = NULL;
  CslAnnouncementImport result = { 0 };

  world_init (&w, tmp);
  text = g_strdup_printf ("{\"format\": 1, \"announcements\": ["
                          " {\"reference\": \"CESI-2027-001\", \"target\": \"lab\", \"accreditation_no\": \"cnas l0001\","
                          "  \"announced_on\": \"2027-03-01\", \"reason\": \"False test reports\"},"
                          " {\"reference\": \"CESI-2027-002\", \"target\": \"manufacturer\", \"uscc\": \"%s\","
                          "  \"announced_on\": \"2027-03-05\", \"barred_until\": \"2028-06-30\", \"reason\": null},"
                          " {\"reference\": \"CESI-2027-003\", \"target\": \"lab\", \"id\": %" G_GINT64_FORMAT ","
                          "  \"announced_on\": \"2027-04-01\", \"barred_until\": \"2027-05-01\"}]}",
                          w.uscc, w.other_lab);
  g_assert_true (import (&w, text, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.imported, ==, 3);
  g_assert_cmpuint (result.skipped, ==, 0);

  /* Art. 16: a year from the announcement when the list gives no end. */
  lab = csl_lab_get (w.ws, w.lab, &error);
  g_assert_cmpstr (lab->barred_until, ==, "2028-02-29");
  g_assert_cmpstr (lab->barred_reason, ==, "CESI-2027-001: False test reports");
  m = csl_manufacturer_get (w.ws, w.maker, &error);
  g_assert_cmpstr (m->barred_until, ==, "2028-06-30");
  g_assert_cmpstr (m->barred_reason, ==, "CESI-2027-002");
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM announcement WHERE target_kind = 'lab' AND target_id = 2 "
                                   "AND barred_until = '2027-05-01'"), ==, 1);
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM audit WHERE entity = 'lab' AND entity_id = 1 "
                                   "AND field = 'barred_until' AND new_value = '2028-02-29'"), ==, 1);
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM audit WHERE entity = 'announcement'"), ==, 3);

  /* The same list again changes nothing. */
  g_assert_true (import (&w, text, &result, &error));
  g_assert_cmpuint (result.imported, ==, 0);
  g_assert_cmpuint (result.skipped, ==, 3);

  /* A shorter bar does not cut a longer one short. */
  g_assert_true (import (&w, "{\"format\": 1, \"announcements\": [{\"reference\": \"X-1\", \"target\": \"lab\","
                             " \"id\": \"1\", \"announced_on\": \"2027-04-01\", \"barred_until\": \"2027-12-31\"}]}",
                         &result, &error));
  g_clear_pointer (&lab, csl_lab_free);
  lab = csl_lab_get (w.ws, w.lab, &error);
  g_assert_cmpstr (lab->barred_until, ==, "2028-02-29");
  world_clear (&w);
}

static void
test_csv (CslTestTmp    *tmp,
          gconstpointer  data)
{
  World w;
  g_autoptr(GError) error = NULL;
  g_autoptr(CslManufacturer) m = NULL;
  g_autofree char *text = NULL;
  CslAnnouncementImport result = { 0 };

  world_init (&w, tmp);
  /* Columns in any order, a byte order mark, CRLF, quoted commas, quotes and line breaks. */
  text = g_strdup_printf ("\xEF\xBB\xBFreference,target,uscc,accreditation_no,announced_on,reason\r\n"
                          "CESI-2027-010,manufacturer,%s,,2027-05-10,\"Forged labels, \"\"CSL\"\" mark\"\r\n"
                          "\r\n"
                          "CESI-2027-011,lab,,CNAS L0002,2027-05-11,\"Two\nlines\"\r\n", w.uscc);
  g_assert_true (import (&w, text, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.imported, ==, 2);
  m = csl_manufacturer_get (w.ws, w.maker, &error);
  g_assert_cmpstr (m->barred_until, ==, "2028-05-09");
  g_assert_cmpstr (m->barred_reason, ==, "CESI-2027-010: Forged labels, \"CSL\" mark");
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM announcement WHERE reason = 'Two' || char(10) || 'lines'"), ==, 1);
  world_clear (&w);
}

static void
test_refused (CslTestTmp    *tmp,
              gconstpointer  data)
{
  World w;

  world_init (&w, tmp);
  assert_refused (&w, "{\"format\": 1, \"announcements\": [", CSL_ERROR_INVALID, "not valid JSON");
  assert_refused (&w, "{\"format\": 2, \"announcements\": []}", CSL_ERROR_INVALID, "\"format\": 1");
  assert_refused (&w, "{\"format\": 1, \"announcements\": [{\"reference\": \"A\", \"target\": \"lab\", \"id\": 99,"
                      " \"announced_on\": \"2027-01-01\"}]}", CSL_ERROR_NOT_FOUND, "record 1: no lab has the id 99");
  assert_refused (&w, "{\"format\": 1, \"announcements\": [{\"reference\": \"A\", \"target\": \"manufacturer\","
                      " \"uscc\": \"91110000600037341L\", \"announced_on\": \"2027-01-01\"}]}",
                  CSL_ERROR_NOT_FOUND, "91110000600037341L");
  assert_refused (&w, "{\"format\": 1, \"announcements\": [{\"reference\": \"A\", \"target\": \"manufacturer\","
                      " \"uscc\": \"12345\", \"announced_on\": \"2027-01-01\"}]}", CSL_ERROR_INVALID, "12345");
  assert_refused (&w, "{\"format\": 1, \"announcements\": [{\"reference\": \"A\", \"target\": \"lab\","
                      " \"accreditation_no\": \"CNAS X\", \"announced_on\": \"2027-01-01\"}]}",
                  CSL_ERROR_NOT_FOUND, "CNAS X");
  assert_refused (&w, "{\"format\": 1, \"announcements\": [{\"reference\": \"A\", \"target\": \"lab\", \"id\": 1,"
                      " \"announced_on\": \"2027-02-30\"}]}", CSL_ERROR_INVALID, "2027-02-30");
  assert_refused (&w, "{\"format\": 1, \"announcements\": [{\"reference\": \"A\", \"target\": \"lab\", \"id\": 1,"
                      " \"announced_on\": \"2027-02-01\", \"barred_until\": \"2027-01-01\"}]}",
                  CSL_ERROR_INVALID, "before announced_on");
  assert_refused (&w, "{\"format\": 1, \"announcements\": [{\"reference\": \"A\", \"target\": \"school\", \"id\": 1,"
                      " \"announced_on\": \"2027-02-01\"}]}", CSL_ERROR_INVALID, "school");
  assert_refused (&w, "{\"format\": 1, \"announcements\": [{\"reference\": \"A\", \"target\": \"lab\", \"id\": 1,"
                      " \"accreditation_no\": \"CNAS L0001\", \"announced_on\": \"2027-02-01\"}]}",
                  CSL_ERROR_INVALID, "exactly one");
  assert_refused (&w, "{\"format\": 1, \"announcements\": [{\"reference\": \"A\", \"target\": \"lab\", \"id\": 1,"
                      " \"announced_on\": \"2027-02-01\", \"colour\": \"red\"}]}", CSL_ERROR_INVALID, "colour");
  /* Duplicates inside the file; and one bad record among good ones blocks the whole file. */
  assert_refused (&w, "reference,target,id,announced_on\n"
                      "A,lab,1,2027-01-01\n"
                      "A,lab,2,2027-01-02\n", CSL_ERROR_EXISTS, "line 3: reference “A” appears more than once");
  assert_refused (&w, "reference,target,id,announced_on\n"
                      "A,lab,1,2027-01-01\n"
                      "B,lab,1,1 May 2027\n", CSL_ERROR_INVALID, "line 3");
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM lab WHERE barred_until IS NOT NULL"), ==, 0);
  assert_refused (&w, "reference,target,id,announced,reason\nA,lab,1,2027-01-01,x\n", CSL_ERROR_INVALID,
                  "unknown column “announced”");
  assert_refused (&w, "reference,target,id,announced_on\nA,lab,1\n", CSL_ERROR_INVALID, "3 fields where the header has 4");
  assert_refused (&w, "reference,target,id,announced_on\nA,lab,1,\"2027-01-01\n", CSL_ERROR_INVALID,
                  "not closed");

  /* Re-using a reference for other content is refused. */
  {
    g_autoptr(GError) error = NULL;
    g_assert_true (import (&w, "reference,target,id,announced_on\nA,lab,1,2027-01-01\n", NULL, &error));
  }
  assert_refused (&w, "reference,target,id,announced_on\nA,lab,2,2027-01-01\n", CSL_ERROR_EXISTS, "other content");
  world_clear (&w);
}

static void
test_file (CslTestTmp    *tmp,
           gconstpointer  data)
{
  World w;
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (tmp->dir, "missing.csv", NULL);

  world_init (&w, tmp);
  g_assert_false (csl_announcements_import_file (w.ws, missing, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "missing.csv"));
  world_clear (&w);
}

static void
test_csv_parser (void)
{
  g_autoptr(GError) error = NULL;
  const char text[] = "a,\"b,c\",\"d\"\"e\"\n\n,x,\r\n\"f\ng\",h";
  g_autoptr(GPtrArray) records = csl_csv_parse (text, sizeof text - 1, "t.csv", &error);
  CslCsvRecord *r;

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  r = records->pdata[0];
  g_assert_cmpuint (r->line, ==, 1);
  g_assert_cmpuint (g_strv_length (r->fields), ==, 3);
  g_assert_cmpstr (r->fields[1], ==, "b,c");
  g_assert_cmpstr (r->fields[2], ==, "d\"e");
  r = records->pdata[1];
  g_assert_cmpuint (r->line, ==, 3);
  g_assert_cmpuint (g_strv_length (r->fields), ==, 3);
  g_assert_cmpstr (r->fields[0], ==, "");
  g_assert_cmpstr (r->fields[2], ==, "");
  r = records->pdata[2];
  g_assert_cmpuint (r->line, ==, 4);
  g_assert_cmpstr (r->fields[0], ==, "f\ng");
  g_assert_cmpstr (r->fields[1], ==, "h");

  g_assert_null (csl_csv_parse ("a\"b\n", 4, "t.csv", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "t.csv, line 1"));
  g_clear_error (&error);
  g_assert_null (csl_csv_parse ("\"a\"b\n", 5, "t.csv", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (csl_csv_parse ("\xff\n", 2, "t.csv", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, CslTestTmp, NULL, csl_test_tmp_setup, fn, csl_test_tmp_teardown)
  ADD ("/announcements/json", test_json);
  ADD ("/announcements/csv", test_csv);
  ADD ("/announcements/refused", test_refused);
  ADD ("/announcements/file", test_file);
  g_test_add_func ("/announcements/csv-parser", test_csv_parser);
  return g_test_run ();
}
