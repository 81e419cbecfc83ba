#pragma once

#include "store/csl-workspace-handle.h"

G_BEGIN_DECLS

/* Who may do what in a team workspace, enforced by the server: each person is a PostgreSQL
 * role and a member of one of three group roles, csl_admin, csl_filer and csl_viewer (one set
 * per server: one database per team). A viewer reads everything and changes nothing; a filer
 * changes records; a filer or viewer given manufacturers sees and changes only those
 * manufacturers' records, products, filings, documents and deadlines (row-level security); an
 * admin also adds people. team_member and team_manufacturer say who is which. */

typedef struct
{
  char    *name;            /* the role */
  char    *role;            /* "admin", "filer" or "viewer" */
  GArray  *manufacturers;   /* gint64 ids; empty: all */
} CslTeamMember;

void           csl_team_member_free (CslTeamMember *member);

/* The group roles, their GRANTs, the row-level security policies and the member tables: run
 * once by the server's administrator (or again: it changes nothing twice). */
gboolean       csl_team_init        (CslWorkspace  *ws,
                                     GError       **error);
/* A login role in group role (admin, filer, viewer), limited to the manufacturers given (none:
 * all); password NULL: one set elsewhere (or none, for peer or certificate login). */
gboolean       csl_team_add_user    (CslWorkspace  *ws,
                                     const char    *name,
                                     const char    *role,
                                     const gint64  *manufacturers,
                                     guint          n_manufacturers,
                                     const char    *password,
                                     GError       **error);
/* CslTeamMember, by name. */
GPtrArray     *csl_team_list        (CslWorkspace  *ws,
                                     GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslTeamMember, csl_team_member_free)

G_END_DECLS
