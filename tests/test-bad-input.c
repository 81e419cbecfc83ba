/* The bad-input corpus (tests/data/bad/cases.json): every kind of file and value the app
 * reads, each wrong in one way, run through csl-filer-cli as a user would. Each case names
 * the exit status and a fragment of the message it must give; afterwards the workspace must
 * hold nothing any of them could have half-written. Binary fixtures are made at run time by
 * tests/data/bad/make-fixtures.py. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "workspace/csl-workspace.h"
#include "documents/csl-store.h"
#include "csl-test-cli.h"
#include "csl-test-filing.h"
#include "csl-test-util.h"

typedef struct
{
  char       *dir;
  char       *ws;
  char       *gen;
  char       *tmp;
  char       *bad;
  char       *src;
  CslTestFiling ids;
  guint       categories;
  JsonArray  *cases;
  GHashTable *files;      /* every input file a case names */
} Corpus;

static Corpus corpus;

static char *
expand (const char *arg)
{
  g_autofree char *filing = g_strdup_printf ("%" G_GINT64_FORMAT, corpus.ids.filing);
  g_autofree char *product = g_strdup_printf ("%" G_GINT64_FORMAT, corpus.ids.product);
  g_autofree char *manufacturer = g_strdup_printf ("%" G_GINT64_FORMAT, corpus.ids.manufacturer);
  g_autofree char *lab = g_strdup_printf ("%" G_GINT64_FORMAT, corpus.ids.lab);
  const char *names[] = { "{bad}", "{gen}", "{src}", "{tmp}", "{filing}", "{product}", "{manufacturer}", "{lab}" };
  const char *values[] = { corpus.bad, corpus.gen, corpus.src, corpus.tmp, filing, product, manufacturer, lab };
  g_autoptr(GString) s = g_string_new (arg);

  const char *rep;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_string_replace (s, names[i], values[i], 0);
  /* {x100000}: that many "x", a value no JSON file should spell out. */
  while ((rep = strstr (s->str, "{x")) != NULL && g_ascii_isdigit (rep[2]))
    {
      char *end = NULL;
      guint64 n = g_ascii_strtoull (rep + 2, &end, 10);
      gsize at = (gsize) (rep - s->str);
      g_autofree char *run = NULL;

      g_assert_true (*end == '}' && n <= 1000000);
      run = g_strnfill ((gsize) n, 'x');
      g_string_erase (s, (gssize) at, end + 1 - rep);
      g_string_insert (s, (gssize) at, run);
    }
  /* C escapes (\377) give arguments that are not UTF-8, which JSON cannot hold. */
  return g_strcompress (s->str);
}

static void
run_case (gconstpointer data)
{
  JsonObject *c = json_array_get_object_element (corpus.cases, GPOINTER_TO_UINT (data));
  JsonArray *args = json_object_get_array_member (c, "args");
  JsonObject *env = json_object_has_member (c, "env") ? json_object_get_object_member (c, "env") : NULL;
  JsonArray *absent = json_object_has_member (c, "absent") ? json_object_get_array_member (c, "absent") : NULL;
  const char *file = json_object_get_string_member_with_default (c, "file", NULL);
  const char *message = json_object_get_string_member (c, "message");
  int status = (int) json_object_get_int_member (c, "status");
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GList) env_names = env ? json_object_get_members (env) : NULL;
  g_autofree char *output = NULL;
  CslCliResult r;

  if (file != NULL)
    {
      g_autofree char *path = expand (file);

      /* A fixture that was not made would pass for the wrong reason. */
      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  for (guint i = 0; i < json_array_get_length (args); i++)
    g_ptr_array_add (argv, expand (json_array_get_string_element (args, i)));
  g_ptr_array_add (argv, NULL);
  for (GList *l = env_names; l != NULL; l = l->next)
    g_setenv (l->data, json_object_get_string_member (env, l->data), TRUE);

  r = csl_cli_runv (corpus.ws, NULL, (const char *const *) argv->pdata);

  for (GList *l = env_names; l != NULL; l = l->next)
    g_unsetenv (l->data);
  /* A failed check reports on stdout, bad input on stderr: the message may be in either. */
  output = g_strconcat (r.out, r.err, NULL);
  if (r.status != status || strstr (output, message) == NULL)
    g_error ("%s: expected exit status %d and “%s”, got %d:\n%s",
             json_object_get_string_member (c, "name"), status, message, r.status, output);
  g_assert_true (g_utf8_validate (output, -1, NULL));
  /* No message echoes a huge value whole: it says the length and quotes the start. */
  if (strlen (output) > 8192)
    g_error ("%s: %zu bytes of output", json_object_get_string_member (c, "name"), strlen (output));
  /* Nor prints a control character a terminal would act on. */
  for (const char *p = output; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\n' && *p != '\t')
      g_error ("%s: the output holds the control 0x%02x:\n%s", json_object_get_string_member (c, "name"),
               (guchar) *p, output);
  for (guint i = 0; absent != NULL && i < json_array_get_length (absent); i++)
    {
      g_autofree char *path = expand (json_array_get_string_element (absent, i));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  csl_cli_result_clear (&r);
}

static guint
count_regular_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        n += count_regular_files (child);
      else
        n++;
    }
  return n;
}

/* None of the refused inputs left anything behind: no stored document or temporary copy,
 * no new record, no bar, the catalogue as it was, no temporary file next to an output. */
