#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "base/csl-error.h"
#include "base/csl-uscc.h"
#include "records/csl-catalogue.h"
#include "records/csl-filing.h"
#include "records/csl-import.h"
#include "records/csl-lab.h"
#include "records/csl-manufacturer.h"
#include "records/csl-product.h"

/* ---- Columns --------------------------------------------------------------------------- */

enum { M_NAME_ZH, M_NAME_EN, M_USCC, M_ACCEPT, M_ADDRESS, M_CONTACT, M_PHONE, M_EMAIL, M_N };
enum { L_NAME, L_KIND, L_ACCREDITATION, L_UNTIL, L_N };
enum { P_USCC, P_CATEGORY, P_MODEL, P_NAME, P_HARDWARE, P_FIRMWARE, P_SUPPORT, P_PASSWORDS,
       P_VULN, P_UPDATES, P_PARAMS, P_N };
enum { F_USCC, F_MODEL, F_GRADE, F_LAB, F_LAB_ACCREDITATION, F_PENTEST_LAB, F_PENTEST_ACCREDITATION,
       F_REPORT_NUMBER, F_REPORT_DATE, F_STANDARDS, F_AGENT, F_N };

#define MAX_COLUMNS 11

static const CslImportColumn manufacturer_columns[] = {
  { "name_zh", FALSE, N_("Legal name in Chinese (this or name_en)") },
  { "name_en", FALSE, N_("Legal name in English") },
  { "uscc", TRUE, N_("Unified Social Credit Code, 18 characters; the match key") },
  { "accept_check_digit", FALSE, N_("yes to accept a code whose check character does not match") },
  { "address", FALSE, N_("Registered address") },
  { "contact", FALSE, N_("Contact person") },
  { "phone", FALSE, N_("Telephone") },
  { "email", FALSE, N_("E-mail address") },
};

static const CslImportColumn lab_columns[] = {
  { "name", TRUE, N_("The lab's name; with accreditation_no, the match key") },
  { "kind", TRUE, N_("in-house or third-party") },
  { "accreditation_no", FALSE, N_("Accreditation number (CNAS or similar)") },
  { "accredited_until", FALSE, N_("Accreditation end date, YYYY-MM-DD") },
};

static const CslImportColumn product_columns[] = {
  { "manufacturer_uscc", TRUE, N_("The manufacturer's USCC (import manufacturers first)") },
  { "category", TRUE, N_("Catalogue category serial, such as CSL 001-2025") },
  { "model", TRUE, N_("Model or specification; with the manufacturer, the match key") },
  { "name", FALSE, N_("Product name") },
  { "hardware_version", FALSE, N_("Hardware version") },
  { "firmware_version", FALSE, N_("Firmware version") },
  { "support_until", FALSE, N_("End of security support, YYYY-MM-DD") },
  { "default_passwords", FALSE, N_("Art. 5 key indicator: default password policy") },
  { "vulnerability_contact", FALSE, N_("Art. 5 key indicator: where vulnerabilities are reported") },
  { "update_policy", FALSE, N_("Art. 5 key indicator: security update policy") },
  { "params", FALSE, N_("Key technical parameters, NAME=VALUE, separated by ; or line breaks") },
};

static const CslImportColumn filing_columns[] = {
  { "manufacturer_uscc", TRUE, N_("The manufacturer's USCC") },
  { "model", TRUE, N_("The product's model (import products first)") },
  { "grade", TRUE, N_("1, 2 or 3 (Basic, Enhanced, Leading)") },
  { "lab", TRUE, N_("The testing lab's name (import labs first)") },
  { "lab_accreditation_no", FALSE, N_("The lab's accreditation number, when two labs share a name") },
  { "pentest_lab", FALSE, N_("The third-party lab of the penetration test (Three-Star)") },
  { "pentest_lab_accreditation_no", FALSE, N_("That lab's accreditation number") },
  { "report_number", FALSE, N_("Test report number; with the product, the match key") },
  { "report_date", FALSE, N_("Test report date, YYYY-MM-DD") },
  { "standards", FALSE, N_("Basis standard numbers, separated by ; or line breaks") },
  { "agent", FALSE, N_("yes when an agent files for the manufacturer") },
};

