#include "config.h"

#include <string.h>

#include "csl-team-location.h"

static gboolean
is_uri (const char *location)
{
  return g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://");
}

/* A conninfo string is keyword=value pairs with a keyword libpq knows at its start or after a
 * space; a folder path starts with '/' (the app passes absolute paths). */
static gboolean
is_conninfo (const char *location)
{
  static const char *const keywords[] = { "host=", "hostaddr=", "service=", "dbname=", "user=", "port=",
                                          "sslmode=", NULL };

  if (location[0] == '/')
    return FALSE;
  for (guint i = 0; keywords[i]; i++)
    {
      const char *hit = strstr (location, keywords[i]);

      if (hit != NULL && (hit == location || hit[-1] == ' '))
        return TRUE;
    }
  return FALSE;
}

gboolean
csl_team_location_is_team (const char *location)
{
  return location != NULL && (is_uri (location) || is_conninfo (location));
}

char *
csl_team_location_build (const char *host,
                         guint       port,
                         const char *database,
                         const char *user,
                         CslTlsMode  tls)
{
  GString *uri = g_string_new ("postgresql://");
  static const char *const modes[] = { "disable", "require", "verify-full" };
  gboolean socket_dir = host != NULL && host[0] == '/';

  if (user != NULL && *user != '\0')
    {
      g_string_append_uri_escaped (uri, user, NULL, FALSE);
      g_string_append_c (uri, '@');
    }
  /* A socket folder goes in the host parameter: a '/' has no place in a URI's authority. */
  if (host != NULL && *host != '\0' && !socket_dir)
    g_string_append_uri_escaped (uri, host, NULL, FALSE);
  if (port != 0)
    g_string_append_printf (uri, ":%u", port);
  g_string_append_c (uri, '/');
  if (database != NULL && *database != '\0')
    g_string_append_uri_escaped (uri, database, NULL, FALSE);
  g_string_append_printf (uri, "?sslmode=%s", modes[CLAMP ((int) tls, 0, 2)]);
  if (socket_dir)
    {
      g_string_append (uri, "&host=");
      g_string_append_uri_escaped (uri, host, NULL, FALSE);
    }
  return g_string_free (uri, FALSE);
}

/* Drops every "password=…" item of a list split at sep. */
static char *
drop_password_items (const char *list,
                     char        sep)
{
  char sep_text[2] = { sep, '\0' };
  g_auto(GStrv) items = g_strsplit (list, sep_text, -1);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) out = NULL;

  for (guint i = 0; items[i]; i++)
    if (!g_str_has_prefix (g_strchug (items[i]), "password=") && *items[i] != '\0')
      g_strv_builder_add (kept, items[i]);
  out = g_strv_builder_end (kept);
  return g_strjoinv (sep_text, out);
}

char *
csl_team_location_strip_password (const char *location)
{
  if (location == NULL)
    return NULL;
  if (is_uri (location))
    {
      const char *rest = strstr (location, "://") + 3;
      const char *path = rest + strcspn (rest, "/?");
      const char *at = memchr (rest, '@', (gsize) (path - rest));
      const char *colon = at ? memchr (rest, ':', (gsize) (at - rest)) : NULL;
      const char *query = strchr (path, '?');
      GString *out = g_string_new_len (location, rest - location);

      /* user:password@ keeps only the user. */
      if (colon != NULL)
        {
          g_string_append_len (out, rest, colon - rest);
          g_string_append (out, at);
        }
      else
        g_string_append (out, rest);
      if (query != NULL)
        {
          gsize query_at = out->len - strlen (query);
          g_autofree char *params = drop_password_items (query + 1, '&');

          g_string_truncate (out, query_at);
          if (*params != '\0')
            g_string_append_printf (out, "?%s", params);
        }
      return g_string_free (out, FALSE);
    }
  if (is_conninfo (location))
    return drop_password_items (location, ' ');
  return g_strdup (location);
}

