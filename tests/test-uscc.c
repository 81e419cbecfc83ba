#include "config.h"

#include "base/csl-error.h"
#include "base/csl-uscc.h"

#include <string.h>

/* Codes of real, registered companies: the check algorithm must agree with the registry. */
static const char *const valid_codes[] = {
  "91110000600037341L",
  "9144030071526726XG",
  "91330100716105852F",
  "914403001922038216",
};

static void
test_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_codes); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (csl_uscc_validate (valid_codes[i], FALSE, &error));
      g_assert_no_error (error);
      g_assert_cmpint (csl_uscc_check_char (valid_codes[i]), ==, valid_codes[i][17]);
    }
}

static void
test_bad_check_digit (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (csl_uscc_validate ("91110000600037341M", FALSE, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_CHECK_DIGIT);
  g_assert_nonnull (strstr (error->message, "“L”"));
  g_clear_error (&error);
  /* Some early codes fail the check: accepting it is the user's call. */
  g_assert_true (csl_uscc_validate ("91110000600037341M", TRUE, &error));
  g_assert_no_error (error);
}

static void
test_bad_character (void)
{
  static const char *const bad[] = {
    "91110000600037341I",   /* I is not in the charset */
    "9111000060003734OL",   /* O */
    "91110000600037S41L",   /* S */
    "9111000060003734-L",
    "91110000600037341l",   /* lower case is not normalised by validate */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (csl_uscc_validate (bad[i], TRUE, &error));
      g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad[i]));
    }
}

static void
test_wrong_length (void)
{
  static const char *const bad[] = { "", "9111000060003734", "91110000600037341LL", "911100006000373410000" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (csl_uscc_validate (bad[i], TRUE, &error));
      g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "18"));
    }
}

/* Found by fuzzing: a code with characters outside ASCII (full-width digits pasted from a
 * Chinese form, or bytes that are not UTF-8 at all from a file) got a message that was not
 * UTF-8, and a truncated multi-byte character read past the end of the string. */
static void
test_not_ascii (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) bytes_error = NULL;

  g_assert_false (csl_uscc_validate ("\xEF\xBC\x99\xEF\xBC\x91" "110000600037341L", TRUE, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "“９” at position 1"));

  g_assert_false (csl_uscc_validate ("91110000600037341\xF0", TRUE, &bytes_error));
  g_assert_error (bytes_error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_true (g_utf8_validate (bytes_error->message, -1, NULL));
  g_assert_nonnull (strstr (bytes_error->message, "UTF-8"));
}

static void
test_normalize (void)
{
  g_autofree char *n = csl_uscc_normalize ("  91110000600037341l \n");

  g_assert_cmpstr (n, ==, "91110000600037341L");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/uscc/valid", test_valid);
  g_test_add_func ("/uscc/bad-check-digit", test_bad_check_digit);
  g_test_add_func ("/uscc/bad-character", test_bad_character);
  g_test_add_func ("/uscc/wrong-length", test_wrong_length);
  g_test_add_func ("/uscc/not-ascii", test_not_ascii);
  g_test_add_func ("/uscc/normalize", test_normalize);
  return g_test_run ();
}
