#include "config.h"

#include "documents/csl-label-load.h"
#include "bundle/csl-bundle-plan.h"
#include "documents/csl-document.h"
#include "label/csl-label-export.h"
#include "label/csl-label.h"

/* Where the generated documents of a bundle meet the modules that draw them: the documents
 * module writes the filing form (and the declaration and letter templates, used only when no
 * signed copy is attached), the label module the label in its three formats. */

static gboolean
write_document (CslWorkspace        *ws,
                const CslBundlePlan *plan,
                CslDocumentKind      kind,
                GOutputStream       *out,
                GCancellable        *cancellable,
                GError             **error)
{
  return csl_document_render_to_stream (ws, plan->filing->id, kind, out, cancellable, error);
}

static gboolean
write_filing_form (CslWorkspace         *ws,
                   const CslBundlePlan  *plan,
                   GOutputStream        *out,
                   gpointer              user_data,
                   GCancellable         *cancellable,
                   GError              **error)
{
  return write_document (ws, plan, CSL_DOCUMENT_FILING_FORM, out, cancellable, error);
}

static gboolean
write_declaration (CslWorkspace         *ws,
                   const CslBundlePlan  *plan,
                   GOutputStream        *out,
                   gpointer              user_data,
                   GCancellable         *cancellable,
                   GError              **error)
{
  return write_document (ws, plan, CSL_DOCUMENT_DECLARATION, out, cancellable, error);
}

static gboolean
write_authorization_letter (CslWorkspace         *ws,
                            const CslBundlePlan  *plan,
                            GOutputStream        *out,
                            gpointer              user_data,
                            GCancellable         *cancellable,
                            GError              **error)
{
  return write_document (ws, plan, CSL_DOCUMENT_AUTHORIZATION_LETTER, out, cancellable, error);
}

/* The label at its design size; user_data is the QR address template (NULL: the default). */
static gboolean
write_label (CslWorkspace         *ws,
             const CslBundlePlan  *plan,
             CslLabelFormat        format,
             GOutputStream        *out,
             const char           *qr_template,
             GCancellable         *cancellable,
             GError              **error)
{
  g_autoptr(CslLabel) label = csl_label_load (ws, plan->filing->id, qr_template, error);

  return label != NULL &&
         csl_label_render_to_stream (label, format, 0, CSL_LABEL_DEFAULT_DPI, out, cancellable, error);
}

static gboolean
write_label_pdf (CslWorkspace         *ws,
                 const CslBundlePlan  *plan,
                 GOutputStream        *out,
                 gpointer              user_data,
                 GCancellable         *cancellable,
                 GError              **error)
{
  return write_label (ws, plan, CSL_LABEL_FORMAT_PDF, out, user_data, cancellable, error);
}

static gboolean
write_label_svg (CslWorkspace         *ws,
                 const CslBundlePlan  *plan,
                 GOutputStream        *out,
                 gpointer              user_data,
                 GCancellable         *cancellable,
                 GError              **error)
{
  return write_label (ws, plan, CSL_LABEL_FORMAT_SVG, out, user_data, cancellable, error);
}

static gboolean
write_label_png (CslWorkspace         *ws,
                 const CslBundlePlan  *plan,
                 GOutputStream        *out,
                 gpointer              user_data,
                 GCancellable         *cancellable,
                 GError              **error)
{
  return write_label (ws, plan, CSL_LABEL_FORMAT_PNG, out, user_data, cancellable, error);
}

void
csl_bundle_providers_init (CslBundleProviders *providers,
                           const char         *qr_url_template)
{
  providers->writers[CSL_DOC_FILING_FORM] = write_filing_form;
  providers->writers[CSL_DOC_LABEL_PDF] = write_label_pdf;
  providers->writers[CSL_DOC_LABEL_SVG] = write_label_svg;
  providers->writers[CSL_DOC_LABEL_PNG] = write_label_png;
  providers->writers[CSL_DOC_DECLARATION] = write_declaration;
  providers->writers[CSL_DOC_AUTHORIZATION_LETTER] = write_authorization_letter;
  providers->user_data = (gpointer) qr_url_template;
}

const CslBundleProviders *
csl_bundle_default_providers (void)
{
  static const CslBundleProviders providers = {
    .writers = {
      [CSL_DOC_FILING_FORM] = write_filing_form,
      [CSL_DOC_LABEL_PDF] = write_label_pdf,
      [CSL_DOC_LABEL_SVG] = write_label_svg,
      [CSL_DOC_LABEL_PNG] = write_label_png,
      [CSL_DOC_DECLARATION] = write_declaration,
      [CSL_DOC_AUTHORIZATION_LETTER] = write_authorization_letter,
    },
    .user_data = NULL,
  };

  return &providers;
}