char *
csl_team_location_with_password (const char *location,
                                 const char *password)
{
  g_autofree char *bare = csl_team_location_strip_password (location);

  if (password == NULL || *password == '\0' || !csl_team_location_is_team (bare))
    return g_steal_pointer (&bare);
  if (is_uri (bare))
    {
      g_autofree char *escaped = g_uri_escape_string (password, NULL, FALSE);
      return g_strdup_printf ("%s%spassword=%s", bare, strchr (bare, '?') ? "&" : "?", escaped);
    }
  {
    /* conninfo quoting: single quotes, with \ and ' escaped. */
    GString *out = g_string_new (bare);

    g_string_append (out, " password='");
    for (const char *p = password; *p; p++)
      {
        if (*p == '\'' || *p == '\\')
          g_string_append_c (out, '\\');
        g_string_append_c (out, *p);
      }
    g_string_append_c (out, '\'');
    return g_string_free (out, FALSE);
  }
}

static char *
uri_param (const char *query,
           const char *name)
{
  g_autoptr(GHashTable) params = query ? g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL) : NULL;
  const char *value = params ? g_hash_table_lookup (params, name) : NULL;

  return g_strdup (value);
}

static char *
conninfo_value (const char *conninfo,
                const char *name)
{
  g_auto(GStrv) items = g_strsplit (conninfo, " ", -1);
  g_autofree char *prefix = g_strconcat (name, "=", NULL);

  for (guint i = 0; items[i]; i++)
    if (g_str_has_prefix (items[i], prefix))
      return g_strdup (items[i] + strlen (prefix));
  return NULL;
}

char *
csl_team_location_display (const char *location)
{
  g_autofree char *bare = csl_team_location_strip_password (location);

  if (bare == NULL)
    return g_strdup ("");
  if (is_uri (bare))
    {
      const char *rest = strstr (bare, "://") + 3;
      const char *path = rest + strcspn (rest, "/?");
      const char *query = strchr (path, '?');
      g_autofree char *authority = g_strndup (rest, (gsize) (path - rest));
      g_autofree char *db = g_strndup (*path == '/' ? path + 1 : path, strcspn (*path == '/' ? path + 1 : path, "?"));
      g_autofree char *user = NULL;
      g_autofree char *host = NULL;
      g_autofree char *db_text = NULL;
      char *at = strchr (authority, '@');
      char *colon;

      if (at != NULL)
        {
          *at = '\0';
          user = g_uri_unescape_string (authority, NULL);
          host = g_strdup (at + 1);
        }
      else
        host = g_strdup (authority);
      if (user == NULL)
        user = uri_param (query ? query + 1 : NULL, "user");
      /* The port is not what tells workspaces apart for a person. */
      if ((colon = strrchr (host, ':')) != NULL && strchr (colon, ']') == NULL)
        *colon = '\0';
      if (*host == '\0')
        {
          g_free (host);
          host = uri_param (query ? query + 1 : NULL, "host");
          if (host == NULL)
            host = g_strdup ("localhost");
        }
      db_text = g_uri_unescape_string (db, NULL);
      if (db_text == NULL || *db_text == '\0')
        {
          g_free (db_text);
          db_text = uri_param (query ? query + 1 : NULL, "dbname");
        }
      return g_strdup_printf ("%s%s%s/%s", user ? user : "", user ? "@" : "", host, db_text ? db_text : "");
    }
  if (is_conninfo (bare))
    {
      g_autofree char *service = conninfo_value (bare, "service");
      g_autofree char *user = conninfo_value (bare, "user");
      g_autofree char *host = conninfo_value (bare, "host");
      g_autofree char *db = conninfo_value (bare, "dbname");

      if (service != NULL && host == NULL)
        return g_strdup_printf ("%s%s%s", user ? user : "", user ? "@" : "", service);
      return g_strdup_printf ("%s%s%s/%s", user ? user : "", user ? "@" : "", host ? host : "localhost",
                              db ? db : "");
    }
  return g_path_get_basename (bare);
}
