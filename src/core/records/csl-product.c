#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "records/csl-catalogue.h"
#include "base/csl-date.h"
#include "base/csl-error.h"
#include "records/csl-manufacturer.h"
#include "records/csl-product.h"
#include "store/csl-record.h"
#include "base/csl-text-check.h"

#define COL(type, field) CSL_COLUMN (CslProduct, type, field)

static const CslColumn columns[] = {
  COL (CSL_COLUMN_INT64, manufacturer_id),
  COL (CSL_COLUMN_INT64, category_id),
  COL (CSL_COLUMN_TEXT, name),
  COL (CSL_COLUMN_TEXT, model),
  COL (CSL_COLUMN_TEXT, hardware_version),
  COL (CSL_COLUMN_TEXT, firmware_version),
  COL (CSL_COLUMN_TEXT, support_until),
  COL (CSL_COLUMN_TEXT, default_password_policy),
  COL (CSL_COLUMN_TEXT, vulnerability_contact),
  COL (CSL_COLUMN_TEXT, update_policy),
  COL (CSL_COLUMN_VERSION, version),
};

CslParam *
csl_param_new (const char *name,
               const char *value)
{
  CslParam *param = g_new0 (CslParam, 1);

  param->name = g_strdup (name);
  param->value = g_strdup (value);
  return param;
}

void
csl_param_free (CslParam *param)
{
  if (param == NULL)
    return;
  g_free (param->name);
  g_free (param->value);
  g_free (param);
}

gboolean
csl_param_parse (const char  *assignment,
                 CslParam   **out,
                 GError     **error)
{
  const char *eq = assignment ? strchr (assignment, '=') : NULL;
  g_autofree char *name = NULL;

  if (eq == NULL || eq == assignment)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("Parameter “%s” is not in the form NAME=VALUE"), assignment ? assignment : "");
      return FALSE;
    }
  name = g_strstrip (g_strndup (assignment, (gsize) (eq - assignment)));
  if (*name == '\0')
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("Parameter “%s” has an empty name"), assignment);
      return FALSE;
    }
  *out = csl_param_new (name, eq + 1);
  return TRUE;
}

char *
csl_product_params_to_text (const CslProduct *p)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; p->params != NULL && i < p->params->len; i++)
    {
      CslParam *param = p->params->pdata[i];

      g_string_append_printf (s, "%s=%s\n", param->name, param->value);
    }
  return g_string_free (s, FALSE);
}

gboolean
csl_product_params_from_text (CslProduct  *p,
                              const char  *text,
                              GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_param_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      CslParam *param = NULL;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      if (!csl_param_parse (lines[i], &param, error))
        return FALSE;
      g_ptr_array_add (params, param);
    }
  g_ptr_array_set_size (p->params, 0);
  for (guint i = 0; i < params->len; i++)
    {
      CslParam *param = params->pdata[i];

      csl_product_set_param (p, param->name, param->value);
    }
  return TRUE;
}

CslProduct *
csl_product_new (void)
{
  CslProduct *p = g_new0 (CslProduct, 1);

  p->params = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_param_free);
  return p;
}

void
csl_product_free (CslProduct *p)
{
  if (p == NULL)
    return;
  csl_record_clear (columns, G_N_ELEMENTS (columns), p);
  g_clear_pointer (&p->params, g_ptr_array_unref);
  g_free (p);
}

CslProduct *
csl_product_copy (const CslProduct *p)
{
  CslProduct *c = csl_product_new ();
  GPtrArray *params = c->params;

  *c = *p;
  c->params = params;
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (columns[i].type == CSL_COLUMN_TEXT)
      {
        char **field = (char **) ((guint8 *) c + columns[i].offset);
        *field = g_strdup (*field);
      }
  for (guint i = 0; i < p->params->len; i++)
    {
      CslParam *param = p->params->pdata[i];
      g_ptr_array_add (c->params, csl_param_new (param->name, param->value));
    }
  return c;
}

