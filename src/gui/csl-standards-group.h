#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The basis standards of a filing as a list: a row per standard with a remove button, the
 * catalogue's suggestions not yet in the list with an Add button each, and an entry row for any
 * other number. Emits "changed" whenever the list, or the number being typed, changes. */
#define CSL_TYPE_STANDARDS_GROUP (csl_standards_group_get_type ())

G_DECLARE_FINAL_TYPE (CslStandardsGroup, csl_standards_group, CSL, STANDARDS_GROUP, AdwPreferencesGroup)

void   csl_standards_group_set_standards   (CslStandardsGroup  *self,
                                            const char *const  *standards);
/* The listed standards, then what is typed in the entry row (split at ";"), without duplicates:
 * a number typed but not yet added is not lost. */
GStrv  csl_standards_group_dup_standards   (CslStandardsGroup  *self);
/* What the catalogue publishes for the category; those not listed are offered. */
void   csl_standards_group_set_suggestions (CslStandardsGroup  *self,
                                            const char *const  *suggestions);
/* Adds a standard at the end of the list, unless it is there already. */
void   csl_standards_group_add             (CslStandardsGroup  *self,
                                            const char         *number);

G_END_DECLS
