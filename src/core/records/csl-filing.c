#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "base/csl-date.h"
#include "base/csl-error.h"
#include "records/csl-filing.h"
#include "records/csl-lab.h"
#include "records/csl-product.h"
#include "store/csl-record.h"
#include "base/csl-text-check.h"

#define COL(type, field) CSL_COLUMN (CslFiling, type, field)

static const CslColumn columns[] = {
  COL (CSL_COLUMN_INT64, product_id),
  COL (CSL_COLUMN_INT, grade),
  COL (CSL_COLUMN_INT64, lab_id),
  COL (CSL_COLUMN_INT64, pentest_lab_id),
  COL (CSL_COLUMN_TEXT, filed_by),
  COL (CSL_COLUMN_TEXT, report_number),
  COL (CSL_COLUMN_TEXT, report_date),
  COL (CSL_COLUMN_TEXT, status),
  COL (CSL_COLUMN_TEXT, filing_number),
  COL (CSL_COLUMN_TEXT, submitted_on),
  COL (CSL_COLUMN_TEXT, filed_on),
  COL (CSL_COLUMN_TEXT, valid_from),
  COL (CSL_COLUMN_TEXT, valid_until),
  COL (CSL_COLUMN_INT64, predecessor_id),
  COL (CSL_COLUMN_TEXT, revoke_reason),
  COL (CSL_COLUMN_TEXT, refiling_reason),
  COL (CSL_COLUMN_TEXT, bundle_sha256),
  COL (CSL_COLUMN_INT, wizard_step),
  COL (CSL_COLUMN_VERSION, version),
};

CslFiling *
csl_filing_new (void)
{
  CslFiling *f = g_new0 (CslFiling, 1);

  f->status = g_strdup ("draft");
  f->filed_by = g_strdup ("manufacturer");
  return f;
}

void
csl_filing_free (CslFiling *f)
{
  if (f == NULL)
    return;
  csl_record_clear (columns, G_N_ELEMENTS (columns), f);
  g_strfreev (f->standards);
  g_free (f);
}

CslFiling *
csl_filing_copy (const CslFiling *f)
{
  CslFiling *c = g_memdup2 (f, sizeof *f);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (columns[i].type == CSL_COLUMN_TEXT)
      {
        char **field = (char **) ((guint8 *) c + columns[i].offset);
        *field = g_strdup (*field);
      }
  c->standards = g_strdupv (f->standards);
  return c;
}

static gboolean
same_standards (const CslFiling *a,
                const CslFiling *b)
{
  guint na = a->standards ? g_strv_length (a->standards) : 0;
  guint nb = b->standards ? g_strv_length (b->standards) : 0;

  if (na != nb)
    return FALSE;
  return na == 0 || g_strv_equal ((const char * const *) a->standards, (const char * const *) b->standards);
}

GStrv
csl_filing_changed_fields (const CslFiling *a,
                           const CslFiling *b)
{
  g_auto(GStrv) fields = csl_record_changed (columns, G_N_ELEMENTS (columns), a, b);
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();

  g_strv_builder_addv (out, (const char **) fields);
  if (!same_standards (a, b))
    g_strv_builder_add (out, "standards");
  return g_strv_builder_end (out);
}

void
csl_filing_copy_fields (CslFiling          *dst,
                        const CslFiling    *src,
                        const char * const *names)
{
  csl_record_copy_fields (columns, G_N_ELEMENTS (columns), dst, src, names);
  if (names != NULL && g_strv_contains (names, "standards"))
    {
      g_strfreev (dst->standards);
      dst->standards = g_strdupv (src->standards);
    }
}

CslFilingStatus
csl_filing_get_status (const CslFiling *f)
{
  CslFilingStatus status = CSL_STATUS_DRAFT;

  csl_filing_status_from_string (f->status, &status);
  return status;
}

gboolean
csl_filing_is_agent (const CslFiling *f)
{
  return g_strcmp0 (f->filed_by, "agent") == 0;
}

