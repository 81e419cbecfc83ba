#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The team workspace's schema on PostgreSQL: one twin of every SQLite migration
 * (store/csl-migrations.c), so that a version number means the same tables on both backends.
 * Private to store/. */
int          csl_schema_pg_latest (void);
const char  *csl_schema_pg_sql    (int version);

G_END_DECLS
