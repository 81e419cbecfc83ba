#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "records/csl-consistency.h"
#include "base/csl-error.h"
#include "store/csl-blob-pg.h"

static gboolean
blank (const char *s)
{
  return s == NULL || *s == '\0';
}

static gboolean
is_dash (gunichar c)
{
  /* Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus: reports
   * typeset "GB/T 41387—2022" where the user types "GB/T 41387-2022". */
  return (c >= 0x2010 && c <= 0x2015) || c == 0x2212;
}

static gboolean
is_invisible (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x200B || c == 0x00AD || c == 0xFEFF;
}

/* The text of a 300-page report is a megabyte, mostly ASCII, which NFKC and case folding
 * leave as it is (but for A-Z) and which GLib still walks character by character (40 ms for
 * NFKC alone). Both are applied to the other characters only, in pieces that start at an ASCII
 * character: no character composes with one before it that is ASCII, and canonical reordering
 * stops at a starter, so normalising each piece alone gives what normalising the whole does.
 * The piece begins with the ASCII character before the other ones, which combining marks may
 * follow. */
static char *
map_pieces (const char *valid,
            char       *(*map) (const char *piece, gssize len),
            gboolean     lower_ascii)
{
  GString *out = g_string_sized_new (strlen (valid));
  const char *p = valid;

  while (*p != '\0')
    {
      const char *start = p, *end;

      while (*p != '\0' && !(*p & 0x80))
        p++;
      if (*p == '\0' || p == start)
        end = p;
      else
        end = --p;
      for (const char *q = start; q < end; q++)
        g_string_append_c (out, lower_ascii ? g_ascii_tolower (*q) : *q);
      if (*p == '\0')
        break;
      for (end = p + 1; *end != '\0' && (*end & 0x80); end++)
        ;
      {
        g_autofree char *mapped = map (p, end - p);

        g_string_append (out, mapped);
      }
      p = end;
    }
  return g_string_free (out, FALSE);
}

static char *
nfkc_piece (const char *piece,
            gssize      len)
{
  return g_utf8_normalize (piece, len, G_NORMALIZE_NFKC);
}

static char *
nfkc (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  return map_pieces (valid, nfkc_piece, FALSE);
}

char *
csl_text_normalize (const char *text)
{
  g_autofree char *normal = NULL;
  g_autofree char *folded = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  normal = nfkc (text);
  folded = map_pieces (normal, g_utf8_casefold, TRUE);
  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c;

      if (!(*p & 0x80))
        {
          if (!is_invisible ((gunichar) *p))
            g_string_append_c (out, *p);
          continue;
        }
      c = g_utf8_get_char (p);
      if (is_invisible (c))
        continue;
      g_string_append_unichar (out, is_dash (c) ? '-' : c);
    }
  return g_string_free (out, FALSE);
}

gboolean
csl_text_mentions (const char *normalized_text,
                   const char *value)
{
  g_autofree char *needle = csl_text_normalize (value);

  return *needle != '\0' && normalized_text != NULL && strstr (normalized_text, needle) != NULL;
}

char *
csl_text_find_report_number (const char *text)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *normal = NULL;

  if (blank (text))
    return NULL;
  /* After NFKC a full-width colon is ':' and full-width letters are ASCII. */
  normal = nfkc (text);
  regex = g_regex_new ("(?:报告编号|报告编码|报告号|report\\s*(?:no\\.?|number|num\\.?|#))"
                       "\\s*:?\\s*([A-Za-z0-9][A-Za-z0-9_./-]*[A-Za-z0-9])",
                       G_REGEX_CASELESS, 0, NULL);
  g_assert (regex != NULL);
  g_regex_match (regex, normal, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *number = g_match_info_fetch (match, 1);

      /* "Report number: see cover page" is not a number. */
      for (const char *p = number; *p; p++)
        if (g_ascii_isdigit (*p))
          return g_steal_pointer (&number);
    }
  return NULL;
}

char *
csl_text_excerpt (const char *text,
                  guint       max_chars)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;
  guint n = 0;

  if (text == NULL)
    return g_string_free (out, FALSE);
  for (const char *p = text; *p && n < max_chars; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          n++;
          space = FALSE;
        }
      g_string_append_unichar (out, c);
      n++;
    }
  return g_string_free (out, FALSE);
}

