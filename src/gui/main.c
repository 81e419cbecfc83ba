#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "base/csl-paths.h"
#include "csl-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CslApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* From the build tree when run from it (CSL_FILER_LOCALEDIR overrides). */
  bindtextdomain (GETTEXT_PACKAGE, csl_paths_locale_dir ());
  csl_paths_use_build_schemas ();
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = csl_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