static gboolean
same_params (const CslProduct *a,
             const CslProduct *b)
{
  if (a->params->len != b->params->len)
    return FALSE;
  for (guint i = 0; i < a->params->len; i++)
    {
      const CslParam *pa = a->params->pdata[i];
      const CslParam *pb = b->params->pdata[i];

      if (g_strcmp0 (pa->name, pb->name) != 0 || g_strcmp0 (pa->value, pb->value) != 0)
        return FALSE;
    }
  return TRUE;
}

/* As the audit trail sees them: by name, whatever their order. */
static gboolean
same_param_values (const CslProduct *a,
                   const CslProduct *b)
{
  if (a->params->len != b->params->len)
    return FALSE;
  for (guint i = 0; i < a->params->len; i++)
    {
      const CslParam *pa = a->params->pdata[i];

      if (g_strcmp0 (pa->value, csl_product_get_param (b, pa->name)) != 0)
        return FALSE;
    }
  return TRUE;
}

GStrv
csl_product_changed_fields (const CslProduct *a,
                            const CslProduct *b)
{
  g_auto(GStrv) fields = csl_record_changed (columns, G_N_ELEMENTS (columns), a, b);
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();

  g_strv_builder_addv (out, (const char **) fields);
  if (!same_params (a, b))
    g_strv_builder_add (out, "params");
  return g_strv_builder_end (out);
}

void
csl_product_copy_fields (CslProduct         *dst,
                         const CslProduct   *src,
                         const char * const *names)
{
  csl_record_copy_fields (columns, G_N_ELEMENTS (columns), dst, src, names);
  if (names != NULL && g_strv_contains (names, "params"))
    {
      g_ptr_array_set_size (dst->params, 0);
      for (guint i = 0; i < src->params->len; i++)
        {
          const CslParam *param = src->params->pdata[i];
          g_ptr_array_add (dst->params, csl_param_new (param->name, param->value));
        }
    }
}

static int
compare_params (gconstpointer a,
                gconstpointer b)
{
  return g_strcmp0 ((*(CslParam **) a)->name, (*(CslParam **) b)->name);
}

void
csl_product_set_param (CslProduct *p,
                       const char *name,
                       const char *value)
{
  for (guint i = 0; i < p->params->len; i++)
    {
      CslParam *param = p->params->pdata[i];

      if (g_strcmp0 (param->name, name) == 0)
        {
          if (value == NULL)
            g_ptr_array_remove_index (p->params, i);
          else
            {
              g_free (param->value);
              param->value = g_strdup (value);
            }
          return;
        }
    }
  if (value != NULL)
    {
      g_ptr_array_add (p->params, csl_param_new (name, value));
      g_ptr_array_sort (p->params, compare_params);
    }
}

const char *
csl_product_get_param (const CslProduct *p,
                       const char       *name)
{
  for (guint i = 0; i < p->params->len; i++)
    {
      CslParam *param = p->params->pdata[i];
      if (g_strcmp0 (param->name, name) == 0)
        return param->value;
    }
  return NULL;
}

gboolean
csl_product_validate (CslProduct  *p,
                      GError     **error)
{
  if (!csl_record_check_texts ("product", columns, G_N_ELEMENTS (columns), NULL, p, error))
    return FALSE;
  for (guint i = 0; p->params != NULL && i < p->params->len; i++)
    {
      CslParam *param = p->params->pdata[i];

      if (!csl_text_check_field ("product_param", "name", param->name, error) ||
          !csl_text_check_field ("product_param", "value", param->value, error))
        return FALSE;
    }
  if (p->model == NULL || *g_strstrip (p->model) == '\0')
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("A product needs its model/specification"));
      return FALSE;
    }
  if (p->support_until && *p->support_until &&
      !csl_date_validate (p->support_until, _("Security support until"), error))
    return FALSE;
  return TRUE;
}

