#pragma once

#include <adwaita.h>

#include "csl-banner.h"
#include "csl-wizard-page.h"

G_BEGIN_DECLS

#define CSL_TYPE_WIZARD (csl_wizard_get_type ())

G_DECLARE_FINAL_TYPE (CslWizard, csl_wizard, CSL, WIZARD, AdwWindow)

/* filing_id 0 starts a new filing; a draft's id continues it at the step where it stopped. */
CslWizard     *csl_wizard_new               (GtkWindow    *parent,
                                             CslWorkspace *workspace,
                                             gint64        filing_id,
                                             GError      **error);
guint          csl_wizard_get_n_pages       (CslWizard    *self);
guint          csl_wizard_get_position      (CslWizard    *self);
CslWizardPage *csl_wizard_get_page          (CslWizard    *self,
                                             guint         position);
gboolean       csl_wizard_next              (CslWizard    *self);
void           csl_wizard_back              (CslWizard    *self);
gint64         csl_wizard_get_filing_id     (CslWizard    *self);
const char    *csl_wizard_get_error_message (CslWizard    *self);
/* Shown when a save meets a colleague's newer one: Reload, then Re-apply Mine. */
CslBanner     *csl_wizard_get_conflict_banner (CslWizard  *self);

G_END_DECLS
