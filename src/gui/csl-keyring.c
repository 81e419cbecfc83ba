#include "config.h"

#include <libsecret/secret.h>

#include "csl-keyring.h"
#include "csl-team-location.h"

G_DEFINE_INTERFACE (CslKeyring, csl_keyring, G_TYPE_OBJECT)

static void
csl_keyring_default_init (CslKeyringInterface *iface)
{
}

/* Keyed by the location without any password, so that one typed into a URI is never a key. */
char *
csl_keyring_lookup (CslKeyring  *self,
                    const char  *location,
                    GError     **error)
{
  g_autofree char *key = csl_team_location_strip_password (location);

  g_return_val_if_fail (CSL_IS_KEYRING (self), NULL);
  return CSL_KEYRING_GET_IFACE (self)->lookup (self, key, error);
}

gboolean
csl_keyring_store (CslKeyring  *self,
                   const char  *location,
                   const char  *password,
                   GError     **error)
{
  g_autofree char *key = csl_team_location_strip_password (location);

  g_return_val_if_fail (CSL_IS_KEYRING (self), FALSE);
  return CSL_KEYRING_GET_IFACE (self)->store (self, key, password, error);
}

gboolean
csl_keyring_forget (CslKeyring  *self,
                    const char  *location,
                    GError     **error)
{
  g_autofree char *key = csl_team_location_strip_password (location);

  g_return_val_if_fail (CSL_IS_KEYRING (self), FALSE);
  return CSL_KEYRING_GET_IFACE (self)->forget (self, key, error);
}

static CslKeyring *default_keyring;

CslKeyring *
csl_keyring_get_default (void)
{
  if (default_keyring == NULL)
    default_keyring = g_strcmp0 (g_getenv ("CSL_FILER_KEYRING"), "memory") == 0 ? csl_memory_keyring_new ()
                                                                                 : csl_secret_keyring_new ();
  return default_keyring;
}

void
csl_keyring_set_default (CslKeyring *keyring)
{
  g_set_object (&default_keyring, keyring);
}

/* In memory: for tests, and what a session without a keyring daemon would have. */

struct _CslMemoryKeyring
{
  GObject     parent_instance;
  GHashTable *passwords;
};

static void csl_memory_keyring_iface_init (CslKeyringInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CslMemoryKeyring, csl_memory_keyring, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CSL_TYPE_KEYRING, csl_memory_keyring_iface_init))

static char *
memory_lookup (CslKeyring  *keyring,
               const char  *location,
               GError     **error)
{
  return g_strdup (g_hash_table_lookup (CSL_MEMORY_KEYRING (keyring)->passwords, location));
}

static gboolean
memory_store (CslKeyring  *keyring,
              const char  *location,
              const char  *password,
              GError     **error)
{
  g_hash_table_insert (CSL_MEMORY_KEYRING (keyring)->passwords, g_strdup (location), g_strdup (password));
  return TRUE;
}

static gboolean
memory_forget (CslKeyring  *keyring,
               const char  *location,
               GError     **error)
{
  g_hash_table_remove (CSL_MEMORY_KEYRING (keyring)->passwords, location);
  return TRUE;
}

static void
csl_memory_keyring_iface_init (CslKeyringInterface *iface)
{
  iface->lookup = memory_lookup;
  iface->store = memory_store;
  iface->forget = memory_forget;
}

static void
csl_memory_keyring_finalize (GObject *object)
{
  g_hash_table_unref (CSL_MEMORY_KEYRING (object)->passwords);
  G_OBJECT_CLASS (csl_memory_keyring_parent_class)->finalize (object);
}

static void
csl_memory_keyring_class_init (CslMemoryKeyringClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = csl_memory_keyring_finalize;
}

static void
csl_memory_keyring_init (CslMemoryKeyring *self)
{
  /* Passwords are wiped, not only freed, when forgotten. */
  self->passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) secret_password_free);
}

CslKeyring *
csl_memory_keyring_new (void)
{
  return g_object_new (CSL_TYPE_MEMORY_KEYRING, NULL);
}

/* The desktop's keyring (GNOME Keyring, KWallet) through the Secret Service. */

struct _CslSecretKeyring
{
  GObject parent_instance;
};

static void csl_secret_keyring_iface_init (CslKeyringInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CslSecretKeyring, csl_secret_keyring, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CSL_TYPE_KEYRING, csl_secret_keyring_iface_init))

static const SecretSchema *
team_schema (void)
{
  static const SecretSchema schema = {
    "io.github.cslfiler.CslFiler.TeamWorkspace", SECRET_SCHEMA_NONE,
    {
      { "location", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };

  return &schema;
}

static char *
secret_lookup (CslKeyring  *keyring,
               const char  *location,
               GError     **error)
{
  char *found = secret_password_lookup_sync (team_schema (), NULL, error, "location", location, NULL);
  char *copy = g_strdup (found);

  secret_password_free (found);
  return copy;
}

static gboolean
secret_store (CslKeyring  *keyring,
              const char  *location,
              const char  *password,
              GError     **error)
{
  g_autofree char *label = g_strdup_printf ("CSL Filer team workspace %s", location);

  return secret_password_store_sync (team_schema (), SECRET_COLLECTION_DEFAULT, label, password, NULL, error,
                                     "location", location, NULL);
}

static gboolean
secret_forget (CslKeyring  *keyring,
               const char  *location,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  secret_password_clear_sync (team_schema (), NULL, &local_error, "location", location, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static void
csl_secret_keyring_iface_init (CslKeyringInterface *iface)
{
  iface->lookup = secret_lookup;
  iface->store = secret_store;
  iface->forget = secret_forget;
}

static void
csl_secret_keyring_class_init (CslSecretKeyringClass *klass)
{
}

static void
csl_secret_keyring_init (CslSecretKeyring *self)
{
}

CslKeyring *
csl_secret_keyring_new (void)
{
  return g_object_new (CSL_TYPE_SECRET_KEYRING, NULL);
}