static gboolean
validate (CslWorkspace  *ws,
          CslFiling     *f,
          GError       **error)
{
  g_autoptr(CslProduct) product = NULL;
  g_autoptr(CslLab) lab = NULL;

  if (!csl_record_check_texts ("filing", columns, G_N_ELEMENTS (columns), NULL, f, error))
    return FALSE;
  for (guint i = 0; f->standards && f->standards[i]; i++)
    if (!csl_text_check_field ("filing_standard", "number", f->standards[i], error))
      return FALSE;
  if (!csl_grade_valid (f->grade))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("Grade %d is not 1 (Basic), 2 (Enhanced) or 3 (Leading)"), f->grade);
      return FALSE;
    }
  if (g_strcmp0 (f->filed_by, "manufacturer") != 0 && g_strcmp0 (f->filed_by, "agent") != 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("“Filed by” must be “manufacturer” or “agent”, not “%s”"), f->filed_by ? f->filed_by : "");
      return FALSE;
    }
  if (f->report_date && *f->report_date && !csl_date_validate (f->report_date, _("Test report date"), error))
    return FALSE;
  for (guint i = 0; f->standards && f->standards[i]; i++)
    if (*g_strstrip (f->standards[i]) == '\0')
      {
        g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("A basis standard number is empty"));
        return FALSE;
      }

  product = csl_product_get (ws, f->product_id, error);
  if (product == NULL)
    return FALSE;
  /* A draft may not have its lab yet; the requirements check says so. */
  if (f->lab_id > 0 && (lab = csl_lab_get (ws, f->lab_id, error)) == NULL)
    return FALSE;
  if (f->pentest_lab_id > 0)
    {
      g_autoptr(CslLab) pentest = csl_lab_get (ws, f->pentest_lab_id, error);
      if (pentest == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean touch (CslDb   *db,
                       gint64   id,
                       GError **error);

static gboolean
write_standards (CslWorkspace     *ws,
                 const CslFiling  *old,
                 const CslFiling  *f,
                 GError          **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) del = csl_db_prepare (db, "DELETE FROM filing_standard WHERE filing_id = ?", error);
  g_autoptr(CslStmt) ins = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (del == NULL)
    return FALSE;
  csl_stmt_bind_int64 (del, 1, f->id);
  if (!csl_db_step_done (db, del, error))
    return FALSE;
  ins = csl_db_prepare (db, "INSERT INTO filing_standard (filing_id, position, number) VALUES (?, ?, ?)", error);
  if (ins == NULL)
    return FALSE;
  for (guint i = 0; f->standards && f->standards[i]; i++)
    {
      if (!csl_text_check_field ("filing_standard", "number", f->standards[i], error))
        return FALSE;
      csl_stmt_reset (ins);
      csl_stmt_bind_int64 (ins, 1, f->id);
      csl_stmt_bind_int (ins, 2, (int) i);
      csl_stmt_bind_text (ins, 3, f->standards[i]);
      if (!csl_db_step_done (db, ins, error))
        return FALSE;
    }
  if (old == NULL)
    return TRUE;
  before = old->standards ? g_strjoinv ("; ", old->standards) : NULL;
  after = f->standards ? g_strjoinv ("; ", f->standards) : NULL;
  return csl_workspace_audit (ws, "filing", f->id, "standards",
                              before && *before ? before : NULL, after && *after ? after : NULL, error);
}

gint64
csl_filing_insert_in_transaction (CslWorkspace  *ws,
                                  CslFiling     *f,
                                  GError       **error)
{
  if (!validate (ws, f, error))
    return 0;
  f->id = csl_record_insert (ws, "filing", columns, G_N_ELEMENTS (columns), f, error);
  if (f->id == 0 || !write_standards (ws, NULL, f, error))
    return f->id = 0;
  return f->id;
}

gboolean
csl_filing_update_in_transaction (CslWorkspace  *ws,
                                  CslFiling     *f,
                                  GError       **error)
{
  g_autoptr(CslFiling) old = csl_filing_get (ws, f->id, error);

  return old != NULL && validate (ws, f, error) &&
         csl_record_update_full (ws, "filing", columns, G_N_ELEMENTS (columns), f->id, old, f,
                                 !same_standards (old, f), error) &&
         write_standards (ws, old, f, error) &&
         touch (csl_workspace_get_db (ws), f->id, error);
}

gint64
csl_filing_add (CslWorkspace  *ws,
                CslFiling     *f,
                GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);

  if (!csl_db_begin (db, error))
    return 0;
  if (csl_filing_insert_in_transaction (ws, f, error) == 0 || !csl_db_commit (db, error))
    {
      csl_db_rollback (db);
      f->id = 0;
      return 0;
    }
  csl_workspace_emit_changed (ws, "filing");
  return f->id;
}

