#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "base/csl-article.h"

const char *
csl_article_text (const char *code)
{
  g_autofree char *text = NULL;
  const char *p;
  char *end;
  long article, item;

  if (code == NULL || !g_str_has_prefix (code, "Art. "))
    return code;
  p = code + 5;
  article = strtol (p, &end, 10);
  if (end == p || article <= 0)
    return code;
  if (*end == '\0')
    /* TRANSLATORS: an article of the Implementation Rules: "Art. 5" */
    text = g_strdup_printf (_("Art. %ld"), article);
  else if (*end == '(' && g_ascii_isdigit (end[1]) && (item = strtol (end + 1, &end, 10)) > 0 &&
           end[0] == ')' && end[1] == '\0')
    /* TRANSLATORS: an item of an article: "Art. 8(2)" */
    text = g_strdup_printf (_("Art. %ld(%ld)"), article, item);
  else if (*end == '-' && g_ascii_isdigit (end[1]) && (item = strtol (end + 1, &end, 10)) > 0 && *end == '\0')
    /* TRANSLATORS: a range of articles: "Art. 15-16" */
    text = g_strdup_printf (_("Art. %ld-%ld"), article, item);
  else
    return code;
  /* A handful of distinct references: interned, so callers print them like the codes. */
  return g_intern_string (text);
}
