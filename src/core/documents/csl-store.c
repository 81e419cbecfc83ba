#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/csl-atomic.h"
#include "base/csl-blob-stream.h"
#include "records/csl-consistency.h"
#include "base/csl-date.h"
#include "base/csl-error.h"
#include "store/csl-blob-pg.h"
#include "store/csl-record.h"
#include "base/csl-sha256.h"
#include "documents/csl-store.h"
#include "base/csl-text-check.h"

#define COPY_BLOCK (256 * 1024)
#define EXCERPT_CHARS 400
/* Blobs are never rewritten in place, only replaced whole, so nobody needs to write them. */
#define BLOB_MODE 0400

#define ATTACHMENT_COLUMNS \
  "id, filing_id, kind, file_name, size, sha256, page_count, page_width_pt, page_height_pt, " \
  "pdf_title, pdf_producer, report_number_found, text_excerpt, attached_at"

void
csl_attachment_free (CslAttachment *a)
{
  if (a == NULL)
    return;
  g_free (a->file_name);
  g_free (a->sha256);
  g_free (a->pdf_title);
  g_free (a->pdf_producer);
  g_free (a->report_number_found);
  g_free (a->text_excerpt);
  g_free (a->attached_at);
  g_free (a);
}

void
csl_store_problem_free (CslStoreProblem *p)
{
  if (p == NULL)
    return;
  g_free (p->file_name);
  g_free (p->sha256);
  g_free (p->message);
  g_free (p);
}

gboolean
csl_store_sha256_valid (const char *sha256)
{
  if (sha256 == NULL || strlen (sha256) != 64)
    return FALSE;
  for (const char *p = sha256; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

static CslAttachment *
read_attachment (CslStmt *stmt)
{
  CslAttachment *a = g_new0 (CslAttachment, 1);

  a->id = csl_stmt_column_int64 (stmt, 0);
  a->filing_id = csl_stmt_column_int64 (stmt, 1);
  if (!csl_material_from_string (csl_stmt_column_text (stmt, 2), &a->kind, NULL))
    a->kind = CSL_MATERIAL_OTHER;
  a->file_name = csl_stmt_dup_column_text (stmt, 3);
  a->size = csl_stmt_column_int64 (stmt, 4);
  a->sha256 = csl_stmt_dup_column_text (stmt, 5);
  a->page_count = csl_stmt_column_int (stmt, 6);
  a->page_width_pt = csl_stmt_column_double (stmt, 7);
  a->page_height_pt = csl_stmt_column_double (stmt, 8);
  a->pdf_title = csl_stmt_dup_column_text (stmt, 9);
  a->pdf_producer = csl_stmt_dup_column_text (stmt, 10);
  a->report_number_found = csl_stmt_dup_column_text (stmt, 11);
  a->text_excerpt = csl_stmt_dup_column_text (stmt, 12);
  a->attached_at = csl_stmt_dup_column_text (stmt, 13);
  return a;
}

CslAttachment *
csl_store_get (CslWorkspace  *ws,
               gint64         attachment_id,
               GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt =
    csl_db_prepare (db, "SELECT " ATTACHMENT_COLUMNS " FROM attachment WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  csl_stmt_bind_int64 (stmt, 1, attachment_id);
  rc = csl_stmt_step (stmt, error);
  if (rc == CSL_STMT_ROW)
    return read_attachment (stmt);
  if (rc == CSL_STMT_DONE)
    g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND,
                 _("Attachment %" PRId64 " does not exist"), attachment_id);
  return NULL;
}

GPtrArray *
csl_store_list (CslWorkspace  *ws,
                gint64         filing_id,
                GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_attachment_free);
  int rc;

  if (!csl_record_exists (ws, "filing", filing_id))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND,
                   _("Filing %" PRId64 " does not exist"), filing_id);
      return NULL;
    }
  stmt = csl_db_prepare (db, "SELECT " ATTACHMENT_COLUMNS " FROM attachment WHERE filing_id = ? ORDER BY id",
                         error);
  if (stmt == NULL)
    return NULL;
  csl_stmt_bind_int64 (stmt, 1, filing_id);
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    g_ptr_array_add (list, read_attachment (stmt));
  if (rc != CSL_STMT_DONE)
    return NULL;
  return g_steal_pointer (&list);
}

