/* csl-filer-pdf-helper: the only process that lets poppler parse a user's PDF. The PDF comes
 * in on standard input (an open, read-only file: the helper needs no path and, under
 * bubblewrap or flatpak-spawn, sees no user file at all); the answer goes out as frames
 * (csl-pdf-frame.h) on standard output. It limits itself before reading a byte:
 *   csl-filer-pdf-helper [--cpu-seconds N] [--memory-mib N] probe | inspect [--text] | thumbnail WIDTH
 * Exit status 0 whenever it answered (also for a damaged PDF: that is an answer), 2 for bad
 * usage; anything else — a signal, a limit — the parent reports as the helper's failure. */

/* memmem() */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "documents/csl-pdf-frame.h"
#include "csl-pdf-helper-private.h"

#ifdef CSL_PDF_ASAN
/* LeakSanitizer in a sanitizer build: fontconfig's caches live until exit by design (as in
 * build-aux/lsan.supp, which the sandbox cannot see). */
const char *__lsan_default_suppressions (void);
const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n";
}
#endif

static int out_fd = -1;

gboolean
helper_write_frame (const char   *tag,
                    const void   *data,
                    gsize         len)
{
  guint8 header[CSL_PDF_FRAME_HEADER];
  const guint8 *parts[2] = { header, data };
  gsize sizes[2] = { sizeof header, len };

  if (len > G_MAXUINT32)
    return FALSE;
  memcpy (header, tag, 4);
  header[4] = (guint8) (len >> 24);
  header[5] = (guint8) (len >> 16);
  header[6] = (guint8) (len >> 8);
  header[7] = (guint8) len;
  for (guint i = 0; i < 2; i++)
    {
      gsize done = 0;

      while (done < sizes[i])
        {
          ssize_t n = write (out_fd, parts[i] + done, sizes[i] - done);

          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            return FALSE;
          done += (gsize) n;
        }
    }
  return TRUE;
}

gboolean
helper_write_json (const char *tag,
                   JsonNode   *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  return helper_write_frame (tag, text, strlen (text));
}

gboolean
helper_fail (const char *code,
             const char *detail)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "detail");
  json_builder_add_string_value (b, detail ? detail : "");
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  return helper_write_json (CSL_PDF_FRAME_FAIL, node);
}

static gboolean
set_limit (int      resource,
           rlim_t   value)
{
  struct rlimit limit = { value, value };

  if (resource == RLIMIT_CPU)
    limit.rlim_max = value + 1;  /* SIGXCPU at the soft limit, SIGKILL a second later */
  return setrlimit (resource, &limit) == 0;
}

/* Hard limits, so that nothing the PDF makes the helper do can raise them again. */
static gboolean
apply_limits (guint cpu_seconds,
              guint memory_mib)
{
  gboolean ok = TRUE;

  /* No core file full of a user's document. */
  ok &= set_limit (RLIMIT_CORE, 0);
  if (cpu_seconds > 0)
    ok &= set_limit (RLIMIT_CPU, cpu_seconds);
#ifndef CSL_PDF_ASAN
  /* AddressSanitizer reserves terabytes of address space up front; the parent sets ASan's
   * hard_rss_limit_mb instead. */
  if (memory_mib > 0)
    ok &= set_limit (RLIMIT_AS, (rlim_t) memory_mib * 1024 * 1024);
#endif
  ok &= prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0;
  return ok;
}

/* Whether the PDF on fd holds marker (read with pread, so poppler still starts at 0). */
static gboolean
input_contains (int         fd,
                const char *marker)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 chunk[65536];
  ssize_t n;

  while (data->len < 64 * 1024 * 1024 &&
         (n = pread (fd, chunk, sizeof chunk, (off_t) data->len)) > 0)
    g_byte_array_append (data, chunk, (guint) n);
  return data->len > 0 && memmem (data->data, data->len, marker, strlen (marker)) != NULL;
}

/* The test hooks (CSL_FILER_PDF_HELPER_TEST=ACTION or ACTION:MARKER, the latter only for a
 * PDF that contains MARKER): what a hostile PDF could make poppler do. */
