#include "config.h"

#include "base/csl-paths.h"

/* Whether the executable lives under the build root it was configured in: a copy installed
 * anywhere else uses the installed paths. */
static const char *
build_root (void)
{
  static gsize once;
  static const char *root;

  if (g_once_init_enter (&once))
    {
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
      g_autofree char *canonical_root = g_canonicalize_filename (CSL_BUILD_ROOT, "/");
      g_autofree char *prefix = g_strconcat (canonical_root, G_DIR_SEPARATOR_S, NULL);

      if (exe != NULL && g_str_has_prefix (exe, prefix))
        root = g_steal_pointer (&canonical_root);
      g_once_init_leave (&once, 1);
    }
  return root;
}

gboolean
csl_paths_uninstalled (void)
{
  return build_root () != NULL;
}

static const char *
env_or (const char  *variable,
        const char  *build_relative,
        const char  *installed,
        char       **cache)
{
  const char *value = g_getenv (variable);

  if (value != NULL && *value != '\0')
    return value;
  if (build_root () == NULL)
    return installed;
  if (g_once_init_enter (cache))
    g_once_init_leave (cache, g_build_filename (build_root (), build_relative, NULL));
  return *cache;
}

const char *
csl_paths_pdf_helper (void)
{
  static char *path;

  return env_or ("CSL_FILER_PDF_HELPER", "src/pdf-helper/csl-filer-pdf-helper", PDF_HELPER_PATH, &path);
}

const char *
csl_paths_locale_dir (void)
{
  static char *path;

  return env_or ("CSL_FILER_LOCALEDIR", "po", LOCALEDIR, &path);
}

void
csl_paths_use_build_schemas (void)
{
  g_autofree char *dir = NULL;
  const char *existing = g_getenv ("GSETTINGS_SCHEMA_DIR");

  if (build_root () == NULL)
    return;
  dir = g_build_filename (build_root (), "data", NULL);
  /* GIO reads the variable once, when the default schema source is first made: this runs
   * before that, in main(). Schemas named by the environment still come first. */
  if (existing != NULL && *existing != '\0')
    {
      g_autofree char *both = g_strconcat (existing, G_SEARCHPATH_SEPARATOR_S, dir, NULL);
      g_setenv ("GSETTINGS_SCHEMA_DIR", both, TRUE);
    }
  else
    g_setenv ("GSETTINGS_SCHEMA_DIR", dir, TRUE);
}
