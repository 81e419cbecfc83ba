#include "config.h"

#include "store/csl-migrations.h"

/* Each entry moves the schema from version N-1 to N; csl-db.c runs it inside one BEGIN
 * IMMEDIATE transaction together with the user_version bump. Never edit a released entry:
 * add a new one. */

static const char migration_1[] =
  "PRAGMA application_id = 1129532486;\n" /* CSL_DB_APPLICATION_ID */
  "CREATE TABLE catalogue_batch (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  code TEXT NOT NULL UNIQUE,\n"
  "  revision INTEGER NOT NULL,\n"
  "  title_en TEXT, title_zh TEXT,\n"
  "  published TEXT,\n"
  "  source TEXT,\n"
  "  imported_at TEXT NOT NULL);\n"
  "CREATE TABLE catalogue_category (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  batch_id INTEGER NOT NULL REFERENCES catalogue_batch(id) ON DELETE CASCADE,\n"
  "  serial TEXT NOT NULL UNIQUE,\n"
  "  name_en TEXT, name_zh TEXT,\n"
  "  scope_en TEXT, scope_zh TEXT,\n"
  "  validity_months INTEGER,\n"
  "  qr_url_template TEXT,\n"
  "  data TEXT NOT NULL);\n"
  "CREATE TABLE manufacturer (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  name_zh TEXT, name_en TEXT,\n"
  "  uscc TEXT NOT NULL UNIQUE,\n"
  "  uscc_check_accepted INTEGER NOT NULL DEFAULT 0,\n"
  "  address TEXT, contact TEXT, phone TEXT, email TEXT,\n"
  "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
  "  CHECK (name_zh IS NOT NULL OR name_en IS NOT NULL));\n"
  "CREATE TABLE owner (\n"
  "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
  "  kind TEXT NOT NULL CHECK (kind IN ('manufacturer', 'agent')),\n"
  "  manufacturer_id INTEGER REFERENCES manufacturer(id),\n"
  "  agent_name TEXT, agent_uscc TEXT, agent_address TEXT, agent_contact TEXT,\n"
  "  CHECK (kind = 'agent' OR manufacturer_id IS NOT NULL));\n"
  "CREATE TABLE authorization (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  manufacturer_id INTEGER NOT NULL REFERENCES manufacturer(id),\n"
  "  letter_ref TEXT NOT NULL,\n"
  "  valid_from TEXT NOT NULL,\n"
  "  valid_until TEXT NOT NULL,\n"
  "  CHECK (valid_from <= valid_until));\n"
  "CREATE TABLE lab (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  name TEXT NOT NULL,\n"
  "  kind TEXT NOT NULL CHECK (kind IN ('in-house', 'third-party')),\n"
  "  accreditation_no TEXT,\n"
  "  accredited_until TEXT,\n"
  "  barred_until TEXT,\n"
  "  barred_reason TEXT);\n"
  "CREATE TABLE product (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  manufacturer_id INTEGER NOT NULL REFERENCES manufacturer(id),\n"
  "  category_id INTEGER NOT NULL REFERENCES catalogue_category(id),\n"
  "  name TEXT,\n"
  "  model TEXT NOT NULL,\n"
  "  hardware_version TEXT, firmware_version TEXT,\n"
  "  support_until TEXT,\n"
  "  default_password_policy TEXT,\n"
  "  vulnerability_contact TEXT,\n"
  "  update_policy TEXT,\n"
  "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
  "  UNIQUE (manufacturer_id, model, hardware_version, firmware_version));\n"
  "CREATE TABLE product_param (\n"
  "  product_id INTEGER NOT NULL REFERENCES product(id) ON DELETE CASCADE,\n"
  "  name TEXT NOT NULL,\n"
  "  value TEXT NOT NULL,\n"
  "  PRIMARY KEY (product_id, name));\n"
  "CREATE TABLE filing (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  product_id INTEGER NOT NULL REFERENCES product(id),\n"
  "  grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 3),\n"
  "  lab_id INTEGER NOT NULL REFERENCES lab(id),\n"
  "  pentest_lab_id INTEGER REFERENCES lab(id),\n"
  "  filed_by TEXT NOT NULL CHECK (filed_by IN ('manufacturer', 'agent')),\n"
  "  report_number TEXT, report_date TEXT,\n"
  "  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'ready', 'packaged', 'submitted', "
  "'filed', 'refiling-due', 'expired', 'revoked')),\n"
  "  filing_number TEXT UNIQUE,\n"
  "  submitted_on TEXT, filed_on TEXT,\n"
  "  valid_from TEXT, valid_until TEXT,\n"
  "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
  "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));\n"
  "CREATE TABLE filing_standard (\n"
  "  filing_id INTEGER NOT NULL REFERENCES filing(id) ON DELETE CASCADE,\n"
  "  position INTEGER NOT NULL,\n"
  "  number TEXT NOT NULL,\n"
  "  PRIMARY KEY (filing_id, position));\n"
  "CREATE INDEX filing_product ON filing(product_id);\n"
  "CREATE INDEX product_manufacturer ON product(manufacturer_id);\n";

