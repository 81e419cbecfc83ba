#pragma once

#include "csl-wizard-page.h"

G_BEGIN_DECLS

/* What the wizard keeps when a save meets a colleague's newer save (CSL_ERROR_CONFLICT): the
 * state as it last read or saved it (the base), the user's unsaved draft, and, once reloaded,
 * which fields each side changed since the base. */
typedef struct _CslWizardConflict CslWizardConflict;

CslWizardConflict *csl_wizard_conflict_new           (const CslWizardState *base);
void               csl_wizard_conflict_free          (CslWizardConflict    *self);
/* After a successful save or a reload: what the next conflict compares with. */
void               csl_wizard_conflict_set_base      (CslWizardConflict    *self,
                                                      const CslWizardState *state);
/* The save was refused: keep the user's draft (the state after the page applied). */
void               csl_wizard_conflict_keep_draft    (CslWizardConflict    *self,
                                                      const CslWizardState *state);
gboolean           csl_wizard_conflict_has_draft     (CslWizardConflict    *self);
/* Replaces the state's filing and product with the stored ones; returns the banner text that
 * says which fields were changed by someone else (newly allocated). */
char              *csl_wizard_conflict_reload        (CslWizardConflict    *self,
                                                      CslWizardState       *state,
                                                      GError              **error);
/* The fields the user had typed differently from the base, as labels ("Test report number");
 * empty when there is nothing to re-apply. */
GStrv              csl_wizard_conflict_dup_mine      (CslWizardConflict    *self);
/* Puts the kept draft's own changes back over the reloaded state and forgets the draft. */
void               csl_wizard_conflict_reapply       (CslWizardConflict    *self,
                                                      CslWizardState       *state);
void               csl_wizard_conflict_discard_draft (CslWizardConflict    *self);

/* The label a person reads for a field name of csl_filing/product_changed_fields(). */
const char        *csl_wizard_conflict_field_label   (const char           *field);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslWizardConflict, csl_wizard_conflict_free)

G_END_DECLS
