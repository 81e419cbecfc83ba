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

static CslWorkspace *
open_workspace (const char  *dir,
                gboolean     read_only,
                GError     **error)
{
  g_autoptr(CslWorkspace) self = csl_workspace_handle_open (dir, read_only, error);

  if (self == NULL)
    return NULL;
  /* Read-only: what is there is read as it is, and nothing is tidied or imported. */
  if (csl_workspace_is_read_only (self))
    return g_steal_pointer (&self);

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

CslWorkspace *
csl_workspace_open (const char  *dir,
                    GError     **error)
{
  return open_workspace (dir, FALSE, error);
}

CslWorkspace *
csl_workspace_open_read_only (const char  *dir,
                              GError     **error)
{
  return open_workspace (dir, TRUE, error);
}
