#pragma once

#include "base/csl-model.h"
#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

typedef struct _CslFiling
{
  gint64   id;
  gint64   product_id;
  int      grade;
  gint64   lab_id;
  gint64   pentest_lab_id;   /* Art. 7(2): the third-party lab that ran the penetration test */
  char    *filed_by;         /* "manufacturer" or "agent" */
  char    *report_number;
  char    *report_date;
  char    *status;
  char    *filing_number;
  char    *submitted_on;
  char    *filed_on;
  char    *valid_from;
  char    *valid_until;
  gint64   predecessor_id;
  char    *revoke_reason;
  char    *refiling_reason;
  char    *bundle_sha256;
  int      wizard_step;
  GStrv    standards;        /* basis standard numbers, in the order given */
  gint64   version;          /* the row version read with it: a save checks it (CSL_ERROR_CONFLICT) */
} CslFiling;

/* One row of the filings overview: what lists show without loading every entity. */
typedef struct
{
  gint64           id;
  gint64           manufacturer_id;
  char            *manufacturer;
  char            *model;
  char            *product_name;
  int              grade;
  CslFilingStatus  status;
  char            *filing_number;
  char            *valid_until;
} CslFilingSummary;

CslFiling       *csl_filing_new          (void);
void             csl_filing_free         (CslFiling     *f);
CslFiling       *csl_filing_copy         (const CslFiling *f);
/* The fields (column names, and "standards") whose values differ between a and b: what a
 * colleague changed since a was read, or what the user typed since. */
GStrv            csl_filing_changed_fields (const CslFiling *a,
                                            const CslFiling *b);
/* Copies the named fields from src into dst (re-applying a draft over a reloaded filing). */
void             csl_filing_copy_fields  (CslFiling          *dst,
                                          const CslFiling    *src,
                                          const char * const *names);
CslFilingStatus  csl_filing_get_status   (const CslFiling *f);
gboolean         csl_filing_is_agent     (const CslFiling *f);
gint64           csl_filing_add          (CslWorkspace  *ws,
                                          CslFiling     *f,
                                          GError       **error);
/* Saves the editable fields of a draft (the wizard's steps); status changes go through the
 * lifecycle functions instead. */
gboolean         csl_filing_update       (CslWorkspace  *ws,
                                          CslFiling     *f,
                                          GError       **error);
gint64           csl_filing_insert_in_transaction (CslWorkspace *ws,
                                                   CslFiling    *f,
                                                   GError      **error);
gboolean         csl_filing_update_in_transaction (CslWorkspace *ws,
                                                   CslFiling    *f,
                                                   GError      **error);
/* Inside the caller's transaction, for the lifecycle (which has checked the transition):
 * write every column of f over the stored row. Both
 * audit what they change. */
gboolean         csl_filing_write_in_transaction  (CslWorkspace    *ws,
                                                   const CslFiling *old,
                                                   CslFiling       *f,
                                                   GError         **error);
CslFiling       *csl_filing_get          (CslWorkspace  *ws,
                                          gint64         id,
                                          GError       **error);
GPtrArray       *csl_filing_list         (CslWorkspace  *ws,
                                          GError       **error);

typedef void (*CslFilingSummaryFunc) (const CslFilingSummary *summary,
                                      gpointer                user_data);

CslFilingSummary *csl_filing_summary_copy (const CslFilingSummary *s);
void             csl_filing_summary_free (CslFilingSummary *s);
GPtrArray       *csl_filing_list_summaries (CslWorkspace *ws,
                                            gint64        manufacturer_id,
                                            GError      **error);
/* The same rows in id order, handed to func one at a time without being copied: the summary
 * and its strings are valid during the call only. For lists too long to hold. */
gboolean         csl_filing_foreach_summary (CslWorkspace         *ws,
                                             gint64                manufacturer_id,
                                             CslFilingSummaryFunc  func,
                                             gpointer              user_data,
                                             GError              **error);
/* Every filing's id, in order: what a list needs to know before it shows any row. */
GArray          *csl_filing_list_ids        (CslWorkspace         *ws,
                                             GError              **error);
/* The summaries of the filings whose id is from first_id to last_id, in id order, as
 * csl_filing_foreach_summary() hands them over: a page of a list, loaded when it is shown. */
gboolean         csl_filing_foreach_summary_between (CslWorkspace         *ws,
                                                     gint64                first_id,
                                                     gint64                last_id,
                                                     CslFilingSummaryFunc  func,
                                                     gpointer              user_data,
                                                     GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslFiling, csl_filing_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslFilingSummary, csl_filing_summary_free)

G_END_DECLS
