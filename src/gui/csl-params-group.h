#pragma once

#include <adwaita.h>

#include "records/csl-product.h"

G_BEGIN_DECLS

/* The key technical parameters (Art. 10) as a list: a row per parameter, its name and value
 * typed apart, a remove button on each and an "Add Parameter" row at the end. Stores them as
 * CslParam, as the NAME=VALUE text box did. Emits "changed" when a row is added, edited or removed. */
#define CSL_TYPE_PARAMS_GROUP (csl_params_group_get_type ())

G_DECLARE_FINAL_TYPE (CslParamsGroup, csl_params_group, CSL, PARAMS_GROUP, AdwPreferencesGroup)

/* params: of CslParam, copied. */
void       csl_params_group_set_params (CslParamsGroup *self,
                                        GPtrArray      *params);
/* Replaces p's parameters with the rows' (blank rows skipped); on a row without a name, with
 * "=" in its name or a name twice, p is left as it was and error says which. */
gboolean   csl_params_group_apply      (CslParamsGroup *self,
                                        CslProduct     *p,
                                        GError        **error);
/* Why a row cannot be saved (the first such row), or NULL; "changed" tells when it may differ. */
const char *csl_params_group_get_problem (CslParamsGroup *self);
/* What the "Add Parameter" row does: a new empty row, whose name entry takes the focus. */
GtkWidget *csl_params_group_add_row    (CslParamsGroup *self);

G_END_DECLS
