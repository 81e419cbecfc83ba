#pragma once

#include <glib.h>

G_BEGIN_DECLS

int         csl_migrations_latest (void);
const char *csl_migrations_sql (int version);

G_END_DECLS
