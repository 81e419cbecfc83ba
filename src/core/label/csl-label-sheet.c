#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "base/csl-atomic.h"
#include "base/csl-error.h"
#include "label/csl-label-export-private.h"
#include "label/csl-label-sheet.h"

#define RESOURCE_DIR "/io/github/cslfiler/CslFiler/label/sheets"
/* Crop marks: a hairline 1 mm off the cells, at most 5 mm long, only where the margin has room. */
#define MARK_GAP_MM   1.0
#define MARK_LEN_MM   5.0
#define MARK_WIDTH_PT 0.25

struct _CslLabelSheet
{
  char     *name;
  char     *description;
  double    page_w, page_h;
  double    label_w, label_h;
  guint     columns, rows;
  double    margin_left, margin_top;
  double    pitch_x, pitch_y;
  gboolean  crop_marks;
};

void
csl_label_sheet_free (CslLabelSheet *sheet)
{
  if (sheet == NULL)
    return;
  g_free (sheet->name);
  g_free (sheet->description);
  g_free (sheet);
}

static gboolean
number (JsonObject  *o,
        const char  *member,
        const char  *where,
        double       min,
        double       max,
        double      *out,
        GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_CATALOGUE, _("%s: “%s” must be a number"), where, member);
      return FALSE;
    }
  *out = json_node_get_value_type (node) == G_TYPE_INT64 ? (double) json_node_get_int (node)
                                                         : json_node_get_double (node);
  if (!(*out >= min && *out <= max))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_CATALOGUE, _("%s: “%s” is %g, not from %g to %g"), where, member,
                   *out, min, max);
      return FALSE;
    }
  return TRUE;
}

static char *
text (JsonObject *o,
      const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
    ? g_strdup (json_node_get_string (node)) : NULL;
}

CslLabelSheet *
csl_label_sheet_new_from_json (JsonNode    *node,
                               const char  *where,
                               GError     **error)
{
  g_autoptr(CslLabelSheet) s = g_new0 (CslLabelSheet, 1);
  JsonObject *o;
  double columns, rows;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_CATALOGUE, _("%s: a label sheet is a JSON object"), where);
      return NULL;
    }
  o = json_node_get_object (node);
  s->name = text (o, "name");
  s->description = text (o, "description");
  if (s->name == NULL || *s->name == '\0')
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_CATALOGUE, _("%s: a label sheet needs a “name”"), where);
      return NULL;
    }
  if (!number (o, "page_width_mm", where, 50, 1000, &s->page_w, error) ||
      !number (o, "page_height_mm", where, 50, 1000, &s->page_h, error) ||
      !number (o, "label_width_mm", where, 10, 1000, &s->label_w, error) ||
      !number (o, "label_height_mm", where, 10, 1000, &s->label_h, error) ||
      !number (o, "columns", where, 1, 50, &columns, error) ||
      !number (o, "rows", where, 1, 50, &rows, error) ||
      !number (o, "margin_left_mm", where, 0, 1000, &s->margin_left, error) ||
      !number (o, "margin_top_mm", where, 0, 1000, &s->margin_top, error) ||
      !number (o, "pitch_x_mm", where, s->label_w, 1000, &s->pitch_x, error) ||
      !number (o, "pitch_y_mm", where, s->label_h, 1000, &s->pitch_y, error))
    return NULL;
  s->columns = (guint) columns;
  s->rows = (guint) rows;
  s->crop_marks = json_object_get_boolean_member_with_default (o, "crop_marks", TRUE);
  /* Every cell on the page, with a little tolerance for the rounding of published sizes. */
  if (s->margin_left + (s->columns - 1) * s->pitch_x + s->label_w > s->page_w + 0.05 ||
      s->margin_top + (s->rows - 1) * s->pitch_y + s->label_h > s->page_h + 0.05)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_CATALOGUE, _("%s: the cells of sheet “%s” run off its page"),
                   where, s->name);
      return NULL;
    }
  return g_steal_pointer (&s);
}

static gint
by_name (gconstpointer a,
         gconstpointer b)
{
  const CslLabelSheet *x = *(CslLabelSheet *const *) a, *y = *(CslLabelSheet *const *) b;

  return g_strcmp0 (x->name, y->name);
}

GPtrArray *
csl_label_sheet_list_builtin (GError **error)
{
  g_autoptr(GPtrArray) sheets = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_label_sheet_free);
  g_auto(GStrv) names = g_resources_enumerate_children (RESOURCE_DIR, G_RESOURCE_LOOKUP_FLAGS_NONE, error);

  if (names == NULL)
    return NULL;
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_path ("/", RESOURCE_DIR, names[i], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      CslLabelSheet *sheet;

      if (bytes == NULL ||
          !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), error) ||
          (sheet = csl_label_sheet_new_from_json (json_parser_get_root (parser), names[i], error)) == NULL)
        return NULL;
      g_ptr_array_add (sheets, sheet);
    }
  g_ptr_array_sort (sheets, by_name);
  return g_steal_pointer (&sheets);
}

