/* Runs the PDF helper and collects what it says, trusting none of it: its output is capped,
 * its time is capped (the parent kills it), and how it ended decides the error. Everything
 * runs on a private main context, so any thread may call this (the GUI stages attachments
 * and draws thumbnails in worker threads). */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "base/csl-error.h"
#include "documents/csl-pdf-frame.h"
#include "documents/csl-pdf-helper.h"

#define STDERR_KEPT (64 * 1024)
#define CHUNK       (64 * 1024)

void
csl_pdf_frame_free (CslPdfFrame *frame)
{
  if (frame == NULL)
    return;
  g_bytes_unref (frame->payload);
  g_free (frame);
}

void
csl_pdf_run_clear (CslPdfRun *run)
{
  g_clear_pointer (&run->out, g_byte_array_unref);
  g_clear_pointer (&run->err, g_byte_array_unref);
}

typedef struct
{
  CslPdfRun    *run;
  GSubprocess  *proc;
  GCancellable *stop;         /* ends the reads once the process is being killed */
  gsize         max_output;
  guint8        out_chunk[CHUNK];
  guint8        err_chunk[4096];
  int           pending;      /* reads and the wait still running */
} Pump;

static void
kill_child (Pump *pump)
{
  g_subprocess_force_exit (pump->proc);
  g_cancellable_cancel (pump->stop);
}

static void read_out (Pump *pump);
static void read_err (Pump *pump);

static void
out_done (GObject      *stream,
          GAsyncResult *result,
          gpointer      data)
{
  Pump *pump = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (stream), result, NULL);

  if (n > 0 && pump->run->out->len + (gsize) n > pump->max_output)
    {
      pump->run->overflow = TRUE;
      kill_child (pump);
    }
  else if (n > 0)
    {
      g_byte_array_append (pump->run->out, pump->out_chunk, (guint) n);
      read_out (pump);
      return;
    }
  pump->pending--;
}

static void
err_done (GObject      *stream,
          GAsyncResult *result,
          gpointer      data)
{
  Pump *pump = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (stream), result, NULL);

  if (n > 0)
    {
      /* Read it all so that the helper never blocks on a full pipe; keep the start. */
      if (pump->run->err->len < STDERR_KEPT)
        g_byte_array_append (pump->run->err, pump->err_chunk, (guint) MIN ((gsize) n, STDERR_KEPT - pump->run->err->len));
      read_err (pump);
      return;
    }
  pump->pending--;
}

static void
read_out (Pump *pump)
{
  g_input_stream_read_async (g_subprocess_get_stdout_pipe (pump->proc), pump->out_chunk, sizeof pump->out_chunk,
                             G_PRIORITY_DEFAULT, pump->stop, out_done, pump);
}

static void
read_err (Pump *pump)
{
  g_input_stream_read_async (g_subprocess_get_stderr_pipe (pump->proc), pump->err_chunk, sizeof pump->err_chunk,
                             G_PRIORITY_DEFAULT, pump->stop, err_done, pump);
}

static void
wait_done (GObject      *proc,
           GAsyncResult *result,
           gpointer      data)
{
  Pump *pump = data;

  g_subprocess_wait_finish (G_SUBPROCESS (proc), result, NULL);
  pump->pending--;
}

static gboolean
timed_out (gpointer data)
{
  Pump *pump = data;

  pump->run->timed_out = TRUE;
  kill_child (pump);
  return G_SOURCE_REMOVE;
}

/* Runs in the thread that cancels: only wakes the loop, which looks at the cancellable.
 * (GLib 2.74's GCancellableSource leaks when cancelled from another thread while it is
 * being disposed, which is exactly what happens here.) */
static void
cancelled (GCancellable *cancellable,
           gpointer      context)
{
  g_main_context_wakeup (context);
}

gboolean
csl_pdf_run_process (const char *const  *argv,
                     const char *const  *envp,
                     int                 stdin_fd,
                     double              timeout_seconds,
                     gsize               max_output,
                     GCancellable       *cancellable,
                     CslPdfRun          *run,
                     GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) stop = g_cancellable_new ();
  g_autoptr(GSource) timeout = NULL;
  g_autofree Pump *pump = g_new0 (Pump, 1);
  gulong cancel_handler = 0;

  run->out = g_byte_array_new ();
  run->err = g_byte_array_new ();
  run->exit_status = -1;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_environ (launcher, (char **) envp);
  g_subprocess_launcher_set_cwd (launcher, "/");
  if (stdin_fd >= 0)
    g_subprocess_launcher_take_stdin_fd (launcher, stdin_fd);

  g_main_context_push_thread_default (context);
  pump->proc = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (pump->proc == NULL)
    {
      g_main_context_pop_thread_default (context);
      return FALSE;
    }
  pump->run = run;
  pump->stop = stop;
  pump->max_output = max_output;
  pump->pending = 3;
  read_out (pump);
  read_err (pump);
  g_subprocess_wait_async (pump->proc, NULL, wait_done, pump);

  timeout = g_timeout_source_new ((guint) (timeout_seconds * 1000));
  g_source_set_callback (timeout, timed_out, pump, NULL);
  g_source_attach (timeout, context);
  if (cancellable != NULL)
    cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled), context, NULL);
  while (pump->pending > 0)
    {
      if (!run->cancelled && g_cancellable_is_cancelled (cancellable))
        {
          run->cancelled = TRUE;
          kill_child (pump);
        }
      g_main_context_iteration (context, TRUE);
    }
  /* Waits for a handler running in another thread: context outlives it. */
  g_cancellable_disconnect (cancellable, cancel_handler);
  g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);

  if (g_subprocess_get_if_signaled (pump->proc))
    run->signal = g_subprocess_get_term_sig (pump->proc);
  else if (g_subprocess_get_if_exited (pump->proc))
    run->exit_status = g_subprocess_get_exit_status (pump->proc);
  g_clear_object (&pump->proc);
  return TRUE;
}

