#include "config.h"

#include "csl-bundle-plan.h"

/* Where the programs connect the generated documents of a bundle to the modules that draw
 * them. Nothing is connected yet: the filing form, declaration and authorisation letter
 * come with the documents module, the label with the label module. Until then a bundle
 * cannot be made, and `bundle create` names the documents it lacks. */
const CslBundleProviders *
csl_bundle_default_providers (void)
{
  static const CslBundleProviders providers = {
    .writers = {
      [CSL_DOC_FILING_FORM] = NULL,
      [CSL_DOC_LABEL_PDF] = NULL,
      [CSL_DOC_LABEL_SVG] = NULL,
      [CSL_DOC_LABEL_PNG] = NULL,
      [CSL_DOC_DECLARATION] = NULL,
      [CSL_DOC_AUTHORIZATION_LETTER] = NULL,
    },
    .user_data = NULL,
  };

  return &providers;
}