/* Version 2: what later parts of the app keep about a filing: its attachments, the audit trail,
 * bar announcements, re-filing links, and indexes for the deadline queries. */
static const char migration_2[] =
  "ALTER TABLE filing ADD COLUMN predecessor_id INTEGER REFERENCES filing(id);\n"
  "ALTER TABLE filing ADD COLUMN revoke_reason TEXT;\n"
  "ALTER TABLE filing ADD COLUMN refiling_reason TEXT;\n"
  "ALTER TABLE filing ADD COLUMN bundle_sha256 TEXT;\n"
  "ALTER TABLE filing ADD COLUMN wizard_step INTEGER NOT NULL DEFAULT 0;\n"
  "ALTER TABLE manufacturer ADD COLUMN barred_until TEXT;\n"
  "ALTER TABLE manufacturer ADD COLUMN barred_reason TEXT;\n"
  "CREATE TABLE attachment (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  filing_id INTEGER NOT NULL REFERENCES filing(id) ON DELETE CASCADE,\n"
  "  kind TEXT NOT NULL CHECK (kind IN ('test-report', 'pentest-report', 'declaration', "
  "'business-license', 'lab-capability', 'lab-accreditation', 'authorization-letter', 'other')),\n"
  "  file_name TEXT NOT NULL,\n"
  "  size INTEGER NOT NULL,\n"
  "  sha256 TEXT NOT NULL,\n"
  "  page_count INTEGER,\n"
  "  page_width_pt REAL, page_height_pt REAL,\n"
  "  pdf_title TEXT, pdf_producer TEXT,\n"
  "  report_number_found TEXT,\n"
  "  text_excerpt TEXT,\n"
  "  attached_at TEXT NOT NULL);\n"
  "CREATE INDEX attachment_filing ON attachment(filing_id);\n"
  "CREATE INDEX attachment_sha256 ON attachment(sha256);\n"
  "CREATE TABLE audit (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  at TEXT NOT NULL,\n"
  "  entity TEXT NOT NULL,\n"
  "  entity_id INTEGER NOT NULL,\n"
  "  field TEXT NOT NULL,\n"
  "  old_value TEXT, new_value TEXT,\n"
  "  via TEXT NOT NULL);\n"
  "CREATE INDEX audit_entity ON audit(entity, entity_id);\n"
  /* The trail is append-only: the database itself refuses to rewrite history. */
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN "
  "SELECT RAISE(ABORT, 'the audit trail is append-only'); END;\n"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN "
  "SELECT RAISE(ABORT, 'the audit trail is append-only'); END;\n"
  "CREATE TABLE announcement (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  reference TEXT NOT NULL UNIQUE,\n"
  "  target_kind TEXT NOT NULL CHECK (target_kind IN ('lab', 'manufacturer')),\n"
  "  target_id INTEGER NOT NULL,\n"
  "  announced_on TEXT NOT NULL,\n"
  "  barred_until TEXT NOT NULL,\n"
  "  reason TEXT,\n"
  "  imported_at TEXT NOT NULL);\n"
  "CREATE INDEX filing_status ON filing(status);\n"
  "CREATE INDEX filing_valid_until ON filing(valid_until);\n"
  "CREATE INDEX filing_predecessor ON filing(predecessor_id);\n"
  "CREATE INDEX product_support_until ON product(support_until);\n";

/* Version 3: a draft may exist before its lab is chosen (the wizard saves after every step),
 * so filing.lab_id becomes nullable. SQLite cannot drop NOT NULL in place: the table is rebuilt
 * by its documented procedure, with foreign keys off (csl-db.c) and checked before commit. */