static void
test_nothing_written (void)
{
  g_autofree char *store = g_build_filename (corpus.ws, "store", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) ws = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GPtrArray) manufacturers = NULL;
  g_autoptr(GPtrArray) labs = NULL;
  g_autoptr(GPtrArray) categories = NULL;

  /* Counted before the workspace is opened, since opening it sweeps the store. */
  g_assert_cmpuint (count_regular_files (store), ==, 0);
  g_assert_cmpuint (count_regular_files (corpus.tmp), ==, 0);

  ws = csl_workspace_open (corpus.ws, &error);
  g_assert_no_error (error);
  attachments = csl_store_list (ws, corpus.ids.filing, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attachments->len, ==, 0);
  manufacturers = csl_manufacturer_list (ws, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (manufacturers->len, ==, 1);
  g_assert_null (((CslManufacturer *) manufacturers->pdata[0])->barred_until);
  labs = csl_lab_list (ws, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (labs->len, ==, 1);
  g_assert_null (((CslLab *) labs->pdata[0])->barred_until);
  categories = csl_catalogue_list (ws, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (categories->len, ==, corpus.categories);
}

/* Every fixture is used by a case, and there are enough of them. */
static void
test_corpus_complete (void)
{
  const char *dirs[] = { corpus.bad, corpus.gen };
  guint used = 0;

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autoptr(GDir) top = g_dir_open (dirs[d], 0, NULL);
      const char *sub;

      g_assert_nonnull (top);
      while ((sub = g_dir_read_name (top)) != NULL)
        {
          g_autofree char *path = g_build_filename (dirs[d], sub, NULL);
          g_autoptr(GDir) inner = NULL;
          const char *name;

          if (!g_file_test (path, G_FILE_TEST_IS_DIR) || (inner = g_dir_open (path, 0, NULL)) == NULL ||
              d == 1)
            {
              /* Files of the source folder itself are the manifest and the generator; the
               * generated passwords, certificates and keys are used alongside others. */
              if (d == 0 || g_str_has_suffix (sub, ".txt") || strcmp (sub, "cert.pem") == 0 ||
                  strcmp (sub, "key.pem") == 0 || strcmp (sub, "valid.pdf") == 0)
                continue;
              if (!g_hash_table_contains (corpus.files, path))
                g_error ("no case uses the fixture %s", path);
              used++;
              continue;
            }
          while ((name = g_dir_read_name (inner)) != NULL)
            {
              g_autofree char *file = g_build_filename (path, name, NULL);

              if (!g_hash_table_contains (corpus.files, file))
                g_error ("no case uses the fixture %s", file);
              used++;
            }
        }
    }
  g_test_message ("%u fixture files, %u files named by %u cases", used, g_hash_table_size (corpus.files),
                  json_array_get_length (corpus.cases));
  g_assert_cmpuint (g_hash_table_size (corpus.files), >=, 50);
}

static void
setup (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *cases = NULL;
  g_autofree char *script = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  const char *argv[4];
  int status = -1;

  corpus.dir = csl_test_make_tmpdir ();
  corpus.ws = g_build_filename (corpus.dir, "workspace", NULL);
  corpus.gen = g_build_filename (corpus.dir, "generated", NULL);
  corpus.tmp = g_build_filename (corpus.dir, "out", NULL);
  corpus.src = g_strdup (g_getenv ("G_TEST_SRCDIR"));
  g_assert_nonnull (corpus.src);
  corpus.bad = g_build_filename (corpus.src, "data", "bad", NULL);
  g_mkdir (corpus.tmp, 0700);

  script = g_build_filename (corpus.bad, "make-fixtures.py", NULL);
  argv[0] = "python3";
  argv[1] = script;
  argv[2] = corpus.gen;
  argv[3] = corpus.src;
  {
    const char *full[] = { argv[0], argv[1], argv[2], argv[3], NULL };

    g_spawn_sync (NULL, (char **) full, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  csl_test_filing_open (&corpus.ids, corpus.ws, FALSE);
  categories = csl_catalogue_list (corpus.ids.ws, &error);
  g_assert_no_error (error);
  corpus.categories = categories->len;
  /* The CLI opens the workspace itself. */
  csl_test_filing_close (&corpus.ids);

  cases = g_build_filename (corpus.bad, "cases.json", NULL);
  json_parser_load_from_file (parser, cases, &error);
  g_assert_no_error (error);
  corpus.cases = json_array_ref (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                               "cases"));
  corpus.files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < json_array_get_length (corpus.cases); i++)
    {
      JsonObject *c = json_array_get_object_element (corpus.cases, i);
      const char *file = json_object_get_string_member_with_default (c, "file", NULL);

      if (file != NULL)
        g_hash_table_add (corpus.files, expand (file));
    }
}

static void
teardown (void)
{
  csl_test_rm_rf (corpus.dir);
  g_free (corpus.dir);
  g_free (corpus.ws);
  g_free (corpus.gen);
  g_free (corpus.tmp);
  g_free (corpus.bad);
  g_free (corpus.src);
  g_hash_table_unref (corpus.files);
  json_array_unref (corpus.cases);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  setup ();
  for (guint i = 0; i < json_array_get_length (corpus.cases); i++)
    {
      JsonObject *c = json_array_get_object_element (corpus.cases, i);
      g_autofree char *path = g_strdup_printf ("/bad-input/%s", json_object_get_string_member (c, "name"));

      g_test_add_data_func (path, GUINT_TO_POINTER (i), run_case);
    }
  /* A suite made last runs last (GTest runs a suite's own tests before its sub-suites). */
  g_test_add_func ("/bad-input/~after/corpus-complete", test_corpus_complete);
  g_test_add_func ("/bad-input/~after/nothing-written", test_nothing_written);
  status = g_test_run ();
  teardown ();
  return status;
}
