#pragma once

#include <cairo.h>

#include "base/csl-model.h"
#include "documents/csl-pdf.h"
#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

/* The attachment store: each filing document is copied into the workspace's store/ under its
 * SHA-256 (one copy however often it is attached), durable before the database row that
 * names it commits, and checked against its hash whenever it is read. */

typedef struct
{
  gint64           id;
  gint64           filing_id;
  CslMaterialKind  kind;
  char            *file_name;           /* the original's base name, for people */
  gint64           size;
  char            *sha256;              /* lower-case hex: the blob's name */
  int              page_count;
  double           page_width_pt;       /* first page */
  double           page_height_pt;
  char            *pdf_title;
  char            *pdf_producer;
  char            *report_number_found; /* a report number read from the text, or NULL */
  char            *text_excerpt;        /* the text's start, for previews */
  char            *attached_at;         /* ISO 8601 UTC time stamp */
} CslAttachment;

/* A stored document that cannot be used any more. */
typedef struct
{
  gint64  attachment_id;
  gint64  filing_id;
  char   *file_name;
  char   *sha256;
  char   *message;      /* translated: missing, wrong size or wrong hash */
} CslStoreProblem;

typedef struct
{
  guint temp_files;     /* temporary copies a crashed attach left behind */
  guint orphan_blobs;   /* blobs no attachment names any more */
} CslStoreSweepResult;

void             csl_attachment_free         (CslAttachment       *a);
void             csl_store_problem_free      (CslStoreProblem     *p);
gboolean         csl_store_sha256_valid      (const char          *sha256);

/* Checks the file (csl_pdf_inspect: refused with nothing written if it is empty, over
 * max_size bytes, not a PDF, damaged or password-protected), copies it into the store in one
 * pass that also hashes it, extracts its text, and records the row (audited). path may then
 * move or vanish. Codes: those of csl_pdf_sniff() and csl_pdf_inspect(), CSL_ERROR_NOT_FOUND
 * for the filing, G_IO_ERROR_CANCELLED. Equivalent to csl_store_stage() + csl_store_commit(). */
CslAttachment   *csl_store_attach            (CslWorkspace        *ws,
                                              gint64               filing_id,
                                              CslMaterialKind      kind,
                                              const char          *path,
                                              guint64              max_size,
                                              GCancellable        *cancellable,
                                              GError             **error);

/* The two halves of an attach, for a GUI: staging is the slow part (copy, hash, fsync, poppler)
 * and touches no database, so it may run in a worker thread; committing is quick and runs
 * where the workspace's database is used. A staged copy holds a lock that keeps sweeps away;
 * freeing an uncommitted one removes it. */
typedef struct _CslStoreStaged CslStoreStaged;

CslStoreStaged   *csl_store_stage            (CslWorkspace        *ws,
                                              const char          *path,
                                              guint64              max_size,
                                              GCancellable        *cancellable,
                                              GError             **error);
/* Also draws the first page at thumbnail_width pixels (if > 0) in the same pass of the PDF
 * helper: csl_store_staged_get_info()->thumbnail, NULL if the page could not be drawn. */
CslStoreStaged   *csl_store_stage_full       (CslWorkspace        *ws,
                                              const char          *path,
                                              guint64              max_size,
                                              int                  thumbnail_width,
                                              GCancellable        *cancellable,
                                              GError             **error);
const CslPdfInfo *csl_store_staged_get_info  (CslStoreStaged      *staged);
const char       *csl_store_staged_get_sha256 (CslStoreStaged     *staged);
/* The checked copy, e.g. for csl_pdf_render_thumbnail() before the user confirms. */
const char       *csl_store_staged_get_path  (CslStoreStaged      *staged);
void              csl_store_staged_free      (CslStoreStaged      *staged);
CslAttachment    *csl_store_commit           (CslWorkspace        *ws,
                                              gint64               filing_id,
                                              CslMaterialKind      kind,
                                              CslStoreStaged      *staged,
                                              GError             **error);

/* Removes the row (audited) and, when no other row names it, the blob. */
gboolean         csl_store_detach            (CslWorkspace        *ws,
                                              gint64               filing_id,
                                              gint64               attachment_id,
                                              GError             **error);
