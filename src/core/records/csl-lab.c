#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "base/csl-date.h"
#include "base/csl-error.h"
#include "records/csl-lab.h"
#include "store/csl-record.h"

#define COL(type, field) CSL_COLUMN (CslLab, type, field)

static const CslColumn columns[] = {
  COL (CSL_COLUMN_TEXT, name),
  COL (CSL_COLUMN_TEXT, kind),
  COL (CSL_COLUMN_TEXT, accreditation_no),
  COL (CSL_COLUMN_TEXT, accredited_until),
  COL (CSL_COLUMN_TEXT, barred_until),
  COL (CSL_COLUMN_TEXT, barred_reason),
  COL (CSL_COLUMN_VERSION, version),
};

CslLab *
csl_lab_new (void)
{
  return g_new0 (CslLab, 1);
}

void
csl_lab_free (CslLab *lab)
{
  if (lab == NULL)
    return;
  csl_record_clear (columns, G_N_ELEMENTS (columns), lab);
  g_free (lab);
}

CslLab *
csl_lab_copy (const CslLab *lab)
{
  CslLab *c = csl_lab_new ();

  c->id = lab->id;
  c->name = g_strdup (lab->name);
  c->kind = g_strdup (lab->kind);
  c->accreditation_no = g_strdup (lab->accreditation_no);
  c->accredited_until = g_strdup (lab->accredited_until);
  c->barred_until = g_strdup (lab->barred_until);
  c->barred_reason = g_strdup (lab->barred_reason);
  return c;
}

CslLabKind
csl_lab_get_kind (const CslLab *lab)
{
  return g_strcmp0 (lab->kind, "in-house") == 0 ? CSL_LAB_IN_HOUSE : CSL_LAB_THIRD_PARTY;
}

gboolean
csl_lab_is_barred (const CslLab *lab,
                   const char   *on_date)
{
  return lab->barred_until != NULL && *lab->barred_until != '\0' &&
         g_strcmp0 (on_date, lab->barred_until) <= 0;
}

gboolean
csl_lab_validate (CslLab  *lab,
                  GError **error)
{
  CslLabKind kind;

  if (!csl_record_check_texts ("lab", columns, G_N_ELEMENTS (columns), NULL, lab, error))
    return FALSE;
  if (lab->name == NULL || *g_strstrip (lab->name) == '\0')
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("A lab needs a name"));
      return FALSE;
    }
  if (!csl_lab_kind_from_string (lab->kind, &kind, error))
    return FALSE;
  if (lab->accredited_until && *lab->accredited_until &&
      !csl_date_validate (lab->accredited_until, _("Accredited until"), error))
    return FALSE;
  if (lab->barred_until && *lab->barred_until &&
      !csl_date_validate (lab->barred_until, _("Barred until"), error))
    return FALSE;
  return TRUE;
}

gint64
csl_lab_add (CslWorkspace  *ws,
             CslLab        *lab,
             GError       **error)
{
  if (!csl_lab_validate (lab, error))
    return 0;
  lab->id = csl_record_add (ws, "lab", columns, G_N_ELEMENTS (columns), lab, error);
  return lab->id;
}

gint64
csl_lab_insert_in_transaction (CslWorkspace  *ws,
                               CslLab        *lab,
                               GError       **error)
{
  if (!csl_lab_validate (lab, error))
    return 0;
  lab->id = csl_record_insert (ws, "lab", columns, G_N_ELEMENTS (columns), lab, error);
  return lab->id;
}

gboolean
csl_lab_update_in_transaction (CslWorkspace  *ws,
                               const CslLab  *old,
                               CslLab        *lab,
                               GError       **error)
{
  return csl_lab_validate (lab, error) &&
         csl_record_update (ws, "lab", columns, G_N_ELEMENTS (columns), lab->id, old, lab, error);
}

gboolean
csl_lab_update (CslWorkspace  *ws,
                CslLab        *lab,
                GError       **error)
{
  g_autoptr(CslLab) old = NULL;

  if (!csl_lab_validate (lab, error))
    return FALSE;
  old = csl_lab_get (ws, lab->id, error);
  return old != NULL &&
         csl_record_save (ws, "lab", columns, G_N_ELEMENTS (columns), lab->id, old, lab, error);
}

CslLab *
csl_lab_get (CslWorkspace  *ws,
             gint64         id,
             GError       **error)
{
  g_autoptr(CslLab) lab = csl_lab_new ();
  int found = csl_record_load (ws, "lab", columns, G_N_ELEMENTS (columns), id, &lab->id, lab, error);

  if (found == 0)
    g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND,
                 _("No lab has the id %" PRId64 " (see “lab list”)"), id);
  return found == 1 ? g_steal_pointer (&lab) : NULL;
}

GPtrArray *
csl_lab_list (CslWorkspace  *ws,
              GError       **error)
{
  return csl_record_list (ws, "lab", columns, G_N_ELEMENTS (columns), sizeof (CslLab),
                          (GDestroyNotify) csl_lab_free, "ORDER BY name COLLATE NOCASE, id", error);
}