/* 1 when the row exists, 0 when not, -1 on a database error. */
static int
row_exists (CslWorkspace  *ws,
            const char    *sql,
            gint64         id,
            GError       **error)
{
  g_autoptr(CslStmt) stmt = csl_db_prepare (csl_workspace_get_db (ws), sql, error);
  CslStmtResult rc;

  if (stmt == NULL)
    return -1;
  csl_stmt_bind_int64 (stmt, 1, id);
  rc = csl_stmt_step (stmt, error);
  return rc == CSL_STMT_ROW ? 1 : rc == CSL_STMT_DONE ? 0 : -1;
}

/* Only whether they exist: loading the category would parse its catalogue JSON for every
 * product an import writes. A missing one is loaded to get its own "not found" error. */
static gboolean
check_references (CslWorkspace  *ws,
                  CslProduct    *p,
                  GError       **error)
{
  int m = row_exists (ws, "SELECT 1 FROM manufacturer WHERE id = ?", p->manufacturer_id, error);
  int c;

  if (m < 0)
    return FALSE;
  if (m == 0)
    {
      g_autoptr(CslManufacturer) missing = csl_manufacturer_get (ws, p->manufacturer_id, error);

      return missing != NULL;
    }
  if ((c = row_exists (ws, "SELECT 1 FROM catalogue_category WHERE id = ?", p->category_id, error)) < 0)
    return FALSE;
  if (c == 0)
    {
      g_autoptr(CslCategory) missing = csl_catalogue_get (ws, p->category_id, error);

      return missing != NULL;
    }
  return TRUE;
}

static gboolean
write_params (CslWorkspace     *ws,
              const CslProduct *old,
              const CslProduct *p,
              GError          **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) del = csl_db_prepare (db, "DELETE FROM product_param WHERE product_id = ?", error);
  g_autoptr(CslStmt) ins = NULL;

  if (del == NULL)
    return FALSE;
  csl_stmt_bind_int64 (del, 1, p->id);
  if (!csl_db_step_done (db, del, error))
    return FALSE;
  ins = csl_db_prepare (db, "INSERT INTO product_param (product_id, name, value) VALUES (?, ?, ?)", error);
  if (ins == NULL)
    return FALSE;
  for (guint i = 0; i < p->params->len; i++)
    {
      CslParam *param = p->params->pdata[i];
      g_autofree char *field = g_strconcat ("param:", param->name, NULL);

      if (!csl_text_check_field ("product_param", "name", param->name, error) ||
          !csl_text_check_field ("product_param", "value", param->value, error))
        return FALSE;
      csl_stmt_reset (ins);
      csl_stmt_bind_int64 (ins, 1, p->id);
      csl_stmt_bind_text (ins, 2, param->name);
      csl_stmt_bind_text (ins, 3, param->value);
      if (!csl_db_step_done (db, ins, error))
        return FALSE;
      if (old != NULL &&
          !csl_workspace_audit (ws, "product", p->id, field, csl_product_get_param (old, param->name),
                                param->value, error))
        return FALSE;
    }
  for (guint i = 0; old != NULL && i < old->params->len; i++)
    {
      CslParam *param = old->params->pdata[i];
      g_autofree char *field = g_strconcat ("param:", param->name, NULL);

      if (csl_product_get_param (p, param->name) == NULL &&
          !csl_workspace_audit (ws, "product", p->id, field, param->value, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
product_exists_error (CslProduct  *p,
                      GError      *local_error,
                      GError     **error)
{
  if (g_error_matches (local_error, CSL_ERROR, CSL_ERROR_EXISTS))
    g_set_error (error, CSL_ERROR, CSL_ERROR_EXISTS,
                 _("This manufacturer already has a product “%s” with the same hardware and firmware versions"),
                 p->model);
  else
    g_propagate_error (error, g_error_copy (local_error));
  return FALSE;
}

gint64
csl_product_insert_in_transaction (CslWorkspace  *ws,
                                   CslProduct    *p,
                                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!csl_product_validate (p, error) || !check_references (ws, p, error))
    return 0;
  p->id = csl_record_insert (ws, "product", columns, G_N_ELEMENTS (columns), p, &local_error);
  if (p->id == 0 || !write_params (ws, NULL, p, &local_error))
    {
      p->id = 0;
      product_exists_error (p, local_error, error);
      return 0;
    }
  return p->id;
}

gint64
csl_product_add (CslWorkspace  *ws,
                 CslProduct    *p,
                 GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);

  if (!csl_db_begin (db, error))
    return 0;
  if (csl_product_insert_in_transaction (ws, p, error) == 0 || !csl_db_commit (db, error))
    {
      csl_db_rollback (db);
      p->id = 0;
      return 0;
    }
  csl_workspace_emit_changed (ws, "product");
  return p->id;
}

gboolean
csl_product_update_in_transaction (CslWorkspace     *ws,
                                   const CslProduct *old,
                                   CslProduct       *p,
                                   GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!csl_product_validate (p, error) || !check_references (ws, p, error))
    return FALSE;
  if (!csl_record_update_full (ws, "product", columns, G_N_ELEMENTS (columns), p->id, old, p,
                               !same_param_values (old, p), &local_error) ||
      !write_params (ws, old, p, &local_error))
    return product_exists_error (p, local_error, error);
  return TRUE;
}

