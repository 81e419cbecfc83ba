#include "config.h"

#include "csl-filing-item.h"

/* A list-model item over one overview row; the row stays a plain core struct. */
struct _CslFilingItem
{
  GObject           parent_instance;
  CslFilingSummary *summary;
  CslFilingItem    *target;   /* a proxy shows this row's summary instead */
  char             *keys[CSL_FILING_ITEM_N_KEYS];
};

G_DEFINE_FINAL_TYPE (CslFilingItem, csl_filing_item, G_TYPE_OBJECT)

static guint changed_signal;

static void
csl_filing_item_finalize (GObject *object)
{
  CslFilingItem *self = CSL_FILING_ITEM (object);

  g_clear_pointer (&self->summary, csl_filing_summary_free);
  g_clear_object (&self->target);
  for (guint i = 0; i < CSL_FILING_ITEM_N_KEYS; i++)
    g_free (self->keys[i]);
  G_OBJECT_CLASS (csl_filing_item_parent_class)->finalize (object);
}

static void
csl_filing_item_class_init (CslFilingItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = csl_filing_item_finalize;
  changed_signal = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);
}

static void
csl_filing_item_init (CslFilingItem *self)
{
}

CslFilingItem *
csl_filing_item_new (CslFilingSummary *summary)
{
  CslFilingItem *self = g_object_new (CSL_TYPE_FILING_ITEM, NULL);

  self->summary = summary;
  return self;
}

const CslFilingSummary *
csl_filing_item_get_summary (CslFilingItem *self)
{
  g_return_val_if_fail (CSL_IS_FILING_ITEM (self), NULL);
  return self->target ? self->target->summary : self->summary;
}

CslFilingItem *
csl_filing_item_new_proxy (CslFilingItem *target)
{
  CslFilingItem *self = g_object_new (CSL_TYPE_FILING_ITEM, NULL);

  self->target = g_object_ref (target);
  return self;
}

void
csl_filing_item_set_target (CslFilingItem *self,
                            CslFilingItem *target)
{
  g_return_if_fail (CSL_IS_FILING_ITEM (self) && self->target != NULL);

  if (target == self->target)
    return;
  g_set_object (&self->target, target);
  for (guint i = 0; i < CSL_FILING_ITEM_N_KEYS; i++)
    g_clear_pointer (&self->keys[i], g_free);
  g_signal_emit (self, changed_signal, 0);
}

const char *
csl_filing_item_get_key (CslFilingItem        *self,
                         guint                 slot,
                         CslFilingItemKeyFunc  make)
{
  g_return_val_if_fail (CSL_IS_FILING_ITEM (self), NULL);
  g_return_val_if_fail (slot < CSL_FILING_ITEM_N_KEYS, NULL);

  if (self->keys[slot] == NULL)
    self->keys[slot] = make (csl_filing_item_get_summary (self), slot);
  return self->keys[slot];
}
