/* The benchmark's workspace: an agent filing for many manufacturers, with years of history.
 *
 *   csl-bench-workspace DIR [--filings N] [--manufacturers M] [--today DATE] [--seed S]
 *
 * Manufacturers, labs, the owner and its authorisations go through the core's own functions;
 * products and filings through the core's insert-in-transaction functions, all inside one
 * transaction. Only the history the core writes as it happens (audit entries dated in the past,
 * superseded_on) is written with SQL on the real schema. Prints, one per line, the ids the
 * benchmark uses: "package ID", "attach ID", "label ID". */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "workspace/csl-workspace.h"
#include "base/csl-date.h"
#include "store/csl-db.h"
#include "records/csl-filing.h"
#include "records/csl-lab.h"
#include "lifecycle/csl-lifecycle.h"
#include "records/csl-manufacturer.h"
#include "records/csl-owner.h"
#include "records/csl-product.h"
#include "base/csl-uscc.h"
#include "records/csl-catalogue.h"

#define N_LABS 40
#define VALIDITY_MONTHS 36
/* The Measures took effect on 2026-07-01: nothing was filed before. */
#define FIRST_FILED "2026-07-01"

typedef struct
{
  CslWorkspace *ws;
  GRand        *rand;
  guint32       today;      /* Julian day */
  guint32       first;
  CslStmt *audit;
  CslStmt *supersede;
  gint64        category_id;
  gint64        labs[N_LABS];
  guint         serial;     /* filing numbers */
  guint         n_filings;
} Gen;

static guint32
julian (const char *iso)
{
  GDate d;

  if (!csl_date_parse (iso, &d, NULL))
    g_error ("bad date %s", iso);
  return g_date_get_julian (&d);
}

static char *
iso (guint32 day)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, day);
  return csl_date_format (&d);
}

static guint32
between (Gen     *g,
         guint32  from,
         guint32  to)
{
  return to <= from ? from : (guint32) g_rand_int_range (g->rand, (gint32) from, (gint32) to + 1);
}

static gboolean
chance (Gen    *g,
        double  p)
{
  return g_rand_double (g->rand) < p;
}

static void
check (gboolean     ok,
       GError      *error,
       const char  *what)
{
  if (!ok)
    g_error ("%s: %s", what, error ? error->message : "failed");
}

static void
audit_at (Gen        *g,
          guint32     day,
          gint64      filing_id,
          const char *old_status,
          const char *new_status)
{
  g_autofree char *date = iso (day);
  g_autofree char *at = g_strdup_printf ("%sT09:%02d:00Z", date, g_rand_int_range (g->rand, 0, 60));
  g_autoptr(GError) error = NULL;

  csl_stmt_reset (g->audit);
  csl_stmt_bind_text (g->audit, 1, at);
  csl_stmt_bind_int64 (g->audit, 2, filing_id);
  csl_stmt_bind_text (g->audit, 3, old_status);
  csl_stmt_bind_text (g->audit, 4, new_status);
  if (csl_stmt_step (g->audit, &error) != CSL_STMT_DONE)
    g_error ("audit: %s", error->message);
}

static void
add_manufacturers (Gen    *g,
                   guint   n,
                   GArray *ids)
{
  for (guint i = 1; i <= n; i++)
    {
      g_autoptr(CslManufacturer) m = csl_manufacturer_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *first17 = g_strdup_printf ("91%02u0000%09u", 11 + i % 60, 600000000 + i);
      gint64 id;

      m->uscc = g_strdup_printf ("%s%c", first17, csl_uscc_check_char (first17));
      m->name_zh = g_strdup_printf ("示例智能科技%u有限公司", i);
      m->name_en = g_strdup_printf ("Example Smart Tech %u Co., Ltd.", i);
      m->address = g_strdup_printf ("%u Science Park Road, Shenzhen", i);
      m->contact = g_strdup ("Compliance Office");
      m->email = g_strdup_printf ("compliance@maker%u.example.cn", i);
      /* Art. 15: two manufacturers are barred for a while. */
      if (i % 500 == 7)
        {
          m->barred_until = iso (g->today + 200);
          m->barred_reason = g_strdup ("CAC announcement: false filing materials");
        }
      id = csl_manufacturer_add (g->ws, m, &error);
      check (id > 0, error, "manufacturer");
      g_array_append_val (ids, id);
    }
}

