#include "config.h"

#include <string.h>

#include "base/csl-error.h"
#include "base/csl-json.h"

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
    { "{\"a\": 1} {\"b\": 2}", "something follows the JSON document (at byte 10)" },
    { "[1] [2]", "(at byte 5)" },
    { "{} x", "something follows the JSON document" },
    { "006000{\"a\": 1}", "not a JSON object or array" },
    { "\"just a string\"", "not a JSON object or array" },
    { "   ", "not a JSON object or array" },
    { "", "empty" },
    { "{\"a\": [1, 2}", "expected “,” or “]” (at byte 12)" },
    { "{\"a\": \"unterminated}", "a string does not end" },
    { "{\"a\" 1}", "expected “:”" },
    { "{\"a\": 01}", "leading zero" },
    { "{\"a\": -}", "a number without digits" },
    { "{\"a\": 1.}", "a number without digits" },
    { "{\"a\": tru}", "unexpected character" },
    { "{a: 1}", "expected a string" },
    { "{\"a\": 1,}", "expected a string" },
    { "[\"tab\there\"]", "a control character inside a string" },
    /* Found by fuzzing: json-glib reads "\733" as a byte that is not UTF-8, takes "\q" for
     * "q", makes half a character of "\ud800", takes comments, and leaked what followed
     * "{\"fat\":/1,…" */
    { "{\"uscc\": \"91\\733\"}", "escape that JSON does not have (at byte 13)" },
    { "{\"a\": \"\\q\"}", "escape that JSON does not have" },
    { "{\"a\": \"\\u12\"}", "four hex digits" },
    { "[\"\\ud800x\"]", "not UTF-8" },
    { "{\"fat\":/1,\"g/ 1,\"e\": [{\"pat\": \"M\"}]}[]", "unexpected character (at byte 8)" },
    { "{\"a\": 1 /* comment */}", "expected “,” or “}”" },
    { "{\"a\": \"\xff\"}", "not UTF-8 text" },
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

/* json-glib recurses without a limit: a deep file would overflow the stack. */
static void
test_depth (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) ok = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) ok_error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) ok_node = NULL;

  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  node = csl_json_parse_document (deep->str, deep->len, &error);
  g_assert_null (node);
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "deeper than 64"));

  for (int i = 0; i < 64; i++)
    g_string_append_c (ok, '[');
  for (int i = 0; i < 64; i++)
    g_string_append_c (ok, ']');
  ok_node = csl_json_parse_document (ok->str, ok->len, &ok_error);
  g_assert_no_error (ok_error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json/one-document", test_one_document);
  g_test_add_func ("/json/refused", test_refused);
  g_test_add_func ("/json/depth", test_depth);
  return g_test_run ();
}
