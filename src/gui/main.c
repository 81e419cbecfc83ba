#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "csl-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CslApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* CSL_FILER_LOCALEDIR: the build tree's translations, for the tests and uninstalled runs. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CSL_FILER_LOCALEDIR") ? g_getenv ("CSL_FILER_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = csl_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
