#include "config.h"

#include <string.h>

#include "records/csl-audit.h"
#include "lifecycle/csl-bars.h"
#include "lifecycle/csl-refiling.h"
#include "csl-test-util.h"
#include "csl-test-fixture.h"

typedef struct
{
  CslWorkspace *ws;
  gint64        manufacturer;
  gint64        lab;
  gint64        product;
} World;

static void
world_init (World      *w,
            CslTestTmp *tmp)
{
  w->ws = fx_open (tmp->dir);
  w->manufacturer = fx_manufacturer (w->ws, "Example Co", 1);
  w->lab = fx_lab (w->ws, "CESI Lab", "CNAS L0001", "2030-12-31");
  w->product = fx_product (w->ws, w->manufacturer, "CAM-100", "2031-12-31");
}

static void
world_clear (World *w)
{
  g_clear_object (&w->ws);
}

static char *
status_of (CslWorkspace *ws,
           gint64        id)
{
  g_autoptr(CslFiling) f = csl_filing_get (ws, id, NULL);

  g_assert_nonnull (f);
  return g_strdup (f->status);
}

#define assert_status(ws, id, expected) \
  G_STMT_START { g_autofree char *_s = status_of ((ws), (id)); g_assert_cmpstr (_s, ==, (expected)); } G_STMT_END

static void
assert_message (const GError *error,
                const char   *fragment)
{
  g_assert_nonnull (error);
  if (strstr (error->message, fragment) == NULL)
    g_error ("expected “%s” in: %s", fragment, error->message);
}