gboolean
csl_product_update (CslWorkspace  *ws,
                    CslProduct    *p,
                    GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslProduct) old = csl_product_get (ws, p->id, error);

  gint64 version_read = p->version;

  if (old == NULL || !csl_db_begin (db, error))
    return FALSE;
  if (!csl_product_update_in_transaction (ws, old, p, error) || !csl_db_commit (db, error))
    {
      csl_db_rollback (db);
      /* The bump was rolled back too: p still holds what it read. */
      p->version = version_read;
      return FALSE;
    }
  csl_workspace_emit_changed (ws, "product");
  return TRUE;
}

static gboolean
load_params (CslWorkspace  *ws,
             CslProduct    *p,
             GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt =
    csl_db_prepare (db, "SELECT name, value FROM product_param WHERE product_id = ? ORDER BY name", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_int64 (stmt, 1, p->id);
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    g_ptr_array_add (p->params, csl_param_new (csl_stmt_column_text (stmt, 0),
                                               csl_stmt_column_text (stmt, 1)));
  if (rc != CSL_STMT_DONE)
    return FALSE;
  return TRUE;
}

CslProduct *
csl_product_get (CslWorkspace  *ws,
                 gint64         id,
                 GError       **error)
{
  g_autoptr(CslProduct) p = csl_product_new ();
  int found = csl_record_load (ws, "product", columns, G_N_ELEMENTS (columns), id, &p->id, p, error);

  if (found == 0)
    g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND,
                 _("No product has the id %" PRId64 " (see “product list”)"), id);
  if (found != 1 || !load_params (ws, p, error))
    return NULL;
  return g_steal_pointer (&p);
}

static void
init_params (gpointer data,
             gpointer user_data)
{
  CslProduct *p = data;

  if (p->params == NULL)
    p->params = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_param_free);
}

GPtrArray *
csl_product_list (CslWorkspace  *ws,
                  gint64         manufacturer_id,
                  GError       **error)
{
  g_autofree char *where = manufacturer_id > 0
    ? g_strdup_printf ("WHERE manufacturer_id = %" G_GINT64_FORMAT " ORDER BY model COLLATE NOCASE, id", manufacturer_id)
    : g_strdup ("ORDER BY model COLLATE NOCASE, id");
  GPtrArray *list = csl_record_list (ws, "product", columns, G_N_ELEMENTS (columns), sizeof (CslProduct),
                                     (GDestroyNotify) csl_product_free, where, error);

  if (list == NULL)
    return NULL;
  g_ptr_array_foreach (list, init_params, NULL);
  for (guint i = 0; i < list->len; i++)
    if (!load_params (ws, list->pdata[i], error))
      {
        g_ptr_array_unref (list);
        return NULL;
      }
  return list;
}
