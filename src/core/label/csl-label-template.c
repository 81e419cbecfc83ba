#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "base/csl-error.h"
#include "label/csl-label-template-private.h"

/* The template schema (a JSON object; unknown members are refused so a typo is not ignored):
 *
 *   name               text, for messages and the UI
 *   width_mm, height_mm      design size (required)
 *   min_width_mm, max_width_mm   physical widths a product may choose (default: width_mm)
 *   qr_min_module_mm   smallest printed QR module (default 0.25)
 *   min_font_pt        smallest printed text, default for elements (default 4)
 *   min_caption_pt     smallest printed fixed text, the captions ("Manufacturer", "Scan for
 *                      details"): on a narrow label they are drawn no smaller, whatever their
 *                      elements say (default: min_font_pt; at least min_font_pt). The Art. 6
 *                      basic layout holds 4 pt captions at its narrowest, 50 mm (a 63.5 × 38.1 mm
 *                      sheet gives 53.3 mm labels); 5 pt, an x-height of about 0.9 mm as small
 *                      packs' legibility rules ask, needs 61 mm and a wider caption column.
 *   font_family        Pango family list (default CSL_LABEL_FONT_FAMILY)
 *   colors             { "name": "#RRGGBB" or "#RRGGBBAA" }; elements use names or literals
 *   paper, border      colours of the label and its outline (border optional)
 *   border_mm, corner_radius_mm
 *   elements           drawn in order, each { "type": …, "box": [x, y, width, height] }:
 *     rect   fill, color (outline), stroke_mm, radius_mm
 *     line   from [x, y], to [x, y], color, stroke_mm   (no box)
 *     text   text (fixed) or field (manufacturer, model, grade, validity, lab, standards,
 *            filing_number), font_pt (at design size), min_font_pt, bold, lines (most lines
 *            the box holds, default 1), align (left, center, right), valign (top, middle,
 *            bottom), color, font_family
 *     stars  color, empty_color (outlines the grades not reached), align
 *     qr     color, quiet_modules (default 2), align: the symbol is square, in the box
 *     draft  the "DRAFT" mark, drawn only before a filing number exists: text, font_pt,
 *            min_font_pt, bold, color, fill, stroke_mm, rotate_deg
 *
 * A template must hold every Art. 6 item: the six text fields other than filing_number, stars,
 * a qr and a draft element. */

const char *const csl_label_field_names[CSL_LABEL_N_FIELDS] = {
  "manufacturer", "model", "grade", "validity", "lab", "standards", "filing_number",
};

/* What each required part is, for "the template lacks …" messages. */
static const struct
{
  const char *what;
  const char *article;
} field_info[CSL_LABEL_N_FIELDS] = {
  { N_("the manufacturer name"), "Art. 6(1)" },
  { N_("the product model"), "Art. 6(2)" },
  { N_("the grade name"), "Art. 6(3)" },
  { N_("the validity period"), "Art. 6(4)" },
  { N_("the testing lab name"), "Art. 6(5)" },
  { N_("the basis standard numbers"), "Art. 6(6)" },
  { N_("the filing number"), NULL },
};

const char *
csl_label_field_describe (CslLabelField field)
{
  g_return_val_if_fail (field >= 0 && field < CSL_LABEL_N_FIELDS, "");
  return _(field_info[field].what);
}

static const char *const type_names[] = { "rect", "line", "text", "stars", "qr", "draft" };

#define COMMON_KEYS "type", "box"
static const char *const rect_keys[] = { COMMON_KEYS, "fill", "color", "stroke_mm", "radius_mm", NULL };
static const char *const line_keys[] = { "type", "from", "to", "color", "stroke_mm", NULL };
static const char *const text_keys[] = { COMMON_KEYS, "text", "field", "font_pt", "min_font_pt", "bold", "lines",
                                         "align", "valign", "color", "font_family", NULL };
static const char *const stars_keys[] = { COMMON_KEYS, "color", "empty_color", "align", NULL };
static const char *const qr_keys[] = { COMMON_KEYS, "color", "quiet_modules", "align", NULL };
static const char *const draft_keys[] = { COMMON_KEYS, "text", "font_pt", "min_font_pt", "bold", "color", "fill",
                                          "stroke_mm", "rotate_deg", NULL };
static const char *const *const element_keys[] = { rect_keys, line_keys, text_keys, stars_keys, qr_keys, draft_keys };
static const char *const template_keys[] = {
  "name", "width_mm", "height_mm", "min_width_mm", "max_width_mm", "qr_min_module_mm", "min_font_pt",
  "min_caption_pt",
  "font_family", "colors", "paper", "border", "border_mm", "corner_radius_mm", "elements", NULL
};

