#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cli-common.h"
#include "documents/csl-label-load.h"
#include "base/csl-error.h"
#include "label/csl-label-export.h"
#include "label/csl-label-sheet.h"
#include "label/csl-qr.h"
#include "records/csl-serialize.h"

/* A label that fails its own checks is a failed check (1), like "filing check"; anything the
 * user typed wrong is bad input (2). */
static int
label_error (CliContext   *ctx,
             const GError *error)
{
  int code = cli_error (ctx, error);

  if (g_error_matches (error, CSL_ERROR, CSL_ERROR_INCOMPLETE) ||
      g_error_matches (error, CSL_ERROR, CSL_ERROR_PRINT_QUALITY))
    return CLI_EXIT_CHECK_FAILED;
  return code;
}

static gboolean
parse_number (const char  *text,
              const char  *option,
              double      *out,
              GError     **error)
{
  char *end = NULL;
  double value;

  if (text == NULL)
    return TRUE;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value) || value <= 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%s “%s” is not a positive number"), option, text);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

/* The filing id argument, the workspace, the QR template and the label, in that order. */
static CslLabel *
load_label (CliContext  *ctx,
            int          argc,
            char       **argv,
            const char  *qr_template,
            int         *code)
{
  g_autoptr(GError) error = NULL;
  CslLabel *label;
  gint64 id;

  if (argc != 2)
    {
      *code = cli_usage (ctx, _("expected one filing id"));
      return NULL;
    }
  if (!cli_parse_id (argv[1], _("Filing"), &id, &error) ||
      (qr_template != NULL && !csl_qr_template_validate (qr_template, "--qr-template", &error)) ||
      !cli_open_workspace (ctx, &error))
    {
      *code = cli_error (ctx, error);
      return NULL;
    }
  label = csl_label_load (ctx->ws, id, qr_template, &error);
  if (label == NULL)
    *code = label_error (ctx, error);
  return label;
}