static void
test_transitions (CslTestTmp    *tmp,
                  gconstpointer  data)
{
  World w;
  g_autoptr(GError) error = NULL;
  gint64 id, other;
  CslFiledInfo info = { "CSL-2027-000001", "2027-01-20", NULL, NULL };

  world_init (&w, tmp);
  id = fx_filing_bare (w.ws, w.product, w.lab);

  /* A draft that fails its check stays a draft, and the error lists what is missing. */
  g_assert_false (csl_lifecycle_mark_ready (w.ws, id, "2027-01-05", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INCOMPLETE);
  assert_message (error, "Test report");
  g_clear_error (&error);
  assert_status (w.ws, id, "draft");

  /* Skipping steps is refused, naming the current and the requested status. */
  g_assert_false (csl_lifecycle_mark_packaged (w.ws, id, FX_SHA256, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_STATE);
  assert_message (error, "“draft”");
  assert_message (error, "“packaged”");
  g_clear_error (&error);
  g_assert_false (csl_lifecycle_mark_submitted (w.ws, id, "2027-01-10", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (csl_lifecycle_revoke (w.ws, id, "test", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_STATE);
  g_clear_error (&error);

  fx_attach (w.ws, id, "test-report", "report.pdf");
  fx_attach (w.ws, id, "declaration", "declaration.pdf");
  fx_attach (w.ws, id, "business-license", "licence.pdf");
  fx_attach (w.ws, id, "lab-accreditation", "cnas.pdf");
  g_assert_true (csl_lifecycle_mark_ready (w.ws, id, "2027-01-05", &error));
  g_assert_no_error (error);
  assert_status (w.ws, id, "ready");

  g_assert_false (csl_lifecycle_mark_packaged (w.ws, id, "abc", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  assert_message (error, "abc");
  g_clear_error (&error);
  g_assert_true (csl_lifecycle_mark_packaged (w.ws, id, FX_SHA256, &error));
  /* Making the bundle again is allowed; it replaces the checksum. */
  g_assert_true (csl_lifecycle_mark_packaged (w.ws, id, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &error));
  {
    g_autoptr(CslFiling) f = csl_filing_get (w.ws, id, &error);
    g_assert_cmpstr (f->bundle_sha256, ==, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  }

  g_assert_false (csl_lifecycle_mark_filed (w.ws, id, &info, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (csl_lifecycle_mark_submitted (w.ws, id, "2027-02-30", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  assert_message (error, "2027-02-30");
  g_clear_error (&error);
  g_assert_true (csl_lifecycle_mark_submitted (w.ws, id, "2027-01-10", &error));
  assert_status (w.ws, id, "submitted");

  /* CSL 001-2025 has no published validity: the end date must be given. */
  g_assert_false (csl_lifecycle_mark_filed (w.ws, id, &info, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  assert_message (error, "CSL 001-2025");
  assert_message (error, "--valid-until");
  g_clear_error (&error);
  info.valid_until = "2027-01-19";
  g_assert_false (csl_lifecycle_mark_filed (w.ws, id, &info, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  assert_message (error, "2027-01-19");
  g_clear_error (&error);
  info.filed_on = "2027-01-09";
  info.valid_until = "2029-01-19";
  g_assert_false (csl_lifecycle_mark_filed (w.ws, id, &info, &error));
  assert_message (error, "before the submission date");
  g_clear_error (&error);
  info.filed_on = "2027-01-20";
  g_assert_true (csl_lifecycle_mark_filed (w.ws, id, &info, &error));
  g_assert_no_error (error);
  {
    g_autoptr(CslFiling) f = csl_filing_get (w.ws, id, &error);
    g_assert_cmpstr (f->status, ==, "filed");
    g_assert_cmpstr (f->filing_number, ==, "CSL-2027-000001");
    g_assert_cmpstr (f->valid_from, ==, "2027-01-20");
    g_assert_cmpstr (f->valid_until, ==, "2029-01-19");
  }

  /* Filing numbers are unique across the workspace. */
  other = fx_filing (w.ws, fx_product (w.ws, w.manufacturer, "CAM-200", "2031-12-31"), w.lab);
  g_assert_true (csl_lifecycle_mark_ready (w.ws, other, "2027-01-05", &error));
  g_assert_true (csl_lifecycle_mark_packaged (w.ws, other, FX_SHA256, &error));
  g_assert_true (csl_lifecycle_mark_submitted (w.ws, other, "2027-01-10", &error));
  g_assert_false (csl_lifecycle_mark_filed (w.ws, other, &info, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_EXISTS);
  assert_message (error, "CSL-2027-000001");
  g_clear_error (&error);
  assert_status (w.ws, other, "submitted");

  /* Filed → revoked, with its reason; nothing leaves revoked. */
  g_assert_false (csl_lifecycle_revoke (w.ws, id, "  ", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (csl_lifecycle_revoke (w.ws, id, "Art. 14(4): support ended", &error));
  assert_status (w.ws, id, "revoked");
  g_assert_false (csl_lifecycle_mark_refiling_due (w.ws, id, "x", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_STATE);
  assert_message (error, "“revoked”");
  assert_message (error, "“refiling-due”");
  g_clear_error (&error);

  /* Every step is in the audit trail with its old and new value. */
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM audit WHERE entity = 'filing' AND entity_id = 1 AND "
                                   "field = 'status' AND via = 'core'"), ==, 5);
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM audit WHERE entity = 'filing' AND entity_id = 1 AND "
                                   "field = 'status' AND old_value = 'submitted' AND new_value = 'filed'"), ==, 1);
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM audit WHERE entity = 'filing' AND entity_id = 1 AND "
                                   "field = 'filing_number' AND old_value IS NULL AND new_value = 'CSL-2027-000001'"), ==, 1);
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM audit WHERE entity = 'filing' AND entity_id = 1 AND "
                                   "field = 'revoke_reason'"), ==, 1);
  /* …and names who made it: the login, unless the handle was told otherwise. */
  {
    /* On a team server, the role connected. */
    CslDb *db = csl_workspace_get_db (w.ws);
    g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM audit WHERE entity = 'filing' AND "
                                            "entity_id = 1 AND who = '%s'",
                                            csl_db_is_server (db) ? csl_db_server_user (db) : g_get_user_name ());
    g_assert_cmpint (fx_count (w.ws, sql), ==, fx_count (w.ws, "SELECT COUNT(*) FROM audit WHERE "
                                                                "entity = 'filing' AND entity_id = 1"));
  }
  csl_workspace_set_user (w.ws, "li.wei");
  g_assert_true (csl_lifecycle_reopen (w.ws, other, &error));
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM audit WHERE entity = 'filing' AND entity_id = 2 AND "
                                   "field = 'status' AND new_value = 'draft' AND who = 'li.wei'"), ==, 1);
  world_clear (&w);
}

static void
test_transition_table (void)
{
  /* The documented graph, and nothing else. */
  static const char *const legal[] = {
    "draft>ready", "ready>draft", "ready>packaged", "packaged>draft", "packaged>packaged",
    "packaged>submitted", "submitted>draft", "submitted>filed", "filed>refiling-due", "filed>expired",
    "filed>revoked", "refiling-due>refiling-due", "refiling-due>expired", "refiling-due>revoked",
    "expired>revoked",
  };

  for (guint from = 0; from < CSL_N_STATUSES; from++)
    for (guint to = 0; to < CSL_N_STATUSES; to++)
      {
        g_autofree char *pair = g_strdup_printf ("%s>%s", csl_filing_status_to_string (from),
                                                 csl_filing_status_to_string (to));
        gboolean expected = g_strv_contains (legal, pair);

        if (csl_lifecycle_can_transition (from, to) != expected)
          g_error ("%s should be %s", pair, expected ? "legal" : "illegal");
      }
}

static const char validity_batch[] =
  "{\"format\": 1, \"batch\": {\"code\": \"TEST-V\", \"revision\": 1},"
  " \"categories\": [{\"serial\": \"CSL 009-2026\", \"name_en\": \"Routers\", \"validity_months\": 36}]}";

static void
test_default_validity (CslTestTmp    *tmp,
                       gconstpointer  data)
{
  World w;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) batch = g_bytes_new_static (validity_batch, strlen (validity_batch));
  g_autoptr(CslCategory) c = NULL;
  g_autoptr(CslProduct) p = NULL;
  g_autoptr(CslFiling) f = NULL;
  gint64 id;

  world_init (&w, tmp);
  g_assert_true (csl_catalogue_import_bytes (w.ws, batch, "test.json", &error));
  c = csl_catalogue_find_serial (w.ws, "CSL 009-2026", &error);
  p = csl_product_get (w.ws, w.product, &error);
  p->category_id = c->id;
  g_assert_true (csl_product_update (w.ws, p, &error));
  id = fx_filing (w.ws, w.product, w.lab);
  /* 36 months from the first valid day, that day included. */
  fx_file (w.ws, id, "CSL-R-1", "2027-03-01", NULL);
  f = csl_filing_get (w.ws, id, &error);
  g_assert_cmpstr (f->valid_from, ==, "2027-03-01");
  g_assert_cmpstr (f->valid_until, ==, "2030-02-28");
  world_clear (&w);
}

static void
test_expiry (CslTestTmp    *tmp,
             gconstpointer  data)
{
  World w;
  g_autoptr(GError) error = NULL;
  gint64 a, b;
  guint n = 99;

  world_init (&w, tmp);
  a = fx_filing (w.ws, w.product, w.lab);
  fx_file (w.ws, a, "CSL-A", "2027-01-20", "2028-01-19");
  b = fx_filing (w.ws, fx_product (w.ws, w.manufacturer, "CAM-200", "2031-12-31"), w.lab);
  fx_file (w.ws, b, "CSL-B", "2027-01-20", "2029-01-19");

  g_assert_true (csl_lifecycle_apply_time (w.ws, "2028-01-19", &n, &error));
  g_assert_cmpuint (n, ==, 0);
  assert_status (w.ws, a, "filed");
  g_assert_true (csl_lifecycle_apply_time (w.ws, "2028-01-20", &n, &error));
  g_assert_cmpuint (n, ==, 1);
  assert_status (w.ws, a, "expired");
  assert_status (w.ws, b, "filed");
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM audit WHERE entity = 'filing' AND entity_id = 1 "
                                   "AND field = 'status' AND old_value = 'filed' AND new_value = 'expired' "
                                   "AND via = 'core'"), ==, 1);
  /* Applying again changes nothing. */
  g_assert_true (csl_lifecycle_apply_time (w.ws, "2028-01-21", &n, &error));
  g_assert_cmpuint (n, ==, 0);
  g_assert_false (csl_lifecycle_apply_time (w.ws, "tomorrow", &n, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  world_clear (&w);
}

static void
test_product_change (CslTestTmp    *tmp,
                     gconstpointer  data)
{
  World w;
  g_autoptr(GError) error = NULL;
  g_autoptr(CslProduct) p = NULL;
  g_autoptr(GArray) due = NULL;
  g_autoptr(CslFiling) f = NULL;
  gint64 filed, draft;

  world_init (&w, tmp);
  csl_workspace_set_interface (w.ws, "gui");
  filed = fx_filing (w.ws, w.product, w.lab);
  fx_file (w.ws, filed, "CSL-A", "2027-01-20", "2029-01-19");
  draft = fx_filing (w.ws, w.product, w.lab);

  /* A new support date is not a key technical change. */
  p = csl_product_get (w.ws, w.product, &error);
  g_free (p->support_until);
  p->support_until = g_strdup ("2032-12-31");
  g_assert_true (csl_refiling_update_product (w.ws, p, &due, &error));
  g_assert_cmpuint (due->len, ==, 0);
  g_clear_pointer (&due, g_array_unref);
  assert_status (w.ws, filed, "filed");

  g_free (p->firmware_version);
  p->firmware_version = g_strdup ("1.1");
  csl_product_set_param (p, "resolution", "4K");
  g_assert_true (csl_refiling_update_product (w.ws, p, &due, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpint (g_array_index (due, gint64, 0), ==, filed);
  g_clear_pointer (&due, g_array_unref);
  f = csl_filing_get (w.ws, filed, &error);
  g_assert_cmpstr (f->status, ==, "refiling-due");
  g_assert_cmpstr (f->refiling_reason, ==, "firmware version: 1.0 → 1.1; parameter resolution: 1080p → 4K");
  g_clear_pointer (&f, csl_filing_free);
  assert_status (w.ws, draft, "draft");

  /* A second change before re-filing adds to the list. */
  g_free (p->hardware_version);
  p->hardware_version = g_strdup ("A2");
  g_assert_true (csl_refiling_update_product (w.ws, p, NULL, &error));
  f = csl_filing_get (w.ws, filed, &error);
  g_assert_nonnull (strstr (f->refiling_reason, "; hardware version: A1 → A2"));

  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM audit WHERE entity = 'product' AND field = 'firmware_version' "
                                   "AND old_value = '1.0' AND new_value = '1.1' AND via = 'gui'"), ==, 1);
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM audit WHERE entity = 'product' AND field = 'param:resolution' "
                                   "AND old_value = '1080p' AND new_value = '4K'"), ==, 1);
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM audit WHERE entity = 'filing' AND field = 'status' "
                                   "AND old_value = 'filed' AND new_value = 'refiling-due' AND via = 'gui'"), ==, 1);

  /* A failing update changes nothing: the product keeps its values, the filing its reason. */
  g_free (p->support_until);
  p->support_until = g_strdup ("2032-13-01");
  g_free (p->firmware_version);
  p->firmware_version = g_strdup ("9.9");
  g_assert_false (csl_refiling_update_product (w.ws, p, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM audit WHERE new_value = '9.9'"), ==, 0);
  world_clear (&w);
}

static void
test_refile (CslTestTmp    *tmp,
             gconstpointer  data)
{
  World w;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) dropped = NULL;
  g_autoptr(GArray) chain = NULL;
  g_autoptr(CslFiling) b = NULL;
  g_autoptr(CslFiling) c = NULL;
  gint64 first, second, third;

  world_init (&w, tmp);
  first = fx_filing (w.ws, w.product, w.lab);

  g_assert_cmpint (csl_refiling_refile (w.ws, first, NULL, &error), ==, 0);
  g_assert_error (error, CSL_ERROR, CSL_ERROR_STATE);
  assert_message (error, "“draft”");
  g_clear_error (&error);

  fx_file (w.ws, first, "CSL-A", "2027-01-20", "2029-01-19");
  second = csl_refiling_refile (w.ws, first, &dropped, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second, >, first);
  g_assert_cmpuint (dropped->len, ==, 0);
  g_clear_pointer (&dropped, g_ptr_array_unref);

  /* Everything carries over while the product is unchanged. */
  b = csl_filing_get (w.ws, second, &error);
  g_assert_cmpstr (b->status, ==, "draft");
  g_assert_cmpint (b->predecessor_id, ==, first);
  g_assert_cmpint (b->product_id, ==, w.product);
  g_assert_cmpint (b->lab_id, ==, w.lab);
  g_assert_cmpint (b->grade, ==, 1);
  g_assert_cmpstr (b->report_number, ==, "R-2026-001");
  g_assert_cmpstr (b->standards[0], ==, "GB/T 41387-2022");
  g_assert_null (b->filing_number);
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM attachment a JOIN attachment o ON o.sha256 = a.sha256 "
                                   "AND o.kind = a.kind AND o.filing_id = 1 WHERE a.filing_id = 2"), ==, 4);

  g_assert_cmpint (csl_refiling_refile (w.ws, first, NULL, &error), ==, 0);
  g_assert_error (error, CSL_ERROR, CSL_ERROR_STATE);
  assert_message (error, "already re-filed");
  g_clear_error (&error);

  /* After a firmware change, the documents about the old product stay behind. */
  fx_file (w.ws, second, "CSL-B", "2029-01-10", "2031-01-09");
  /* Once the re-filing is filed, the first label is history. */
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM filing WHERE id = 1 AND superseded_on = '2029-01-10'"), ==, 1);
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM audit WHERE entity = 'filing' AND entity_id = 1 "
                                   "AND field = 'superseded_on' AND new_value = '2029-01-10'"), ==, 1);
  {
    g_autoptr(CslProduct) p = csl_product_get (w.ws, w.product, &error);
    g_free (p->firmware_version);
    p->firmware_version = g_strdup ("2.0");
    g_assert_true (csl_refiling_update_product (w.ws, p, NULL, &error));
  }
  fx_attach (w.ws, second, "other", "photos.pdf");
  third = csl_refiling_refile (w.ws, second, &dropped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dropped->len, ==, 2);
  g_assert_nonnull (strstr (dropped->pdata[0], "report.pdf"));
  g_assert_nonnull (strstr (dropped->pdata[1], "declaration.pdf"));
  c = csl_filing_get (w.ws, third, &error);
  g_assert_null (c->report_number);
  g_assert_null (c->report_date);
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM attachment WHERE filing_id = 3"), ==, 3);
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM attachment WHERE filing_id = 3 AND kind IN "
                                   "('business-license', 'lab-accreditation', 'other')"), ==, 3);

  /* The chain reads the same from every member. */
  for (gint64 from = first; from <= third; from++)
    {
      chain = csl_refiling_get_chain (w.ws, from, &error);
      g_assert_cmpuint (chain->len, ==, 3);
      g_assert_cmpint (g_array_index (chain, gint64, 0), ==, first);
      g_assert_cmpint (g_array_index (chain, gint64, 1), ==, second);
      g_assert_cmpint (g_array_index (chain, gint64, 2), ==, third);
      g_clear_pointer (&chain, g_array_unref);
    }
  g_assert_cmpint (csl_refiling_get_successor (w.ws, second, &error), ==, third);
  g_assert_cmpint (csl_refiling_get_successor (w.ws, third, &error), ==, 0);
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM audit WHERE entity = 'filing' AND entity_id = 2 "
                                   "AND field = 'successor_id' AND new_value = '3'"), ==, 1);
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM audit WHERE entity = 'filing' AND entity_id = 3 "
                                   "AND field = 'predecessor_id' AND new_value = '2'"), ==, 1);
  world_clear (&w);
}

