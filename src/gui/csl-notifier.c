#include "config.h"

#include <glib/gi18n.h>

#include "base/csl-date.h"
#include "lifecycle/csl-deadlines.h"
#include "csl-gui-util.h"
#include "lifecycle/csl-lifecycle.h"
#include "csl-notifier.h"
#include "csl-settings.h"

#define NOTIFICATION_ID "deadlines"
#define MAX_LISTED 3
/* An hour: a new day is noticed soon after midnight, or after the machine wakes up. */
#define CHECK_INTERVAL_SECONDS 3600

struct _CslNotifier
{
  GObject        parent_instance;

  GApplication  *app;         /* weak: the application owns the notifier */
  CslWorkspace  *workspace;
  GSettings     *settings;
  guint          timer;
};

G_DEFINE_FINAL_TYPE (CslNotifier, csl_notifier, G_TYPE_OBJECT)

enum {
  SEND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
real_send (CslNotifier   *self,
           GNotification *notification)
{
  if (self->app != NULL)
    g_application_send_notification (self->app, NOTIFICATION_ID, notification);
}

static void
csl_notifier_dispose (GObject *object)
{
  CslNotifier *self = CSL_NOTIFIER (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_weak_pointer (&self->app);
  g_clear_object (&self->workspace);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (csl_notifier_parent_class)->dispose (object);
}

static void
csl_notifier_class_init (CslNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = csl_notifier_dispose;

  signals[SEND] = g_signal_new_class_handler ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              G_CALLBACK (real_send), NULL, NULL, NULL,
                                              G_TYPE_NONE, 1, G_TYPE_NOTIFICATION);
}

static void
csl_notifier_init (CslNotifier *self)
{
}

CslNotifier *
csl_notifier_new (GApplication *app,
                  CslWorkspace *workspace,
                  GSettings    *settings)
{
  CslNotifier *self = g_object_new (CSL_TYPE_NOTIFIER, NULL);

  g_set_weak_pointer (&self->app, app);
  self->workspace = g_object_ref (workspace);
  self->settings = settings ? g_object_ref (settings) : NULL;
  return self;
}

static GNotification *
build (GPtrArray *entered)
{
  g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u filing deadline needs attention",
                                                         "%u filing deadlines need attention", entered->len),
                                            entered->len);
  GNotification *n = g_notification_new (title);
  g_autoptr(GString) body = g_string_new (NULL);
  gboolean urgent = FALSE;

  for (guint i = 0; i < entered->len; i++)
    {
      CslDeadline *d = entered->pdata[i];

      urgent |= d->overdue;
      if (i < MAX_LISTED)
        {
          g_autofree char *summary = csl_deadline_summary (d);
          g_autofree char *due = csl_format_date (d->due);

          g_string_append_printf (body, "%s%s — %s", body->len ? "\n" : "", summary, due);
        }
    }
  if (entered->len > MAX_LISTED)
    g_string_append_printf (body, "\n%s", _("See the Deadlines page for the rest."));
  g_notification_set_body (n, body->str);
  g_notification_set_priority (n, urgent ? G_NOTIFICATION_PRIORITY_HIGH : G_NOTIFICATION_PRIORITY_NORMAL);
  g_notification_set_default_action (n, "app.show-deadlines");
  return n;
}

guint
csl_notifier_check (CslNotifier *self,
                    const char  *today)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) windows = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) entered = g_ptr_array_new ();
  g_autofree char *last = NULL;
  CslDeadlineQuery q = { 0 };

  g_return_val_if_fail (CSL_IS_NOTIFIER (self), 0);
  if (self->settings == NULL || !g_settings_get_boolean (self->settings, "notifications"))
    return 0;
  last = g_settings_get_string (self->settings, "last-notified");
  /* Once a day: a second look on the same day has nothing new to say. */
  if (*last != '\0' && g_strcmp0 (last, today) >= 0)
    return 0;

  if (!csl_lifecycle_apply_time (self->workspace, today, NULL, &error))
    {
      g_warning ("Cannot record expired filings: %s", error->message);
      g_clear_error (&error);
    }
  windows = csl_settings_get_reminder_days (self->settings);
  q.today = today;
  for (guint i = 0; i < windows->len; i++)
    q.within_days = MAX (q.within_days, g_array_index (windows, int, i));
  q.reminder_days = (const int *) windows->data;
  q.n_reminder_days = windows->len;
  list = csl_deadlines_list (self->workspace, &q, &error);
  if (list == NULL)
    {
      g_warning ("Cannot list deadlines: %s", error->message);
      return 0;
    }
  for (guint i = 0; i < list->len; i++)
    if (csl_deadline_entered_window (list->pdata[i], last, today, q.reminder_days, q.n_reminder_days))
      g_ptr_array_add (entered, list->pdata[i]);

  if (entered->len > 0)
    {
      g_autoptr(GNotification) n = build (entered);
      g_signal_emit (self, signals[SEND], 0, n);
    }
  g_settings_set_string (self->settings, "last-notified", today);
  return entered->len;
}

static gboolean
tick (gpointer user_data)
{
  CslNotifier *self = user_data;
  g_autofree char *today = csl_date_today ();

  csl_notifier_check (self, today);
  return G_SOURCE_CONTINUE;
}

void
csl_notifier_start (CslNotifier *self)
{
  g_return_if_fail (CSL_IS_NOTIFIER (self));
  if (self->timer == 0)
    self->timer = g_timeout_add_seconds (CHECK_INTERVAL_SECONDS, tick, self);
  tick (self);
}
