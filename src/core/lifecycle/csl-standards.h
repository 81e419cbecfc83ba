#pragma once

#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

/* When a basis standard is replaced (a new edition, or another standard in its place), the
 * filings that cite the old number are due for re-filing from the day the replacement takes
 * effect: shown in Deadlines (CSL_DEADLINE_STANDARD_REPLACED, with the old and new number), and
 * their re-filings (csl_refiling_refile()) cite the new number in place of the old. */

/* Records that old_number is replaced by new_number from effective_from (ISO date), audited, in
 * one transaction; recording it again for the same old number changes the replacement. affected
 * (nullable) receives the ids (gint64) of the current filings (filed or re-filing due, not yet
 * re-filed) that cite old_number. CSL_ERROR_INVALID for an empty, over-long or equal number,
 * or a bad date. */
gboolean  csl_standard_replace              (CslWorkspace  *ws,
                                             const char    *old_number,
                                             const char    *new_number,
                                             const char    *effective_from,
                                             GArray       **affected,
                                             GError       **error);
/* The standards a re-filing cites: each replaced number becomes its replacement (following a
 * chain of them), in the same order, without duplicates. Inside or outside a transaction. */
GStrv     csl_standard_apply_replacements   (CslWorkspace  *ws,
                                             const char *const *numbers,
                                             GError       **error);

G_END_DECLS