/* A removal that can be undone (the app's Undo toast): the row goes at once (audited) but the
 * blob stays until the next sweep, so that csl_store_undo_detach() can put the same document
 * back, audited as a new attach. */
typedef struct _CslStoreRemoved CslStoreRemoved;
CslStoreRemoved *csl_store_detach_for_undo   (CslWorkspace        *ws,
                                              gint64               filing_id,
                                              gint64               attachment_id,
                                              GError             **error);
CslAttachment   *csl_store_undo_detach       (CslWorkspace        *ws,
                                              CslStoreRemoved     *removed,
                                              GError             **error);
void             csl_store_removed_free      (CslStoreRemoved     *removed);
GPtrArray       *csl_store_list              (CslWorkspace        *ws,
                                              gint64               filing_id,
                                              GError             **error);
CslAttachment   *csl_store_get               (CslWorkspace        *ws,
                                              gint64               attachment_id,
                                              GError             **error);
/* The full extracted text ("" for a PDF without a text layer). */
char            *csl_store_get_text          (CslWorkspace        *ws,
                                              gint64               attachment_id,
                                              GError             **error);

/* The blob as a stream that fails with CSL_ERROR_DAMAGED at its end unless its bytes
 * still have this SHA-256 and size (see csl-blob-stream.h): read it to the end before
 * trusting what was read. The bundle streams documents into the ZIP this way. */
/* On a team workspace, where the server holds the documents and the store is a cache of
 * them: fetches the blob into the cache unless it is there (CSL_ERROR_DAMAGED, with nothing
 * cached, when the server's copy is missing or fails its size or SHA-256). Nothing to do on a
 * workspace folder. */
gboolean         csl_store_ensure_local      (CslWorkspace        *ws,
                                              const char          *sha256,
                                              gint64               size,
                                              const char          *display_name,
                                              GCancellable        *cancellable,
                                              GError             **error);
/* Makes ws's store hold the document that from's holds under sha256 (a workspace copy), in
 * the caller's transaction: read once and checked against its SHA-256 as it is read, written
 * beside its final name and fsynced, and on a team workspace sent to the server too. */
gboolean         csl_store_import_blob       (CslWorkspace        *ws,
                                              CslWorkspace        *from,
                                              const char          *sha256,
                                              gint64               size,
                                              const char          *display_name,
                                              GCancellable        *cancellable,
                                              GError             **error);
/* On a team workspace: drops a cached copy found damaged, so that the next reader fetches the
 * server's. Nothing on a workspace folder, whose store is the only copy. */
void             csl_store_forget_cached     (CslWorkspace        *ws,
                                              const char          *sha256);
GInputStream    *csl_store_open_blob         (CslWorkspace        *ws,
                                              const char          *sha256,
                                              gint64               size,
                                              const char          *display_name,
                                              GError             **error);
GInputStream    *csl_store_open_attachment   (CslWorkspace        *ws,
                                              const CslAttachment *a,
                                              GError             **error);
/* Reads the whole blob: FALSE with CSL_ERROR_DAMAGED (or _IO when it is gone). */
gboolean         csl_store_check_blob        (CslWorkspace        *ws,
                                              const char          *sha256,
                                              gint64               size,
                                              const char          *display_name,
                                              GCancellable        *cancellable,
                                              GError             **error);
/* Every attachment whose blob is missing or damaged (empty: all good). Reads every blob. */
GPtrArray       *csl_store_verify            (CslWorkspace        *ws,
                                              GCancellable        *cancellable,
                                              GError             **error);
/* Removes what a crash left: temporary copies no live process holds, and blobs no row names.
 * Runs under the database's write lock so that it never races an attach. Called by
 * csl_workspace_open(); result may be NULL. */
gboolean         csl_store_sweep             (CslWorkspace        *ws,
                                              CslStoreSweepResult *result,
                                              GError             **error);

/* The first page at width pixels on white, after reading the whole blob to check its hash.
 * Touches no database: fine in a worker thread. */
cairo_surface_t *csl_store_render_thumbnail  (CslWorkspace        *ws,
                                              const CslAttachment *a,
                                              int                  width,
                                              GCancellable        *cancellable,
                                              GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslAttachment, csl_attachment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslStoreRemoved, csl_store_removed_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslStoreProblem, csl_store_problem_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslStoreStaged, csl_store_staged_free)

G_END_DECLS