static const struct
{
  const char            *name;
  const CslImportColumn *columns;
  guint                  n_columns;
  const char            *entity;   /* the "changed" signal's */
} kinds[] = {
  { "manufacturers", manufacturer_columns, G_N_ELEMENTS (manufacturer_columns), "manufacturer" },
  { "labs", lab_columns, G_N_ELEMENTS (lab_columns), "lab" },
  { "products", product_columns, G_N_ELEMENTS (product_columns), "product" },
  { "filings", filing_columns, G_N_ELEMENTS (filing_columns), "filing" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == CSL_N_IMPORT_KINDS);
G_STATIC_ASSERT (G_N_ELEMENTS (manufacturer_columns) == M_N && G_N_ELEMENTS (lab_columns) == L_N &&
                 G_N_ELEMENTS (product_columns) == P_N && G_N_ELEMENTS (filing_columns) == F_N);
G_STATIC_ASSERT (P_N <= MAX_COLUMNS && F_N <= MAX_COLUMNS && M_N <= MAX_COLUMNS);

const char *
csl_import_kind_to_string (CslImportKind kind)
{
  g_return_val_if_fail (kind < CSL_N_IMPORT_KINDS, NULL);
  return kinds[kind].name;
}

gboolean
csl_import_kind_from_string (const char     *text,
                             CslImportKind  *out,
                             GError        **error)
{
  for (guint i = 0; i < CSL_N_IMPORT_KINDS; i++)
    if (g_strcmp0 (text, kinds[i].name) == 0)
      {
        *out = i;
        return TRUE;
      }
  g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
               _("“%s” is not something to import: manufacturers, labs, products or filings"), text ? text : "");
  return FALSE;
}

const CslImportColumn *
csl_import_columns (CslImportKind  kind,
                    guint         *n_columns)
{
  g_return_val_if_fail (kind < CSL_N_IMPORT_KINDS, NULL);
  *n_columns = kinds[kind].n_columns;
  return kinds[kind].columns;
}

char *
csl_import_template (CslImportKind kind)
{
  g_autoptr(GString) s = g_string_new ("\xEF\xBB\xBF");

  g_return_val_if_fail (kind < CSL_N_IMPORT_KINDS, NULL);
  for (guint i = 0; i < kinds[kind].n_columns; i++)
    g_string_append_printf (s, "%s%s", i ? "," : "", kinds[kind].columns[i].name);
  g_string_append (s, "\r\n");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

const char *
csl_import_action_to_string (CslImportAction action)
{
  switch (action)
    {
    case CSL_IMPORT_NEW:       return "new";
    case CSL_IMPORT_UPDATE:    return "update";
    case CSL_IMPORT_UNCHANGED: return "unchanged";
    case CSL_IMPORT_INVALID:
    default:                   return "invalid";
    }
}

/* ---- The report -------------------------------------------------------------------------- */

static void
problem_free (CslImportProblem *p)
{
  g_free (p->column);
  g_free (p->message);
  g_free (p);
}

static void
row_free (CslImportRow *r)
{
  g_free (r->key);
  g_free (r);
}

void
csl_import_report_free (CslImportReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->rows);
  g_ptr_array_unref (report->problems);
  g_free (report);
}

/* ---- One import -------------------------------------------------------------------------- */

typedef struct
{
  CslWorkspace    *ws;
  CslImportKind    kind;
  CslImportReport *report;
  const char      *source;
  int              index[MAX_COLUMNS];   /* the file's column of each known column, or -1 */
  guint            line;

  /* Lookups, read once and kept up to date as rows are written. */
  GHashTable      *manufacturers;   /* USCC → CslManufacturer */
  GHashTable      *labs;            /* "name\naccreditation" → CslLab */
  GHashTable      *products;        /* "manufacturer id\nmodel" → CslProduct */
  GHashTable      *categories;      /* serial → CslCategory, or NULL when unknown */
  GHashTable      *seen;            /* match keys of this file's rows */
} Import;

static void
problem (Import     *im,
         const char *column,
         const char *format,
         ...) G_GNUC_PRINTF (3, 4);

static void
problem (Import     *im,
         const char *column,
         const char *format,
         ...)
{
  CslImportProblem *p;
  va_list args;

  im->report->n_problems++;
  if (im->report->problems->len >= CSL_IMPORT_MAX_PROBLEMS)
    return;
  p = g_new0 (CslImportProblem, 1);
  p->line = im->line;
  p->column = g_strdup (column);
  va_start (args, format);
  p->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (im->report->problems, p);
}

static void
problem_error (Import     *im,
               const char *column,
               GError     *error)
{
  problem (im, column, "%s", error->message);
}

static void
add_row (Import          *im,
         CslImportAction  action,
         gint64           id,
         const char      *key)
{
  CslImportRow *r = g_new0 (CslImportRow, 1);

  r->line = im->line;
  r->action = action;
  r->id = id;
  r->key = g_strdup (key);
  g_ptr_array_add (im->report->rows, r);
  if (action == CSL_IMPORT_NEW)
    im->report->n_new++;
  else if (action == CSL_IMPORT_UPDATE)
    im->report->n_updated++;
  else if (action == CSL_IMPORT_UNCHANGED)
    im->report->n_unchanged++;
}

static const char *
column_name (Import *im,
             guint   column)
{
  return kinds[im->kind].columns[column].name;
}

