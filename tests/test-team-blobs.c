#include "config.h"

#include <unistd.h>

#include "workspace/csl-workspace.h"
#include "base/csl-error.h"
#include "documents/csl-store.h"
#include "store/csl-blob-pg.h"
#include "csl-test-cli.h"
#include "csl-test-pdf.h"
#include "csl-test-util.h"

/* A team workspace's documents live in its server (store/csl-blob-pg.c): a colleague with
 * another, empty cache packages what someone else attached; a damaged chunk is caught on the
 * way down and nothing is cached; a filer limited to some manufacturers cannot read the
 * others' documents; the last attachment's removal takes the server's copy. Run in
 * build-aux/test's PostgreSQL pass (CSL_TEST_PG), skipped on SQLite. */

typedef struct
{
  CslTestTmp  tmp;
  char       *location;   /* the superuser's */
  char       *suffix;
} Team;

static void
team_setup (Team          *t,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  csl_test_tmp_setup (&t->tmp, data);
  if (!csl_test_on_server ())
    return;
  dir = g_canonicalize_filename (t->tmp.dir, NULL);
  t->location = csl_db_server_test_location (g_getenv ("CSL_TEST_PG"), dir, &error);
  g_assert_no_error (error);
  t->suffix = g_strdup_printf ("%d_%u", (int) getpid (), g_test_rand_int () % 100000);
}

static void
team_teardown (Team          *t,
               gconstpointer  data)
{
  g_free (t->location);
  g_free (t->suffix);
  csl_test_tmp_teardown (&t->tmp, data);
}

#define SKIP_WITHOUT_SERVER() \
  G_STMT_START { if (!csl_test_on_server ()) { \
    g_test_skip ("a team workspace needs the PostgreSQL pass (CSL_TEST_PG)"); return; } } G_STMT_END

/* The CLI as a user on another machine: a cache folder of its own. */
static CslCliResult
run_on (Team              *t,
        const char        *machine,
        const char        *workspace,
        const char *const *args)
{
  g_autofree char *cache = g_build_filename (t->tmp.dir, machine, NULL);
  g_autofree char *saved = g_strdup (g_getenv ("XDG_CACHE_HOME"));
  CslCliResult r;

  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  r = csl_cli_runv (workspace, NULL, args);
  if (saved != NULL)
    g_setenv ("XDG_CACHE_HOME", saved, TRUE);
  else
    g_unsetenv ("XDG_CACHE_HOME");
  return r;
}

#define RUN_ON(t, machine, ws, ...) run_on ((t), (machine), (ws), (const char *const[]) { __VA_ARGS__, NULL })

static char *
id_on (Team              *t,
       const char        *machine,
       const char        *workspace,
       const char *const *args)
{
  CslCliResult r = run_on (t, machine, workspace, args);
  char *id;

  if (r.status != 0)
    g_error ("%s %s failed (%d): %s", args[0], args[1], r.status, r.err);
  id = g_strdup (g_strstrip (r.out));
  g_assert_true (g_ascii_isdigit (id[0]));
  csl_cli_result_clear (&r);
  return id;
}

#define ID_ON(t, machine, ws, ...) id_on ((t), (machine), (ws), (const char *const[]) { __VA_ARGS__, NULL })

static gint64
count_on (const char *location,
          const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslDb) db = csl_db_open (location, &error);
  g_autoptr(CslStmt) stmt = NULL;

  g_assert_no_error (error);
  stmt = csl_db_prepare (db, sql, &error);
  g_assert_no_error (error);
  g_assert_true (csl_stmt_step_row (stmt, &error));
  return csl_stmt_column_int64 (stmt, 0);
}

static gint64
count_blob (const char *location,
            const char *table,
            const char *sha256)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE sha256 = '%s'", table, sha256);

  return count_on (location, sql);
}

static void
exec_on (const char *location,
         const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslDb) db = csl_db_open (location, &error);

  g_assert_no_error (error);
  g_assert_true (csl_db_exec (db, sql, &error));
  g_assert_no_error (error);
}

static char *
sha256_of (const char *path)
{
  gsize len;
  g_autofree char *bytes = csl_test_read_file (path, &len);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes, len);
}

