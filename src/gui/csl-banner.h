#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CSL_TYPE_BANNER (csl_banner_get_type ())

G_DECLARE_FINAL_TYPE (CslBanner, csl_banner, CSL, BANNER, GtkWidget)

/* A strip under the header bar with a message and at most one button, revealed with a slide:
 * AdwBanner's job, which libadwaita only has from 1.3 (the floor here is 1.2). Same names, so
 * it can be swapped for AdwBanner when the floor moves. */
CslBanner  *csl_banner_new              (void);
void        csl_banner_set_title        (CslBanner  *self,
                                         const char *title);
const char *csl_banner_get_title        (CslBanner  *self);
/* NULL or "" hides the button. */
void        csl_banner_set_button_label (CslBanner  *self,
                                         const char *label);
const char *csl_banner_get_button_label (CslBanner  *self);
void        csl_banner_set_revealed     (CslBanner  *self,
                                         gboolean    revealed);
gboolean    csl_banner_get_revealed     (CslBanner  *self);
/* Presses the button, as a click does (for tests and keyboard activation). */
void        csl_banner_activate_button  (CslBanner  *self);

G_END_DECLS
