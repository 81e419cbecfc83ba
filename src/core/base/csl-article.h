#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Article references are stored and exchanged as codes ("Art. 8(2)", "Art. 15-16": findings,
 * deadlines, the manifest, JSON); people read them in their language (第8条第(2)项). The
 * translated reference, valid for the life of the program; the code itself when it is not one. */
const char *csl_article_text (const char *code);

G_END_DECLS
