#include "config.h"

#include <math.h>
#include <png.h>
#include <string.h>

#include "workspace/csl-workspace.h"
#include "documents/csl-label-load.h"
#include "base/csl-error.h"
#include "label/csl-label-export.h"
#include "label/csl-label.h"
#include "label/csl-qr.h"
#include "csl-test-label.h"
#include "csl-test-pdf.h"
#include "csl-test-util.h"

#define DEFAULT_ADDRESS(number) "https://csl-filing.invalid/filing/" number

static CslWorkspace *
open_ws (CslTestTmp *tmp)
{
  g_autoptr(GError) error = NULL;
  CslWorkspace *ws = csl_workspace_open (tmp->dir, &error);

  g_assert_no_error (error);
  return ws;
}

static CslLabel *
load_label (CslWorkspace *ws,
            gint64        filing_id,
            const char   *qr_template)
{
  g_autoptr(GError) error = NULL;
  CslLabel *label = csl_label_load (ws, filing_id, qr_template, &error);

  g_assert_no_error (error);
  return label;
}

static void
exec_sql (CslWorkspace *ws,
          const char   *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (csl_db_exec (csl_workspace_get_db (ws), sql, &error));
  g_assert_no_error (error);
}

/* ---- QR address ------------------------------------------------------------------------- */

