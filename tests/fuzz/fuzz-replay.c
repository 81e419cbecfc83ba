/* Without libFuzzer: runs a harness over every file of its seed corpus, once, so that the
 * corpus (and every crasher added to it) stays a regression test in an ordinary build. */

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static guint
replay_dir (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint n = 0;

  if (dir == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      exit (1);
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  /* In name order, so that a failure reproduces the same way every time. */
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (path, names->pdata[i], NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_test (file, G_FILE_TEST_IS_DIR))
        continue;
      if (!g_file_get_contents (file, &contents, &len, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          exit (1);
        }
      fprintf (stderr, "%s (%zu bytes)\n", file, len);
      LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
      n++;
    }
  return n;
}

int
main (int   argc,
      char *argv[])
{
  guint n = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s CORPUS_DIR…\n", argv[0]);
      return 2;
    }
  for (int i = 1; i < argc; i++)
    n += replay_dir (argv[i]);
  /* An empty corpus would make this test pass without testing anything. */
  if (n == 0)
    {
      fprintf (stderr, "no input found\n");
      return 1;
    }
  printf ("replayed %u inputs\n", n);
  return 0;
}