/* The largest label anyone sticks on a product or its box; beyond it a number is a typo. */
#define MAX_SIZE_MM 500.0

typedef struct
{
  const char *where;   /* "Catalogue X: category “Y”" */
  const char *part;    /* "" or "element 3 (text)" */
  JsonObject *colors;
  GError    **error;
} Parser;

static void
element_free (CslLabelElement *e)
{
  g_free (e->text);
  g_free (e->font_family);
  g_free (e);
}

void
csl_label_template_free (CslLabelTemplate *t)
{
  if (t == NULL)
    return;
  g_free (t->name);
  g_free (t->font_family);
  g_clear_pointer (&t->elements, g_ptr_array_unref);
  g_free (t);
}

static gboolean G_GNUC_PRINTF (2, 3)
fail (Parser     *p,
      const char *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  if (p->part != NULL && *p->part != '\0')
    g_set_error (p->error, CSL_ERROR, CSL_ERROR_CATALOGUE, "%s: label_template: %s: %s", p->where, p->part, msg);
  else
    g_set_error (p->error, CSL_ERROR, CSL_ERROR_CATALOGUE, "%s: label_template: %s", p->where, msg);
  return FALSE;
}

static gboolean
check_keys (Parser             *p,
            JsonObject         *o,
            const char *const  *allowed)
{
  g_autoptr(GList) members = json_object_get_members (o);

  for (GList *m = members; m != NULL; m = m->next)
    if (!g_strv_contains (allowed, m->data))
      {
        g_autofree char *known = g_strjoinv (", ", (char **) allowed);
        return fail (p, _("“%s” is not a template member (known here: %s)"), (const char *) m->data, known);
      }
  return TRUE;
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
get_number (Parser     *p,
            JsonObject *o,
            const char *member,
            double      min,
            double      max,
            gboolean    required,
            double     *out)
{
  JsonNode *node = json_object_get_member (o, member);
  double value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (p, _("“%s” is required"), member);
      return TRUE;
    }
  if (!node_is_number (node))
    return fail (p, _("“%s” must be a number"), member);
  value = json_node_get_double (node);
  if (!isfinite (value) || value < min || value > max)
    return fail (p, _("“%s” is %g; it must be from %g to %g"), member, value, min, max);
  *out = value;
  return TRUE;
}

static gboolean
get_int (Parser     *p,
         JsonObject *o,
         const char *member,
         int         min,
         int         max,
         int        *out)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min || json_node_get_int (node) > max)
    return fail (p, _("“%s” must be a whole number from %d to %d"), member, min, max);
  *out = (int) json_node_get_int (node);
  return TRUE;
}