char *
csl_store_get_text (CslWorkspace  *ws,
                    gint64         attachment_id,
                    GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt = NULL;
  g_autoptr(CslAttachment) a = csl_store_get (ws, attachment_id, error);
  int rc;

  if (a == NULL)
    return NULL;
  stmt = csl_db_prepare (db, "SELECT text FROM attachment_text WHERE attachment_id = ?", error);
  if (stmt == NULL)
    return NULL;
  csl_stmt_bind_int64 (stmt, 1, attachment_id);
  rc = csl_stmt_step (stmt, error);
  if (rc == CSL_STMT_ROW)
    return g_strdup (csl_stmt_column_text (stmt, 0));
  if (rc == CSL_STMT_DONE)
    return g_strdup ("");
  return NULL;
}

/* A temporary copy in store/ that this process holds a lock on for as long as it lives, so
 * that a sweep in another process (the GUI opening while the CLI attaches) leaves it alone. */
static CslAtomicFile *
new_locked_temp (const char  *store,
                 int         *lock_fd,
                 GError     **error)
{
  for (int attempt = 0; attempt < 3; attempt++)
    {
      CslAtomicFile *file = csl_atomic_file_new_in (store, "blob", BLOB_MODE, error);
      struct stat st;
      int fd;

      if (file == NULL)
        return NULL;
      fd = g_open (csl_atomic_file_get_temp_path (file), O_RDONLY | O_CLOEXEC, 0);
      if (fd >= 0 && flock (fd, LOCK_EX) == 0 && fstat (fd, &st) == 0 && st.st_nlink > 0)
        {
          *lock_fd = fd;
          return file;
        }
      /* A sweep removed it between its creation and the lock: make another. */
      if (fd >= 0)
        close (fd);
      csl_atomic_file_free (file);
    }
  g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot keep a temporary file in %s"), store);
  return NULL;
}

static gboolean
copy_and_hash (const char     *path,
               const char     *display_name,
               CslAtomicFile  *dest,
               guint64         max_size,
               char          **sha256,
               guint64        *size,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autoptr(CslSha256) checksum = csl_sha256_new ();
  g_autoptr(CslSha256Worker) hasher = NULL;
  g_autofree guint8 *buffer = g_malloc (COPY_BLOCK);
  g_autoptr(GError) write_error = NULL;
  guint64 total = 0;
  /* The name was checked, but it may name something else by now: a FIFO must not block here. */
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
  struct stat st;

  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot read “%s”: %s"), display_name, g_strerror (saved));
      if (fd >= 0)
        close (fd);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("“%s” is not a regular file"), display_name);
      return FALSE;
    }
  posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  /* The digest is computed on another core while the copy goes on. */
  hasher = csl_sha256_worker_new ();
  for (;;)
    {
      ssize_t n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      n = read (fd, buffer, COPY_BLOCK);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot read “%s”: %s"), display_name, g_strerror (saved));
          goto fail;
        }
      if (n == 0)
        break;
      total += (guint64) n;
      /* The file may have grown since it was checked. */
      if (total > max_size)
        {
          g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);
          g_set_error (error, CSL_ERROR, CSL_ERROR_FILE_TOO_LARGE,
                       _("“%s” is too large: over the attachment size limit of %s"), display_name, limit);
          goto fail;
        }
      csl_sha256_worker_update (hasher, checksum, buffer, (gsize) n);
      if (!csl_atomic_file_write (dest, buffer, (gsize) n, &write_error))
        {
          /* The store's temporary name means nothing to the user; their file's does. */
          g_set_error (error, write_error->domain, write_error->code, _("Cannot copy “%s” into the store: %s"),
                       display_name, write_error->message);
          goto fail;
        }
    }
  close (fd);
  csl_sha256_worker_wait (hasher);
  *sha256 = csl_sha256_finish (checksum);
  *size = total;
  return TRUE;

fail:
  close (fd);
  /* Joined before the digest it may still be updating is freed. */
  g_clear_pointer (&hasher, csl_sha256_worker_free);
  return FALSE;
}

