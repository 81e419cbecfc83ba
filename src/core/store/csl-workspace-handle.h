#pragma once

#include <gio/gio.h>

#include "store/csl-db.h"

G_BEGIN_DECLS

#define CSL_TYPE_WORKSPACE (csl_workspace_get_type ())

G_DECLARE_FINAL_TYPE (CslWorkspace, csl_workspace, CSL, WORKSPACE, GObject)

/* The open workspace as records, documents and lifecycle see it: its database, its blob
 * folder, who is writing (for the audit trail) and the "changed" signal. Opening one, with the
 * catalogue import and the tidying that go with it, is workspace/csl-workspace.h's job. */

/* Creates the folder and its store if missing and opens (creating or upgrading) the database. */
/* read_only: an existing workspace for reading only (csl_db_open_read_only()); otherwise one
 * the user may not write is still opened read-only. */
CslWorkspace *csl_workspace_handle_open     (const char    *dir,
                                             gboolean       read_only,
                                             GError       **error);
/* Opened for reading only (see csl_db_is_read_only()). */
gboolean      csl_workspace_is_read_only    (CslWorkspace  *self);
/* An existing workspace for reading only (see csl_db_open_read_only()); csl_workspace_open()
 * also opens one read-only when the user may not write it. */
CslWorkspace *csl_workspace_open_read_only  (const char    *dir,
                                             GError       **error);
const char   *csl_workspace_get_path        (CslWorkspace  *self);
const char   *csl_workspace_get_store_path  (CslWorkspace  *self);
CslDb        *csl_workspace_get_db          (CslWorkspace  *self);
/* Opened for reading only (see csl_db_is_read_only()). */
gboolean      csl_workspace_is_read_only    (CslWorkspace  *self);
/* Where the store keeps the blob with this SHA-256 (hex): store/<first two hex digits>/<hex>. */
char         *csl_workspace_blob_path       (CslWorkspace  *self,
                                             const char    *sha256_hex);

/* Which interface the audit trail records for changes made through this handle. */
void          csl_workspace_set_interface   (CslWorkspace  *self,
                                             const char    *via);
const char   *csl_workspace_get_interface   (CslWorkspace  *self);

/* Who the audit trail names for changes made through this handle (default: the login). */
void          csl_workspace_set_user        (CslWorkspace  *self,
                                             const char    *user);
const char   *csl_workspace_get_user        (CslWorkspace  *self);

/* Emitted after a committed change, so views can refresh. */
void          csl_workspace_emit_changed    (CslWorkspace  *self,
                                             const char    *entity);

gboolean      csl_workspace_audit           (CslWorkspace  *self,
                                             const char    *entity,
                                             gint64         entity_id,
                                             const char    *field,
                                             const char    *old_value,
                                             const char    *new_value,
                                             GError       **error);

G_END_DECLS
