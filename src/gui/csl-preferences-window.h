#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CSL_TYPE_PREFERENCES_WINDOW (csl_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (CslPreferencesWindow, csl_preferences_window, CSL, PREFERENCES_WINDOW, AdwPreferencesWindow)

CslPreferencesWindow *csl_preferences_window_new (GtkWindow *parent);

G_END_DECLS
