#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* For csl-label-export.c and csl-label-sheet.c: cairo's stream surfaces write into a
 * GOutputStream; the first write error is kept and every later write refused. */
typedef struct
{
  GOutputStream *out;
  GCancellable  *cancellable;
  GError        *error;
} Sink;

cairo_status_t csl_label_sink_write (void                *closure,
                                     const unsigned char *data,
                                     unsigned int         length);

G_END_DECLS