static gboolean
ensure_fan_dir (const char  *blob_path,
                GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (blob_path);

  if (g_mkdir (dir, 0700) != 0 && errno != EEXIST)
    {
      int saved = errno;
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot create the store folder %s: %s"), dir,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static char *
audit_value (const char *kind,
             const char *file_name,
             const char *sha256)
{
  return g_strdup_printf ("%s “%s” sha256:%s", kind, file_name, sha256);
}

static int
count_references (CslDb       *db,
                  const char  *sha256,
                  GError     **error)
{
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, "SELECT COUNT(*) FROM attachment WHERE sha256 = ?", error);

  if (stmt == NULL)
    return -1;
  csl_stmt_bind_text (stmt, 1, sha256);
  if (!csl_stmt_step_row (stmt, error))
    return -1;
  return csl_stmt_column_int (stmt, 0);
}

/* Under the write lock, so that an attach of the same content in another process, which
 * renames its copy into place under that lock too, cannot lose its blob. On a team workspace
 * the server's copy goes too; the local one is only a cache there. */
static void
remove_blob_if_unreferenced (CslWorkspace *ws,
                             const char   *sha256)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autofree char *path = csl_workspace_blob_path (ws, sha256);
  g_autoptr(GError) error = NULL;
  gboolean server = csl_db_is_server (db);

  if (!csl_db_begin (db, &error))
    {
      g_debug ("Blob %s stays until the next sweep: %s", sha256, error->message);
      return;
    }
  if (server && !csl_blob_pg_remove_if_unreferenced (db, sha256, &error))
    {
      g_debug ("The server's blob %s stays until the next sweep: %s", sha256, error->message);
      csl_db_rollback (db);
      return;
    }
  if (count_references (db, sha256, &error) == 0)
    g_unlink (path);
  if (!server)
    csl_db_rollback (db);
  else if (!csl_db_commit (db, &error))
    g_debug ("The server's blob %s stays until the next sweep: %s", sha256, error->message);
}

