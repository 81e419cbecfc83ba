#include "config.h"

#include <string.h>

#include "store/csl-pg-dialect.h"

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* Whether out ends with the keyword (after optional blanks already trimmed by the caller). */
static gboolean
ends_with_word (GString    *out,
                const char *word)
{
  gsize n = strlen (word);

  if (out->len < n || g_ascii_strncasecmp (out->str + out->len - n, word, n) != 0)
    return FALSE;
  return out->len == n || !is_word_char (out->str[out->len - n - 1]);
}

/* "x IS ?" compares NULLs as equal in SQLite; PostgreSQL's IS takes only NULL, TRUE or FALSE. */
static void
rewrite_is_before_param (GString *out)
{
  gsize len = out->len;

  while (len > 0 && g_ascii_isspace (out->str[len - 1]))
    len--;
  g_string_truncate (out, len);
  if (ends_with_word (out, "IS NOT"))
    {
      g_string_truncate (out, out->len - strlen ("IS NOT"));
      g_string_append (out, "IS DISTINCT FROM ");
    }
  else if (ends_with_word (out, "IS"))
    g_string_append (out, " NOT DISTINCT FROM ");
  else
    g_string_append_c (out, ' ');
}

static const char *
skip_word (const char *p)
{
  while (g_ascii_isspace (*p))
    p++;
  while (is_word_char (*p))
    p++;
  return p;
}

/* "a CROSS JOIN b ON …" (SQLite's way to fix the join order) is an inner join; PostgreSQL
 * allows ON only there. Looks past "CROSS JOIN table [alias]" for ON. */
static gboolean
cross_join_with_on (const char *p)
{
  const char *q;

  if (g_ascii_strncasecmp (p, "CROSS", 5) != 0 || is_word_char (p[5]))
    return FALSE;
  q = p + 5;
  while (g_ascii_isspace (*q))
    q++;
  if (g_ascii_strncasecmp (q, "JOIN", 4) != 0 || is_word_char (q[4]))
    return FALSE;
  q = skip_word (q + 4);
  for (int words = 0; words < 2; words++)
    {
      const char *w = q;

      while (g_ascii_isspace (*w))
        w++;
      if (g_ascii_strncasecmp (w, "ON", 2) == 0 && !is_word_char (w[2]))
        return TRUE;
      if (!is_word_char (*w))
        return FALSE;
      q = skip_word (w);
    }
  while (g_ascii_isspace (*q))
    q++;
  return g_ascii_strncasecmp (q, "ON", 2) == 0 && !is_word_char (q[2]);
}

/* SQLite's "+column" keeps the planner off an index; PostgreSQL has no unary plus for text.
 * A "+" is unary after an operator, "(", "," or a keyword. */
static gboolean
is_unary_plus (GString    *out,
               const char *p)
{
  static const char *const keywords[] = { "AND", "OR", "NOT", "WHERE", "ON", "SELECT", "WHEN", "THEN", "ELSE", "BY" };
  gsize end = out->len, start;
  g_autofree char *word = NULL;

  if (*p != '+' || !(g_ascii_isalpha (p[1]) || p[1] == '_'))
    return FALSE;
  while (end > 0 && g_ascii_isspace (out->str[end - 1]))
    end--;
  if (end == 0 || strchr ("=<>(,", out->str[end - 1]) != NULL)
    return TRUE;
  start = end;
  while (start > 0 && is_word_char (out->str[start - 1]))
    start--;
  if (start == end)
    return FALSE;
  word = g_strndup (out->str + start, end - start);
  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    if (g_ascii_strcasecmp (word, keywords[i]) == 0)
      return TRUE;
  return FALSE;
}

