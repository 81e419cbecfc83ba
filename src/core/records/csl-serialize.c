#include "config.h"

#include "base/csl-csv.h"
#include "records/csl-serialize.h"

void
csl_json_member_string (JsonBuilder *b,
                        const char  *name,
                        const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL && *value != '\0')
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
csl_json_member_id (JsonBuilder *b,
                    const char  *name,
                    gint64       id)
{
  json_builder_set_member_name (b, name);
  if (id > 0)
    json_builder_add_int_value (b, id);
  else
    json_builder_add_null_value (b);
}

void
csl_json_add_manufacturer (JsonBuilder           *b,
                           const CslManufacturer *m)
{
  json_builder_begin_object (b);
  csl_json_member_id (b, "id", m->id);
  csl_json_member_string (b, "name_zh", m->name_zh);
  csl_json_member_string (b, "name_en", m->name_en);
  csl_json_member_string (b, "uscc", m->uscc);
  json_builder_set_member_name (b, "uscc_check_accepted");
  json_builder_add_boolean_value (b, m->uscc_check_accepted != 0);
  csl_json_member_string (b, "address", m->address);
  csl_json_member_string (b, "contact", m->contact);
  csl_json_member_string (b, "phone", m->phone);
  csl_json_member_string (b, "email", m->email);
  csl_json_member_string (b, "barred_until", m->barred_until);
  json_builder_end_object (b);
}

void
csl_json_add_lab (JsonBuilder  *b,
                  const CslLab *lab)
{
  json_builder_begin_object (b);
  csl_json_member_id (b, "id", lab->id);
  csl_json_member_string (b, "name", lab->name);
  csl_json_member_string (b, "kind", lab->kind);
  csl_json_member_string (b, "accreditation_no", lab->accreditation_no);
  csl_json_member_string (b, "accredited_until", lab->accredited_until);
  csl_json_member_string (b, "barred_until", lab->barred_until);
  json_builder_end_object (b);
}

void
csl_json_add_product (JsonBuilder      *b,
                      const CslProduct *p)
{
  json_builder_begin_object (b);
  csl_json_member_id (b, "id", p->id);
  csl_json_member_id (b, "manufacturer_id", p->manufacturer_id);
  csl_json_member_id (b, "category_id", p->category_id);
  csl_json_member_string (b, "name", p->name);
  csl_json_member_string (b, "model", p->model);
  csl_json_member_string (b, "hardware_version", p->hardware_version);
  csl_json_member_string (b, "firmware_version", p->firmware_version);
  csl_json_member_string (b, "support_until", p->support_until);
  csl_json_member_string (b, "default_password_policy", p->default_password_policy);
  csl_json_member_string (b, "vulnerability_contact", p->vulnerability_contact);
  csl_json_member_string (b, "update_policy", p->update_policy);
  json_builder_set_member_name (b, "params");
  json_builder_begin_object (b);
  for (guint i = 0; p->params && i < p->params->len; i++)
    {
      CslParam *param = p->params->pdata[i];
      json_builder_set_member_name (b, param->name);
      json_builder_add_string_value (b, param->value);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
}

void
csl_json_add_filing (JsonBuilder     *b,
                     const CslFiling *f)
{
  json_builder_begin_object (b);
  csl_json_member_id (b, "id", f->id);
  csl_json_member_id (b, "product_id", f->product_id);
  json_builder_set_member_name (b, "grade");
  json_builder_add_int_value (b, f->grade);
  csl_json_member_id (b, "lab_id", f->lab_id);
  csl_json_member_id (b, "pentest_lab_id", f->pentest_lab_id);
  csl_json_member_string (b, "filed_by", f->filed_by);
  csl_json_member_string (b, "report_number", f->report_number);
  csl_json_member_string (b, "report_date", f->report_date);
  json_builder_set_member_name (b, "standards");
  json_builder_begin_array (b);
  for (guint i = 0; f->standards && f->standards[i]; i++)
    json_builder_add_string_value (b, f->standards[i]);
  json_builder_end_array (b);
  csl_json_member_string (b, "status", f->status);
  csl_json_member_string (b, "filing_number", f->filing_number);
  csl_json_member_string (b, "submitted_on", f->submitted_on);
  csl_json_member_string (b, "filed_on", f->filed_on);
  csl_json_member_string (b, "valid_from", f->valid_from);
  csl_json_member_string (b, "valid_until", f->valid_until);
  csl_json_member_id (b, "predecessor_id", f->predecessor_id);
  csl_json_member_string (b, "revoke_reason", f->revoke_reason);
  csl_json_member_string (b, "refiling_reason", f->refiling_reason);
  csl_json_member_string (b, "bundle_sha256", f->bundle_sha256);
  json_builder_end_object (b);
}

void
csl_json_add_filing_summary (JsonBuilder            *b,
                             const CslFilingSummary *s)
{
  json_builder_begin_object (b);
  csl_json_member_id (b, "id", s->id);
  csl_json_member_id (b, "manufacturer_id", s->manufacturer_id);
  csl_json_member_string (b, "manufacturer", s->manufacturer);
  csl_json_member_string (b, "model", s->model);
  csl_json_member_string (b, "product_name", s->product_name);
  json_builder_set_member_name (b, "grade");
  json_builder_add_int_value (b, s->grade);
  csl_json_member_string (b, "status", csl_filing_status_to_string (s->status));
  csl_json_member_string (b, "filing_number", s->filing_number);
  csl_json_member_string (b, "valid_until", s->valid_until);
  json_builder_end_object (b);
}

/* The columns of a filings export; the status is its stable name, as in JSON. */
void
csl_csv_add_filing_summary_header (GString *out)
{
  static const char *const names[] = { "id", "manufacturer_id", "manufacturer", "model", "product_name",
                                       "grade", "status", "filing_number", "valid_until" };

  csl_csv_append_row (out, names, G_N_ELEMENTS (names));
}

void
csl_csv_add_filing_summary (GString                *out,
                            const CslFilingSummary *s)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, s->id);
  g_autofree char *manufacturer_id = g_strdup_printf ("%" G_GINT64_FORMAT, s->manufacturer_id);
  char grade[2] = { (char) ('0' + s->grade), '\0' };
  const char *fields[] = { id, manufacturer_id, s->manufacturer, s->model, s->product_name, grade,
                           csl_filing_status_to_string (s->status), s->filing_number, s->valid_until };

  csl_csv_append_row (out, fields, G_N_ELEMENTS (fields));
}

