#pragma once

#include "bundle/csl-bundle-plan.h"

G_BEGIN_DECLS

/* filing.json, the filing form as data for the platform and for scripts:
 *   {"format": 1, "generator", "created", "filing", "product" (with "params"), "category",
 *    "manufacturer", "labs": {"testing", "penetration_test"}, "filed_by",
 *    "agent" and "authorization" (agent filings, else null), "materials": [{"path", "kind",
 *    "article", "source": "attachment" | "generated", "file_name"}]}
 * Entities have the shape of the CLI's --json output (csl-serialize.c). */
#define CSL_FILING_DATA_FORMAT 1

GBytes *csl_filing_data_build (const CslBundlePlan *plan,
                               const char          *created);

G_END_DECLS
