#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "base/csl-error.h"
#include "base/csl-sha256.h"
#include "store/csl-blob-pg.h"

/* A blob's row: 1 with *complete and *size set, 0 when the server has none (or row-level
 * security hides it), -1 on error. */
static int
lookup (CslDb       *db,
        const char  *sha256,
        gboolean    *complete,
        gint64      *size,
        GError     **error)
{
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, "SELECT complete, size FROM blob WHERE sha256 = ?", error);
  int rc;

  if (stmt == NULL)
    return -1;
  csl_stmt_bind_text (stmt, 1, sha256);
  rc = csl_stmt_step (stmt, error);
  if (rc != CSL_STMT_ROW)
    return rc == CSL_STMT_DONE ? 0 : -1;
  *complete = csl_stmt_column_int (stmt, 0) != 0;
  *size = csl_stmt_column_int64 (stmt, 1);
  return 1;
}

static gboolean
exec_with_sha (CslDb       *db,
               const char  *sql,
               const char  *sha256,
               GError     **error)
{
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_text (stmt, 1, sha256);
  return csl_db_step_done (db, stmt, error);
}

static gboolean
upload_chunks (CslDb         *db,
               const char    *sha256,
               guint64        size,
               int            fd,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(CslStmt) insert =
    csl_db_prepare (db, "INSERT INTO blob_chunk (sha256, n, data) VALUES (?, ?, ?)", error);
  g_autofree guint8 *buffer = g_malloc (CSL_BLOB_CHUNK_SIZE);
  guint64 offset = 0;

  if (insert == NULL)
    return FALSE;
  csl_stmt_bind_text (insert, 1, sha256);
  for (gint64 n = 0; offset < size; n++)
    {
      gsize want = (gsize) MIN ((guint64) CSL_BLOB_CHUNK_SIZE, size - offset);
      gsize got = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      while (got < want)
        {
          ssize_t r = pread (fd, buffer + got, want - got, (off_t) (offset + got));

          if (r < 0 && errno == EINTR)
            continue;
          if (r <= 0)
            {
              int saved = r < 0 ? errno : EIO;

              g_set_error (error, CSL_ERROR, CSL_ERROR_IO,
                           _("Cannot read the stored copy to send it to the team workspace: %s"),
                           r < 0 ? g_strerror (saved) : _("it is shorter than when it was checked"));
              return FALSE;
            }
          got += (gsize) r;
        }
      csl_stmt_reset (insert);
      csl_stmt_bind_int64 (insert, 2, n);
      csl_stmt_bind_blob (insert, 3, buffer, got);
      if (!csl_db_step_done (db, insert, error))
        return FALSE;
      offset += got;
    }
  return TRUE;
}

gboolean
csl_blob_pg_upload (CslDb         *db,
                    const char    *sha256,
                    guint64        size,
                    int            fd,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(CslStmt) insert = NULL;
  gboolean complete = FALSE;
  gint64 stored_size = 0;
  int found;

  g_return_val_if_fail (csl_db_is_server (db), FALSE);

  /* DO NOTHING rather than a look first: a blob that row-level security hides from this role
   * (another manufacturer attached the same bytes) must not make the insert fail; its content
   * is this one's, by its hash. No conflict target: naming one would need the right to read
   * the row, and the server would then refuse the hidden one. */
  insert = csl_db_prepare (db, "INSERT INTO blob (sha256, size, complete) VALUES (?, ?, false) "
                               "ON CONFLICT DO NOTHING", error);
  if (insert == NULL)
    return FALSE;
  csl_stmt_bind_text (insert, 1, sha256);
  csl_stmt_bind_int64 (insert, 2, (gint64) size);
  if (!csl_db_step_done (db, insert, error))
    return FALSE;
  if (csl_db_changes (db) == 0)
    {
      found = lookup (db, sha256, &complete, &stored_size, error);
      if (found < 0)
        return FALSE;
      if (found == 0 || (complete && stored_size == (gint64) size))
        return TRUE;
      /* What an older client left half-sent: sent again from the start. */
      if (!exec_with_sha (db, "DELETE FROM blob_chunk WHERE sha256 = ?", sha256, error))
        return FALSE;
      {
        g_autoptr(CslStmt) resize = csl_db_prepare (db, "UPDATE blob SET size = ?, complete = false WHERE sha256 = ?",
                                                    error);
        if (resize == NULL)
          return FALSE;
        csl_stmt_bind_int64 (resize, 1, (gint64) size);
        csl_stmt_bind_text (resize, 2, sha256);
        if (!csl_db_step_done (db, resize, error))
          return FALSE;
      }
    }
  return upload_chunks (db, sha256, size, fd, cancellable, error) &&
         exec_with_sha (db, "UPDATE blob SET complete = true WHERE sha256 = ?", sha256, error);
}

