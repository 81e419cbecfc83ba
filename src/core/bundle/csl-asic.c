#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "base/csl-error.h"
#include "bundle/csl-asic.h"
#include "bundle/csl-zip.h"

G_DEFINE_QUARK (csl-asic-error-quark, csl_asic_error)

static void
reference_free (CslAsicReference *ref)
{
  g_free (ref->uri);
  g_free (ref->mime_type);
  g_free (ref->sha256);
  g_free (ref);
}

CslAsicManifest *
csl_asic_manifest_new (const char *sig_uri)
{
  CslAsicManifest *m = g_new0 (CslAsicManifest, 1);

  m->sig_uri = g_strdup (sig_uri);
  m->references = g_ptr_array_new_with_free_func ((GDestroyNotify) reference_free);
  return m;
}

void
csl_asic_manifest_free (CslAsicManifest *m)
{
  if (m == NULL)
    return;
  g_free (m->sig_uri);
  g_ptr_array_unref (m->references);
  g_free (m);
}

const char *
csl_asic_mime_type_for (const char *name)
{
  static const struct { const char *suffix; const char *type; } types[] = {
    { ".pdf", "application/pdf" },
    { ".json", "application/json" },
    { ".svg", "image/svg+xml" },
    { ".png", "image/png" },
    { ".xml", "application/xml" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_has_suffix (name, types[i].suffix))
      return types[i].type;
  return "application/octet-stream";
}

void
csl_asic_manifest_add (CslAsicManifest *m,
                       const char      *uri,
                       const char      *sha256)
{
  CslAsicReference *ref = g_new0 (CslAsicReference, 1);

  ref->uri = g_strdup (uri);
  ref->mime_type = g_strdup (csl_asic_mime_type_for (uri));
  ref->sha256 = g_strdup (sha256);
  g_ptr_array_add (m->references, ref);
}

const CslAsicReference *
csl_asic_manifest_find (const CslAsicManifest *m,
                        const char            *uri)
{
  for (guint i = 0; i < m->references->len; i++)
    {
      CslAsicReference *ref = m->references->pdata[i];

      if (strcmp (ref->uri, uri) == 0)
        return ref;
    }
  return NULL;
}

static char *
hex_to_base64 (const char *hex)
{
  guint8 raw[32];

  for (guint i = 0; i < sizeof raw; i++)
    raw[i] = (guint8) (g_ascii_xdigit_value (hex[2 * i]) << 4 | g_ascii_xdigit_value (hex[2 * i + 1]));
  return g_base64_encode (raw, sizeof raw);
}

GBytes *
csl_asic_manifest_to_bytes (const CslAsicManifest *m)
{
  GString *s = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
  g_autofree char *sig = g_markup_escape_text (m->sig_uri, -1);

  g_string_append (s, "<asic:ASiCManifest xmlns:asic=\"" CSL_ASIC_NAMESPACE "\" "
                      "xmlns:ds=\"" CSL_XMLDSIG_NAMESPACE "\">\n");
  g_string_append_printf (s, "  <asic:SigReference URI=\"%s\" MimeType=\"application/pkcs7-signature\"/>\n", sig);
  for (guint i = 0; i < m->references->len; i++)
    {
      CslAsicReference *ref = m->references->pdata[i];
      g_autofree char *uri = g_markup_escape_text (ref->uri, -1);
      g_autofree char *type = g_markup_escape_text (ref->mime_type, -1);
      g_autofree char *digest = hex_to_base64 (ref->sha256);

      g_string_append_printf (s, "  <asic:DataObjectReference URI=\"%s\" MimeType=\"%s\">\n"
                                 "    <ds:DigestMethod Algorithm=\"" CSL_XMLENC_SHA256 "\"/>\n"
                                 "    <ds:DigestValue>%s</ds:DigestValue>\n"
                                 "  </asic:DataObjectReference>\n",
                              uri, type, digest);
    }
  g_string_append (s, "</asic:ASiCManifest>\n");
  return g_string_free_to_bytes (s);
}

/* ---- Parsing ------------------------------------------------------------------------- */

typedef enum
{
  IN_NOTHING,
  IN_MANIFEST,
  IN_SIG_REFERENCE,
  IN_DATA_OBJECT,
  IN_DIGEST_METHOD,
  IN_DIGEST_VALUE,
  IN_DONE,
} Where;

typedef struct
{
  CslAsicManifest  *manifest;
  GHashTable       *seen;        /* uri → TRUE */
  GSList           *scopes;      /* of GHashTable prefix → namespace, innermost first */
  Where             where;
  CslAsicReference *current;
  GString          *text;
  gboolean          has_method;
} Parse;

static gboolean G_GNUC_PRINTF (3, 4)
parse_error (GError     **error,
             CslAsicError code,
             const char  *format,
             ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, CSL_ASIC_ERROR, code, _("%s is not valid: %s"), CSL_ASIC_MANIFEST_PATH, msg);
  return FALSE;
}

