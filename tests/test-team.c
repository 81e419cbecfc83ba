#include "config.h"

#include <unistd.h>

#include "records/csl-audit.h"
#include "store/csl-db.h"
#include "workspace/csl-workspace.h"
#include "csl-test-cli.h"
#include "csl-test-util.h"

/* A team workspace's permissions and faults, enforced by the server: run in build-aux/test's
 * PostgreSQL pass (CSL_TEST_PG), skipped on SQLite. Role names are the cluster's, so each run
 * makes its own. */

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
  g_autoptr(CslWorkspace) ws = NULL;
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

static char *
as_user (Team       *t,
         const char *user,
         const char *password)
{
  return g_strdup_printf ("%s user=%s password=%s", t->location, user, password);
}

static void
assert_cli_fails (CslCliResult r,
                  const char  *fragment)
{
  g_test_message ("%s", r.err);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, fragment));
  csl_cli_result_clear (&r);
}

static void
assert_cli_ok (CslCliResult r)
{
  if (r.status != 0)
    g_error ("failed: %s", r.err);
  csl_cli_result_clear (&r);
}

/* The server hides the other manufacturer's history from a filer limited to the first, whatever
 * the client asks, and refuses an entry in someone else's name. */
static void
assert_audit_limited (const char *one_ws,
                      const char *mine,
                      const char *theirs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) ws = csl_workspace_open (one_ws, &error);
  g_autoptr(GPtrArray) own = NULL;
  g_autoptr(GPtrArray) other = NULL;
  gboolean forged;

  g_assert_no_error (error);
  own = csl_audit_list (ws, "product", g_ascii_strtoll (mine, NULL, 10), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (own->len, >, 0);
  other = csl_audit_list (ws, "product", g_ascii_strtoll (theirs, NULL, 10), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (other->len, ==, 0);
  forged = csl_db_exec (csl_workspace_get_db (ws),
                        "INSERT INTO audit (at, entity, entity_id, field, via, who) "
                        "VALUES ('2026-12-08T00:00:00Z', 'lab', 1, 'name', 'core', 'someone_else')", &error);
  g_assert_false (forged);
  g_assert_nonnull (error);
  g_test_message ("forged entry: %s", error->message);
}

/* Two manufacturers with a filing each; a viewer, a filer of all and a filer of the first. */
static void
test_roles (Team          *t,
            gconstpointer  data)
{
  g_autofree char *viewer = NULL, *filer = NULL, *one = NULL;
  g_autofree char *viewer_ws = NULL, *one_ws = NULL, *filer_ws = NULL;
  g_autofree char *m1 = NULL, *m2 = NULL, *p1 = NULL, *p2 = NULL, *lab = NULL;
  CslCliResult r;

  if (!csl_test_on_server ())
    {
      g_test_skip ("a team workspace needs the PostgreSQL pass (CSL_TEST_PG)");
      return;
    }
  viewer = g_strconcat ("viewer_", t->suffix, NULL);
  filer = g_strconcat ("filer_", t->suffix, NULL);
  one = g_strconcat ("one_", t->suffix, NULL);
  assert_cli_ok (csl_cli_run (t->location, "team", "init"));
  m1 = csl_cli_id (t->location, "manufacturer", "add", "--name", "First Co", "--uscc", "91110000600037341L");
  m2 = csl_cli_id (t->location, "manufacturer", "add", "--name", "Second Co", "--uscc", "91330100716105852F",
                   "--accept-check-digit");
  lab = csl_cli_id (t->location, "lab", "add", "--name", "Lab", "--kind", "third-party");
  p1 = csl_cli_id (t->location, "product", "add", "--manufacturer", m1, "--category", "CSL 001-2025", "--model", "ONE");
  p2 = csl_cli_id (t->location, "product", "add", "--manufacturer", m2, "--category", "CSL 001-2025", "--model", "TWO");
  g_free (csl_cli_id (t->location, "filing", "new", "--product", p1, "--grade", "1", "--lab", lab));
  g_free (csl_cli_id (t->location, "filing", "new", "--product", p2, "--grade", "1", "--lab", lab));

  assert_cli_ok (csl_cli_runv (t->location, "pw-v\n", (const char *const[]) {
    "team", "add-user", viewer, "--role", "viewer", "--password", NULL }));
  assert_cli_ok (csl_cli_runv (t->location, "pw-f\n", (const char *const[]) {
    "team", "add-user", filer, "--role", "filer", "--password", NULL }));
  assert_cli_ok (csl_cli_runv (t->location, "pw-1\n", (const char *const[]) {
    "team", "add-user", one, "--role", "filer", "--manufacturer", m1, "--password", NULL }));
  assert_cli_fails (csl_cli_run (t->location, "team", "add-user", "x", "--role", "boss"), "admin, filer or viewer");

  r = csl_cli_run (t->location, "team", "list", "--json");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, viewer));
  g_assert_nonnull (strstr (r.out, "\"viewer\""));
  csl_cli_result_clear (&r);

  /* A viewer reads everything and the server refuses its writes. */
  viewer_ws = as_user (t, viewer, "pw-v");
  r = csl_cli_run (viewer_ws, "filing", "list");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "ONE"));
  g_assert_nonnull (strstr (r.out, "TWO"));
  csl_cli_result_clear (&r);
  assert_cli_fails (csl_cli_run (viewer_ws, "lab", "add", "--name", "Mine", "--kind", "in-house"), "refused");
  assert_cli_fails (csl_cli_run (viewer_ws, "team", "add-user", "x", "--role", "admin"), "refused");

  /* A filer changes records. */
  filer_ws = as_user (t, filer, "pw-f");
  g_free (csl_cli_id (filer_ws, "lab", "add", "--name", "Filer's lab", "--kind", "in-house"));

  /* A filer of the first manufacturer sees only its filing and cannot reach the other's. */
  one_ws = as_user (t, one, "pw-1");
  r = csl_cli_run (one_ws, "filing", "list");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "ONE"));
  g_assert_null (strstr (r.out, "TWO"));
  csl_cli_result_clear (&r);
  r = csl_cli_run (one_ws, "manufacturer", "list");
  g_assert_null (strstr (r.out, "Second Co"));
  csl_cli_result_clear (&r);
  r = csl_cli_run (one_ws, "product", "add", "--manufacturer", m2, "--category", "CSL 001-2025", "--model", "SNEAK");
  g_assert_cmpint (r.status, !=, 0);
  csl_cli_result_clear (&r);
  r = csl_cli_run (t->location, "product", "list");
  g_assert_null (strstr (r.out, "SNEAK"));
  csl_cli_result_clear (&r);
  assert_audit_limited (one_ws, p1, p2);
}

