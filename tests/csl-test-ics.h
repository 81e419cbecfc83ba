#pragma once

#include <glib.h>
#include <string.h>

/* A strict little iCalendar reader for the tests: it checks the RFC 5545 framing (CRLF line
 * ends, no physical line over 75 octets, folds that start with one space, balanced BEGIN/END)
 * and gives back the components with their unfolded, unescaped properties. */

typedef struct
{
  char *name;
  char *params;    /* ";VALUE=DATE" or "" */
  char *value;     /* unescaped text */
} IcsProperty;

typedef struct _IcsComponent IcsComponent;
struct _IcsComponent
{
  char      *name;
  GPtrArray *properties;
  GPtrArray *children;
};

static inline void
ics_property_free (IcsProperty *p)
{
  g_free (p->name);
  g_free (p->params);
  g_free (p->value);
  g_free (p);
}

static inline void
ics_component_free (IcsComponent *c)
{
  g_free (c->name);
  g_ptr_array_unref (c->properties);
  g_ptr_array_unref (c->children);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IcsComponent, ics_component_free)

static inline IcsComponent *
ics_component_new (const char *name)
{
  IcsComponent *c = g_new0 (IcsComponent, 1);

  c->name = g_strdup (name);
  c->properties = g_ptr_array_new_with_free_func ((GDestroyNotify) ics_property_free);
  c->children = g_ptr_array_new_with_free_func ((GDestroyNotify) ics_component_free);
  return c;
}

static inline char *
ics_unescape (const char *v)
{
  GString *out = g_string_new (NULL);

  for (const char *p = v; *p; p++)
    {
      if (*p != '\\')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      if (*p == 'n' || *p == 'N')
        g_string_append_c (out, '\n');
      else if (*p == '\\' || *p == ';' || *p == ',')
        g_string_append_c (out, *p);
      else
        g_error ("invalid escape “\\%c” in “%s”", *p, v);
    }
  return g_string_free (out, FALSE);
}

/* The content lines, unfolded, after checking the physical lines. */
static inline GPtrArray *
ics_unfold (const char *text)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  g_assert_true (g_str_has_suffix (text, "\r\n"));
  while (*p)
    {
      const char *end = strstr (p, "\r\n");
      gsize len;

      g_assert_nonnull (end);
      len = (gsize) (end - p);
      if (len > 75)
        g_error ("physical line of %" G_GSIZE_FORMAT " octets: %.*s", len, (int) len, p);
      g_assert_null (memchr (p, '\n', len));
      g_assert_null (memchr (p, '\r', len));
      g_assert_true (g_utf8_validate (p, (gssize) len, NULL));
      if (*p == ' ' || *p == '\t')
        {
          g_autofree char *previous = NULL;
          GString *last;

          g_assert_cmpuint (lines->len, >, 0);
          previous = g_ptr_array_steal_index (lines, lines->len - 1);
          last = g_string_new (previous);
          g_string_append_len (last, p + 1, (gssize) len - 1);
          g_ptr_array_add (lines, g_string_free (last, FALSE));
        }
      else
        g_ptr_array_add (lines, g_strndup (p, len));
      p = end + 2;
    }
  return lines;
}

static inline IcsComponent *
ics_parse (const char *text)
{
  g_autoptr(GPtrArray) lines = ics_unfold (text);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  IcsComponent *root = NULL;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = lines->pdata[i];
      const char *colon = strchr (line, ':');
      g_autofree char *head = NULL;
      const char *semi;
      IcsProperty *prop;

      g_assert_nonnull (colon);
      head = g_strndup (line, (gsize) (colon - line));
      if (g_str_equal (head, "BEGIN"))
        {
          IcsComponent *c = ics_component_new (colon + 1);

          if (stack->len > 0)
            g_ptr_array_add (((IcsComponent *) stack->pdata[stack->len - 1])->children, c);
          else
            {
              g_assert_null (root);
              root = c;
            }
          g_ptr_array_add (stack, c);
          continue;
        }
      if (g_str_equal (head, "END"))
        {
          g_assert_cmpuint (stack->len, >, 0);
          g_assert_cmpstr (((IcsComponent *) stack->pdata[stack->len - 1])->name, ==, colon + 1);
          g_ptr_array_remove_index (stack, stack->len - 1);
          continue;
        }
      g_assert_cmpuint (stack->len, >, 0);
      prop = g_new0 (IcsProperty, 1);
      semi = strchr (head, ';');
      prop->name = semi ? g_strndup (head, (gsize) (semi - head)) : g_strdup (head);
      prop->params = g_strdup (semi ? semi : "");
      prop->value = ics_unescape (colon + 1);
      for (const char *n = prop->name; *n; n++)
        g_assert_true (g_ascii_isupper (*n) || *n == '-');
      g_ptr_array_add (((IcsComponent *) stack->pdata[stack->len - 1])->properties, prop);
    }
  g_assert_cmpuint (stack->len, ==, 0);
  g_assert_nonnull (root);
  return root;
}

static inline IcsProperty *
ics_find (IcsComponent *c,
          const char   *name)
{
  IcsProperty *found = NULL;

  for (guint i = 0; i < c->properties->len; i++)
    {
      IcsProperty *p = c->properties->pdata[i];

      if (g_str_equal (p->name, name))
        {
          g_assert_null (found);   /* the properties the tests read occur once */
          found = p;
        }
    }
  return found;
}

static inline const char *
ics_get (IcsComponent *c,
         const char   *name)
{
  IcsProperty *p = ics_find (c, name);

  if (p == NULL)
    g_error ("%s has no %s", c->name, name);
  return p->value;
}