static char *
insert_target (const char *sql,
               gboolean   *or_ignore)
{
  const char *p = sql;
  const char *start;

  *or_ignore = FALSE;
  while (g_ascii_isspace (*p))
    p++;
  if (g_ascii_strncasecmp (p, "INSERT", 6) != 0 || is_word_char (p[6]))
    return NULL;
  p += 6;
  while (g_ascii_isspace (*p))
    p++;
  if (g_ascii_strncasecmp (p, "OR IGNORE", 9) == 0)
    {
      *or_ignore = TRUE;
      p += 9;
      while (g_ascii_isspace (*p))
        p++;
    }
  if (g_ascii_strncasecmp (p, "INTO", 4) != 0 || is_word_char (p[4]))
    return NULL;
  p += 4;
  while (g_ascii_isspace (*p))
    p++;
  start = p;
  while (is_word_char (*p))
    p++;
  return p > start ? g_ascii_strdown (start, p - start) : NULL;
}

void
csl_pg_sql_translate (const char *sqlite_sql,
                      CslPgSql   *out)
{
  GString *s = g_string_sized_new (strlen (sqlite_sql) + 32);
  const char *p = sqlite_sql;
  gboolean or_ignore = FALSE;
  int highest = 0;

  memset (out, 0, sizeof *out);
  out->insert_table = insert_target (sqlite_sql, &or_ignore);

  while (*p != '\0')
    {
      if (*p == '\'' || *p == '"')
        {
          char quote = *p;

          g_string_append_c (s, *p++);
          while (*p != '\0')
            {
              if (*p == quote && p[1] == quote)
                {
                  g_string_append_len (s, p, 2);
                  p += 2;
                  continue;
                }
              if (*p == quote)
                {
                  g_string_append_c (s, *p++);
                  break;
                }
              g_string_append_c (s, *p++);
            }
        }
      else if (p[0] == '-' && p[1] == '-')
        {
          while (*p != '\0' && *p != '\n')
            g_string_append_c (s, *p++);
        }
      else if (*p == '?')
        {
          int n;

          p++;
          if (g_ascii_isdigit (*p))
            {
              n = 0;
              while (g_ascii_isdigit (*p))
                n = n * 10 + (*p++ - '0');
            }
          else
            n = highest + 1;
          highest = MAX (highest, n);
          rewrite_is_before_param (s);
          g_string_append_printf (s, "$%d", n);
        }
      else if (g_ascii_strncasecmp (p, "char(", 5) == 0 && (s->len == 0 || !is_word_char (s->str[s->len - 1])) &&
               !ends_with_word (s, "AS "))
        {
          /* SQLite's char(code) is chr(code) there ("char(n)" would be a type). */
          g_string_append (s, "chr(");
          p += 5;
        }
      else if (is_unary_plus (s, p))
        p++;
      else if ((s->len == 0 || !is_word_char (s->str[s->len - 1])) && cross_join_with_on (p))
        {
          g_string_append (s, "INNER");
          p += 5;
        }
      else if (g_ascii_strncasecmp (p, "authorization", 13) == 0 && !is_word_char (p[13]) &&
               (s->len == 0 || !is_word_char (s->str[s->len - 1])))
        {
          /* A reserved word in PostgreSQL: the table of that name needs quotes there. */
          g_string_append (s, "\"authorization\"");
          p += 13;
        }
      else if (or_ignore && g_ascii_strncasecmp (p, "OR IGNORE", 9) == 0 && s->len > 0 &&
               ends_with_word (s, "INSERT "))
        p += 9;
      else
        g_string_append_c (s, *p++);
    }

  if (or_ignore)
    {
      while (s->len > 0 && (g_ascii_isspace (s->str[s->len - 1]) || s->str[s->len - 1] == ';'))
        g_string_truncate (s, s->len - 1);
      g_string_append (s, " ON CONFLICT DO NOTHING");
    }
  out->n_params = highest;
  out->sql = g_string_free (s, FALSE);
}

void
csl_pg_sql_clear (CslPgSql *sql)
{
  g_clear_pointer (&sql->sql, g_free);
  g_clear_pointer (&sql->insert_table, g_free);
}