static gint64
insert_row (CslWorkspace     *ws,
            gint64            filing_id,
            CslMaterialKind   kind,
            const char       *file_name,
            guint64           size,
            const char       *sha256,
            const CslPdfInfo *info,
            GError          **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt = NULL;
  g_autoptr(CslStmt) text_stmt = NULL;
  g_autofree char *found = csl_text_find_report_number (info->text);
  g_autofree char *excerpt = csl_text_excerpt (info->text, EXCERPT_CHARS);
  g_autofree char *now = csl_timestamp_now ();
  g_autofree char *value = audit_value (csl_material_to_string (kind), file_name, sha256);
  gint64 id;

  stmt = csl_db_prepare (db,
                         "INSERT INTO attachment (filing_id, kind, file_name, size, sha256, page_count, "
                         "page_width_pt, page_height_pt, pdf_title, pdf_producer, report_number_found, "
                         "text_excerpt, attached_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  csl_stmt_bind_int64 (stmt, 1, filing_id);
  csl_stmt_bind_text (stmt, 2, csl_material_to_string (kind));
  csl_stmt_bind_text (stmt, 3, file_name);
  csl_stmt_bind_int64 (stmt, 4, (gint64) size);
  csl_stmt_bind_text (stmt, 5, sha256);
  csl_stmt_bind_int (stmt, 6, info->n_pages);
  csl_stmt_bind_double (stmt, 7, info->page_width_pt);
  csl_stmt_bind_double (stmt, 8, info->page_height_pt);
  csl_stmt_bind_optional_text (stmt, 9, info->title);
  csl_stmt_bind_optional_text (stmt, 10, info->producer);
  csl_stmt_bind_optional_text (stmt, 11, found);
  csl_stmt_bind_optional_text (stmt, 12, excerpt);
  csl_stmt_bind_text (stmt, 13, now);
  if (!csl_db_step_done (db, stmt, error))
    return 0;
  id = csl_db_last_insert_id (db);

  text_stmt = csl_db_prepare (db, "INSERT INTO attachment_text (attachment_id, text) VALUES (?, ?)", error);
  if (text_stmt == NULL)
    return 0;
  csl_stmt_bind_int64 (text_stmt, 1, id);
  csl_stmt_bind_text (text_stmt, 2, info->text ? info->text : "");
  if (!csl_db_step_done (db, text_stmt, error) ||
      !csl_workspace_audit (ws, "filing", filing_id, "attachment", NULL, value, error))
    return 0;
  return id;
}

struct _CslStoreStaged
{
  CslAtomicFile *temp;
  int            lock_fd;
  char          *file_name;
  char          *sha256;
  guint64        size;
  CslPdfInfo    *info;
};

void
csl_store_staged_free (CslStoreStaged *staged)
{
  if (staged == NULL)
    return;
  /* Removes the copy unless it was committed; the lock goes with the descriptor. */
  g_clear_pointer (&staged->temp, csl_atomic_file_free);
  if (staged->lock_fd >= 0)
    close (staged->lock_fd);
  g_free (staged->file_name);
  g_free (staged->sha256);
  csl_pdf_info_free (staged->info);
  g_free (staged);
}

const CslPdfInfo *
csl_store_staged_get_info (CslStoreStaged *staged)
{
  return staged->info;
}

const char *
csl_store_staged_get_sha256 (CslStoreStaged *staged)
{
  return staged->sha256;
}

const char *
csl_store_staged_get_path (CslStoreStaged *staged)
{
  return staged->temp ? csl_atomic_file_get_temp_path (staged->temp) : NULL;
}

/* Whether bubblewrap works is found out once per process by running it (some 30 ms): that
 * happens while the file is copied, not after. */
static gpointer
probe_sandbox (gpointer data)
{
  csl_pdf_probe_sandbox ();
  return NULL;
}

CslStoreStaged *
csl_store_stage (CslWorkspace  *ws,
                 const char    *path,
                 guint64        max_size,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return csl_store_stage_full (ws, path, max_size, 0, cancellable, error);
}

CslStoreStaged *
csl_store_stage_full (CslWorkspace  *ws,
                      const char    *path,
                      guint64        max_size,
                      int            thumbnail_width,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(CslStoreStaged) staged = g_new0 (CslStoreStaged, 1);
  g_autofree char *display_name = NULL;
  GThread *prober;
  gboolean copied;
  int fd;

  g_return_val_if_fail (CSL_IS_WORKSPACE (ws), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  staged->lock_fd = -1;
  if (csl_workspace_is_read_only (ws))
    {
      csl_db_set_read_only_error (csl_workspace_get_db (ws), error);
      return NULL;
    }
  display_name = g_filename_display_name (path);
  {
    g_autofree char *base = g_filename_display_basename (path);

    /* The name is shown in lists, forms and the audit trail: it is kept, with what no text
     * field may hold replaced, rather than refused for its name. */
    staged->file_name = csl_text_sanitize (base, csl_text_field_lookup ("attachment", "file_name")->max_chars);
  }
  /* Refuse the obvious before copying hundreds of MiB. */
  if (!csl_pdf_sniff (path, display_name, max_size, error))
    return NULL;

  staged->temp = new_locked_temp (csl_workspace_get_store_path (ws), &staged->lock_fd, error);
  if (staged->temp == NULL)
    return NULL;
  /* The copy, not the original, is what gets checked and stored: the original may change. */
  prober = g_thread_new ("csl-sandbox-probe", probe_sandbox, NULL);
  copied = copy_and_hash (path, display_name, staged->temp, max_size, &staged->sha256, &staged->size,
                          cancellable, error);
  g_thread_join (prober);
  if (!copied ||
      (staged->info = csl_pdf_inspect_full (csl_atomic_file_get_temp_path (staged->temp), display_name, max_size,
                                            CSL_PDF_INSPECT_TEXT, thumbnail_width, cancellable, error)) == NULL)
    return NULL;

  /* The slow flush happens here, not later under the database's write lock. */
  fd = csl_atomic_file_get_fd (staged->temp);
  if (fsync (fd) != 0)
    {
      int saved = errno;
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot write a copy of “%s” into the store: %s"),
                   display_name, g_strerror (saved));
      return NULL;
    }
  return g_steal_pointer (&staged);
}

CslAttachment *
csl_store_commit (CslWorkspace     *ws,
                  gint64            filing_id,
                  CslMaterialKind   kind,
                  CslStoreStaged   *staged,
                  GError          **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autofree char *blob_path = NULL;
  gboolean existed;
  gint64 id;

  g_return_val_if_fail (CSL_IS_WORKSPACE (ws), NULL);
  g_return_val_if_fail (kind < CSL_N_MATERIALS, NULL);
  g_return_val_if_fail (staged != NULL && staged->temp != NULL, NULL);

  blob_path = csl_workspace_blob_path (ws, staged->sha256);
  if (!csl_db_begin (db, error))
    return NULL;
  if (!csl_record_exists (ws, "filing", filing_id))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND, _("Filing %" PRId64 " does not exist"), filing_id);
      csl_db_rollback (db);
      return NULL;
    }
  existed = g_file_test (blob_path, G_FILE_TEST_EXISTS);
  /* On a team workspace the server holds the document, sent in the transaction that names it:
   * a colleague never sees an attachment whose bytes are not there yet. */
  if (csl_db_is_server (db) &&
      !csl_blob_pg_upload (db, staged->sha256, staged->size, staged->lock_fd, NULL, error))
    {
      csl_db_rollback (db);
      return NULL;
    }
  /* Replacing an existing blob with the fresh copy of the same bytes also repairs a damaged
   * one; the copy is durable and in place before the row that names it commits. */
  if (!ensure_fan_dir (blob_path, error) || !csl_atomic_file_commit_as (staged->temp, blob_path, error))
    {
      csl_db_rollback (db);
      return NULL;
    }
  g_clear_pointer (&staged->temp, csl_atomic_file_free);
  id = insert_row (ws, filing_id, kind, staged->file_name, staged->size, staged->sha256, staged->info, error);
  if (id == 0 || !csl_db_commit (db, error))
    {
      csl_db_rollback (db);
      if (!existed)
        remove_blob_if_unreferenced (ws, staged->sha256);
      return NULL;
    }
  csl_workspace_emit_changed (ws, "attachment");
  return csl_store_get (ws, id, error);
}