static const char migration_3[] =
  "CREATE TABLE filing_new (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  product_id INTEGER NOT NULL REFERENCES product(id),\n"
  "  grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 3),\n"
  "  lab_id INTEGER REFERENCES lab(id),\n"
  "  pentest_lab_id INTEGER REFERENCES lab(id),\n"
  "  filed_by TEXT NOT NULL CHECK (filed_by IN ('manufacturer', 'agent')),\n"
  "  report_number TEXT, report_date TEXT,\n"
  "  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'ready', 'packaged', 'submitted', "
  "'filed', 'refiling-due', 'expired', 'revoked')),\n"
  "  filing_number TEXT UNIQUE,\n"
  "  submitted_on TEXT, filed_on TEXT,\n"
  "  valid_from TEXT, valid_until TEXT,\n"
  "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
  "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
  "  predecessor_id INTEGER REFERENCES filing(id),\n"
  "  revoke_reason TEXT,\n"
  "  refiling_reason TEXT,\n"
  "  bundle_sha256 TEXT,\n"
  "  wizard_step INTEGER NOT NULL DEFAULT 0);\n"
  "INSERT INTO filing_new (id, product_id, grade, lab_id, pentest_lab_id, filed_by, report_number, report_date, "
  "status, filing_number, submitted_on, filed_on, valid_from, valid_until, created_at, updated_at, predecessor_id, "
  "revoke_reason, refiling_reason, bundle_sha256, wizard_step) "
  "SELECT id, product_id, grade, lab_id, pentest_lab_id, filed_by, report_number, report_date, status, "
  "filing_number, submitted_on, filed_on, valid_from, valid_until, created_at, updated_at, predecessor_id, "
  "revoke_reason, refiling_reason, bundle_sha256, wizard_step FROM filing;\n"
  "DROP TABLE filing;\n"
  "ALTER TABLE filing_new RENAME TO filing;\n"
  "CREATE INDEX filing_product ON filing(product_id);\n"
  "CREATE INDEX filing_status ON filing(status);\n"
  "CREATE INDEX filing_valid_until ON filing(valid_until);\n"
  "CREATE INDEX filing_predecessor ON filing(predecessor_id);\n";

/* Version 4: the full text of each attached PDF, so that the consistency check reads the
 * database instead of parsing every document again; attachment.text_excerpt stays a preview. */
static const char migration_4[] =
  "CREATE TABLE attachment_text (\n"
  "  attachment_id INTEGER PRIMARY KEY REFERENCES attachment(id) ON DELETE CASCADE,\n"
  "  text TEXT NOT NULL);\n";

/* Version 5: what the deadline queries drive from, so that they read only the rows that can be
 * due (a status and date range, a barred lab or manufacturer, an agent's authorisations) instead
 * of every filing. superseded_on is the day a filing's re-filing was filed: from then on its
 * label is history, and the partial index leaves years of re-filed labels out of every query. */
static const char migration_5[] =
  "ALTER TABLE filing ADD COLUMN superseded_on TEXT;\n"
  "UPDATE filing SET superseded_on = (SELECT min(s.filed_on) FROM filing s "
  "WHERE s.predecessor_id = filing.id AND s.filed_on IS NOT NULL);\n"
  "CREATE INDEX filing_current_validity ON filing(status, valid_until) WHERE superseded_on IS NULL;\n"
  "CREATE INDEX filing_status_valid_until ON filing(status, valid_until);\n"
  "CREATE INDEX filing_lab ON filing(lab_id);\n"
  "CREATE INDEX filing_pentest_lab ON filing(pentest_lab_id);\n"
  "CREATE INDEX authorization_manufacturer ON authorization(manufacturer_id, valid_until);\n"
  "CREATE INDEX manufacturer_barred_until ON manufacturer(barred_until);\n"
  "CREATE INDEX lab_barred_until ON lab(barred_until);\n"
  "CREATE INDEX lab_accredited_until ON lab(accredited_until);\n";

/* Version 6: who made each change. Once several people share a workspace (a team server), "via
 * gui" no longer says enough; entries written before this version keep it unset. */
static const char migration_6[] =
  "ALTER TABLE audit ADD COLUMN who TEXT;\n";

