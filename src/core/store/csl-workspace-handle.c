#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "base/csl-date.h"
#include "base/csl-error.h"
#include "store/csl-workspace-handle.h"

struct _CslWorkspace
{
  GObject  parent_instance;

  char    *path;
  char    *store_path;
  char    *via;
  char    *user;
  CslDb   *db;
};

G_DEFINE_FINAL_TYPE (CslWorkspace, csl_workspace, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
csl_workspace_finalize (GObject *object)
{
  CslWorkspace *self = CSL_WORKSPACE (object);

  g_clear_pointer (&self->db, csl_db_close);
  g_free (self->path);
  g_free (self->store_path);
  g_free (self->via);
  g_free (self->user);

  G_OBJECT_CLASS (csl_workspace_parent_class)->finalize (object);
}

static void
csl_workspace_class_init (CslWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = csl_workspace_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
csl_workspace_init (CslWorkspace *self)
{
  self->via = g_strdup ("core");
  self->user = g_strdup (g_get_user_name ());
}

/* A team workspace: the audit trail names the role the server says is connected. path is what
 * messages and titles show; documents are staged (copied and checked before they go to the
 * server) in store_path. */
static CslWorkspace *
open_server (const char  *location,
             const char  *path,
             const char  *store_path,
             gboolean     read_only,
             GError     **error)
{
  g_autoptr(CslWorkspace) self = g_object_new (CSL_TYPE_WORKSPACE, NULL);

  self->db = read_only ? csl_db_open_read_only (location, error) : csl_db_open (location, error);
  if (self->db == NULL)
    return NULL;
  self->path = g_strdup (path);
  self->store_path = g_strdup (store_path);
  csl_workspace_set_user (self, csl_db_server_user (self->db));
  if (!read_only && g_mkdir_with_parents (self->store_path, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO,
                   _("Cannot create the attachment store %s: %s"), self->store_path, g_strerror (saved));
      return NULL;
    }
  return g_steal_pointer (&self);
}

static CslWorkspace *
open_team (const char  *location,
           gboolean     read_only,
           GError     **error)
{
  g_autofree char *display = csl_db_server_display_name (location);
  g_autofree char *key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, display, -1);
  g_autofree char *staging = g_build_filename (g_get_user_cache_dir (), "csl-filer", "team", key, NULL);

  return open_server (location, display, staging, read_only, error);
}

/* The test suites' second pass (build-aux/test) sets CSL_TEST_PG to a throwaway server's
 * conninfo: every workspace folder a test opens becomes a fresh schema there, named for the
 * folder, so that the same tests run on both backends. Never set outside the tests. */
static CslWorkspace *
open_test_server (const char  *server,
                  const char  *dir,
                  gboolean     read_only,
                  GError     **error)
{
  g_autofree char *path = g_canonicalize_filename (dir, NULL);
  g_autofree char *store = g_build_filename (path, "store", NULL);
  g_autofree char *location = NULL;

  if (!read_only && g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO,
                   _("Cannot create the workspace folder %s: %s"), dir, g_strerror (saved));
      return NULL;
    }
  location = csl_db_server_test_location (server, path, error);
  if (location == NULL)
    return NULL;
  return open_server (location, path, store, read_only, error);
}

CslWorkspace *
csl_workspace_handle_open (const char  *dir,
                           gboolean     read_only,
                           GError     **error)
{
  g_autoptr(CslWorkspace) self = NULL;
  g_autofree char *db_path = NULL;

  g_return_val_if_fail (dir != NULL, NULL);

  if (csl_db_is_location_server (dir))
    return open_team (dir, read_only, error);
  if (g_getenv ("CSL_TEST_PG") != NULL && *g_getenv ("CSL_TEST_PG") != '\0')
    return open_test_server (g_getenv ("CSL_TEST_PG"), dir, read_only, error);
  if (!read_only && g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO,
                   _("Cannot create the workspace folder %s: %s"), dir, g_strerror (saved));
      return NULL;
    }

  self = g_object_new (CSL_TYPE_WORKSPACE, NULL);
  self->path = g_canonicalize_filename (dir, NULL);
  self->store_path = g_build_filename (self->path, "store", NULL);
  db_path = g_build_filename (self->path, "filings.db", NULL);
  self->db = read_only ? csl_db_open_read_only (db_path, error) : csl_db_open (db_path, error);
  if (self->db == NULL)
    return NULL;
  if (csl_db_is_read_only (self->db))
    return g_steal_pointer (&self);

  if (g_mkdir_with_parents (self->store_path, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO,
                   _("Cannot create the attachment store %s: %s"), self->store_path, g_strerror (saved));
      return NULL;
    }
  return g_steal_pointer (&self);
}

