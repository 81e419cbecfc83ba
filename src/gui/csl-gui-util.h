#pragma once

#include <cairo.h>
#include <gtk/gtk.h>

#include "records/csl-requirements.h"

G_BEGIN_DECLS

/* A cairo image surface (ARGB32, as poppler and the label render) as a texture for GtkPicture. */
GdkTexture *csl_texture_from_surface (cairo_surface_t *surface);

typedef void (*CslFileChosenFunc) (GFile    *file,
                                   gpointer  user_data);

/* A requirements finding as a list row: its message, its article, and an icon that says
 * "Error" or "Warning" to screen readers too. */
GtkWidget *csl_finding_row_new (const CslFinding *finding);

/* The first file of a GdkFileList dropped on a GtkDropTarget, or NULL. */
GFile *csl_dropped_file      (const GValue      *value);

/* GtkFileChooserNative, so it goes through the portal inside Flatpak. callback gets NULL when
 * the user cancels. */
void csl_choose_file_to_open (GtkWidget         *parent,
                              const char        *title,
                              const char        *filter_name,
                              const char        *mime_type,
                              CslFileChosenFunc  callback,
                              gpointer           user_data);
void csl_choose_file_to_save (GtkWidget         *parent,
                              const char        *title,
                              const char        *suggested_name,
                              CslFileChosenFunc  callback,
                              gpointer           user_data);
void csl_choose_folder       (GtkWidget         *parent,
                              const char        *title,
                              CslFileChosenFunc  callback,
                              gpointer           user_data);

/* A stored ISO 8601 date (YYYY-MM-DD) as people read it in their locale's "%x" (2027年6月1日,
 * 01/06/2027, …). The C locale's "%x" (06/01/27) is worse than ISO, so there the date stays as it
 * is, as does text that is not a date. Storage, the CLI and exports keep ISO 8601. */
char *csl_format_date        (const char        *iso);

/* Shows a folder or file in the desktop's file manager or default app. */
void csl_open_uri_for_file   (GtkWidget         *parent,
                              GFile             *file);

/* A label without its access key: "_Add" → "Add", "添加(_A)" → "添加". */
char      *csl_strip_mnemonic  (const char *label);

/* Loads csl-filer.css for the default display, once. */
void       csl_gui_ensure_style (void);

G_END_DECLS
