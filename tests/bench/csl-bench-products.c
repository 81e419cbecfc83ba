/* The import benchmark's data and its reference (build-aux/bench.py, "import"):
 *
 *   csl-bench-products prepare WORKSPACE DIR MAKERS ROWS…
 *       a workspace with MAKERS manufacturers, and DIR/products-ROWS.csv for each ROWS: that
 *       many products spread over them, with every column of the products template filled in
 *   csl-bench-products one-by-one WORKSPACE FILE.csv
 *       the same rows added one by one through the core, csl_product_add() each, as a script
 *       calling the core (or the CLI's "product add") per product would: the reference the
 *       import is measured against. */

#include "config.h"

#include "base/csl-csv-reader.h"
#include "base/csl-uscc.h"
#include "records/csl-catalogue.h"
#include "records/csl-manufacturer.h"
#include "records/csl-product.h"
#include "workspace/csl-workspace.h"

#define HEADER "manufacturer_uscc,category,model,name,hardware_version,firmware_version,support_until," \
               "default_passwords,vulnerability_contact,update_policy,params"

static char *
uscc (guint n)
{
  g_autofree char *first17 = g_strdup_printf ("91110000%09u", n);

  return g_strdup_printf ("%s%c", first17, csl_uscc_check_char (first17));
}

static int
prepare (int    argc,
         char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) ws = csl_workspace_open (argv[2], &error);
  guint makers = (guint) g_ascii_strtoull (argv[4], NULL, 10);

  if (ws == NULL)
    goto fail;
  for (guint i = 1; i <= makers; i++)
    {
      g_autoptr(CslManufacturer) m = csl_manufacturer_new ();

      m->name_en = g_strdup_printf ("Bench Maker %u Co., Ltd.", i);
      m->name_zh = g_strdup_printf ("基准制造商%u有限公司", i);
      m->uscc = uscc (i);
      if (csl_manufacturer_add (ws, m, &error) == 0)
        goto fail;
    }
  for (int a = 5; a < argc; a++)
    {
      guint rows = (guint) g_ascii_strtoull (argv[a], NULL, 10);
      g_autofree char *name = g_strdup_printf ("products-%u.csv", rows);
      g_autofree char *path = g_build_filename (argv[3], name, NULL);
      g_autoptr(GString) out = g_string_new (CSL_CSV_BOM HEADER "\r\n");

      for (guint i = 0; i < rows; i++)
        {
          g_autofree char *code = uscc (i % makers + 1);

          g_string_append_printf (out, "%s,CSL 001-2025,BENCH-CAM-%06u,室内摄像头 Indoor Camera %u,H1.%u,1.%u.0,"
                                       "2031-12-31,Unique per device,security@example.com,Signed updates for 5 "
                                       "years,\"wifi=802.11n; storage=microSD\"\r\n",
                                  code, i, i, i % 10, i % 7);
        }
      if (!g_file_set_contents (path, out->str, (gssize) out->len, &error))
        goto fail;
    }
  return 0;
fail:
  g_printerr ("csl-bench-products: %s\n", error->message);
  return 1;
}

static int
one_by_one (char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) ws = csl_workspace_open (argv[2], &error);
  g_autoptr(GFile) file = g_file_new_for_path (argv[3]);
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(CslCsvReader) reader = NULL;
  g_autoptr(CslCsvRecord) header = NULL;
  g_autoptr(GHashTable) makers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(CslCategory) category = NULL;
  CslCsvRecord *rec;

  if (ws == NULL || (list = csl_manufacturer_list (ws, &error)) == NULL ||
      (category = csl_catalogue_find_serial (ws, "CSL 001-2025", &error)) == NULL ||
      (in = G_INPUT_STREAM (g_file_read (file, NULL, &error))) == NULL ||
      (reader = csl_csv_reader_new (in, argv[3], NULL, &error)) == NULL ||
      (header = csl_csv_reader_next (reader, &error)) == NULL)
    goto fail;
  for (guint i = 0; i < list->len; i++)
    {
      CslManufacturer *m = list->pdata[i];

      g_hash_table_insert (makers, g_strdup (m->uscc), GINT_TO_POINTER ((int) m->id));
    }
  /* The columns as prepare writes them. */
  while ((rec = csl_csv_reader_next (reader, &error)) != NULL)
    {
      g_autoptr(CslCsvRecord) owned = rec;
      g_autoptr(CslProduct) p = csl_product_new ();
      g_auto(GStrv) params = NULL;

      p->manufacturer_id = GPOINTER_TO_INT (g_hash_table_lookup (makers, rec->fields[0]));
      p->category_id = category->id;
      p->model = g_strdup (rec->fields[2]);
      p->name = g_strdup (rec->fields[3]);
      p->hardware_version = g_strdup (rec->fields[4]);
      p->firmware_version = g_strdup (rec->fields[5]);
      p->support_until = g_strdup (rec->fields[6]);
      p->default_password_policy = g_strdup (rec->fields[7]);
      p->vulnerability_contact = g_strdup (rec->fields[8]);
      p->update_policy = g_strdup (rec->fields[9]);
      params = g_strsplit (rec->fields[10], "; ", -1);
      for (guint i = 0; params[i] != NULL; i++)
        {
          g_auto(GStrv) kv = g_strsplit (params[i], "=", 2);

          if (kv[0] != NULL && kv[1] != NULL)
            csl_product_set_param (p, kv[0], kv[1]);
        }
      if (csl_product_add (ws, p, &error) == 0)
        goto fail;
    }
  if (error != NULL)
    goto fail;
  return 0;
fail:
  g_printerr ("csl-bench-products: %s\n", error ? error->message : "bad input");
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  if (argc >= 6 && g_str_equal (argv[1], "prepare"))
    return prepare (argc, argv);
  if (argc == 4 && g_str_equal (argv[1], "one-by-one"))
    return one_by_one (argv);
  g_printerr ("usage: csl-bench-products prepare WORKSPACE DIR MAKERS ROWS…\n"
              "       csl-bench-products one-by-one WORKSPACE FILE.csv\n");
  return 2;
}