/* Version 7: a basis standard replaced by another from a date (`standard replace`): the filings
 * citing the old number are due for re-filing from then, and their re-filings cite the new one.
 * One row per replaced number; the index finds the filings that cite it. */
static const char migration_7[] =
  "CREATE TABLE standard_replacement (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  old_number TEXT NOT NULL UNIQUE,\n"
  "  new_number TEXT NOT NULL,\n"
  "  effective_from TEXT NOT NULL,\n"
  "  recorded_at TEXT NOT NULL,\n"
  "  CHECK (old_number <> new_number));\n"
  "CREATE INDEX filing_standard_number ON filing_standard(number);\n";

/* Version 8: a row version on every editable record, so that a save made from a stale read
 * (a colleague saved first) fails with a conflict instead of overwriting; who saved it last
 * and when, for the message. Plain SQL that PostgreSQL also runs. */
static const char migration_8[] =
  "ALTER TABLE filing ADD COLUMN version INTEGER NOT NULL DEFAULT 1;\n"
  "ALTER TABLE filing ADD COLUMN updated_by TEXT;\n"
  "ALTER TABLE product ADD COLUMN version INTEGER NOT NULL DEFAULT 1;\n"
  "ALTER TABLE product ADD COLUMN updated_by TEXT;\n"
  "ALTER TABLE product ADD COLUMN updated_at TEXT;\n"
  "ALTER TABLE manufacturer ADD COLUMN version INTEGER NOT NULL DEFAULT 1;\n"
  "ALTER TABLE manufacturer ADD COLUMN updated_by TEXT;\n"
  "ALTER TABLE manufacturer ADD COLUMN updated_at TEXT;\n"
  "ALTER TABLE lab ADD COLUMN version INTEGER NOT NULL DEFAULT 1;\n"
  "ALTER TABLE lab ADD COLUMN updated_by TEXT;\n"
  "ALTER TABLE lab ADD COLUMN updated_at TEXT;\n";

/* Version 9: what is due, kept as filings change (issue 19). deadline_due holds, per filing, the
 * rows lifecycle/csl-deadlines.c lists, with the names the list shows, clustered by the date the
 * horizon is compared with (due_key: '' for the conditions listed whatever the horizon), so that
 * `deadlines --within N` is one range scan instead of thousands of random reads. Nothing here
 * depends on "today": the reader filters by date and fills in what is today's (a re-filing's
 * start without an audit entry, whether a bar still runs).
 *
 * Triggers keep it in the writer's own transaction, whichever code path writes: each puts the
 * filings a change can touch into deadline_stale, whose one trigger recomputes each filing's rows
 * (DEADLINE_REFRESH) and takes it out again. One copy of that SQL in the schema, not one per
 * trigger: every connection parses the whole schema as it opens. The rules are those of
 * csl-deadlines.c's full query (deadlines_sql), which the tests compare this with; SQLite allows
 * no WITH inside a trigger, hence the branches.
 * A later migration that rebuilds one of these tables (DROP TABLE drops its triggers) must create
 * its triggers again; one that changes a rule recreates the triggers and refills the table. */
#define DEADLINE_NOT_SUPERSEDED " AND f.superseded_on IS NULL"
#define DEADLINE_FROM \
  " FROM filing f CROSS JOIN product p ON p.id = f.product_id CROSS JOIN manufacturer m ON m.id = p.manufacturer_id"
/* What every row shows after its rule, part, due_key, due, since and detail. */
#define DEADLINE_SHOWN ", m.id, COALESCE(m.name_zh, m.name_en), p.model, p.name, f.filing_number, f.status"
#define DEADLINE_LAB_BAR_SINCE \
  "(SELECT substr(max(a.at), 1, 10) FROM audit a WHERE a.entity = 'lab' AND a.entity_id = l.id" \
  " AND a.field = 'barred_until')"