static void
test_history (CslTestTmp    *tmp,
              gconstpointer  data)
{
  World w;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(CslProduct) p = NULL;
  gint64 id, other;
  gboolean saw_product = FALSE, saw_filing = FALSE;

  world_init (&w, tmp);
  id = fx_filing (w.ws, w.product, w.lab);
  other = fx_filing (w.ws, fx_product (w.ws, w.manufacturer, "CAM-200", "2031-12-31"), w.lab);
  fx_file (w.ws, id, "CSL-A", "2027-01-20", "2029-01-19");
  fx_file (w.ws, other, "CSL-B", "2027-01-20", "2029-01-19");
  p = csl_product_get (w.ws, w.product, &error);
  g_free (p->name);
  p->name = g_strdup ("Garden Camera");
  g_assert_true (csl_product_update (w.ws, p, &error));

  history = csl_audit_list_for_filing (w.ws, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      CslAuditEntry *e = history->pdata[i];

      if (i > 0)
        g_assert_cmpint (e->id, >, ((CslAuditEntry *) history->pdata[i - 1])->id);
      g_assert_true ((g_str_equal (e->entity, "filing") && e->entity_id == id) ||
                     (g_str_equal (e->entity, "product") && e->entity_id == w.product));
      saw_product |= g_str_equal (e->field, "name") && g_strcmp0 (e->new_value, "Garden Camera") == 0;
      saw_filing |= g_str_equal (e->field, "filing_number") && g_strcmp0 (e->new_value, "CSL-A") == 0;
    }
  g_assert_true (saw_product);
  g_assert_true (saw_filing);

  g_assert_null (csl_audit_list_for_filing (w.ws, 999, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND);
  world_clear (&w);
}

static void
test_bars (CslTestTmp    *tmp,
           gconstpointer  data)
{
  World w;
  g_autoptr(GError) error = NULL;
  g_autoptr(CslLab) lab = NULL;
  g_autoptr(CslManufacturer) m = NULL;

  world_init (&w, tmp);
  g_assert_true (csl_bar_set (w.ws, CSL_BAR_LAB, w.lab, "2028-03-01", "False reports (CESI 2027-3)", &error));
  lab = csl_lab_get (w.ws, w.lab, &error);
  g_assert_cmpstr (lab->barred_until, ==, "2028-03-01");
  g_assert_cmpstr (lab->barred_reason, ==, "False reports (CESI 2027-3)");
  g_assert_cmpint (fx_count (w.ws, "SELECT COUNT(*) FROM audit WHERE entity = 'lab' AND field = 'barred_until' "
                                   "AND new_value = '2028-03-01'"), ==, 1);

  g_assert_true (csl_bar_set (w.ws, CSL_BAR_MANUFACTURER, w.manufacturer, "2028-01-01", "Forged labels", &error));
  m = csl_manufacturer_get (w.ws, w.manufacturer, &error);
  g_assert_true (csl_manufacturer_is_barred (m, "2027-06-01"));

  g_assert_false (csl_bar_set (w.ws, CSL_BAR_LAB, 42, "2028-03-01", "x", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (csl_bar_set (w.ws, CSL_BAR_LAB, w.lab, "2028-3-1", "x", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  assert_message (error, "2028-3-1");
  g_clear_error (&error);
  g_assert_false (csl_bar_set (w.ws, CSL_BAR_LAB, w.lab, "2028-03-01", "", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  world_clear (&w);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, CslTestTmp, NULL, csl_test_tmp_setup, fn, csl_test_tmp_teardown)
  ADD ("/lifecycle/transitions", test_transitions);
  g_test_add_func ("/lifecycle/transition-table", test_transition_table);
  ADD ("/lifecycle/default-validity", test_default_validity);
  ADD ("/lifecycle/expiry", test_expiry);
  ADD ("/lifecycle/product-change", test_product_change);
  ADD ("/lifecycle/refile", test_refile);
  ADD ("/lifecycle/history", test_history);
  ADD ("/lifecycle/bars", test_bars);
  return g_test_run ();
}
