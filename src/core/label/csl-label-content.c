#include "config.h"

#include <glib/gi18n-lib.h>

#include "base/csl-error.h"
#include "records/csl-filing.h"
#include "records/csl-lab.h"
#include "label/csl-label.h"
#include "records/csl-manufacturer.h"
#include "records/csl-product.h"
#include "label/csl-qr.h"

CslLabelContent *
csl_label_content_new (void)
{
  return g_new0 (CslLabelContent, 1);
}

void
csl_label_content_free (CslLabelContent *c)
{
  if (c == NULL)
    return;
  g_free (c->manufacturer);
  g_free (c->model);
  g_free (c->validity);
  g_free (c->lab);
  g_free (c->standards);
  g_free (c->filing_number);
  g_free (c->qr_text);
  g_free (c);
}

gboolean
csl_label_content_is_draft (const CslLabelContent *c)
{
  return c->filing_number == NULL || *c->filing_number == '\0';
}

/* The label is bilingual whatever the interface language, so these are not translated. */
char *
csl_label_grade_text (CslGrade grade)
{
  static const char *const en[] = { NULL, "Basic", "Enhanced", "Leading" };

  if (!csl_grade_valid (grade))
    return NULL;
  return g_strdup_printf ("%s %s", csl_grade_name_zh (grade), en[grade]);
}

static gboolean
blank (const char *s)
{
  return s == NULL || *s == '\0';
}

static gboolean
missing (GError     **error,
         const char  *what,
         const char  *article,
         const char  *hint)
{
  g_set_error (error, CSL_ERROR, CSL_ERROR_INCOMPLETE, _("The label lacks %s (%s): %s"), what, article, hint);
  return FALSE;
}

gboolean
csl_label_content_validate (const CslLabelContent  *c,
                            GError                **error)
{
  if (blank (c->manufacturer))
    return missing (error, _("the manufacturer name"), "Art. 6(1)", _("give the manufacturer a name"));
  if (blank (c->model))
    return missing (error, _("the product model"), "Art. 6(2)", _("give the product a model"));
  if (!csl_grade_valid (c->grade))
    return missing (error, _("the grade"), "Art. 6(3)", _("choose grade 1, 2 or 3"));
  if (blank (c->validity))
    return missing (error, _("the validity period"), "Art. 6(4)",
                    _("a filed label needs the filing’s valid-from and valid-until dates"));
  if (blank (c->lab))
    return missing (error, _("the testing lab name"), "Art. 6(5)", _("give the lab a name"));
  if (blank (c->standards))
    return missing (error, _("the basis standard numbers"), "Art. 6(6)",
                    _("add the standard numbers to the filing"));
  if (blank (c->qr_text))
    return missing (error, _("the filing information code"), "Art. 6(7)", _("nothing to encode"));
  return TRUE;
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

/* ---- CslLabel ---------------------------------------------------------------------------- */

struct _CslLabel
{
  CslLabelTemplate *template;
  CslLabelContent  *content;
};

static void
label_clear (gpointer data)
{
  CslLabel *label = data;

  csl_label_template_free (label->template);
  csl_label_content_free (label->content);
}

CslLabel *
csl_label_new (CslLabelTemplate *template,
               CslLabelContent  *content)
{
  CslLabel *label = g_atomic_rc_box_new0 (CslLabel);

  g_return_val_if_fail (template != NULL && content != NULL, NULL);
  label->template = template;
  label->content = content;
  return label;
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

CslLabel *
csl_label_ref (CslLabel *label)
{
  return g_atomic_rc_box_acquire (label);
}

void
csl_label_unref (CslLabel *label)
{
  if (label != NULL)
    g_atomic_rc_box_release_full (label, label_clear);
}

const CslLabelTemplate *
csl_label_get_template (CslLabel *label)
{
  return label->template;
}

const CslLabelContent *
csl_label_get_content (CslLabel *label)
{
  return label->content;
}