static const char *
lookup_namespace (Parse      *p,
                  const char *prefix)
{
  for (GSList *l = p->scopes; l != NULL; l = l->next)
    {
      const char *ns = g_hash_table_lookup (l->data, prefix);

      if (ns != NULL)
        return ns;
    }
  return NULL;
}

/* The element's namespace and local name, from the declarations in scope. */
static gboolean
resolve (Parse       *p,
         const char  *qname,
         const char **ns,
         const char **local)
{
  const char *colon = strchr (qname, ':');
  g_autofree char *prefix = colon ? g_strndup (qname, (gsize) (colon - qname)) : g_strdup ("");

  *local = colon ? colon + 1 : qname;
  *ns = lookup_namespace (p, prefix);
  return *ns != NULL;
}

static const char *
attribute (const char **names,
           const char **values,
           const char  *name)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], name) == 0)
      return values[i];
  return NULL;
}

/* Only the attributes the schema allows (and namespace declarations). */
static gboolean
only_attributes (const char **names,
                 const char  *element,
                 const char  *a,
                 const char  *b,
                 GError     **error)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "xmlns") || (a && strcmp (names[i], a) == 0) || (b && strcmp (names[i], b) == 0))
        continue;
      return parse_error (error, CSL_ASIC_ERROR_MANIFEST_INVALID, _("unexpected attribute “%s” on %s"),
                          names[i], element);
    }
  return TRUE;
}

static gboolean
check_uri (Parse       *p,
           const char  *uri,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (uri == NULL || *uri == '\0')
    return parse_error (error, CSL_ASIC_ERROR_MANIFEST_INVALID, _("a reference without a URI"));
  /* A relative name inside the container, as the ZIP reader accepts them: no scheme, no
   * absolute path, no "..". */
  if (!csl_zip_check_name (uri, CSL_ZIP_MAX_NAME_LENGTH, &local_error))
    {
      g_autofree char *shown = csl_zip_display_name (uri);
      return parse_error (error, CSL_ASIC_ERROR_MANIFEST_OUTSIDE,
                          _("“%s” is not a file inside the container"), shown);
    }
  return TRUE;
}

