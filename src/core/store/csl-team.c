#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "base/csl-error.h"
#include "store/csl-team.h"

/* Run by the administrator who owns the schema (the tables' owner is not bound by row-level
 * security; everyone else is). Written to run again harmlessly. No "?" here: this SQL goes
 * through csl_db_exec() and its dialect translation like any other. */
static const char team_init_sql[] =
  "DO $$ BEGIN\n"
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'csl_viewer') THEN CREATE ROLE csl_viewer NOLOGIN; END IF;\n"
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'csl_filer') THEN CREATE ROLE csl_filer NOLOGIN; END IF;\n"
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'csl_admin') THEN CREATE ROLE csl_admin NOLOGIN; END IF;\n"
  "END $$;\n"
  "CREATE TABLE IF NOT EXISTS team_member (\n"
  "  role name PRIMARY KEY,\n"
  "  kind text NOT NULL CHECK (kind IN ('admin', 'filer', 'viewer')));\n"
  "CREATE TABLE IF NOT EXISTS team_manufacturer (\n"
  "  role name NOT NULL REFERENCES team_member(role) ON DELETE CASCADE,\n"
  "  manufacturer_id bigint NOT NULL REFERENCES manufacturer(id),\n"
  "  PRIMARY KEY (role, manufacturer_id));\n"
  "DO $outer$ DECLARE s text := quote_ident(current_schema()); t text;\n"
  "BEGIN\n"
  "  EXECUTE format('GRANT USAGE ON SCHEMA %s TO csl_viewer, csl_filer, csl_admin', s);\n"
  "  EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %s TO csl_viewer, csl_filer, csl_admin', s);\n"
  "  EXECUTE format('GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %s TO csl_filer, csl_admin', s);\n"
  "  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %s TO csl_filer, csl_admin', s);\n"
  "  EXECUTE 'REVOKE INSERT, UPDATE, DELETE ON csl_schema, team_member, team_manufacturer FROM csl_filer, csl_admin';\n"
  /* Whether the role connected may see a manufacturer's rows: yes when it was given no
   * manufacturers. Definer's rights, so that the lookups are not themselves filtered. */
  "  EXECUTE format($f$CREATE OR REPLACE FUNCTION csl_team_may(m bigint) RETURNS boolean LANGUAGE sql STABLE\n"
  "    SECURITY DEFINER SET search_path = %s AS $b$\n"
  "    SELECT NOT EXISTS (SELECT 1 FROM team_manufacturer WHERE role = session_user)\n"
  "        OR EXISTS (SELECT 1 FROM team_manufacturer WHERE role = session_user AND manufacturer_id = m) $b$ $f$, s);\n"
  "  EXECUTE format($f$CREATE OR REPLACE FUNCTION csl_team_may_product(p bigint) RETURNS boolean LANGUAGE sql STABLE\n"
  "    SECURITY DEFINER SET search_path = %s AS $b$\n"
  "    SELECT csl_team_may((SELECT manufacturer_id FROM product WHERE id = p)) $b$ $f$, s);\n"
  "  EXECUTE format($f$CREATE OR REPLACE FUNCTION csl_team_may_filing(f bigint) RETURNS boolean LANGUAGE sql STABLE\n"
  "    SECURITY DEFINER SET search_path = %s AS $b$\n"
  "    SELECT csl_team_may_product((SELECT product_id FROM filing WHERE id = f)) $b$ $f$, s);\n"
  "  EXECUTE format($f$CREATE OR REPLACE FUNCTION csl_team_may_attachment(a bigint) RETURNS boolean LANGUAGE sql STABLE\n"
  "    SECURITY DEFINER SET search_path = %s AS $b$\n"
  "    SELECT csl_team_may_filing((SELECT filing_id FROM attachment WHERE id = a)) $b$ $f$, s);\n"
  /* An audit entry is seen by whoever may see what it is about; a record since deleted is then
   * seen only by those who see every manufacturer's. */
  "  EXECUTE format($f$CREATE OR REPLACE FUNCTION csl_team_may_audit(e text, i bigint) RETURNS boolean LANGUAGE sql STABLE\n"
  "    SECURITY DEFINER SET search_path = %s AS $b$\n"
  "    SELECT CASE e WHEN 'manufacturer' THEN csl_team_may(i)\n"
  "                  WHEN 'authorization' THEN csl_team_may((SELECT manufacturer_id FROM \"authorization\" WHERE id = i))\n"
  "                  WHEN 'product' THEN csl_team_may_product(i)\n"
  "                  WHEN 'filing' THEN csl_team_may_filing(i)\n"
  "                  WHEN 'attachment' THEN csl_team_may_attachment(i)\n"
  "                  ELSE true END $b$ $f$, s);\n"
  /* A document's bytes (blob, blob_chunk): readable when an attachment this role may see
   * names it, or when no attachment names it yet (the one being sent in this transaction).
   * Definer's rights, so that the attachments of others count too: a blob they use is then
   * hidden from this role, and so never removed by it as unreferenced. */
  "  EXECUTE format($f$CREATE OR REPLACE FUNCTION csl_team_may_blob(h text) RETURNS boolean LANGUAGE sql STABLE\n"
  "    SECURITY DEFINER SET search_path = %s AS $b$\n"
  "    SELECT NOT EXISTS (SELECT 1 FROM attachment WHERE sha256 = h)\n"
  "        OR EXISTS (SELECT 1 FROM attachment WHERE sha256 = h AND csl_team_may_filing(filing_id)) $b$ $f$, s);\n"
  "  EXECUTE format($f$CREATE OR REPLACE FUNCTION csl_team_add_user(who text, kind text, secret text, makers bigint[])\n"
  "    RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = %s AS $b$\n"
  "    BEGIN\n"
  "      IF kind NOT IN ('admin', 'filer', 'viewer') THEN\n"
  "        RAISE EXCEPTION 'the role must be admin, filer or viewer, not %%', kind USING ERRCODE = '22023';\n"
  "      END IF;\n"
  "      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = who) THEN\n"
  "        IF secret IS NULL THEN EXECUTE format('CREATE ROLE %%I LOGIN', who);\n"
  "        ELSE EXECUTE format('CREATE ROLE %%I LOGIN PASSWORD %%L', who, secret); END IF;\n"
  "      ELSIF secret IS NOT NULL THEN EXECUTE format('ALTER ROLE %%I PASSWORD %%L', who, secret);\n"
  "      END IF;\n"
  "      EXECUTE format('REVOKE csl_admin, csl_filer, csl_viewer FROM %%I', who);\n"
  "      EXECUTE format('GRANT %%I TO %%I', 'csl_' || kind, who);\n"
  "      INSERT INTO team_member VALUES (who, kind) ON CONFLICT (role) DO UPDATE SET kind = EXCLUDED.kind;\n"
  "      DELETE FROM team_manufacturer WHERE role = who;\n"
  "      INSERT INTO team_manufacturer SELECT who, unnest(makers);\n"
  "    END $b$ $f$, s);\n"
  "  REVOKE ALL ON FUNCTION csl_team_add_user(text, text, text, bigint[]) FROM PUBLIC;\n"
  "  GRANT EXECUTE ON FUNCTION csl_team_add_user(text, text, text, bigint[]) TO csl_admin;\n"
  "  FOR t IN SELECT unnest(ARRAY['manufacturer', 'product', 'product_param', 'filing', 'filing_standard',\n"
  "                               'attachment', 'attachment_text', 'authorization', 'audit', 'blob',\n"
  "                               'blob_chunk']) LOOP\n"
  "    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);\n"
  "    EXECUTE format('DROP POLICY IF EXISTS team ON %I', t);\n"
  "  END LOOP;\n"
  "  DROP POLICY IF EXISTS team_read ON audit;\n"
  "  DROP POLICY IF EXISTS team_write ON audit;\n"
  "  CREATE POLICY team ON manufacturer USING (csl_team_may(id)) WITH CHECK (csl_team_may(id));\n"
  "  CREATE POLICY team ON \"authorization\" USING (csl_team_may(manufacturer_id)) WITH CHECK (csl_team_may(manufacturer_id));\n"
  "  CREATE POLICY team ON product USING (csl_team_may(manufacturer_id)) WITH CHECK (csl_team_may(manufacturer_id));\n"
  "  CREATE POLICY team ON product_param USING (csl_team_may_product(product_id)) WITH CHECK (csl_team_may_product(product_id));\n"
  "  CREATE POLICY team ON filing USING (csl_team_may_product(product_id)) WITH CHECK (csl_team_may_product(product_id));\n"
  "  CREATE POLICY team ON filing_standard USING (csl_team_may_filing(filing_id)) WITH CHECK (csl_team_may_filing(filing_id));\n"
  "  CREATE POLICY team ON attachment USING (csl_team_may_filing(filing_id)) WITH CHECK (csl_team_may_filing(filing_id));\n"
  "  CREATE POLICY team ON attachment_text USING (csl_team_may_attachment(attachment_id))\n"
  "    WITH CHECK (csl_team_may_attachment(attachment_id));\n"
  /* Everyone sees their own entries (an INSERT's RETURNING reads the new row back), and the
   * server, not the client, vouches for the name on an entry. */
  "  CREATE POLICY team_read ON audit FOR SELECT USING (who = session_user OR csl_team_may_audit(entity, entity_id));\n"
  "  CREATE POLICY team_write ON audit FOR INSERT WITH CHECK (who = session_user);\n"
  "  CREATE POLICY team ON blob USING (csl_team_may_blob(sha256)) WITH CHECK (csl_team_may_blob(sha256));\n"
  /* Any filer may offer a blob's row: one already there, perhaps hidden from it, is left as it
   * is (ON CONFLICT DO NOTHING, store/csl-blob-pg.c), and its bytes are the same by their hash. */
  "  DROP POLICY IF EXISTS team_insert ON blob;\n"
  "  CREATE POLICY team_insert ON blob FOR INSERT WITH CHECK (true);\n"
  "  CREATE POLICY team ON blob_chunk USING (csl_team_may_blob(sha256)) WITH CHECK (csl_team_may_blob(sha256));\n"
  "END $outer$;\n";