/* ---- the helper -------------------------------------------------------------------------- */

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static GPtrArray *
split_frames (GByteArray *out)
{
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_pdf_frame_free);
  static const char *const tags[] = { CSL_PDF_FRAME_INFO, CSL_PDF_FRAME_TEXT, CSL_PDF_FRAME_THUMBNAIL,
                                      CSL_PDF_FRAME_FAIL };
  gsize at = 0;

  while (at < out->len)
    {
      CslPdfFrame *frame;
      gboolean known = FALSE;
      guint32 len;

      if (out->len - at < CSL_PDF_FRAME_HEADER)
        return NULL;
      for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
        known |= memcmp (out->data + at, tags[i], 4) == 0;
      len = be32 (out->data + at + 4);
      if (!known || len > out->len - at - CSL_PDF_FRAME_HEADER)
        return NULL;
      frame = g_new0 (CslPdfFrame, 1);
      memcpy (frame->tag, out->data + at, 4);
      frame->payload = g_bytes_new (out->data + at + CSL_PDF_FRAME_HEADER, len);
      g_ptr_array_add (frames, frame);
      at += CSL_PDF_FRAME_HEADER + len;
    }
  return frames->len > 0 ? g_steal_pointer (&frames) : NULL;
}

static gboolean
looks_out_of_memory (GByteArray *err)
{
  static const char *const marks[] = { "failed to allocate", "bad_alloc", "out of memory", "out-of-memory",
                                       "rss limit", "allocation-size-too-big" };
  g_autofree char *text = NULL;

  if (err->len == 0)
    return FALSE;
  text = g_ascii_strdown ((const char *) err->data, (gssize) err->len);
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (strstr (text, marks[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* How the helper ended, as a sentence about the file. */
static void
set_failure (const CslPdfRun    *run,
             const CslPdfLimits *limits,
             const char         *display_name,
             GError            **error)
{
  int sig = run->signal;

  if (run->timed_out)
    g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_HELPER,
                 _("Cannot read “%s”: the PDF reader took longer than %g s and was stopped; the file may be built to make PDF readers hang"),
                 display_name, limits->timeout_seconds);
  else if (run->overflow)
    g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_HELPER,
                 _("Cannot read “%s”: the PDF reader answered with more data than any PDF gives and was stopped"),
                 display_name);
  else if (sig == SIGXCPU)
    g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_HELPER,
                 _("Cannot read “%s”: the PDF reader used more than its %u s of processor time and was stopped"),
                 display_name, limits->cpu_seconds);
  else if (sig == SIGKILL)
    g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_HELPER,
                 _("Cannot read “%s”: the system stopped the PDF reader, which used too much processor time or memory"),
                 display_name);
  else if ((sig != 0 || run->exit_status != 0) && looks_out_of_memory (run->err))
    g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_HELPER,
                 _("Cannot read “%s”: the PDF reader ran out of memory (its limit is %u MiB)"),
                 display_name, limits->memory_mib);
  else if (sig != 0)
    g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_HELPER,
                 _("Cannot read “%s”: the PDF reader crashed (%s); the file may be damaged or built to attack PDF readers"),
                 display_name, g_strsignal (sig));
  else
    g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_HELPER,
                 _("Cannot read “%s”: the PDF reader failed (exit status %d)"), display_name, run->exit_status);
}

GPtrArray *
csl_pdf_helper_run (const char         *path,
                    const char         *display_name,
                    const char *const  *args,
                    gsize               max_output,
                    GCancellable       *cancellable,
                    GError            **error)
{
  CslPdfSandbox sandbox;
  CslPdfLimits limits;
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) envp = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) frames = NULL;
  CslPdfRun run = { 0 };
  int fd;

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !csl_pdf_sandbox_choose (&sandbox, error))
    return NULL;
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot read “%s”: %s"), display_name, g_strerror (saved));
      return NULL;
    }
  csl_pdf_limits_get (&limits);
  argv = csl_pdf_sandbox_argv (sandbox, &limits, args);
  envp = csl_pdf_sandbox_environ (sandbox, &limits);
  if (!csl_pdf_run_process ((const char *const *) argv, (const char *const *) envp, fd, limits.timeout_seconds,
                            max_output, cancellable, &run, &local_error))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_HELPER, _("Cannot read “%s”: the PDF reader %s did not start: %s"),
                   display_name, argv[0], local_error->message);
      csl_pdf_run_clear (&run);
      return NULL;
    }
  /* bubblewrap and flatpak-spawn report a command killed by a signal as 128 + its number. */
  if (sandbox != CSL_PDF_SANDBOX_NONE && run.exit_status > 128 && run.exit_status < 128 + 65)
    {
      run.signal = run.exit_status - 128;
      run.exit_status = -1;
    }
  /* The one way of knowing why it failed, for whoever debugs it. */
  if (run.err->len > 0)
    g_debug ("PDF helper on %s said: %.*s", display_name, (int) MIN (run.err->len, 4000), (const char *) run.err->data);

  if (run.cancelled)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
  else if (run.timed_out || run.overflow || run.signal != 0 || run.exit_status != 0)
    set_failure (&run, &limits, display_name, error);
  else if ((frames = split_frames (run.out)) == NULL)
    g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_HELPER,
                 _("Cannot read “%s”: the PDF reader gave an answer that makes no sense"), display_name);
  csl_pdf_run_clear (&run);
  return g_steal_pointer (&frames);
}