static void
start_element (GMarkupParseContext  *context,
               const char           *name,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  Parse *p = user_data;
  GHashTable *scope = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *ns, *local;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (strcmp (names[i], "xmlns") == 0)
        g_hash_table_insert (scope, g_strdup (""), g_strdup (values[i]));
      else if (g_str_has_prefix (names[i], "xmlns:"))
        g_hash_table_insert (scope, g_strdup (names[i] + 6), g_strdup (values[i]));
    }
  p->scopes = g_slist_prepend (p->scopes, scope);

  if (!resolve (p, name, &ns, &local))
    {
      parse_error (error, CSL_ASIC_ERROR_MANIFEST_INVALID, _("the element %s has no namespace"), name);
      return;
    }
  switch (p->where)
    {
    case IN_NOTHING:
      if (strcmp (ns, CSL_ASIC_NAMESPACE) != 0 || strcmp (local, "ASiCManifest") != 0)
        {
          parse_error (error, CSL_ASIC_ERROR_MANIFEST_INVALID, _("the document is not an asic:ASiCManifest"));
          return;
        }
      only_attributes (names, name, NULL, NULL, error);
      p->where = IN_MANIFEST;
      return;
    case IN_MANIFEST:
      if (strcmp (ns, CSL_ASIC_NAMESPACE) == 0 && strcmp (local, "SigReference") == 0)
        {
          if (p->manifest->sig_uri != NULL || p->manifest->references->len > 0)
            {
              parse_error (error, CSL_ASIC_ERROR_MANIFEST_INVALID, _("a second or late SigReference"));
              return;
            }
          if (!only_attributes (names, name, "URI", "MimeType", error) ||
              !check_uri (p, attribute (names, values, "URI"), error))
            return;
          p->manifest->sig_uri = g_strdup (attribute (names, values, "URI"));
          p->where = IN_SIG_REFERENCE;
          return;
        }
      if (strcmp (ns, CSL_ASIC_NAMESPACE) == 0 && strcmp (local, "DataObjectReference") == 0)
        {
          const char *uri = attribute (names, values, "URI");

          if (p->manifest->sig_uri == NULL)
            {
              parse_error (error, CSL_ASIC_ERROR_MANIFEST_INVALID, _("a DataObjectReference before the SigReference"));
              return;
            }
          if (!only_attributes (names, name, "URI", "MimeType", error) || !check_uri (p, uri, error))
            return;
          if (g_hash_table_contains (p->seen, uri))
            {
              parse_error (error, CSL_ASIC_ERROR_MANIFEST_DUPLICATE, _("“%s” is referenced twice"), uri);
              return;
            }
          g_hash_table_add (p->seen, g_strdup (uri));
          p->current = g_new0 (CslAsicReference, 1);
          p->current->uri = g_strdup (uri);
          p->current->mime_type = g_strdup (attribute (names, values, "MimeType"));
          g_ptr_array_add (p->manifest->references, p->current);
          p->has_method = FALSE;
          p->where = IN_DATA_OBJECT;
          return;
        }
      break;
    case IN_DATA_OBJECT:
      if (strcmp (ns, CSL_XMLDSIG_NAMESPACE) == 0 && strcmp (local, "DigestMethod") == 0 && !p->has_method)
        {
          const char *algorithm = attribute (names, values, "Algorithm");

          if (!only_attributes (names, name, "Algorithm", NULL, error))
            return;
          if (algorithm == NULL || strcmp (algorithm, CSL_XMLENC_SHA256) != 0)
            {
              parse_error (error, CSL_ASIC_ERROR_MANIFEST_INVALID, _("“%s” is not digested with SHA-256"),
                           p->current->uri);
              return;
            }
          p->has_method = TRUE;
          p->where = IN_DIGEST_METHOD;
          return;
        }
      if (strcmp (ns, CSL_XMLDSIG_NAMESPACE) == 0 && strcmp (local, "DigestValue") == 0 && p->has_method &&
          p->current->sha256 == NULL)
        {
          if (!only_attributes (names, name, NULL, NULL, error))
            return;
          g_string_truncate (p->text, 0);
          p->where = IN_DIGEST_VALUE;
          return;
        }
      break;
    default:
      break;
    }
  parse_error (error, CSL_ASIC_ERROR_MANIFEST_INVALID, _("unexpected element %s"), name);
}