static void
run_test_hook (const char *value)
{
  g_auto(GStrv) parts = value != NULL ? g_strsplit (value, ":", 2) : NULL;
  const char *hook = parts != NULL ? parts[0] : NULL;

  if (hook == NULL || (parts[1] != NULL && !input_contains (STDIN_FILENO, parts[1])))
    return;
  if (g_strcmp0 (hook, "crash") == 0)
    raise (SIGSEGV);
  else if (g_strcmp0 (hook, "hang") == 0)
    {
      for (;;)
        pause ();
    }
  else if (g_strcmp0 (hook, "spin") == 0)
    {
      volatile guint64 n = 0;

      for (;;)
        n++;
    }
  else if (g_strcmp0 (hook, "oom") == 0)
    {
      GSList *blocks = NULL;

      for (;;)
        {
          char *block = g_malloc (16 * 1024 * 1024);

          memset (block, 1, 16 * 1024 * 1024);
          blocks = g_slist_prepend (blocks, block);
        }
    }
  else if (g_strcmp0 (hook, "garbage") == 0)
    {
      helper_write_frame ("JUNK", "\0\1\2", 3);
      exit (0);
    }
  else if (g_strcmp0 (hook, "bad-json") == 0)
    {
      helper_write_frame (CSL_PDF_FRAME_INFO, "{\"n_pages\": \"many\"}", 19);
      exit (0);
    }
  else if (g_strcmp0 (hook, "flood") == 0)
    {
      static const char block[65536];

      helper_write_frame (CSL_PDF_FRAME_TEXT, NULL, 0);
      for (;;)
        if (write (out_fd, block, sizeof block) < 0 && errno != EINTR)
          exit (0);
    }
}

static guint
parse_uint (const char *text)
{
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT, &value, NULL))
    {
      fprintf (stderr, "csl-filer-pdf-helper: “%s” is not a number\n", text ? text : "");
      exit (2);
    }
  return (guint) value;
}

int
main (int   argc,
      char *argv[])
{
  guint cpu_seconds = 0, memory_mib = 0;
  int i = 1;

  for (; i + 1 < argc && g_str_has_prefix (argv[i], "--"); i += 2)
    {
      if (strcmp (argv[i], "--cpu-seconds") == 0)
        cpu_seconds = parse_uint (argv[i + 1]);
      else if (strcmp (argv[i], "--memory-mib") == 0)
        memory_mib = parse_uint (argv[i + 1]);
      else
        break;
    }
  if (i >= argc)
    {
      fprintf (stderr, "usage: csl-filer-pdf-helper [--cpu-seconds N] [--memory-mib N] "
                       "probe | inspect [--text] [--thumbnail WIDTH] | thumbnail WIDTH < FILE.pdf\n");
      return 2;
    }
  if (!apply_limits (cpu_seconds, memory_mib))
    {
      perror ("csl-filer-pdf-helper: cannot limit itself");
      return 1;
    }
  /* Frames go to a descriptor of their own; anything a library prints goes to stderr. */
  out_fd = dup (STDOUT_FILENO);
  if (out_fd < 0 || dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
    {
      perror ("csl-filer-pdf-helper");
      return 1;
    }

  if (strcmp (argv[i], "probe") == 0)
    return 0;
  run_test_hook (g_getenv (CSL_PDF_HELPER_TEST_ENV));
  if (strcmp (argv[i], "inspect") == 0)
    {
      gboolean text = FALSE;
      guint thumbnail = 0;

      for (int j = i + 1; j < argc; j++)
        {
          if (strcmp (argv[j], "--text") == 0)
            text = TRUE;
          else if (strcmp (argv[j], "--thumbnail") == 0 && j + 1 < argc)
            thumbnail = parse_uint (argv[++j]);
          else
            {
              fprintf (stderr, "csl-filer-pdf-helper: unknown inspect option “%s”\n", argv[j]);
              return 2;
            }
        }
      if (thumbnail > CSL_PDF_THUMBNAIL_MAX_WIDTH)
        {
          fprintf (stderr, "csl-filer-pdf-helper: width %u is more than %d\n", thumbnail,
                   CSL_PDF_THUMBNAIL_MAX_WIDTH);
          return 2;
        }
      return helper_inspect (STDIN_FILENO, text, (int) thumbnail) ? 0 : 1;
    }
  if (strcmp (argv[i], "thumbnail") == 0 && i + 1 < argc)
    {
      guint width = parse_uint (argv[i + 1]);

      if (width < 1 || width > CSL_PDF_THUMBNAIL_MAX_WIDTH)
        {
          fprintf (stderr, "csl-filer-pdf-helper: width %u is not from 1 to %d\n", width,
                   CSL_PDF_THUMBNAIL_MAX_WIDTH);
          return 2;
        }
      return helper_thumbnail (STDIN_FILENO, (int) width) ? 0 : 1;
    }
  fprintf (stderr, "csl-filer-pdf-helper: unknown command “%s”\n", argv[i]);
  return 2;
}
