#include "config.h"

#include <openssl/evp.h>
#include <string.h>

#include "base/csl-sha256.h"

struct _CslSha256
{
  EVP_MD_CTX *ctx;
  gboolean    finished;
};

CslSha256 *
csl_sha256_new (void)
{
  CslSha256 *sha = g_new0 (CslSha256, 1);

  sha->ctx = EVP_MD_CTX_new ();
  if (sha->ctx == NULL || EVP_DigestInit_ex (sha->ctx, EVP_sha256 (), NULL) != 1)
    g_error ("OpenSSL cannot compute SHA-256");
  return sha;
}

void
csl_sha256_update (CslSha256  *sha,
                   const void *data,
                   gsize       len)
{
  g_return_if_fail (!sha->finished);
  EVP_DigestUpdate (sha->ctx, data, len);
}

char *
csl_sha256_finish (CslSha256 *sha)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  char *hex;

  g_return_val_if_fail (!sha->finished, NULL);
  sha->finished = TRUE;
  EVP_DigestFinal_ex (sha->ctx, md, &len);
  hex = g_malloc (len * 2 + 1);
  for (unsigned int i = 0; i < len; i++)
    {
      hex[2 * i] = "0123456789abcdef"[md[i] >> 4];
      hex[2 * i + 1] = "0123456789abcdef"[md[i] & 0x0f];
    }
  hex[len * 2] = '\0';
  return hex;
}

void
csl_sha256_free (CslSha256 *sha)
{
  if (sha == NULL)
    return;
  EVP_MD_CTX_free (sha->ctx);
  g_free (sha);
}

/* ---- hashing on another core ----------------------------------------------------------- */

/* At most this much copied data waits for the worker: memory stays flat when the producer is
 * faster than the hash (reading stored entries), and costs nothing when it is slower (deflate). */
#define MAX_IN_FLIGHT (8 * 1024 * 1024)

typedef struct
{
  CslSha256 *sha;
  gsize      len;
  guint8     data[];
} Job;

struct _CslSha256Worker
{
  GThread  *thread;
  GMutex    lock;
  GCond     cond;
  GQueue    jobs;
  gsize     in_flight;   /* bytes queued or being hashed */
  gboolean  quit;
};

static gpointer
worker_main (gpointer data)
{
  CslSha256Worker *w = data;

  g_mutex_lock (&w->lock);
  for (;;)
    {
      Job *job;

      while (g_queue_is_empty (&w->jobs) && !w->quit)
        g_cond_wait (&w->cond, &w->lock);
      if (g_queue_is_empty (&w->jobs))
        break;
      job = g_queue_pop_head (&w->jobs);
      g_mutex_unlock (&w->lock);
      csl_sha256_update (job->sha, job->data, job->len);
      g_mutex_lock (&w->lock);
      w->in_flight -= job->len;
      g_free (job);
      g_cond_broadcast (&w->cond);
    }
  g_mutex_unlock (&w->lock);
  return NULL;
}

CslSha256Worker *
csl_sha256_worker_new (void)
{
  CslSha256Worker *w = g_new0 (CslSha256Worker, 1);

  g_mutex_init (&w->lock);
  g_cond_init (&w->cond);
  g_queue_init (&w->jobs);
  w->thread = g_thread_new ("csl-sha256", worker_main, w);
  return w;
}

void
csl_sha256_worker_update (CslSha256Worker *w,
                          CslSha256       *sha,
                          const void      *data,
                          gsize            len)
{
  Job *job;

  if (len == 0)
    return;
  job = g_malloc (sizeof (Job) + len);
  job->sha = sha;
  job->len = len;
  memcpy (job->data, data, len);
  g_mutex_lock (&w->lock);
  while (w->in_flight > 0 && w->in_flight + len > MAX_IN_FLIGHT)
    g_cond_wait (&w->cond, &w->lock);
  w->in_flight += len;
  g_queue_push_tail (&w->jobs, job);
  g_cond_broadcast (&w->cond);
  g_mutex_unlock (&w->lock);
}

void
csl_sha256_worker_wait (CslSha256Worker *w)
{
  g_mutex_lock (&w->lock);
  while (w->in_flight > 0)
    g_cond_wait (&w->cond, &w->lock);
  g_mutex_unlock (&w->lock);
}

void
csl_sha256_worker_free (CslSha256Worker *w)
{
  if (w == NULL)
    return;
  g_mutex_lock (&w->lock);
  w->quit = TRUE;
  g_cond_broadcast (&w->cond);
  g_mutex_unlock (&w->lock);
  /* The worker finishes what is queued: the digests it updates may still be read. */
  g_thread_join (w->thread);
  g_mutex_clear (&w->lock);
  g_cond_clear (&w->cond);
  g_free (w);
}
