#include "config.h"

#include <glib/gi18n-lib.h>

#include "base/csl-error.h"
#include "label/csl-label.h"
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

/* ---- CslLabel ---------------------------------------------------------------------------- */

struct _CslLabel
{
  CslLabelTemplate *template;
  CslLabelContent  *content;
  int               monochrome;   /* atomic: labels are shared with export threads */
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

void
csl_label_set_monochrome (CslLabel *label,
                          gboolean  monochrome)
{
  g_atomic_int_set (&label->monochrome, monochrome ? 1 : 0);
}

gboolean
csl_label_get_monochrome (CslLabel *label)
{
  return g_atomic_int_get (&label->monochrome) != 0;
}

CslLabelDrawFlags
csl_label_get_draw_flags (CslLabel *label)
{
  return csl_label_get_monochrome (label) ? CSL_LABEL_DRAW_MONOCHROME : CSL_LABEL_DRAW_CHECKED;
}
