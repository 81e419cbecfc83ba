#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "cli-common.h"
#include "workspace/csl-workspace.h"
#include "base/csl-error.h"
#include "records/csl-filing.h"
#include "base/csl-text-check.h"

const char *
cli_text (const char *value)
{
  static char *ring[16];
  static guint next;

  if (!csl_text_needs_escape (value))
    return value;
  next = (next + 1) % G_N_ELEMENTS (ring);
  g_free (ring[next]);
  ring[next] = csl_text_escape_line (value);
  return ring[next];
}

int
cli_error (CliContext   *ctx,
           const GError *error)
{
  g_auto(GStrv) lines = g_strsplit (error->message, "\n", -1);

  /* A message may quote a value from a hostile file: its lines are kept, its controls shown. */
  g_printerr ("csl-filer-cli %s: ", ctx->command ? ctx->command : "");
  for (guint i = 0; lines[i] != NULL; i++)
    g_printerr ("%s\n", cli_text (lines[i]));
  return CLI_EXIT_BAD_INPUT;
}

int
cli_usage (CliContext *ctx,
           const char *format,
           ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("csl-filer-cli %s: %s\n", ctx->command ? ctx->command : "", msg);
  g_printerr (_("Try “csl-filer-cli %s --help”.\n"), ctx->command ? ctx->command : "");
  return CLI_EXIT_BAD_INPUT;
}

gboolean
cli_parse (CliContext          *ctx,
           const GOptionEntry  *entries,
           const char          *parameters,
           const char          *description,
           int                 *argc,
           char              ***argv,
           int                 *exit_code)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("csl-filer-cli %s", ctx->command);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (description != NULL)
    g_option_context_set_summary (context, description);
  (*argv)[0] = prgname;
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      /* GLib's conversion error does not say which argument: find it. */
      for (int i = 1; error->domain == G_CONVERT_ERROR && i < *argc; i++)
        if (!g_utf8_validate ((*argv)[i], -1, NULL))
          {
            g_autofree char *shown = g_utf8_make_valid ((*argv)[i], -1);

            *exit_code = cli_usage (ctx, _("The argument “%s” is not valid UTF-8 text"), shown);
            return FALSE;
          }
      *exit_code = cli_usage (ctx, "%s", error->message);
      return FALSE;
    }
  (*argv)[0] = NULL;
  return TRUE;
}

gboolean
cli_parse_id (const char  *text,
              const char  *what,
              gint64      *out,
              GError     **error)
{
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("%s “%s” is not an id (a whole number from 1)"), what, text ? text : "");
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

void
cli_assign_name (char  *name,
                 char **name_zh,
                 char **name_en)
{
  gboolean cjk = FALSE;

  /* Any CJK character makes it the Chinese name. */
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      cjk = TRUE;
  if (cjk && *name_zh == NULL)
    *name_zh = g_strdup (name);
  else if (*name_en == NULL)
    *name_en = g_strdup (name);
  g_free (name);
}

gboolean
cli_require (CliContext *ctx,
             const char *value,
             const char *option,
             int        *exit_code)
{
  if (value != NULL && *value != '\0')
    return TRUE;
  *exit_code = cli_usage (ctx, _("%s is required"), option);
  return FALSE;
}

gboolean
cli_open_workspace (CliContext  *ctx,
                    GError     **error)
{
  g_autofree char *dir = ctx->workspace_dir ? g_strdup (ctx->workspace_dir) : csl_workspace_default_dir ();

  ctx->ws = csl_workspace_open (dir, error);
  if (ctx->ws == NULL)
    return FALSE;
  csl_workspace_set_interface (ctx->ws, "cli");
  if (csl_workspace_is_read_only (ctx->ws))
    g_printerr (_("csl-filer-cli: the workspace %s is read-only: it can be read, changes are refused\n"),
                csl_workspace_get_path (ctx->ws));
  return TRUE;
}

void
cli_print_json_node (JsonNode *root)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

void
cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  cli_print_json_node (root);
}

#define JSON_PRINT_CHUNK (64 * 1024)