CslAttachment *
csl_store_attach (CslWorkspace     *ws,
                  gint64            filing_id,
                  CslMaterialKind   kind,
                  const char       *path,
                  guint64           max_size,
                  GCancellable     *cancellable,
                  GError          **error)
{
  g_autoptr(CslStoreStaged) staged = NULL;

  g_return_val_if_fail (CSL_IS_WORKSPACE (ws), NULL);
  g_return_val_if_fail (kind < CSL_N_MATERIALS, NULL);

  /* Before the copy too, so that a wrong id costs nothing. */
  if (!csl_record_exists (ws, "filing", filing_id))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND, _("Filing %" PRId64 " does not exist"), filing_id);
      return NULL;
    }
  staged = csl_store_stage (ws, path, max_size, cancellable, error);
  if (staged == NULL)
    return NULL;
  return csl_store_commit (ws, filing_id, kind, staged, error);
}

struct _CslStoreRemoved
{
  CslAttachment *attachment;
  char          *text;
};

void
csl_store_removed_free (CslStoreRemoved *removed)
{
  if (removed == NULL)
    return;
  csl_attachment_free (removed->attachment);
  g_free (removed->text);
  g_free (removed);
}

static gboolean
detach (CslWorkspace     *ws,
        gint64            filing_id,
        gint64            attachment_id,
        gboolean          keep_blob,
        GError          **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt = NULL;
  g_autoptr(CslStmt) del = NULL;
  g_autofree char *kind = NULL, *file_name = NULL, *sha256 = NULL, *value = NULL;
  int rc;

  if (!csl_db_begin (db, error))
    return FALSE;
  stmt = csl_db_prepare (db, "SELECT kind, file_name, sha256 FROM attachment WHERE id = ? AND filing_id = ?",
                         error);
  if (stmt == NULL)
    goto fail;
  csl_stmt_bind_int64 (stmt, 1, attachment_id);
  csl_stmt_bind_int64 (stmt, 2, filing_id);
  rc = csl_stmt_step (stmt, error);
  if (rc != CSL_STMT_ROW)
    {
      if (rc == CSL_STMT_DONE && !csl_record_exists (ws, "filing", filing_id))
        g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND,
                     _("Filing %" PRId64 " does not exist"), filing_id);
      else if (rc == CSL_STMT_DONE)
        g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND,
                     _("Filing %" PRId64 " has no attachment %" PRId64), filing_id, attachment_id);
      goto fail;
    }
  kind = csl_stmt_dup_column_text (stmt, 0);
  file_name = csl_stmt_dup_column_text (stmt, 1);
  sha256 = csl_stmt_dup_column_text (stmt, 2);
  value = audit_value (kind, file_name, sha256);

  del = csl_db_prepare (db, "DELETE FROM attachment WHERE id = ?", error);
  if (del == NULL)
    goto fail;
  csl_stmt_bind_int64 (del, 1, attachment_id);
  if (!csl_db_step_done (db, del, error) ||
      !csl_workspace_audit (ws, "filing", filing_id, "attachment", value, NULL, error) ||
      !csl_db_commit (db, error))
    goto fail;

  /* A crash before this leaves an orphan, which the next sweep removes; so does a blob kept
   * for an undo that never comes. */
  if (!keep_blob && csl_store_sha256_valid (sha256))
    remove_blob_if_unreferenced (ws, sha256);
  csl_workspace_emit_changed (ws, "attachment");
  return TRUE;

fail:
  csl_db_rollback (db);
  return FALSE;
}

gboolean
csl_store_detach (CslWorkspace  *ws,
                  gint64         filing_id,
                  gint64         attachment_id,
                  GError       **error)
{
  return detach (ws, filing_id, attachment_id, FALSE, error);
}

CslStoreRemoved *
csl_store_detach_for_undo (CslWorkspace  *ws,
                           gint64         filing_id,
                           gint64         attachment_id,
                           GError       **error)
{
  g_autoptr(CslStoreRemoved) removed = g_new0 (CslStoreRemoved, 1);

  if ((removed->attachment = csl_store_get (ws, attachment_id, error)) == NULL ||
      (removed->text = csl_store_get_text (ws, attachment_id, error)) == NULL ||
      !detach (ws, filing_id, attachment_id, TRUE, error))
    return NULL;
  return g_steal_pointer (&removed);
}

