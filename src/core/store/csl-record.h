#pragma once

#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

/* A table's editable columns, described once per entity so that reading, inserting, updating
 * and auditing a row share one code path. */
typedef enum
{
  CSL_COLUMN_TEXT,   /* char *  */
  CSL_COLUMN_INT64,  /* gint64: an id or a count; 0 is stored as NULL */
  CSL_COLUMN_INT,    /* int: a boolean, a grade */
  CSL_COLUMN_VERSION, /* gint64: the row version read with the record; never written as a value:
                       * an update checks it (WHERE version = ?), bumps it and stores the new one
                       * back into the record, and fails with CSL_ERROR_CONFLICT when the row
                       * was saved by someone else since it was read. Its table also has
                       * updated_by and updated_at. */
} CslColumnType;

typedef struct
{
  const char    *name;
  CslColumnType  type;
  gsize          offset;
} CslColumn;

#define CSL_COLUMN(struct_type, type, field) \
  { #field, type, G_STRUCT_OFFSET (struct_type, field) }

char     *csl_record_select_list  (const CslColumn *columns,
                                   guint            n_columns);
void      csl_record_read         (CslStmt         *stmt,
                                   int              first,
                                   const CslColumn *columns,
                                   guint            n_columns,
                                   gpointer         record);
void      csl_record_clear        (const CslColumn *columns,
                                   guint            n_columns,
                                   gpointer         record);
gint64    csl_record_insert       (CslWorkspace    *ws,
                                   const char      *table,
                                   const CslColumn *columns,
                                   guint            n_columns,
                                   gconstpointer    record,
                                   GError         **error);
/* new_record's version column (if the table has one) is checked and, on success, advanced. */
gboolean  csl_record_update       (CslWorkspace    *ws,
                                   const char      *table,
                                   const CslColumn *columns,
                                   guint            n_columns,
                                   gint64           id,
                                   gconstpointer    old_record,
                                   gpointer         new_record,
                                   GError         **error);
/* The same, for a record whose rows in another table (a filing's standards, a product's
 * parameters) changed although its own columns may not have: it still counts as a change, so
 * that its version is checked and advanced. */
gboolean  csl_record_update_full  (CslWorkspace    *ws,
                                   const char      *table,
                                   const CslColumn *columns,
                                   guint            n_columns,
                                   gint64           id,
                                   gconstpointer    old_record,
                                   gpointer         new_record,
                                   gboolean         rows_changed,
                                   GError         **error);
/* The limits and characters of csl-text-check.h, for every text column (old_record NULL) or
 * only those that differ from old_record, so that a value stored before a limit existed does
 * not block editing the rest of its record. Insert and update check; validators call it
 * first, so that no later message quotes a huge value. */
gboolean  csl_record_check_texts  (const char      *table,
                                   const CslColumn *columns,
                                   guint            n_columns,
                                   gconstpointer    old_record,
                                   gconstpointer    new_record,
                                   GError         **error);
char     *csl_record_value_string (const CslColumn *column,
                                   gconstpointer    record);
/* The names of the editable columns whose values differ between a and b (never the version). */
GStrv     csl_record_changed      (const CslColumn *columns,
                                   guint            n_columns,
                                   gconstpointer    a,
                                   gconstpointer    b);
/* Copies the named columns' values from src into dst (a draft re-applied over a reload). */
void      csl_record_copy_fields  (const CslColumn    *columns,
                                   guint               n_columns,
                                   gpointer            dst,
                                   gconstpointer       src,
                                   const char * const *names);
gboolean  csl_record_exists       (CslWorkspace    *ws,
                                   const char      *table,
                                   gint64           id);

G_END_DECLS

G_BEGIN_DECLS

/* 1: found and read into record; 0: no such row; -1: error set. */
int        csl_record_load  (CslWorkspace    *ws,
                             const char      *table,
                             const CslColumn *columns,
                             guint            n_columns,
                             gint64           id,
                             gint64          *id_out,
                             gpointer         record,
                             GError         **error);
/* Every row as newly allocated records of record_size bytes whose first member is the gint64 id. */
GPtrArray *csl_record_list  (CslWorkspace    *ws,
                             const char      *table,
                             const CslColumn *columns,
                             guint            n_columns,
                             gsize            record_size,
                             GDestroyNotify   free_func,
                             const char      *where_order,
                             GError         **error);

G_END_DECLS

G_BEGIN_DECLS

/* Insert or update in a transaction of its own, with the audit entries, then emit "changed". */
gint64   csl_record_add  (CslWorkspace    *ws,
                          const char      *table,
                          const CslColumn *columns,
                          guint            n_columns,
                          gconstpointer    record,
                          GError         **error);
gboolean csl_record_save (CslWorkspace    *ws,
                          const char      *table,
                          const CslColumn *columns,
                          guint            n_columns,
                          gint64           id,
                          gconstpointer    old_record,
                          gpointer         new_record,
                          GError         **error);

G_END_DECLS