/* The cell, trimmed; NULL when the file has no such column (so the field is left as it is). */
static char *
cell (Import       *im,
      CslCsvRecord *rec,
      guint         column)
{
  int i = im->index[column];

  if (i < 0)
    return NULL;
  if ((guint) i >= g_strv_length (rec->fields))
    return g_strdup ("");
  return g_strstrip (g_strdup (rec->fields[i]));
}

static gboolean
has (Import *im,
     guint   column)
{
  return im->index[column] >= 0;
}

/* Sets *field from the cell when the file has the column: an empty cell clears it. */
static void
take (Import       *im,
      CslCsvRecord *rec,
      guint         column,
      char        **field)
{
  char *value = cell (im, rec, column);

  if (value == NULL)
    return;
  g_free (*field);
  *field = *value != '\0' ? value : (g_free (value), NULL);
}

static gboolean
parse_yes_no (Import     *im,
              const char *text,
              guint       column,
              gboolean   *out)
{
  static const char *const yes[] = { "yes", "y", "true", "1", "是", NULL };
  static const char *const no[] = { "no", "n", "false", "0", "否", "", NULL };
  g_autofree char *folded = g_utf8_strdown (text, -1);

  if (g_strv_contains (yes, folded))
    *out = TRUE;
  else if (g_strv_contains (no, folded))
    *out = FALSE;
  else
    {
      problem (im, column_name (im, column), _("“%s” is not yes or no"), text);
      return FALSE;
    }
  return TRUE;
}

/* "A; B" or "A" and "B" on lines of their own. */
static GStrv
split_list (const char *text)
{
  g_auto(GStrv) parts = g_regex_split_simple ("[;\\n]", text, 0, 0);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (b, parts[i]);
  return g_strv_builder_end (b);
}

static gboolean
seen_before (Import     *im,
             const char *key,
             const char *what)
{
  guint first = GPOINTER_TO_UINT (g_hash_table_lookup (im->seen, key));

  if (first != 0)
    {
      problem (im, NULL, _("%s is also on line %u; each may appear once in a file"), what, first);
      return TRUE;
    }
  g_hash_table_insert (im->seen, g_strdup (key), GUINT_TO_POINTER (im->line));
  return FALSE;
}

static char *
lab_key (const char *name,
         const char *accreditation)
{
  g_autofree char *folded = g_utf8_casefold (name ? name : "", -1);

  return g_strconcat (folded, "\n", accreditation ? accreditation : "", NULL);
}

static char *
product_key (gint64      manufacturer_id,
             const char *model)
{
  g_autofree char *folded = g_utf8_casefold (model ? model : "", -1);

  return g_strdup_printf ("%" G_GINT64_FORMAT "\n%s", manufacturer_id, folded);
}

/* ---- Rows -------------------------------------------------------------------------------- */

static gboolean
same_manufacturer (const CslManufacturer *a,
                   const CslManufacturer *b)
{
  return g_strcmp0 (a->name_zh, b->name_zh) == 0 && g_strcmp0 (a->name_en, b->name_en) == 0 &&
         g_strcmp0 (a->uscc, b->uscc) == 0 && !a->uscc_check_accepted == !b->uscc_check_accepted &&
         g_strcmp0 (a->address, b->address) == 0 && g_strcmp0 (a->contact, b->contact) == 0 &&
         g_strcmp0 (a->phone, b->phone) == 0 && g_strcmp0 (a->email, b->email) == 0;
}

static void
row_manufacturer (Import       *im,
                  CslCsvRecord *rec)
{
  g_autofree char *uscc_text = cell (im, rec, M_USCC);
  g_autofree char *uscc = csl_uscc_normalize (uscc_text);
  g_autofree char *accept_text = cell (im, rec, M_ACCEPT);
  g_autoptr(CslManufacturer) m = NULL;
  g_autoptr(GError) error = NULL;
  CslManufacturer *old;
  gboolean accept = FALSE;

  if (accept_text != NULL && !parse_yes_no (im, accept_text, M_ACCEPT, &accept))
    return;
  if (!csl_uscc_validate (uscc, accept, &error))
    {
      problem_error (im, "uscc", error);
      return;
    }
  if (seen_before (im, uscc, uscc))
    return;
  old = g_hash_table_lookup (im->manufacturers, uscc);
  m = old ? csl_manufacturer_copy (old) : csl_manufacturer_new ();
  g_free (m->uscc);
  m->uscc = g_strdup (uscc);
  if (accept_text != NULL)
    m->uscc_check_accepted = accept;
  take (im, rec, M_NAME_ZH, &m->name_zh);
  take (im, rec, M_NAME_EN, &m->name_en);
  take (im, rec, M_ADDRESS, &m->address);
  take (im, rec, M_CONTACT, &m->contact);
  take (im, rec, M_PHONE, &m->phone);
  take (im, rec, M_EMAIL, &m->email);

  if (old != NULL && same_manufacturer (old, m))
    {
      add_row (im, CSL_IMPORT_UNCHANGED, old->id, uscc);
      return;
    }
  if (old != NULL ? !csl_manufacturer_update_in_transaction (im->ws, old, m, &error)
                  : csl_manufacturer_insert_in_transaction (im->ws, m, &error) == 0)
    {
      problem_error (im, NULL, error);
      return;
    }
  add_row (im, old ? CSL_IMPORT_UPDATE : CSL_IMPORT_NEW, m->id, uscc);
  g_hash_table_replace (im->manufacturers, g_steal_pointer (&uscc), g_steal_pointer (&m));
}