void
cli_write_stdout (const char *text,
                  gsize       len)
{
  const char *charset;

  if (g_get_console_charset (&charset))
    fwrite (text, 1, len, stdout);
  else
    {
      g_autofree char *converted = g_convert_with_fallback (text, (gssize) len, charset, "UTF-8", "?", NULL, NULL, NULL);

      if (converted != NULL)
        fputs (converted, stdout);
      else
        fwrite (text, 1, len, stdout);
    }
}

void
cli_json_array_begin (CliJsonArray *array,
                      gboolean      print)
{
  array->generator = json_generator_new ();
  json_generator_set_pretty (array->generator, TRUE);
  array->builder = json_builder_new ();
  array->text = g_string_new (NULL);
  array->print = print;
  array->n = 0;
}

JsonBuilder *
cli_json_array_next (CliJsonArray *array)
{
  json_builder_reset (array->builder);
  return array->builder;
}

void
cli_json_array_add (CliJsonArray *array)
{
  g_autoptr(JsonNode) root = json_builder_get_root (array->builder);
  g_autofree char *element = NULL;

  json_generator_set_root (array->generator, root);
  element = json_generator_to_data (array->generator, NULL);
  g_string_append (array->text, array->n++ == 0 ? "[\n  " : ",\n  ");
  /* One level deeper than printed alone. JSON text has no raw newline inside a string, so each
   * newline starts a line. */
  for (const char *p = element, *nl; *p != '\0'; p = nl + 1)
    {
      nl = strchr (p, '\n');
      if (nl == NULL)
        {
          g_string_append (array->text, p);
          break;
        }
      g_string_append_len (array->text, p, nl - p + 1);
      g_string_append (array->text, "  ");
    }
  cli_json_array_added (array);
}

GString *
cli_json_array_next_text (CliJsonArray *array)
{
  g_string_append (array->text, array->n++ == 0 ? "[\n  " : ",\n  ");
  return array->text;
}

void
cli_json_array_added (CliJsonArray *array)
{
  if (array->print && array->text->len >= JSON_PRINT_CHUNK)
    {
      cli_write_stdout (array->text->str, array->text->len);
      g_string_truncate (array->text, 0);
    }
}

char *
cli_json_array_end (CliJsonArray *array)
{
  g_string_append (array->text, array->n == 0 ? "[]\n" : "\n]\n");
  g_clear_object (&array->generator);
  g_clear_object (&array->builder);
  if (!array->print)
    return g_string_free (g_steal_pointer (&array->text), FALSE);
  cli_write_stdout (array->text->str, array->text->len);
  g_string_free (g_steal_pointer (&array->text), TRUE);
  return NULL;
}

void
cli_json_array_abandon (CliJsonArray *array)
{
  g_clear_object (&array->generator);
  g_clear_object (&array->builder);
  g_string_free (g_steal_pointer (&array->text), TRUE);
}

void
cli_print_id (gint64 id)
{
  g_print ("%" G_GINT64_FORMAT "\n", id);
}

/* Terminal columns, where printf's "%-22s" counts bytes: a Chinese label takes two columns a
 * character, not three. */