void
csl_team_member_free (CslTeamMember *member)
{
  if (member == NULL)
    return;
  g_free (member->name);
  g_free (member->role);
  g_clear_pointer (&member->manufacturers, g_array_unref);
  g_free (member);
}

static gboolean
require_server (CslWorkspace  *ws,
                GError       **error)
{
  if (csl_db_is_server (csl_workspace_get_db (ws)))
    return TRUE;
  g_set_error (error, CSL_ERROR, CSL_ERROR_UNSUPPORTED,
               _("%s is a workspace folder: people and roles belong to a team workspace on a PostgreSQL server "
                 "(--workspace postgresql://…)"), csl_workspace_get_path (ws));
  return FALSE;
}

gboolean
csl_team_init (CslWorkspace  *ws,
               GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);

  if (!require_server (ws, error) || !csl_db_begin (db, error))
    return FALSE;
  if (!csl_db_exec (db, team_init_sql, error) || !csl_db_commit (db, error))
    {
      csl_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

gboolean
csl_team_add_user (CslWorkspace  *ws,
                   const char    *name,
                   const char    *role,
                   const gint64  *manufacturers,
                   guint          n_manufacturers,
                   const char    *password,
                   GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt = NULL;
  g_autoptr(GString) ids = g_string_new ("{");

  if (!require_server (ws, error))
    return FALSE;
  if (g_strcmp0 (role, "admin") != 0 && g_strcmp0 (role, "filer") != 0 && g_strcmp0 (role, "viewer") != 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("The role must be admin, filer or viewer, not “%s”"),
                   role ? role : "");
      return FALSE;
    }
  if (name == NULL || *name == '\0' || strlen (name) > 63)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("A user name has 1 to 63 characters"));
      return FALSE;
    }
  for (guint i = 0; i < n_manufacturers; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "", manufacturers[i]);
  g_string_append_c (ids, '}');
  stmt = csl_db_prepare (db, "SELECT csl_team_add_user(?, ?, ?, ?::bigint[])", error);
  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_text (stmt, 1, name);
  csl_stmt_bind_text (stmt, 2, role);
  csl_stmt_bind_text (stmt, 3, password);
  csl_stmt_bind_text (stmt, 4, ids->str);
  return csl_db_step_done (db, stmt, error);
}

