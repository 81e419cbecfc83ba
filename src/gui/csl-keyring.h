#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where team workspace passwords are kept, by location (without its password): the desktop's
 * keyring through libsecret in the app, memory in tests, so that no test needs a keyring
 * daemon. Never GSettings. */

#define CSL_TYPE_KEYRING (csl_keyring_get_type ())

G_DECLARE_INTERFACE (CslKeyring, csl_keyring, CSL, KEYRING, GObject)

struct _CslKeyringInterface
{
  GTypeInterface parent_iface;

  char     *(*lookup) (CslKeyring  *self,
                       const char  *location,
                       GError     **error);
  gboolean  (*store)  (CslKeyring  *self,
                       const char  *location,
                       const char  *password,
                       GError     **error);
  gboolean  (*forget) (CslKeyring  *self,
                       const char  *location,
                       GError     **error);
};

/* NULL without an error: no password kept for this location. */
char       *csl_keyring_lookup      (CslKeyring  *self,
                                     const char  *location,
                                     GError     **error);
gboolean    csl_keyring_store       (CslKeyring  *self,
                                     const char  *location,
                                     const char  *password,
                                     GError     **error);
gboolean    csl_keyring_forget      (CslKeyring  *self,
                                     const char  *location,
                                     GError     **error);

/* The app's keyring: libsecret's, or the memory one when CSL_FILER_KEYRING=memory (tests). */
CslKeyring *csl_keyring_get_default (void);
void        csl_keyring_set_default (CslKeyring  *keyring);

#define CSL_TYPE_MEMORY_KEYRING (csl_memory_keyring_get_type ())
G_DECLARE_FINAL_TYPE (CslMemoryKeyring, csl_memory_keyring, CSL, MEMORY_KEYRING, GObject)
CslKeyring *csl_memory_keyring_new  (void);

#define CSL_TYPE_SECRET_KEYRING (csl_secret_keyring_get_type ())
G_DECLARE_FINAL_TYPE (CslSecretKeyring, csl_secret_keyring, CSL, SECRET_KEYRING, GObject)
CslKeyring *csl_secret_keyring_new  (void);

G_END_DECLS