/* A PDF of about width × height × 3 bytes whatever the compression: a page of noise, with
 * text on it for the checks that read it. */
static void
make_noise_pdf (const char *path,
                int         width,
                int         height,
                guint32     seed,
                const char *text)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_surface_t *pdf = cairo_pdf_surface_create (path, width, height);
  cairo_t *cr = cairo_create (pdf);
  GRand *rand = g_rand_new_with_seed (seed);
  guint32 *pixels;
  int stride;

  cairo_surface_flush (image);
  pixels = (guint32 *) (void *) cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image) / 4;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      pixels[y * stride + x] = g_rand_int (rand) & 0xffffff;
  cairo_surface_mark_dirty (image);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  if (text != NULL)
    {
      PangoLayout *layout = pango_cairo_create_layout (cr);
      PangoFontDescription *font = pango_font_description_from_string ("Noto Sans CJK SC, WenQuanYi Micro Hei, Sans 11");

      pango_layout_set_font_description (layout, font);
      pango_layout_set_width (layout, (width - 40) * PANGO_SCALE);
      pango_layout_set_text (layout, text, -1);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_move_to (cr, 20, 20);
      pango_cairo_show_layout (cr, layout);
      pango_font_description_free (font);
      g_object_unref (layout);
    }
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  g_assert_cmpint (cairo_surface_status (pdf), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (pdf);
  cairo_surface_destroy (image);
  g_rand_free (rand);
}

static guint
count_files_in (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        n += count_files_in (path);
      else
        n++;
    }
  return n;
}

static char *
find_file (const char *dir,
           const char *name)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *entry;

  while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, entry, NULL);

      if (strcmp (entry, name) == 0)
        return g_steal_pointer (&path);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          char *found = find_file (path, name);

          if (found != NULL)
            return found;
        }
    }
  return NULL;
}

/* The filing of test-cli-package: complete once its four materials are attached. */
static char *
new_filing (Team       *t,
            const char *machine,
            const char *ws)
{
  g_autofree char *m = NULL, *lab = NULL, *p = NULL;

  m = ID_ON (t, machine, ws, "manufacturer", "add", "--name", "北京示例科技有限公司", "--uscc", "91110000600037341L");
  lab = ID_ON (t, machine, ws, "lab", "add", "--name", "CESI Lab", "--kind", "third-party", "--accreditation",
               "CNAS L0001", "--accredited-until", "2099-12-31");
  p = ID_ON (t, machine, ws, "product", "add", "--manufacturer", m, "--category", "CSL 001-2025", "--model", "CAM-100",
             "--support-until", "2099-12-31", "--default-passwords", "unique", "--vulnerability-contact", "psirt",
             "--update-policy", "5 years");
  return ID_ON (t, machine, ws, "filing", "new", "--product", p, "--grade", "2", "--lab", lab, "--report-number", "R-1",
                "--report-date", "2026-10-01", "--standard", "GB/T 41387-2022");
}