static gboolean
get_bool (Parser     *p,
          JsonObject *o,
          const char *member,
          gboolean   *out)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (p, _("“%s” must be true or false"), member);
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_string (Parser      *p,
            JsonObject  *o,
            const char  *member,
            char       **out)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      *json_node_get_string (node) == '\0')
    return fail (p, _("“%s” must be a non-empty string"), member);
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
parse_hex_color (const char    *text,
                 CslLabelColor *out)
{
  size_t len = text ? strlen (text) : 0;
  guint v[4] = { 0, 0, 0, 255 };

  if (len != 7 && len != 9)
    return FALSE;
  if (text[0] != '#')
    return FALSE;
  for (size_t i = 1; i < len; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  for (guint i = 0; i < (len - 1) / 2; i++)
    v[i] = (guint) (g_ascii_xdigit_value (text[1 + 2 * i]) * 16 + g_ascii_xdigit_value (text[2 + 2 * i]));
  out->r = v[0] / 255.0;
  out->g = v[1] / 255.0;
  out->b = v[2] / 255.0;
  out->a = v[3] / 255.0;
  return TRUE;
}

static gboolean
get_color (Parser        *p,
           JsonObject    *o,
           const char    *member,
           gboolean      *has,
           CslLabelColor *out)
{
  g_autofree char *text = NULL;
  const char *hex;

  if (!get_string (p, o, member, &text))
    return FALSE;
  if (text == NULL)
    return TRUE;
  hex = text;
  if (text[0] != '#')
    {
      if (p->colors == NULL || !json_object_has_member (p->colors, text))
        return fail (p, _("“%s”: “%s” is neither a colour named in “colors” nor #RRGGBB"), member, text);
      hex = json_object_get_string_member (p->colors, text);
    }
  if (!parse_hex_color (hex, out))
    return fail (p, _("“%s”: “%s” is not a colour (#RRGGBB or #RRGGBBAA)"), member, hex);
  if (has != NULL)
    *has = TRUE;
  return TRUE;
}

static gboolean
get_align (Parser        *p,
           JsonObject    *o,
           const char    *member,
           const char    *start,
           const char    *end,
           CslLabelAlign *out)
{
  g_autofree char *text = NULL;

  if (!get_string (p, o, member, &text))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (g_strcmp0 (text, start) == 0)
    *out = CSL_LABEL_ALIGN_START;
  else if (g_strcmp0 (text, "center") == 0 || g_strcmp0 (text, "middle") == 0)
    *out = CSL_LABEL_ALIGN_CENTER;
  else if (g_strcmp0 (text, end) == 0)
    *out = CSL_LABEL_ALIGN_END;
  else
    return fail (p, _("“%s” is “%s”; it must be %s, center or %s"), member, text, start, end);
  return TRUE;
}

/* A point or a box: n numbers, each inside the label. */
static gboolean
get_coords (Parser                 *p,
            JsonObject             *o,
            const char             *member,
            const CslLabelTemplate *t,
            guint                   n,
            double                 *out)
{
  JsonNode *node = json_object_get_member (o, member);
  JsonArray *list;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (list = json_node_get_array (node)) != n)
    return n == 4 ? fail (p, _("“%s” must be four numbers [x, y, width, height] in millimetres"), member)
                  : fail (p, _("“%s” must be two numbers [x, y] in millimetres"), member);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *v = json_array_get_element (list, i);

      if (!node_is_number (v) || !isfinite (json_node_get_double (v)))
        return fail (p, _("“%s” item %u is not a number"), member, i + 1);
      out[i] = json_node_get_double (v);
    }
  if (n == 4 && (out[2] <= 0 || out[3] <= 0))
    return fail (p, _("“%s” has no area: width and height must be above 0"), member);
  /* A millionth of a millimetre of slack for decimal fractions in the file. */
  if (out[0] < -1e-6 || out[1] < -1e-6 ||
      (n == 4 ? out[0] + out[2] : out[0]) > t->width_mm + 1e-6 ||
      (n == 4 ? out[1] + out[3] : out[1]) > t->height_mm + 1e-6)
    return fail (p, _("“%s” reaches outside the %g × %g mm label"), member, t->width_mm, t->height_mm);
  return TRUE;
}

static gboolean
parse_text_style (Parser                 *p,
                  JsonObject             *o,
                  const CslLabelTemplate *t,
                  CslLabelElement        *e)
{
  e->min_font_pt = t->min_font_pt;
  if (!get_number (p, o, "font_pt", 1, 200, TRUE, &e->font_pt) ||
      !get_number (p, o, "min_font_pt", 1, 200, FALSE, &e->min_font_pt) ||
      !get_bool (p, o, "bold", &e->bold))
    return FALSE;
  if (e->min_font_pt > e->font_pt)
    return fail (p, _("“min_font_pt” (%g) is larger than “font_pt” (%g)"), e->min_font_pt, e->font_pt);
  /* The template's minimum is the smallest text that stays legible in print: an element may
   * not shrink below it (the English captions were 3.2 pt, about 1 mm). */
  if (e->min_font_pt < t->min_font_pt)
    return fail (p, _("“min_font_pt” (%g) is below the template’s smallest printed size (%g pt)"),
                 e->min_font_pt, t->min_font_pt);
  return TRUE;
}

static gboolean
parse_field (Parser          *p,
             JsonObject      *o,
             CslLabelElement *e)
{
  g_autofree char *field = NULL;

  if (!get_string (p, o, "field", &field) || !get_string (p, o, "text", &e->text))
    return FALSE;
  if ((field == NULL) == (e->text == NULL))
    return fail (p, _("a text element needs either “text” (fixed wording) or “field”, not both"));
  e->field = CSL_LABEL_FIELD_NONE;
  if (field == NULL)
    return TRUE;
  for (int i = 0; i < CSL_LABEL_N_FIELDS; i++)
    if (g_strcmp0 (field, csl_label_field_names[i]) == 0)
      e->field = (CslLabelField) i;
  if (e->field == CSL_LABEL_FIELD_NONE)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) csl_label_field_names);
      return fail (p, _("“field” is “%s”; it must be one of %s"), field, known);
    }
  return TRUE;
}

