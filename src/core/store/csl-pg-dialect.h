#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SQLite's SQL as the layers above write it, made PostgreSQL's: the one place where the two
 * dialects differ in text (the rest is done by functions and a collation the team schema
 * defines, store/csl-schema-pg.c). Private to store/. */
typedef struct
{
  char     *sql;          /* the statement for the server */
  int       n_params;     /* the highest placeholder number */
  char     *insert_table; /* an INSERT's table, else NULL */
} CslPgSql;

/* "?" and "?N" become "$N" (a bare "?" takes the next number after the highest so far, as in
 * SQLite), "x IS ?" becomes "x IS NOT DISTINCT FROM $N", "INSERT OR IGNORE" becomes
 * "INSERT … ON CONFLICT DO NOTHING", the table authorization (a reserved word there) is
 * quoted. Quoted text and comments are left alone. */
void  csl_pg_sql_translate (const char *sqlite_sql,
                            CslPgSql   *out);
void  csl_pg_sql_clear     (CslPgSql   *sql);

G_END_DECLS
