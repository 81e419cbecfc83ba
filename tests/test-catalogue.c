#include "config.h"

#include <string.h>

#include "records/csl-catalogue.h"
#include "base/csl-error.h"
#include "records/csl-manufacturer.h"
#include "records/csl-product.h"
#include "workspace/csl-workspace.h"
#include "csl-test-util.h"

static CslWorkspace *
open_ws (CslTestTmp *tmp)
{
  g_autoptr(GError) error = NULL;
  CslWorkspace *ws = csl_workspace_open (tmp->dir, &error);

  g_assert_no_error (error);
  return ws;
}

static gboolean
import_text (CslWorkspace  *ws,
             const char    *json,
             GError       **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  return csl_catalogue_import_bytes (ws, bytes, "test.json", error);
}

static void
test_builtin (CslTestTmp    *tmp,
              gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = open_ws (tmp);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslCategory) c = csl_catalogue_find_serial (ws, "CSL 001-2025", &error);
  g_autoptr(GPtrArray) indicators = NULL;
  g_auto(GStrv) standards = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (c->name_en, ==, "Consumer Internet-Connected Cameras");
  g_assert_cmpstr (c->name_zh, ==, "消费类联网摄像头");
  g_assert_nonnull (strstr (c->scope_en, "public security"));
  g_assert_nonnull (c->scope_zh);
  /* Not published yet: the app must not invent them. */
  g_assert_cmpint (c->validity_months, ==, 0);
  standards = csl_category_dup_standards (c, CSL_GRADE_BASIC);
  g_assert_null (standards);
  indicators = csl_category_dup_indicators (c);
  g_assert_cmpuint (indicators->len, ==, 3);
}

static const char good_batch[] =
  "{\"format\": 1, \"batch\": {\"code\": \"TEST-2\", \"revision\": 1, \"title_en\": \"Second\"},"
  " \"categories\": ["
  "  {\"serial\": \"CSL 002-2026\", \"name_en\": \"Smart Door Locks\", \"name_zh\": \"智能门锁\","
  "   \"validity_months\": 36, \"qr_url_template\": \"https://example.invalid/f/{filing_number}\","
  "   \"standards\": {\"1\": [\"GB/T 00000-2026\"], \"2\": null, \"3\": null}},"
  "  {\"serial\": \"CSL 003-2026\", \"name_en\": \"Routers\"}]}";

static void
test_import_good (CslTestTmp    *tmp,
                  gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = open_ws (tmp);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(CslCategory) c = NULL;
  g_auto(GStrv) standards = NULL;

  g_assert_true (import_text (ws, good_batch, &error));
  g_assert_no_error (error);
  all = csl_catalogue_list (ws, &error);
  g_assert_cmpuint (all->len, ==, 3);
  c = csl_catalogue_find_serial (ws, "CSL 002-2026", &error);
  g_assert_cmpint (c->validity_months, ==, 36);
  g_assert_cmpstr (c->qr_url_template, ==, "https://example.invalid/f/{filing_number}");
  standards = csl_category_dup_standards (c, CSL_GRADE_BASIC);
  g_assert_cmpstrv (standards, ((const char *[]) { "GB/T 00000-2026", NULL }));

  /* Importing the same revision again is idempotent. */
  g_assert_true (import_text (ws, good_batch, &error));
  g_clear_pointer (&all, g_ptr_array_unref);
  all = csl_catalogue_list (ws, &error);
  g_assert_cmpuint (all->len, ==, 3);
}

static void
assert_refused (CslWorkspace *ws,
                const char   *json,
                const char   *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = csl_catalogue_list (ws, NULL);
  g_autoptr(GPtrArray) after = NULL;

  g_assert_false (import_text (ws, json, &error));
  g_assert_nonnull (error);
  if (strstr (error->message, fragment) == NULL)
    g_error ("expected “%s” in: %s", fragment, error->message);
  after = csl_catalogue_list (ws, NULL);
  g_assert_cmpuint (before->len, ==, after->len);
}

