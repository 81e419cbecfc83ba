#pragma once

#include <json-glib/json-glib.h>

#include "base/csl-model.h"
#include "label/csl-label-template.h"

G_BEGIN_DECLS

typedef struct _CslWorkspace CslWorkspace;

typedef struct
{
  char *key;
  char *article;
  char *name_en;
  char *name_zh;
} CslIndicator;

typedef struct
{
  gint64      id;
  char       *serial;
  char       *batch_code;
  char       *name_en;
  char       *name_zh;
  char       *scope_en;
  char       *scope_zh;
  int         validity_months;   /* 0: not published yet, the user enters the period */
  char       *qr_url_template;   /* NULL: use the application setting */
  JsonObject *data;              /* the category as imported, for fields other modules read */
} CslCategory;

void        csl_category_free            (CslCategory  *category);
/* The name in the messages' language: Chinese when they are Chinese, otherwise English. */
const char *csl_category_display_name    (CslCategory  *category);
/* NULL when the implementation rules have not published the numbers for that grade. */
GStrv       csl_category_dup_standards   (CslCategory  *category,
                                          CslGrade      grade);
GPtrArray  *csl_category_dup_indicators  (CslCategory  *category);
void        csl_indicator_free           (CslIndicator *indicator);

GPtrArray   *csl_catalogue_list          (CslWorkspace *ws,
                                          GError      **error);
CslCategory *csl_catalogue_get           (CslWorkspace *ws,
                                          gint64        id,
                                          GError      **error);
CslCategory *csl_catalogue_find_serial   (CslWorkspace *ws,
                                          const char   *serial,
                                          GError      **error);

gboolean     csl_catalogue_validate      (JsonNode     *root,
                                          const char   *source,
                                          GError      **error);
gboolean     csl_catalogue_import_bytes  (CslWorkspace *ws,
                                          GBytes       *bytes,
                                          const char   *source,
                                          GError      **error);
gboolean     csl_catalogue_import_file   (CslWorkspace *ws,
                                          const char   *path,
                                          GError      **error);
gboolean     csl_catalogue_import_builtin (CslWorkspace *ws,
                                           GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslCategory, csl_category_free)

/* The category's own label template, or the built-in one when it has none. */
CslLabelTemplate *csl_label_template_for_category (CslCategory  *category,
                                                  GError      **error);

G_END_DECLS
