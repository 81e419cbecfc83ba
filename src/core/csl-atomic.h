#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A file that appears under its final name complete or not at all: written to a temporary
 * file in the same folder, fsynced, renamed over the target, and the folder fsynced. */
typedef struct _CslAtomicFile CslAtomicFile;

CslAtomicFile *csl_atomic_file_new        (const char     *path,
                                           int             mode,
                                           GError        **error);
int            csl_atomic_file_get_fd     (CslAtomicFile  *file);
const char    *csl_atomic_file_get_temp_path (CslAtomicFile *file);
/* Owned by the file; valid until commit or free. */
GOutputStream *csl_atomic_file_get_stream (CslAtomicFile  *file);
gboolean       csl_atomic_file_write      (CslAtomicFile  *file,
                                           const void     *data,
                                           gsize           len,
                                           GError        **error);
gboolean       csl_atomic_file_commit     (CslAtomicFile  *file,
                                           GError        **error);
/* Frees; an uncommitted file's temporary is removed, so nothing half-written remains. */
void           csl_atomic_file_free       (CslAtomicFile  *file);

gboolean       csl_file_set_contents_atomic (const char   *path,
                                             const void   *data,
                                             gsize         len,
                                             int           mode,
                                             GError      **error);
gboolean       csl_fsync_directory          (const char   *dir,
                                             GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslAtomicFile, csl_atomic_file_free)

G_END_DECLS
