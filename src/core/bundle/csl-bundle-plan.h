#pragma once

#include <gio/gio.h>

#include "records/csl-catalogue.h"
#include "records/csl-filing.h"
#include "records/csl-lab.h"
#include "records/csl-manufacturer.h"
#include "records/csl-owner.h"
#include "records/csl-product.h"

G_BEGIN_DECLS

/* What goes into a filing's bundle, where each entry comes from, and under which name:
 *
 *   filing.json                          the filing form data (csl-filing-data.c)
 *   01-filing-form.pdf                   Art. 8(1), generated
 *   02-test-report.pdf                   Art. 8(2), attached
 *   02-penetration-test-report.pdf       Art. 7(2), attached (Three-Star)
 *   03-label.pdf, .svg, .png             Art. 8(3), generated
 *   04-declaration-of-conformity.pdf     Art. 8(4), attached, else generated
 *   05-business-license.pdf              Art. 8(5), attached
 *   06-lab-accreditation.pdf             Art. 8(6), attached (third-party lab)
 *   06-lab-capability.pdf                Art. 8(6), attached (in-house lab)
 *   07-authorization-letter.pdf          Art. 8(7), attached, else generated (agent filings)
 *   08-other-N.ext                       any other attached document
 *
 * A second attachment of the same kind gets "-2", "-3" …; an attachment keeps the extension
 * of its file name. Generated documents come from providers the caller connects. */

typedef enum
{
  CSL_DOC_FILING_FORM,
  CSL_DOC_LABEL_PDF,
  CSL_DOC_LABEL_SVG,
  CSL_DOC_LABEL_PNG,
  CSL_DOC_DECLARATION,
  CSL_DOC_AUTHORIZATION_LETTER,
  CSL_N_DOCS
} CslDocKind;

typedef enum
{
  CSL_SOURCE_FILING_DATA,
  CSL_SOURCE_ATTACHMENT,
  CSL_SOURCE_GENERATED,
} CslBundleSource;

typedef struct
{
  char            *path;           /* the entry's name in the bundle */
  char            *kind;           /* the manifest's "kind" */
  const char      *article;
  CslBundleSource  source;
  /* CSL_SOURCE_ATTACHMENT: the row of the attachment table and the blob in the store. */
  gint64           attachment_id;
  char            *file_name;
  guint64          size;
  char            *sha256;
  /* CSL_SOURCE_GENERATED */
  CslDocKind       doc;
  gboolean         available;      /* a provider is connected for it */
} CslBundleEntry;

typedef struct _CslBundlePlan CslBundlePlan;

/* The seam to the modules that draw documents: each writer puts one complete document
 * (PDF, SVG or PNG bytes) for the plan's filing into out — without closing it; the bytes go
 * to an unlinked temporary file, then into the ZIP — and returns FALSE with error set if it
 * cannot. It may write any amount; a cancelled cancellable should stop it. A NULL writer
 * means nothing is connected for that document, and a bundle that needs it cannot be made. */
typedef gboolean (*CslDocWriter) (CslWorkspace         *ws,
                                  const CslBundlePlan  *plan,
                                  GOutputStream        *out,
                                  gpointer              user_data,
                                  GCancellable         *cancellable,
                                  GError              **error);

typedef struct
{
  CslDocWriter writers[CSL_N_DOCS];
  gpointer     user_data;
} CslBundleProviders;

struct _CslBundlePlan
{
  CslFiling        *filing;
  CslProduct       *product;
  CslManufacturer  *manufacturer;
  CslCategory      *category;
  CslLab           *lab;
  CslLab           *pentest_lab;     /* NULL unless the filing names one */
  CslOwner         *owner;
  CslAuthorization *authorization;   /* agent filings: the one valid today, or NULL */
  char             *today;
  GPtrArray        *entries;         /* of CslBundleEntry, in bundle order */
};

/* The providers the programs use: see csl-bundle-providers.c. */
/* The real documents and label; qr_url_template is the app's QR address setting (NULL: the
 * built-in placeholder; a category's own template always wins). It must outlive the use. */
void                      csl_bundle_providers_init    (CslBundleProviders *providers,
                                                        const char         *qr_url_template);
const CslBundleProviders *csl_bundle_default_providers (void);

const char    *csl_doc_kind_path          (CslDocKind           doc);
const char    *csl_doc_kind_label         (CslDocKind           doc);

CslBundlePlan *csl_bundle_plan_new        (CslWorkspace              *ws,
                                           gint64                     filing_id,
                                           const char                *today,
                                           const CslBundleProviders  *providers,
                                           GError                   **error);
/* FALSE, naming every generated document nothing is connected for, unless all are. */
gboolean       csl_bundle_plan_check_available (const CslBundlePlan *plan,
                                                GError             **error);
void           csl_bundle_plan_free       (CslBundlePlan            *plan);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslBundlePlan, csl_bundle_plan_free)

G_END_DECLS
