#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "label/csl-label-template.h"
#include "base/csl-model.h"

G_BEGIN_DECLS

/* What Art. 6 puts on a label, as printed. */
typedef struct
{
  char     *manufacturer;    /* (1) */
  char     *model;           /* (2) product model/specification */
  CslGrade  grade;           /* (3) drawn as stars and the grade name */
  char     *validity;        /* (4) "2026-07-01 – 2029-06-30"; a draft's expected period or 待定 */
  char     *lab;             /* (5) */
  char     *standards;       /* (6) the numbers, "; " between them */
  char     *filing_number;   /* NULL: not filed yet, so the label is a draft */
  char     *qr_text;         /* (7) what the QR code encodes: the filing address, or a draft reference */
} CslLabelContent;

CslLabelContent *csl_label_content_new      (void);
void             csl_label_content_free     (CslLabelContent       *c);
gboolean         csl_label_content_is_draft (const CslLabelContent *c);
/* The grade name as the label prints it, Chinese and English: "增强级 Enhanced". */
char            *csl_label_grade_text       (CslGrade               grade);
/* CSL_ERROR_INCOMPLETE naming the first Art. 6 item that is missing. */
gboolean         csl_label_content_validate (const CslLabelContent *c,
                                             GError               **error);

/* A template and the content it shows, shared (reference counted) by the preview, printing
 * and exports. */
typedef struct _CslLabel CslLabel;

/* Takes ownership of both. */
CslLabel               *csl_label_new          (CslLabelTemplate *template,
                                                CslLabelContent  *content);
CslLabel               *csl_label_ref          (CslLabel         *label);
void                    csl_label_unref        (CslLabel         *label);
const CslLabelTemplate *csl_label_get_template (CslLabel         *label);
const CslLabelContent  *csl_label_get_content  (CslLabel         *label);

typedef enum
{
  CSL_LABEL_DRAW_CHECKED = 0,        /* refuse (and draw nothing) if any check fails */
  CSL_LABEL_DRAW_PREVIEW = 1 << 0,   /* draw anyway, outlining in red what fails; still report it */
  CSL_LABEL_DRAW_MONOCHROME = 1 << 1, /* for single-colour printing: black ink only, no tints */
} CslLabelDrawFlags;

/* Whether the label prints in black only (CSL_LABEL_DRAW_MONOCHROME); every output of it
 * follows, since they all draw with csl_label_get_draw_flags(). */
void              csl_label_set_monochrome (CslLabel *label,
                                            gboolean  monochrome);
gboolean          csl_label_get_monochrome (CslLabel *label);
CslLabelDrawFlags csl_label_get_draw_flags (CslLabel *label);

/* Everything output needs, in this order: the width within the template's limits
 * (CSL_ERROR_INVALID), every Art. 6 item present (CSL_ERROR_INCOMPLETE), each text fitting its
 * box, shrunk at most to the template's minimum font size, and QR modules no smaller than the
 * template's minimum (CSL_ERROR_PRINT_QUALITY). */
gboolean csl_label_check (const CslLabelTemplate *template,
                          const CslLabelContent  *content,
                          double                  width_mm,
                          GError                **error);
/* Whether text, as the field (a template field name: "model", "manufacturer" …) of a label
 * width_mm wide, fits its box at the template's smallest font size; when it does not,
 * fit_chars of its n_chars characters would. For checks that have a record, not a label. */
gboolean csl_label_text_fits (const CslLabelTemplate *template,
                              const char             *field,
                              const char             *text,
                              double                  width_mm,
                              guint                  *fit_chars,
                              guint                  *n_chars);
/* THE drawing function: preview, printing and every export call it. The label's top-left
 * corner goes at the user-space origin of cr, whose unit must be the point (1/72 inch); the
 * label is width_mm wide and csl_label_template_height_for_width() high. */
gboolean csl_label_draw  (cairo_t                *cr,
                          const CslLabelTemplate *template,
                          const CslLabelContent  *content,
                          double                  width_mm,
                          CslLabelDrawFlags       flags,
                          GError                **error);

static inline double
csl_mm_to_pt (double mm)
{
  return mm / 25.4 * 72.0;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslLabelContent, csl_label_content_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslLabel, csl_label_unref)

G_END_DECLS
