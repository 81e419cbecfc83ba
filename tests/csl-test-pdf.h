#pragma once

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <poppler.h>
#include <string.h>

/* PDF fixtures made by the tests themselves, plus poppler to read back what the app wrote. */

/* One page per string, text wrapped to the page, with a title in the document information. */
static inline void
csl_test_make_pdf (const char         *path,
                   const char         *title,
                   const char *const  *pages)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595.276, 841.89);
  cairo_t *cr = cairo_create (surface);
  PangoFontDescription *font = pango_font_description_from_string ("Noto Sans CJK SC, WenQuanYi Micro Hei, Sans 11");

  if (title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  for (guint i = 0; pages[i] != NULL; i++)
    {
      PangoLayout *layout = pango_cairo_create_layout (cr);

      pango_layout_set_font_description (layout, font);
      pango_layout_set_width (layout, 480 * PANGO_SCALE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_text (layout, pages[i], -1);
      cairo_move_to (cr, 56, 56);
      pango_cairo_show_layout (cr, layout);
      cairo_show_page (cr);
      g_object_unref (layout);
    }
  pango_font_description_free (font);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static inline void
csl_test_make_pdf1 (const char *path,
                    const char *text)
{
  const char *pages[] = { text, NULL };

  csl_test_make_pdf (path, NULL, pages);
}

/* A copy of in that needs the password "secret" to open. */
static inline void
csl_test_encrypt_pdf (const char *in,
                      const char *out)
{
  const char *argv[] = { "qpdf", "--encrypt", "secret", "owner-secret", "256", "--", in, out, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* The first len bytes of in. */
static inline void
csl_test_truncate_copy (const char *in,
                        const char *out,
                        gsize       len)
{
  g_autofree char *data = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (in, &data, &size, NULL));
  g_assert_cmpuint (len, <, size);
  g_assert_true (g_file_set_contents (out, data, (gssize) len, NULL));
}

static inline gsize
csl_test_file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (gsize) st.st_size;
}

/* Every page's text, as poppler reads it. */
static inline char *
csl_test_pdf_text (const char *path,
                   int        *n_pages)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_file (uri, NULL, &error);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  if (n_pages != NULL)
    *n_pages = poppler_document_get_n_pages (doc);
  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      PopplerPage *page = poppler_document_get_page (doc, i);
      g_autofree char *page_text = poppler_page_get_text (page);

      g_string_append (text, page_text);
      g_string_append_c (text, '\n');
      g_object_unref (page);
    }
  g_object_unref (doc);
  return g_string_free (text, FALSE);
}

/* Text extraction breaks lines where the layout wrapped: compare without white space. */
static inline char *
csl_test_squash (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

static inline void
csl_test_assert_mentions (const char *text,
                          const char *value)
{
  g_autofree char *haystack = csl_test_squash (text);
  g_autofree char *needle = csl_test_squash (value);

  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in the text:\n%s", value, text);
}

static inline guint
csl_test_count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        n += csl_test_count_files (child);
      else
        n++;
    }
  return n;
}
