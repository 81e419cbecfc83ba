#pragma once

#include <json-glib/json-glib.h>

#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

/* One entry of the append-only audit trail: what changed, when, and through which interface. */
typedef struct
{
  gint64  id;
  char   *at;          /* ISO 8601 UTC time stamp */
  char   *entity;      /* "filing", "product", "manufacturer", "lab", "authorization", … */
  gint64  entity_id;
  char   *field;       /* a column, "param:NAME", "created", "attachment", "successor_id" … */
  char   *old_value;   /* NULL: unset */
  char   *new_value;
  char   *via;         /* "cli", "gui" or "core" */
  char   *who;         /* the login or server role that made the change; NULL before version 6 */
} CslAuditEntry;

void       csl_audit_entry_free       (CslAuditEntry       *entry);
/* The entries of one entity, oldest first. */
GPtrArray *csl_audit_list             (CslWorkspace        *ws,
                                       const char          *entity,
                                       gint64               entity_id,
                                       GError             **error);
/* A filing's history: its own entries and its product's, oldest first. */
GPtrArray *csl_audit_list_for_filing  (CslWorkspace        *ws,
                                       gint64               filing_id,
                                       GError             **error);
void       csl_json_add_audit_entry   (JsonBuilder         *b,
                                       const CslAuditEntry *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslAuditEntry, csl_audit_entry_free)

G_END_DECLS