static int
label_render (CliContext  *ctx,
              int          argc,
              char       **argv)
{
  g_autofree char *out = NULL, *format_name = NULL, *dpi_text = NULL, *width_text = NULL, *qr_template = NULL;
  gboolean monochrome = FALSE;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("File to write"), N_("FILE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name, N_("pdf, svg or png (default: from the file name)"), N_("FORMAT") },
    { "dpi", 0, 0, G_OPTION_ARG_STRING, &dpi_text, N_("PNG resolution (default 600)"), N_("N") },
    { "width-mm", 0, 0, G_OPTION_ARG_STRING, &width_text, N_("Printed width within the template’s limits; the height follows"), N_("W") },
    { "qr-template", 0, 0, G_OPTION_ARG_STRING, &qr_template,
      N_("Filing address with {filing_number}, used unless the category has its own (default: the placeholder)"), N_("URL") },
    { "monochrome", 0, 0, G_OPTION_ARG_NONE, &monochrome, N_("Black only, no colours or tints, for single-colour printing"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CslLabel) label = NULL;
  CslLabelFormat format;
  double dpi = CSL_LABEL_DEFAULT_DPI, width = 0;
  int code;

  if (!cli_parse (ctx, entries, _("ID"),
                  _("Draw a filing’s China Cybersecurity Label (Art. 6) to PDF, SVG or PNG at true size. "
                    "Exit status 1 when the label fails a check (a missing item, text that does not fit, "
                    "QR modules too small)."),
                  &argc, &argv, &code) ||
      !cli_require (ctx, out, "--out", &code))
    return code;
  if ((format_name != NULL ? !csl_label_format_parse (format_name, &format, &error)
                           : !csl_label_format_for_path (out, &format, &error)) ||
      !parse_number (dpi_text, "--dpi", &dpi, &error) ||
      (dpi_text != NULL && !csl_label_check_dpi (dpi, &error)) ||
      !parse_number (width_text, "--width-mm", &width, &error))
    return cli_error (ctx, error);
  if ((label = load_label (ctx, argc, argv, qr_template, &code)) == NULL)
    return code;
  if (width_text != NULL && !csl_label_template_check_width (csl_label_get_template (label), width, &error))
    return cli_error (ctx, error);
  csl_label_set_monochrome (label, monochrome);
  if (!csl_label_render_to_file (label, format, width, dpi, out, &error))
    return label_error (ctx, error);
  return CLI_EXIT_OK;
}

static void
print_field (const char *name,
             const char *value)
{
  cli_print_field (name, 16, value);
}

static int
label_show (CliContext  *ctx,
            int          argc,
            char       **argv)
{
  g_autofree char *qr_template = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "qr-template", 0, 0, G_OPTION_ARG_STRING, &qr_template, N_("As for “label render”"), N_("URL") },
    { NULL }
  };
  g_autoptr(GError) check = NULL;
  g_autoptr(CslLabel) label = NULL;
  g_autofree char *grade = NULL, *size = NULL;
  const CslLabelTemplate *t;
  const CslLabelContent *c;
  int code;

  if (!cli_parse (ctx, entries, _("ID"), _("Show what a filing’s label says and whether it passes its checks. Exit status 1 when it does not."),
                  &argc, &argv, &code) ||
      (label = load_label (ctx, argc, argv, qr_template, &code)) == NULL)
    return code;
  t = csl_label_get_template (label);
  c = csl_label_get_content (label);
  csl_label_check (t, c, csl_label_template_get_width_mm (t), &check);
  grade = csl_label_grade_text (c->grade);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      csl_json_member_string (b, "template", csl_label_template_get_name (t));
      json_builder_set_member_name (b, "width_mm");
      json_builder_add_double_value (b, csl_label_template_get_width_mm (t));
      json_builder_set_member_name (b, "height_mm");
      json_builder_add_double_value (b, csl_label_template_get_height_mm (t));
      json_builder_set_member_name (b, "min_width_mm");
      json_builder_add_double_value (b, csl_label_template_get_min_width_mm (t));
      json_builder_set_member_name (b, "max_width_mm");
      json_builder_add_double_value (b, csl_label_template_get_max_width_mm (t));
      json_builder_set_member_name (b, "draft");
      json_builder_add_boolean_value (b, csl_label_content_is_draft (c));
      csl_json_member_string (b, "manufacturer", c->manufacturer);
      csl_json_member_string (b, "model", c->model);
      json_builder_set_member_name (b, "grade");
      json_builder_add_int_value (b, c->grade);
      csl_json_member_string (b, "grade_name", grade);
      csl_json_member_string (b, "validity", c->validity);
      csl_json_member_string (b, "lab", c->lab);
      csl_json_member_string (b, "standards", c->standards);
      csl_json_member_string (b, "filing_number", c->filing_number);
      csl_json_member_string (b, "qr", c->qr_text);
      csl_json_member_string (b, "problem", check ? check->message : NULL);
      json_builder_end_object (b);
      cli_print_json (b);
      return check != NULL ? CLI_EXIT_CHECK_FAILED : CLI_EXIT_OK;
    }

  size = g_strdup_printf (_("%g × %g mm (%g to %g mm wide)"), csl_label_template_get_width_mm (t),
                          csl_label_template_get_height_mm (t), csl_label_template_get_min_width_mm (t),
                          csl_label_template_get_max_width_mm (t));
  print_field (_("Template"), csl_label_template_get_name (t));
  print_field (_("Size"), size);
  print_field (_("Draft"), csl_label_content_is_draft (c) ? _("yes: no filing number yet") : _("no"));
  print_field (_("Manufacturer"), c->manufacturer);
  print_field (_("Model"), c->model);
  print_field (_("Grade"), grade);
  print_field (_("Validity"), c->validity);
  print_field (_("Testing lab"), c->lab);
  print_field (_("Standards"), c->standards);
  print_field (_("Filing number"), c->filing_number);
  print_field (_("QR code"), c->qr_text);
  print_field (_("Check"), check ? check->message : _("passes"));
  /* Like "filing check": a script learns of the failure from the status. */
  return check != NULL ? CLI_EXIT_CHECK_FAILED : CLI_EXIT_OK;
}

/* Labels of several filings, or copies, on sticker sheets: every label is checked first, so a
 * sheet with one label that would not scan is never written. */
