#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "base/csl-blob-stream.h"
#include "base/csl-error.h"
#include "base/csl-sha256.h"

struct _CslBlobStream
{
  GInputStream  parent_instance;

  GInputStream *base;
  CslSha256    *checksum;
  char         *actual_sha256;    /* once the end is reached */
  char         *expected_sha256;
  gint64        expected_size;
  gint64        seen;
  char         *display_name;
  gboolean      verified;
};

G_DEFINE_FINAL_TYPE (CslBlobStream, csl_blob_stream, G_TYPE_INPUT_STREAM)

static gboolean
verify_end (CslBlobStream  *self,
            GError        **error)
{
  const char *actual;

  if (self->verified)
    return TRUE;
  if (self->seen != self->expected_size)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                   _("The stored document %s is damaged: it has %" PRId64 " bytes, not %" PRId64),
                   self->display_name, self->seen, self->expected_size);
      return FALSE;
    }
  if (self->actual_sha256 == NULL)
    self->actual_sha256 = csl_sha256_finish (self->checksum);
  actual = self->actual_sha256;
  if (g_ascii_strcasecmp (actual, self->expected_sha256) != 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                   _("The stored document %s is damaged: its SHA-256 is now %s, not %s"),
                   self->display_name, actual, self->expected_sha256);
      return FALSE;
    }
  self->verified = TRUE;
  return TRUE;
}

static gssize
csl_blob_stream_read (GInputStream  *stream,
                      void          *buffer,
                      gsize          count,
                      GCancellable  *cancellable,
                      GError       **error)
{
  CslBlobStream *self = CSL_BLOB_STREAM (stream);
  gssize n = g_input_stream_read (self->base, buffer, count, cancellable, error);

  if (n < 0)
    return -1;
  if (n == 0 && count > 0)
    return verify_end (self, error) ? 0 : -1;
  if (self->actual_sha256 != NULL)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                   _("The stored document %s is damaged: it grew while it was read"), self->display_name);
      return -1;
    }
  csl_sha256_update (self->checksum, buffer, (gsize) n);
  self->seen += n;
  return n;
}

static gboolean
csl_blob_stream_close (GInputStream  *stream,
                       GCancellable  *cancellable,
                       GError       **error)
{
  CslBlobStream *self = CSL_BLOB_STREAM (stream);

  return g_input_stream_close (self->base, cancellable, error);
}

static void
csl_blob_stream_finalize (GObject *object)
{
  CslBlobStream *self = CSL_BLOB_STREAM (object);

  g_clear_object (&self->base);
  csl_sha256_free (self->checksum);
  g_free (self->actual_sha256);
  g_free (self->expected_sha256);
  g_free (self->display_name);
  G_OBJECT_CLASS (csl_blob_stream_parent_class)->finalize (object);
}

static void
csl_blob_stream_class_init (CslBlobStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = csl_blob_stream_finalize;
  stream_class->read_fn = csl_blob_stream_read;
  stream_class->close_fn = csl_blob_stream_close;
  /* The default skip reads through read_fn (this stream is not seekable), so skipped bytes are
   * hashed as well. */
}

static void
csl_blob_stream_init (CslBlobStream *self)
{
  self->checksum = csl_sha256_new ();
}

GInputStream *
csl_blob_stream_new (GInputStream *base,
                     const char   *expected_sha256,
                     gint64        expected_size,
                     const char   *display_name)
{
  CslBlobStream *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base), NULL);
  g_return_val_if_fail (expected_sha256 != NULL, NULL);

  self = g_object_new (CSL_TYPE_BLOB_STREAM, NULL);
  self->base = g_object_ref (base);
  self->expected_sha256 = g_strdup (expected_sha256);
  self->expected_size = expected_size;
  self->display_name = g_strdup (display_name ? display_name : expected_sha256);
  return G_INPUT_STREAM (self);
}
