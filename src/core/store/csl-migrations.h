#pragma once

#include "store/csl-db.h"

G_BEGIN_DECLS

int      csl_migrations_latest (void);
gboolean csl_migrations_apply  (CslDb   *db,
                                int      version,
                                GError **error);

G_END_DECLS
