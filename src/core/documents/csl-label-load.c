#include "config.h"

#include <glib/gi18n-lib.h>

#include "documents/csl-label-load.h"
#include "label/csl-qr.h"
#include "records/csl-filing.h"
#include "records/csl-lab.h"
#include "records/csl-manufacturer.h"
#include "records/csl-product.h"

static gboolean
blank (const char *s)
{
  return s == NULL || *s == '\0';
}

/* The period a draft will get, when the category's rules have published it; otherwise say so
 * rather than guess. */
static char *
draft_validity (const CslCategory *category)
{
  if (category != NULL && category->validity_months > 0)
    return g_strdup_printf ("备案起 %d 个月 / %d months from filing", category->validity_months,
                            category->validity_months);
  return g_strdup ("待定 / to be set");
}

static char *
join_standards (GStrv standards)
{
  if (standards == NULL || standards[0] == NULL)
    return NULL;
  return g_strjoinv ("; ", standards);
}

CslLabelContent *
csl_label_content_load (CslWorkspace  *ws,
                        gint64         filing_id,
                        const char    *qr_url_template,
                        CslCategory  **category_out,
                        GError       **error)
{
  g_autoptr(CslLabelContent) c = csl_label_content_new ();
  g_autoptr(CslFiling) f = NULL;
  g_autoptr(CslProduct) p = NULL;
  g_autoptr(CslManufacturer) m = NULL;
  g_autoptr(CslLab) lab = NULL;
  g_autoptr(CslCategory) category = NULL;

  if ((f = csl_filing_get (ws, filing_id, error)) == NULL ||
      (p = csl_product_get (ws, f->product_id, error)) == NULL ||
      (m = csl_manufacturer_get (ws, p->manufacturer_id, error)) == NULL ||
      (lab = csl_lab_get (ws, f->lab_id, error)) == NULL ||
      (category = csl_catalogue_get (ws, p->category_id, error)) == NULL)
    return NULL;

  c->manufacturer = g_strdup (csl_manufacturer_display_name (m));
  c->model = g_strdup (p->model);
  c->grade = (CslGrade) f->grade;
  c->lab = g_strdup (lab->name);
  c->standards = join_standards (f->standards);

  if (!blank (f->filing_number))
    {
      const char *url_template = category->qr_url_template;

      if (blank (url_template))
        url_template = qr_url_template;
      if (blank (url_template))
        url_template = CSL_QR_DEFAULT_URL_TEMPLATE;
      c->filing_number = g_strdup (f->filing_number);
      c->qr_text = csl_qr_filing_address (url_template, f->filing_number, error);
      if (c->qr_text == NULL)
        return NULL;
      if (!blank (f->valid_from) && !blank (f->valid_until))
        c->validity = g_strdup_printf ("%s – %s", f->valid_from, f->valid_until);
    }
  else
    {
      c->validity = draft_validity (category);
      c->qr_text = csl_qr_draft_reference (m->uscc, p->model, f->id);
    }

  if (category_out != NULL)
    *category_out = g_steal_pointer (&category);
  return g_steal_pointer (&c);
}

CslLabel *
csl_label_load (CslWorkspace  *ws,
                gint64         filing_id,
                const char    *qr_url_template,
                GError       **error)
{
  g_autoptr(CslCategory) category = NULL;
  g_autoptr(CslLabelContent) content = NULL;
  CslLabelTemplate *template;

  content = csl_label_content_load (ws, filing_id, qr_url_template, &category, error);
  if (content == NULL)
    return NULL;
  template = csl_label_template_for_category (category, error);
  if (template == NULL)
    return NULL;
  return csl_label_new (template, g_steal_pointer (&content));
}
