#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <json-glib/json-glib.h>
#include <sys/stat.h>

#include "workspace/csl-workspace.h"
#include "bundle/csl-bundle-verify.h"
#include "bundle/csl-cms.h"
#include "base/csl-file-name.h"
#include "bundle/csl-manifest.h"
#include "csl-test-bundle.h"
#include "csl-test-members.h"
#include "csl-test-cli.h"
#include "bundle/csl-zip-writer.h"

typedef struct
{
  CslTestTmp    tmp;
  CslWorkspace *ws;
  gint64        filing;
  CslIdentity  *identity;
  char         *signer_pem;   /* the identity's certificate, to pin */
  char         *bundle;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  const CslTestFilingSpec *spec = data;
  CslTestFilingSpec plain = { FALSE, 2, 4000, TRUE };
  g_autoptr(GError) error = NULL;
  g_autofree char *ws_dir = NULL;

  csl_test_tmp_setup (&fx->tmp, NULL);
  ws_dir = g_build_filename (fx->tmp.dir, "ws", NULL);
  fx->ws = csl_workspace_open (ws_dir, &error);
  g_assert_no_error (error);
  fx->filing = csl_test_make_filing (fx->ws, spec ? spec : &plain);
  fx->identity = csl_test_identity ("Acme Signing");
  fx->signer_pem = g_build_filename (fx->tmp.dir, "signer.pem", NULL);
  g_assert_true (csl_identity_save_cert (fx->identity, fx->signer_pem, &error));
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_object (&fx->ws);
  csl_identity_free (fx->identity);
  g_free (fx->signer_pem);
  g_free (fx->bundle);
  csl_test_tmp_teardown (&fx->tmp, NULL);
}

static char *
tmp_path (Fixture    *fx,
          const char *name)
{
  return g_build_filename (fx->tmp.dir, name, NULL);
}

static CslVerifyReport *
verify_pinned (const char *bundle,
               const char *signer_pem)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslTrust) trust = csl_trust_new_pinned (signer_pem, &error);
  CslVerifyOptions options = { trust, NULL, NULL };
  CslVerifyReport *report;

  g_assert_no_error (error);
  report = csl_bundle_verify (bundle, &options, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < report->failures->len; i++)
    g_test_message ("failure: %s", (const char *) report->failures->pdata[i]);
  return report;
}