static void
test_import_bad (CslTestTmp    *tmp,
                 gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = open_ws (tmp);

  assert_refused (ws, "{\"format\": 1, \"batch\": ", "not valid JSON");
  assert_refused (ws, "", "empty");
  assert_refused (ws, "[]", "top level");
  assert_refused (ws, "{\"format\": 2}", "format");
  assert_refused (ws, "{\"format\": 1, \"batch\": {\"code\": \"X\", \"revision\": 1}, \"categories\": []}", "categories");
  assert_refused (ws, "{\"format\": 1, \"batch\": {\"code\": \"X\", \"revision\": 0}, \"categories\": [{}]}", "revision");
  assert_refused (ws,
                  "{\"format\": 1, \"batch\": {\"code\": \"X\", \"revision\": 1}, \"categories\": ["
                  "{\"serial\": \"CSL 009-2026\", \"name_en\": \"A\"}, {\"serial\": \"CSL 009-2026\", \"name_en\": \"B\"}]}",
                  "CSL 009-2026");
  assert_refused (ws,
                  "{\"format\": 1, \"batch\": {\"code\": \"X\", \"revision\": 1}, \"categories\": ["
                  "{\"serial\": \"CSL 001-2025\", \"name_en\": \"Stolen\"}]}",
                  "another batch");
  assert_refused (ws,
                  "{\"format\": 1, \"batch\": {\"code\": \"X\", \"revision\": 1}, \"categories\": ["
                  "{\"serial\": \"CSL 010-2026\", \"name_en\": \"A\", \"validity_months\": \"three years\"}]}",
                  "validity_months");
  assert_refused (ws,
                  "{\"format\": 1, \"batch\": {\"code\": \"X\", \"revision\": 1}, \"categories\": ["
                  "{\"serial\": \"CSL 010-2026\", \"name_en\": \"A\", \"qr_url_template\": \"https://x/\"}]}",
                  "{filing_number}");
  assert_refused (ws,
                  "{\"format\": 1, \"batch\": {\"code\": \"X\", \"revision\": 1}, \"categories\": ["
                  "{\"serial\": \"CSL 010-2026\", \"name_en\": \"A\", \"standards\": {\"4\": null}}]}",
                  "grade");
  assert_refused (ws,
                  "{\"format\": 1, \"batch\": {\"code\": \"X\", \"revision\": 1}, \"categories\": ["
                  "{\"serial\": \"CSL 010-2026\"}]}",
                  "name_en");
}

static void
test_older_revision_refused (CslTestTmp    *tmp,
                             gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = open_ws (tmp);
  g_autoptr(GError) error = NULL;
  g_autofree char *older = NULL;

  g_assert_true (import_text (ws, good_batch, &error));
  older = g_strdup (good_batch);
  *strstr (older, "\"revision\": 1") = '\0';
  {
    g_autofree char *text = g_strconcat (older, "\"revision\": 0", strstr (good_batch, "\"revision\": 1") + 13, NULL);
    assert_refused (ws, text, "revision");
  }
}

static void
test_dropped_category_in_use (CslTestTmp    *tmp,
                              gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = open_ws (tmp);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslManufacturer) m = csl_manufacturer_new ();
  g_autoptr(CslProduct) p = csl_product_new ();
  g_autoptr(CslCategory) c = NULL;

  g_assert_true (import_text (ws, good_batch, &error));
  m->name_en = g_strdup ("Acme");
  m->uscc = g_strdup ("91110000600037341L");
  g_assert_cmpint (csl_manufacturer_add (ws, m, &error), >, 0);
  c = csl_catalogue_find_serial (ws, "CSL 003-2026", &error);
  p->manufacturer_id = m->id;
  p->category_id = c->id;
  p->model = g_strdup ("R1");
  g_assert_cmpint (csl_product_add (ws, p, &error), >, 0);
  g_assert_no_error (error);

  assert_refused (ws,
                  "{\"format\": 1, \"batch\": {\"code\": \"TEST-2\", \"revision\": 2}, \"categories\": ["
                  "{\"serial\": \"CSL 002-2026\", \"name_en\": \"Smart Door Locks\"}]}",
                  "CSL 003-2026");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, CslTestTmp, NULL, csl_test_tmp_setup, fn, csl_test_tmp_teardown)
  ADD ("/catalogue/builtin", test_builtin);
  ADD ("/catalogue/import/good", test_import_good);
  ADD ("/catalogue/import/bad", test_import_bad);
  ADD ("/catalogue/import/older-revision", test_older_revision_refused);
  ADD ("/catalogue/import/dropped-in-use", test_dropped_category_in_use);
  return g_test_run ();
}
