#include "config.h"

#include <string.h>

#include "csl-deadline-entry.h"

struct _CslDeadlineEntry
{
  GObject               parent_instance;

  CslDeadlineEntryKind  kind;
  char                 *text;        /* a heading, or the chart's first month */
  GPtrArray            *deadlines;
  const CslDeadline    *deadline;
  guint                 overdue;
  guint                 months[CSL_DEADLINE_CHART_MONTHS];
  guint                 soon[CSL_DEADLINE_CHART_MONTHS];
};

G_DEFINE_FINAL_TYPE (CslDeadlineEntry, csl_deadline_entry, G_TYPE_OBJECT)

static void
csl_deadline_entry_finalize (GObject *object)
{
  CslDeadlineEntry *self = CSL_DEADLINE_ENTRY (object);

  g_free (self->text);
  g_clear_pointer (&self->deadlines, g_ptr_array_unref);
  G_OBJECT_CLASS (csl_deadline_entry_parent_class)->finalize (object);
}

static void
csl_deadline_entry_class_init (CslDeadlineEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = csl_deadline_entry_finalize;
}

static void
csl_deadline_entry_init (CslDeadlineEntry *self)
{
}

CslDeadlineEntry *
csl_deadline_entry_new_text (CslDeadlineEntryKind  kind,
                             const char           *text)
{
  CslDeadlineEntry *self;

  g_return_val_if_fail (kind == CSL_DEADLINE_ENTRY_SECTION || kind == CSL_DEADLINE_ENTRY_GROUP, NULL);
  self = g_object_new (CSL_TYPE_DEADLINE_ENTRY, NULL);
  self->kind = kind;
  self->text = g_strdup (text);
  return self;
}

CslDeadlineEntry *
csl_deadline_entry_new_deadline (GPtrArray         *deadlines,
                                 const CslDeadline *deadline)
{
  CslDeadlineEntry *self = g_object_new (CSL_TYPE_DEADLINE_ENTRY, NULL);

  self->kind = CSL_DEADLINE_ENTRY_DEADLINE;
  self->deadlines = g_ptr_array_ref (deadlines);
  self->deadline = deadline;
  return self;
}

CslDeadlineEntry *
csl_deadline_entry_new_chart (guint        overdue,
                              const guint *months,
                              const char  *first_month)
{
  CslDeadlineEntry *self = g_object_new (CSL_TYPE_DEADLINE_ENTRY, NULL);

  self->kind = CSL_DEADLINE_ENTRY_CHART;
  self->text = g_strdup (first_month);
  self->overdue = overdue;
  memcpy (self->months, months, sizeof self->months);
  return self;
}

CslDeadlineEntryKind
csl_deadline_entry_get_kind (CslDeadlineEntry *self)
{
  g_return_val_if_fail (CSL_IS_DEADLINE_ENTRY (self), CSL_DEADLINE_ENTRY_SECTION);
  return self->kind;
}

const char *
csl_deadline_entry_get_text (CslDeadlineEntry *self)
{
  g_return_val_if_fail (CSL_IS_DEADLINE_ENTRY (self), NULL);
  return self->text;
}

const CslDeadline *
csl_deadline_entry_get_deadline (CslDeadlineEntry *self)
{
  g_return_val_if_fail (CSL_IS_DEADLINE_ENTRY (self), NULL);
  return self->deadline;
}

guint
csl_deadline_entry_get_overdue (CslDeadlineEntry *self)
{
  g_return_val_if_fail (CSL_IS_DEADLINE_ENTRY (self), 0);
  return self->overdue;
}

void
csl_deadline_entry_set_soon (CslDeadlineEntry *self,
                             const guint      *soon)
{
  g_return_if_fail (CSL_IS_DEADLINE_ENTRY (self));
  memcpy (self->soon, soon, sizeof self->soon);
}

const guint *
csl_deadline_entry_get_soon (CslDeadlineEntry *self)
{
  g_return_val_if_fail (CSL_IS_DEADLINE_ENTRY (self), NULL);
  return self->soon;
}

const guint *
csl_deadline_entry_get_months (CslDeadlineEntry *self)
{
  g_return_val_if_fail (CSL_IS_DEADLINE_ENTRY (self), NULL);
  return self->months;
}
