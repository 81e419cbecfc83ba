#pragma once

/* The members of a bundle read with plain libarchive (the tests' own trusted reader) and
 * written again with our writer, so that a test can build a bad container from a good one and
 * only the change it made matters. */

#include <archive.h>
#include <archive_entry.h>
#include <string.h>

#include "bundle/csl-zip-writer.h"

typedef struct
{
  char   *name;
  GBytes *data;
} CslTestMember;

static inline void
csl_test_member_free (CslTestMember *m)
{
  g_free (m->name);
  g_bytes_unref (m->data);
  g_free (m);
}

static inline GPtrArray *
csl_test_read_members (const char *path)
{
  GPtrArray *members = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_test_member_free);
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;

  archive_read_support_format_zip_seekable (a);
  g_assert_cmpint (archive_read_open_filename (a, path, 65536), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      CslTestMember *m = g_new0 (CslTestMember, 1);
      GByteArray *array = g_byte_array_new ();
      guint8 buffer[8192];
      la_ssize_t n;

      while ((n = archive_read_data (a, buffer, sizeof buffer)) > 0)
        g_byte_array_append (array, buffer, (guint) n);
      g_assert_cmpint (n, ==, 0);
      m->name = g_strdup (archive_entry_pathname (entry));
      m->data = g_byte_array_free_to_bytes (array);
      g_ptr_array_add (members, m);
    }
  archive_read_free (a);
  return members;
}

/* NULL when the container has no such member. */
static inline CslTestMember *
csl_test_find_member (GPtrArray  *members,
                      const char *name)
{
  for (guint i = 0; i < members->len; i++)
    if (g_strcmp0 (((CslTestMember *) members->pdata[i])->name, name) == 0)
      return members->pdata[i];
  return NULL;
}

/* "stored" names the one member written stored, as ASiC-E wants its mimetype (or none). */
static inline void
csl_test_write_members (const char *path,
                        GPtrArray  *members,
                        const char *stored)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, 0, NULL, &error);
  g_autoptr(CslZipWriter) writer = NULL;

  g_assert_no_error (error);
  writer = csl_zip_writer_new (G_OUTPUT_STREAM (out), CSL_TEST_CREATED, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < members->len; i++)
    {
      CslTestMember *m = members->pdata[i];

      if (g_strcmp0 (m->name, stored) == 0)
        g_assert_true (csl_zip_writer_add_stored_bytes (writer, m->name, m->data, &error));
      else
        g_assert_true (csl_zip_writer_add_bytes (writer, m->name, m->data, NULL, &error));
    }
  g_assert_true (csl_zip_writer_finish (writer, &error));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
}