CslAttachment *
csl_store_undo_detach (CslWorkspace     *ws,
                       CslStoreRemoved  *removed,
                       GError          **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  const CslAttachment *a = removed->attachment;
  g_autofree char *blob_path = csl_workspace_blob_path (ws, a->sha256);
  CslPdfInfo info = { 0 };
  GStatBuf st;
  gint64 id;

  gboolean server = csl_db_is_server (db);
  int present;

  /* The blob was kept; a sweep in between (another process opening the workspace) may have
   * taken it, and then the document has to be attached again. On a team workspace the
   * server's copy is what counts, looked for under the write lock that sweeps take too. */
  if (!server && (g_stat (blob_path, &st) != 0 || (gint64) st.st_size != a->size))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                   _("“%s” can no longer be restored: its stored copy is gone; attach it again"), a->file_name);
      return NULL;
    }
  info.size = (guint64) a->size;
  info.n_pages = a->page_count;
  info.page_width_pt = a->page_width_pt;
  info.page_height_pt = a->page_height_pt;
  info.title = a->pdf_title;
  info.producer = a->pdf_producer;
  info.text = removed->text;
  if (!csl_db_begin (db, error))
    return NULL;
  if (server && (present = csl_blob_pg_present (db, a->sha256, a->size, error)) != 1)
    {
      if (present == 0)
        g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                     _("“%s” can no longer be restored: its stored copy is gone; attach it again"), a->file_name);
      csl_db_rollback (db);
      return NULL;
    }
  id = insert_row (ws, a->filing_id, a->kind, a->file_name, (guint64) a->size, a->sha256, &info, error);
  if (id == 0 || !csl_db_commit (db, error))
    {
      csl_db_rollback (db);
      return NULL;
    }
  csl_workspace_emit_changed (ws, "attachment");
  return csl_store_get (ws, id, error);
}

gboolean
csl_store_ensure_local (CslWorkspace  *ws,
                        const char    *sha256,
                        gint64         size,
                        const char    *display_name,
                        GCancellable  *cancellable,
                        GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  const char *store = csl_workspace_get_store_path (ws);
  g_autofree char *path = NULL;
  g_autoptr(CslAtomicFile) temp = NULL;
  int lock_fd = -1;
  gboolean ok;
  GStatBuf st;

  if (!csl_db_is_server (db) || !csl_store_sha256_valid (sha256) || size < 0)
    return TRUE;
  path = csl_workspace_blob_path (ws, sha256);
  /* The cache is trusted as far as its size: readers check the hash as they read. */
  if (g_stat (path, &st) == 0 && (gint64) st.st_size == size)
    return TRUE;
  /* A workspace opened for reading only has not made its cache yet. */
  if (g_mkdir_with_parents (store, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot create the attachment store %s: %s"), store,
                   g_strerror (saved));
      return FALSE;
    }
  /* Locked like a staged copy, so that a sweep in another process leaves it alone; dropped
   * unless every chunk arrived and the whole has its hash. */
  temp = new_locked_temp (store, &lock_fd, error);
  if (temp == NULL)
    return FALSE;
  ok = csl_blob_pg_download (db, sha256, (guint64) size, display_name, temp, cancellable, error) &&
       ensure_fan_dir (path, error) && csl_atomic_file_commit_as (temp, path, error);
  close (lock_fd);
  return ok;
}

gboolean
csl_store_import_blob (CslWorkspace  *ws,
                       CslWorkspace  *from,
                       const char    *sha256,
                       gint64         size,
                       const char    *display_name,
                       GCancellable  *cancellable,
                       GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autofree char *path = csl_workspace_blob_path (ws, sha256);
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(CslAtomicFile) temp = NULL;
  int lock_fd = -1;
  gboolean ok;
  GStatBuf st;

  if (!csl_db_is_server (db) && g_stat (path, &st) == 0 && (gint64) st.st_size == size)
    return TRUE;
  /* from's stream fails at its end unless the bytes have their SHA-256: nothing unchecked is
   * committed or sent. */
  in = csl_store_open_blob (from, sha256, size, display_name, error);
  if (in == NULL || (temp = new_locked_temp (csl_workspace_get_store_path (ws), &lock_fd, error)) == NULL)
    return FALSE;
  ok = g_output_stream_splice (csl_atomic_file_get_stream (temp), in, G_OUTPUT_STREAM_SPLICE_NONE,
                               cancellable, error) >= 0 &&
       (!csl_db_is_server (db) || csl_blob_pg_upload (db, sha256, (guint64) size, lock_fd, cancellable, error)) &&
       ensure_fan_dir (path, error) && csl_atomic_file_commit_as (temp, path, error);
  close (lock_fd);
  return ok;
}