static gboolean
set_digest (Parse       *p,
            GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (p->text->str));
  g_autofree guint8 *raw = NULL;
  gsize len = 0;

  for (const char *c = trimmed; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '+' && *c != '/' && *c != '=')
      return parse_error (error, CSL_ASIC_ERROR_MANIFEST_INVALID, _("the digest of “%s” is not Base64"),
                          p->current->uri);
  raw = g_base64_decode (trimmed, &len);
  if (len != 32)
    return parse_error (error, CSL_ASIC_ERROR_MANIFEST_INVALID, _("the digest of “%s” is not 32 bytes"),
                        p->current->uri);
  p->current->sha256 = g_malloc (65);
  for (guint i = 0; i < 32; i++)
    g_snprintf (p->current->sha256 + 2 * i, 3, "%02x", raw[i]);
  return TRUE;
}

static void
end_element (GMarkupParseContext  *context,
             const char           *name,
             gpointer              user_data,
             GError              **error)
{
  Parse *p = user_data;
  GHashTable *scope = p->scopes->data;

  p->scopes = g_slist_delete_link (p->scopes, p->scopes);
  g_hash_table_unref (scope);
  switch (p->where)
    {
    case IN_MANIFEST:
      p->where = IN_DONE;
      break;
    case IN_SIG_REFERENCE:
      p->where = IN_MANIFEST;
      break;
    case IN_DATA_OBJECT:
      if (p->current->sha256 == NULL)
        parse_error (error, CSL_ASIC_ERROR_MANIFEST_INVALID, _("“%s” has no digest"), p->current->uri);
      p->current = NULL;
      p->where = IN_MANIFEST;
      break;
    case IN_DIGEST_METHOD:
      p->where = IN_DATA_OBJECT;
      break;
    case IN_DIGEST_VALUE:
      set_digest (p, error);
      p->where = IN_DATA_OBJECT;
      break;
    default:
      break;
    }
}

static void
text (GMarkupParseContext  *context,
      const char           *chars,
      gsize                 len,
      gpointer              user_data,
      GError              **error)
{
  Parse *p = user_data;

  if (p->where == IN_DIGEST_VALUE)
    {
      g_string_append_len (p->text, chars, (gssize) len);
      return;
    }
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (chars[i]))
      {
        parse_error (error, CSL_ASIC_ERROR_MANIFEST_INVALID, _("text outside the digest values"));
        return;
      }
}

CslAsicManifest *
csl_asic_manifest_parse (GBytes  *bytes,
                         GError **error)
{
  static const GMarkupParser parser = { start_element, end_element, text, NULL, NULL };
  g_autoptr(CslAsicManifest) m = csl_asic_manifest_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) chars = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  GMarkupParseContext *context;
  Parse p = { m, seen, NULL, IN_NOTHING, NULL, chars, FALSE };
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  gboolean ok;

  if (len > CSL_ASIC_MANIFEST_MAX_SIZE)
    {
      parse_error (error, CSL_ASIC_ERROR_MANIFEST_INVALID, _("larger than %u bytes"), CSL_ASIC_MANIFEST_MAX_SIZE);
      return NULL;
    }
  if (!g_utf8_validate (data, (gssize) len, NULL))
    {
      parse_error (error, CSL_ASIC_ERROR_MANIFEST_INVALID, _("not UTF-8"));
      return NULL;
    }
  context = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, &p, NULL);
  ok = g_markup_parse_context_parse (context, data, (gssize) len, &local_error) &&
       g_markup_parse_context_end_parse (context, &local_error);
  g_markup_parse_context_free (context);
  g_slist_free_full (p.scopes, (GDestroyNotify) g_hash_table_unref);
  if (!ok)
    {
      if (local_error->domain == CSL_ASIC_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        parse_error (error, CSL_ASIC_ERROR_MANIFEST_INVALID, "%s", local_error->message);
      return NULL;
    }
  if (p.where != IN_DONE || m->sig_uri == NULL || m->references->len == 0)
    {
      parse_error (error, CSL_ASIC_ERROR_MANIFEST_INVALID, _("no SigReference or no DataObjectReference"));
      return NULL;
    }
  return g_steal_pointer (&m);
}