static void
row_lab (Import       *im,
         CslCsvRecord *rec)
{
  g_autofree char *name = cell (im, rec, L_NAME);
  g_autofree char *accreditation = cell (im, rec, L_ACCREDITATION);
  g_autofree char *key = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(CslLab) lab = NULL;
  g_autoptr(GError) error = NULL;
  CslLab *old;

  if (*name == '\0')
    {
      problem (im, "name", _("A lab needs a name"));
      return;
    }
  key = lab_key (name, accreditation);
  shown = accreditation && *accreditation ? g_strdup_printf ("%s (%s)", name, accreditation) : g_strdup (name);
  if (seen_before (im, key, shown))
    return;
  old = g_hash_table_lookup (im->labs, key);
  lab = old ? csl_lab_copy (old) : csl_lab_new ();
  take (im, rec, L_NAME, &lab->name);
  take (im, rec, L_KIND, &lab->kind);
  take (im, rec, L_ACCREDITATION, &lab->accreditation_no);
  take (im, rec, L_UNTIL, &lab->accredited_until);
  {
    CslLabKind kind;

    if (!csl_lab_kind_from_string (lab->kind, &kind, &error))
      {
        problem_error (im, "kind", error);
        return;
      }
  }
  if (old != NULL && g_strcmp0 (old->name, lab->name) == 0 && g_strcmp0 (old->kind, lab->kind) == 0 &&
      g_strcmp0 (old->accreditation_no, lab->accreditation_no) == 0 &&
      g_strcmp0 (old->accredited_until, lab->accredited_until) == 0)
    {
      add_row (im, CSL_IMPORT_UNCHANGED, old->id, shown);
      return;
    }
  if (old != NULL ? !csl_lab_update_in_transaction (im->ws, old, lab, &error)
                  : csl_lab_insert_in_transaction (im->ws, lab, &error) == 0)
    {
      problem_error (im, NULL, error);
      return;
    }
  add_row (im, old ? CSL_IMPORT_UPDATE : CSL_IMPORT_NEW, lab->id, shown);
  g_hash_table_replace (im->labs, g_steal_pointer (&key), g_steal_pointer (&lab));
}

static CslManufacturer *
find_manufacturer (Import       *im,
                   CslCsvRecord *rec,
                   guint         column)
{
  g_autofree char *text = cell (im, rec, column);
  g_autofree char *uscc = csl_uscc_normalize (text);
  CslManufacturer *m = g_hash_table_lookup (im->manufacturers, uscc);

  if (m == NULL)
    problem (im, column_name (im, column), _("no manufacturer in the workspace has the USCC “%s”"), text);
  return m;
}

static CslCategory *
find_category (Import     *im,
               const char *serial)
{
  CslCategory *category;

  if (!g_hash_table_lookup_extended (im->categories, serial, NULL, (gpointer *) &category))
    {
      category = csl_catalogue_find_serial (im->ws, serial, NULL);
      g_hash_table_insert (im->categories, g_strdup (serial), category);
    }
  if (category == NULL)
    problem (im, "category", _("“%s” is not a catalogue category; catalogue list shows them"), serial);
  return category;
}

static gboolean
same_product (const CslProduct *a,
              const CslProduct *b)
{
  if (a->category_id != b->category_id || g_strcmp0 (a->name, b->name) != 0 ||
      g_strcmp0 (a->model, b->model) != 0 || g_strcmp0 (a->hardware_version, b->hardware_version) != 0 ||
      g_strcmp0 (a->firmware_version, b->firmware_version) != 0 ||
      g_strcmp0 (a->support_until, b->support_until) != 0 ||
      g_strcmp0 (a->default_password_policy, b->default_password_policy) != 0 ||
      g_strcmp0 (a->vulnerability_contact, b->vulnerability_contact) != 0 ||
      g_strcmp0 (a->update_policy, b->update_policy) != 0)
    return FALSE;
  {
    g_autofree char *pa = csl_product_params_to_text (a);
    g_autofree char *pb = csl_product_params_to_text (b);

    return g_strcmp0 (pa, pb) == 0;
  }
}

