#include "config.h"

#include <glib/gi18n-lib.h>

#include "documents/csl-store.h"
#include "records/csl-catalogue.h"
#include "workspace/csl-workspace.h"

char *
csl_workspace_default_dir (void)
{
  const char *env = g_getenv ("CSL_FILER_WORKSPACE");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "csl-filer", NULL);
}

CslWorkspace *
csl_workspace_open (const char  *dir,
                    GError     **error)
{
  g_autoptr(CslWorkspace) self = csl_workspace_handle_open (dir, error);

  if (self == NULL)
    return NULL;

  /* A new or older workspace gets the catalogue batches this program ships. */
  if (!csl_catalogue_import_builtin (self, error))
    return NULL;

  /* A crash during an attach or a detach leaves files nobody will ask for; the workspace is
   * usable without this, so a failure (another process holding the lock) only postpones it. */
  {
    g_autoptr(GError) sweep_error = NULL;

    if (!csl_store_sweep (self, NULL, &sweep_error))
      g_message ("The attachment store of %s was not tidied up: %s", csl_workspace_get_path (self), sweep_error->message);
  }

  return g_steal_pointer (&self);
}

