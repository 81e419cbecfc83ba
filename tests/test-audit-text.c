#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "base/csl-article.h"
#include "records/csl-audit-text.h"

/* Run twice (tests/meson.build): in English and with LANGUAGE=zh_CN against the build tree's
 * catalogue, so the history's words are checked in both languages. */
static gboolean
chinese (void)
{
  return g_strcmp0 (g_getenv ("LANGUAGE"), "zh_CN") == 0;
}

static CslAuditEntry
entry (const char *entity,
       const char *field,
       const char *old_value,
       const char *new_value)
{
  return (CslAuditEntry) { 1, (char *) "2026-12-07T02:14:31Z", (char *) entity, 1, (char *) field,
                           (char *) old_value, (char *) new_value, (char *) "gui", (char *) "alice" };
}

static void
assert_describes (CslAuditEntry e,
                  const char   *english,
                  const char   *zh)
{
  g_autofree char *text = csl_audit_entry_describe (&e);

  g_assert_cmpstr (text, ==, chinese () ? zh : english);
  /* No column names, no raw status codes, no ASCII article references in either language. */
  g_assert_null (strstr (text, "_"));
  g_assert_null (strstr (text, "refiling-due"));
  if (chinese ())
    g_assert_null (strstr (text, "Art."));
}

static void
test_sentences (void)
{
  assert_describes (entry ("filing", "status", "filed", "refiling-due"),
                    "Status changed: Filed → Re-filing due", "状态变更：已备案 → 待重新备案");
  assert_describes (entry ("product", "firmware_version", "1.0", "2.0"),
                    "Firmware version: 1.0 → 2.0", "固件版本：1.0 → 2.0");
  assert_describes (entry ("product", "firmware_version", NULL, "2.0"),
                    "Firmware version: (none) → 2.0", "固件版本：（无） → 2.0");
  assert_describes (entry ("filing", "attachment", NULL,
                           "test-report “report.pdf” sha256:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"),
                    "Test report attached: report.pdf", "检测报告已附加：report.pdf");
  assert_describes (entry ("filing", "attachment",
                           "declaration “decl.pdf” sha256:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", NULL),
                    "Declaration of conformity removed: decl.pdf", "符合性声明已移除：decl.pdf");
  assert_describes (entry ("filing", "grade", "1", "2"), "Grade: Basic → Enhanced", "等级：基础级 → 增强级");
  assert_describes (entry ("filing", "created", NULL, "created"), "Filing created", "已创建备案");
  assert_describes (entry ("product", "param:CPU", "A7", "A9"), "Parameter CPU: A7 → A9", "参数 CPU：A7 → A9");
}

static void
test_detail_and_byline (void)
{
  CslAuditEntry attached = entry ("filing", "attachment", NULL,
                                  "test-report “report.pdf” sha256:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
  CslAuditEntry status = entry ("filing", "status", "filed", "refiling-due");
  g_autofree char *detail = csl_audit_entry_detail (&attached);
  g_autofree char *none = csl_audit_entry_detail (&status);
  g_autofree char *byline = csl_audit_entry_byline (&status);
  g_autofree char *describe = csl_audit_entry_describe (&attached);
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 ("2026-12-07T02:14:31Z", NULL);
  g_autoptr(GDateTime) local = g_date_time_to_local (at);
  g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");

  /* The hash is the detail, never the sentence. */
  g_assert_nonnull (strstr (detail, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"));
  g_assert_null (strstr (describe, "sha256"));
  g_assert_null (none);
  /* ISO date in local time, who, and the interface in words. */
  g_assert_true (g_str_has_prefix (byline, when));
  g_assert_nonnull (strstr (byline, "alice"));
  g_assert_nonnull (strstr (byline, chinese () ? "在应用中" : "in the app"));
}

static void
test_navigation (void)
{
  CslAuditEntry step = entry ("filing", "wizard_step", "3", "4");
  CslAuditEntry status = entry ("filing", "status", "draft", "ready");

  g_assert_true (csl_audit_entry_is_navigation (&step));
  g_assert_false (csl_audit_entry_is_navigation (&status));
}

/* Article codes stay codes in data; people read them in their language. */
static void
test_articles (void)
{
  g_assert_cmpstr (csl_article_text ("Art. 8(2)"), ==, chinese () ? "第8条第(2)项" : "Art. 8(2)");
  g_assert_cmpstr (csl_article_text ("Art. 5"), ==, chinese () ? "第5条" : "Art. 5");
  g_assert_cmpstr (csl_article_text ("Art. 15-16"), ==, chinese () ? "第15–16条" : "Art. 15-16");
  /* Not a reference: returned as it came. */
  g_assert_cmpstr (csl_article_text ("Art. x"), ==, "Art. x");
  g_assert_cmpstr (csl_article_text ("Art. 8(2"), ==, "Art. 8(2");
  g_assert_null (csl_article_text (NULL));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("CSL_FILER_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audit-text/sentences", test_sentences);
  g_test_add_func ("/audit-text/detail-and-byline", test_detail_and_byline);
  g_test_add_func ("/audit-text/navigation", test_navigation);
  g_test_add_func ("/audit-text/articles", test_articles);
  return g_test_run ();
}
