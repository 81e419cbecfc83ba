#pragma once

#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

/* Who keeps this workspace: a manufacturer filing for itself, or an agent filing for several
 * manufacturers, each under a letter of authorisation (Art. 8(7)). */
typedef struct
{
  char   *kind;              /* "manufacturer" or "agent"; NULL: not set up yet */
  gint64  manufacturer_id;
  char   *agent_name;
  char   *agent_uscc;
  char   *agent_address;
  char   *agent_contact;
} CslOwner;

typedef struct
{
  gint64  id;
  gint64  manufacturer_id;
  char   *letter_ref;
  char   *valid_from;
  char   *valid_until;
} CslAuthorization;

void              csl_owner_free                 (CslOwner          *owner);
CslOwner         *csl_owner_get                  (CslWorkspace      *ws,
                                                  GError           **error);
gboolean          csl_owner_set                  (CslWorkspace      *ws,
                                                  CslOwner          *owner,
                                                  GError           **error);
gboolean          csl_owner_is_agent             (const CslOwner    *owner);

void              csl_authorization_free         (CslAuthorization  *a);
gint64            csl_authorization_add          (CslWorkspace      *ws,
                                                  CslAuthorization  *a,
                                                  GError           **error);
GPtrArray        *csl_authorization_list         (CslWorkspace      *ws,
                                                  gint64             manufacturer_id,
                                                  GError           **error);
/* The authorisation for manufacturer_id valid on the date, or NULL (no error) if none is. */
CslAuthorization *csl_authorization_find_valid   (CslWorkspace      *ws,
                                                  gint64             manufacturer_id,
                                                  const char        *on_date,
                                                  GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslOwner, csl_owner_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslAuthorization, csl_authorization_free)

G_END_DECLS
