#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "base/csl-article.h"
#include "cli-common.h"
#include "base/csl-atomic.h"
#include "lifecycle/csl-bars.h"
#include "lifecycle/csl-deadlines.h"
#include "lifecycle/csl-ics.h"
#include "lifecycle/csl-lifecycle.h"

#define DEFAULT_WITHIN 90

static char *
when_text (const CslDeadline *d)
{
  if (d->rule == CSL_DEADLINE_REFILING_DUE || d->rule == CSL_DEADLINE_LAB_BARRED ||
      d->rule == CSL_DEADLINE_MANUFACTURER_BARRED)
    return g_strdup (_("now"));
  if (d->days_left < 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day overdue", "%d days overdue", -d->days_left),
                            -d->days_left);
  if (d->days_left == 0)
    return g_strdup (_("today"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %d day", "in %d days", d->days_left), d->days_left);
}

static void
print_text (GPtrArray *list,
            int        within)
{
  if (list->len == 0)
    {
      g_print (g_dngettext (GETTEXT_PACKAGE, "No deadlines within %d day.\n", "No deadlines within %d days.\n", within),
               within);
      return;
    }
  for (guint i = 0; i < list->len; i++)
    {
      CslDeadline *d = list->pdata[i];
      g_autofree char *when = when_text (d);

      g_print ("%s\t%s\t%s\t%s\t%s %s\t%s %" G_GINT64_FORMAT "\t%s%s%s\n", d->due, when,
               csl_deadline_rule_to_string (d->rule), csl_article_text (csl_deadline_rule_article (d->rule)),
               cli_text (d->manufacturer), cli_text (d->model), _("filing"), d->filing_id,
               csl_deadline_rule_label (d->rule), d->detail ? ": " : "", d->detail ? cli_text (d->detail) : "");
    }
}

/* Printed as it is read, unless it goes to a file: an element at a time, as text (11 000
 * deadlines are a common list). */
static void
add_json (const CslDeadline *d,
          gpointer           user_data)
{
  CliJsonArray *array = user_data;

  csl_deadline_write_json (cli_json_array_next_text (array), d, 1);
  cli_json_array_added (array);
}

static int
min_window (GArray *windows)
{
  int least = G_MAXINT;

  for (guint i = 0; i < windows->len; i++)
    least = MIN (least, g_array_index (windows, int, i));
  return least;
}

static int
deadlines (CliContext  *ctx,
           int          argc,
           char       **argv)
{
  int within = DEFAULT_WITHIN;
  g_autofree char *format = NULL, *reminders = NULL, *output = NULL;
  const GOptionEntry entries[] = {
    { "within", 0, 0, G_OPTION_ARG_INT, &within, N_("Deadlines due within this many days (default 90); overdue ones always"), N_("DAYS") },
    { "manufacturer", 0, 0, G_OPTION_ARG_INT64, &ctx->manufacturer_filter, N_("Only this manufacturer’s filings"), N_("ID") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("text, json or ics (iCalendar)"), N_("FORMAT") },
    { "reminders", 0, 0, G_OPTION_ARG_STRING, &reminders, N_("Reminder windows in days (default 90,60,30); the smallest sets the calendar alarm"), N_("DAYS,…") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to this file instead of standard output"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) windows = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *text = NULL;
  CslDeadlineQuery q = { 0 };
  int code;

  if (!cli_parse (ctx, entries, NULL,
                  _("List what is due: label validity (Art. 10), re-filing after a change (Art. 10), end of security "
                    "support (Art. 14(4)), lab accreditation (Art. 7(1)), agent authorisation (Art. 8(7)) and "
                    "barred labs and manufacturers (Art. 15-16). Filed labels past their validity are marked expired first."),
                  &argc, &argv, &code))
    return code;
  if (argc > 1)
    return cli_usage (ctx, _("unexpected argument “%s”"), argv[1]);
  if (format != NULL && g_strcmp0 (format, "text") != 0 && g_strcmp0 (format, "json") != 0 &&
      g_strcmp0 (format, "ics") != 0)
    return cli_usage (ctx, _("format “%s” is not text, json or ics"), format);
  if (within < 0 || within > 36500)
    return cli_usage (ctx, _("--within %d is not a number of days from 0 to 36500"), within);
  if ((windows = csl_reminder_days_parse (reminders ? reminders : "90,60,30", &error)) == NULL)
    return cli_error (ctx, error);
  if (!cli_open_workspace (ctx, &error) || !csl_lifecycle_apply_time (ctx->ws, ctx->today, NULL, &error))
    return cli_error (ctx, error);

  q.today = ctx->today;
  q.within_days = within;
  q.manufacturer_id = ctx->manufacturer_filter;
  q.reminder_days = (const int *) windows->data;
  q.n_reminder_days = windows->len;
  if (g_strcmp0 (format, "json") == 0)
    {
      CliJsonArray array;

      cli_json_array_begin (&array, output == NULL);
      if (!csl_deadlines_foreach (ctx->ws, &q, add_json, &array, &error))
        {
          cli_json_array_abandon (&array);
          return cli_error (ctx, error);
        }
      text = cli_json_array_end (&array);
      if (text == NULL)
        return CLI_EXIT_OK;
    }
  else
    {
      if ((list = csl_deadlines_list (ctx->ws, &q, &error)) == NULL)
        return cli_error (ctx, error);
      if (g_strcmp0 (format, "ics") == 0)
        {
          g_autofree char *stamp = csl_ics_timestamp_now ();
          text = csl_ics_from_deadlines (list, stamp, min_window (windows));
        }
      else if (output == NULL)
        {
          print_text (list, within);
          return CLI_EXIT_OK;
        }
      else
        return cli_usage (ctx, _("--output needs --format json or ics"));
    }

  if (output != NULL)
    {
      if (!csl_file_set_contents_atomic (output, text, strlen (text), 0644, &error))
        return cli_error (ctx, error);
    }
  else
    fwrite (text, 1, strlen (text), stdout);
  return CLI_EXIT_OK;
}

static int
bar (CliContext    *ctx,
     int            argc,
     char         **argv,
     CslBarTarget   target)
{
  g_autofree char *until = NULL, *reason = NULL;
  const GOptionEntry entries[] = {
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, N_("Last day of the bar"), N_("DATE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("The announcement and its reason"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  gint64 id;
  int code;

  if (!cli_parse (ctx, entries, _("ID"),
                  target == CSL_BAR_LAB
                    ? _("Record that the filing agency accepts no test results from a lab until a date (Art. 16).")
                    : _("Record that the filing agency accepts no filings from a manufacturer until a date (Art. 15)."),
                  &argc, &argv, &code) ||
      !cli_require (ctx, until, "--until", &code) || !cli_require (ctx, reason, "--reason", &code))
    return code;
  if (argc != 2)
    return cli_usage (ctx, _("expected one id"));
  if (!cli_parse_id (argv[1], target == CSL_BAR_LAB ? _("Lab") : _("Manufacturer"), &id, &error) ||
      !cli_open_workspace (ctx, &error) || !csl_bar_set (ctx->ws, target, id, until, reason, &error))
    return cli_error (ctx, error);
  return CLI_EXIT_OK;
}

static int
lab_bar (CliContext  *ctx,
         int          argc,
         char       **argv)
{
  return bar (ctx, argc, argv, CSL_BAR_LAB);
}

static int
manufacturer_bar (CliContext  *ctx,
                  int          argc,
                  char       **argv)
{
  return bar (ctx, argc, argv, CSL_BAR_MANUFACTURER);
}

static int
announcements_import (CliContext  *ctx,
                      int          argc,
                      char       **argv)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  CslAnnouncementImport result = { 0 };
  int code;

  if (!cli_parse (ctx, entries, _("FILE"),
                  _("Import the filing agency’s bar announcements (JSON or CSV, see README): validated, then applied "
                    "in one transaction or not at all."), &argc, &argv, &code))
    return code;
  if (argc != 2)
    return cli_usage (ctx, _("expected one announcement file"));
  if (!cli_open_workspace (ctx, &error) || !csl_announcements_import_file (ctx->ws, argv[1], &result, &error))
    return cli_error (ctx, error);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Imported %u announcement", "Imported %u announcements", result.imported),
           result.imported);
  if (result.skipped > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "; %u was imported before", "; %u were imported before", result.skipped),
             result.skipped);
  g_print ("\n");
  return CLI_EXIT_OK;
}

const CliCommand cli_deadlines_commands[] = {
  { "deadlines", NULL, deadlines, N_("List deadlines (text, JSON or iCalendar)") },
  { "lab", "bar", lab_bar, N_("Bar a lab (Art. 16)") },
  { "manufacturer", "bar", manufacturer_bar, N_("Bar a manufacturer (Art. 15)") },
  { "announcements", "import", announcements_import, N_("Import bar announcements") },
  { NULL }
};