static int
display_width (const char *text)
{
  int width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      width += g_unichar_iszerowidth (c) ? 0 : g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

void
cli_print_field (const char *label,
                 int         width,
                 const char *value)
{
  g_print ("%s%*s %s\n", label, MAX (width - display_width (label), 0), "", value && *value ? cli_text (value) : "—");
}

int
cli_run_list (CliContext         *ctx,
              int                 argc,
              char              **argv,
              const char         *summary,
              const GOptionEntry *extra_entries,
              CliLoadFunc         load,
              CliJsonFunc         to_json,
              CliPrintFunc        print)
{
  gboolean json = FALSE;
  g_autoptr(GArray) entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  const GOptionEntry json_entry = { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int code;

  g_array_append_val (entries, json_entry);
  for (const GOptionEntry *e = extra_entries; e && e->long_name; e++)
    g_array_append_val (entries, *e);

  if (!cli_parse (ctx, (const GOptionEntry *) entries->data, NULL, summary, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return cli_usage (ctx, _("unexpected argument “%s”"), argv[1]);
  if (!cli_open_workspace (ctx, &error) || (list = load (ctx, &error)) == NULL)
    return cli_error (ctx, error);

  if (json)
    {
      CliJsonArray array;

      cli_json_array_begin (&array, TRUE);
      for (guint i = 0; i < list->len; i++)
        {
          to_json (cli_json_array_next (&array), list->pdata[i]);
          cli_json_array_add (&array);
        }
      cli_json_array_end (&array);
    }
  else
    for (guint i = 0; i < list->len; i++)
      print (list->pdata[i]);
  return CLI_EXIT_OK;
}

typedef struct
{
  GArray          *ids;
  gboolean         any_status;
  CslFilingStatus  status;
} Selecting;

static void
select_summary (const CslFilingSummary *s,
                gpointer                user_data)
{
  Selecting *sel = user_data;

  if (sel->any_status || s->status == sel->status)
    g_array_append_val (sel->ids, s->id);
}

GArray *
cli_select_filings (CliContext         *ctx,
                    const CliSelection *selection,
                    int                 argc,
                    char              **argv,
                    int                *code)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  Selecting sel = { ids, TRUE, CSL_STATUS_DRAFT };

  if (selection->all == (argc > 1))
    {
      *code = cli_usage (ctx, selection->all ? _("give filing ids or --all, not both") : _("expected filing ids, or --all"));
      return NULL;
    }
  if (!selection->all && (selection->status != NULL || selection->manufacturer != 0))
    {
      *code = cli_usage (ctx, _("--status and --manufacturer select filings only with --all"));
      return NULL;
    }
  if (selection->status != NULL)
    {
      if (!csl_filing_status_from_string (selection->status, &sel.status))
        {
          *code = cli_usage (ctx, _("“%s” is not a filing status (draft, ready, packaged, submitted, filed, "
                                    "refiling-due, expired, revoked)"), selection->status);
          return NULL;
        }
      sel.any_status = FALSE;
    }
  for (int i = 1; i < argc; i++)
    {
      gint64 id;

      if (!cli_parse_id (argv[i], _("Filing"), &id, &error))
        {
          *code = cli_error (ctx, error);
          return NULL;
        }
      g_array_append_val (ids, id);
    }
  if (!cli_open_workspace (ctx, &error) ||
      (selection->all && !csl_filing_foreach_summary (ctx->ws, selection->manufacturer, select_summary, &sel, &error)))
    {
      *code = cli_error (ctx, error);
      return NULL;
    }
  if (ids->len == 0)
    {
      *code = cli_usage (ctx, _("no filing matches --all with these options"));
      return NULL;
    }
  return g_steal_pointer (&ids);
}

void
cli_selection_clear (CliSelection *selection)
{
  g_clear_pointer (&selection->status, g_free);
}

int
cli_for_each_filing (CliContext    *ctx,
                     GArray        *ids,
                     CliFilingFunc  func,
                     gpointer       user_data)
{
  guint failed = 0;
  int status = CLI_EXIT_OK;

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(GError) error = NULL;

      if (func (ctx, id, user_data, &error))
        continue;
      failed++;
      if (g_error_matches (error, CSL_ERROR, CSL_ERROR_INCOMPLETE) && status != CLI_EXIT_BAD_INPUT)
        status = CLI_EXIT_CHECK_FAILED;
      else
        status = CLI_EXIT_BAD_INPUT;
      if (ids->len == 1)
        return error != NULL ? cli_error (ctx, error) : status;
      if (error != NULL)
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

          /* TRANSLATORS: the command, a filing's id, what went wrong with it. */
          g_printerr (_("%s: filing %s: %s\n"), ctx->command, number, error->message);
        }
    }
  if (ids->len > 1)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "%s: %u of %u filing succeeded\n", "%s: %u of %u filings succeeded\n",
                             ids->len), ctx->command, ids->len - failed, ids->len);
  return status;
}

