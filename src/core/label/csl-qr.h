#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* The schema's default for the "qr-url-template" setting: the filing platform's address is not
 * public yet, so this is an obvious placeholder (.invalid never resolves). */
#define CSL_QR_DEFAULT_URL_TEMPLATE "https://csl-filing.invalid/filing/{filing_number}"
#define CSL_QR_PLACEHOLDER "{filing_number}"

typedef struct _CslQr CslQr;

/* A QR code symbol (libqrencode, error correction level M). */
CslQr    *csl_qr_encode             (const char   *text,
                                     GError      **error);
void      csl_qr_free               (CslQr        *qr);
const char *csl_qr_get_text         (const CslQr  *qr);
/* Modules per side, without the quiet zone. */
int       csl_qr_get_size           (const CslQr  *qr);
gboolean  csl_qr_get_module         (const CslQr  *qr,
                                     int           x,
                                     int           y);
/* Fills the dark modules as one path, module_size user units each, top-left at (x, y). */
void      csl_qr_append_path        (const CslQr  *qr,
                                     cairo_t      *cr,
                                     double        x,
                                     double        y,
                                     double        module_size);

/* A template must be an absolute ASCII address with {filing_number} in it; what names the
 * template in messages ("--qr-template", "the qr-url-template setting"). */
gboolean  csl_qr_template_validate  (const char   *url_template,
                                     const char   *what,
                                     GError      **error);
/* The filing information address: every {filing_number} replaced by the number, percent-encoded. */
char     *csl_qr_filing_address     (const char   *url_template,
                                     const char   *filing_number,
                                     GError      **error);
/* What a draft's QR code carries before a filing number exists: stable across workspaces for
 * the same manufacturer (USCC), model and filing id, and never an address. */
char     *csl_qr_draft_reference    (const char   *uscc,
                                     const char   *model,
                                     gint64        filing_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslQr, csl_qr_free)

G_END_DECLS