static void
check_test_report (GPtrArray                 *findings,
                   const CslConsistencyInput *in,
                   const CslDocumentFacts    *doc)
{
  g_autofree char *text = csl_text_normalize (doc->text);
  const char *article = csl_material_article (doc->kind);
  int material = (int) doc->kind;

  if (*text == '\0')
    {
      csl_findings_add (findings, CSL_SEVERITY_WARNING, material, "report-no-text", article,
                        _("The test report “%s” has no text layer (a scan?): whether it names the manufacturer, "
                          "model, report number and standards of the filing could not be checked"),
                        doc->file_name);
      return;
    }

  if (!blank (in->manufacturer_name_zh) || !blank (in->manufacturer_name_en))
    if (!csl_text_mentions (text, in->manufacturer_name_zh) && !csl_text_mentions (text, in->manufacturer_name_en))
      {
        g_autofree char *names = NULL;

        if (!blank (in->manufacturer_name_zh) && !blank (in->manufacturer_name_en))
          names = g_strdup_printf ("%s” / “%s", in->manufacturer_name_zh, in->manufacturer_name_en);
        else
          names = g_strdup (blank (in->manufacturer_name_zh) ? in->manufacturer_name_en : in->manufacturer_name_zh);
        csl_findings_add (findings, CSL_SEVERITY_WARNING, material, "report-manufacturer-mismatch", article,
                          _("The test report “%s” does not mention the manufacturer “%s”"),
                          doc->file_name, names);
      }

  if (!blank (in->model) && !csl_text_mentions (text, in->model))
    csl_findings_add (findings, CSL_SEVERITY_WARNING, material, "report-model-mismatch", article,
                      _("The test report “%s” does not mention the product model “%s”"),
                      doc->file_name, in->model);

  if (!blank (in->report_number) && !csl_text_mentions (text, in->report_number))
    {
      if (!blank (doc->report_number_found))
        csl_findings_add (findings, CSL_SEVERITY_WARNING, material, "report-number-mismatch", article,
                          _("The test report “%s” does not mention the report number “%s” given on the filing; "
                            "it gives “%s”"),
                          doc->file_name, in->report_number, doc->report_number_found);
      else
        csl_findings_add (findings, CSL_SEVERITY_WARNING, material, "report-number-mismatch", article,
                          _("The test report “%s” does not mention the report number “%s” given on the filing"),
                          doc->file_name, in->report_number);
    }

  for (guint i = 0; in->standards && in->standards[i]; i++)
    if (!blank (in->standards[i]) && !csl_text_mentions (text, in->standards[i]))
      csl_findings_add (findings, CSL_SEVERITY_WARNING, material, "report-standard-mismatch", article,
                        _("The test report “%s” does not mention the basis standard “%s”"),
                        doc->file_name, in->standards[i]);
}

GPtrArray *
csl_consistency_evaluate (const CslConsistencyInput *in)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_finding_free);

  for (guint i = 0; i < in->n_documents; i++)
    {
      const CslDocumentFacts *doc = &in->documents[i];

      if (doc->blob_missing)
        csl_findings_add (findings, CSL_SEVERITY_ERROR, (int) doc->kind, "attachment-missing",
                          csl_material_article (doc->kind),
                          _("The stored copy of “%s” is missing or damaged: detach it and attach the file again"),
                          doc->file_name);
      else if (doc->kind == CSL_MATERIAL_TEST_REPORT)
        check_test_report (findings, in, doc);
    }
  return findings;
}

typedef struct
{
  CslDocumentFacts facts;
  char            *file_name;
  char            *text;
  char            *report_number_found;
} DocumentRow;

static void
document_row_clear (DocumentRow *row)
{
  g_free (row->file_name);
  g_free (row->text);
  g_free (row->report_number_found);
}

static gboolean
blob_present (CslWorkspace *ws,
              const char   *sha256,
              gint64        size)
{
  g_autofree char *path = NULL;
  GStatBuf st;

  if (sha256 == NULL || strlen (sha256) != 64)
    return FALSE;
  path = csl_workspace_blob_path (ws, sha256);
  if (g_stat (path, &st) == 0 && (gint64) st.st_size == size)
    return TRUE;
  /* On a team workspace the local store is a cache: the server's copy is the one that counts
   * (fetched when it is read). An error reaching it counts as missing. */
  return csl_db_is_server (csl_workspace_get_db (ws)) &&
         csl_blob_pg_present (csl_workspace_get_db (ws), sha256, size, NULL) == 1;
}

GPtrArray *
csl_consistency_check (CslWorkspace           *ws,
                       const CslFiling        *filing,
                       const CslManufacturer  *manufacturer,
                       const CslProduct       *product,
                       GError                **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (DocumentRow));
  g_autoptr(GArray) facts = g_array_new (FALSE, TRUE, sizeof (CslDocumentFacts));
  CslConsistencyInput in = { 0 };
  int rc;

  g_array_set_clear_func (rows, (GDestroyNotify) document_row_clear);
  stmt = csl_db_prepare (db,
                         "SELECT a.id, a.kind, a.file_name, a.size, a.sha256, a.report_number_found, t.text "
                         "FROM attachment a LEFT JOIN attachment_text t ON t.attachment_id = a.id "
                         "WHERE a.filing_id = ? ORDER BY a.id", error);
  if (stmt == NULL)
    return NULL;
  csl_stmt_bind_int64 (stmt, 1, filing->id);
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    {
      DocumentRow row = { 0 };
      g_autofree char *sha256 = csl_stmt_dup_column_text (stmt, 4);

      row.facts.attachment_id = csl_stmt_column_int64 (stmt, 0);
      if (!csl_material_from_string (csl_stmt_column_text (stmt, 1), &row.facts.kind, NULL))
        row.facts.kind = CSL_MATERIAL_OTHER;
      row.file_name = csl_stmt_dup_column_text (stmt, 2);
      row.report_number_found = csl_stmt_dup_column_text (stmt, 5);
      row.text = csl_stmt_dup_column_text (stmt, 6);
      row.facts.blob_missing = !blob_present (ws, sha256, csl_stmt_column_int64 (stmt, 3));
      g_array_append_val (rows, row);
    }
  if (rc != CSL_STMT_DONE)
    return NULL;

  /* The strings live in rows, which is not resized any more. */
  for (guint i = 0; i < rows->len; i++)
    {
      DocumentRow *row = &g_array_index (rows, DocumentRow, i);

      row->facts.file_name = row->file_name;
      row->facts.text = row->text;
      row->facts.report_number_found = row->report_number_found;
      g_array_append_val (facts, row->facts);
    }

  in.manufacturer_name_zh = manufacturer->name_zh;
  in.manufacturer_name_en = manufacturer->name_en;
  in.model = product->model;
  in.report_number = filing->report_number;
  in.standards = (const char *const *) filing->standards;
  in.documents = (const CslDocumentFacts *) facts->data;
  in.n_documents = facts->len;
  return csl_consistency_evaluate (&in);
}