static void
row_product (Import       *im,
             CslCsvRecord *rec)
{
  g_autofree char *model = cell (im, rec, P_MODEL);
  g_autofree char *serial = cell (im, rec, P_CATEGORY);
  g_autofree char *params = cell (im, rec, P_PARAMS);
  g_autofree char *key = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(CslProduct) p = NULL;
  g_autoptr(GError) error = NULL;
  CslManufacturer *m;
  CslCategory *category;
  CslProduct *old;

  if ((m = find_manufacturer (im, rec, P_USCC)) == NULL || (category = find_category (im, serial)) == NULL)
    return;
  if (*model == '\0')
    {
      problem (im, "model", _("A product needs its model"));
      return;
    }
  key = product_key (m->id, model);
  shown = g_strdup_printf ("%s / %s", m->uscc, model);
  if (seen_before (im, key, shown))
    return;
  old = g_hash_table_lookup (im->products, key);
  p = old ? csl_product_copy (old) : csl_product_new ();
  p->manufacturer_id = m->id;
  p->category_id = category->id;
  take (im, rec, P_MODEL, &p->model);
  take (im, rec, P_NAME, &p->name);
  take (im, rec, P_HARDWARE, &p->hardware_version);
  take (im, rec, P_FIRMWARE, &p->firmware_version);
  take (im, rec, P_SUPPORT, &p->support_until);
  take (im, rec, P_PASSWORDS, &p->default_password_policy);
  take (im, rec, P_VULN, &p->vulnerability_contact);
  take (im, rec, P_UPDATES, &p->update_policy);
  if (params != NULL)
    {
      g_auto(GStrv) list = split_list (params);
      g_autofree char *lines = g_strjoinv ("\n", list);

      if (!csl_product_params_from_text (p, lines, &error))
        {
          problem_error (im, "params", error);
          return;
        }
    }
  if (old != NULL && same_product (old, p))
    {
      add_row (im, CSL_IMPORT_UNCHANGED, old->id, shown);
      return;
    }
  if (old != NULL ? !csl_product_update_in_transaction (im->ws, old, p, &error)
                  : csl_product_insert_in_transaction (im->ws, p, &error) == 0)
    {
      problem_error (im, NULL, error);
      return;
    }
  add_row (im, old ? CSL_IMPORT_UPDATE : CSL_IMPORT_NEW, p->id, shown);
  /* No later row of this file can match this product (seen_before() refuses a second one), so
   * a new one is not kept: a 100 000-row file then needs memory for its report, not for every
   * product it wrote. An updated one replaces what the table held. */
  if (old != NULL)
    g_hash_table_replace (im->products, g_steal_pointer (&key), g_steal_pointer (&p));
}

static gint64
find_lab (Import       *im,
          CslCsvRecord *rec,
          guint         name_column,
          guint         accreditation_column)
{
  g_autofree char *name = cell (im, rec, name_column);
  g_autofree char *accreditation = cell (im, rec, accreditation_column);
  g_autofree char *folded = g_utf8_casefold (name ? name : "", -1);
  GHashTableIter iter;
  CslLab *lab, *found = NULL;
  guint n = 0;

  if (name == NULL || *name == '\0')
    return 0;
  g_hash_table_iter_init (&iter, im->labs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &lab))
    {
      g_autofree char *lab_folded = g_utf8_casefold (lab->name, -1);

      if (strcmp (lab_folded, folded) != 0 ||
          (accreditation && *accreditation && g_strcmp0 (lab->accreditation_no, accreditation) != 0))
        continue;
      found = lab;
      n++;
    }
  if (n == 1)
    return found->id;
  if (n == 0)
    problem (im, column_name (im, name_column), _("no lab in the workspace is called “%s”"), name);
  else
    problem (im, column_name (im, accreditation_column),
             _("%u labs are called “%s”: give the accreditation number"), n, name);
  return -1;
}

