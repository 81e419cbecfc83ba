#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* A bilingual A4 document as a list of blocks, laid out with pango into a cairo PDF. Blocks
 * flow line by line across pages, so nothing is ever clipped however long a value is. */

/* Fontconfig picks the first family installed; CJK text falls back further per character. */
#define CSL_DOC_FONT_FAMILY "Noto Sans CJK SC, WenQuanYi Micro Hei, Droid Sans Fallback, Sans"

typedef struct _CslDocContent CslDocContent;

CslDocContent *csl_doc_content_new      (const char     *title_zh,
                                         const char     *title_en);
void           csl_doc_content_free     (CslDocContent  *content);
/* Printed small under the title. */
void           csl_doc_set_subtitle     (CslDocContent  *content,
                                         const char     *subtitle);
/* ISO 8601 date recorded as the PDF's creation date, so one filing renders to the same bytes. */
void           csl_doc_set_date         (CslDocContent  *content,
                                         const char     *iso_date);
void           csl_doc_add_heading      (CslDocContent  *content,
                                         const char     *zh,
                                         const char     *en);
/* A label (Chinese over English) and its value; NULL or "" prints a dash, or a line to fill
 * in when fill_in. */
void           csl_doc_add_field        (CslDocContent  *content,
                                         const char     *label_zh,
                                         const char     *label_en,
                                         const char     *value,
                                         gboolean        fill_in);
/* A paragraph in Chinese followed by its English. */
void           csl_doc_add_text         (CslDocContent  *content,
                                         const char     *zh,
                                         const char     *en);
/* A line to sign or write on, labelled. */
void           csl_doc_add_signature    (CslDocContent  *content,
                                         const char     *label_zh,
                                         const char     *label_en);

/* Lays the document out twice (the first pass counts pages for "page n of N") and writes the
 * second to write_func. Returns the number of pages, 0 with error set on failure. */
int            csl_doc_render           (CslDocContent      *content,
                                         cairo_write_func_t  write_func,
                                         void               *closure,
                                         GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslDocContent, csl_doc_content_free)

G_END_DECLS
