#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where the program finds its PDF helper, translations and settings schemas: the build tree's
 * copies when the running executable is inside the build tree it was built in (an
 * uninstalled `_build/src/cli/csl-filer-cli` needs no environment set up for it), else the
 * installed paths. The environment still wins: CSL_FILER_PDF_HELPER, CSL_FILER_LOCALEDIR and
 * GSETTINGS_SCHEMA_DIR. */
gboolean    csl_paths_uninstalled (void);
const char *csl_paths_pdf_helper  (void);
const char *csl_paths_locale_dir  (void);
/* For a GUI before GSettings is first used: makes the build tree's compiled schemas visible
 * to an uninstalled program (by GSETTINGS_SCHEMA_DIR, read by GIO). */
void        csl_paths_use_build_schemas (void);

G_END_DECLS
