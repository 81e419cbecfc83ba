#pragma once

#include <adwaita.h>

#include "workspace/csl-workspace.h"

G_BEGIN_DECLS

/* One row of a record list: what the Manufacturers and Labs views show per record. */
typedef struct
{
  gint64  id;
  char   *title;
  char   *subtitle;
  char   *badge;      /* short warning shown at the end of the row, or NULL */
} CslRecordRow;

typedef GPtrArray *(*CslRecordLoadFunc) (CslWorkspace  *workspace,
                                         GError       **error);

CslRecordRow *csl_record_row_new  (gint64        id,
                                   const char   *title,
                                   const char   *subtitle,
                                   const char   *badge);
void          csl_record_row_free (CslRecordRow *row);

#define CSL_TYPE_RECORD_LIST (csl_record_list_get_type ())

G_DECLARE_FINAL_TYPE (CslRecordList, csl_record_list, CSL, RECORD_LIST, GtkWidget)

/* A boxed list of records with an empty state and an Add button; emits "add" and
 * "edit" (gint64 id). */
CslRecordList *csl_record_list_new           (const char        *list_label,
                                              const char        *icon_name,
                                              const char        *empty_title,
                                              const char        *empty_description,
                                              const char        *add_label,
                                              CslRecordLoadFunc  load);
void           csl_record_list_set_workspace (CslRecordList     *self,
                                              CslWorkspace      *workspace);
void           csl_record_list_reload        (CslRecordList     *self);
guint          csl_record_list_get_n_rows    (CslRecordList     *self);

G_END_DECLS