static gboolean
report_mentions (const CslVerifyReport *report,
                 const char            *needle)
{
  for (guint i = 0; i < report->failures->len; i++)
    if (strstr (report->failures->pdata[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
report_has_error (const CslVerifyReport *report,
                  GQuark                 domain,
                  int                    code)
{
  for (guint i = 0; i < report->errors->len; i++)
    if (g_error_matches (report->errors->pdata[i], domain, code))
      return TRUE;
  return FALSE;
}

static int
query_int (CslWorkspace *ws,
           const char   *sql)
{
  g_autoptr(CslStmt) stmt = csl_db_prepare (csl_workspace_get_db (ws), sql, NULL);

  g_assert_cmpint (csl_stmt_step (stmt, NULL), ==, CSL_STMT_ROW);
  return csl_stmt_column_int (stmt, 0);
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

/* ---- file name ---- */

static void
test_file_name (void)
{
  struct { const char *en, *zh, *uscc, *model; int grade; const char *expected; } cases[] = {
    { "Acme Smart Devices Co., Ltd.", NULL, "91110000600037341L", "CAM-100", 2,
      "Acme-Smart-Devices-Co.-Ltd_CAM-100_2-star_2026-11-21.zip" },
    /* Chinese only: no Latin spelling, so the USCC names the manufacturer. */
    { NULL, "北京示例科技有限公司", "91110000600037341L", "摄像头 X1", 1,
      "91110000600037341L_X1_1-star_2026-11-21.zip" },
    { "Café Ünited", NULL, "91110000600037341L", "a<b>c:d\"e/f\\g|h?i*j", 3,
      "Cafe-United_a-b-c-d-e-f-g-h-i-j_3-star_2026-11-21.zip" },
    { "CON", NULL, "X", "nul", 1, "xCON_xnul_1-star_2026-11-21.zip" },
    { "...Trailing dots. ", NULL, "X", "  spaces  ", 2, "Trailing-dots_spaces_2-star_2026-11-21.zip" },
    { "\x01\x02", NULL, "", "", 2, "manufacturer_product_2-star_2026-11-21.zip" },
  };
  g_autofree char *long_name = g_strnfill (300, 'M');
  g_autofree char *long_model = g_strnfill (300, 'm');
  g_autofree char *name = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = csl_bundle_file_name (cases[i].en, cases[i].zh, cases[i].uscc, cases[i].model,
                                                   cases[i].grade, "2026-11-21");
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
  name = csl_bundle_file_name (long_name, NULL, "X", long_model, 2, "2026-11-21");
  g_assert_cmpuint (strlen (name), <=, 100);
  for (const char *p = name; *p; p++)
    g_assert_true (g_ascii_isalnum (*p) || strchr ("._-", *p) != NULL);
  g_assert_true (g_str_has_suffix (name, "_2-star_2026-11-21.zip"));
}

/* ---- plan ---- */

static const CslBundleEntry *
plan_find (const CslBundlePlan *plan,
           const char          *path)
{
  for (guint i = 0; i < plan->entries->len; i++)
    if (g_strcmp0 (((CslBundleEntry *) plan->entries->pdata[i])->path, path) == 0)
      return plan->entries->pdata[i];
  return NULL;
}

static const CslBundleProviders no_providers = { { NULL } };

static void
test_plan (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslBundlePlan) plan = NULL;
  g_autoptr(CslBundlePlan) bare = NULL;
  g_autoptr(GBytes) other = csl_test_make_pdf ("Photo", 0);
  const char *const agent_three_star[] = {
    "filing.json", "01-filing-form.pdf", "02-test-report.pdf", "02-penetration-test-report.pdf",
    "03-label.pdf", "03-label.svg", "03-label.png", "04-declaration-of-conformity.pdf",
    "05-business-license.pdf", "06-lab-accreditation.pdf", "06-lab-accreditation-2.pdf",
    "07-authorization-letter.pdf", "08-other-1.jpg", NULL,
  };

  csl_test_attach (fx->ws, fx->filing, "other", "photo.JPG", other);
  plan = csl_bundle_plan_new (fx->ws, fx->filing, CSL_TEST_TODAY, csl_test_providers (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plan->entries->len, ==, g_strv_length ((char **) agent_three_star));
  for (guint i = 0; agent_three_star[i]; i++)
    g_assert_cmpstr (((CslBundleEntry *) plan->entries->pdata[i])->path, ==, agent_three_star[i]);
  /* The user's signed declaration wins over a generated one; the letter is attached too. */
  g_assert_cmpint (plan_find (plan, "04-declaration-of-conformity.pdf")->source, ==, CSL_SOURCE_ATTACHMENT);
  g_assert_cmpstr (plan_find (plan, "07-authorization-letter.pdf")->file_name, ==, "letter.pdf");
  g_assert_cmpint (plan_find (plan, "03-label.svg")->source, ==, CSL_SOURCE_GENERATED);
  g_assert_true (csl_bundle_plan_check_available (plan, &error));

  /* Nothing connected: the plan says which documents cannot be made. */
  bare = csl_bundle_plan_new (fx->ws, fx->filing, CSL_TEST_TODAY, &no_providers, &error);
  g_assert_no_error (error);
  g_assert_false (plan_find (bare, "01-filing-form.pdf")->available);
  g_assert_true (plan_find (bare, "02-test-report.pdf")->available);
  g_assert_false (csl_bundle_plan_check_available (bare, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "01-filing-form.pdf"));
  g_assert_nonnull (strstr (error->message, "03-label.png"));
  g_assert_null (strstr (error->message, "02-test-report.pdf"));
}

static void
test_plan_generated_declaration (Fixture       *fx,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslBundlePlan) plan = csl_bundle_plan_new (fx->ws, fx->filing, CSL_TEST_TODAY, csl_test_providers (), &error);
  const CslBundleEntry *decl;

  g_assert_no_error (error);
  decl = plan_find (plan, "04-declaration-of-conformity.pdf");
  g_assert_nonnull (decl);
  g_assert_cmpint (decl->source, ==, CSL_SOURCE_GENERATED);
  g_assert_cmpint (decl->doc, ==, CSL_DOC_DECLARATION);
  /* A manufacturer's own filing has no authorisation letter. */
  g_assert_null (plan_find (plan, "07-authorization-letter.pdf"));
  g_assert_null (plan_find (plan, "02-penetration-test-report.pdf"));
}

/* ---- round trip ---- */

typedef struct
{
  guint64 last;
  guint64 total;
  guint   calls;
  gboolean monotonic;
} Progress;

static void
record_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  Progress *p = user_data;

  if (done < p->last || done > total)
    p->monotonic = FALSE;
  p->last = done;
  p->total = total;
  p->calls++;
}

static JsonObject *
parse_json_entry (const char *bundle,
                  const char *name,
                  JsonParser *parser)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_assert_cmpint (csl_test_spawn (NULL, &out, "unzip", "-p", bundle, name), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_round_trip (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslVerifyReport) report = NULL;
  g_autoptr(CslFiling) filing = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *path = NULL, *sha256 = NULL, *file_sha = NULL, *contents = NULL, *base = NULL;
  Progress progress = { 0, 0, 0, TRUE };
  CslBundleOptions options = { 0 };
  JsonObject *data_json, *product;
  struct stat st;
  gboolean ok;
  gsize len;

  options.identity = fx->identity;
  options.providers = csl_test_providers ();
  options.today = CSL_TEST_TODAY;
  options.created = CSL_TEST_CREATED;
  options.progress = record_progress;
  options.progress_data = &progress;
  /* A folder: the bundle gets its own safe name inside it. */
  ok = csl_bundle_create (fx->ws, fx->filing, fx->tmp.dir, &options, &path, &sha256, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  base = g_path_get_basename (path);
  g_assert_cmpstr (base, ==, "Acme-Smart-Devices-Co.-Ltd_CAM-100_2-star_2026-11-21.zip");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);
  /* Nothing else left in the folder: no temporary file. */
  g_assert_cmpuint (count_files (fx->tmp.dir), ==, 3);   /* ws, signer.pem, the bundle */

  g_assert_true (progress.monotonic);
  g_assert_cmpuint (progress.calls, >, 1);
  g_assert_cmpuint (progress.last, ==, progress.total);

  contents = csl_test_read_file (path, &len);
  file_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  g_assert_cmpstr (sha256, ==, file_sha);

  report = verify_pinned (path, fx->signer_pem);
  g_assert_true (report->ok);
  g_assert_cmpuint (report->failures->len, ==, 0);
  g_assert_cmpstr (report->sha256, ==, file_sha);
  g_assert_cmpstr (report->signer->subject, ==, "CN=Acme Signing");
  g_assert_true (report->signer->trusted);
  g_assert_cmpstr (report->manifest->created, ==, "2026-11-21T08:00:00Z");
  g_assert_cmpstr (report->manifest->generator, ==, "csl-filer " PACKAGE_VERSION);
  g_assert_cmpint (report->manifest->filing_id, ==, fx->filing);
  g_assert_cmpstr (report->manifest->uscc, ==, "91110000600037341L");
  g_assert_cmpstr (report->manifest->model, ==, "CAM-100");
  g_assert_cmpint (report->manifest->grade, ==, 2);
  g_assert_cmpuint (report->entries->len, ==, 9);
  for (guint i = 0; i < report->entries->len; i++)
    g_assert_cmpint (((CslVerifiedEntry *) report->entries->pdata[i])->status, ==, CSL_ENTRY_OK);
  g_assert_cmpstr (((CslVerifiedEntry *) report->entries->pdata[0])->path, ==, "filing.json");
  g_assert_cmpstr (((CslVerifiedEntry *) report->entries->pdata[0])->kind, ==, "filing-data");

  /* Packaged, with the bundle's digest, in one audited step. */
  filing = csl_filing_get (fx->ws, fx->filing, &error);
  g_assert_cmpint (csl_filing_get_status (filing), ==, CSL_STATUS_PACKAGED);
  g_assert_cmpstr (filing->bundle_sha256, ==, file_sha);
  /* Through the lifecycle: draft, ready (the check passed), packaged, each step audited. */
  g_assert_cmpint (query_int (fx->ws, "SELECT COUNT(*) FROM audit WHERE entity = 'filing' AND field = 'status' "
                                      "AND old_value = 'draft' AND new_value = 'ready'"), ==, 1);
  g_assert_cmpint (query_int (fx->ws, "SELECT COUNT(*) FROM audit WHERE entity = 'filing' AND field = 'status' "
                                      "AND old_value = 'ready' AND new_value = 'packaged'"), ==, 1);
  g_assert_cmpint (query_int (fx->ws, "SELECT COUNT(*) FROM audit WHERE entity = 'filing' "
                                      "AND field = 'bundle_sha256' AND old_value IS NULL"), ==, 1);

  data_json = parse_json_entry (path, "filing.json", parser);
  g_assert_cmpint (json_object_get_int_member (data_json, "format"), ==, 1);
  g_assert_false (json_object_has_member (json_object_get_object_member (data_json, "filing"), "status"));
  product = json_object_get_object_member (data_json, "product");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (product, "params"), "wifi"), ==, "802.11n");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (data_json, "manufacturer"), "uscc"),
                   ==, "91110000600037341L");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_object_get_object_member (data_json, "labs"), "testing"), "name"), ==, "CESI Test Lab");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (data_json, "materials")), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (data_json, "category"), "serial"),
                   ==, "CSL 001-2025");

  /* A packaged filing can be packaged again (a new signature); the digest follows. */
  g_clear_pointer (&path, g_free);
  path = csl_test_create_bundle (fx->ws, fx->filing, fx->tmp.dir, fx->identity);
  g_clear_pointer (&filing, csl_filing_free);
  filing = csl_filing_get (fx->ws, fx->filing, &error);
  g_assert_cmpstr (filing->status, ==, "packaged");
}