static void
add_owner_and_authorizations (Gen    *g,
                              GArray *makers)
{
  g_autoptr(CslOwner) owner = g_new0 (CslOwner, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *first17 = g_strdup ("91440300MA5EXAMPL");

  owner->kind = g_strdup ("agent");
  owner->agent_name = g_strdup ("Pearl River Compliance Agency Co., Ltd.");
  owner->agent_uscc = g_strdup_printf ("%s%c", first17, csl_uscc_check_char (first17));
  check (csl_owner_set (g->ws, owner, &error), error, "owner");

  for (guint i = 0; i < makers->len; i++)
    {
      g_autoptr(CslAuthorization) a = g_new0 (CslAuthorization, 1);
      gint64 id;

      a->manufacturer_id = g_array_index (makers, gint64, i);
      a->letter_ref = g_strdup_printf ("AUTH-%04u", i + 1);
      a->valid_from = g_strdup (FIRST_FILED);
      /* Most letters run for years; one in a hundred ends within the next quarter. */
      a->valid_until = iso (i % 100 == 3 ? g->today + between (g, 10, 80) : g->today + between (g, 400, 2500));
      id = csl_authorization_add (g->ws, a, &error);
      check (id > 0, error, "authorization");
    }
}

static void
add_labs (Gen *g)
{
  for (guint i = 0; i < N_LABS; i++)
    {
      g_autoptr(CslLab) lab = csl_lab_new ();
      g_autoptr(GError) error = NULL;

      lab->name = g_strdup_printf ("Testing Laboratory %u", i + 1);
      lab->kind = g_strdup (i < 30 ? "third-party" : "in-house");
      if (i < 30)
        {
          lab->accreditation_no = g_strdup_printf ("CNAS L%04u", 1000 + i);
          /* One accreditation runs out next quarter, which every filing it tested feels. */
          lab->accredited_until = iso (i == 5 ? g->today + 60 : g->today + between (g, 500, 2000));
        }
      g->labs[i] = csl_lab_add (g->ws, lab, &error);
      check (g->labs[i] > 0, error, "lab");
    }
}

static gint64
add_product (Gen         *g,
             gint64       manufacturer_id,
             const char  *model,
             guint        maker,
             guint        n,
             guint32      support_until)
{
  g_autoptr(CslProduct) p = csl_product_new ();
  g_autoptr(GError) error = NULL;
  static const char *const kinds[] = { "IP Camera", "Doorbell Camera", "Baby Monitor", "Dash Camera", "Pan-Tilt Camera" };

  p->manufacturer_id = manufacturer_id;
  p->category_id = g->category_id;
  p->model = model ? g_strdup (model) : g_strdup_printf ("CAM-%04u-%03u", maker, n);
  p->name = g_strdup (kinds[n % G_N_ELEMENTS (kinds)]);
  p->hardware_version = g_strdup_printf ("H%u", 1 + n % 3);
  p->firmware_version = g_strdup_printf ("%u.%u.%u", 1 + n % 4, n % 10, maker % 20);
  p->support_until = iso (support_until);
  p->default_password_policy = g_strdup ("Unique per device, changed at first use");
  p->vulnerability_contact = g_strdup_printf ("psirt@maker%u.example.cn", maker);
  p->update_policy = g_strdup ("Security updates for 5 years after sale");
  csl_product_set_param (p, "resolution", n % 2 ? "1080p" : "4K");
  csl_product_set_param (p, "wireless", "Wi-Fi 6");
  check (csl_product_insert_in_transaction (g->ws, p, &error) > 0, error, "product");
  return p->id;
}

static gint64
insert_filing (Gen       *g,
               CslFiling *f)
{
  g_autoptr(GError) error = NULL;

  check (csl_filing_insert_in_transaction (g->ws, f, &error) > 0, error, "filing");
  g->n_filings++;
  return f->id;
}

/* Fills in a filing as the lifecycle would have left it after `status`, from its report date
 * on, and writes the matching audit entries. */
static gint64
add_filing (Gen          *g,
            gint64        product_id,
            gint64        predecessor_id,
            gboolean      agent,
            guint32       report_day,
            const char   *status,
            const char   *refiling_reason,
            guint32      *filed_day)
{
  g_autoptr(CslFiling) f = csl_filing_new ();
  static const char *const steps[] = { "draft", "ready", "packaged", "submitted", "filed" };
  guint lab = g_rand_int_range (g->rand, 0, N_LABS);
  guint32 submitted = MIN (report_day + between (g, 7, 40), g->today);
  guint32 filed = MIN (submitted + between (g, 10, 30), g->today);
  gint64 id;

  *filed_day = 0;
  f->product_id = product_id;
  f->grade = chance (g, 0.6) ? 1 : chance (g, 0.75) ? 2 : 3;
  f->lab_id = g->labs[lab];
  /* Art. 7(2): a three-star filing's penetration test comes from a third-party lab. */
  if (f->grade == 3 && lab >= 30)
    f->pentest_lab_id = g->labs[g_rand_int_range (g->rand, 0, 30)];
  g_free (f->filed_by);
  f->filed_by = g_strdup (agent ? "agent" : "manufacturer");
  f->report_number = g_strdup_printf ("R-%07u", g->n_filings + 1);
  f->report_date = iso (report_day);
  f->standards = g_new0 (char *, 3);
  f->standards[0] = g_strdup ("GB/T 41387-2022");
  if (f->grade > 1)
    f->standards[1] = g_strdup ("GB/T 38632-2020");
  f->predecessor_id = predecessor_id;
  f->refiling_reason = g_strdup (refiling_reason);
  g_free (f->status);
  f->status = g_strdup (status);

  if (g_strcmp0 (status, "submitted") == 0 || g_strcmp0 (status, "filed") == 0 ||
      g_strcmp0 (status, "expired") == 0 || g_strcmp0 (status, "revoked") == 0 ||
      g_strcmp0 (status, "refiling-due") == 0)
    f->submitted_on = iso (submitted);
  if (f->submitted_on != NULL && g_strcmp0 (status, "submitted") != 0)
    {
      f->filing_number = g_strdup_printf ("CSL%s%06u", "2025", ++g->serial);
      f->filed_on = iso (filed);
      f->valid_from = iso (filed);
      {
        g_autofree char *end = csl_date_add_months (f->valid_from, VALIDITY_MONTHS);
        f->valid_until = iso (julian (end) - 1);
      }
      *filed_day = filed;
    }
  if (g_strcmp0 (status, "revoked") == 0)
    f->revoke_reason = g_strdup ("Withdrawn by the manufacturer: product discontinued");
  id = insert_filing (g, f);

  for (guint i = 0; i + 1 < G_N_ELEMENTS (steps); i++)
    {
      guint32 day = i < 2 ? report_day + i : i == 2 ? submitted - 1 : i == 3 ? submitted : filed;

      if (g_strcmp0 (status, steps[i]) == 0)
        break;
      audit_at (g, MIN (day, g->today), id, steps[i], steps[i + 1]);
    }
  if (g_strcmp0 (status, "expired") == 0 || g_strcmp0 (status, "revoked") == 0 ||
      g_strcmp0 (status, "refiling-due") == 0)
    audit_at (g, g->today - between (g, 1, 60), id, "filed", status);
  return id;
}

static const char *
draft_status (Gen *g)
{
  double r = g_rand_double (g->rand);

  return r < 0.40 ? "draft" : r < 0.55 ? "ready" : r < 0.65 ? "packaged" : "submitted";
}

static void
set_status (Gen        *g,
            gint64      id,
            const char *old_status,
            const char *status,
            const char *reason,
            guint32     day)
{
  CslStmt *stmt = csl_db_prepare (csl_workspace_get_db (g->ws),
                                  "UPDATE filing SET status = ?, revoke_reason = ? WHERE id = ?", NULL);

  csl_stmt_bind_text (stmt, 1, status);
  csl_stmt_bind_text (stmt, 2, reason);
  csl_stmt_bind_int64 (stmt, 3, id);
  if (csl_stmt_step (stmt, NULL) != CSL_STMT_DONE)
    g_error ("status update failed");
  csl_stmt_free (stmt);
  audit_at (g, day, id, old_status, status);
}

static void
supersede (Gen     *g,
           gint64   id,
           guint32  day)
{
  g_autofree char *on = iso (day);

  csl_stmt_reset (g->supersede);
  csl_stmt_bind_text (g->supersede, 1, on);
  csl_stmt_bind_int64 (g->supersede, 2, id);
  if (csl_stmt_step (g->supersede, NULL) != CSL_STMT_DONE)
    g_error ("supersede failed");
}

/* One product's filings: its first label; for some, a re-filing after a change (Art. 10); and
 * at the end of a label's validity either its renewal or, for a product no longer sold, its
 * withdrawal. An agent keeping 100 000 filings does that housekeeping, so expired labels past
 * the last two months are few; those of the last two months and the next quarter are what the
 * deadlines show. */
static void
add_history (Gen      *g,
             gint64    product_id,
             gboolean  agent,
             gboolean  refile)
{
  guint32 report = between (g, g->first - 30, g->today - 90);
  guint32 filed = 0;
  gboolean in_progress = !refile && chance (g, 0.08);
  const char *first_status = in_progress ? draft_status (g) : "filed";
  gint64 first;

  if (in_progress)
    report = between (g, g->today - 120, g->today - 1);
  first = add_filing (g, product_id, 0, agent, report, first_status, NULL, &filed);
  if (filed == 0)
    return;
  if (refile)
    {
      guint32 refiled = 0;
      gboolean refiling_filed = chance (g, 0.85);
      guint32 re_report = between (g, filed + 60, MAX (filed + 60, g->today - (refiling_filed ? 80 : 5)));

      add_filing (g, product_id, first, agent, MIN (re_report, g->today - 5), refiling_filed ? "filed" : draft_status (g),
                  "Firmware changed a key technical parameter (Art. 10)", &refiled);
      if (refiled > 0)
        supersede (g, first, refiled);
      else
        /* The change made the first label due for re-filing until the new one is filed. */
        set_status (g, first, "filed", "refiling-due", NULL, g->today - between (g, 1, 90));
      return;
    }
  {
    g_autofree char *from = iso (filed);
    g_autofree char *end = csl_date_add_months (from, VALIDITY_MONTHS);
    guint32 expiry = julian (end) - 1;
    guint32 renewed = 0;

    if (expiry + 60 >= g->today)
      return;
    if (chance (g, 0.3))
      {
        set_status (g, first, "filed", "revoked", "Product discontinued: label withdrawn by the manufacturer",
                    expiry - between (g, 0, 30));
        return;
      }
    add_filing (g, product_id, first, agent, expiry - between (g, 90, 150), "filed",
                "Label validity ends: renewal (Art. 10)", &renewed);
    supersede (g, first, renewed);
  }
}

static void
add_history_single (Gen    *g,
                    gint64  product_id)
{
  guint32 filed;

  add_filing (g, product_id, 0, TRUE, g->today - between (g, 100, 300), "filed", NULL, &filed);
}

/* One filed label in a hundred was withdrawn; the audit entry goes with it, as the lifecycle
 * writes it. */
static void
revoke_some (Gen *g)
{
  CslDb *db = csl_workspace_get_db (g->ws);
  g_autoptr(GError) error = NULL;
  g_autofree char *date = iso (g->today - 30);
  g_autofree char *at = g_strconcat (date, "T10:00:00Z", NULL);
  g_autoptr(CslStmt) audit =
    csl_db_prepare (db, "INSERT INTO audit (at, entity, entity_id, field, old_value, new_value, via) "
                        "SELECT ?, 'filing', id, 'status', status, 'revoked', 'gui' "
                        "FROM filing WHERE status = 'filed' AND id % 97 = 0", &error);

  check (audit != NULL, error, "prepare");
  csl_stmt_bind_text (audit, 1, at);
  check (csl_db_step_done (db, audit, &error) &&
         csl_db_exec (db, "UPDATE filing SET status = 'revoked', "
                          "revoke_reason = 'Withdrawn by the manufacturer: product discontinued' "
                          "WHERE status = 'filed' AND id % 97 = 0", &error), error, "revoke");
}

static gint64
add_bench_filing (Gen        *g,
                  gint64      manufacturer_id,
                  const char *model,
                  const char *status)
{
  g_autoptr(CslFiling) f = csl_filing_new ();
  guint32 filed = 0;
  gint64 product = add_product (g, manufacturer_id, model, 0, 0, g->today + 2000);

  if (g_strcmp0 (status, "draft") != 0)
    return add_filing (g, product, 0, TRUE, g->today - 200, status, NULL, &filed);
  f->product_id = product;
  f->grade = 3;
  f->lab_id = g->labs[0];
  f->pentest_lab_id = g->labs[1];
  g_free (f->filed_by);
  f->filed_by = g_strdup ("agent");
  f->report_number = g_strdup_printf ("R-%s", model);
  f->report_date = iso (g->today - 20);
  f->standards = g_new0 (char *, 3);
  f->standards[0] = g_strdup ("GB/T 41387-2022");
  f->standards[1] = g_strdup ("GB/T 38632-2020");
  return insert_filing (g, f);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *today = NULL;
  int n_filings = 100000, n_makers = 1000, seed = 10;
  const GOptionEntry entries[] = {
    { "filings", 0, 0, G_OPTION_ARG_INT, &n_filings, "Filings (default 100000)", "N" },
    { "manufacturers", 0, 0, G_OPTION_ARG_INT, &n_makers, "Manufacturers (default 1000)", "N" },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today, "The day the history leads up to (default: CSL_FILER_TODAY)", "DATE" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DIR");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) makers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(CslCategory) category = NULL;
  Gen g = { 0 };
  CslDb *db;
  guint products = 0;
  gint64 package, attach, label;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || n_filings < 10 || n_makers < 1)
    {
      g_printerr ("%s\n", error ? error->message : "usage: csl-bench-workspace DIR [--filings N] [--manufacturers M]");
      return 2;
    }
  if (today == NULL)
    today = csl_date_today ();
  if (g_file_test (argv[1], G_FILE_TEST_EXISTS))
    {
      g_printerr ("%s exists: the generator only makes new workspaces\n", argv[1]);
      return 2;
    }

  g.ws = csl_workspace_open (argv[1], &error);
  check (g.ws != NULL, error, "workspace");
  db = csl_workspace_get_db (g.ws);
  /* A scratch workspace: durability of each step does not matter, the speed of making it does. */
  check (csl_db_exec (db, "PRAGMA synchronous = OFF", &error), error, "pragma");
  g.rand = g_rand_new_with_seed ((guint32) seed);
  g.today = julian (today);
  g.first = julian (FIRST_FILED);
  category = csl_catalogue_find_serial (g.ws, "CSL 001-2025", &error);
  check (category != NULL, error, "category");
  g.category_id = category->id;

  add_manufacturers (&g, (guint) n_makers, makers);
  add_owner_and_authorizations (&g, makers);
  add_labs (&g);

  check (csl_db_begin (db, &error), error, "begin");
  g.audit = csl_db_prepare (db, "INSERT INTO audit (at, entity, entity_id, field, old_value, new_value, via) "
                                "VALUES (?1, 'filing', ?2, 'status', ?3, ?4, 'gui')", &error);
  g.supersede = csl_db_prepare (db, "UPDATE filing SET superseded_on = ?1 WHERE id = ?2", &error);
  check (g.audit != NULL && g.supersede != NULL, error, "prepare");

  package = add_bench_filing (&g, g_array_index (makers, gint64, 0), "BENCH-PACKAGE", "draft");
  attach = add_bench_filing (&g, g_array_index (makers, gint64, 0), "BENCH-ATTACH", "draft");
  label = add_bench_filing (&g, g_array_index (makers, gint64, 0), "BENCH-LABEL", "filed");
  /* Products round-robin over the manufacturers; three in ten were changed and re-filed. */
  for (guint m = 0; g.n_filings < (guint) n_filings; m = (m + 1) % makers->len)
    {
      guint n = products / makers->len;
      guint32 support = g.today + between (&g, 200, 3000);
      gint64 p = add_product (&g, g_array_index (makers, gint64, m), NULL, m + 1, n + 1, support);

      products++;
      /* A product makes at most two filings here; the last product may have to stop at one. */
      if (g.n_filings + 2 > (guint) n_filings)
        add_history_single (&g, p);
      else
        add_history (&g, p, TRUE, chance (&g, 0.3));
    }
  revoke_some (&g);
  g_clear_pointer (&g.audit, csl_stmt_free);
  g_clear_pointer (&g.supersede, csl_stmt_free);
  check (csl_db_commit (db, &error), error, "commit");
  /* What the app does on its own each day: labels past their validity become expired. */
  check (csl_lifecycle_apply_time (g.ws, today, NULL, &error), error, "expire");
  check (csl_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", &error), error, "checkpoint");

  g_printerr ("%u filings, %u products, %u manufacturers\n", g.n_filings, products, makers->len);
  g_print ("package %" G_GINT64_FORMAT "\nattach %" G_GINT64_FORMAT "\nlabel %" G_GINT64_FORMAT "\n",
           package, attach, label);
  g_rand_free (g.rand);
  g_object_unref (g.ws);
  return 0;
}
