#pragma once

#include <gio/gio.h>

#include "workspace/csl-workspace.h"

G_BEGIN_DECLS

#define CSL_TYPE_NOTIFIER (csl_notifier_get_type ())

G_DECLARE_FINAL_TYPE (CslNotifier, csl_notifier, CSL, NOTIFIER, GObject)

/* Desktop notifications for deadlines: when the app starts and once a day while it runs, one
 * GNotification about the deadlines that entered a reminder window (settings "reminder-days"),
 * fell due or arose since the last notice ("last-notified"); none when "notifications" is off.
 * Before it looks, it records the expiries the calendar has made.
 *
 * The "send" signal carries the notification; its default handler gives it to the application.
 * settings may be NULL (no schema): then nothing is ever sent. */
CslNotifier *csl_notifier_new   (GApplication *app,
                                 CslWorkspace *workspace,
                                 GSettings    *settings);
/* Checks now, then every hour for a new day. */
void         csl_notifier_start (CslNotifier  *self);
/* One check for the given day; returns how many deadlines the notice named (0: none sent). */
guint        csl_notifier_check (CslNotifier  *self,
                                 const char   *today);

G_END_DECLS