static void
test_requirements_block (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslFiling) filing = NULL;
  g_autofree char *out = tmp_path (fx, "b.zip");
  CslBundleOptions options = { fx->identity, csl_test_providers (), CSL_TEST_TODAY, CSL_TEST_CREATED };

  g_assert_true (csl_db_exec (csl_workspace_get_db (fx->ws),
                              "DELETE FROM attachment WHERE kind IN ('test-report', 'business-license')", &error));
  g_assert_false (csl_bundle_create (fx->ws, fx->filing, out, &options, NULL, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "Missing: Test report"));
  g_assert_nonnull (strstr (error->message, "Missing: Business licence"));
  g_assert_nonnull (strstr (error->message, "Art. 8(5)"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  filing = csl_filing_get (fx->ws, fx->filing, NULL);
  g_assert_cmpstr (filing->status, ==, "draft");

  /* A filed filing is not packaged again. */
  g_clear_error (&error);
  g_assert_true (csl_db_exec (csl_workspace_get_db (fx->ws), "UPDATE filing SET status = 'filed'", &error));
  g_assert_false (csl_bundle_create (fx->ws, fx->filing, out, &options, NULL, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_STATE);
}

static void
test_no_providers (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = tmp_path (fx, "b.zip");
  CslBundleOptions options = { fx->identity, &no_providers, CSL_TEST_TODAY, CSL_TEST_CREATED };

  g_assert_false (csl_bundle_create (fx->ws, fx->filing, out, &options, NULL, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "01-filing-form.pdf"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_damaged_blob (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslFiling) filing = NULL;
  g_autofree char *out = tmp_path (fx, "b.zip");
  g_autofree char *sha = NULL, *blob = NULL, *contents = NULL;
  CslBundleOptions options = { fx->identity, csl_test_providers (), CSL_TEST_TODAY, CSL_TEST_CREATED };
  g_autoptr(CslStmt) stmt =
    csl_db_prepare (csl_workspace_get_db (fx->ws), "SELECT sha256 FROM attachment WHERE kind = 'test-report'", NULL);
  gsize len;

  g_assert_cmpint (csl_stmt_step (stmt, NULL), ==, CSL_STMT_ROW);
  sha = g_strdup (csl_stmt_column_text (stmt, 0));
  blob = csl_workspace_blob_path (fx->ws, sha);
  contents = csl_test_read_file (blob, &len);
  /* One byte changed in the store, size unchanged: only the digest can tell. */
  contents[len / 2] ^= 0x01;
  g_assert_true (g_file_set_contents (blob, contents, (gssize) len, NULL));

  g_assert_false (csl_bundle_create (fx->ws, fx->filing, out, &options, NULL, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "report.pdf"));
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (fx->tmp.dir), ==, 2);
  filing = csl_filing_get (fx->ws, fx->filing, NULL);
  g_assert_cmpstr (filing->status, ==, "draft");
  g_assert_null (filing->bundle_sha256);

  /* A stored copy that is gone is caught before packaging starts: the requirements check
   * reports it as something the filing must fix (attach it again). */
  g_clear_error (&error);
  g_unlink (blob);
  g_assert_false (csl_bundle_create (fx->ws, fx->filing, out, &options, NULL, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "report.pdf"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

/* ---- interrupted writes ---- */

static void
cancel_half_way (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  if (done > total / 2)
    g_cancellable_cancel (user_data);
}

static void
test_interrupted (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CslFiling) filing = NULL;
  g_autofree char *out = tmp_path (fx, "b.zip");
  CslBundleProviders failing = *csl_test_providers ();
  CslBundleOptions options = { fx->identity, &failing, CSL_TEST_TODAY, CSL_TEST_CREATED };

  /* A generator that fails after writing a few bytes. */
  failing.writers[CSL_DOC_LABEL_SVG] = csl_test_failing_writer;
  g_assert_false (csl_bundle_create (fx->ws, fx->filing, out, &options, NULL, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "03-label.svg"));
  g_assert_nonnull (strstr (error->message, "no filing number yet"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (fx->tmp.dir), ==, 2);

  /* Cancelled in the middle of the archive: the temporary file goes too. */
  g_clear_error (&error);
  options.providers = csl_test_providers ();
  options.progress = cancel_half_way;
  options.progress_data = cancellable;
  options.cancellable = cancellable;
  g_assert_false (csl_bundle_create (fx->ws, fx->filing, out, &options, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (fx->tmp.dir), ==, 2);
  filing = csl_filing_get (fx->ws, fx->filing, NULL);
  g_assert_cmpstr (filing->status, ==, "draft");
  g_assert_cmpint (query_int (fx->ws, "SELECT COUNT(*) FROM audit WHERE field = 'bundle_sha256'"), ==, 0);

  /* An existing file under the final name survives a failed attempt untouched. */
  g_assert_true (g_file_set_contents (out, "previous", -1, NULL));
  g_cancellable_reset (cancellable);
  g_clear_error (&error);
  g_assert_false (csl_bundle_create (fx->ws, fx->filing, out, &options, NULL, NULL, &error));
  {
    g_autofree char *still = csl_test_read_file (out, NULL);
    g_assert_cmpstr (still, ==, "previous");
  }
}

/* ---- tampering ---- */

static CslEntryStatus
entry_status (const CslVerifyReport *r,
              const char            *path)
{
  for (guint i = 0; i < r->entries->len; i++)
    {
      CslVerifiedEntry *e = r->entries->pdata[i];
      if (g_strcmp0 (e->path, path) == 0)
        return e->status;
    }
  return (CslEntryStatus) -1;
}

static void
test_tamper_entries (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *bundle = csl_test_create_bundle (fx->ws, fx->filing, fx->tmp.dir, fx->identity);
  g_autofree char *edited = tmp_path (fx, "edited.zip");
  g_autoptr(CslVerifyReport) r = NULL;
  g_autoptr(GPtrArray) members = NULL;
  CslTestMember *m;

  /* Unchanged, written again: still verifies (the check below is about the changes). */
  members = csl_test_read_members (bundle);
  csl_test_write_members (edited, members, CSL_ASIC_MIMETYPE_PATH);
  r = verify_pinned (edited, fx->signer_pem);
  g_assert_true (r->ok);
  g_clear_pointer (&r, csl_verify_report_free);

  /* Removed. */
  g_ptr_array_remove (members, csl_test_find_member (members, "05-business-license.pdf"));
  csl_test_write_members (edited, members, CSL_ASIC_MIMETYPE_PATH);
  r = verify_pinned (edited, fx->signer_pem);
  g_assert_false (r->ok);
  g_assert_cmpint (entry_status (r, "05-business-license.pdf"), ==, CSL_ENTRY_MISSING);
  g_assert_true (report_mentions (r, "missing from the bundle"));
  g_clear_pointer (&r, csl_verify_report_free);
  g_clear_pointer (&members, g_ptr_array_unref);

  /* Added. */
  members = csl_test_read_members (bundle);
  m = g_new0 (CslTestMember, 1);
  m->name = g_strdup ("09-extra.pdf");
  m->data = csl_test_make_pdf ("Slipped in", 0);
  g_ptr_array_insert (members, 9, m);
  csl_test_write_members (edited, members, CSL_ASIC_MIMETYPE_PATH);
  r = verify_pinned (edited, fx->signer_pem);
  g_assert_false (r->ok);
  g_assert_cmpint (entry_status (r, "09-extra.pdf"), ==, CSL_ENTRY_UNLISTED);
  g_assert_true (report_mentions (r, "not in the manifest"));
  g_clear_pointer (&r, csl_verify_report_free);
  g_clear_pointer (&members, g_ptr_array_unref);

  /* Renamed. */
  members = csl_test_read_members (bundle);
  m = csl_test_find_member (members, "02-test-report.pdf");
  g_free (m->name);
  m->name = g_strdup ("02-test-report-v2.pdf");
  csl_test_write_members (edited, members, CSL_ASIC_MIMETYPE_PATH);
  r = verify_pinned (edited, fx->signer_pem);
  g_assert_false (r->ok);
  g_assert_cmpint (entry_status (r, "02-test-report.pdf"), ==, CSL_ENTRY_MISSING);
  g_assert_cmpint (entry_status (r, "02-test-report-v2.pdf"), ==, CSL_ENTRY_UNLISTED);
  g_clear_pointer (&r, csl_verify_report_free);
  g_clear_pointer (&members, g_ptr_array_unref);

  /* Replaced by other bytes of the same size, and by a shorter file. */
  members = csl_test_read_members (bundle);
  m = csl_test_find_member (members, "02-test-report.pdf");
  {
    gsize len = g_bytes_get_size (m->data);
    guint8 *copy = g_memdup2 (g_bytes_get_data (m->data, NULL), len);

    copy[len / 3] ^= 0x20;
    g_bytes_unref (m->data);
    m->data = g_bytes_new_take (copy, len);
  }
  csl_test_write_members (edited, members, CSL_ASIC_MIMETYPE_PATH);
  r = verify_pinned (edited, fx->signer_pem);
  g_assert_cmpint (entry_status (r, "02-test-report.pdf"), ==, CSL_ENTRY_WRONG_SHA256);
  g_assert_true (report_mentions (r, "was changed"));
  g_clear_pointer (&r, csl_verify_report_free);
  g_bytes_unref (m->data);
  m->data = g_bytes_new_static ("%PDF-1.4\n", 9);
  csl_test_write_members (edited, members, CSL_ASIC_MIMETYPE_PATH);
  r = verify_pinned (edited, fx->signer_pem);
  g_assert_cmpint (entry_status (r, "02-test-report.pdf"), ==, CSL_ENTRY_WRONG_SIZE);
  g_clear_pointer (&r, csl_verify_report_free);
  g_clear_pointer (&members, g_ptr_array_unref);

  /* The manifest changed to match a changed file: the signature no longer fits. */
  members = csl_test_read_members (bundle);
  m = csl_test_find_member (members, CSL_MANIFEST_PATH);
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (m->data, NULL), g_bytes_get_size (m->data));
    g_autofree char *forged = NULL;
    char *model = strstr (text, "CAM-100");

    g_assert_nonnull (model);
    model[4] = '9';
    forged = g_strdup (text);
    g_bytes_unref (m->data);
    m->data = g_bytes_new (forged, strlen (forged));
  }
  csl_test_write_members (edited, members, CSL_ASIC_MIMETYPE_PATH);
  r = verify_pinned (edited, fx->signer_pem);
  g_assert_false (r->ok);
  g_assert_true (report_mentions (r, "“META-INF/manifest.json” does not match its digest in META-INF/ASiCManifest.xml"));
  g_assert_true (report_has_error (r, CSL_ASIC_ERROR, CSL_ASIC_ERROR_MANIFEST_MISMATCH));
  g_clear_pointer (&r, csl_verify_report_free);
  g_clear_pointer (&members, g_ptr_array_unref);

  /* The ASiCManifest changed to match: the signature is then over another manifest. */
  members = csl_test_read_members (bundle);
  m = csl_test_find_member (members, CSL_ASIC_MANIFEST_PATH);
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (m->data, NULL), g_bytes_get_size (m->data));
    char *digest = strstr (text, "<ds:DigestValue>");

    g_assert_nonnull (digest);
    digest[strlen ("<ds:DigestValue>")] = digest[strlen ("<ds:DigestValue>")] == 'A' ? 'B' : 'A';
    g_bytes_unref (m->data);
    m->data = g_bytes_new (text, strlen (text));
  }
  csl_test_write_members (edited, members, CSL_ASIC_MIMETYPE_PATH);
  r = verify_pinned (edited, fx->signer_pem);
  g_assert_false (r->ok);
  g_assert_true (report_has_error (r, CSL_ASIC_ERROR, CSL_ASIC_ERROR_SIGNATURE_MISMATCH));
  g_assert_true (report_mentions (r, "signature does not match"));
  g_clear_pointer (&r, csl_verify_report_free);
  g_clear_pointer (&members, g_ptr_array_unref);

  /* Another tool appending an entry (Python's zipfile) is refused as well. */
  g_assert_cmpint (csl_test_spawn (NULL, NULL, "cp", bundle, edited), ==, 0);
  g_assert_cmpint (csl_test_spawn (NULL, NULL, "python3", "-c",
                                   "import sys, zipfile\n"
                                   "with zipfile.ZipFile(sys.argv[1], 'a', zipfile.ZIP_DEFLATED) as z:\n"
                                   "    z.writestr('09-extra.txt', 'added later')\n", edited), ==, 0);
  r = verify_pinned (edited, fx->signer_pem);
  g_assert_false (r->ok);
}

/* Byte offsets of every ZIP record: local headers with their names and extra fields, data
 * descriptors, the central directory and the end record, from Python's zipfile. */
static GArray *
structure_offsets (const char *bundle)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  GArray *offsets = g_array_new (FALSE, FALSE, sizeof (gsize));

  g_assert_cmpint (csl_test_spawn (NULL, &out, "python3", "-c",
    "import os, sys, zipfile\n"
    "z = zipfile.ZipFile(sys.argv[1])\n"
    "ranges = []\n"
    "for i in z.infolist():\n"
    "    start = i.header_offset + 30 + len(i.orig_filename) + len(i.extra)\n"
    "    end = start + i.compress_size\n"
    "    d = 16 if i.flag_bits & 8 else 0\n"
    "    ranges += [(i.header_offset, start), (end, end + d)]\n"
    "ranges.append((end + d, os.path.getsize(sys.argv[1])))\n"
    "for a, b in ranges:\n"
    "    for o in range(a, b):\n"
    "        print(o)\n", bundle), ==, 0);
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      gsize o = (gsize) g_ascii_strtoull (lines[i], NULL, 10);
      g_array_append_val (offsets, o);
    }
  return offsets;
}

static gboolean
flipped_verifies (const char *contents,
                  gsize       len,
                  gsize       pos,
                  const char *path,
                  const char *signer)
{
  g_autofree char *copy = g_memdup2 (contents, len);
  g_autoptr(CslVerifyReport) r = NULL;
  g_autoptr(CslTrust) trust = csl_trust_new_pinned (signer, NULL);
  CslVerifyOptions options = { trust, NULL, NULL };

  copy[pos] ^= 0xff;
  g_assert_true (g_file_set_contents (path, copy, (gssize) len, NULL));
  r = csl_bundle_verify (path, &options, NULL);
  return r != NULL && r->ok;
}

static void
test_tamper_bytes (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *bundle = csl_test_create_bundle (fx->ws, fx->filing, fx->tmp.dir, fx->identity);
  g_autofree char *flipped = tmp_path (fx, "flipped.zip");
  g_autofree char *contents = NULL;
  g_autoptr(GArray) offsets = NULL;
  gsize len;
  guint undetected = 0;

  contents = csl_test_read_file (bundle, &len);
  g_assert_cmpuint (len, >, 10000);

  /* 200 positions from the first byte to the last, through the CLI as a reviewer runs it. */
  for (guint i = 0; i < 200; i++)
    {
      gsize pos = (gsize) ((guint64) i * (len - 1) / 199);
      g_autofree char *copy = g_memdup2 (contents, len);
      CslCliResult r;

      copy[pos] ^= 0xff;
      g_assert_true (g_file_set_contents (flipped, copy, (gssize) len, NULL));
      r = csl_cli_run (NULL, "bundle", "verify", flipped, "--signer", fx->signer_pem);
      if (r.status != 1)
        g_test_message ("byte %" G_GSIZE_FORMAT ": exit %d: %s", pos, r.status, r.out);
      g_assert_cmpint (r.status, ==, 1);
      g_assert_nonnull (strstr (r.out, "NOT VERIFIED"));
      csl_cli_result_clear (&r);
    }

  /* And every byte of the ZIP structure itself — headers, descriptors, the central
   * directory, the end record — where no file's SHA-256 would notice a change. */
  offsets = structure_offsets (bundle);
  g_assert_cmpuint (offsets->len, >, 1000);
  for (guint i = 0; i < offsets->len; i++)
    {
      gsize pos = g_array_index (offsets, gsize, i);

      g_assert_cmpuint (pos, <, len);
      if (flipped_verifies (contents, len, pos, flipped, fx->signer_pem))
        {
          g_test_message ("a change at byte %" G_GSIZE_FORMAT " went unnoticed", pos);
          undetected++;
        }
    }
  g_assert_cmpuint (undetected, ==, 0);
}

/* ---- trust ---- */

static CslVerifyReport *
verify_with (const char *bundle,
             CslTrust   *trust)
{
  g_autoptr(GError) error = NULL;
  CslVerifyOptions options = { trust, NULL, NULL };
  CslVerifyReport *r = csl_bundle_verify (bundle, &options, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < r->failures->len; i++)
    g_test_message ("failure: %s", (const char *) r->failures->pdata[i]);
  return r;
}

static void
test_trust (Fixture       *fx,
            gconstpointer  data)
{
  g_autofree char *pki = tmp_path (fx, "pki");
  g_autofree char *key = NULL, *cert = NULL, *chain = NULL, *root = NULL, *other = NULL, *bundle = NULL;
  g_autoptr(CslIdentity) signer = NULL;
  g_autoptr(CslPassword) password = csl_password_new ("pemsecret");
  g_autoptr(GError) error = NULL;
  g_autoptr(CslTrust) trust = NULL;
  g_autoptr(CslVerifyReport) r = NULL;
  CslCliResult cli;

  g_mkdir (pki, 0700);
  csl_test_make_pki (pki);
  key = g_build_filename (pki, "signer.key", NULL);
  cert = g_build_filename (pki, "signer.pem", NULL);
  chain = g_build_filename (pki, "inter.pem", NULL);
  root = g_build_filename (pki, "root.pem", NULL);
  other = g_build_filename (pki, "other.pem", NULL);
  signer = csl_identity_load_pem (key, cert, chain, password, &error);
  g_assert_no_error (error);
  bundle = csl_test_create_bundle (fx->ws, fx->filing, fx->tmp.dir, signer);

  /* The root CA: the signer chains to it through the intermediate the bundle carries. */
  trust = csl_trust_new_ca (root, &error);
  r = verify_with (bundle, trust);
  g_assert_true (r->ok);
  g_assert_true (r->signer->trusted);
  g_assert_cmpstr (r->signer->subject, ==, "CN=Acme Signer,O=Acme Smart Devices");
  g_clear_pointer (&r, csl_verify_report_free);
  g_clear_pointer (&trust, csl_trust_free);

  /* Another CA. */
  trust = csl_trust_new_ca (other, &error);
  r = verify_with (bundle, trust);
  g_assert_false (r->ok);
  g_assert_true (r->signer->signature_valid);
  g_assert_false (r->signer->trusted);
  g_assert_true (report_mentions (r, "not trusted"));
  g_clear_pointer (&r, csl_verify_report_free);
  g_clear_pointer (&trust, csl_trust_free);

  /* Pinned: the right certificate, then another one. */
  trust = csl_trust_new_pinned (cert, &error);
  r = verify_with (bundle, trust);
  g_assert_true (r->ok);
  g_clear_pointer (&r, csl_verify_report_free);
  g_clear_pointer (&trust, csl_trust_free);
  trust = csl_trust_new_pinned (fx->signer_pem, &error);
  r = verify_with (bundle, trust);
  g_assert_false (r->ok);
  g_assert_true (report_mentions (r, "not by the pinned signer"));
  g_clear_pointer (&r, csl_verify_report_free);
  g_clear_pointer (&trust, csl_trust_free);

  /* A CA file with several certificates is not a pinned signer. */
  {
    g_autofree char *both = tmp_path (fx, "both.pem");
    g_autofree char *a = csl_test_read_file (root, NULL), *b = csl_test_read_file (other, NULL);
    g_autofree char *joined = g_strconcat (a, b, NULL);

    g_assert_true (g_file_set_contents (both, joined, -1, NULL));
    g_assert_null (csl_trust_new_pinned (both, &error));
    g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* Nothing to trust: everything is checked, and still it fails, naming the fingerprint. */
  r = verify_with (bundle, NULL);
  g_assert_false (r->ok);
  g_assert_true (r->signer->signature_valid);
  g_assert_cmpuint (r->failures->len, ==, 1);
  g_assert_true (report_mentions (r, r->signer->fingerprint));

  /* The same through the CLI: exit 0 only with a trusted signer. */
  cli = csl_cli_run (NULL, "bundle", "verify", bundle, "--ca", root);
  g_assert_cmpint (cli.status, ==, 0);
  g_assert_nonnull (strstr (cli.out, "Verified"));
  csl_cli_result_clear (&cli);
  cli = csl_cli_run (NULL, "bundle", "verify", bundle, "--ca", other);
  g_assert_cmpint (cli.status, ==, 1);
  csl_cli_result_clear (&cli);
  cli = csl_cli_run (NULL, "bundle", "verify", bundle, "--signer", fx->signer_pem);
  g_assert_cmpint (cli.status, ==, 1);
  csl_cli_result_clear (&cli);
  cli = csl_cli_run (NULL, "bundle", "verify", bundle);
  g_assert_cmpint (cli.status, ==, 1);
  g_assert_nonnull (strstr (cli.out, "no --ca or --signer"));
  csl_cli_result_clear (&cli);
  cli = csl_cli_run (NULL, "bundle", "verify", bundle, "--ca", root, "--signer", cert);
  g_assert_cmpint (cli.status, ==, 2);
  csl_cli_result_clear (&cli);
  cli = csl_cli_run (NULL, "bundle", "verify", "/nonexistent/bundle.zip", "--ca", root);
  g_assert_cmpint (cli.status, ==, 2);
  g_assert_nonnull (strstr (cli.err, "/nonexistent/bundle.zip"));
  csl_cli_result_clear (&cli);
  cli = csl_cli_run (NULL, "bundle", "verify", bundle, "--ca", key);
  g_assert_cmpint (cli.status, ==, 2);
  g_assert_nonnull (strstr (cli.err, "no PEM certificate"));
  csl_cli_result_clear (&cli);
}

/* ---- other readers ---- */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* "sha256 size path" per manifest entry, sorted, as the other readers print them. */
static char *
manifest_lines (const CslVerifyReport *r)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < r->manifest->files->len; i++)
    {
      CslManifestFile *f = r->manifest->files->pdata[i];
      g_ptr_array_add (lines, g_strdup_printf ("%s %" G_GUINT64_FORMAT " %s", f->sha256, f->size, f->path));
    }
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (s, "%s\n", (const char *) lines->pdata[i]);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
sorted_without_meta (const char *output)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; lines[i]; i++)
    if (*lines[i] != '\0' && strstr (lines[i], " META-INF/") == NULL && !g_str_has_suffix (lines[i], " mimetype"))
      g_ptr_array_add (kept, lines[i]);
  g_ptr_array_sort (kept, compare_strings);
  for (guint i = 0; i < kept->len; i++)
    g_string_append_printf (s, "%s\n", (const char *) kept->pdata[i]);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_readers (Fixture       *fx,
              gconstpointer  data)
{
  g_autofree char *java = NULL;
  g_autofree char *bundle = csl_test_create_bundle (fx->ws, fx->filing, fx->tmp.dir, fx->identity);
  g_autoptr(CslVerifyReport) r = verify_pinned (bundle, fx->signer_pem);
  g_autofree char *expected = manifest_lines (r);
  g_autofree char *java_src = g_test_build_filename (G_TEST_DIST, "ZipRead.java", NULL);
  g_autofree char *out = NULL, *got = NULL;

  g_assert_true (r->ok);

  /* Python's zipfile: every CRC, every byte. */
  g_assert_cmpint (csl_test_spawn (NULL, &out, "python3", "-c",
                                   "import hashlib, sys, zipfile\n"
                                   "z = zipfile.ZipFile(sys.argv[1])\n"
                                   "assert z.testzip() is None\n"
                                   "for i in z.infolist():\n"
                                   "    d = z.read(i)\n"
                                   "    print(hashlib.sha256(d).hexdigest(), len(d), i.filename)\n", bundle), ==, 0);
  got = sorted_without_meta (out);
  g_assert_cmpstr (got, ==, expected);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&got, g_free);

  /* Info-ZIP unzip and bsdtar. */
  g_assert_cmpint (csl_test_spawn (NULL, &out, "unzip", "-t", bundle), ==, 0);
  g_assert_nonnull (strstr (out, "No errors detected"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (csl_test_spawn (NULL, &out, "bsdtar", "-tf", bundle), ==, 0);
  g_assert_nonnull (strstr (out, "02-test-report.pdf\n"));
  g_assert_nonnull (strstr (out, "META-INF/signature.p7s\n"));
  g_clear_pointer (&out, g_free);

  /* Java's streaming reader, the strictest about data descriptors. build-aux installs Java, so
   * its absence is a broken set-up, not a reason to skip. */
  java = g_find_program_in_path ("java");
  if (java == NULL)
    g_error ("java is not installed (openjdk-17-jdk-headless, from build-aux/common.sh)");
  g_assert_cmpint (csl_test_spawn (NULL, &out, "java", java_src, bundle), ==, 0);
  got = sorted_without_meta (out);
  g_assert_cmpstr (got, ==, expected);
}

/* ---- the README's commands ---- */

static char *
readme_block (const char *readme,
              const char *name)
{
  g_autofree char *marker = g_strdup_printf ("<!-- verify-by-hand: %s -->\n", name);
  const char *start = strstr (readme, marker);
  const char *body, *end;

  g_assert_nonnull (start);
  body = strstr (start, "```bash\n");
  g_assert_nonnull (body);
  body += strlen ("```bash\n");
  end = strstr (body, "```");
  g_assert_nonnull (end);
  return g_strndup (body, (gsize) (end - body));
}

static int
run_readme (const char *dir,
            const char *script,
            const char *bundle,
            const char *trusted)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *check = g_build_filename (dir, "bundle-check", NULL);

  csl_test_rm_rf (check);
  g_subprocess_launcher_set_cwd (launcher, dir);
  g_subprocess_launcher_setenv (launcher, "BUNDLE", bundle, TRUE);
  g_subprocess_launcher_setenv (launcher, "CA", trusted, TRUE);
  g_subprocess_launcher_setenv (launcher, "SIGNER", trusted, TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, "bash", "-euo", "pipefail", "-c", script, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s", out);
  return g_subprocess_get_exit_status (proc);
}

static void
test_readme (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *readme_path = g_test_build_filename (G_TEST_DIST, "..", "README.md", NULL);
  g_autofree char *readme = csl_test_read_file (readme_path, NULL);
  g_autofree char *unpack = readme_block (readme, "unpack");
  g_autofree char *signature = readme_block (readme, "signature");
  g_autofree char *pinned = readme_block (readme, "signature-pinned");
  g_autofree char *files = readme_block (readme, "files");
  g_autofree char *with_ca = g_strconcat (unpack, signature, files, NULL);
  g_autofree char *with_pin = g_strconcat (unpack, pinned, files, NULL);
  g_autofree char *work = tmp_path (fx, "review");
  g_autofree char *bundle = csl_test_create_bundle (fx->ws, fx->filing, fx->tmp.dir, fx->identity);
  g_autofree char *other_pem = tmp_path (fx, "other.pem");
  g_autofree char *edited = tmp_path (fx, "edited.zip");
  g_autoptr(CslIdentity) other = csl_test_identity ("Someone Else");
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  CslTestMember *m;

  g_mkdir (work, 0700);
  g_assert_true (csl_identity_save_cert (other, other_pem, &error));
  /* The self-signed certificate serves as the CA and as the pinned signer alike. */
  g_assert_cmpint (run_readme (work, with_ca, bundle, fx->signer_pem), ==, 0);
  g_assert_cmpint (run_readme (work, with_pin, bundle, fx->signer_pem), ==, 0);
  g_assert_cmpint (run_readme (work, with_ca, bundle, other_pem), !=, 0);
  g_assert_cmpint (run_readme (work, with_pin, bundle, other_pem), !=, 0);

  /* A changed file, an unlisted file: the stock tools notice too. */
  members = csl_test_read_members (bundle);
  m = csl_test_find_member (members, "05-business-license.pdf");
  g_bytes_unref (m->data);
  m->data = csl_test_make_pdf ("Another licence", 0);
  csl_test_write_members (edited, members, CSL_ASIC_MIMETYPE_PATH);
  g_assert_cmpint (run_readme (work, with_ca, edited, fx->signer_pem), !=, 0);
  g_clear_pointer (&members, g_ptr_array_unref);
  members = csl_test_read_members (bundle);
  m = g_new0 (CslTestMember, 1);
  m->name = g_strdup ("09-extra.pdf");
  m->data = csl_test_make_pdf ("Slipped in", 0);
  g_ptr_array_add (members, m);
  csl_test_write_members (edited, members, CSL_ASIC_MIMETYPE_PATH);
  g_assert_cmpint (run_readme (work, with_ca, edited, fx->signer_pem), !=, 0);
}

/* ---- the CLI ---- */

static void
test_cli_create (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *ws_dir = tmp_path (fx, "ws");
  g_autofree char *p12 = tmp_path (fx, "id.p12");
  g_autofree char *cert = tmp_path (fx, "id.pem");
  g_autofree char *pw = tmp_path (fx, "pw.txt");
  g_autofree char *out = tmp_path (fx, "out.zip");
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, fx->filing);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslIdentity) loaded = NULL;
  g_autoptr(CslPassword) password = csl_password_new ("correct horse");
  g_autofree char *fingerprint = NULL;
  struct stat st;
  CslCliResult r;

  /* The workspace is the CLI's now. */
  g_clear_object (&fx->ws);

  g_assert_true (g_file_set_contents (pw, "correct horse\n", -1, NULL));
  r = csl_cli_run (NULL, "identity", "create", "--name", "Acme Signing", "--out", p12, "--key-type", "ec",
                   "--cert-out", cert, "--password-file", pw);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (g_stat (p12, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  loaded = csl_identity_load_pkcs12 (p12, password, &error);
  g_assert_no_error (error);
  fingerprint = csl_identity_dup_fingerprint (loaded);
  g_assert_cmpstr (g_strstrip (r.out), ==, fingerprint);
  csl_cli_result_clear (&r);

  /* The password from standard input; a wrong one is named as such. */
  r = csl_cli_runv (NULL, "correct horse\n", (const char *const[]) { "identity", "show", "--p12", p12, NULL });
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "CN=Acme Signing"));
  g_assert_nonnull (strstr (r.out, fingerprint));
  csl_cli_result_clear (&r);
  r = csl_cli_runv (NULL, "wrong\n", (const char *const[]) { "identity", "show", "--p12", p12, NULL });
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "password"));
  g_assert_nonnull (strstr (r.err, p12));
  csl_cli_result_clear (&r);

  /* The program's own filing form and label are connected: the plan can be made in full. */
  r = csl_cli_run (ws_dir, "bundle", "plan", id);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "02-test-report.pdf"));
  g_assert_null (strstr (r.out, "NOT AVAILABLE"));
  csl_cli_result_clear (&r);

  r = csl_cli_run (ws_dir, "bundle", "create", id, "--out", out, "--p12", p12, "--password-file", pw);
  if (r.status != 0)
    g_error ("bundle create: %s", r.err);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  csl_cli_result_clear (&r);

  /* An incomplete filing: exit 1, the findings listed. */
  {
    g_autoptr(CslWorkspace) ws = csl_workspace_open (ws_dir, &error);
    g_assert_true (csl_db_exec (csl_workspace_get_db (ws), "DELETE FROM attachment WHERE kind = 'test-report'", &error));
  }
  r = csl_cli_run (ws_dir, "bundle", "create", id, "--out", out, "--p12", p12, "--password-file", pw);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "Missing: Test report"));
  csl_cli_result_clear (&r);

  r = csl_cli_run (ws_dir, "bundle", "create", id, "--out", out, "--key", cert);
  g_assert_cmpint (r.status, ==, 2);
  csl_cli_result_clear (&r);
}