void
csl_store_forget_cached (CslWorkspace *ws,
                         const char   *sha256)
{
  g_autofree char *path = NULL;

  if (!csl_db_is_server (csl_workspace_get_db (ws)) || !csl_store_sha256_valid (sha256))
    return;
  path = csl_workspace_blob_path (ws, sha256);
  g_unlink (path);
}

GInputStream *
csl_store_open_blob (CslWorkspace  *ws,
                     const char    *sha256,
                     gint64         size,
                     const char    *display_name,
                     GError       **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) base = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name = display_name ? display_name : sha256;

  if (!csl_store_sha256_valid (sha256))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("“%s” is not a SHA-256 (64 lower-case hexadecimal digits)"), sha256 ? sha256 : "");
      return NULL;
    }
  if (!csl_store_ensure_local (ws, sha256, size, name, NULL, error))
    return NULL;
  path = csl_workspace_blob_path (ws, sha256);
  file = g_file_new_for_path (path);
  base = g_file_read (file, NULL, &local_error);
  if (base == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                     _("The stored document %s is missing from the store (%s)"), name, path);
      else
        g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot read the stored document %s: %s"), name,
                     local_error->message);
      return NULL;
    }
  return csl_blob_stream_new (G_INPUT_STREAM (base), sha256, size, name);
}

GInputStream *
csl_store_open_attachment (CslWorkspace         *ws,
                           const CslAttachment  *a,
                           GError              **error)
{
  return csl_store_open_blob (ws, a->sha256, a->size, a->file_name, error);
}

gboolean
csl_store_check_blob (CslWorkspace  *ws,
                      const char    *sha256,
                      gint64         size,
                      const char    *display_name,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GInputStream) stream = csl_store_open_blob (ws, sha256, size, display_name, error);
  g_autofree guint8 *buffer = NULL;
  gssize n;

  if (stream == NULL)
    return FALSE;
  buffer = g_malloc (COPY_BLOCK);
  while ((n = g_input_stream_read (stream, buffer, COPY_BLOCK, cancellable, error)) > 0)
    ;
  return n == 0;
}

GPtrArray *
csl_store_verify (CslWorkspace  *ws,
                  GCancellable  *cancellable,
                  GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_store_problem_free);
  /* sha256 -> NULL (good) or the message: a blob shared by several rows is read once. */
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int rc;

  stmt = csl_db_prepare (db, "SELECT id, filing_id, file_name, sha256, size FROM attachment ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    {
      g_autofree char *file_name = csl_stmt_dup_column_text (stmt, 2);
      g_autofree char *sha256 = csl_stmt_dup_column_text (stmt, 3);
      gint64 size = csl_stmt_column_int64 (stmt, 4);
      const char *message;
      gpointer cached;

      if (!g_hash_table_lookup_extended (seen, sha256 ? sha256 : "", NULL, &cached))
        {
          g_autoptr(GError) blob_error = NULL;

          if (!csl_store_check_blob (ws, sha256, size, file_name, cancellable, &blob_error))
            {
              if (g_error_matches (blob_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                {
                  g_propagate_error (error, g_steal_pointer (&blob_error));
                  return NULL;
                }
              cached = g_strdup (blob_error->message);
            }
          else
            cached = NULL;
          g_hash_table_insert (seen, g_strdup (sha256 ? sha256 : ""), cached);
        }
      message = cached;
      if (message != NULL)
        {
          CslStoreProblem *p = g_new0 (CslStoreProblem, 1);

          p->attachment_id = csl_stmt_column_int64 (stmt, 0);
          p->filing_id = csl_stmt_column_int64 (stmt, 1);
          p->file_name = g_steal_pointer (&file_name);
          p->sha256 = g_steal_pointer (&sha256);
          p->message = g_strdup (message);
          g_ptr_array_add (problems, p);
        }
    }
  if (rc != CSL_STMT_DONE)
    return NULL;
  return g_steal_pointer (&problems);
}

/* TRUE when it was removed: no live process holds its lock (see new_locked_temp()). */
static gboolean
remove_abandoned_temp (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  gboolean removed = FALSE;

  if (fd < 0)
    return FALSE;
  if (flock (fd, LOCK_EX | LOCK_NB) == 0)
    removed = g_unlink (path) == 0;
  close (fd);
  return removed;
}

static gboolean
is_fan_dir_name (const char *name)
{
  return strlen (name) == 2 && g_ascii_isxdigit (name[0]) && g_ascii_isxdigit (name[1]) &&
         !g_ascii_isupper (name[0]) && !g_ascii_isupper (name[1]);
}

static GHashTable *
referenced_blobs (CslDb   *db,
                  GError **error)
{
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, "SELECT DISTINCT sha256 FROM attachment", error);
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    g_hash_table_add (set, csl_stmt_dup_column_text (stmt, 0));
  if (rc != CSL_STMT_DONE)
    return NULL;
  return g_steal_pointer (&set);
}