static CslLabelElement *
parse_element (Parser                 *p,
               JsonNode               *node,
               const CslLabelTemplate *t)
{
  g_autoptr(GPtrArray) holder = g_ptr_array_new_with_free_func ((GDestroyNotify) element_free);
  CslLabelElement *e = g_new0 (CslLabelElement, 1);
  g_autofree char *type = NULL;
  JsonObject *o;
  double c[4];
  guint i;

  g_ptr_array_add (holder, e);
  e->field = CSL_LABEL_FIELD_NONE;
  e->max_lines = 1;
  e->quiet_modules = 2;
  e->valign = CSL_LABEL_ALIGN_CENTER;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (p, _("not an object"));
      return NULL;
    }
  o = json_node_get_object (node);
  if (!get_string (p, o, "type", &type))
    return NULL;
  for (i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (g_strcmp0 (type, type_names[i]) == 0)
      break;
  if (i == G_N_ELEMENTS (type_names))
    {
      fail (p, _("“type” is “%s”; it must be rect, line, text, stars, qr or draft"), type ? type : "");
      return NULL;
    }
  e->type = (CslLabelElementType) i;
  if (!check_keys (p, o, element_keys[i]))
    return NULL;

  if (e->type == CSL_LABEL_ELEMENT_LINE)
    {
      double to[2];

      if (!get_coords (p, o, "from", t, 2, c) || !get_coords (p, o, "to", t, 2, to))
        return NULL;
      e->x = c[0];
      e->y = c[1];
      e->w = to[0] - c[0];
      e->h = to[1] - c[1];
    }
  else
    {
      if (!get_coords (p, o, "box", t, 4, c))
        return NULL;
      e->x = c[0];
      e->y = c[1];
      e->w = c[2];
      e->h = c[3];
    }

  if (!get_color (p, o, "color", &e->has_color, &e->color) ||
      !get_number (p, o, "stroke_mm", 0.05, 10, FALSE, &e->stroke_mm))
    return NULL;

  switch (e->type)
    {
    case CSL_LABEL_ELEMENT_RECT:
      if (!get_color (p, o, "fill", &e->has_fill, &e->fill) ||
          !get_number (p, o, "radius_mm", 0, MAX_SIZE_MM, FALSE, &e->radius_mm))
        return NULL;
      if (!e->has_fill && !e->has_color)
        {
          fail (p, _("a rect needs “fill”, “color” (its outline) or both"));
          return NULL;
        }
      break;
    case CSL_LABEL_ELEMENT_LINE:
      break;
    case CSL_LABEL_ELEMENT_TEXT:
      if (!parse_field (p, o, e) || !parse_text_style (p, o, t, e) ||
          !get_int (p, o, "lines", 1, 20, &e->max_lines) ||
          !get_align (p, o, "align", "left", "right", &e->align) ||
          !get_align (p, o, "valign", "top", "bottom", &e->valign) ||
          !get_string (p, o, "font_family", &e->font_family))
        return NULL;
      break;
    case CSL_LABEL_ELEMENT_STARS:
      if (!get_color (p, o, "empty_color", &e->has_empty_color, &e->empty_color) ||
          !get_align (p, o, "align", "left", "right", &e->align))
        return NULL;
      break;
    case CSL_LABEL_ELEMENT_QR:
      e->align = CSL_LABEL_ALIGN_CENTER;
      if (!get_int (p, o, "quiet_modules", 1, 10, &e->quiet_modules) ||
          !get_align (p, o, "align", "left", "right", &e->align))
        return NULL;
      break;
    case CSL_LABEL_ELEMENT_DRAFT:
      if (!get_string (p, o, "text", &e->text) || !parse_text_style (p, o, t, e) ||
          !get_color (p, o, "fill", &e->has_fill, &e->fill) ||
          !get_number (p, o, "rotate_deg", -90, 90, FALSE, &e->rotate_deg))
        return NULL;
      if (e->text == NULL)
        e->text = g_strdup ("草稿 DRAFT");
      e->align = CSL_LABEL_ALIGN_CENTER;
      break;
    default:
      g_assert_not_reached ();
    }
  if (!e->has_color)
    e->color = (CslLabelColor) { 0, 0, 0, 1 };
  return g_ptr_array_steal_index (holder, 0);
}