/* Alice attaches on her machine; Bob, with an empty cache, lists and packages the filing. */
static void
test_two_machines (Team          *t,
                   gconstpointer  data)
{
  const char *kinds[] = { "test-report", "declaration", "business-license", "lab-accreditation" };
  g_autofree char *pw = g_build_filename (t->tmp.dir, "pw", NULL);
  g_autofree char *p12 = g_build_filename (t->tmp.dir, "id.p12", NULL);
  g_autofree char *cert = g_build_filename (t->tmp.dir, "signer.pem", NULL);
  g_autofree char *out = g_build_filename (t->tmp.dir, "out", NULL);
  g_autofree char *bob_cache = g_build_filename (t->tmp.dir, "bob", NULL);
  g_autofree char *f = NULL, *bundle = NULL, *report_sha = NULL;
  CslCliResult r;

  SKIP_WITHOUT_SERVER ();
  f = new_filing (t, "alice", t->location);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", t->tmp.dir, kinds[i]);
      g_autofree char *text = g_strdup_printf ("%s: 北京示例科技有限公司 CAM-100 R-1 GB/T 41387-2022", kinds[i]);

      if (i == 0)
        {
          /* Over two chunks, so that one document comes down in several parts. */
          make_noise_pdf (pdf, 800, 1000, 17, text);
          g_assert_cmpuint (csl_test_file_size (pdf), >, 2 * CSL_BLOB_CHUNK_SIZE);
          report_sha = sha256_of (pdf);
        }
      else
        csl_test_make_pdf1 (pdf, text);
      g_free (ID_ON (t, "alice", t->location, "filing", "attach", f, "--kind", kinds[i], pdf));
      /* Alice's originals are gone: only the server has them now. */
      g_assert_cmpint (g_unlink (pdf), ==, 0);
    }
  g_assert_cmpint (count_on (t->location, "SELECT count(*) FROM blob WHERE complete"), ==, 4);
  g_assert_cmpint (count_blob (t->location, "blob_chunk", report_sha), ==, 3);

  r = RUN_ON (t, "bob", t->location, "filing", "attachments", f);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "test-report.pdf"));
  csl_cli_result_clear (&r);
  g_assert_cmpuint (count_files_in (bob_cache), ==, 0);

  g_assert_true (g_file_set_contents (pw, "secret\n", -1, NULL));
  r = csl_cli_run (NULL, "identity", "create", "--name", "Example Signer", "--out", p12, "--cert-out", cert,
                   "--password-file", pw);
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);
  g_assert_cmpint (g_mkdir (out, 0700), ==, 0);
  r = RUN_ON (t, "bob", t->location, "bundle", "create", f, "--out", out, "--p12", p12, "--password-file", pw);
  if (r.status != 0)
    g_error ("bundle create on Bob's machine: %s", r.err);
  bundle = g_strdup (g_strstrip (r.out));
  csl_cli_result_clear (&r);
  /* The four documents came down into Bob's cache. */
  g_assert_cmpuint (count_files_in (bob_cache), ==, 4);

  r = csl_cli_run (NULL, "bundle", "verify", bundle, "--signer", cert, "--json");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "test-report"));
  g_assert_nonnull (strstr (r.out, "06-lab-accreditation.pdf"));
  csl_cli_result_clear (&r);

  /* Bit rot in Bob's cache, the size unchanged: packaging refuses it and drops it, and the
   * next try fetches the server's copy. */
  {
    g_autofree char *cached = find_file (bob_cache, report_sha);
    g_autofree char *bytes = NULL;
    gsize len;

    g_assert_nonnull (cached);
    g_assert_cmpint (g_chmod (cached, 0600), ==, 0);
    bytes = csl_test_read_file (cached, &len);
    bytes[len / 2] ^= 1;
    g_assert_true (g_file_set_contents (cached, bytes, (gssize) len, NULL));
    g_assert_cmpint (g_unlink (bundle), ==, 0);
    r = RUN_ON (t, "bob", t->location, "bundle", "create", f, "--out", out, "--p12", p12, "--password-file", pw);
    g_assert_cmpint (r.status, !=, 0);
    g_assert_nonnull (strstr (r.err, "damaged"));
    csl_cli_result_clear (&r);
    g_assert_false (g_file_test (cached, G_FILE_TEST_EXISTS));
    r = RUN_ON (t, "bob", t->location, "bundle", "create", f, "--out", out, "--p12", p12, "--password-file", pw);
    if (r.status != 0)
      g_error ("bundle create again on Bob's machine: %s", r.err);
    csl_cli_result_clear (&r);
    g_assert_true (g_file_test (cached, G_FILE_TEST_IS_REGULAR));
  }
}

