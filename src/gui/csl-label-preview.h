#pragma once

#include <gtk/gtk.h>

#include "label/csl-label.h"

G_BEGIN_DECLS

#define CSL_TYPE_LABEL_PREVIEW (csl_label_preview_get_type ())

G_DECLARE_FINAL_TYPE (CslLabelPreview, csl_label_preview, CSL, LABEL_PREVIEW, GtkWidget)

/* Shows a label as it will print: drawn by csl_label_draw(), scaled to fit the widget and
 * centred. What fails a check is outlined in red and described by the "problem" property. */
GtkWidget  *csl_label_preview_new          (void);
/* NULL clears; the preview keeps a reference. */
void        csl_label_preview_set_label    (CslLabelPreview *self,
                                            CslLabel        *label);
CslLabel   *csl_label_preview_get_label    (CslLabelPreview *self);
/* 0: the template's design width. */
void        csl_label_preview_set_width_mm (CslLabelPreview *self,
                                            double           width_mm);
double      csl_label_preview_get_width_mm (CslLabelPreview *self);
/* The first check that fails at this width, or NULL when the label may be printed. */
const char *csl_label_preview_get_problem  (CslLabelPreview *self);

G_END_DECLS