static gboolean
check_complete (Parser           *p,
                CslLabelTemplate *t)
{
  gboolean fields[CSL_LABEL_N_FIELDS] = { FALSE };
  gboolean stars = FALSE, qr = FALSE, draft = FALSE;

  for (guint i = 0; i < t->elements->len; i++)
    {
      CslLabelElement *e = t->elements->pdata[i];

      if (e->type == CSL_LABEL_ELEMENT_TEXT && e->field != CSL_LABEL_FIELD_NONE)
        fields[e->field] = TRUE;
      stars |= e->type == CSL_LABEL_ELEMENT_STARS;
      qr |= e->type == CSL_LABEL_ELEMENT_QR;
      draft |= e->type == CSL_LABEL_ELEMENT_DRAFT;
    }
  p->part = NULL;
  for (int i = 0; i < CSL_LABEL_N_FIELDS; i++)
    if (field_info[i].article != NULL && !fields[i])
      return fail (p, _("no text element shows %s (field “%s”, %s)"), _(field_info[i].what),
                   csl_label_field_names[i], field_info[i].article);
  if (!stars)
    return fail (p, _("no “stars” element shows the grade (Art. 6(3))"));
  if (!qr)
    return fail (p, _("no “qr” element holds the filing information code (Art. 6(7))"));
  if (!draft)
    return fail (p, _("no “draft” element says where an unfiled label is marked as a draft"));
  return TRUE;
}

static gboolean
parse_header (Parser           *p,
              JsonObject       *o,
              CslLabelTemplate *t)
{
  JsonNode *colors = json_object_get_member (o, "colors");

  if (!check_keys (p, o, template_keys) ||
      !get_string (p, o, "name", &t->name) ||
      !get_number (p, o, "width_mm", 5, MAX_SIZE_MM, TRUE, &t->width_mm) ||
      !get_number (p, o, "height_mm", 5, MAX_SIZE_MM, TRUE, &t->height_mm))
    return FALSE;
  t->min_width_mm = t->max_width_mm = t->width_mm;
  if (!get_number (p, o, "min_width_mm", 5, MAX_SIZE_MM, FALSE, &t->min_width_mm) ||
      !get_number (p, o, "max_width_mm", 5, MAX_SIZE_MM, FALSE, &t->max_width_mm) ||
      !get_number (p, o, "qr_min_module_mm", 0.1, 5, FALSE, &t->qr_min_module_mm) ||
      !get_number (p, o, "min_font_pt", 1, 50, FALSE, &t->min_font_pt))
    return FALSE;
  t->min_caption_pt = t->min_font_pt;
  if (!get_number (p, o, "min_caption_pt", 1, 50, FALSE, &t->min_caption_pt) ||
      !get_string (p, o, "font_family", &t->font_family))
    return FALSE;
  if (t->min_caption_pt < t->min_font_pt)
    return fail (p, _("“min_caption_pt” (%g) is below the template’s smallest printed size (%g pt)"),
                 t->min_caption_pt, t->min_font_pt);
  if (t->min_width_mm > t->width_mm || t->max_width_mm < t->width_mm)
    return fail (p, _("the design width %g mm must lie within “min_width_mm” %g and “max_width_mm” %g"),
                 t->width_mm, t->min_width_mm, t->max_width_mm);

  if (colors != NULL && !JSON_NODE_HOLDS_NULL (colors))
    {
      g_autoptr(GList) names = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (colors))
        return fail (p, _("“colors” must be an object of names and #RRGGBB values"));
      p->colors = json_node_get_object (colors);
      names = json_object_get_members (p->colors);
      for (GList *n = names; n != NULL; n = n->next)
        {
          JsonNode *v = json_object_get_member (p->colors, n->data);
          CslLabelColor ignored;

          if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_STRING ||
              !parse_hex_color (json_node_get_string (v), &ignored))
            return fail (p, _("colour “%s” must be #RRGGBB or #RRGGBBAA"), (const char *) n->data);
        }
    }
  return get_color (p, o, "paper", NULL, &t->paper) &&
         get_color (p, o, "border", &t->has_border, &t->border) &&
         get_number (p, o, "border_mm", 0.05, 10, FALSE, &t->border_mm) &&
         get_number (p, o, "corner_radius_mm", 0, MAX_SIZE_MM / 2, FALSE, &t->corner_radius_mm);
}

