#include "config.h"

#include <glib/gi18n.h>

#include "csl-wizard-conflict.h"

struct _CslWizardConflict
{
  CslFiling  *base_filing;
  CslProduct *base_product;
  CslFiling  *draft_filing;   /* what the user had when the save was refused */
  CslProduct *draft_product;
  GStrv       mine_filing;    /* fields of the draft that differ from the base */
  GStrv       mine_product;
};

static const struct
{
  const char *field;
  const char *label;
} labels[] = {
  { "product_id", N_("Product") },
  { "grade", N_("Grade") },
  { "lab_id", N_("Testing lab") },
  { "pentest_lab_id", N_("Penetration test lab") },
  { "filed_by", N_("Filed by") },
  { "report_number", N_("Test report number") },
  { "report_date", N_("Test report date") },
  { "status", N_("Status") },
  { "filing_number", N_("Filing number") },
  { "submitted_on", N_("Submitted on") },
  { "filed_on", N_("Filed on") },
  { "valid_from", N_("Valid from") },
  { "valid_until", N_("Valid until") },
  { "standards", N_("Basis standards") },
  { "manufacturer_id", N_("Manufacturer") },
  { "category_id", N_("Catalogue Category") },
  { "name", N_("Product name") },
  { "model", N_("Model") },
  { "hardware_version", N_("Hardware version") },
  { "firmware_version", N_("Firmware version") },
  { "support_until", N_("Security support until") },
  { "default_password_policy", N_("Default password policy") },
  { "vulnerability_contact", N_("Vulnerability contact") },
  { "update_policy", N_("Update policy") },
  { "params", N_("Key technical parameters") },
};

const char *
csl_wizard_conflict_field_label (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].field, field) == 0)
      return _(labels[i].label);
  return field;
}

CslWizardConflict *
csl_wizard_conflict_new (const CslWizardState *base)
{
  CslWizardConflict *self = g_new0 (CslWizardConflict, 1);

  csl_wizard_conflict_set_base (self, base);
  return self;
}

void
csl_wizard_conflict_discard_draft (CslWizardConflict *self)
{
  g_clear_pointer (&self->draft_filing, csl_filing_free);
  g_clear_pointer (&self->draft_product, csl_product_free);
  g_clear_pointer (&self->mine_filing, g_strfreev);
  g_clear_pointer (&self->mine_product, g_strfreev);
}

void
csl_wizard_conflict_free (CslWizardConflict *self)
{
  if (self == NULL)
    return;
  csl_wizard_conflict_discard_draft (self);
  g_clear_pointer (&self->base_filing, csl_filing_free);
  g_clear_pointer (&self->base_product, csl_product_free);
  g_free (self);
}

void
csl_wizard_conflict_set_base (CslWizardConflict    *self,
                              const CslWizardState *state)
{
  g_clear_pointer (&self->base_filing, csl_filing_free);
  g_clear_pointer (&self->base_product, csl_product_free);
  self->base_filing = csl_filing_copy (state->filing);
  self->base_product = csl_product_copy (state->product);
}

void
csl_wizard_conflict_keep_draft (CslWizardConflict    *self,
                                const CslWizardState *state)
{
  csl_wizard_conflict_discard_draft (self);
  self->draft_filing = csl_filing_copy (state->filing);
  self->draft_product = csl_product_copy (state->product);
  self->mine_filing = csl_filing_changed_fields (self->base_filing, self->draft_filing);
  self->mine_product = csl_product_changed_fields (self->base_product, self->draft_product);
}

gboolean
csl_wizard_conflict_has_draft (CslWizardConflict *self)
{
  return self->draft_filing != NULL;
}

/* The step the wizard stands on is its own bookkeeping, not a colleague's change. */
static void
add_labels (GPtrArray          *out,
            const char * const *fields)
{
  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    if (g_strcmp0 (fields[i], "wizard_step") != 0)
      g_ptr_array_add (out, g_strdup (csl_wizard_conflict_field_label (fields[i])));
}

char *
csl_wizard_conflict_reload (CslWizardConflict  *self,
                            CslWizardState     *state,
                            GError            **error)
{
  g_autoptr(CslFiling) filing = csl_filing_get (state->workspace, state->filing->id, error);
  g_autoptr(CslProduct) product = NULL;
  g_auto(GStrv) theirs_filing = NULL;
  g_auto(GStrv) theirs_product = NULL;
  g_autoptr(GPtrArray) theirs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;

  if (filing == NULL || (product = csl_product_get (state->workspace, filing->product_id, error)) == NULL)
    return NULL;
  theirs_filing = csl_filing_changed_fields (self->base_filing, filing);
  theirs_product = csl_product_changed_fields (self->base_product, product);
  add_labels (theirs, (const char * const *) theirs_product);
  add_labels (theirs, (const char * const *) theirs_filing);
  g_ptr_array_add (theirs, NULL);

  /* The wizard stays on its step whatever step the stored draft remembers. */
  filing->wizard_step = state->filing->wizard_step;
  csl_filing_free (state->filing);
  state->filing = g_steal_pointer (&filing);
  csl_product_free (state->product);
  state->product = g_steal_pointer (&product);
  csl_wizard_conflict_set_base (self, state);

  if (theirs->len == 1)
    return g_strdup (_("Reloaded: the stored filing has no other changes"));
  list = g_strjoinv (_(", "), (char **) theirs->pdata);
  /* TRANSLATORS: %s is a list of field names, such as “Grade, Test report number”. */
  return g_strdup_printf (_("Reloaded. Changed by someone else: %s"), list);
}

GStrv
csl_wizard_conflict_dup_mine (CslWizardConflict *self)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  add_labels (out, (const char * const *) self->mine_product);
  add_labels (out, (const char * const *) self->mine_filing);
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

void
csl_wizard_conflict_reapply (CslWizardConflict *self,
                             CslWizardState    *state)
{
  if (self->draft_filing == NULL)
    return;
  csl_filing_copy_fields (state->filing, self->draft_filing, (const char * const *) self->mine_filing);
  csl_product_copy_fields (state->product, self->draft_product, (const char * const *) self->mine_product);
  csl_wizard_conflict_discard_draft (self);
}
