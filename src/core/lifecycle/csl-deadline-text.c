#include "config.h"

#include <glib/gi18n-lib.h>

#include "base/csl-article.h"
#include "base/csl-json-stream.h"
#include "lifecycle/csl-deadlines.h"
#include "records/csl-serialize.h"

/* How a deadline reads in a list, a calendar and a notification. */

char *
csl_deadline_summary (const CslDeadline *d)
{
  /* TRANSLATORS: manufacturer, product model: what is due (article) */
  return g_strdup_printf (_("%s %s: %s (%s)"), d->manufacturer ? d->manufacturer : "", d->model ? d->model : "",
                          csl_deadline_rule_label (d->rule),
                          csl_article_text (csl_deadline_rule_article (d->rule)));
}

static char *
explain (const CslDeadline *d)
{
  const char *detail = d->detail ? d->detail : "";

  switch (d->rule)
    {
    case CSL_DEADLINE_LABEL_EXPIRY:
      return g_strdup_printf (_("The label is valid until %s. Art. 10: when the label exceeds its validity "
                                "period the product must be re-filed."), d->due);
    case CSL_DEADLINE_REFILING_DUE:
      return g_strdup_printf (_("Art. 10: key technical parameters or the hardware or firmware version changed "
                                "after filing, so the product must be re-filed. Changed: %s."), detail);
    case CSL_DEADLINE_SUPPORT_END:
      return g_strdup_printf (_("Security support for the product ends on %s, while the label is valid. "
                                "Art. 14(4): when the manufacturer ends technical support, the filing is revoked."),
                              d->due);
    case CSL_DEADLINE_LAB_ACCREDITATION:
      return g_strdup_printf (_("The accreditation of the lab %s ends on %s, before the label does. "
                                "Art. 7(1): testing by a qualified, accredited lab."), detail, d->due);
    case CSL_DEADLINE_AUTHORIZATION:
      return g_strdup_printf (_("The agent’s authorisation from the manufacturer ends on %s, before the label "
                                "does. Art. 8(7): an agent files with the manufacturer’s letter of authorisation."),
                              d->due);
    case CSL_DEADLINE_LAB_BARRED:
      return g_strdup_printf (_("The filing relies on the lab %s, barred until %s. Art. 16: the filing agency "
                                "revokes filings based on its false test results and accepts none of its results "
                                "until then."), detail, d->due);
    case CSL_DEADLINE_MANUFACTURER_BARRED:
      return g_strdup_printf (_("The manufacturer is barred until %s%s%s. Art. 15: the filing agency revokes the "
                                "related filings and accepts no new filings from it until then."),
                              d->due, *detail ? ": " : "", detail);
    case CSL_DEADLINE_STANDARD_REPLACED:
      /* TRANSLATORS: the old and the new standard (“GB/T 1-2020 → GB/T 1-2026”), then the date. */
      return g_strdup_printf (_("A basis standard the filing cites is replaced (%s) from %s: the product must be "
                                "re-filed against the new standard, which the re-filing cites in place of the old."),
                              detail, d->due);
    case CSL_N_DEADLINE_RULES:
    default:
      g_assert_not_reached ();
    }
}

char *
csl_deadline_description (const CslDeadline *d)
{
  g_autofree char *why = explain (d);
  g_autofree char *filing = d->filing_number
    ? g_strdup_printf (_("Filing %lld (filing number %s), status: %s."), (long long) d->filing_id,
                       d->filing_number, csl_filing_status_label (d->status))
    : g_strdup_printf (_("Filing %lld, status: %s."), (long long) d->filing_id,
                       csl_filing_status_label (d->status));

  return g_strdup_printf ("%s\n%s", why, filing);
}

void
csl_json_add_deadline (JsonBuilder       *b,
                       const CslDeadline *d)
{
  json_builder_begin_object (b);
  csl_json_member_string (b, "rule", csl_deadline_rule_to_string (d->rule));
  csl_json_member_string (b, "article", csl_deadline_rule_article (d->rule));
  csl_json_member_id (b, "filing_id", d->filing_id);
  csl_json_member_string (b, "filing_number", d->filing_number);
  csl_json_member_string (b, "status", csl_filing_status_to_string (d->status));
  csl_json_member_id (b, "manufacturer_id", d->manufacturer_id);
  csl_json_member_string (b, "manufacturer", d->manufacturer);
  csl_json_member_string (b, "model", d->model);
  csl_json_member_string (b, "product_name", d->product_name);
  csl_json_member_string (b, "due", d->due);
  csl_json_member_string (b, "since", d->since);
  json_builder_set_member_name (b, "days_left");
  json_builder_add_int_value (b, d->days_left);
  json_builder_set_member_name (b, "overdue");
  json_builder_add_boolean_value (b, d->overdue);
  json_builder_set_member_name (b, "reminder");
  if (d->reminder > 0)
    json_builder_add_int_value (b, d->reminder);
  else
    json_builder_add_null_value (b);
  csl_json_member_string (b, "detail", d->detail);
  json_builder_end_object (b);
}

/* csl_json_member_string() and csl_json_member_id()'s rules: empty is null, and so is no id. */
static void
stream_string (CslJsonStream *s,
               const char    *name,
               const char    *value)
{
  csl_json_stream_string (s, name, value != NULL && *value != '\0' ? value : NULL);
}

static void
stream_id (CslJsonStream *s,
           const char    *name,
           gint64         id)
{
  if (id > 0)
    csl_json_stream_int (s, name, id);
  else
    csl_json_stream_null (s, name);
}

/* Member for member csl_json_add_deadline(); the tests hold the two to the same bytes. */
void
csl_deadline_write_json (GString           *out,
                         const CslDeadline *d,
                         guint              depth)
{
  CslJsonStream s;

  csl_json_stream_begin (&s, out, depth);
  stream_string (&s, "rule", csl_deadline_rule_to_string (d->rule));
  stream_string (&s, "article", csl_deadline_rule_article (d->rule));
  stream_id (&s, "filing_id", d->filing_id);
  stream_string (&s, "filing_number", d->filing_number);
  stream_string (&s, "status", csl_filing_status_to_string (d->status));
  stream_id (&s, "manufacturer_id", d->manufacturer_id);
  stream_string (&s, "manufacturer", d->manufacturer);
  stream_string (&s, "model", d->model);
  stream_string (&s, "product_name", d->product_name);
  stream_string (&s, "due", d->due);
  stream_string (&s, "since", d->since);
  csl_json_stream_int (&s, "days_left", d->days_left);
  csl_json_stream_boolean (&s, "overdue", d->overdue);
  if (d->reminder > 0)
    csl_json_stream_int (&s, "reminder", d->reminder);
  else
    csl_json_stream_null (&s, "reminder");
  stream_string (&s, "detail", d->detail);
  csl_json_stream_end (&s);
}