void
csl_json_add_category (JsonBuilder *b,
                       CslCategory *c)
{
  json_builder_begin_object (b);
  csl_json_member_id (b, "id", c->id);
  csl_json_member_string (b, "serial", c->serial);
  csl_json_member_string (b, "batch", c->batch_code);
  csl_json_member_string (b, "name_en", c->name_en);
  csl_json_member_string (b, "name_zh", c->name_zh);
  csl_json_member_string (b, "scope_en", c->scope_en);
  csl_json_member_string (b, "scope_zh", c->scope_zh);
  json_builder_set_member_name (b, "validity_months");
  if (c->validity_months > 0)
    json_builder_add_int_value (b, c->validity_months);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "standards");
  json_builder_begin_object (b);
  for (int grade = CSL_GRADE_BASIC; grade <= CSL_GRADE_LEADING; grade++)
    {
      g_auto(GStrv) list = csl_category_dup_standards (c, (CslGrade) grade);
      char key[2] = { (char) ('0' + grade), '\0' };

      json_builder_set_member_name (b, key);
      if (list == NULL)
        {
          json_builder_add_null_value (b);
          continue;
        }
      json_builder_begin_array (b);
      for (guint i = 0; list[i]; i++)
        json_builder_add_string_value (b, list[i]);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
}

void
csl_json_add_finding (JsonBuilder      *b,
                      const CslFinding *f)
{
  json_builder_begin_object (b);
  csl_json_member_string (b, "severity", f->severity == CSL_SEVERITY_ERROR ? "error" : "warning");
  csl_json_member_string (b, "code", f->code);
  csl_json_member_string (b, "article", f->article);
  csl_json_member_string (b, "message", f->message);
  json_builder_end_object (b);
}

void
csl_json_add_authorization (JsonBuilder            *b,
                            const CslAuthorization *a)
{
  json_builder_begin_object (b);
  csl_json_member_id (b, "id", a->id);
  csl_json_member_id (b, "manufacturer_id", a->manufacturer_id);
  csl_json_member_string (b, "letter_ref", a->letter_ref);
  csl_json_member_string (b, "valid_from", a->valid_from);
  csl_json_member_string (b, "valid_until", a->valid_until);
  json_builder_end_object (b);
}

void
csl_json_add_agent (JsonBuilder    *b,
                    const CslOwner *owner)
{
  json_builder_begin_object (b);
  csl_json_member_string (b, "name", owner->agent_name);
  csl_json_member_string (b, "uscc", owner->agent_uscc);
  csl_json_member_string (b, "address", owner->agent_address);
  csl_json_member_string (b, "contact", owner->agent_contact);
  json_builder_end_object (b);
}
