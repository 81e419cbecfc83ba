#include "config.h"

#include <libpq-fe.h>

#include "store/csl-pg-listener.h"
#include "workspace/csl-workspace.h"
#include "csl-test-util.h"

/* The LISTEN client against a real server (tests/with-pg-cluster.sh starts a throwaway one):
 * a NOTIFY on csl_changes arrives as the workspace's "changed" on the main context, without
 * polling; the server going away and coming back is seen and survived. */

#define DEADLINE_S 20

typedef struct
{
  char         *dir;
  CslWorkspace *ws;
  GPtrArray    *changes;
} Fixture;

static const char *
conninfo (void)
{
  return g_getenv ("CSL_TEST_PG_CONNINFO");
}

static gboolean
skip_without_server (void)
{
  if (conninfo () != NULL)
    return FALSE;
  g_test_skip (g_getenv ("CSL_TEST_PG_SKIP") ? g_getenv ("CSL_TEST_PG_SKIP")
                                             : "no test cluster (run through tests/with-pg-cluster.sh)");
  return TRUE;
}

static void
on_changed (CslWorkspace *ws,
            const char   *entity,
            Fixture      *f)
{
  g_ptr_array_add (f->changes, g_strdup (entity));
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = csl_test_make_tmpdir ();
  f->ws = csl_workspace_open (f->dir, &error);
  g_assert_no_error (error);
  f->changes = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->ws, "changed", G_CALLBACK (on_changed), f);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_assert_finalize_object (f->ws);
  g_ptr_array_unref (f->changes);
  csl_test_rm_rf (f->dir);
  g_free (f->dir);
}

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until cond holds; a deadline (not a sleep) fails a test that hangs. */
#define ITERATE_UNTIL(cond) G_STMT_START {                                   \
    gboolean expired_ = FALSE;                                               \
    guint deadline_ = g_timeout_add_seconds (DEADLINE_S, on_deadline, &expired_); \
    while (!(cond) && !expired_)                                             \
      g_main_context_iteration (NULL, TRUE);                                 \
    g_assert_false (expired_);                                               \
    g_source_remove (deadline_);                                             \
  } G_STMT_END

static void
notify (const char *payload)
{
  PGconn *conn = PQconnectdb (conninfo ());
  g_autofree char *sql = NULL;
  char *literal;
  PGresult *result;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  literal = PQescapeLiteral (conn, payload, strlen (payload));
  sql = g_strdup_printf ("NOTIFY " CSL_PG_CHANNEL ", %s", literal);
  PQfreemem (literal);
  result = PQexec (conn, sql);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  PQclear (result);
  PQfinish (conn);
}

static gboolean
has_change (Fixture    *f,
            const char *entity)
{
  for (guint i = 0; i < f->changes->len; i++)
    if (g_str_equal (f->changes->pdata[i], entity))
      return TRUE;
  return FALSE;
}

static void
test_notify_arrives (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CslPgListener) listener = NULL;
  gint64 sent;

  if (skip_without_server ())
    return;
  listener = csl_pg_listener_new (f->ws, conninfo ());
  ITERATE_UNTIL (csl_pg_listener_get_connected (listener));
  g_assert_null (csl_pg_listener_get_error (listener));

  sent = g_get_monotonic_time ();
  notify ("{\"entity\":\"filing\",\"id\":42,\"op\":\"update\"}");
  ITERATE_UNTIL (has_change (f, "filing"));
  /* Reported, not asserted: a loaded CI machine says nothing about the listener's speed. */
  g_test_message ("NOTIFY to \"changed\": %.1f ms", (g_get_monotonic_time () - sent) / 1000.0);

  /* A payload it cannot read still means something changed. */
  notify ("not json");
  ITERATE_UNTIL (has_change (f, "*"));
  notify ("{\"entity\":\"deadline\",\"id\":1,\"op\":\"insert\"}");
  ITERATE_UNTIL (has_change (f, "deadline"));
}

static void
run (const char *command_env)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  /* pg_ctl's chatter kept off stdout, which is the TAP stream. */
  g_assert_true (g_spawn_command_line_sync (g_getenv (command_env), &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
on_connected (CslPgListener *listener,
              GParamSpec    *pspec,
              guint         *transitions)
{
  (*transitions)++;
}

/* The server stops: "connected" goes FALSE with libpq's reason and a retry is scheduled; it
 * starts again: the listener is back by itself, every view is told to reload ("*"), and
 * notifications flow again. */
static void
test_reconnects (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CslPgListener) listener = NULL;
  guint transitions = 0;

  if (skip_without_server ())
    return;
  listener = csl_pg_listener_new (f->ws, conninfo ());
  g_signal_connect (listener, "notify::connected", G_CALLBACK (on_connected), &transitions);
  ITERATE_UNTIL (csl_pg_listener_get_connected (listener));

  run ("CSL_TEST_PG_STOP");
  ITERATE_UNTIL (!csl_pg_listener_get_connected (listener));
  g_assert_nonnull (csl_pg_listener_get_error (listener));
  g_assert_cmpuint (csl_pg_listener_get_retry_ms (listener), >, 0);
  /* Refused while down: the waits grow instead of spinning. */
  {
    guint first = csl_pg_listener_get_retry_ms (listener);
    ITERATE_UNTIL (csl_pg_listener_get_retry_ms (listener) > first);
  }

  g_ptr_array_set_size (f->changes, 0);
  run ("CSL_TEST_PG_START");
  csl_pg_listener_retry (listener);
  ITERATE_UNTIL (csl_pg_listener_get_connected (listener));
  g_assert_true (has_change (f, "*"));
  g_assert_cmpuint (transitions, ==, 3);
  notify ("{\"entity\":\"filing\",\"id\":7,\"op\":\"insert\"}");
  ITERATE_UNTIL (has_change (f, "filing"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/pg-listener/notify-arrives", Fixture, NULL, setup, test_notify_arrives, teardown);
  g_test_add ("/pg-listener/reconnects", Fixture, NULL, setup, test_reconnects, teardown);
  return g_test_run ();
}