static gboolean
same_strv (GStrv a,
           GStrv b)
{
  guint n = a ? g_strv_length (a) : 0;

  if (n != (b ? g_strv_length (b) : 0))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (strcmp (a[i], b[i]) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
same_filing (const CslFiling *a,
             const CslFiling *b)
{
  return a->grade == b->grade && a->lab_id == b->lab_id && a->pentest_lab_id == b->pentest_lab_id &&
         g_strcmp0 (a->filed_by, b->filed_by) == 0 && g_strcmp0 (a->report_number, b->report_number) == 0 &&
         g_strcmp0 (a->report_date, b->report_date) == 0 && same_strv (a->standards, b->standards);
}

/* The filing this row means: the product's with the same report number, else its draft. */
static CslFiling *
match_filing (GPtrArray  *filings,
              gint64      product_id,
              const char *report_number)
{
  CslFiling *draft = NULL;

  for (guint i = 0; i < filings->len; i++)
    {
      CslFiling *f = filings->pdata[i];

      if (f->product_id != product_id)
        continue;
      if (report_number && *report_number && g_strcmp0 (f->report_number, report_number) == 0)
        return f;
      if (csl_filing_get_status (f) == CSL_STATUS_DRAFT && (report_number == NULL || *report_number == '\0' ||
                                                            f->report_number == NULL))
        draft = f;
    }
  return draft;
}

static void
row_filing (Import       *im,
            CslCsvRecord *rec,
            GHashTable   *by_product)
{
  g_autofree char *model = cell (im, rec, F_MODEL);
  g_autofree char *grade_text = cell (im, rec, F_GRADE);
  g_autofree char *report_number = cell (im, rec, F_REPORT_NUMBER);
  g_autofree char *standards = cell (im, rec, F_STANDARDS);
  g_autofree char *agent_text = cell (im, rec, F_AGENT);
  g_autofree char *key = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(CslFiling) f = NULL;
  g_autoptr(GError) error = NULL;
  CslManufacturer *m;
  CslProduct *product;
  CslFiling *old;
  GPtrArray *filings;
  CslGrade grade;
  gint64 lab_id, pentest_id;
  gboolean agent = FALSE;

  if ((m = find_manufacturer (im, rec, F_USCC)) == NULL)
    return;
  g_free (key);
  key = product_key (m->id, model);
  product = g_hash_table_lookup (im->products, key);
  if (product == NULL)
    {
      problem (im, "model", _("%s has no product with the model “%s”"), csl_manufacturer_display_name (m), model);
      return;
    }
  if (!csl_grade_parse (grade_text, &grade, &error))
    {
      problem_error (im, "grade", error);
      return;
    }
  if ((lab_id = find_lab (im, rec, F_LAB, F_LAB_ACCREDITATION)) < 0 ||
      (pentest_id = find_lab (im, rec, F_PENTEST_LAB, F_PENTEST_ACCREDITATION)) < 0)
    return;
  if (agent_text != NULL && !parse_yes_no (im, agent_text, F_AGENT, &agent))
    return;
  shown = g_strdup_printf ("%s / %s%s%s", m->uscc, product->model, report_number && *report_number ? " / " : "",
                           report_number ? report_number : "");
  g_free (key);
  key = g_strdup_printf ("%" G_GINT64_FORMAT "\n%s", product->id, report_number ? report_number : "");
  if (seen_before (im, key, shown))
    return;

  filings = g_hash_table_lookup (by_product, &product->id);
  old = filings ? match_filing (filings, product->id, report_number) : NULL;
  if (old != NULL)
    {
      f = csl_filing_get (im->ws, old->id, &error);
      if (f == NULL)
        {
          problem_error (im, NULL, error);
          return;
        }
    }
  else
    {
      f = csl_filing_new ();
      f->product_id = product->id;
    }
  f->grade = grade;
  f->lab_id = lab_id;
  if (has (im, F_PENTEST_LAB))
    f->pentest_lab_id = pentest_id;
  if (agent_text != NULL)
    {
      g_free (f->filed_by);
      f->filed_by = g_strdup (agent ? "agent" : "manufacturer");
    }
  take (im, rec, F_REPORT_NUMBER, &f->report_number);
  take (im, rec, F_REPORT_DATE, &f->report_date);
  if (standards != NULL)
    {
      g_strfreev (f->standards);
      f->standards = split_list (standards);
    }

  if (old != NULL && same_filing (old, f))
    {
      add_row (im, CSL_IMPORT_UNCHANGED, old->id, shown);
      return;
    }
  if (old != NULL && csl_filing_get_status (old) != CSL_STATUS_DRAFT)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, old->id);

      problem (im, NULL, _("filing %s of %s is no longer a draft; re-file it to change it"), number, shown);
      return;
    }
  if (old != NULL ? !csl_filing_update_in_transaction (im->ws, f, &error)
                  : csl_filing_insert_in_transaction (im->ws, f, &error) == 0)
    {
      problem_error (im, NULL, error);
      return;
    }
  add_row (im, old ? CSL_IMPORT_UPDATE : CSL_IMPORT_NEW, f->id, shown);
  if (old == NULL)
    {
      if (filings == NULL)
        {
          gint64 *id = g_new (gint64, 1);

          *id = product->id;
          filings = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_filing_free);
          g_hash_table_insert (by_product, id, filings);
        }
      g_ptr_array_add (filings, g_steal_pointer (&f));
    }
  else
    {
      /* Keep the lookup's copy current for a later row of the same product. */
      for (guint i = 0; i < filings->len; i++)
        if (filings->pdata[i] == old)
          {
            csl_filing_free (old);
            filings->pdata[i] = g_steal_pointer (&f);
          }
    }
}

