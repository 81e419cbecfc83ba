#pragma once

#include <adwaita.h>

#include "records/csl-filing.h"
#include "records/csl-product.h"

G_BEGIN_DECLS

/* What the wizard's pages share: the workspace and the draft being prepared. Pages edit the
 * draft in their apply(); the wizard saves it after each step. */
typedef struct
{
  CslWorkspace *workspace;
  CslProduct   *product;
  CslFiling    *filing;
  char         *today;
} CslWizardState;

#define CSL_TYPE_WIZARD_PAGE (csl_wizard_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (CslWizardPage, csl_wizard_page, CSL, WIZARD_PAGE, GtkWidget)

struct _CslWizardPageClass
{
  GtkWidgetClass parent_class;

  /* Fill the widgets from the state when the page is shown. */
  void     (*load)  (CslWizardPage  *page,
                     CslWizardState *state);
  /* Copy the widgets into the state; the wizard saves the draft afterwards. */
  gboolean (*apply) (CslWizardPage  *page,
                     CslWizardState *state,
                     GError        **error);
};

const char *csl_wizard_page_get_title    (CslWizardPage  *self);
void        csl_wizard_page_set_title    (CslWizardPage  *self,
                                          const char     *title);
gboolean    csl_wizard_page_get_complete (CslWizardPage  *self);
void        csl_wizard_page_set_complete (CslWizardPage  *self,
                                          gboolean        complete);
/* Why Next is disabled, shown under the page; NULL when complete. */
const char *csl_wizard_page_get_blocker  (CslWizardPage  *self);
void        csl_wizard_page_set_blocker  (CslWizardPage  *self,
                                          const char     *blocker);
void        csl_wizard_page_load         (CslWizardPage  *self,
                                          CslWizardState *state);
gboolean    csl_wizard_page_apply        (CslWizardPage  *self,
                                          CslWizardState *state,
                                          GError        **error);
CslWizardState *csl_wizard_page_get_state (CslWizardPage *self);
/* Shows a toast (taking it) in the window's overlay; FALSE, the toast dropped, when there is none. */
gboolean    csl_wizard_page_show_toast   (CslWizardPage  *self,
                                          AdwToast       *toast);
/* Dismisses the page's toasts still shown: the wizard calls it when the step changes. */
void        csl_wizard_page_dismiss_toasts (CslWizardPage *self);
guint       csl_wizard_page_get_n_toasts (CslWizardPage  *self);

G_END_DECLS
