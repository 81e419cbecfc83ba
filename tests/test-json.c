#include "config.h"

#include <string.h>

#include "csl-error.h"
#include "csl-json.h"

static JsonNode *
parse (const char *text,
       GError    **error)
{
  return csl_json_parse_document (text, strlen (text), error);
}

static void
test_one_document (void)
{
  const char *good[] = {
    "{\"a\": 1}",
    "  [1, 2, {\"b\": [3]}]\n\t ",
    "{\"brackets in strings\": \"}]{[\", \"escaped\": \"\\\"}\\\\\"}",
    "[\"\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = parse (good[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (node);
    }
}

/* json-glib 1.6 accepts these (keeping the first value and leaking the rest). */
static void
test_refused (void)
{
  const struct { const char *text; const char *fragment; } bad[] = {
    { "{\"a\": 1} {\"b\": 2}", "at byte 10" },
    { "[1] [2]", "at byte 5" },
    { "{} x", "follows the JSON document" },
    { "006000{\"a\": 1}", "not a JSON object or array" },
    { "\"just a string\"", "not a JSON object or array" },
    { "   ", "not a JSON object or array" },
    { "", "empty" },
    { "{\"a\": [1, 2}", "Parse error" },
    { "{\"a\": \"unterminated}", "" },
    /* Found by fuzzing: json-glib reads "\733" as a byte that is not UTF-8, takes "\q" for "q",
     * and makes half a character of "\ud800". */
    { "{\"uscc\": \"91\\733\"}", "escape that JSON does not have (at byte 13)" },
    { "{\"a\": \"\\q\"}", "escape that JSON does not have" },
    { "[\"\\ud800x\"]", "not UTF-8" },
    { "{\"\\ud800\": 1}", "Parse error" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = parse (bad[i].text, &error);

      g_assert_null (node);
      g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (strstr (error->message, bad[i].fragment) == NULL)
        g_error ("%s: expected “%s” in: %s", bad[i].text, bad[i].fragment, error->message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json/one-document", test_one_document);
  g_test_add_func ("/json/refused", test_refused);
  return g_test_run ();
}