/* ---- Header and lookups ------------------------------------------------------------------ */

static gboolean
read_header (Import        *im,
             CslCsvRecord  *header,
             GError       **error)
{
  const CslImportColumn *columns = kinds[im->kind].columns;
  guint n = kinds[im->kind].n_columns;
  g_autoptr(GString) expected = g_string_new (NULL);

  for (guint c = 0; c < n; c++)
    {
      im->index[c] = -1;
      g_string_append_printf (expected, "%s%s", c ? ", " : "", columns[c].name);
    }
  for (guint i = 0; header->fields[i] != NULL; i++)
    {
      g_autofree char *raw = g_strstrip (g_strdup (header->fields[i]));
      g_autofree char *name = g_ascii_strdown (raw, -1);
      gboolean known = FALSE;

      if (*name == '\0')
        continue;
      for (guint c = 0; c < n; c++)
        if (strcmp (name, columns[c].name) == 0)
          {
            if (im->index[c] >= 0)
              {
                g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%s, line %u: the column “%s” appears twice"),
                             im->source, header->line, name);
                return FALSE;
              }
            im->index[c] = (int) i;
            known = TRUE;
          }
      if (!known)
        {
          g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                       _("%s, line %u, column %u: “%s” is not a column of %s; they are: %s"), im->source,
                       header->line, i + 1, name, kinds[im->kind].name, expected->str);
          return FALSE;
        }
    }
  for (guint c = 0; c < n; c++)
    if (columns[c].required && im->index[c] < 0)
      {
        g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                     _("%s, line %u: the column “%s” is missing; the columns of %s are: %s"), im->source,
                     header->line, columns[c].name, kinds[im->kind].name, expected->str);
        return FALSE;
      }
  if (im->kind == CSL_IMPORT_MANUFACTURERS && im->index[M_NAME_ZH] < 0 && im->index[M_NAME_EN] < 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("%s, line %u: a column name_zh or name_en is needed"), im->source, header->line);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_lookups (Import  *im,
              GError **error)
{
  g_autoptr(GPtrArray) manufacturers = NULL;
  g_autoptr(GPtrArray) labs = NULL;

  im->manufacturers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) csl_manufacturer_free);
  im->labs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) csl_lab_free);
  im->products = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) csl_product_free);
  im->categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) csl_category_free);
  im->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (im->kind != CSL_IMPORT_LABS)
    {
      if ((manufacturers = csl_manufacturer_list (im->ws, error)) == NULL)
        return FALSE;
      for (guint i = 0; i < manufacturers->len; i++)
        {
          CslManufacturer *m = manufacturers->pdata[i];

          g_hash_table_replace (im->manufacturers, g_strdup (m->uscc), csl_manufacturer_copy (m));
        }
    }
  if (im->kind == CSL_IMPORT_LABS || im->kind == CSL_IMPORT_FILINGS)
    {
      if ((labs = csl_lab_list (im->ws, error)) == NULL)
        return FALSE;
      for (guint i = 0; i < labs->len; i++)
        {
          CslLab *lab = labs->pdata[i];

          g_hash_table_replace (im->labs, lab_key (lab->name, lab->accreditation_no), csl_lab_copy (lab));
        }
    }
  if (im->kind == CSL_IMPORT_PRODUCTS || im->kind == CSL_IMPORT_FILINGS)
    {
      g_autoptr(GPtrArray) products = csl_product_list (im->ws, 0, error);

      if (products == NULL)
        return FALSE;
      for (guint i = 0; i < products->len; i++)
        {
          CslProduct *p = products->pdata[i];

          g_hash_table_replace (im->products, product_key (p->manufacturer_id, p->model), csl_product_copy (p));
        }
    }
  return TRUE;
}

static void
import_clear (Import *im)
{
  g_clear_pointer (&im->manufacturers, g_hash_table_unref);
  g_clear_pointer (&im->labs, g_hash_table_unref);
  g_clear_pointer (&im->products, g_hash_table_unref);
  g_clear_pointer (&im->categories, g_hash_table_unref);
  g_clear_pointer (&im->seen, g_hash_table_unref);
}

static GHashTable *
filings_by_product (CslWorkspace  *ws,
                    GError       **error)
{
  g_autoptr(GPtrArray) all = csl_filing_list (ws, error);
  GHashTable *by = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_ptr_array_unref);

  if (all == NULL)
    {
      g_hash_table_unref (by);
      return NULL;
    }
  g_ptr_array_set_free_func (all, NULL);
  for (guint i = 0; i < all->len; i++)
    {
      CslFiling *f = all->pdata[i];
      GPtrArray *list = g_hash_table_lookup (by, &f->product_id);

      if (list == NULL)
        {
          gint64 *id = g_new (gint64, 1);

          *id = f->product_id;
          list = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_filing_free);
          g_hash_table_insert (by, id, list);
        }
      g_ptr_array_add (list, f);
    }
  return by;
}