CslLabelSheet *
csl_label_sheet_find (const char  *name,
                      GError     **error)
{
  g_autoptr(GPtrArray) sheets = csl_label_sheet_list_builtin (error);
  g_autoptr(GString) names = g_string_new (NULL);

  if (sheets == NULL)
    return NULL;
  for (guint i = 0; i < sheets->len; i++)
    {
      CslLabelSheet *s = sheets->pdata[i];

      if (g_strcmp0 (s->name, name) == 0)
        return g_ptr_array_steal_index (sheets, i);
      g_string_append_printf (names, "%s%s", i ? ", " : "", s->name);
    }
  g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("There is no label sheet “%s”; there are: %s"),
               name ? name : "", names->str);
  return NULL;
}

const char *
csl_label_sheet_get_name (const CslLabelSheet *sheet)
{
  return sheet->name;
}

const char *
csl_label_sheet_get_description (const CslLabelSheet *sheet)
{
  return sheet->description ? sheet->description : sheet->name;
}

double
csl_label_sheet_get_page_width_mm (const CslLabelSheet *sheet)
{
  return sheet->page_w;
}

double
csl_label_sheet_get_page_height_mm (const CslLabelSheet *sheet)
{
  return sheet->page_h;
}

guint
csl_label_sheet_get_per_page (const CslLabelSheet *sheet)
{
  return sheet->columns * sheet->rows;
}

guint
csl_label_sheet_n_pages (const CslLabelSheet *sheet,
                         guint                n_labels,
                         guint                skip)
{
  guint per = csl_label_sheet_get_per_page (sheet);

  return n_labels == 0 ? 0 : (skip % per + n_labels + per - 1) / per;
}

gboolean
csl_label_sheet_fit (const CslLabelSheet    *sheet,
                     const CslLabelTemplate *template,
                     double                 *width_mm,
                     GError                **error)
{
  double w = MIN (sheet->label_w, csl_label_template_get_max_width_mm (template));
  double h = csl_label_template_height_for_width (template, w);

  if (h > sheet->label_h)
    w *= sheet->label_h / h;
  if (w < csl_label_template_get_min_width_mm (template) - 1e-9)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("The label “%s” is at least %.1f × %.1f mm; the cells of sheet “%s” are %.1f × %.1f mm"),
                   csl_label_template_get_name (template), csl_label_template_get_min_width_mm (template),
                   csl_label_template_height_for_width (template, csl_label_template_get_min_width_mm (template)),
                   sheet->name, sheet->label_w, sheet->label_h);
      return FALSE;
    }
  *width_mm = floor (w * 100) / 100;
  return TRUE;
}

gboolean
csl_label_sheet_check (const CslLabelSheet  *sheet,
                       CslLabel *const      *labels,
                       guint                 n_labels,
                       GError              **error)
{
  for (guint i = 0; i < n_labels; i++)
    {
      const CslLabelTemplate *t = csl_label_get_template (labels[i]);
      double w;

      /* Copies of one label share its objects: check each label once. */
      if (i > 0 && labels[i] == labels[i - 1])
        continue;
      if (!csl_label_sheet_fit (sheet, t, &w, error) ||
          !csl_label_check (t, csl_label_get_content (labels[i]), w, error))
        return FALSE;
    }
  return TRUE;
}