/* One byte changed in the server, or a chunk gone: caught on the way down, nothing cached. */
static void
test_damaged_chunk (Team          *t,
                    gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (t->tmp.dir, "report.pdf", NULL);
  g_autofree char *f = NULL, *sha = NULL, *sql = NULL, *blob = NULL;
  g_autoptr(CslWorkspace) ws = NULL;
  g_autoptr(CslAttachment) a = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  const char *store;

  SKIP_WITHOUT_SERVER ();
  f = new_filing (t, "alice", t->location);
  make_noise_pdf (pdf, 700, 700, 5, "report");
  sha = sha256_of (pdf);

  ws = csl_workspace_open (t->location, &error);
  g_assert_no_error (error);
  store = csl_workspace_get_store_path (ws);
  a = csl_store_attach (ws, g_ascii_strtoll (f, NULL, 10), CSL_MATERIAL_TEST_REPORT, pdf, CSL_PDF_DEFAULT_MAX_SIZE,
                        NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a->sha256, ==, sha);
  g_assert_cmpint (count_blob (t->location, "blob_chunk", sha), ==, 2);
  blob = csl_workspace_blob_path (ws, sha);

  /* Good bytes come down again when the cache lost them. */
  g_assert_cmpint (g_unlink (blob), ==, 0);
  g_assert_true (csl_store_check_blob (ws, sha, a->size, a->file_name, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (blob, G_FILE_TEST_IS_REGULAR));

  /* One byte of the second chunk flipped, the size unchanged: only the digest can tell. */
  sql = g_strdup_printf ("UPDATE blob_chunk SET data = set_byte(data, 100, get_byte(data, 100) # 1) "
                         "WHERE sha256 = '%s' AND n = 1", sha);
  exec_on (t->location, sql);
  g_assert_cmpint (g_unlink (blob), ==, 0);
  g_assert_false (csl_store_ensure_local (ws, sha, a->size, a->file_name, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "report.pdf"));
  g_assert_nonnull (strstr (error->message, "SHA-256"));
  g_clear_error (&error);
  /* Nothing written to the cache: no blob, no temporary. */
  g_assert_false (g_file_test (blob, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files_in (store), ==, 0);
  /* Every reader finds out. */
  stream = csl_store_open_attachment (ws, a, &error);
  g_assert_null (stream);
  g_assert_error (error, CSL_ERROR, CSL_ERROR_DAMAGED);
  g_clear_error (&error);

  /* A chunk gone. */
  g_free (sql);
  sql = g_strdup_printf ("DELETE FROM blob_chunk WHERE sha256 = '%s' AND n = 1", sha);
  exec_on (t->location, sql);
  g_assert_false (csl_store_ensure_local (ws, sha, a->size, a->file_name, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "missing"));
  g_clear_error (&error);
  g_assert_cmpuint (count_files_in (store), ==, 0);

  /* Attaching the original again does not trust the broken copy. */
  g_clear_pointer (&a, csl_attachment_free);
  exec_on (t->location, "UPDATE blob SET complete = false");
  a = csl_store_attach (ws, g_ascii_strtoll (f, NULL, 10), CSL_MATERIAL_OTHER, pdf, CSL_PDF_DEFAULT_MAX_SIZE, NULL,
                        &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (blob), ==, 0);
  g_assert_true (csl_store_check_blob (ws, sha, a->size, a->file_name, NULL, &error));
  g_assert_no_error (error);
}

/* A filer of the first manufacturer cannot read the second's documents, even by their hash;
 * the same bytes attached to its own filing are its to read; the server's copy goes with the
 * last attachment that names it, whoever's. */
static void
test_restricted_and_removal (Team          *t,
                             gconstpointer  data)
{
  g_autofree char *one = g_strconcat ("one_", t->suffix, NULL);
  g_autofree char *one_ws = NULL;
  g_autofree char *pdf = g_build_filename (t->tmp.dir, "theirs.pdf", NULL);
  g_autofree char *stolen = g_build_filename (t->tmp.dir, "stolen.pdf", NULL);
  g_autofree char *m1 = NULL, *m2 = NULL, *lab = NULL, *p1 = NULL, *p2 = NULL, *f1 = NULL, *f2 = NULL;
  g_autofree char *a2 = NULL, *a2b = NULL, *a1 = NULL, *sha = NULL;
  g_autoptr(CslDb) db = NULL;
  g_autoptr(CslAtomicFile) dest = NULL;
  g_autoptr(GError) error = NULL;
  CslCliResult r;

  SKIP_WITHOUT_SERVER ();
  r = csl_cli_run (t->location, "team", "init");
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);
  m1 = ID_ON (t, "admin", t->location, "manufacturer", "add", "--name", "First Co", "--uscc", "91110000600037341L");
  m2 = ID_ON (t, "admin", t->location, "manufacturer", "add", "--name", "Second Co", "--uscc", "91330100716105852F",
              "--accept-check-digit");
  lab = ID_ON (t, "admin", t->location, "lab", "add", "--name", "Lab", "--kind", "third-party");
  p1 = ID_ON (t, "admin", t->location, "product", "add", "--manufacturer", m1, "--category", "CSL 001-2025", "--model", "ONE");
  p2 = ID_ON (t, "admin", t->location, "product", "add", "--manufacturer", m2, "--category", "CSL 001-2025", "--model", "TWO");
  f1 = ID_ON (t, "admin", t->location, "filing", "new", "--product", p1, "--grade", "1", "--lab", lab);
  f2 = ID_ON (t, "admin", t->location, "filing", "new", "--product", p2, "--grade", "1", "--lab", lab);
  r = csl_cli_runv (t->location, "pw-1\n", (const char *const[]) {
    "team", "add-user", one, "--role", "filer", "--manufacturer", m1, "--password", NULL });
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);
  one_ws = g_strdup_printf ("%s user=%s password=pw-1", t->location, one);

  /* The second manufacturer's report, attached twice. */
  csl_test_make_pdf1 (pdf, "Second Co TWO test report");
  sha = sha256_of (pdf);
  a2 = ID_ON (t, "admin", t->location, "filing", "attach", f2, "--kind", "test-report", pdf);
  a2b = ID_ON (t, "admin", t->location, "filing", "attach", f2, "--kind", "other", pdf);
  g_assert_cmpint (count_blob (t->location, "blob", sha), ==, 1);

  /* The server hides its bytes from the filer of the first: rows and chunks, by hash too. */
  g_assert_cmpint (count_blob (one_ws, "blob", sha), ==, 0);
  g_assert_cmpint (count_blob (one_ws, "blob_chunk", sha), ==, 0);
  g_assert_cmpint (count_on (one_ws, "SELECT count(*) FROM blob_chunk"), ==, 0);
  db = csl_db_open (one_ws, &error);
  g_assert_no_error (error);
  dest = csl_atomic_file_new (stolen, 0600, &error);
  g_assert_no_error (error);
  g_assert_false (csl_blob_pg_download (db, sha, csl_test_file_size (pdf), "theirs.pdf", dest, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_DAMAGED);
  g_clear_error (&error);
  g_clear_pointer (&dest, csl_atomic_file_free);
  g_assert_false (g_file_test (stolen, G_FILE_TEST_EXISTS));
  r = RUN_ON (t, "one", one_ws, "filing", "attachments", f2);
  g_assert_cmpint (r.status, !=, 0);
  csl_cli_result_clear (&r);

  /* The same bytes attached to its own filing: the server keeps one copy, now its to read. */
  a1 = ID_ON (t, "one", one_ws, "filing", "attach", f1, "--kind", "test-report", pdf);
  g_assert_cmpint (count_blob (t->location, "blob", sha), ==, 1);
  g_assert_cmpint (count_blob (one_ws, "blob", sha), ==, 1);
  g_assert_cmpint (count_blob (one_ws, "blob_chunk", sha), ==, 1);

  /* The copy stays while any attachment names it, the hidden ones included. */
  r = RUN_ON (t, "admin", t->location, "filing", "detach", f2, a2);
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);
  r = RUN_ON (t, "one", one_ws, "filing", "detach", f1, a1);
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);
  g_assert_cmpint (count_blob (t->location, "blob", sha), ==, 1);
  g_assert_cmpint (count_blob (t->location, "blob_chunk", sha), ==, 1);
  /* The last one takes it, chunks and all. */
  r = RUN_ON (t, "admin", t->location, "filing", "detach", f2, a2b);
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);
  g_assert_cmpint (count_blob (t->location, "blob", sha), ==, 0);
  g_assert_cmpint (count_blob (t->location, "blob_chunk", sha), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = csl_test_make_tmpdir ();
  int status;

  /* This process's own cache (csl_workspace_open() on a team workspace) and the CLI's unless a
   * test gives it another: never the user's. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/team/blobs/two-machines", Team, NULL, team_setup, test_two_machines, team_teardown);
  g_test_add ("/team/blobs/damaged-chunk", Team, NULL, team_setup, test_damaged_chunk, team_teardown);
  g_test_add ("/team/blobs/restricted-and-removal", Team, NULL, team_setup, test_restricted_and_removal,
              team_teardown);
  status = g_test_run ();
  csl_test_rm_rf (cache);
  return status;
}
