#include "config.h"

#include "documents/csl-store-json.h"
#include "records/csl-serialize.h"

void
csl_json_add_attachment (JsonBuilder         *b,
                         const CslAttachment *a)
{
  json_builder_begin_object (b);
  csl_json_member_id (b, "id", a->id);
  csl_json_member_id (b, "filing_id", a->filing_id);
  csl_json_member_string (b, "kind", csl_material_to_string (a->kind));
  csl_json_member_string (b, "file_name", a->file_name);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, a->size);
  csl_json_member_string (b, "sha256", a->sha256);
  json_builder_set_member_name (b, "page_count");
  json_builder_add_int_value (b, a->page_count);
  json_builder_set_member_name (b, "page_width_pt");
  json_builder_add_double_value (b, a->page_width_pt);
  json_builder_set_member_name (b, "page_height_pt");
  json_builder_add_double_value (b, a->page_height_pt);
  csl_json_member_string (b, "pdf_title", a->pdf_title);
  csl_json_member_string (b, "pdf_producer", a->pdf_producer);
  csl_json_member_string (b, "report_number_found", a->report_number_found);
  csl_json_member_string (b, "attached_at", a->attached_at);
  json_builder_end_object (b);
}