static void
sweep_fan_dir (const char          *dir,
               const char          *fan,
               GHashTable          *referenced,
               CslStoreSweepResult *result)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (csl_atomic_is_temp_name (name))
        {
          if (remove_abandoned_temp (path))
            result->temp_files++;
        }
      else if (csl_store_sha256_valid (name) && strncmp (name, fan, 2) == 0 &&
               !g_hash_table_contains (referenced, name))
        {
          if (g_unlink (path) == 0)
            result->orphan_blobs++;
        }
      /* Anything else is not ours to delete. */
    }
}

gboolean
csl_store_sweep (CslWorkspace         *ws,
                 CslStoreSweepResult  *result,
                 GError              **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  const char *store = csl_workspace_get_store_path (ws);
  CslStoreSweepResult local = { 0 };
  g_autoptr(GHashTable) referenced = NULL;
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (result == NULL)
    result = &local;
  *result = (CslStoreSweepResult) { 0 };

  /* The write lock: no attach can put a blob in place and name it while we look. */
  if (!csl_db_begin (db, error))
    return FALSE;
  referenced = referenced_blobs (db, error);
  if (referenced == NULL)
    {
      csl_db_rollback (db);
      return FALSE;
    }
  d = g_dir_open (store, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (store, name, NULL);

      if (csl_atomic_is_temp_name (name))
        {
          if (remove_abandoned_temp (path))
            result->temp_files++;
        }
      else if (is_fan_dir_name (name) && g_file_test (path, G_FILE_TEST_IS_DIR))
        sweep_fan_dir (path, name, referenced, result);
    }
  if (csl_db_is_server (db))
    {
      g_autoptr(GError) server_error = NULL;
      guint removed = 0;

      /* The server's orphans too: what a client that died mid-way or an undo never taken left. */
      if (!csl_blob_pg_sweep (db, &removed, &server_error) || !csl_db_commit (db, &server_error))
        g_debug ("The server's unreferenced blobs stay until the next sweep: %s", server_error->message);
      result->orphan_blobs += removed;
    }
  csl_db_rollback (db);
  if (result->temp_files + result->orphan_blobs > 0)
    g_debug ("Store sweep removed %u temporary files and %u unreferenced blobs",
             result->temp_files, result->orphan_blobs);
  return TRUE;
}

typedef struct
{
  CslWorkspace        *ws;
  const CslAttachment *a;
  GCancellable        *cancellable;
  GError              *error;
} BlobCheck;

static gpointer
check_blob_thread (gpointer data)
{
  BlobCheck *check = data;

  csl_store_check_blob (check->ws, check->a->sha256, check->a->size, check->a->file_name, check->cancellable,
                        &check->error);
  return NULL;
}

cairo_surface_t *
csl_store_render_thumbnail (CslWorkspace         *ws,
                            const CslAttachment  *a,
                            int                   width,
                            GCancellable         *cancellable,
                            GError              **error)
{
  g_autofree char *path = csl_workspace_blob_path (ws, a->sha256);
  g_autoptr(GError) render_error = NULL;
  BlobCheck check = { ws, a, cancellable, NULL };
  cairo_surface_t *surface;
  GThread *checker;

  if (!csl_store_ensure_local (ws, a->sha256, a->size, a->file_name, cancellable, error))
    return NULL;

  /* The blob is hashed on another core while its first page is drawn; the drawing is kept only
   * if the blob is intact. */
  checker = g_thread_new ("csl-blob-check", check_blob_thread, &check);
  surface = csl_pdf_render_thumbnail (path, a->file_name, width, cancellable, &render_error);
  g_thread_join (checker);
  if (check.error != NULL)
    {
      g_clear_pointer (&surface, cairo_surface_destroy);
      g_propagate_error (error, check.error);
      return NULL;
    }
  if (surface == NULL)
    g_propagate_error (error, g_steal_pointer (&render_error));
  return surface;
}