static int
label_sheet (CliContext  *ctx,
             int          argc,
             char       **argv)
{
  g_autofree char *out = NULL, *template_name = NULL, *qr_template = NULL;
  int copies = 1, skip = 0;
  gboolean monochrome = FALSE;
  CliSelection selection = { 0 };
  const GOptionEntry entries[] = {
    { "template", 't', 0, G_OPTION_ARG_STRING, &template_name, N_("The sticker sheet (see “label sheets”)"), N_("NAME") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("The PDF to write"), N_("FILE.pdf") },
    { "copies", 0, 0, G_OPTION_ARG_INT, &copies, N_("Copies of each label (default 1)"), N_("N") },
    { "skip", 0, 0, G_OPTION_ARG_INT, &skip, N_("Cells already used on the first sheet"), N_("N") },
    { "qr-template", 0, 0, G_OPTION_ARG_STRING, &qr_template, N_("As for “label render”"), N_("URL") },
    { "monochrome", 0, 0, G_OPTION_ARG_NONE, &monochrome, N_("As for “label render”"), NULL },
    CLI_SELECTION_ENTRIES (selection),
    { NULL }
  };
  g_autoptr(CslLabelSheet) sheet = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_label_unref);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  int code;

  if (!cli_parse (ctx, entries, _("[ID…]"),
                  _("Lay the labels of several filings, or copies of one, on sticker sheets at true size, "
                    "with crop marks, as one PDF."),
                  &argc, &argv, &code))
    return code;
  if (!cli_require (ctx, template_name, "--template", &code) || !cli_require (ctx, out, "--out", &code))
    goto done;
  if (copies < 1 || copies > 1000)
    {
      code = cli_usage (ctx, _("--copies is from 1 to 1000, not %d"), copies);
      goto done;
    }
  if ((sheet = csl_label_sheet_find (template_name, &error)) == NULL ||
      (qr_template != NULL && !csl_qr_template_validate (qr_template, "--qr-template", &error)))
    {
      code = cli_error (ctx, error);
      goto done;
    }
  if (skip < 0 || (guint) skip >= csl_label_sheet_get_per_page (sheet))
    {
      code = cli_usage (ctx, _("--skip is from 0 to %u for this sheet, not %d"),
                        csl_label_sheet_get_per_page (sheet) - 1, skip);
      goto done;
    }
  if ((ids = cli_select_filings (ctx, &selection, argc, argv, &code)) == NULL)
    goto done;
  for (guint i = 0; i < ids->len; i++)
    {
      CslLabel *label = csl_label_load (ctx->ws, g_array_index (ids, gint64, i), qr_template, &error);

      if (label == NULL)
        {
          code = label_error (ctx, error);
          goto done;
        }
      csl_label_set_monochrome (label, monochrome);
      for (int c = 0; c < copies; c++)
        g_ptr_array_add (labels, c == 0 ? label : csl_label_ref (label));
    }
  if (!csl_label_sheet_render_to_file (sheet, (CslLabel *const *) labels->pdata, labels->len, (guint) skip, out,
                                       NULL, &error))
    {
      code = label_error (ctx, error);
      goto done;
    }
  g_print ("%s\n", out);
  code = CLI_EXIT_OK;
done:
  cli_selection_clear (&selection);
  return code;
}

static int
label_sheets (CliContext  *ctx,
              int          argc,
              char       **argv)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(GPtrArray) sheets = NULL;
  g_autoptr(GError) error = NULL;
  int code;

  if (!cli_parse (ctx, entries, NULL, _("List the sticker sheets “label sheet” can fill."), &argc, &argv, &code))
    return code;
  if (argc > 1)
    return cli_usage (ctx, _("unexpected argument “%s”"), argv[1]);
  if ((sheets = csl_label_sheet_list_builtin (&error)) == NULL)
    return cli_error (ctx, error);
  for (guint i = 0; i < sheets->len; i++)
    {
      CslLabelSheet *s = sheets->pdata[i];

      g_print ("%s\t%u\t%s\n", csl_label_sheet_get_name (s), csl_label_sheet_get_per_page (s),
               csl_label_sheet_get_description (s));
    }
  return CLI_EXIT_OK;
}

const CliCommand cli_label_commands[] = {
  { "label", "render", label_render, N_("Draw a filing’s label to PDF, SVG or PNG") },
  { "label", "show", label_show, N_("Show a filing’s label content and check it") },
  { "label", "sheet", label_sheet, N_("Lay labels on sticker sheets as one PDF") },
  { "label", "sheets", label_sheets, N_("List the sticker sheets") },
  { NULL }
};