gboolean
csl_workspace_is_read_only (CslWorkspace *self)
{
  g_return_val_if_fail (CSL_IS_WORKSPACE (self), FALSE);
  return csl_db_is_read_only (self->db);
}

const char *
csl_workspace_get_path (CslWorkspace *self)
{
  g_return_val_if_fail (CSL_IS_WORKSPACE (self), NULL);
  return self->path;
}

const char *
csl_workspace_get_store_path (CslWorkspace *self)
{
  g_return_val_if_fail (CSL_IS_WORKSPACE (self), NULL);
  return self->store_path;
}

CslDb *
csl_workspace_get_db (CslWorkspace *self)
{
  g_return_val_if_fail (CSL_IS_WORKSPACE (self), NULL);
  return self->db;
}

char *
csl_workspace_blob_path (CslWorkspace *self,
                         const char   *sha256_hex)
{
  char fan[3] = { 0 };

  g_return_val_if_fail (CSL_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (sha256_hex != NULL && strlen (sha256_hex) == 64, NULL);
  /* A fan-out level keeps folders small when a workspace holds thousands of documents. */
  fan[0] = sha256_hex[0];
  fan[1] = sha256_hex[1];
  return g_build_filename (self->store_path, fan, sha256_hex, NULL);
}

void
csl_workspace_set_interface (CslWorkspace *self,
                             const char   *via)
{
  g_return_if_fail (CSL_IS_WORKSPACE (self));
  g_free (self->via);
  self->via = g_strdup (via);
}

const char *
csl_workspace_get_interface (CslWorkspace *self)
{
  g_return_val_if_fail (CSL_IS_WORKSPACE (self), NULL);
  return self->via;
}

/* Who the audit trail names: the login on this machine, or the server's role on a team
 * workspace, where the server says who is connected. */
void
csl_workspace_set_user (CslWorkspace *self,
                        const char   *user)
{
  g_return_if_fail (CSL_IS_WORKSPACE (self));
  g_return_if_fail (user != NULL);
  g_free (self->user);
  self->user = g_strdup (user);
}

const char *
csl_workspace_get_user (CslWorkspace *self)
{
  g_return_val_if_fail (CSL_IS_WORKSPACE (self), NULL);
  return self->user;
}

void
csl_workspace_emit_changed (CslWorkspace *self,
                            const char   *entity)
{
  g_return_if_fail (CSL_IS_WORKSPACE (self));
  g_signal_emit (self, signals[CHANGED], 0, entity);
}

/* Called inside the caller's transaction, so a change and its audit entry commit together. */
gboolean
csl_workspace_audit (CslWorkspace  *self,
                     const char    *entity,
                     gint64         entity_id,
                     const char    *field,
                     const char    *old_value,
                     const char    *new_value,
                     GError       **error)
{
  g_autoptr(CslStmt) stmt = NULL;
  g_autofree char *now = NULL;

  if (g_strcmp0 (old_value, new_value) == 0)
    return TRUE;

  stmt = csl_db_prepare (self->db,
                         "INSERT INTO audit (at, entity, entity_id, field, old_value, new_value, via, who) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  now = csl_timestamp_now ();
  csl_stmt_bind_text (stmt, 1, now);
  csl_stmt_bind_text (stmt, 2, entity);
  csl_stmt_bind_int64 (stmt, 3, entity_id);
  csl_stmt_bind_text (stmt, 4, field);
  csl_stmt_bind_optional_text (stmt, 5, old_value);
  csl_stmt_bind_optional_text (stmt, 6, new_value);
  csl_stmt_bind_text (stmt, 7, self->via);
  csl_stmt_bind_text (stmt, 8, self->user);
  return csl_db_step_done (self->db, stmt, error);
}