/* The manufacturer's last authorisation ends: one look-up in authorization_manufacturer. */
#define DEADLINE_AUTHORIZED "(SELECT max(a.valid_until) FROM authorization a WHERE a.manufacturer_id = m.id)"
#define DEADLINE_WHERE "  WHERE f.id = NEW.filing_id AND "
#define DEADLINE_REFRESH \
  "DELETE FROM deadline_due WHERE filing_id = NEW.filing_id;" \
  "INSERT INTO deadline_due (filing_id, rule, part, due_key, due, since, detail, manufacturer_id, manufacturer," \
  " model, product_name, filing_number, status)" \
  " SELECT f.id, 0, 0, f.valid_until, f.valid_until, NULL, NULL" DEADLINE_SHOWN DEADLINE_FROM \
  DEADLINE_WHERE "f.status IN ('filed', 'refiling-due', 'expired') AND f.valid_until IS NOT NULL" DEADLINE_NOT_SUPERSEDED \
  " UNION ALL" \
  /* The day it became due from the audit trail; without one the reader puts today. */ \
  " SELECT f.id, 1, 0, '', NULL, (SELECT substr(max(a.at), 1, 10) FROM audit a" \
  "   WHERE a.entity = 'filing' AND a.entity_id = f.id AND a.field = 'status' AND a.new_value = 'refiling-due')," \
  "  f.refiling_reason" DEADLINE_SHOWN DEADLINE_FROM \
  DEADLINE_WHERE "f.status = 'refiling-due'" DEADLINE_NOT_SUPERSEDED \
  " UNION ALL" \
  " SELECT f.id, 2, 0, p.support_until, p.support_until, NULL, NULL" DEADLINE_SHOWN DEADLINE_FROM \
  DEADLINE_WHERE "f.status IN ('filed', 'refiling-due') AND p.support_until <= f.valid_until" DEADLINE_NOT_SUPERSEDED \
  " UNION ALL" \
  " SELECT f.id, 3, 0, l.accredited_until, l.accredited_until, NULL, l.name" DEADLINE_SHOWN DEADLINE_FROM \
  "  CROSS JOIN lab l ON l.id = f.lab_id" \
  DEADLINE_WHERE "f.status IN ('filed', 'refiling-due') AND l.accredited_until < f.valid_until" DEADLINE_NOT_SUPERSEDED \
  " UNION ALL" \
  " SELECT f.id, 3, 1, l.accredited_until, l.accredited_until, NULL, l.name" DEADLINE_SHOWN DEADLINE_FROM \
  "  CROSS JOIN lab l ON l.id = f.pentest_lab_id" \
  DEADLINE_WHERE "f.status IN ('filed', 'refiling-due') AND f.lab_id <> l.id AND l.accredited_until < f.valid_until" \
  DEADLINE_NOT_SUPERSEDED \
  " UNION ALL" \
  " SELECT f.id, 4, 0, " DEADLINE_AUTHORIZED ", " DEADLINE_AUTHORIZED ", NULL, NULL" DEADLINE_SHOWN DEADLINE_FROM \
  DEADLINE_WHERE "f.filed_by = 'agent' AND f.status IN ('filed', 'refiling-due') AND " DEADLINE_AUTHORIZED " < f.valid_until" \
  DEADLINE_NOT_SUPERSEDED \
  " UNION ALL" \
  " SELECT f.id, 5, 0, '', l.barred_until, " DEADLINE_LAB_BAR_SINCE ", l.name || COALESCE(': ' || l.barred_reason, '')" \
  DEADLINE_SHOWN DEADLINE_FROM " CROSS JOIN lab l ON l.id = f.lab_id" \
  DEADLINE_WHERE "l.barred_until IS NOT NULL AND f.status NOT IN ('expired', 'revoked')" DEADLINE_NOT_SUPERSEDED \
  " UNION ALL" \
  " SELECT f.id, 5, 1, '', l.barred_until, " DEADLINE_LAB_BAR_SINCE ", l.name || COALESCE(': ' || l.barred_reason, '')" \
  DEADLINE_SHOWN DEADLINE_FROM " CROSS JOIN lab l ON l.id = f.pentest_lab_id" \
  DEADLINE_WHERE "l.barred_until IS NOT NULL AND f.status NOT IN ('expired', 'revoked') AND f.lab_id <> l.id" \
  DEADLINE_NOT_SUPERSEDED \
  " UNION ALL" \
  " SELECT f.id, 6, 0, '', m.barred_until, (SELECT substr(max(a.at), 1, 10) FROM audit a" \
  "   WHERE a.entity = 'manufacturer' AND a.entity_id = m.id AND a.field = 'barred_until'), m.barred_reason" \
  DEADLINE_SHOWN DEADLINE_FROM \
  DEADLINE_WHERE "m.barred_until IS NOT NULL AND f.status NOT IN ('expired', 'revoked')" DEADLINE_NOT_SUPERSEDED \
  " UNION ALL" \
  " SELECT f.id, 7, fs.position, sr.effective_from, sr.effective_from, substr(sr.recorded_at, 1, 10)," \
  "  sr.old_number || ' → ' || sr.new_number" DEADLINE_SHOWN DEADLINE_FROM \
  "  CROSS JOIN filing_standard fs ON fs.filing_id = f.id CROSS JOIN standard_replacement sr ON sr.old_number = fs.number" \
  DEADLINE_WHERE "f.status IN ('filed', 'refiling-due')" DEADLINE_NOT_SUPERSEDED ";" \
  "DELETE FROM deadline_stale WHERE filing_id = NEW.filing_id;"