GPtrArray *
csl_team_list (CslWorkspace  *ws,
               GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_team_member_free);
  g_autoptr(CslStmt) stmt = NULL;
  int rc;

  if (!require_server (ws, error))
    return NULL;
  stmt = csl_db_prepare (db, "SELECT m.role, m.kind, t.manufacturer_id FROM team_member m "
                             "LEFT JOIN team_manufacturer t ON t.role = m.role ORDER BY m.role, t.manufacturer_id",
                         error);
  if (stmt == NULL)
    return NULL;
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    {
      const char *name = csl_stmt_column_text (stmt, 0);
      CslTeamMember *last = members->len ? members->pdata[members->len - 1] : NULL;

      if (last == NULL || g_strcmp0 (last->name, name) != 0)
        {
          last = g_new0 (CslTeamMember, 1);
          last->name = g_strdup (name);
          last->role = csl_stmt_dup_column_text (stmt, 1);
          last->manufacturers = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_ptr_array_add (members, last);
        }
      if (!csl_stmt_column_is_null (stmt, 2))
        {
          gint64 id = csl_stmt_column_int64 (stmt, 2);

          g_array_append_val (last->manufacturers, id);
        }
    }
  if (rc != CSL_STMT_DONE)
    return NULL;
  return g_steal_pointer (&members);
}
