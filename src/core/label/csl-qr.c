#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <qrencode.h>
#include <string.h>

#include "base/csl-error.h"
#include "label/csl-qr.h"

struct _CslQr
{
  char   *text;
  QRcode *code;
};

CslQr *
csl_qr_encode (const char  *text,
               GError     **error)
{
  g_autoptr(CslQr) qr = g_new0 (CslQr, 1);

  g_return_val_if_fail (text != NULL, NULL);

  if (*text == '\0')
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("The QR code has nothing to encode"));
      return NULL;
    }
  qr->text = g_strdup (text);
  /* Level M: survives some smudging on a product sticker and stays small. */
  qr->code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (qr->code == NULL)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("Cannot encode “%s” as a QR code: %s"), text, g_strerror (errno));
      return NULL;
    }
  return g_steal_pointer (&qr);
}

void
csl_qr_free (CslQr *qr)
{
  if (qr == NULL)
    return;
  if (qr->code != NULL)
    QRcode_free (qr->code);
  g_free (qr->text);
  g_free (qr);
}

const char *
csl_qr_get_text (const CslQr *qr)
{
  return qr->text;
}

int
csl_qr_get_size (const CslQr *qr)
{
  return qr->code->width;
}

gboolean
csl_qr_get_module (const CslQr *qr,
                   int          x,
                   int          y)
{
  int w = qr->code->width;

  if (x < 0 || y < 0 || x >= w || y >= w)
    return FALSE;
  return (qr->code->data[y * w + x] & 1) != 0;
}

void
csl_qr_append_path (const CslQr *qr,
                    cairo_t     *cr,
                    double       x,
                    double       y,
                    double       module_size)
{
  int w = qr->code->width;

  /* Runs of dark modules as one rectangle each: no hairline seams between neighbours. */
  for (int row = 0; row < w; row++)
    for (int col = 0; col < w; col++)
      {
        int start = col;

        if (!csl_qr_get_module (qr, col, row))
          continue;
        while (col + 1 < w && csl_qr_get_module (qr, col + 1, row))
          col++;
        cairo_rectangle (cr, x + start * module_size, y + row * module_size,
                         (col - start + 1) * module_size, module_size);
      }
}

gboolean
csl_qr_template_validate (const char  *url_template,
                          const char  *what,
                          GError     **error)
{
  if (url_template == NULL || *url_template == '\0')
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%s is empty"), what);
      return FALSE;
    }
  for (const char *p = url_template; *p; p++)
    if (!g_ascii_isgraph (*p))
      {
        g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                     _("%s “%s” must be an address of printable ASCII characters without spaces"),
                     what, url_template);
        return FALSE;
      }
  if (strstr (url_template, CSL_QR_PLACEHOLDER) == NULL)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("%s “%s” does not contain %s, where the filing number goes"),
                   what, url_template, CSL_QR_PLACEHOLDER);
      return FALSE;
    }
  if (g_uri_peek_scheme (url_template) == NULL)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("%s “%s” is not an absolute address (such as https://…)"), what, url_template);
      return FALSE;
    }
  return TRUE;
}

char *
csl_qr_filing_address (const char  *url_template,
                       const char  *filing_number,
                       GError     **error)
{
  g_autofree char *escaped = NULL;
  g_auto(GStrv) parts = NULL;

  if (!csl_qr_template_validate (url_template, _("The QR address template"), error))
    return NULL;
  if (filing_number == NULL || *filing_number == '\0')
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INCOMPLETE, _("The filing has no filing number yet"));
      return NULL;
    }
  escaped = g_uri_escape_string (filing_number, NULL, FALSE);
  parts = g_strsplit (url_template, CSL_QR_PLACEHOLDER, -1);
  return g_strjoinv (escaped, parts);
}

char *
csl_qr_draft_reference (const char *uscc,
                        const char *model,
                        gint64      filing_id)
{
  /* Percent-encoded so the symbol stays ASCII: scanners disagree on how to read other bytes. */
  g_autofree char *u = g_uri_escape_string (uscc ? uscc : "", NULL, FALSE);
  g_autofree char *m = g_uri_escape_string (model ? model : "", NULL, FALSE);

  return g_strdup_printf ("CSL-DRAFT:%s/%s/%" G_GINT64_FORMAT, u, m, filing_id);
}
