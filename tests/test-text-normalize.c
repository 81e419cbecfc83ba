#include "config.h"

#include <string.h>

#include "records/csl-consistency.h"

/* What csl_text_normalize() did before it skipped ASCII: NFKC, case folding, invisible
 * characters dropped, dashes made '-', all over the whole text at once. */
static char *
reference (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *normal = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKC);
  g_autofree char *folded = g_utf8_casefold (normal, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x200B || c == 0x00AD || c == 0xFEFF)
        continue;
      g_string_append_unichar (out, (c >= 0x2010 && c <= 0x2015) || c == 0x2212 ? '-' : c);
    }
  return g_string_free (out, FALSE);
}

/* Characters that compose, decompose, reorder, fold or vanish, next to plain ASCII. */
static const gunichar alphabet[] = {
  'a', 'e', 'A', 'Z', 'o', '1', ' ', '\t', '\n', ':', '-', '.',
  0x0301, 0x0308, 0x0323, 0x0327, 0x030A,   /* combining acute, diaeresis, dot below, cedilla, ring */
  0x00C9, 0x00DF, 0x0130, 0x0131, 0x212B,   /* É, ß, İ, ı, Angstrom sign */
  0xFF21, 0xFF11, 0xFF1A, 0x3000,           /* full-width A, 1, colon, ideographic space */
  0x1100, 0x1161, 0x11A8, 0xAC00,           /* Hangul jamo and a syllable */
  0x62A5, 0x544A, 0x7F16, 0x53F7,           /* 报告编号 */
  0x2014, 0x2212, 0x200B, 0x00AD, 0xFEFF,   /* dashes, invisible */
  0xFB01, 0x2460, 0x00BD, 0x1E9B,           /* ﬁ, ①, ½, long s with dot */
  0x0B47, 0x0B3E,                           /* Oriya: two starters that compose */
};

static char *
random_text (GRand *rand,
             guint  len)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < len; i++)
    g_string_append_unichar (s, alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))]);
  return g_string_free (s, FALSE);
}

static void
test_same_as_whole_text (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *text = random_text (rand, (guint) g_rand_int_range (rand, 0, 40));
      g_autofree char *want = reference (text);
      g_autofree char *got = csl_text_normalize (text);

      if (strcmp (want, got) != 0)
        g_error ("“%s” normalised to “%s”, not “%s”", text, got, want);
    }
}

static void
test_examples (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "Cafe\xcc\x81 Report No\xef\xbc\x9a\xef\xbc\xb2\xe2\x80\x94\xef\xbc\x91", "caféreportno:r-1" },
    { "GB/T 41387\xe2\x80\x94" "2022", "gb/t41387-2022" },
    { "\xe6\x8a\xa5\xe5\x91\x8a\xe7\xbc\x96\xe5\x8f\xb7 R-1", "报告编号r-1" },
    { "STRASSE stra\xc3\x9f" "e", "strassestrasse" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = csl_text_normalize (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
  {
    g_autofree char *number = csl_text_find_report_number ("Cover\nReport No\xef\xbc\x9a CAM\xef\xbc\x8d" "2026-017\n");
    g_assert_cmpstr (number, ==, "CAM-2026-017");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text-normalize/same-as-whole-text", test_same_as_whole_text);
  g_test_add_func ("/text-normalize/examples", test_examples);
  return g_test_run ();
}
