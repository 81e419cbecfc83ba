#include "config.h"

#include <glib/gi18n.h>

#include "cli-common.h"
#include "records/csl-catalogue.h"
#include "records/csl-product.h"
#include "records/csl-serialize.h"

static int
product_add (CliContext  *ctx,
             int          argc,
             char       **argv)
{
  g_autoptr(CslProduct) p = csl_product_new ();
  g_autoptr(CslCategory) category = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *manufacturer = NULL;
  g_autofree char *serial = NULL;
  g_auto(GStrv) params = NULL;
  const GOptionEntry entries[] = {
    { "manufacturer", 0, 0, G_OPTION_ARG_STRING, &manufacturer, N_("Manufacturer id"), N_("ID") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &serial, N_("Catalogue serial number, e.g. “CSL 001-2025”"), N_("SERIAL") },
    { "model", 0, 0, G_OPTION_ARG_STRING, &p->model, N_("Product model/specification"), N_("MODEL") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &p->name, N_("Product name"), N_("NAME") },
    { "hardware", 0, 0, G_OPTION_ARG_STRING, &p->hardware_version, N_("Hardware version"), N_("VERSION") },
    { "firmware", 0, 0, G_OPTION_ARG_STRING, &p->firmware_version, N_("Firmware version"), N_("VERSION") },
    { "support-until", 0, 0, G_OPTION_ARG_STRING, &p->support_until, N_("Last day of security support"), N_("DATE") },
    { "param", 0, 0, G_OPTION_ARG_STRING_ARRAY, &params, N_("Key technical parameter (repeatable)"), N_("NAME=VALUE") },
    { "default-passwords", 0, 0, G_OPTION_ARG_STRING, &p->default_password_policy, N_("Default password policy (Art. 5)"), N_("TEXT") },
    { "vulnerability-contact", 0, 0, G_OPTION_ARG_STRING, &p->vulnerability_contact, N_("Vulnerability reporting contact and patching (Art. 5)"), N_("TEXT") },
    { "update-policy", 0, 0, G_OPTION_ARG_STRING, &p->update_policy, N_("Software update maintenance (Art. 5)"), N_("TEXT") },
    { NULL }
  };
  int code;

  if (!cli_parse (ctx, entries, NULL, _("Add a product; prints its id."), &argc, &argv, &code))
    return code;
  if (argc > 1)
    return cli_usage (ctx, _("unexpected argument “%s”"), argv[1]);
  if (!cli_require (ctx, manufacturer, "--manufacturer", &code) ||
      !cli_require (ctx, serial, "--category", &code) ||
      !cli_require (ctx, p->model, "--model", &code))
    return code;
  if (!cli_parse_id (manufacturer, "--manufacturer", &p->manufacturer_id, &error))
    return cli_error (ctx, error);
  for (guint i = 0; params && params[i]; i++)
    {
      CslParam *param = NULL;

      if (!csl_param_parse (params[i], &param, &error))
        return cli_error (ctx, error);
      csl_product_set_param (p, param->name, param->value);
      csl_param_free (param);
    }
  if (!cli_open_workspace (ctx, &error) ||
      (category = csl_catalogue_find_serial (ctx->ws, serial, &error)) == NULL)
    return cli_error (ctx, error);
  p->category_id = category->id;
  if (csl_product_add (ctx->ws, p, &error) == 0)
    return cli_error (ctx, error);
  cli_print_id (p->id);
  return CLI_EXIT_OK;
}

static GPtrArray *
load_products (CliContext  *ctx,
               GError     **error)
{
  return csl_product_list (ctx->ws, ctx->manufacturer_filter, error);
}

static void
print_product (gpointer item)
{
  CslProduct *p = item;

  g_print ("%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\t%s\t%s/%s\n", p->id, p->manufacturer_id,
           cli_text (p->model), p->name ? cli_text (p->name) : "-",
           p->hardware_version ? cli_text (p->hardware_version) : "-",
           p->firmware_version ? cli_text (p->firmware_version) : "-");
}

static int
product_list (CliContext  *ctx,
              int          argc,
              char       **argv)
{
  const GOptionEntry entries[] = {
    { "manufacturer", 0, 0, G_OPTION_ARG_INT64, &ctx->manufacturer_filter, N_("Only this manufacturer’s products"), N_("ID") },
    { NULL }
  };

  return cli_run_list (ctx, argc, argv, _("List products."), entries, load_products,
                       (CliJsonFunc) csl_json_add_product, print_product);
}

const CliCommand cli_product_commands[] = {
  { "product", "add", product_add, N_("Add a product") },
  { "product", "list", product_list, N_("List products") },
  { NULL }
};
