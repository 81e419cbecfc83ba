/* Unified Social Credit Codes as users type or paste them, and as files bring them. */

#include <string.h>

#include "base/csl-error.h"
#include "base/csl-uscc.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *code = NULL;
  g_autofree char *normal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) lenient_error = NULL;
  gboolean strict, lenient;

  fuzz_init ();
  code = fuzz_string (data, size);
  strict = csl_uscc_validate (code, FALSE, &error);
  fuzz_check_error (strict, error);
  lenient = csl_uscc_validate (code, TRUE, &lenient_error);
  fuzz_check_error (lenient, lenient_error);

  /* Accepting a wrong check character is the only thing the flag changes. */
  if (strict && !lenient)
    abort ();
  if (lenient && !strict && !g_error_matches (error, CSL_ERROR, CSL_ERROR_CHECK_DIGIT))
    abort ();
  if (strict)
    {
      if (strlen (code) != CSL_USCC_LENGTH || csl_uscc_check_char (code) != code[CSL_USCC_LENGTH - 1])
        abort ();
    }

  /* Normalising never makes a valid code invalid, and is idempotent. */
  normal = csl_uscc_normalize (code);
  if (lenient && !csl_uscc_validate (normal, TRUE, NULL))
    abort ();
  {
    g_autofree char *again = csl_uscc_normalize (normal);

    if (strcmp (again, normal) != 0)
      abort ();
  }
  if (strlen (code) >= CSL_USCC_LENGTH - 1)
    (void) csl_uscc_check_char (code);
  return 0;
}
