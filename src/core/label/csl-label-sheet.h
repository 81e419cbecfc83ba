#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "label/csl-label.h"

G_BEGIN_DECLS

/* Sticker sheets, as glabels describes them: a page of columns × rows cells of one size at a
 * pitch from a top-left margin. Shipped as data (data/label/sheets/, one JSON file each, in the
 * program's resources), so that another sheet is a file, not code. Each label is drawn at true size by
 * csl_label_draw(), as large as its template allows within the cell and centred in it; crop
 * marks go in the page margin, in line with the cells' edges. */
typedef struct _CslLabelSheet CslLabelSheet;

CslLabelSheet *csl_label_sheet_new_from_json   (JsonNode             *node,
                                                const char           *where,
                                                GError              **error);
/* The sheets shipped with the program, by name. */
GPtrArray     *csl_label_sheet_list_builtin    (GError              **error);
CslLabelSheet *csl_label_sheet_find            (const char           *name,
                                                GError              **error);
void           csl_label_sheet_free            (CslLabelSheet        *sheet);
const char    *csl_label_sheet_get_name        (const CslLabelSheet  *sheet);
const char    *csl_label_sheet_get_description (const CslLabelSheet  *sheet);
double         csl_label_sheet_get_page_width_mm  (const CslLabelSheet *sheet);
double         csl_label_sheet_get_page_height_mm (const CslLabelSheet *sheet);
guint          csl_label_sheet_get_per_page    (const CslLabelSheet  *sheet);
/* The width a label of this template is drawn at in a cell: CSL_ERROR_INVALID when even its
 * smallest size does not fit. */
gboolean       csl_label_sheet_fit             (const CslLabelSheet    *sheet,
                                                const CslLabelTemplate *template,
                                                double                 *width_mm,
                                                GError                **error);
/* Every label's checks at its width in the cell (csl_label_check()), before anything is drawn. */
gboolean       csl_label_sheet_check           (const CslLabelSheet  *sheet,
                                                CslLabel *const      *labels,
                                                guint                 n_labels,
                                                GError              **error);
/* THE drawing function of a sheet page, for the PDF and for printing: labels[first..first+n)
 * into cells starting at cell `skip` of the page (0 on a fresh sheet), in points at cr's origin. */
gboolean       csl_label_sheet_draw_page       (const CslLabelSheet  *sheet,
                                                cairo_t              *cr,
                                                CslLabel *const      *labels,
                                                guint                 n_labels,
                                                guint                 skip,
                                                GError              **error);
/* How many pages n_labels take when the first sheet has skip cells used already. */
guint          csl_label_sheet_n_pages         (const CslLabelSheet  *sheet,
                                                guint                 n_labels,
                                                guint                 skip);
/* A PDF of as many pages as it takes; atomic, and nothing written when a check fails. */
gboolean       csl_label_sheet_render_to_file  (const CslLabelSheet  *sheet,
                                                CslLabel *const      *labels,
                                                guint                 n_labels,
                                                guint                 skip,
                                                const char           *path,
                                                GCancellable         *cancellable,
                                                GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslLabelSheet, csl_label_sheet_free)

G_END_DECLS
