#pragma once

#include "records/csl-filing.h"
#include "records/csl-product.h"

G_BEGIN_DECLS

/* Art. 10: a filed product whose key technical parameters or hardware/firmware version change
 * must be filed again; the new filing starts as a draft linked to the one it replaces. */

/* The key changes from old to p as “what: old → new” joined by “; ”, or NULL if there are none. */
char     *csl_refiling_describe_changes (const CslProduct  *old,
                                         const CslProduct  *p);
/* Saves every field and parameter of p (audited, like csl_product_update()) and, in the same
 * transaction, turns each filed filing of the product re-filing due with the changes listed in
 * its refiling_reason. refiling_due (nullable) receives the ids of those filings (gint64). */
gboolean  csl_refiling_update_product   (CslWorkspace      *ws,
                                         CslProduct        *p,
                                         GArray           **refiling_due,
                                         GError           **error);
/* The same inside the caller's transaction; due (nullable) receives the filings' ids. */
gboolean  csl_refiling_update_product_in_transaction (CslWorkspace *ws,
                                                      CslProduct   *p,
                                                      GArray       *due,
                                                      GError      **error);
/* Creates the draft that re-files filing_id (filed, re-filing due, expired or revoked, and not
 * re-filed yet): same product, grade, labs, filer and standards, and the materials that are
 * still valid. A test report, penetration test report or declaration of conformity is still
 * valid unless a key technical value of the product changed after it was attached; the report
 * number and date go with the test report. dropped (nullable) receives a line (char *) for each
 * material left behind. Returns the new filing's id, or 0. */
gint64    csl_refiling_refile           (CslWorkspace      *ws,
                                         gint64             filing_id,
                                         GPtrArray        **dropped,
                                         GError           **error);
/* The filing that re-filed filing_id: its id, 0 if none, -1 on error. */
gint64    csl_refiling_get_successor    (CslWorkspace      *ws,
                                         gint64             filing_id,
                                         GError           **error);
/* Every filing of the chain filing_id belongs to (gint64 ids), the first filing first. */
GArray   *csl_refiling_get_chain        (CslWorkspace      *ws,
                                         gint64             filing_id,
                                         GError           **error);

G_END_DECLS
