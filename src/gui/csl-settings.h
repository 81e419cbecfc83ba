#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The application's settings, or NULL (no abort) when the schema is not installed, as when a
 * widget is used outside the app. */
GSettings *csl_settings_new               (void);
/* The reminder windows (days before a deadline) of the "reminder-days" key; 90, 60, 30 without
 * settings. */
GArray    *csl_settings_get_reminder_days (GSettings *settings);
/* The time-stamping authority of Preferences: its URL, or NULL for none (an empty or blank
 * key, or no settings), and whether a bundle without the timestamp is refused. */
char      *csl_settings_dup_tsa_url       (GSettings *settings,
                                           gboolean  *required);

G_END_DECLS