static void
test_faults (Team          *t,
             gconstpointer  data)
{
  g_autofree char *user = NULL, *wrong = NULL, *tls = NULL, *port = NULL;
  g_auto(GStrv) words = NULL;

  if (!csl_test_on_server ())
    {
      g_test_skip ("a team workspace needs the PostgreSQL pass (CSL_TEST_PG)");
      return;
    }
  user = g_strconcat ("pw_", t->suffix, NULL);
  assert_cli_ok (csl_cli_run (t->location, "team", "init"));
  assert_cli_ok (csl_cli_runv (t->location, "right\n", (const char *const[]) {
    "team", "add-user", user, "--role", "viewer", "--password", NULL }));
  wrong = as_user (t, user, "wrong");
  assert_cli_fails (csl_cli_run (wrong, "filing", "list"), "did not accept the password");

  /* TLS required of a server that offers none (over TCP: libpq never uses TLS on a socket). */
  words = g_strsplit (g_getenv ("CSL_TEST_PG"), " ", -1);
  for (guint i = 0; words[i]; i++)
    if (g_str_has_prefix (words[i], "port="))
      port = g_strdup (words[i] + 5);
  g_assert_nonnull (port);
  tls = g_strdup_printf ("host=127.0.0.1 port=%s dbname=csl_test user=%s password=right sslmode=require", port, user);
  assert_cli_fails (csl_cli_run (tls, "filing", "list"), "TLS");

  /* Nobody listening. */
  assert_cli_fails (csl_cli_run ("host=/nonexistent-socket-dir dbname=x", "filing", "list"), "Cannot connect");

  /* A folder is no team workspace. */
  {
    g_autofree char *folder = g_build_filename (t->tmp.dir, "local", NULL);
    const char *saved = g_getenv ("CSL_TEST_PG");
    g_autofree char *keep = g_strdup (saved);
    CslCliResult r;

    g_unsetenv ("CSL_TEST_PG");
    r = csl_cli_run (folder, "team", "list");
    g_setenv ("CSL_TEST_PG", keep, TRUE);
    assert_cli_fails (r, "PostgreSQL");
  }
}

/* Clients opening a new team workspace at the same moment: the schema is made once, under the
 * advisory lock, and every one of them works. */
static void
test_concurrent_create (Team          *t,
                        gconstpointer  data)
{
  GPtrArray *procs = g_ptr_array_new_with_free_func (g_object_unref);
  const char *cli = g_getenv ("CSL_FILER_CLI");

  if (!csl_test_on_server ())
    {
      g_test_skip ("a team workspace needs the PostgreSQL pass (CSL_TEST_PG)");
      return;
    }
  for (int i = 0; i < 6; i++)
    {
      g_autoptr(GError) error = NULL;
      GSubprocess *p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, cli, "--workspace", t->location,
                                         "lab", "list", NULL);

      g_assert_no_error (error);
      g_ptr_array_add (procs, p);
    }
  for (guint i = 0; i < procs->len; i++)
    {
      g_autoptr(GError) error = NULL;

      g_subprocess_wait_check (procs->pdata[i], NULL, &error);
      g_assert_no_error (error);
    }
  g_ptr_array_unref (procs);
  {
    CslCliResult r = csl_cli_run (t->location, "catalogue", "list");

    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, !=, "");
    csl_cli_result_clear (&r);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Team, NULL, team_setup, fn, team_teardown)
  ADD ("/team/roles", test_roles);
  ADD ("/team/faults", test_faults);
  ADD ("/team/concurrent-create", test_concurrent_create);
  return g_test_run ();
}
