#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

/* The filing documents the app writes itself, as A4 PDFs in Simplified Chinese with English
 * alongside. Rendering the same filing on the same day gives the same bytes. */
typedef enum
{
  CSL_DOCUMENT_FILING_FORM,            /* Art. 8(1) */
  CSL_DOCUMENT_DECLARATION,            /* Art. 8(4), a draft to sign */
  CSL_DOCUMENT_AUTHORIZATION_LETTER,   /* Art. 8(7), only when an agent files */
  CSL_N_DOCUMENTS
} CslDocumentKind;

const char *csl_document_kind_to_string   (CslDocumentKind   kind);
gboolean    csl_document_kind_from_string (const char       *text,
                                           CslDocumentKind  *out,
                                           GError          **error);
/* A file name for the document inside a bundle: "filing-form.pdf" … */
const char *csl_document_file_name        (CslDocumentKind   kind);
/* Whether the filing needs this document (the letter only when an agent files). */
gboolean    csl_document_applies          (CslWorkspace     *ws,
                                           gint64            filing_id,
                                           CslDocumentKind   kind,
                                           GError          **error);

/* Writes the PDF through write_func (cairo's callback, e.g. into a ZIP entry). On failure
 * nothing tells write_func to stop, so a caller writing a file must discard it. Codes:
 * CSL_ERROR_NOT_FOUND (no such filing), CSL_ERROR_STATE (an authorisation letter for a filing
 * the manufacturer files itself), CSL_ERROR_IO. */
gboolean    csl_document_render           (CslWorkspace       *ws,
                                           gint64              filing_id,
                                           CslDocumentKind     kind,
                                           cairo_write_func_t  write_func,
                                           void               *closure,
                                           GError            **error);
/* Writes the PDF into out (not closed); an error from out is the error returned. */
gboolean    csl_document_render_to_stream (CslWorkspace       *ws,
                                           gint64              filing_id,
                                           CslDocumentKind     kind,
                                           GOutputStream      *out,
                                           GCancellable       *cancellable,
                                           GError            **error);
/* Writes the PDF to path atomically: complete or not at all. */
gboolean    csl_document_render_to_file   (CslWorkspace       *ws,
                                           gint64              filing_id,
                                           CslDocumentKind     kind,
                                           const char         *path,
                                           GError            **error);

G_END_DECLS
