#pragma once

#include <json-glib/json-glib.h>

#include "documents/csl-store.h"

G_BEGIN_DECLS

void csl_json_add_attachment     (JsonBuilder            *b,
                                  const CslAttachment    *a);

G_END_DECLS
