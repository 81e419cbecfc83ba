#pragma once

#include <json-glib/json-glib.h>

#include <glib.h>

G_BEGIN_DECLS

/* The label's layout, read from the catalogue (a category's "label_template") so that each
 * category's implementation rules can fix their own design. Boxes are millimetres on a label
 * of the template's design size; a label printed at another width scales every box with it,
 * and its height follows the design's aspect ratio. The schema: docs in csl-label-template.c. */
typedef struct _CslLabelTemplate CslLabelTemplate;

#define CSL_LABEL_FONT_FAMILY "Noto Sans CJK SC, WenQuanYi Micro Hei, Sans"
/* Below this a module is lost to ink spread and dot gain on ordinary label printers. */
#define CSL_LABEL_QR_MIN_MODULE_MM 0.25

/* where: the start of every message ("Catalogue csl-batch-1.json: category “CSL 001-2025”");
 * errors are CSL_ERROR_CATALOGUE and name the member at fault. */
CslLabelTemplate *csl_label_template_new_from_json  (JsonNode               *node,
                                                     const char             *where,
                                                     GError                **error);
/* The Art. 6 basic format shipped with the app, for categories whose rules give none. */
CslLabelTemplate *csl_label_template_new_builtin    (GError                **error);
void              csl_label_template_free           (CslLabelTemplate       *t);

const char       *csl_label_template_get_name       (const CslLabelTemplate *t);
double            csl_label_template_get_width_mm   (const CslLabelTemplate *t);
double            csl_label_template_get_height_mm  (const CslLabelTemplate *t);
double            csl_label_template_get_min_width_mm (const CslLabelTemplate *t);
double            csl_label_template_get_max_width_mm (const CslLabelTemplate *t);
/* The smallest size fixed text (the captions) prints at, whatever the label's width. */
double            csl_label_template_get_min_caption_pt (const CslLabelTemplate *t);
double            csl_label_template_get_qr_min_module_mm (const CslLabelTemplate *t);
double            csl_label_template_get_corner_radius_mm (const CslLabelTemplate *t);
double            csl_label_template_height_for_width (const CslLabelTemplate *t,
                                                       double                  width_mm);
/* CSL_ERROR_INVALID naming the width and the template's limits when it is outside them. */
gboolean          csl_label_template_check_width    (const CslLabelTemplate *t,
                                                     double                  width_mm,
                                                     GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslLabelTemplate, csl_label_template_free)

G_END_DECLS
