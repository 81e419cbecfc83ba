#include "config.h"

#include <glib/gi18n-lib.h>

#include "base/csl-date.h"
#include "base/csl-error.h"
#include "records/csl-manufacturer.h"
#include "records/csl-owner.h"
#include "store/csl-record.h"
#include "base/csl-uscc.h"

#define OCOL(type, field) CSL_COLUMN (CslOwner, type, field)
#define ACOL(type, field) CSL_COLUMN (CslAuthorization, type, field)

static const CslColumn owner_columns[] = {
  OCOL (CSL_COLUMN_TEXT, kind),
  OCOL (CSL_COLUMN_INT64, manufacturer_id),
  OCOL (CSL_COLUMN_TEXT, agent_name),
  OCOL (CSL_COLUMN_TEXT, agent_uscc),
  OCOL (CSL_COLUMN_TEXT, agent_address),
  OCOL (CSL_COLUMN_TEXT, agent_contact),
};

static const CslColumn authorization_columns[] = {
  ACOL (CSL_COLUMN_INT64, manufacturer_id),
  ACOL (CSL_COLUMN_TEXT, letter_ref),
  ACOL (CSL_COLUMN_TEXT, valid_from),
  ACOL (CSL_COLUMN_TEXT, valid_until),
};

void
csl_owner_free (CslOwner *owner)
{
  if (owner == NULL)
    return;
  csl_record_clear (owner_columns, G_N_ELEMENTS (owner_columns), owner);
  g_free (owner);
}

gboolean
csl_owner_is_agent (const CslOwner *owner)
{
  return owner != NULL && g_strcmp0 (owner->kind, "agent") == 0;
}

CslOwner *
csl_owner_get (CslWorkspace  *ws,
               GError       **error)
{
  g_autoptr(CslOwner) owner = g_new0 (CslOwner, 1);
  gint64 id = 0;

  /* An unset owner is a normal state of a new workspace, not an error. */
  if (csl_record_load (ws, "owner", owner_columns, G_N_ELEMENTS (owner_columns), 1, &id, owner, error) < 0)
    return NULL;
  return g_steal_pointer (&owner);
}

gboolean
csl_owner_set (CslWorkspace  *ws,
               CslOwner      *owner,
               GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslOwner) old = NULL;
  gboolean ok;

  if (g_strcmp0 (owner->kind, "manufacturer") == 0)
    {
      g_autoptr(CslManufacturer) m = csl_manufacturer_get (ws, owner->manufacturer_id, error);
      if (m == NULL)
        return FALSE;
    }
  else if (g_strcmp0 (owner->kind, "agent") == 0)
    {
      if (owner->agent_name == NULL || *owner->agent_name == '\0')
        {
          g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("An agent needs a name"));
          return FALSE;
        }
      if (owner->agent_uscc && *owner->agent_uscc)
        {
          g_autofree char *uscc = csl_uscc_normalize (owner->agent_uscc);
          if (!csl_uscc_validate (uscc, FALSE, error))
            return FALSE;
          g_free (owner->agent_uscc);
          owner->agent_uscc = g_steal_pointer (&uscc);
        }
    }
  else
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("Workspace owner kind “%s” is not “manufacturer” or “agent”"),
                   owner->kind ? owner->kind : "");
      return FALSE;
    }

  old = csl_owner_get (ws, error);
  if (old == NULL || !csl_db_begin (db, error))
    return FALSE;
  ok = csl_db_exec (db, "INSERT OR IGNORE INTO owner (id, kind, manufacturer_id, agent_name) "
                        "VALUES (1, 'agent', NULL, '')", error) &&
       csl_record_update (ws, "owner", owner_columns, G_N_ELEMENTS (owner_columns), 1, old, owner, error) &&
       csl_db_commit (db, error);
  if (!ok)
    {
      csl_db_rollback (db);
      return FALSE;
    }
  csl_workspace_emit_changed (ws, "owner");
  return TRUE;
}

void
csl_authorization_free (CslAuthorization *a)
{
  if (a == NULL)
    return;
  csl_record_clear (authorization_columns, G_N_ELEMENTS (authorization_columns), a);
  g_free (a);
}

gint64
csl_authorization_add (CslWorkspace      *ws,
                       CslAuthorization  *a,
                       GError           **error)
{
  g_autoptr(CslManufacturer) m = NULL;

  if (a->letter_ref == NULL || *a->letter_ref == '\0')
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("An authorisation needs the letter’s reference"));
      return 0;
    }
  if (!csl_date_validate (a->valid_from, _("Valid from"), error) ||
      !csl_date_validate (a->valid_until, _("Valid until"), error))
    return 0;
  if (g_strcmp0 (a->valid_from, a->valid_until) > 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("The authorisation ends (%s) before it starts (%s)"), a->valid_until, a->valid_from);
      return 0;
    }
  m = csl_manufacturer_get (ws, a->manufacturer_id, error);
  if (m == NULL)
    return 0;
  a->id = csl_record_add (ws, "authorization", authorization_columns,
                          G_N_ELEMENTS (authorization_columns), a, error);
  return a->id;
}

GPtrArray *
csl_authorization_list (CslWorkspace  *ws,
                        gint64         manufacturer_id,
                        GError       **error)
{
  g_autofree char *where = manufacturer_id > 0
    ? g_strdup_printf ("WHERE manufacturer_id = %" G_GINT64_FORMAT " ORDER BY valid_until DESC, id", manufacturer_id)
    : g_strdup ("ORDER BY manufacturer_id, valid_until DESC, id");

  return csl_record_list (ws, "authorization", authorization_columns, G_N_ELEMENTS (authorization_columns),
                          sizeof (CslAuthorization), (GDestroyNotify) csl_authorization_free, where, error);
}

CslAuthorization *
csl_authorization_find_valid (CslWorkspace  *ws,
                              gint64         manufacturer_id,
                              const char    *on_date,
                              GError       **error)
{
  g_autoptr(GPtrArray) all = csl_authorization_list (ws, manufacturer_id, error);

  if (all == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    {
      CslAuthorization *a = all->pdata[i];

      if (g_strcmp0 (a->valid_from, on_date) <= 0 && g_strcmp0 (on_date, a->valid_until) <= 0)
        return g_ptr_array_steal_index (all, i);
    }
  return NULL;
}
