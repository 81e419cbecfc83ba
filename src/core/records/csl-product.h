#pragma once

#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

/* A key technical parameter (Art. 10: changing one after filing means re-filing). */
typedef struct
{
  char *name;
  char *value;
} CslParam;

typedef struct
{
  gint64     id;
  gint64     manufacturer_id;
  gint64     category_id;
  char      *name;
  char      *model;
  char      *hardware_version;
  char      *firmware_version;
  char      *support_until;
  /* Art. 5 key indicators of the Basic grade, as the manufacturer declares them. */
  char      *default_password_policy;
  char      *vulnerability_contact;
  char      *update_policy;
  GPtrArray *params;   /* of CslParam, in name order */
  gint64   version;          /* the row version read with it: a save checks it (CSL_ERROR_CONFLICT) */
} CslProduct;

CslParam   *csl_param_new          (const char    *name,
                                    const char    *value);
void        csl_param_free         (CslParam      *param);
gboolean    csl_param_parse        (const char    *assignment,
                                    CslParam     **out,
                                    GError       **error);
/* The key parameters as the app edits them: one NAME=VALUE a line. */
char       *csl_product_params_to_text   (const CslProduct *p);
/* Replaces p's parameters with those of text, read by csl_param_parse() a line each (blank lines
 * skipped). On a bad line p is left as it was and error names that line. */
gboolean    csl_product_params_from_text (CslProduct    *p,
                                          const char    *text,
                                          GError       **error);

CslProduct *csl_product_new        (void);
void        csl_product_free       (CslProduct    *p);
CslProduct *csl_product_copy       (const CslProduct *p);
/* As csl_filing_changed_fields(): column names, and "params" for the key parameters. */
GStrv       csl_product_changed_fields (const CslProduct *a,
                                        const CslProduct *b);
void        csl_product_copy_fields (CslProduct         *dst,
                                     const CslProduct   *src,
                                     const char * const *names);
void        csl_product_set_param  (CslProduct    *p,
                                    const char    *name,
                                    const char    *value);
const char *csl_product_get_param  (const CslProduct *p,
                                    const char    *name);
gboolean    csl_product_validate   (CslProduct    *p,
                                    GError       **error);
gint64      csl_product_add        (CslWorkspace  *ws,
                                    CslProduct    *p,
                                    GError       **error);
/* Saves every field and parameter in one transaction; each change goes to the audit trail.
 * Inside an open transaction use csl_product_update_in_transaction(). */
gboolean    csl_product_update     (CslWorkspace  *ws,
                                    CslProduct    *p,
                                    GError       **error);
gboolean    csl_product_update_in_transaction (CslWorkspace *ws,
                                               const CslProduct *old,
                                               CslProduct   *p,
                                               GError      **error);
gint64      csl_product_insert_in_transaction (CslWorkspace *ws,
                                               CslProduct   *p,
                                               GError      **error);
CslProduct *csl_product_get        (CslWorkspace  *ws,
                                    gint64         id,
                                    GError       **error);
GPtrArray  *csl_product_list       (CslWorkspace  *ws,
                                    gint64         manufacturer_id,
                                    GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslProduct, csl_product_free)

G_END_DECLS
