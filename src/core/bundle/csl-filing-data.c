#include "config.h"

#include "bundle/csl-filing-data.h"
#include "records/csl-serialize.h"

static void
add_filing (JsonBuilder     *b,
            const CslFiling *filing)
{
  g_autoptr(JsonBuilder) inner = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  csl_json_add_filing (inner, filing);
  node = json_builder_get_root (inner);
  /* The status says where the filing was in this workspace when it was packaged, which
   * means nothing to the reader of the bundle; the checksum of an earlier bundle neither. */
  json_object_remove_member (json_node_get_object (node), "status");
  json_object_remove_member (json_node_get_object (node), "bundle_sha256");
  json_builder_add_value (b, g_steal_pointer (&node));
}

static void
add_materials (JsonBuilder         *b,
               const CslBundlePlan *plan)
{
  json_builder_begin_array (b);
  for (guint i = 0; i < plan->entries->len; i++)
    {
      CslBundleEntry *e = plan->entries->pdata[i];

      if (e->source == CSL_SOURCE_FILING_DATA)
        continue;
      json_builder_begin_object (b);
      csl_json_member_string (b, "path", e->path);
      csl_json_member_string (b, "kind", e->kind);
      csl_json_member_string (b, "article", e->article);
      csl_json_member_string (b, "source", e->source == CSL_SOURCE_ATTACHMENT ? "attachment" : "generated");
      csl_json_member_string (b, "file_name", e->file_name);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

GBytes *
csl_filing_data_build (const CslBundlePlan *plan,
                       const char          *created)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *generator = g_strdup_printf ("csl-filer %s", PACKAGE_VERSION);
  gboolean agent = csl_filing_is_agent (plan->filing);
  char *text;
  gsize len;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, CSL_FILING_DATA_FORMAT);
  csl_json_member_string (b, "generator", generator);
  csl_json_member_string (b, "created", created);
  json_builder_set_member_name (b, "filing");
  add_filing (b, plan->filing);
  json_builder_set_member_name (b, "product");
  csl_json_add_product (b, plan->product);
  json_builder_set_member_name (b, "category");
  csl_json_add_category (b, plan->category);
  json_builder_set_member_name (b, "manufacturer");
  csl_json_add_manufacturer (b, plan->manufacturer);
  json_builder_set_member_name (b, "labs");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "testing");
  csl_json_add_lab (b, plan->lab);
  json_builder_set_member_name (b, "penetration_test");
  if (plan->pentest_lab != NULL)
    csl_json_add_lab (b, plan->pentest_lab);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  csl_json_member_string (b, "filed_by", agent ? "agent" : "manufacturer");
  json_builder_set_member_name (b, "agent");
  if (agent && csl_owner_is_agent (plan->owner))
    csl_json_add_agent (b, plan->owner);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "authorization");
  if (agent && plan->authorization != NULL)
    csl_json_add_authorization (b, plan->authorization);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "materials");
  add_materials (b, plan);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, &len);
  text = g_realloc (text, len + 2);
  text[len] = '\n';
  text[len + 1] = '\0';
  return g_bytes_new_take (text, len + 1);
}
