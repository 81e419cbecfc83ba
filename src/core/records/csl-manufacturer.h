#pragma once

#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

typedef struct
{
  gint64    id;
  char     *name_zh;
  char     *name_en;
  char     *uscc;
  int       uscc_check_accepted;
  char     *address;
  char     *contact;
  char     *phone;
  char     *email;
  char     *barred_until;    /* Art. 15: no new filings accepted until this date */
  char     *barred_reason;
  gint64   version;          /* the row version read with it: a save checks it (CSL_ERROR_CONFLICT) */
} CslManufacturer;

CslManufacturer *csl_manufacturer_new          (void);
void             csl_manufacturer_free         (CslManufacturer  *m);
CslManufacturer *csl_manufacturer_copy         (const CslManufacturer *m);
const char      *csl_manufacturer_display_name (const CslManufacturer *m);
gboolean         csl_manufacturer_validate     (CslManufacturer  *m,
                                                GError          **error);
gint64           csl_manufacturer_add          (CslWorkspace     *ws,
                                                CslManufacturer  *m,
                                                GError          **error);
gboolean         csl_manufacturer_update       (CslWorkspace     *ws,
                                                CslManufacturer  *m,
                                                GError          **error);
gint64           csl_manufacturer_insert_in_transaction (CslWorkspace          *ws,
                                                        CslManufacturer       *m,
                                                        GError               **error);
gboolean         csl_manufacturer_update_in_transaction (CslWorkspace          *ws,
                                                        const CslManufacturer *old,
                                                        CslManufacturer       *m,
                                                        GError               **error);
CslManufacturer *csl_manufacturer_get          (CslWorkspace     *ws,
                                                gint64            id,
                                                GError          **error);
GPtrArray       *csl_manufacturer_list         (CslWorkspace     *ws,
                                                GError          **error);
gboolean         csl_manufacturer_is_barred    (const CslManufacturer *m,
                                                const char       *on_date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslManufacturer, csl_manufacturer_free)

G_END_DECLS