static void
crop_marks (const CslLabelSheet *s,
            cairo_t             *cr)
{
  double grid_left = s->margin_left, grid_top = s->margin_top;
  double grid_right = s->margin_left + (s->columns - 1) * s->pitch_x + s->label_w;
  double grid_bottom = s->margin_top + (s->rows - 1) * s->pitch_y + s->label_h;
  double len_top = MIN (MARK_LEN_MM, grid_top - MARK_GAP_MM);
  double len_bottom = MIN (MARK_LEN_MM, s->page_h - grid_bottom - MARK_GAP_MM);
  double len_left = MIN (MARK_LEN_MM, grid_left - MARK_GAP_MM);
  double len_right = MIN (MARK_LEN_MM, s->page_w - grid_right - MARK_GAP_MM);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, MARK_WIDTH_PT);
  for (guint c = 0; c < s->columns; c++)
    for (int edge = 0; edge < 2; edge++)
      {
        double x = csl_mm_to_pt (s->margin_left + c * s->pitch_x + edge * s->label_w);

        if (len_top > 0.5)
          {
            cairo_move_to (cr, x, csl_mm_to_pt (grid_top - MARK_GAP_MM - len_top));
            cairo_line_to (cr, x, csl_mm_to_pt (grid_top - MARK_GAP_MM));
          }
        if (len_bottom > 0.5)
          {
            cairo_move_to (cr, x, csl_mm_to_pt (grid_bottom + MARK_GAP_MM));
            cairo_line_to (cr, x, csl_mm_to_pt (grid_bottom + MARK_GAP_MM + len_bottom));
          }
      }
  for (guint r = 0; r < s->rows; r++)
    for (int edge = 0; edge < 2; edge++)
      {
        double y = csl_mm_to_pt (s->margin_top + r * s->pitch_y + edge * s->label_h);

        if (len_left > 0.5)
          {
            cairo_move_to (cr, csl_mm_to_pt (grid_left - MARK_GAP_MM - len_left), y);
            cairo_line_to (cr, csl_mm_to_pt (grid_left - MARK_GAP_MM), y);
          }
        if (len_right > 0.5)
          {
            cairo_move_to (cr, csl_mm_to_pt (grid_right + MARK_GAP_MM), y);
            cairo_line_to (cr, csl_mm_to_pt (grid_right + MARK_GAP_MM + len_right), y);
          }
      }
  cairo_stroke (cr);
  cairo_restore (cr);
}

gboolean
csl_label_sheet_draw_page (const CslLabelSheet  *sheet,
                           cairo_t              *cr,
                           CslLabel *const      *labels,
                           guint                 n_labels,
                           guint                 skip,
                           GError              **error)
{
  guint per = csl_label_sheet_get_per_page (sheet);

  g_return_val_if_fail (skip + n_labels <= per, FALSE);
  for (guint i = 0; i < n_labels; i++)
    {
      const CslLabelTemplate *t = csl_label_get_template (labels[i]);
      guint cell = skip + i;
      double w, h, x, y;
      gboolean ok;

      if (!csl_label_sheet_fit (sheet, t, &w, error))
        return FALSE;
      h = csl_label_template_height_for_width (t, w);
      x = sheet->margin_left + (cell % sheet->columns) * sheet->pitch_x + (sheet->label_w - w) / 2;
      y = sheet->margin_top + (cell / sheet->columns) * sheet->pitch_y + (sheet->label_h - h) / 2;
      cairo_save (cr);
      cairo_translate (cr, csl_mm_to_pt (x), csl_mm_to_pt (y));
      ok = csl_label_draw (cr, t, csl_label_get_content (labels[i]), w, csl_label_get_draw_flags (labels[i]), error);
      cairo_restore (cr);
      if (!ok)
        return FALSE;
    }
  if (sheet->crop_marks)
    crop_marks (sheet, cr);
  return TRUE;
}

gboolean
csl_label_sheet_render_to_file (const CslLabelSheet  *sheet,
                                CslLabel *const      *labels,
                                guint                 n_labels,
                                guint                 skip,
                                const char           *path,
                                GCancellable         *cancellable,
                                GError              **error)
{
  g_autoptr(CslAtomicFile) file = NULL;
  guint per = csl_label_sheet_get_per_page (sheet);
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  Sink sink = { 0 };
  gboolean ok = TRUE;
  guint done = 0;

  if (n_labels == 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("A label sheet needs at least one label"));
      return FALSE;
    }
  skip %= per;
  if (!csl_label_sheet_check (sheet, labels, n_labels, error) ||
      (file = csl_atomic_file_new (path, 0644, error)) == NULL)
    return FALSE;
  sink.out = csl_atomic_file_get_stream (file);
  sink.cancellable = cancellable;
  surface = cairo_pdf_surface_create_for_stream (csl_label_sink_write, &sink, csl_mm_to_pt (sheet->page_w),
                                                 csl_mm_to_pt (sheet->page_h));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, sheet->name);
  cr = cairo_create (surface);
  while (ok && done < n_labels)
    {
      guint n = MIN (per - skip, n_labels - done);

      ok = !g_cancellable_set_error_if_cancelled (cancellable, error) &&
           csl_label_sheet_draw_page (sheet, cr, labels + done, n, skip, error);
      cairo_show_page (cr);
      done += n;
      skip = 0;
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (sink.error != NULL)
    {
      if (ok)
        g_propagate_error (error, g_steal_pointer (&sink.error));
      g_clear_error (&sink.error);
      return FALSE;
    }
  if (!ok)
    return FALSE;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot draw the label sheet: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return csl_atomic_file_commit (file, error);
}