static void
test_qr_address (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL, *draft = NULL, *twice = NULL;

  address = csl_qr_filing_address (CSL_QR_DEFAULT_URL_TEMPLATE, "CSL2026-000123", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (address, ==, DEFAULT_ADDRESS ("CSL2026-000123"));
  g_clear_pointer (&address, g_free);

  /* The number is one path segment whatever it holds. */
  address = csl_qr_filing_address ("https://x.example/f?n={filing_number}", "A/B 1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (address, ==, "https://x.example/f?n=A%2FB%201");
  twice = csl_qr_filing_address ("https://x.example/{filing_number}/{filing_number}", "N1", &error);
  g_assert_cmpstr (twice, ==, "https://x.example/N1/N1");

  g_assert_null (csl_qr_filing_address ("https://x.example/filing", "N1", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "{filing_number}"));
  g_clear_error (&error);
  g_assert_false (csl_qr_template_validate ("https://x.example/{filing_number} x", "--qr-template", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "--qr-template"));
  g_clear_error (&error);
  g_assert_false (csl_qr_template_validate ("x.example/{filing_number}", "T", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (csl_qr_filing_address (CSL_QR_DEFAULT_URL_TEMPLATE, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INCOMPLETE);
  g_clear_error (&error);

  draft = csl_qr_draft_reference ("91110000600037341L", "CAM 100/摄像头", 7);
  g_assert_cmpstr (draft, ==, "CSL-DRAFT:91110000600037341L/CAM%20100%2F%E6%91%84%E5%83%8F%E5%A4%B4/7");
}

/* ---- templates -------------------------------------------------------------------------- */

static void
test_template_shipped (CslTestTmp    *tmp,
                       gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = open_ws (tmp);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslLabelTemplate) builtin = csl_label_template_new_builtin (&error);
  g_autoptr(CslCategory) category = csl_catalogue_find_serial (ws, "CSL 001-2025", &error);
  g_autoptr(CslLabelTemplate) t = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (builtin);
  /* CSL 001-2025 carries its own template in the catalogue, not the fallback. */
  g_assert_true (json_object_has_member (category->data, "label_template"));
  t = csl_label_template_for_category (category, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (csl_label_template_get_name (t), "CSL 001-2025"));
  g_assert_cmpfloat (csl_label_template_get_width_mm (t), ==, 70);
  g_assert_cmpfloat (csl_label_template_get_height_mm (t), ==, 50);
  g_assert_cmpfloat (csl_label_template_get_qr_min_module_mm (t), ==, CSL_LABEL_QR_MIN_MODULE_MM);
  g_assert_cmpfloat_with_epsilon (csl_label_template_height_for_width (t, 140), 100, 1e-9);
  g_assert_true (csl_label_template_check_width (t, 50, &error));
  g_assert_true (csl_label_template_check_width (t, 140, &error));
  g_assert_false (csl_label_template_check_width (t, 49.5, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "49.5"));
  g_assert_nonnull (strstr (error->message, "50 to 140"));
  g_clear_error (&error);

  /* A category without one gets the built-in Art. 6 format. */
  json_object_set_null_member (category->data, "label_template");
  g_clear_pointer (&t, csl_label_template_free);
  t = csl_label_template_for_category (category, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (csl_label_template_get_name (t), ==, csl_label_template_get_name (builtin));
}

/* The smallest template that holds every Art. 6 item; the bad cases below change one thing. */
#define GOOD_ELEMENTS \
  "{\"type\": \"text\", \"field\": \"manufacturer\", \"box\": [0, 0, 30, 5], \"font_pt\": 6}," \
  "{\"type\": \"text\", \"field\": \"model\", \"box\": [0, 5, 30, 5], \"font_pt\": 6}," \
  "{\"type\": \"text\", \"field\": \"grade\", \"box\": [0, 10, 30, 5], \"font_pt\": 6}," \
  "{\"type\": \"text\", \"field\": \"validity\", \"box\": [0, 15, 30, 5], \"font_pt\": 6}," \
  "{\"type\": \"text\", \"field\": \"lab\", \"box\": [0, 20, 30, 5], \"font_pt\": 6}," \
  "{\"type\": \"text\", \"field\": \"standards\", \"box\": [0, 25, 30, 5], \"font_pt\": 6}," \
  "{\"type\": \"stars\", \"box\": [0, 30, 30, 5]}," \
  "{\"type\": \"qr\", \"box\": [30, 0, 20, 20]}," \
  "{\"type\": \"draft\", \"box\": [30, 20, 20, 10], \"font_pt\": 8}"
#define GOOD_HEADER "\"width_mm\": 50, \"height_mm\": 40, "

static CslLabelTemplate *
parse_template (const char  *json,
                GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return csl_label_template_new_from_json (node, "Test", error);
}

static void
test_template_errors (void)
{
  static const struct
  {
    const char *json;
    const char *expect;
  } cases[] = {
    { "[1, 2]", "must be an object" },
    { "{\"height_mm\": 40, \"elements\": [" GOOD_ELEMENTS "]}", "“width_mm” is required" },
    { "{\"width_mm\": 2, \"height_mm\": 40, \"elements\": []}", "“width_mm” is 2" },
    { "{" GOOD_HEADER "\"font_size\": 3, \"elements\": [" GOOD_ELEMENTS "]}", "“font_size” is not a template member" },
    { "{" GOOD_HEADER "\"min_width_mm\": 60, \"elements\": [" GOOD_ELEMENTS "]}", "must lie within" },
    { "{" GOOD_HEADER "\"colors\": {\"ink\": \"black\"}, \"elements\": [" GOOD_ELEMENTS "]}", "colour “ink”" },
    { "{" GOOD_HEADER "\"paper\": \"cream\", \"elements\": [" GOOD_ELEMENTS "]}", "“cream” is neither" },
    { "{" GOOD_HEADER "\"border\": \"#12345\", \"elements\": [" GOOD_ELEMENTS "]}", "“#12345” is not a colour" },
    { "{" GOOD_HEADER "\"elements\": {}}", "“elements” must be a list" },
    { "{" GOOD_HEADER "\"elements\": [" GOOD_ELEMENTS ", {\"type\": \"circle\", \"box\": [0, 0, 1, 1]}]}",
      "element 10 (circle): “type” is “circle”" },
    { "{" GOOD_HEADER "\"elements\": [" GOOD_ELEMENTS ", {\"type\": \"rect\", \"box\": [0, 0, 1]}]}",
      "element 10 (rect): “box” must be four numbers" },
    { "{" GOOD_HEADER "\"elements\": [" GOOD_ELEMENTS ", {\"type\": \"rect\", \"box\": [40, 30, 20, 5], \"fill\": \"#000000\"}]}",
      "reaches outside the 50 × 40 mm label" },
    { "{" GOOD_HEADER "\"elements\": [" GOOD_ELEMENTS ", {\"type\": \"rect\", \"box\": [0, 0, 5, 5]}]}",
      "a rect needs “fill”" },
    { "{" GOOD_HEADER "\"elements\": [" GOOD_ELEMENTS ", {\"type\": \"text\", \"field\": \"price\", \"box\": [0, 0, 5, 5], \"font_pt\": 5}]}",
      "“field” is “price”" },
    { "{" GOOD_HEADER "\"elements\": [" GOOD_ELEMENTS ", {\"type\": \"text\", \"text\": \"x\", \"field\": \"lab\", \"box\": [0, 0, 5, 5], \"font_pt\": 5}]}",
      "either “text”" },
    { "{" GOOD_HEADER "\"elements\": [" GOOD_ELEMENTS ", {\"type\": \"text\", \"text\": \"x\", \"box\": [0, 0, 5, 5]}]}",
      "“font_pt” is required" },
    { "{" GOOD_HEADER "\"elements\": [" GOOD_ELEMENTS ", {\"type\": \"text\", \"text\": \"x\", \"box\": [0, 0, 5, 5], \"font_pt\": 5, \"min_font_pt\": 6}]}",
      "“min_font_pt” (6) is larger" },
    { "{" GOOD_HEADER "\"elements\": [" GOOD_ELEMENTS ", {\"type\": \"text\", \"text\": \"x\", \"box\": [0, 0, 5, 5], \"font_pt\": 5, \"align\": \"justify\"}]}",
      "“align” is “justify”" },
    { "{" GOOD_HEADER "\"elements\": [" GOOD_ELEMENTS ", {\"type\": \"qr\", \"box\": [0, 0, 5, 5], \"quiet_modules\": 0}]}",
      "“quiet_modules” must be a whole number" },
    { "{" GOOD_HEADER "\"elements\": [" GOOD_ELEMENTS ", {\"type\": \"stars\", \"box\": [0, 0, 5, 5], \"colour\": \"#000000\"}]}",
      "“colour” is not a template member" },
    /* Print legibility: no element shrinks below the template's smallest size. */
    { "{" GOOD_HEADER "\"elements\": [" GOOD_ELEMENTS ", {\"type\": \"text\", \"text\": \"x\", \"box\": [0, 0, 5, 5], "
      "\"font_pt\": 5, \"min_font_pt\": 1}]}",
      "below the template’s smallest printed size" },
    /* Every Art. 6 item must have a place. */
    { "{" GOOD_HEADER "\"elements\": ["
      "{\"type\": \"text\", \"field\": \"manufacturer\", \"box\": [0, 0, 30, 5], \"font_pt\": 6},"
      "{\"type\": \"text\", \"field\": \"model\", \"box\": [0, 5, 30, 5], \"font_pt\": 6},"
      "{\"type\": \"text\", \"field\": \"grade\", \"box\": [0, 10, 30, 5], \"font_pt\": 6},"
      "{\"type\": \"text\", \"field\": \"validity\", \"box\": [0, 15, 30, 5], \"font_pt\": 6},"
      "{\"type\": \"text\", \"field\": \"standards\", \"box\": [0, 25, 30, 5], \"font_pt\": 6},"
      "{\"type\": \"stars\", \"box\": [0, 30, 30, 5]}, {\"type\": \"qr\", \"box\": [30, 0, 20, 20]},"
      "{\"type\": \"draft\", \"box\": [30, 20, 20, 10], \"font_pt\": 8}]}",
      "the testing lab name (field “lab”, Art. 6(5))" },
    { "{" GOOD_HEADER "\"elements\": ["
      "{\"type\": \"text\", \"field\": \"manufacturer\", \"box\": [0, 0, 30, 5], \"font_pt\": 6},"
      "{\"type\": \"text\", \"field\": \"model\", \"box\": [0, 5, 30, 5], \"font_pt\": 6},"
      "{\"type\": \"text\", \"field\": \"grade\", \"box\": [0, 10, 30, 5], \"font_pt\": 6},"
      "{\"type\": \"text\", \"field\": \"validity\", \"box\": [0, 15, 30, 5], \"font_pt\": 6},"
      "{\"type\": \"text\", \"field\": \"lab\", \"box\": [0, 20, 30, 5], \"font_pt\": 6},"
      "{\"type\": \"text\", \"field\": \"standards\", \"box\": [0, 25, 30, 5], \"font_pt\": 6},"
      "{\"type\": \"stars\", \"box\": [0, 30, 30, 5]},"
      "{\"type\": \"draft\", \"box\": [30, 20, 20, 10], \"font_pt\": 8}]}",
      "no “qr” element" },
    { "{" GOOD_HEADER "\"elements\": ["
      "{\"type\": \"text\", \"field\": \"manufacturer\", \"box\": [0, 0, 30, 5], \"font_pt\": 6},"
      "{\"type\": \"text\", \"field\": \"model\", \"box\": [0, 5, 30, 5], \"font_pt\": 6},"
      "{\"type\": \"text\", \"field\": \"grade\", \"box\": [0, 10, 30, 5], \"font_pt\": 6},"
      "{\"type\": \"text\", \"field\": \"validity\", \"box\": [0, 15, 30, 5], \"font_pt\": 6},"
      "{\"type\": \"text\", \"field\": \"lab\", \"box\": [0, 20, 30, 5], \"font_pt\": 6},"
      "{\"type\": \"text\", \"field\": \"standards\", \"box\": [0, 25, 30, 5], \"font_pt\": 6},"
      "{\"type\": \"stars\", \"box\": [0, 30, 30, 5]}, {\"type\": \"qr\", \"box\": [30, 0, 20, 20]}]}",
      "no “draft” element" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CslLabelTemplate) good = parse_template ("{" GOOD_HEADER "\"elements\": [" GOOD_ELEMENTS "]}", &error);

  g_assert_no_error (error);
  g_assert_nonnull (good);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CslLabelTemplate) t = parse_template (cases[i].json, &error);

      g_assert_null (t);
      g_assert_error (error, CSL_ERROR, CSL_ERROR_CATALOGUE);
      if (strstr (error->message, cases[i].expect) == NULL || !g_str_has_prefix (error->message, "Test: label_template: "))
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].expect);
      g_clear_error (&error);
    }
}

/* The catalogue refuses a batch whose category carries a bad template, naming both. */
static void
test_template_in_catalogue (CslTestTmp    *tmp,
                            gconstpointer  data)
{
  static const char bad_json[] =
    "{\"format\": 1, \"batch\": {\"code\": \"T\", \"revision\": 1}, \"categories\": ["
    "{\"serial\": \"CSL 900-2026\", \"name_en\": \"Routers\", \"label_template\": "
    "{" GOOD_HEADER "\"elements\": [{\"type\": \"qr\", \"box\": [0, 0, 60, 5]}]}}]}";
  static const char good_json[] =
    "{\"format\": 1, \"batch\": {\"code\": \"T\", \"revision\": 1}, \"categories\": ["
    "{\"serial\": \"CSL 900-2026\", \"name_en\": \"Routers\", \"label_template\": "
    "{" GOOD_HEADER "\"name\": \"Routers\", \"elements\": [" GOOD_ELEMENTS "]}}]}";
  g_autoptr(CslWorkspace) ws = open_ws (tmp);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bad = NULL, good = NULL;
  g_autoptr(CslCategory) category = NULL;
  g_autoptr(CslLabelTemplate) t = NULL;

  bad = g_bytes_new_static (bad_json, strlen (bad_json));
  g_assert_false (csl_catalogue_import_bytes (ws, bad, "routers.json", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_CATALOGUE);
  g_assert_nonnull (strstr (error->message, "routers.json"));
  g_assert_nonnull (strstr (error->message, "CSL 900-2026"));
  g_assert_nonnull (strstr (error->message, "element 1 (qr): “box” reaches outside"));
  g_clear_error (&error);

  good = g_bytes_new_static (good_json, strlen (good_json));
  g_assert_true (csl_catalogue_import_bytes (ws, good, "routers.json", &error));
  g_assert_no_error (error);
  category = csl_catalogue_find_serial (ws, "CSL 900-2026", &error);
  t = csl_label_template_for_category (category, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (csl_label_template_get_name (t), ==, "Routers");
  g_assert_cmpfloat (csl_label_template_get_width_mm (t), ==, 50);
}

/* ---- content ---------------------------------------------------------------------------- */

static void
test_content (CslTestTmp    *tmp,
              gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = open_ws (tmp);
  CslTestLabelParties parties = csl_test_label_parties (ws);
  gint64 draft_id = csl_test_label_filing (ws, &parties, 2, "CAM-100", NULL);
  gint64 filed_id = csl_test_label_filing (ws, &parties, 3, "CAM-300", "CSL2026-000300");
  g_autoptr(GError) error = NULL;
  g_autoptr(CslLabelContent) draft = csl_label_content_load (ws, draft_id, NULL, NULL, &error);
  g_autoptr(CslLabelContent) filed = csl_label_content_load (ws, filed_id, NULL, NULL, &error);
  g_autoptr(CslLabelContent) setting = NULL, category = NULL, months = NULL;
  g_autofree char *expected_draft = g_strdup_printf ("CSL-DRAFT:91110000600037341L/CAM-100/%" G_GINT64_FORMAT, draft_id);

  g_assert_no_error (error);
  g_assert_true (csl_label_content_is_draft (draft));
  g_assert_null (draft->filing_number);
  g_assert_cmpstr (draft->qr_text, ==, expected_draft);
  g_assert_cmpstr (draft->manufacturer, ==, "北京示例科技有限公司");
  g_assert_cmpstr (draft->model, ==, "CAM-100");
  g_assert_cmpint (draft->grade, ==, CSL_GRADE_ENHANCED);
  g_assert_cmpstr (draft->standards, ==, "GB/T 41387-2022; GB/T 38632-2020");
  /* CSL 001-2025's period is not published: the draft says so rather than guessing. */
  g_assert_nonnull (strstr (draft->validity, "待定"));
  g_assert_true (csl_label_content_validate (draft, &error));

  g_assert_false (csl_label_content_is_draft (filed));
  g_assert_cmpstr (filed->qr_text, ==, DEFAULT_ADDRESS ("CSL2026-000300"));
  g_assert_cmpstr (filed->validity, ==, "2026-07-01 – 2029-06-30");

  /* The setting's template when the category has none … */
  setting = csl_label_content_load (ws, filed_id, "https://filing.example/q?no={filing_number}", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (setting->qr_text, ==, "https://filing.example/q?no=CSL2026-000300");
  /* … and the category's own, once its rules publish one, over the setting. */
  exec_sql (ws, "UPDATE catalogue_category SET qr_url_template = 'https://cat.example/{filing_number}', "
                "validity_months = 36 WHERE serial = 'CSL 001-2025'");
  category = csl_label_content_load (ws, filed_id, "https://filing.example/q?no={filing_number}", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (category->qr_text, ==, "https://cat.example/CSL2026-000300");
  months = csl_label_content_load (ws, draft_id, NULL, NULL, &error);
  g_assert_nonnull (strstr (months->validity, "36 个月"));
  g_assert_nonnull (strstr (months->validity, "36 months"));
}

static void
test_missing_fields (void)
{
  static const struct
  {
    gsize       offset;
    const char *expect;
  } cases[] = {
    { G_STRUCT_OFFSET (CslLabelContent, manufacturer), "the manufacturer name (Art. 6(1))" },
    { G_STRUCT_OFFSET (CslLabelContent, model), "the product model (Art. 6(2))" },
    { G_STRUCT_OFFSET (CslLabelContent, validity), "the validity period (Art. 6(4))" },
    { G_STRUCT_OFFSET (CslLabelContent, lab), "the testing lab name (Art. 6(5))" },
    { G_STRUCT_OFFSET (CslLabelContent, standards), "the basis standard numbers (Art. 6(6))" },
    { G_STRUCT_OFFSET (CslLabelContent, qr_text), "the filing information code (Art. 6(7))" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CslLabelTemplate) t = csl_label_template_new_builtin (&error);

  for (guint i = 0; i < G_N_ELEMENTS (cases) + 1; i++)
    {
      g_autoptr(CslLabelContent) c = csl_label_content_new ();

      c->manufacturer = g_strdup ("Maker");
      c->model = g_strdup ("M1");
      c->grade = CSL_GRADE_BASIC;
      c->validity = g_strdup ("2026-07-01 – 2029-06-30");
      c->lab = g_strdup ("Lab");
      c->standards = g_strdup ("GB/T 1-2020");
      c->filing_number = g_strdup ("N1");
      c->qr_text = g_strdup ("https://x.example/N1");
      if (i == G_N_ELEMENTS (cases))
        {
          c->grade = 0;
          g_assert_false (csl_label_check (t, c, 70, &error));
          g_assert_error (error, CSL_ERROR, CSL_ERROR_INCOMPLETE);
          g_assert_nonnull (strstr (error->message, "the grade (Art. 6(3))"));
          g_clear_error (&error);
          continue;
        }
      g_assert_true (csl_label_check (t, c, 70, &error));
      g_clear_pointer ((char **) G_STRUCT_MEMBER_P (c, cases[i].offset), g_free);
      g_assert_false (csl_label_check (t, c, 70, &error));
      g_assert_error (error, CSL_ERROR, CSL_ERROR_INCOMPLETE);
      if (strstr (error->message, cases[i].expect) == NULL)
        g_error ("“%s” does not say “%s”", error->message, cases[i].expect);
      g_clear_error (&error);
    }
}

/* A model of 100 000 characters (stored before text fields had limits): the fit search gives up
 * after a few layouts instead of minutes of them, and the message quotes only the start. */
static void
test_huge_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslLabelTemplate) t = csl_label_template_new_builtin (&error);
  g_autoptr(CslLabelContent) c = csl_label_content_new ();

  c->manufacturer = g_strdup ("Maker");
  c->model = g_strnfill (100000, 'A');
  c->grade = CSL_GRADE_BASIC;
  c->validity = g_strdup ("2026-07-01 – 2029-06-30");
  c->lab = g_strdup ("Lab");
  c->standards = g_strdup ("GB/T 1-2020");
  c->filing_number = g_strdup ("N1");
  c->qr_text = g_strdup ("https://x.example/N1");
  g_assert_false (csl_label_check (t, c, 70, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_PRINT_QUALITY);
  g_assert_nonnull (strstr (error->message, "AAAA…"));
  g_assert_cmpuint (strlen (error->message), <, 600);
  g_clear_error (&error);

  /* Just too long for the box: found by the search, not by the probe. */
  g_free (c->model);
  c->model = g_strnfill (400, 'M');
  g_assert_false (csl_label_check (t, c, 70, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_PRINT_QUALITY);
  g_clear_error (&error);
  g_free (c->model);
  c->model = g_strnfill (40, 'M');
  g_assert_true (csl_label_check (t, c, 70, &error));
  g_assert_no_error (error);
}

/* A filed label without its dates has no validity period to print. */
static void
test_filed_without_dates (CslTestTmp    *tmp,
                          gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = open_ws (tmp);
  CslTestLabelParties parties = csl_test_label_parties (ws);
  gint64 id = csl_test_label_filing (ws, &parties, 1, "CAM-1", "CSL2026-1");
  g_autoptr(CslLabel) label = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE filing SET valid_from = NULL WHERE id = %" G_GINT64_FORMAT, id);

  exec_sql (ws, sql);
  label = load_label (ws, id, NULL);
  g_assert_null (csl_label_render_to_bytes (label, CSL_LABEL_FORMAT_PDF, 0, 0, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "valid-from"));
}

/* ---- output ----------------------------------------------------------------------------- */

typedef struct
{
  int    width;
  int    height;
  double ppm;
} PngInfo;

static PngInfo
read_png_info (const char *path)
{
  PngInfo info = { 0 };
  FILE *fp = fopen (path, "rb");
  png_structp png = png_create_read_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop pinfo = png_create_info_struct (png);
  png_uint_32 x = 0, y = 0;
  int unit = 0;

  g_assert_nonnull (fp);
  if (setjmp (png_jmpbuf (png)))
    g_error ("%s is not a PNG", path);
  png_init_io (png, fp);
  png_read_info (png, pinfo);
  info.width = (int) png_get_image_width (png, pinfo);
  info.height = (int) png_get_image_height (png, pinfo);
  g_assert_true (png_get_pHYs (png, pinfo, &x, &y, &unit));
  g_assert_cmpint (unit, ==, PNG_RESOLUTION_METER);
  g_assert_cmpuint (x, ==, y);
  info.ppm = x;
  png_destroy_read_struct (&png, &pinfo, NULL);
  fclose (fp);
  return info;
}

static void
test_png_qr (CslTestTmp    *tmp,
             gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = open_ws (tmp);
  CslTestLabelParties parties = csl_test_label_parties (ws);
  gint64 draft_id = csl_test_label_filing (ws, &parties, 2, "CAM-100", NULL);
  gint64 filed_id = csl_test_label_filing (ws, &parties, 2, "CAM-200", "CSL2026-000200");
  g_autoptr(CslLabel) draft = load_label (ws, draft_id, NULL);
  g_autoptr(CslLabel) filed = load_label (ws, filed_id, "https://filing.example/label/{filing_number}");
  static const double dpis[] = { 600, 300 };
  static const double widths[] = { 70, 50 };

  for (guint d = 0; d < G_N_ELEMENTS (dpis); d++)
    for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
      {
        g_autofree char *filed_png = g_strdup_printf ("%s/filed-%g-%g.png", tmp->dir, dpis[d], widths[w]);
        g_autofree char *draft_png = g_strdup_printf ("%s/draft-%g-%g.png", tmp->dir, dpis[d], widths[w]);
        g_autofree char *filed_qr = NULL, *draft_qr = NULL;
        g_autoptr(GError) error = NULL;
        PngInfo info;

        csl_label_render_to_file (filed, CSL_LABEL_FORMAT_PNG, widths[w], dpis[d], filed_png, &error);
        g_assert_no_error (error);
        csl_label_render_to_file (draft, CSL_LABEL_FORMAT_PNG, widths[w], dpis[d], draft_png, &error);
        g_assert_no_error (error);

        filed_qr = csl_test_zbar (filed_png);
        g_assert_cmpstr (filed_qr, ==, "https://filing.example/label/CSL2026-000200");
        draft_qr = csl_test_zbar (draft_png);
        g_assert_cmpstr (draft_qr, ==, csl_label_get_content (draft)->qr_text);
        g_assert_true (g_str_has_prefix (draft_qr, "CSL-DRAFT:"));

        /* The pixels and the recorded resolution give back the millimetres asked for. */
        info = read_png_info (filed_png);
        g_assert_cmpint (info.width, ==, (int) round (widths[w] / 25.4 * dpis[d]));
        g_assert_cmpint (info.height, ==, (int) round (widths[w] * 50 / 70 / 25.4 * dpis[d]));
        g_assert_cmpfloat_with_epsilon (info.ppm * 0.0254, dpis[d], 0.05);
        g_assert_cmpfloat_with_epsilon (info.width / (info.ppm / 1000), widths[w], 0.1);
      }
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” is not in the PDF text:\n%s", needle, text);
}

static void
test_pdf (CslTestTmp    *tmp,
          gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = open_ws (tmp);
  CslTestLabelParties parties = csl_test_label_parties (ws);
  gint64 draft_id = csl_test_label_filing (ws, &parties, 2, "CAM-100", NULL);
  gint64 filed_id = csl_test_label_filing (ws, &parties, 3, "CAM-300", "CSL2026-000300");
  g_autoptr(CslLabel) draft = load_label (ws, draft_id, NULL);
  g_autoptr(CslLabel) filed = load_label (ws, filed_id, NULL);
  static const double widths[] = { 0, 50, 70, 100, 140 };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autoptr(GBytes) bytes = csl_label_render_to_bytes (filed, CSL_LABEL_FORMAT_PDF, widths[i], 0, &error);
      double mm = widths[i] > 0 ? widths[i] : 70;
      CslTestPdf pdf;

      g_assert_no_error (error);
      pdf = csl_test_pdf_read (bytes);
      g_assert_cmpfloat_with_epsilon (pdf.width_pt, mm / 25.4 * 72, 0.01);
      g_assert_cmpfloat_with_epsilon (pdf.height_pt, mm * 50 / 70 / 25.4 * 72, 0.01);
      assert_contains (pdf.text, "网络安全标识");
      assert_contains (pdf.text, "China Cybersecurity Label");
      assert_contains (pdf.text, "北京示例科技有限公司");
      assert_contains (pdf.text, "CAM-300");
      assert_contains (pdf.text, "领先级 Leading");
      assert_contains (pdf.text, "2026-07-01 – 2029-06-30");
      assert_contains (pdf.text, "中国电子技术标准化研究院");
      assert_contains (pdf.text, "GB/T 41387-2022");
      assert_contains (pdf.text, "GB/T 38632-2020");
      assert_contains (pdf.text, "CSL2026-000300");
      /* A filed label never carries the draft mark. */
      g_assert_null (strstr (pdf.text, "草稿"));
      g_assert_null (strstr (pdf.text, "DRAFT"));
      g_free (pdf.text);
    }

  {
    g_autoptr(GBytes) bytes = csl_label_render_to_bytes (draft, CSL_LABEL_FORMAT_PDF, 0, 0, &error);
    CslTestPdf pdf;

    g_assert_no_error (error);
    pdf = csl_test_pdf_read (bytes);
    assert_contains (pdf.text, "草稿");
    assert_contains (pdf.text, "DRAFT");
    assert_contains (pdf.text, "增强级 Enhanced");
    assert_contains (pdf.text, "待定");
    g_assert_null (strstr (pdf.text, "CSL2026"));
    g_free (pdf.text);
  }
}

static double
svg_length_pt (const char *svg,
               const char *attribute)
{
  g_autofree char *key = g_strdup_printf (" %s=\"", attribute);
  const char *p = strstr (svg, key);
  char *end = NULL;
  double value;

  g_assert_nonnull (p);
  value = g_ascii_strtod (p + strlen (key), &end);
  g_assert_true (g_str_has_prefix (end, "pt\""));
  return value;
}

static void
test_svg_and_bytes (CslTestTmp    *tmp,
                    gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = open_ws (tmp);
  CslTestLabelParties parties = csl_test_label_parties (ws);
  gint64 id = csl_test_label_filing (ws, &parties, 1, "CAM-1", "CSL2026-1");
  g_autoptr(CslLabel) label = load_label (ws, id, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) svg = csl_label_render_to_bytes (label, CSL_LABEL_FORMAT_SVG, 90, 0, &error);
  g_autoptr(GBytes) png = csl_label_render_to_bytes (label, CSL_LABEL_FORMAT_PNG, 0, 0, &error);
  g_autoptr(GBytes) pdf = csl_label_render_to_bytes (label, CSL_LABEL_FORMAT_PDF, 0, 0, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (svg, NULL), g_bytes_get_size (svg));
  g_assert_true (g_str_has_prefix (text, "<?xml"));
  g_assert_nonnull (strstr (text, "<svg"));
  g_assert_cmpfloat_with_epsilon (svg_length_pt (text, "width"), 90 / 25.4 * 72, 0.001);
  g_assert_cmpfloat_with_epsilon (svg_length_pt (text, "height"), 90 * 50.0 / 70 / 25.4 * 72, 0.001);
  g_assert_cmpmem (g_bytes_get_data (png, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);

  g_assert_true (csl_label_format_for_path ("x/LABEL.PNG", &(CslLabelFormat) { 0 }, &error));
  g_assert_false (csl_label_format_for_path ("x.png/label", &(CslLabelFormat) { 0 }, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "x.png/label"));
  g_clear_error (&error);
  g_assert_false (csl_label_format_parse ("jpeg", &(CslLabelFormat) { 0 }, &error));
  g_assert_nonnull (strstr (error->message, "jpeg"));
  g_clear_error (&error);
  g_assert_null (csl_label_render_to_bytes (label, CSL_LABEL_FORMAT_PNG, 0, 50, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "50 dpi"));
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* Each refusal: a clear error of its own kind, and no file, not even a temporary one. */
static void
test_refusals (CslTestTmp    *tmp,
               gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = open_ws (tmp);
  CslTestLabelParties parties = csl_test_label_parties (ws);
  g_autofree char *out_dir = g_build_filename (tmp->dir, "out", NULL);
  g_autofree char *out = g_build_filename (out_dir, "label.pdf", NULL);
  g_autofree char *long_model = NULL;
  gint64 long_id, id = csl_test_label_filing (ws, &parties, 2, "CAM-2", "CSL2026-2");
  g_autoptr(CslLabel) label = load_label (ws, id, NULL);
  g_autoptr(CslLabel) long_label = NULL, long_qr = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) long_template = g_string_new ("https://filing.example/");

  g_mkdir (out_dir, 0755);

  /* A width outside the template's limits. */
  g_assert_false (csl_label_render_to_file (label, CSL_LABEL_FORMAT_PDF, 30, 0, out, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "30 mm"));
  g_clear_error (&error);
  g_assert_false (csl_label_render_to_file (label, CSL_LABEL_FORMAT_PDF, 141, 0, out, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_clear_error (&error);

  /* Text that does not fit even at the smallest font size: refused, never clipped. The same
   * model fits on a wider label, where the font may stay larger. */
  long_model = g_strdup ("IPC-CAM-PRO-4K-WIFI6-DUALBAND-OUTDOOR-PTZ-NIGHTVISION-2026EDITION");
  long_id = csl_test_label_filing (ws, &parties, 2, long_model, "CSL2026-3");
  long_label = load_label (ws, long_id, NULL);
  g_assert_false (csl_label_render_to_file (long_label, CSL_LABEL_FORMAT_PDF, 50, 0, out, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_PRINT_QUALITY);
  g_assert_nonnull (strstr (error->message, "The product model “IPC-CAM-PRO"));
  g_assert_nonnull (strstr (error->message, "is too long for the label"));
  g_assert_nonnull (strstr (error->message, "of its 65 characters fit"));
  g_assert_nonnull (strstr (error->message, "50 mm"));
  g_clear_error (&error);
  /* How much fits, in characters: that many fit, one more does not. */
  {
    const CslLabelTemplate *t = csl_label_get_template (long_label);
    guint fit = 0, n = 0;
    g_autofree char *start = NULL, *longer = NULL;

    g_assert_false (csl_label_text_fits (t, "model", long_model, 50, &fit, &n));
    g_assert_cmpuint (n, ==, 65);
    g_assert_cmpuint (fit, >, 10);
    g_assert_cmpuint (fit, <, 65);
    start = g_utf8_substring (long_model, 0, fit);
    longer = g_utf8_substring (long_model, 0, fit + 1);
    g_assert_true (csl_label_text_fits (t, "model", start, 50, NULL, NULL));
    g_assert_false (csl_label_text_fits (t, "model", longer, 50, NULL, NULL));
    g_assert_true (csl_label_text_fits (t, "model", long_model, 100, NULL, NULL));
  }
  g_assert_true (csl_label_check (csl_label_get_template (long_label), csl_label_get_content (long_label), 100, &error));
  g_assert_no_error (error);

  /* QR modules under 0.25 mm: a long address needs a bigger symbol than a 50 mm label holds. */
  for (int i = 0; i < 16; i++)
    g_string_append (long_template, "segment/");
  g_string_append (long_template, "{filing_number}");
  long_qr = load_label (ws, id, long_template->str);
  g_assert_false (csl_label_render_to_file (long_qr, CSL_LABEL_FORMAT_PDF, 50, 0, out, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_PRINT_QUALITY);
  g_assert_nonnull (strstr (error->message, "QR code"));
  g_assert_nonnull (strstr (error->message, "0.25 mm"));
  g_assert_nonnull (strstr (error->message, "at least"));
  g_clear_error (&error);
  /* The width the message suggests is enough. */
  g_assert_true (csl_label_check (csl_label_get_template (long_qr), csl_label_get_content (long_qr), 70, &error));

  g_assert_cmpuint (count_files (out_dir), ==, 0);
  g_assert_true (csl_label_render_to_file (label, CSL_LABEL_FORMAT_PDF, 0, 0, out, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (out_dir), ==, 1);
}

/* The preview's way of drawing: it still draws a failing label, but reports the failure. */
static void
test_preview_flag (CslTestTmp    *tmp,
                   gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = open_ws (tmp);
  CslTestLabelParties parties = csl_test_label_parties (ws);
  gint64 id = csl_test_label_filing (ws, &parties, 2,
                                     "IPC-CAM-PRO-4K-WIFI6-DUALBAND-OUTDOOR-PTZ-NIGHTVISION-2026EDITION", NULL);
  g_autoptr(CslLabel) label = load_label (ws, id, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 200, 150);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GError) error = NULL;
  const guint8 *pixels;
  gboolean drawn = FALSE;

  cairo_set_source_rgb (cr, 0, 1, 0);
  cairo_paint (cr);
  g_assert_false (csl_label_draw (cr, csl_label_get_template (label), csl_label_get_content (label), 50,
                                  CSL_LABEL_DRAW_CHECKED, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_PRINT_QUALITY);
  g_clear_error (&error);
  cairo_surface_flush (surface);
  pixels = cairo_image_surface_get_data (surface);
  /* Refused: nothing drawn over the green. */
  g_assert_cmphex (((const guint32 *) (gconstpointer) pixels)[75 * 200 + 100] & 0xffffff, ==, 0x00ff00);

  g_assert_false (csl_label_draw (cr, csl_label_get_template (label), csl_label_get_content (label), 50,
                                  CSL_LABEL_DRAW_PREVIEW, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_PRINT_QUALITY);
  cairo_surface_flush (surface);
  for (int i = 0; i < 200 * 150 && !drawn; i++)
    drawn = (((const guint32 *) (gconstpointer) pixels)[i] & 0xffffff) != 0x00ff00;
  g_assert_true (drawn);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Monochrome: the same draw function in black only; the colour label next to it is not grey. */
static void
test_monochrome (CslTestTmp    *tmp,
                 gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = open_ws (tmp);
  CslTestLabelParties parties = csl_test_label_parties (ws);
  /* A Three-Star draft: every star, the draft mark and the QR code. */
  g_autoptr(CslLabel) draft = load_label (ws, csl_test_label_filing (ws, &parties, 3, "CAM-300", NULL), NULL);
  g_autoptr(CslLabel) filed = load_label (ws, csl_test_label_filing (ws, &parties, 1, "CAM-100", "CSL2026-1"), NULL);
  CslLabel *labels[] = { draft, filed };
  g_autoptr(GError) error = NULL;
  guint coloured = 0;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *colour = g_strdup_printf ("%s/colour-%u.png", tmp->dir, i);
      g_autofree char *mono = g_strdup_printf ("%s/mono-%u.png", tmp->dir, i);
      g_autofree char *pdf = g_strdup_printf ("%s/mono-%u.pdf", tmp->dir, i);
      g_autofree char *text = NULL;

      g_assert_false (csl_label_get_monochrome (labels[i]));
      g_assert_true (csl_label_render_to_file (labels[i], CSL_LABEL_FORMAT_PNG, 0, 200, colour, &error));
      g_assert_no_error (error);
      g_assert_false (csl_test_png_is_grey (colour, &coloured));
      g_assert_cmpuint (coloured, >, 1000);

      csl_label_set_monochrome (labels[i], TRUE);
      g_assert_cmpint (csl_label_get_draw_flags (labels[i]), ==, CSL_LABEL_DRAW_MONOCHROME);
      g_assert_true (csl_label_render_to_file (labels[i], CSL_LABEL_FORMAT_PNG, 0, 200, mono, &error));
      g_assert_no_error (error);
      g_assert_true (csl_test_png_is_grey (mono, &coloured));
      /* Still the whole label: the QR code reads, and the PDF holds every text. */
      {
        g_autofree char *code = csl_test_zbar (mono);

        g_assert_nonnull (code);
      }
      g_assert_true (csl_label_render_to_file (labels[i], CSL_LABEL_FORMAT_PDF, 0, 0, pdf, &error));
      text = csl_test_pdf_text (pdf, NULL);
      g_assert_nonnull (strstr (text, "CAM-"));
      g_assert_nonnull (strstr (text, "Scan for details"));
      /* (The draft mark is its letters' outlines, paths that hold no text.) */
      csl_label_set_monochrome (labels[i], FALSE);
    }
}

static const char *const english_captions[] = {
  "China Cybersecurity Label", "Manufacturer", "Model", "Validity", "Testing lab", "Standards",
  "Scan for details",
};

/* The smallest size, in points as printed, poppler finds any English caption drawn at. */
static double
smallest_caption_pt (const char *pdf)
{
  g_autofree char *uri = g_filename_to_uri (pdf, NULL, NULL);
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_file (uri, NULL, &error);
  PopplerPage *page;
  g_autofree char *text = NULL;
  GList *attrs;
  double smallest = G_MAXDOUBLE;

  g_assert_no_error (error);
  page = poppler_document_get_page (doc, 0);
  text = poppler_page_get_text (page);
  attrs = poppler_page_get_text_attributes (page);
  for (guint i = 0; i < G_N_ELEMENTS (english_captions); i++)
    {
      const char *at = strstr (text, english_captions[i]);
      glong offset;
      gboolean found = FALSE;

      g_assert_nonnull (at);
      offset = g_utf8_pointer_to_offset (text, at);
      for (GList *l = attrs; l != NULL; l = l->next)
        {
          PopplerTextAttributes *a = l->data;

          if (offset >= a->start_index && offset <= a->end_index)
            {
              smallest = MIN (smallest, a->font_size);
              found = TRUE;
              break;
            }
        }
      g_assert_true (found);
    }
  poppler_page_free_text_attributes (attrs);
  g_object_unref (page);
  g_object_unref (doc);
  return smallest;
}

static CslLabelTemplate *
builtin_with (const char *member,
              double      value)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/io/github/cslfiler/CslFiler/label/art6-basic.json", 0, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  CslLabelTemplate *t;

  g_assert_nonnull (bytes);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                                             &error));
  json_object_set_double_member (json_node_get_object (json_parser_get_root (parser)), member, value);
  t = csl_label_template_new_from_json (json_parser_get_root (parser), "test", &error);
  g_assert_no_error (error);
  return t;
}

/* The English captions (about 1 mm high at 70 mm) never print below the template's caption
 * minimum: not at the narrowest width the template allows, and a template asking more than its
 * boxes hold on a narrow label is refused there rather than drawn smaller. */
static void
test_caption_minimum (CslTestTmp    *tmp,
                      gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = open_ws (tmp);
  CslTestLabelParties parties = csl_test_label_parties (ws);
  gint64 id = csl_test_label_filing (ws, &parties, 2, "CAM-200", "CSL2026-000200");
  g_autoptr(CslLabel) shipped = load_label (ws, id, NULL);
  g_autoptr(CslLabel) stricter = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (tmp->dir, "captions.pdf", NULL);
  const CslLabelTemplate *t = csl_label_get_template (shipped);
  double min_width = csl_label_template_get_min_width_mm (t);

  g_assert_cmpfloat (csl_label_template_get_min_caption_pt (t), >=, 4);
  g_assert_true (csl_label_render_to_file (shipped, CSL_LABEL_FORMAT_PDF, min_width, 0, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (smallest_caption_pt (pdf), >=, csl_label_template_get_min_caption_pt (t) - 0.01);

  /* A 5 pt caption minimum: at 70 mm the 4.2 pt captions are raised to it… */
  stricter = csl_label_new (builtin_with ("min_caption_pt", 5),
                            csl_label_content_load (ws, id, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (csl_label_render_to_file (stricter, CSL_LABEL_FORMAT_PDF, 70, 0, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (smallest_caption_pt (pdf), >=, 5 - 0.01);
  /* …and where the boxes cannot hold them at 5 pt, the label is refused, not shrunk. */
  g_assert_false (csl_label_render_to_file (stricter, CSL_LABEL_FORMAT_PDF, min_width, 0, pdf, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_PRINT_QUALITY);
  g_assert_nonnull (strstr (error->message, "(5 pt)"));
  g_clear_error (&error);

  /* A caption minimum below the smallest printed size is a template error. */
  {
    g_autoptr(GBytes) bytes = g_resources_lookup_data ("/io/github/cslfiler/CslFiler/label/art6-basic.json", 0, NULL);
    g_autoptr(JsonParser) parser = json_parser_new ();

    g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), -1, NULL));
    json_object_set_double_member (json_node_get_object (json_parser_get_root (parser)), "min_caption_pt", 3);
    g_assert_null (csl_label_template_new_from_json (json_parser_get_root (parser), "test", &error));
    g_assert_error (error, CSL_ERROR, CSL_ERROR_CATALOGUE);
    g_assert_nonnull (strstr (error->message, "min_caption_pt"));
  }
}

/* One-, two- and three-star labels, and a draft, for a person to look at. */
static void
test_gallery (CslTestTmp    *tmp,
              gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = open_ws (tmp);
  CslTestLabelParties parties = csl_test_label_parties (ws);
  g_autofree char *dir = csl_test_label_dir ();

  for (int grade = 1; grade <= 4; grade++)
    {
      gboolean is_draft = grade == 4;
      g_autofree char *model = g_strdup_printf ("CAM-%d00 Pro", is_draft ? 2 : grade);
      g_autofree char *number = g_strdup_printf ("CSL2026-00%d00", grade);
      gint64 id = csl_test_label_filing (ws, &parties, is_draft ? 2 : grade, model, is_draft ? NULL : number);
      g_autoptr(CslLabel) label = load_label (ws, id, NULL);
      g_autofree char *base = is_draft ? g_strdup ("label-draft") : g_strdup_printf ("label-%d-star", grade);
      g_autoptr(GError) error = NULL;

      for (int f = CSL_LABEL_FORMAT_PDF; f <= CSL_LABEL_FORMAT_PNG; f++)
        {
          g_autofree char *name = g_strdup_printf ("%s.%s", base, csl_label_format_to_string (f));
          g_autofree char *path = g_build_filename (dir, name, NULL);

          g_assert_true (csl_label_render_to_file (label, f, 0, 300, path, &error));
          g_assert_no_error (error);
          g_test_message ("%s", path);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/label/qr-address", test_qr_address);
  g_test_add ("/label/template/shipped", CslTestTmp, NULL, csl_test_tmp_setup, test_template_shipped, csl_test_tmp_teardown);
  g_test_add_func ("/label/template/errors", test_template_errors);
  g_test_add ("/label/template/catalogue", CslTestTmp, NULL, csl_test_tmp_setup, test_template_in_catalogue, csl_test_tmp_teardown);
  g_test_add ("/label/content", CslTestTmp, NULL, csl_test_tmp_setup, test_content, csl_test_tmp_teardown);
  g_test_add_func ("/label/missing-fields", test_missing_fields);
  g_test_add_func ("/label/huge-text", test_huge_text);
  g_test_add ("/label/filed-without-dates", CslTestTmp, NULL, csl_test_tmp_setup, test_filed_without_dates, csl_test_tmp_teardown);
  g_test_add ("/label/png-qr", CslTestTmp, NULL, csl_test_tmp_setup, test_png_qr, csl_test_tmp_teardown);
  g_test_add ("/label/pdf", CslTestTmp, NULL, csl_test_tmp_setup, test_pdf, csl_test_tmp_teardown);
  g_test_add ("/label/svg-and-bytes", CslTestTmp, NULL, csl_test_tmp_setup, test_svg_and_bytes, csl_test_tmp_teardown);
  g_test_add ("/label/refusals", CslTestTmp, NULL, csl_test_tmp_setup, test_refusals, csl_test_tmp_teardown);
  g_test_add ("/label/preview-flag", CslTestTmp, NULL, csl_test_tmp_setup, test_preview_flag, csl_test_tmp_teardown);
  g_test_add ("/label/monochrome", CslTestTmp, NULL, csl_test_tmp_setup, test_monochrome, csl_test_tmp_teardown);
  g_test_add ("/label/caption-minimum", CslTestTmp, NULL, csl_test_tmp_setup, test_caption_minimum,
              csl_test_tmp_teardown);
  g_test_add ("/label/gallery", CslTestTmp, NULL, csl_test_tmp_setup, test_gallery, csl_test_tmp_teardown);
  return g_test_run ();
}