CslLabelTemplate *
csl_label_template_new_from_json (JsonNode    *node,
                                  const char  *where,
                                  GError     **error)
{
  g_autoptr(CslLabelTemplate) t = g_new0 (CslLabelTemplate, 1);
  Parser p = { where, NULL, NULL, error };
  JsonNode *elements;
  JsonObject *o;

  t->elements = g_ptr_array_new_with_free_func ((GDestroyNotify) element_free);
  t->qr_min_module_mm = CSL_LABEL_QR_MIN_MODULE_MM;
  t->min_font_pt = 4;
  t->paper = (CslLabelColor) { 1, 1, 1, 1 };
  t->border_mm = 0.3;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (&p, _("must be an object"));
      return NULL;
    }
  o = json_node_get_object (node);
  if (!parse_header (&p, o, t))
    return NULL;
  if (t->font_family == NULL)
    t->font_family = g_strdup (CSL_LABEL_FONT_FAMILY);
  if (t->name == NULL)
    t->name = g_strdup (_("Label"));

  elements = json_object_get_member (o, "elements");
  if (elements == NULL || !JSON_NODE_HOLDS_ARRAY (elements))
    {
      fail (&p, _("“elements” must be a list"));
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (elements)); i++)
    {
      JsonNode *en = json_array_get_element (json_node_get_array (elements), i);
      g_autofree char *part = NULL;
      const char *type = NULL;
      CslLabelElement *e;

      if (JSON_NODE_HOLDS_OBJECT (en))
        {
          JsonNode *type_node = json_object_get_member (json_node_get_object (en), "type");

          /* Only to name the element in messages: parse_element() says what is wrong with it. */
          if (type_node != NULL && JSON_NODE_HOLDS_VALUE (type_node) &&
              json_node_get_value_type (type_node) == G_TYPE_STRING)
            type = json_node_get_string (type_node);
        }
      part = type ? g_strdup_printf (_("element %u (%s)"), i + 1, type) : g_strdup_printf (_("element %u"), i + 1);
      p.part = part;
      e = parse_element (&p, en, t);
      p.part = NULL;
      if (e == NULL)
        return NULL;
      g_ptr_array_add (t->elements, e);
    }
  if (!check_complete (&p, t))
    return NULL;
  return g_steal_pointer (&t);
}

CslLabelTemplate *
csl_label_template_new_builtin (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gconstpointer data;
  gsize len;

  bytes = g_resources_lookup_data ("/io/github/cslfiler/CslFiler/label/art6-basic.json",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  if (bytes != NULL)
    {
      data = g_bytes_get_data (bytes, &len);
      json_parser_load_from_data (parser, data, (gssize) len, &local_error);
    }
  if (local_error != NULL)
    {
      /* Shipped with the program: a failure here is a broken build, still reported cleanly. */
      g_set_error (error, CSL_ERROR, CSL_ERROR_CATALOGUE, _("The built-in label template is unreadable: %s"),
                   local_error->message);
      return NULL;
    }
  return csl_label_template_new_from_json (json_parser_get_root (parser), _("Built-in label template"), error);
}

const char *
csl_label_template_get_name (const CslLabelTemplate *t)
{
  return t->name;
}

double
csl_label_template_get_width_mm (const CslLabelTemplate *t)
{
  return t->width_mm;
}

double
csl_label_template_get_height_mm (const CslLabelTemplate *t)
{
  return t->height_mm;
}

double
csl_label_template_get_min_caption_pt (const CslLabelTemplate *t)
{
  return t->min_caption_pt;
}

double
csl_label_template_get_min_width_mm (const CslLabelTemplate *t)
{
  return t->min_width_mm;
}

double
csl_label_template_get_max_width_mm (const CslLabelTemplate *t)
{
  return t->max_width_mm;
}

double
csl_label_template_get_qr_min_module_mm (const CslLabelTemplate *t)
{
  return t->qr_min_module_mm;
}

double
csl_label_template_get_corner_radius_mm (const CslLabelTemplate *t)
{
  return t->corner_radius_mm;
}

double
csl_label_template_height_for_width (const CslLabelTemplate *t,
                                     double                  width_mm)
{
  return width_mm * t->height_mm / t->width_mm;
}

gboolean
csl_label_template_check_width (const CslLabelTemplate  *t,
                                double                   width_mm,
                                GError                 **error)
{
  /* A thousandth of a millimetre: "--width-mm 40" must pass a 40 mm limit whatever the rounding. */
  if (isfinite (width_mm) && width_mm >= t->min_width_mm - 1e-3 && width_mm <= t->max_width_mm + 1e-3)
    return TRUE;
  g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
               _("A label width of %g mm is outside the template “%s”, which allows %g to %g mm"),
               width_mm, t->name, t->min_width_mm, t->max_width_mm);
  return FALSE;
}