/* A trigger that has the filings `stale` selects refreshed. */
#define DEADLINE_TRIGGER(name, when, stale) \
  "CREATE TRIGGER " name " " when " BEGIN INSERT OR IGNORE INTO deadline_stale (filing_id) " stale "; END;\n"
#define DEADLINE_OF_PRODUCT(p) "SELECT id FROM filing WHERE product_id = " p
#define DEADLINE_OF_MANUFACTURER(m) \
  "SELECT f.id FROM product p JOIN filing f ON f.product_id = p.id WHERE p.manufacturer_id = " m
#define DEADLINE_OF_LAB(l) "SELECT id FROM filing WHERE lab_id = " l " UNION SELECT id FROM filing WHERE pentest_lab_id = " l
#define DEADLINE_OF_STANDARD(n) "SELECT filing_id FROM filing_standard WHERE number = " n

static const char migration_9[] =
  "CREATE TABLE deadline_due (\n"
  "  due_key TEXT NOT NULL,\n"
  "  filing_id INTEGER NOT NULL,\n"
  "  rule INTEGER NOT NULL,\n"
  "  part INTEGER NOT NULL,\n" /* 1 for the pentest lab's row, the position for a replaced standard */
  "  due TEXT, since TEXT, detail TEXT,\n"
  "  manufacturer_id INTEGER NOT NULL,\n"
  "  manufacturer TEXT, model TEXT, product_name TEXT, filing_number TEXT,\n"
  "  status TEXT NOT NULL,\n"
  "  PRIMARY KEY (due_key, filing_id, rule, part)) WITHOUT ROWID;\n"
  "CREATE INDEX deadline_due_filing ON deadline_due(filing_id);\n"
  /* Empty but inside a trigger: a filing put here is refreshed and taken out again. */
  "CREATE TABLE deadline_stale (filing_id INTEGER PRIMARY KEY);\n"
  "CREATE TRIGGER deadline_refresh AFTER INSERT ON deadline_stale BEGIN " DEADLINE_REFRESH " END;\n"
  DEADLINE_TRIGGER ("deadline_filing_insert", "AFTER INSERT ON filing", "VALUES (NEW.id)")
  DEADLINE_TRIGGER ("deadline_filing_update",
                    "AFTER UPDATE OF product_id, status, valid_until, superseded_on, lab_id, pentest_lab_id, filed_by, "
                    "filing_number, refiling_reason ON filing", "VALUES (NEW.id)")
  "CREATE TRIGGER deadline_filing_delete AFTER DELETE ON filing BEGIN "
  "DELETE FROM deadline_due WHERE filing_id = OLD.id; END;\n"
  DEADLINE_TRIGGER ("deadline_product_update", "AFTER UPDATE OF manufacturer_id, name, model, support_until ON product",
                    DEADLINE_OF_PRODUCT ("NEW.id"))
  DEADLINE_TRIGGER ("deadline_manufacturer_update",
                    "AFTER UPDATE OF name_zh, name_en, barred_until, barred_reason ON manufacturer",
                    DEADLINE_OF_MANUFACTURER ("NEW.id"))
  DEADLINE_TRIGGER ("deadline_lab_update", "AFTER UPDATE OF name, accredited_until, barred_until, barred_reason ON lab",
                    DEADLINE_OF_LAB ("NEW.id"))
  DEADLINE_TRIGGER ("deadline_authorization_insert", "AFTER INSERT ON authorization",
                    DEADLINE_OF_MANUFACTURER ("NEW.manufacturer_id"))
  DEADLINE_TRIGGER ("deadline_authorization_update", "AFTER UPDATE ON authorization",
                    DEADLINE_OF_MANUFACTURER ("NEW.manufacturer_id") " UNION " DEADLINE_OF_MANUFACTURER ("OLD.manufacturer_id"))
  DEADLINE_TRIGGER ("deadline_authorization_delete", "AFTER DELETE ON authorization",
                    DEADLINE_OF_MANUFACTURER ("OLD.manufacturer_id"))
  DEADLINE_TRIGGER ("deadline_filing_standard_insert", "AFTER INSERT ON filing_standard", "VALUES (NEW.filing_id)")
  DEADLINE_TRIGGER ("deadline_filing_standard_update", "AFTER UPDATE ON filing_standard",
                    "VALUES (NEW.filing_id), (OLD.filing_id)")
  DEADLINE_TRIGGER ("deadline_filing_standard_delete", "AFTER DELETE ON filing_standard", "VALUES (OLD.filing_id)")
  DEADLINE_TRIGGER ("deadline_standard_replacement_insert", "AFTER INSERT ON standard_replacement",
                    DEADLINE_OF_STANDARD ("NEW.old_number"))
  DEADLINE_TRIGGER ("deadline_standard_replacement_update", "AFTER UPDATE ON standard_replacement",
                    DEADLINE_OF_STANDARD ("NEW.old_number") " UNION " DEADLINE_OF_STANDARD ("OLD.old_number"))
  DEADLINE_TRIGGER ("deadline_standard_replacement_delete", "AFTER DELETE ON standard_replacement",
                    DEADLINE_OF_STANDARD ("OLD.old_number"))
  /* The audit entries the "since" dates come from (the latest). Not a refresh: every audited
   * write prepares an INSERT INTO audit, and a refresh inside would compile DEADLINE_REFRESH
   * into each. Whichever comes first in a transaction, the entry or the change it records, the
   * refresh of the change reads the entry or the entry updates the refreshed row. */
  "CREATE TRIGGER deadline_audit_refiling AFTER INSERT ON audit WHEN NEW.entity = 'filing' "
  "AND NEW.field = 'status' AND NEW.new_value = 'refiling-due' BEGIN "
  "UPDATE deadline_due SET since = substr(NEW.at, 1, 10) WHERE filing_id = NEW.entity_id AND rule = 1 "
  "AND (since IS NULL OR since < substr(NEW.at, 1, 10)); END;\n"
  "CREATE TRIGGER deadline_audit_lab_bar AFTER INSERT ON audit WHEN NEW.entity = 'lab' "
  "AND NEW.field = 'barred_until' BEGIN "
  "UPDATE deadline_due SET since = substr(NEW.at, 1, 10) WHERE rule = 5 "
  "AND ((part = 0 AND filing_id IN (SELECT id FROM filing WHERE lab_id = NEW.entity_id)) "
  "OR (part = 1 AND filing_id IN (SELECT id FROM filing WHERE pentest_lab_id = NEW.entity_id))) "
  "AND (since IS NULL OR since < substr(NEW.at, 1, 10)); END;\n"
  "CREATE TRIGGER deadline_audit_manufacturer_bar AFTER INSERT ON audit WHEN NEW.entity = 'manufacturer' "
  "AND NEW.field = 'barred_until' BEGIN "
  "UPDATE deadline_due SET since = substr(NEW.at, 1, 10) WHERE rule = 6 "
  "AND filing_id IN (" DEADLINE_OF_MANUFACTURER ("NEW.entity_id") ") "
  "AND (since IS NULL OR since < substr(NEW.at, 1, 10)); END;\n"
  /* What is due in the workspace as it is. */
  "INSERT INTO deadline_stale (filing_id) SELECT id FROM filing;\n";

static const char *const migrations[] = {
  NULL,
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
  migration_6,
  migration_7,
  migration_8,
  migration_9,
};

int
csl_migrations_latest (void)
{
  return G_N_ELEMENTS (migrations) - 1;
}

const char *
csl_migrations_sql (int version)
{
  g_return_val_if_fail (version >= 1 && version <= csl_migrations_latest (), NULL);

  return migrations[version];
}
