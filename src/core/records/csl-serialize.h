#pragma once

#include <json-glib/json-glib.h>

#include "records/csl-catalogue.h"
#include "records/csl-filing.h"
#include "records/csl-lab.h"
#include "records/csl-manufacturer.h"
#include "records/csl-owner.h"
#include "records/csl-product.h"
#include "records/csl-requirements.h"

G_BEGIN_DECLS

/* Entities as JSON objects: field names are the database's column names, dates ISO 8601, and
 * unset values null, so scripts reading --json output see one stable shape. */
void csl_json_add_manufacturer   (JsonBuilder            *b,
                                  const CslManufacturer  *m);
void csl_json_add_lab            (JsonBuilder            *b,
                                  const CslLab           *lab);
void csl_json_add_product        (JsonBuilder            *b,
                                  const CslProduct       *p);
void csl_json_add_filing         (JsonBuilder            *b,
                                  const CslFiling        *f);
void csl_json_add_filing_summary (JsonBuilder            *b,
                                  const CslFilingSummary *s);
void csl_json_add_category       (JsonBuilder            *b,
                                  CslCategory            *c);
void csl_json_add_finding        (JsonBuilder            *b,
                                  const CslFinding       *f);
void csl_json_add_authorization  (JsonBuilder            *b,
                                  const CslAuthorization *a);
/* The agent who files for a manufacturer (Art. 8(7)), from the workspace owner. */
void csl_json_add_agent          (JsonBuilder            *b,
                                  const CslOwner         *owner);
void csl_json_member_string      (JsonBuilder            *b,
                                  const char             *name,
                                  const char             *value);
void csl_json_member_id          (JsonBuilder            *b,
                                  const char             *name,
                                  gint64                  id);

/* A filings export as CSV rows (base/csl-csv.h's quoting): the header, then a row each. */
void csl_csv_add_filing_summary_header (GString                *out);
void csl_csv_add_filing_summary        (GString                *out,
                                        const CslFilingSummary *s);

G_END_DECLS
