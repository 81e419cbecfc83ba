#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Private to csl-pdf.c: running csl-filer-pdf-helper (csl-pdf-helper.c) in the sandbox this
 * machine allows (csl-pdf-sandbox.c). */

typedef struct
{
  char    tag[5];
  GBytes *payload;
} CslPdfFrame;

void       csl_pdf_frame_free      (CslPdfFrame   *frame);

/* Runs the helper with args (after its limit options) on the file at path, which becomes its
 * standard input, and returns the frames it wrote (of CslPdfFrame), at most max_output bytes
 * of them. Errors: CSL_ERROR_IO when path cannot be opened, G_IO_ERROR_CANCELLED, and
 * CSL_ERROR_PDF_HELPER — the helper could not start, crashed, ran out of time, processor time
 * or memory, or wrote too much or no valid frames — with a message naming display_name. */
GPtrArray *csl_pdf_helper_run      (const char          *path,
                                    const char          *display_name,
                                    const char *const   *args,
                                    gsize                max_output,
                                    GCancellable        *cancellable,
                                    GError             **error);

/* ---- csl-pdf-sandbox.c ---- */

typedef enum
{
  CSL_PDF_SANDBOX_NONE,       /* resource limits only */
  CSL_PDF_SANDBOX_BWRAP,
  CSL_PDF_SANDBOX_FLATPAK,
} CslPdfSandbox;

typedef struct
{
  double timeout_seconds;     /* wall clock, enforced by the parent (kill) */
  guint  cpu_seconds;         /* RLIMIT_CPU, applied by the helper */
  guint  memory_mib;          /* RLIMIT_AS (or ASan's RSS limit) */
} CslPdfLimits;

const char    *csl_pdf_helper_path     (void);
void           csl_pdf_limits_get      (CslPdfLimits       *limits);
/* Which sandbox to use: CSL_FILER_PDF_SANDBOX=none|bwrap|flatpak|auto (default auto: flatpak-spawn
 * inside Flatpak, else bubblewrap when a probe run under it works, else none). The probe runs
 * once per process. FALSE only when a sandbox was demanded and does not work. */
gboolean       csl_pdf_sandbox_choose  (CslPdfSandbox      *sandbox,
                                        GError            **error);
/* The command line and environment that run the helper with args in sandbox (the environment
 * of the program started: flatpak-spawn's, which passes the helper's on). */
GStrv          csl_pdf_sandbox_argv    (CslPdfSandbox       sandbox,
                                        const CslPdfLimits *limits,
                                        const char *const  *args);
GStrv          csl_pdf_sandbox_environ (CslPdfSandbox       sandbox,
                                        const CslPdfLimits *limits);
/* Runs argv with stdin from fd (taken) and reads stdout and stderr, killing the process when
 * timeout_seconds pass, cancellable fires or stdout passes max_output bytes. Used for the
 * helper and for the probe; fills what happened in. */
typedef struct
{
  GByteArray *out;
  GByteArray *err;            /* the first 64 KiB of it */
  gboolean    timed_out;
  gboolean    overflow;
  gboolean    cancelled;
  int         signal;         /* 0 unless killed by one */
  int         exit_status;    /* -1 when killed by a signal */
} CslPdfRun;

gboolean       csl_pdf_run_process     (const char *const  *argv,
                                        const char *const  *envp,
                                        int                 stdin_fd,
                                        double              timeout_seconds,
                                        gsize               max_output,
                                        GCancellable       *cancellable,
                                        CslPdfRun          *run,
                                        GError            **error);
void           csl_pdf_run_clear       (CslPdfRun          *run);

G_END_DECLS
