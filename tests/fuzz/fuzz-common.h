#pragma once

/* Shared by the libFuzzer harnesses: each defines LLVMFuzzerTestOneInput(), which libFuzzer
 * calls with generated inputs (meson -Dfuzzing=true) or fuzz-replay.c with every file of the
 * seed corpus (an ordinary meson test). */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "workspace/csl-workspace.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A g_critical() (a failed precondition) or a g_warning() is a bug the input provoked, so it
 * is a crash: libFuzzer keeps the input and the replay fails. */
static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_log_writer_standard_streams (level, fields, n_fields, user_data);
      abort ();
    }
  return G_LOG_WRITER_HANDLED;
}

static inline void
fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
  /* Deterministic "today" for the code that reads the calendar. */
  g_setenv ("CSL_FILER_TODAY", "2027-01-15", TRUE);
}

/* The input as a NUL-terminated string (it may hold NULs of its own, which end it early). */
static inline char *
fuzz_string (const uint8_t *data,
             size_t         size)
{
  char *s = g_malloc (size + 1);

  memcpy (s, data, size);
  s[size] = '\0';
  return s;
}

static char *fuzz_tmp_dir;

static void
fuzz_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        fuzz_rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fuzz_remove_tmp_dir (void)
{
  if (fuzz_tmp_dir != NULL)
    fuzz_rm_rf (fuzz_tmp_dir);
  g_clear_pointer (&fuzz_tmp_dir, g_free);
}

/* One folder for the whole run, on tmpfs when there is one (SQLite's fsyncs are cheap
 * there), removed at exit. */
static inline const char *
fuzz_tmp (void)
{
  if (fuzz_tmp_dir == NULL)
    {
      g_autofree char *template = NULL;

      if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && g_access ("/dev/shm", W_OK) == 0)
        template = g_build_filename ("/dev/shm", "csl-fuzz-XXXXXX", NULL);
      else
        template = g_build_filename (g_get_tmp_dir (), "csl-fuzz-XXXXXX", NULL);
      fuzz_tmp_dir = g_mkdtemp (g_steal_pointer (&template));
      if (fuzz_tmp_dir == NULL)
        {
          perror ("mkdtemp");
          abort ();
        }
      atexit (fuzz_remove_tmp_dir);
    }
  return fuzz_tmp_dir;
}

/* A workspace that lives for the whole run. */
static inline CslWorkspace *
fuzz_workspace (void)
{
  static CslWorkspace *ws;

  if (ws == NULL)
    {
      g_autofree char *dir = g_build_filename (fuzz_tmp (), "workspace", NULL);
      g_autoptr(GError) error = NULL;

      ws = csl_workspace_open (dir, &error);
      if (ws == NULL)
        {
          fprintf (stderr, "cannot open a workspace: %s\n", error->message);
          abort ();
        }
    }
  return ws;
}

/* A failed call must say why in the CSL domain. */
static inline void
fuzz_check_error (gboolean     ok,
                  const GError *error)
{
  if (!ok && (error == NULL || error->message == NULL || !g_utf8_validate (error->message, -1, NULL)))
    {
      g_autofree char *shown = error && error->message ? g_strescape (error->message, NULL) : NULL;

      fprintf (stderr, "failed without a valid error message: %s\n", shown ? shown : "(none)");
      abort ();
    }
  if (ok && error != NULL)
    {
      fprintf (stderr, "succeeded but set an error: %s\n", error->message);
      abort ();
    }
}