static gboolean
touch (CslDb   *db,
       gint64   id,
       GError **error)
{
  g_autoptr(CslStmt) stmt =
    csl_db_prepare (db, "UPDATE filing SET updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_int64 (stmt, 1, id);
  return csl_db_step_done (db, stmt, error);
}

gboolean
csl_filing_write_in_transaction (CslWorkspace     *ws,
                                 const CslFiling  *old,
                                 CslFiling        *f,
                                 GError          **error)
{
  return csl_record_update (ws, "filing", columns, G_N_ELEMENTS (columns), f->id, old, f, error) &&
         touch (csl_workspace_get_db (ws), f->id, error);
}

gboolean
csl_filing_update (CslWorkspace  *ws,
                   CslFiling     *f,
                   GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  gint64 version_read = f->version;

  if (!csl_db_begin (db, error))
    return FALSE;
  if (!csl_filing_update_in_transaction (ws, f, error) || !csl_db_commit (db, error))
    {
      csl_db_rollback (db);
      /* The bump was rolled back too: f still holds what it read. */
      f->version = version_read;
      return FALSE;
    }
  csl_workspace_emit_changed (ws, "filing");
  return TRUE;
}

static gboolean
load_standards (CslWorkspace  *ws,
                CslFiling     *f,
                GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt =
    csl_db_prepare (db, "SELECT number FROM filing_standard WHERE filing_id = ? ORDER BY position", error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_int64 (stmt, 1, f->id);
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    g_strv_builder_add (builder, csl_stmt_column_text (stmt, 0));
  if (rc != CSL_STMT_DONE)
    return FALSE;
  g_strfreev (f->standards);
  f->standards = g_strv_builder_end (builder);
  return TRUE;
}

CslFiling *
csl_filing_get (CslWorkspace  *ws,
                gint64         id,
                GError       **error)
{
  g_autoptr(CslFiling) f = g_new0 (CslFiling, 1);
  int found = csl_record_load (ws, "filing", columns, G_N_ELEMENTS (columns), id, &f->id, f, error);

  if (found == 0)
    g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND,
                 _("No filing has the id %" PRId64 " (see “filing list”)"), id);
  if (found != 1 || !load_standards (ws, f, error))
    return NULL;
  return g_steal_pointer (&f);
}

GPtrArray *
csl_filing_list (CslWorkspace  *ws,
                 GError       **error)
{
  g_autoptr(GPtrArray) list = csl_record_list (ws, "filing", columns, G_N_ELEMENTS (columns), sizeof (CslFiling),
                                               (GDestroyNotify) csl_filing_free, "ORDER BY id", error);

  for (guint i = 0; list != NULL && i < list->len; i++)
    if (!load_standards (ws, list->pdata[i], error))
      return NULL;
  return g_steal_pointer (&list);
}

void
csl_filing_summary_free (CslFilingSummary *s)
{
  if (s == NULL)
    return;
  g_free (s->manufacturer);
  g_free (s->model);
  g_free (s->product_name);
  g_free (s->filing_number);
  g_free (s->valid_until);
  g_free (s);
}

/* The overview's columns, the manufacturer's name last. */
#define SUMMARY_COLUMNS \
  "f.id, p.manufacturer_id, p.model, p.name, f.grade, f.status, f.filing_number, f.valid_until"

/* A page of the list: one query, the manufacturer joined. */
#define SUMMARY_PAGE_SELECT \
  "SELECT " SUMMARY_COLUMNS ", COALESCE(m.name_zh, m.name_en) FROM filing f " \
  "JOIN product p ON p.id = f.product_id JOIN manufacturer m ON m.id = p.manufacturer_id "

/* The whole list: manufacturers are few (a thousand for a large agent) next to their filings,
 * so their names are read once into a table instead of joined into each of 100 000 rows. */
#define SUMMARY_ALL_SELECT \
  "SELECT " SUMMARY_COLUMNS ", NULL FROM filing f JOIN product p ON p.id = f.product_id "

static GHashTable *
manufacturer_names (CslDb   *db,
                    GError **error)
{
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, "SELECT id, COALESCE(name_zh, name_en) FROM manufacturer", error);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    {
      gint64 id = csl_stmt_column_int64 (stmt, 0);

      g_hash_table_insert (names, g_memdup2 (&id, sizeof id), csl_stmt_dup_column_text (stmt, 1));
    }
  if (rc != CSL_STMT_DONE)
    return NULL;
  return g_steal_pointer (&names);
}

