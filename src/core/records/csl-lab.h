#pragma once

#include "base/csl-model.h"
#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *name;
  char   *kind;              /* "in-house" or "third-party": see csl_lab_get_kind() */
  char   *accreditation_no;
  char   *accredited_until;
  char   *barred_until;      /* Art. 16: test results not accepted until this date */
  char   *barred_reason;
  gint64   version;          /* the row version read with it: a save checks it (CSL_ERROR_CONFLICT) */
} CslLab;

CslLab     *csl_lab_new        (void);
void        csl_lab_free       (CslLab        *lab);
CslLab     *csl_lab_copy       (const CslLab  *lab);
CslLabKind  csl_lab_get_kind   (const CslLab  *lab);
gboolean    csl_lab_is_barred  (const CslLab  *lab,
                                const char    *on_date);
gboolean    csl_lab_validate   (CslLab        *lab,
                                GError       **error);
gint64      csl_lab_add        (CslWorkspace  *ws,
                                CslLab        *lab,
                                GError       **error);
gboolean    csl_lab_update     (CslWorkspace  *ws,
                                CslLab        *lab,
                                GError       **error);
/* For several changes in the caller's transaction (a spreadsheet import); no "changed". */
gint64      csl_lab_insert_in_transaction (CslWorkspace  *ws,
                                           CslLab        *lab,
                                           GError       **error);
gboolean    csl_lab_update_in_transaction (CslWorkspace  *ws,
                                           const CslLab  *old,
                                           CslLab        *lab,
                                           GError       **error);
CslLab     *csl_lab_get        (CslWorkspace  *ws,
                                gint64         id,
                                GError       **error);
GPtrArray  *csl_lab_list       (CslWorkspace  *ws,
                                GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslLab, csl_lab_free)

G_END_DECLS
