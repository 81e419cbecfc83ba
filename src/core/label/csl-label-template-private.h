#pragma once

/* The template's parts, shared by the parser (csl-label-template.c) and the renderer
 * (csl-label-draw.c) only. */

#include "label/csl-label-template.h"

G_BEGIN_DECLS

typedef enum
{
  CSL_LABEL_ELEMENT_RECT,
  CSL_LABEL_ELEMENT_LINE,
  CSL_LABEL_ELEMENT_TEXT,
  CSL_LABEL_ELEMENT_STARS,
  CSL_LABEL_ELEMENT_QR,
  CSL_LABEL_ELEMENT_DRAFT,
} CslLabelElementType;

/* The label's variable text; the order of csl_label_field_names[]. */
typedef enum
{
  CSL_LABEL_FIELD_NONE = -1,
  CSL_LABEL_FIELD_MANUFACTURER,
  CSL_LABEL_FIELD_MODEL,
  CSL_LABEL_FIELD_GRADE,
  CSL_LABEL_FIELD_VALIDITY,
  CSL_LABEL_FIELD_LAB,
  CSL_LABEL_FIELD_STANDARDS,
  CSL_LABEL_FIELD_FILING_NUMBER,
  CSL_LABEL_N_FIELDS
} CslLabelField;

typedef enum
{
  CSL_LABEL_ALIGN_START,
  CSL_LABEL_ALIGN_CENTER,
  CSL_LABEL_ALIGN_END,
} CslLabelAlign;

typedef struct
{
  double r, g, b, a;
} CslLabelColor;

typedef struct
{
  CslLabelElementType type;
  double              x, y, w, h;        /* mm at design size; a line runs (x, y) to (x + w, y + h) */
  CslLabelField       field;             /* text: variable text, or NONE for fixed text */
  char               *text;              /* text: fixed text; draft: the mark's wording */
  char               *font_family;       /* NULL: the template's */
  double              font_pt;           /* at design size */
  double              min_font_pt;       /* absolute: text may shrink to fit down to this */
  gboolean            bold;
  int                 max_lines;
  CslLabelAlign       align;
  CslLabelAlign       valign;
  gboolean            has_fill;
  CslLabelColor       fill;
  gboolean            has_color;
  CslLabelColor       color;             /* text, stroke, stars, QR modules */
  gboolean            has_empty_color;
  CslLabelColor       empty_color;       /* stars: the grades not reached, outlined */
  double              stroke_mm;
  double              radius_mm;
  double              rotate_deg;        /* draft */
  int                 quiet_modules;     /* qr */
} CslLabelElement;

struct _CslLabelTemplate
{
  char          *name;
  double         width_mm, height_mm;
  double         min_width_mm, max_width_mm;
  double         qr_min_module_mm;
  double         min_font_pt;
  double         min_caption_pt;         /* fixed text never prints smaller */
  char          *font_family;
  CslLabelColor  paper;
  gboolean       has_border;
  CslLabelColor  border;
  double         border_mm;
  double         corner_radius_mm;
  GPtrArray     *elements;               /* of CslLabelElement */
};

extern const char *const csl_label_field_names[CSL_LABEL_N_FIELDS];

/* "the manufacturer name": translated, for messages. */
const char *csl_label_field_describe (CslLabelField field);

G_END_DECLS