static gboolean
damaged (const char  *name,
         const char  *why,
         GError     **error)
{
  g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED,
               _("The team workspace's copy of “%s” is damaged (%s): nothing was kept; attach the document again"),
               name, why);
  return FALSE;
}

gboolean
csl_blob_pg_download (CslDb         *db,
                      const char    *sha256,
                      guint64        size,
                      const char    *display_name,
                      CslAtomicFile *dest,
                      GCancellable  *cancellable,
                      GError       **error)
{
  const char *name = display_name ? display_name : sha256;
  g_autoptr(CslStmt) chunk = NULL;
  g_autoptr(CslSha256) checksum = NULL;
  g_autofree char *digest = NULL;
  gboolean complete = FALSE;
  gint64 stored_size = 0;
  guint64 total = 0;
  int found;

  g_return_val_if_fail (csl_db_is_server (db), FALSE);

  found = lookup (db, sha256, &complete, &stored_size, error);
  if (found < 0)
    return FALSE;
  if (found == 0 || !complete)
    {
      /* An attachment names it, or it would not be asked for: its bytes are lost. */
      g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                   _("The stored document %s is missing from the team workspace (or hidden from you); "
                     "attach the document again"), name);
      return FALSE;
    }
  if (stored_size != (gint64) size)
    {
      g_autofree char *why = g_strdup_printf (_("%lld bytes instead of %llu"), (long long) stored_size,
                                              (unsigned long long) size);
      return damaged (name, why, error);
    }
  /* One row per query, so that the client holds one chunk at a time, not the result set. */
  chunk = csl_db_prepare (db, "SELECT data FROM blob_chunk WHERE sha256 = ? AND n = ?", error);
  if (chunk == NULL)
    return FALSE;
  csl_stmt_bind_text (chunk, 1, sha256);
  checksum = csl_sha256_new ();
  for (gint64 n = 0; total < size; n++)
    {
      const guint8 *data;
      gsize len = 0;
      int rc;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      csl_stmt_reset (chunk);
      csl_stmt_bind_int64 (chunk, 2, n);
      rc = csl_stmt_step (chunk, error);
      if (rc == CSL_STMT_ERROR)
        return FALSE;
      if (rc == CSL_STMT_DONE)
        {
          g_autofree char *why = g_strdup_printf (_("part %lld is missing"), (long long) n + 1);
          return damaged (name, why, error);
        }
      data = csl_stmt_column_blob (chunk, 0, &len);
      if (len == 0 || len > size - total)
        return damaged (name, _("its parts do not add up to its size"), error);
      csl_sha256_update (checksum, data, len);
      if (!csl_atomic_file_write (dest, data, len, error))
        return FALSE;
      total += len;
    }
  digest = csl_sha256_finish (checksum);
  if (strcmp (digest, sha256) != 0)
    return damaged (name, _("its SHA-256 does not match"), error);
  return TRUE;
}

int
csl_blob_pg_present (CslDb       *db,
                     const char  *sha256,
                     gint64       size,
                     GError     **error)
{
  gboolean complete = FALSE;
  gint64 stored_size = 0;
  int found = lookup (db, sha256, &complete, &stored_size, error);

  if (found <= 0)
    return found;
  return complete && stored_size == size ? 1 : 0;
}

gboolean
csl_blob_pg_remove_if_unreferenced (CslDb       *db,
                                    const char  *sha256,
                                    GError     **error)
{
  g_autoptr(CslStmt) stmt =
    csl_db_prepare (db, "DELETE FROM blob WHERE sha256 = ? AND NOT EXISTS "
                        "(SELECT 1 FROM attachment WHERE attachment.sha256 = blob.sha256)", error);

  /* Under row-level security the NOT EXISTS sees only this role's attachments, but the blob's
   * own policy (store/csl-team.c) hides a blob that anyone else's attachment names, so a blob
   * in use is never removed here. Its chunks go with it (ON DELETE CASCADE). */
  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_text (stmt, 1, sha256);
  return csl_db_step_done (db, stmt, error);
}

gboolean
csl_blob_pg_sweep (CslDb    *db,
                   guint    *removed,
                   GError  **error)
{
  if (!csl_db_exec (db, "DELETE FROM blob WHERE NOT EXISTS "
                        "(SELECT 1 FROM attachment WHERE attachment.sha256 = blob.sha256)", error))
    return FALSE;
  if (removed != NULL)
    *removed = (guint) csl_db_changes (db);
  return TRUE;
}