static void
test_unsupported_key (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) probe = NULL;
  g_autoptr(CslIdentity) ed = NULL;
  g_autofree char *key = tmp_path (fx, "ed.key"), *cert = tmp_path (fx, "ed.pem"), *out = tmp_path (fx, "b.zip");
  CslBundleOptions options = { NULL, csl_test_providers (), CSL_TEST_TODAY, CSL_TEST_CREATED };

  if (csl_key_type_can_sign_cms (CSL_KEY_ED25519, &probe))
    {
      g_test_skip ("this OpenSSL signs CMS with Ed25519");
      return;
    }
  g_assert_cmpint (csl_test_spawn (fx->tmp.dir, NULL, "openssl", "req", "-x509", "-newkey", "ed25519", "-nodes",
                                   "-keyout", key, "-out", cert, "-subj", "/CN=Ed Signer", "-days", "10"), ==, 0);
  ed = csl_identity_load_pem (key, cert, NULL, NULL, &error);
  g_assert_no_error (error);
  options.identity = ed;
  /* Refused before anything is written: no file, no status change. */
  g_assert_false (csl_bundle_create (fx->ws, fx->filing, out, &options, NULL, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_UNSUPPORTED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_cmpint (query_int (fx->ws, "SELECT COUNT(*) FROM filing WHERE status = 'draft'"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  static const CslTestFilingSpec agent_three_star = { TRUE, 3, 2000, TRUE };
  static const CslTestFilingSpec no_declaration = { FALSE, 2, 2000, FALSE };

  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn, spec) g_test_add (path, Fixture, spec, fixture_setup, fn, fixture_teardown)
  g_test_add_func ("/bundle/file-name", test_file_name);
  ADD ("/bundle/plan", test_plan, &agent_three_star);
  ADD ("/bundle/plan-generated-declaration", test_plan_generated_declaration, &no_declaration);
  ADD ("/bundle/round-trip", test_round_trip, NULL);
  ADD ("/bundle/requirements-block", test_requirements_block, NULL);
  ADD ("/bundle/no-providers", test_no_providers, NULL);
  ADD ("/bundle/damaged-blob", test_damaged_blob, NULL);
  ADD ("/bundle/interrupted", test_interrupted, NULL);
  ADD ("/bundle/tamper-entries", test_tamper_entries, NULL);
  ADD ("/bundle/tamper-bytes", test_tamper_bytes, NULL);
  ADD ("/bundle/trust", test_trust, NULL);
  ADD ("/bundle/readers", test_readers, NULL);
  ADD ("/bundle/readme", test_readme, NULL);
  ADD ("/bundle/cli-create", test_cli_create, NULL);
  ADD ("/bundle/unsupported-key", test_unsupported_key, NULL);
  return g_test_run ();
}
