#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "base/csl-date.h"
#include "base/csl-error.h"
#include "records/csl-manufacturer.h"
#include "store/csl-record.h"
#include "base/csl-uscc.h"

#define COL(type, field) CSL_COLUMN (CslManufacturer, type, field)

static const CslColumn columns[] = {
  COL (CSL_COLUMN_TEXT, name_zh),
  COL (CSL_COLUMN_TEXT, name_en),
  COL (CSL_COLUMN_TEXT, uscc),
  COL (CSL_COLUMN_INT, uscc_check_accepted),
  COL (CSL_COLUMN_TEXT, address),
  COL (CSL_COLUMN_TEXT, contact),
  COL (CSL_COLUMN_TEXT, phone),
  COL (CSL_COLUMN_TEXT, email),
  COL (CSL_COLUMN_TEXT, barred_until),
  COL (CSL_COLUMN_TEXT, barred_reason),
  COL (CSL_COLUMN_VERSION, version),
};

CslManufacturer *
csl_manufacturer_new (void)
{
  return g_new0 (CslManufacturer, 1);
}

void
csl_manufacturer_free (CslManufacturer *m)
{
  if (m == NULL)
    return;
  csl_record_clear (columns, G_N_ELEMENTS (columns), m);
  g_free (m);
}

CslManufacturer *
csl_manufacturer_copy (const CslManufacturer *m)
{
  CslManufacturer *c = g_memdup2 (m, sizeof *m);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (columns[i].type == CSL_COLUMN_TEXT)
      {
        char **field = (char **) ((guint8 *) c + columns[i].offset);
        *field = g_strdup (*field);
      }
  return c;
}

const char *
csl_manufacturer_display_name (const CslManufacturer *m)
{
  return (m->name_zh && *m->name_zh) ? m->name_zh : m->name_en;
}

static gboolean
blank (const char *s)
{
  return s == NULL || *s == '\0';
}

gboolean
csl_manufacturer_is_barred (const CslManufacturer *m,
                            const char            *on_date)
{
  return !blank (m->barred_until) && g_strcmp0 (on_date, m->barred_until) <= 0;
}

gboolean
csl_manufacturer_validate (CslManufacturer  *m,
                           GError          **error)
{
  g_autofree char *uscc = NULL;

  if (!csl_record_check_texts ("manufacturer", columns, G_N_ELEMENTS (columns), NULL, m, error))
    return FALSE;
  if (blank (m->name_zh) && blank (m->name_en))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("A manufacturer needs its legal name in Chinese or English"));
      return FALSE;
    }
  uscc = csl_uscc_normalize (m->uscc);
  if (!csl_uscc_validate (uscc, m->uscc_check_accepted, error))
    return FALSE;
  g_free (m->uscc);
  m->uscc = g_steal_pointer (&uscc);

  if (!blank (m->email) && (strchr (m->email, '@') == NULL || strchr (m->email, ' ') != NULL))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("E-mail address “%s” is not valid"), m->email);
      return FALSE;
    }
  if (!blank (m->barred_until) && !csl_date_validate (m->barred_until, _("Barred until"), error))
    return FALSE;
  return TRUE;
}

static gboolean
map_exists (CslManufacturer  *m,
            GError           *local_error,
            GError          **error)
{
  if (g_error_matches (local_error, CSL_ERROR, CSL_ERROR_EXISTS))
    g_set_error (error, CSL_ERROR, CSL_ERROR_EXISTS,
                 _("A manufacturer with the Unified Social Credit Code %s is already in the workspace"), m->uscc);
  else
    g_propagate_error (error, g_error_copy (local_error));
  return FALSE;
}

gint64
csl_manufacturer_add (CslWorkspace     *ws,
                      CslManufacturer  *m,
                      GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!csl_manufacturer_validate (m, error))
    return 0;
  m->id = csl_record_add (ws, "manufacturer", columns, G_N_ELEMENTS (columns), m, &local_error);
  if (m->id == 0)
    map_exists (m, local_error, error);
  return m->id;
}

gboolean
csl_manufacturer_update (CslWorkspace     *ws,
                         CslManufacturer  *m,
                         GError          **error)
{
  g_autoptr(CslManufacturer) old = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!csl_manufacturer_validate (m, error))
    return FALSE;
  old = csl_manufacturer_get (ws, m->id, error);
  if (old == NULL)
    return FALSE;
  if (!csl_record_save (ws, "manufacturer", columns, G_N_ELEMENTS (columns), m->id, old, m, &local_error))
    return map_exists (m, local_error, error);
  return TRUE;
}

/* For several changes in the caller's transaction (a spreadsheet import); no "changed". */
gint64
csl_manufacturer_insert_in_transaction (CslWorkspace     *ws,
                                        CslManufacturer  *m,
                                        GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!csl_manufacturer_validate (m, error))
    return 0;
  m->id = csl_record_insert (ws, "manufacturer", columns, G_N_ELEMENTS (columns), m, &local_error);
  if (m->id == 0)
    map_exists (m, local_error, error);
  return m->id;
}

gboolean
csl_manufacturer_update_in_transaction (CslWorkspace          *ws,
                                        const CslManufacturer *old,
                                        CslManufacturer       *m,
                                        GError               **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!csl_manufacturer_validate (m, error))
    return FALSE;
  if (!csl_record_update (ws, "manufacturer", columns, G_N_ELEMENTS (columns), m->id, old, m, &local_error))
    return map_exists (m, local_error, error);
  return TRUE;
}

CslManufacturer *
csl_manufacturer_get (CslWorkspace  *ws,
                      gint64         id,
                      GError       **error)
{
  g_autoptr(CslManufacturer) m = csl_manufacturer_new ();
  int found = csl_record_load (ws, "manufacturer", columns, G_N_ELEMENTS (columns), id, &m->id, m, error);

  if (found == 0)
    g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND,
                 _("No manufacturer has the id %" PRId64 " (see “manufacturer list”)"), id);
  return found == 1 ? g_steal_pointer (&m) : NULL;
}

GPtrArray *
csl_manufacturer_list (CslWorkspace  *ws,
                       GError       **error)
{
  return csl_record_list (ws, "manufacturer", columns, G_N_ELEMENTS (columns), sizeof (CslManufacturer),
                          (GDestroyNotify) csl_manufacturer_free,
                          "ORDER BY COALESCE(name_zh, name_en) COLLATE NOCASE, id", error);
}