/* The row as SQLite holds it: the strings stay valid until the next step. The manufacturer's
 * name comes from names when given, else from the last column. */
static void
read_summary (CslStmt          *stmt,
              GHashTable       *names,
              CslFilingSummary *s)
{
  s->id = csl_stmt_column_int64 (stmt, 0);
  s->manufacturer_id = csl_stmt_column_int64 (stmt, 1);
  s->model = (char *) csl_stmt_column_text (stmt, 2);
  s->product_name = (char *) csl_stmt_column_text (stmt, 3);
  s->grade = csl_stmt_column_int (stmt, 4);
  s->status = CSL_STATUS_DRAFT;
  csl_filing_status_from_string (csl_stmt_column_text (stmt, 5), &s->status);
  s->filing_number = (char *) csl_stmt_column_text (stmt, 6);
  s->valid_until = (char *) csl_stmt_column_text (stmt, 7);
  s->manufacturer = names ? g_hash_table_lookup (names, &s->manufacturer_id) : (char *) csl_stmt_column_text (stmt, 8);
}

CslFilingSummary *
csl_filing_summary_copy (const CslFilingSummary *s)
{
  CslFilingSummary *copy = g_new (CslFilingSummary, 1);

  *copy = *s;
  copy->manufacturer = g_strdup (s->manufacturer);
  copy->model = g_strdup (s->model);
  copy->product_name = g_strdup (s->product_name);
  copy->filing_number = g_strdup (s->filing_number);
  copy->valid_until = g_strdup (s->valid_until);
  return copy;
}

static gboolean
foreach_row (CslStmt               *stmt,
             GHashTable            *names,
             CslFilingSummaryFunc   func,
             gpointer               user_data,
             GError               **error)
{
  int rc;

  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    {
      CslFilingSummary s;

      read_summary (stmt, names, &s);
      func (&s, user_data);
    }
  if (rc != CSL_STMT_DONE)
    return FALSE;
  return TRUE;
}

gboolean
csl_filing_foreach_summary (CslWorkspace          *ws,
                            gint64                 manufacturer_id,
                            CslFilingSummaryFunc   func,
                            gpointer               user_data,
                            GError               **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(GHashTable) names = manufacturer_names (db, error);
  g_autoptr(CslStmt) stmt = NULL;

  if (names == NULL ||
      (stmt = csl_db_prepare (db, SUMMARY_ALL_SELECT "WHERE ?1 = 0 OR p.manufacturer_id = ?1 ORDER BY f.id",
                              error)) == NULL)
    return FALSE;
  csl_stmt_bind_int64 (stmt, 1, manufacturer_id);
  return foreach_row (stmt, names, func, user_data, error);
}

gboolean
csl_filing_foreach_summary_between (CslWorkspace          *ws,
                                    gint64                 first_id,
                                    gint64                 last_id,
                                    CslFilingSummaryFunc   func,
                                    gpointer               user_data,
                                    GError               **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt =
    csl_db_prepare (db, SUMMARY_PAGE_SELECT "WHERE f.id BETWEEN ?1 AND ?2 ORDER BY f.id", error);

  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_int64 (stmt, 1, first_id);
  csl_stmt_bind_int64 (stmt, 2, last_id);
  return foreach_row (stmt, NULL, func, user_data, error);
}

GArray *
csl_filing_list_ids (CslWorkspace  *ws,
                     GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, "SELECT id FROM filing ORDER BY id", error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    {
      gint64 id = csl_stmt_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != CSL_STMT_DONE)
    return NULL;
  return g_steal_pointer (&ids);
}

static void
add_copy (const CslFilingSummary *s,
          gpointer                list)
{
  g_ptr_array_add (list, csl_filing_summary_copy (s));
}

GPtrArray *
csl_filing_list_summaries (CslWorkspace  *ws,
                           gint64         manufacturer_id,
                           GError       **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_filing_summary_free);

  if (!csl_filing_foreach_summary (ws, manufacturer_id, add_copy, out, error))
    return NULL;
  return g_steal_pointer (&out);
}
