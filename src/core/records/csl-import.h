#pragma once

#include <gio/gio.h>

#include "base/csl-csv-reader.h"
#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

/* Manufacturers, labs, products or filings from a spreadsheet saved as CSV (see
 * base/csl-csv-reader.h for what is read). The first line names the columns, in any order
 * (csl_import_columns()); each further line is one record, matched against the workspace —
 * a manufacturer by its USCC, a lab by name and accreditation number, a product by its
 * manufacturer's USCC and its model, a filing by its product and report number (or, without
 * one, the product's draft) — and becomes a new record, an update of the matched one, or
 * nothing when it already says the same. A column in the file sets its field; an empty cell
 * clears it. Every row is checked before anything is written, and all rows go in one
 * transaction or, when any row has a problem, none do. */
typedef enum
{
  CSL_IMPORT_MANUFACTURERS,
  CSL_IMPORT_LABS,
  CSL_IMPORT_PRODUCTS,
  CSL_IMPORT_FILINGS,
  CSL_N_IMPORT_KINDS
} CslImportKind;

typedef enum
{
  CSL_IMPORT_NEW,
  CSL_IMPORT_UPDATE,
  CSL_IMPORT_UNCHANGED,
  CSL_IMPORT_INVALID,
} CslImportAction;

typedef enum
{
  CSL_IMPORT_FLAGS_NONE = 0,
  CSL_IMPORT_DRY_RUN    = 1 << 0,   /* check and match everything, write nothing */
} CslImportFlags;

typedef struct
{
  const char *name;
  gboolean    required;
  const char *description;   /* translated */
} CslImportColumn;

typedef struct
{
  guint  line;
  char  *column;    /* NULL when the problem is the row's as a whole */
  char  *message;   /* translated */
} CslImportProblem;

typedef struct
{
  guint            line;
  CslImportAction  action;
  gint64           id;        /* the record matched or written; 0 for a new one in a dry run */
  char            *key;       /* what it was matched on: "91110000600037341L", "… / CAM-1" */
} CslImportRow;

typedef struct
{
  CslImportKind   kind;
  CslCsvEncoding  encoding;
  char            delimiter;
  GPtrArray      *rows;       /* of CslImportRow, in file order */
  GPtrArray      *problems;   /* of CslImportProblem, at most CSL_IMPORT_MAX_PROBLEMS */
  guint           n_problems; /* all of them, also those not kept */
  guint           n_new, n_updated, n_unchanged;
  gboolean        written;    /* committed (not a dry run, no problem) */
} CslImportReport;

#define CSL_IMPORT_MAX_PROBLEMS 1000

/* Bytes read so far of the file's size (0 when unknown). */
typedef void (*CslImportProgress) (guint64  done,
                                   guint64  total,
                                   gpointer user_data);

const char            *csl_import_kind_to_string   (CslImportKind     kind);
gboolean               csl_import_kind_from_string (const char       *text,
                                                    CslImportKind    *out,
                                                    GError          **error);
const CslImportColumn *csl_import_columns          (CslImportKind     kind,
                                                    guint            *n_columns);
/* The header line (UTF-8 with BOM, as Excel opens it) of an empty file of this kind. */
char                  *csl_import_template         (CslImportKind     kind);
const char            *csl_import_action_to_string (CslImportAction   action);

/* NULL with an error only when the file itself is unusable: not text, a wrong header, a read
 * error, cancelled. Problems with rows are in the report (nothing written). */
CslImportReport       *csl_import_run              (CslWorkspace     *ws,
                                                    CslImportKind     kind,
                                                    GInputStream     *in,
                                                    const char       *source,
                                                    guint64           size,
                                                    CslImportFlags    flags,
                                                    CslImportProgress progress,
                                                    gpointer          progress_data,
                                                    GCancellable     *cancellable,
                                                    GError          **error);
CslImportReport       *csl_import_file             (CslWorkspace     *ws,
                                                    CslImportKind     kind,
                                                    const char       *path,
                                                    CslImportFlags    flags,
                                                    CslImportProgress progress,
                                                    gpointer          progress_data,
                                                    GCancellable     *cancellable,
                                                    GError          **error);
void                   csl_import_report_free      (CslImportReport  *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslImportReport, csl_import_report_free)

G_END_DECLS