/* ---- The run ----------------------------------------------------------------------------- */

CslImportReport *
csl_import_run (CslWorkspace      *ws,
                CslImportKind      kind,
                GInputStream      *in,
                const char        *source,
                guint64            size,
                CslImportFlags     flags,
                CslImportProgress  progress,
                gpointer           progress_data,
                GCancellable      *cancellable,
                GError           **error)
{
  g_autoptr(CslImportReport) report = g_new0 (CslImportReport, 1);
  g_autoptr(CslCsvReader) reader = NULL;
  g_autoptr(CslCsvRecord) header = NULL;
  g_autoptr(GHashTable) by_product = NULL;
  g_autoptr(GError) local = NULL;
  CslDb *db = csl_workspace_get_db (ws);
  Import im = { 0 };
  CslCsvRecord *rec;
  gboolean ok = FALSE;

  g_return_val_if_fail (kind < CSL_N_IMPORT_KINDS, NULL);

  report->kind = kind;
  report->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  report->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  im.ws = ws;
  im.kind = kind;
  im.report = report;
  im.source = source;

  if ((reader = csl_csv_reader_new (in, source, cancellable, error)) == NULL)
    return NULL;
  report->encoding = csl_csv_reader_get_encoding (reader);
  report->delimiter = csl_csv_reader_get_delimiter (reader);
  header = csl_csv_reader_next (reader, &local);
  if (header == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%s is empty: the first line names the columns"), source);
      return NULL;
    }
  if (!read_header (&im, header, error))
    return NULL;

  /* One transaction for the whole file, taken first so that what the lookups read is what
   * the rows are checked against. */
  if (!csl_db_begin (db, error))
    return NULL;
  if (!load_lookups (&im, error) ||
      (kind == CSL_IMPORT_FILINGS && (by_product = filings_by_product (ws, error)) == NULL))
    goto out;

  while ((rec = csl_csv_reader_next (reader, &local)) != NULL)
    {
      g_autoptr(CslCsvRecord) owned = rec;

      im.line = rec->line;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      switch (kind)
        {
        case CSL_IMPORT_MANUFACTURERS: row_manufacturer (&im, rec); break;
        case CSL_IMPORT_LABS:          row_lab (&im, rec); break;
        case CSL_IMPORT_PRODUCTS:      row_product (&im, rec); break;
        case CSL_IMPORT_FILINGS:
        default:                       row_filing (&im, rec, by_product); break;
        }
      if (report->rows->len == 0 || ((CslImportRow *) report->rows->pdata[report->rows->len - 1])->line != im.line)
        add_row (&im, CSL_IMPORT_INVALID, 0, NULL);
      if (progress != NULL && (report->rows->len & 255) == 0)
        progress (csl_csv_reader_get_offset (reader), size, progress_data);
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      goto out;
    }
  if (progress != NULL)
    progress (csl_csv_reader_get_offset (reader), size, progress_data);
  ok = TRUE;

out:
  import_clear (&im);
  if (!ok)
    {
      csl_db_rollback (db);
      return NULL;
    }
  if (report->n_problems > 0 || (flags & CSL_IMPORT_DRY_RUN))
    {
      csl_db_rollback (db);
      /* Ids given out inside the rolled-back transaction name nothing. */
      for (guint i = 0; i < report->rows->len; i++)
        {
          CslImportRow *r = report->rows->pdata[i];

          if (r->action == CSL_IMPORT_NEW)
            r->id = 0;
        }
      return g_steal_pointer (&report);
    }
  if (!csl_db_commit (db, error))
    return NULL;
  report->written = TRUE;
  if (report->n_new + report->n_updated > 0)
    csl_workspace_emit_changed (ws, kinds[kind].entity);
  return g_steal_pointer (&report);
}

CslImportReport *
csl_import_file (CslWorkspace      *ws,
                 CslImportKind      kind,
                 const char        *path,
                 CslImportFlags     flags,
                 CslImportProgress  progress,
                 gpointer           progress_data,
                 GCancellable      *cancellable,
                 GError           **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autofree char *name = g_path_get_basename (path);

  /* Not a FIFO or a device: those would block or never end. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%s is not a regular file"), name);
      return NULL;
    }
  if ((in = g_file_read (file, cancellable, error)) == NULL)
    return NULL;
  return csl_import_run (ws, kind, G_INPUT_STREAM (in), name, (guint64) g_file_info_get_size (info), flags,
                         progress, progress_data, cancellable, error);
}
