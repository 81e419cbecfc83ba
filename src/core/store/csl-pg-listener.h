#pragma once

#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

/* Live changes of a team workspace: a connection of its own that LISTENs on "csl_changes",
 * where the server's triggers send {"entity":"filing","id":42,"op":"update"} after each
 * change, and turns each notification into csl_workspace_emit_changed() on the main context
 * it was created in. A GSource on the connection's socket wakes it: no polling, no thread.
 * When the server goes away, "connected" turns FALSE and it reconnects with backoff (0.25 s,
 * doubling, at most 30 s), again without blocking; back, "connected" turns TRUE and a
 * "changed" for every entity ("*") makes views reload what they missed. */

#define CSL_TYPE_PG_LISTENER (csl_pg_listener_get_type ())

G_DECLARE_FINAL_TYPE (CslPgListener, csl_pg_listener, CSL, PG_LISTENER, GObject)

#define CSL_PG_CHANNEL "csl_changes"

/* conninfo: a libpq URI or keyword/value string (with its password, if one is needed). Starts
 * connecting at once; "connected" says when it listens. */
CslPgListener *csl_pg_listener_new           (CslWorkspace  *workspace,
                                              const char    *conninfo);
gboolean       csl_pg_listener_get_connected (CslPgListener *self);
/* Why the last attempt failed (libpq's words), or NULL while connected. */
const char    *csl_pg_listener_get_error     (CslPgListener *self);
/* Milliseconds until the next reconnection attempt, 0 while connected or connecting. */
guint          csl_pg_listener_get_retry_ms  (CslPgListener *self);
/* Stops waiting and reconnects now (the banner's "Retry Now"). */
void           csl_pg_listener_retry         (CslPgListener *self);

/* The listener attached to a workspace (csl_pg_listener_attach()), or NULL. */
CslPgListener *csl_pg_listener_get_for       (CslWorkspace  *workspace);
/* The workspace keeps the listener for as long as it lives. */
void           csl_pg_listener_attach        (CslWorkspace  *workspace,
                                              CslPgListener *listener);

G_END_DECLS
