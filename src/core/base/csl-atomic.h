#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A file that appears under its final name complete or not at all: written to a temporary
 * file in the same folder, fsynced, renamed over the target, and the folder fsynced. */
typedef struct _CslAtomicFile CslAtomicFile;

CslAtomicFile *csl_atomic_file_new        (const char     *path,
                                           int             mode,
                                           GError        **error);
/* For a file whose name is known only once it is written (a blob named by its SHA-256): the
 * temporary ".NAME.tmp-XXXXXX" is made in temp_dir, and csl_atomic_file_commit_as() renames it
 * to a path on the same file system. */
CslAtomicFile *csl_atomic_file_new_in     (const char     *temp_dir,
                                           const char     *name,
                                           int             mode,
                                           GError        **error);
/* csl_atomic_file_new() whose temporary is locked (flock) while this writer lives, so that
 * csl_atomic_sweep_abandoned() in another process leaves it alone. */
CslAtomicFile *csl_atomic_file_new_locked (const char     *path,
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
gboolean       csl_atomic_file_commit_as  (CslAtomicFile  *file,
                                           const char     *path,
                                           GError        **error);
/* Whether name is a temporary file this module makes (for sweeping after a crash). */
gboolean       csl_atomic_is_temp_name    (const char     *name);
/* Removes the ".NAME<suffix>.tmp-XXXXXX" files in dir that locked writers left behind when
 * they were killed (or, on a file system without locks, that are older than a day). Returns
 * how many; a folder that cannot be read is left alone. */
guint          csl_atomic_sweep_abandoned (const char     *dir,
                                           const char     *suffix);
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
