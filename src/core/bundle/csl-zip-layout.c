#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "base/csl-error.h"
#include "bundle/csl-asic.h"
#include "bundle/csl-zip-layout.h"

#define EOCD_SIZE          22
#define CENTRAL_SIZE       46
#define LOCAL_SIZE         30
#define DESCRIPTOR_SIZE    16
#define SIG_LOCAL          0x04034b50u
#define SIG_CENTRAL        0x02014b50u
#define SIG_DESCRIPTOR     0x08074b50u
#define SIG_EOCD           0x06054b50u
#define VERSION_NEEDED     20           /* 2.0: deflate */
#define MADE_BY_UNIX       3
#define FLAG_DESCRIPTOR    0x0008
#define METHOD_STORED      0
#define METHOD_DEFLATE     8
#define INTERNAL_TEXT      0x0001       /* minizip's "text" hint: zlib found only text */
#define MAX_EXTRA          1024         /* libarchive writes 24 bytes: UT and ux */
#define MODE_REGULAR       0100000

static guint16
u16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static guint32
u32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static gboolean G_GNUC_PRINTF (3, 4)
layout_error (GError     **error,
              guint64      offset,
              const char  *format,
              ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED,
               _("The bundle’s ZIP structure is damaged or not as CSL Filer writes it (byte %llu): %s"),
               (unsigned long long) offset, msg);
  return FALSE;
}

static gboolean
read_at (GInputStream  *in,
         guint64        offset,
         guint8        *buffer,
         gsize          len,
         GCancellable  *cancellable,
         GError       **error)
{
  gsize got = 0;

  if (!g_seekable_seek (G_SEEKABLE (in), (goffset) offset, G_SEEK_SET, cancellable, error) ||
      !g_input_stream_read_all (in, buffer, len, &got, cancellable, error))
    return FALSE;
  if (got != len)
    return layout_error (error, offset, _("the file ends inside a record"));
  return TRUE;
}

typedef struct
{
  guint32 entries;
  guint32 cd_size;
  guint32 cd_offset;
} End;

static gboolean
read_end (GInputStream        *in,
          guint64              file_size,
          const CslZipLimits  *limits,
          End                 *end,
          GCancellable        *cancellable,
          GError             **error)
{
  guint8 b[EOCD_SIZE];
  guint64 at;
  guint64 max_cd;

  if (file_size < EOCD_SIZE)
    return layout_error (error, 0, _("the file is too short to be a ZIP archive"));
  if (file_size > G_MAXUINT32)
    return layout_error (error, 0, _("the file is larger than 4 GiB"));
  at = file_size - EOCD_SIZE;
  if (!read_at (in, at, b, sizeof b, cancellable, error))
    return FALSE;
  if (u32 (b) != SIG_EOCD)
    return layout_error (error, at, _("it does not end with an end-of-central-directory record: "
                                      "the file is truncated, has trailing data or a comment, or is not a ZIP archive"));
  end->entries = u16 (b + 10);
  end->cd_size = u32 (b + 12);
  end->cd_offset = u32 (b + 16);
  if (u16 (b + 4) != 0 || u16 (b + 6) != 0 || u16 (b + 8) != end->entries || u16 (b + 20) != 0)
    return layout_error (error, at, _("a multi-part archive or an archive comment"));
  if (end->entries == 0)
    return layout_error (error, at, _("the archive is empty"));
  if (end->entries > limits->max_entries)
    return layout_error (error, at, _("it lists %u entries; at most %u are allowed"), end->entries, limits->max_entries);
  max_cd = (guint64) end->entries * (CENTRAL_SIZE + limits->max_name_length + MAX_EXTRA);
  if (end->cd_size > max_cd)
    return layout_error (error, at, _("its central directory is larger than %u entries need"), end->entries);
  if ((guint64) end->cd_offset + end->cd_size != at)
    return layout_error (error, at, _("the central directory does not end where the end record begins"));
  return TRUE;
}

gboolean
csl_zip_layout_check_end (GInputStream        *in,
                          guint64              file_size,
                          const CslZipLimits  *limits,
                          GError             **error)
{
  End end;

  return read_end (in, file_size, limits, &end, NULL, error);
}

static gboolean
check_extra (const guint8  *extra,
             guint          len,
             guint64        offset,
             GError       **error)
{
  guint pos = 0;

  while (pos < len)
    {
      guint field;

      if (len - pos < 4)
        return layout_error (error, offset, _("a malformed extra field"));
      field = u16 (extra + pos + 2);
      if (field > len - pos - 4)
        return layout_error (error, offset, _("a malformed extra field"));
      /* 0x0001 is Zip64: sizes beyond what the limits allow. */
      if (u16 (extra + pos) == 0x0001)
        return layout_error (error, offset, _("a Zip64 extra field"));
      pos += 4 + field;
    }
  return TRUE;
}

/* The two layouts CSL Filer has written: format 1 (libarchive: data descriptors, "UT" and "ux"
 * extra fields, everything deflated) and ASiC-E (minizip: CRC and sizes in the local header, no
 * extra field, no descriptor, the first entry "mimetype" stored). A "mimetype" entry says which;
 * every entry must then follow that layout. */
typedef enum
{
  LAYOUT_FORMAT_1,
  LAYOUT_ASIC,
} Layout;

/* A container with a "mimetype" entry anywhere is meant to be ASiC-E, and is held to it. */
static Layout
find_layout (const guint8 *cd,
             gsize         cd_size,
             guint         entries)
{
  gsize pos = 0;

  for (guint i = 0; i < entries && cd_size - pos >= CENTRAL_SIZE && u32 (cd + pos) == SIG_CENTRAL; i++)
    {
      gsize name_len = u16 (cd + pos + 28);
      gsize record = CENTRAL_SIZE + name_len + u16 (cd + pos + 30) + u16 (cd + pos + 32);

      if (cd_size - pos < record)
        break;
      if (name_len == strlen (CSL_ASIC_MIMETYPE_PATH) &&
          memcmp (cd + pos + CENTRAL_SIZE, CSL_ASIC_MIMETYPE_PATH, name_len) == 0)
        return LAYOUT_ASIC;
      pos += record;
    }
  return LAYOUT_FORMAT_1;
}

/* ETSI EN 319 162-1, A.1: "mimetype" first, stored, without an extra field, so that a reader
 * finds the media type at byte 38. */
static gboolean
check_mimetype (const guint8  *c,
                guint          index,
                Layout         layout,
                const char    *name,
                GError       **error)
{
  gboolean is_mimetype = strcmp (name, CSL_ASIC_MIMETYPE_PATH) == 0;

  if (layout == LAYOUT_ASIC && index == 0 && !is_mimetype)
    {
      g_set_error (error, CSL_ASIC_ERROR, CSL_ASIC_ERROR_MIMETYPE_NOT_FIRST,
                   _("The bundle’s first entry is “%s”; an ASiC-E container starts with “mimetype”"), name);
      return FALSE;
    }
  if (!is_mimetype)
    return TRUE;
  if (index != 0)
    {
      g_set_error (error, CSL_ASIC_ERROR, CSL_ASIC_ERROR_MIMETYPE_NOT_FIRST,
                   _("“mimetype” is entry %u of the bundle; an ASiC-E container has it first"), index + 1);
      return FALSE;
    }
  if (layout != LAYOUT_ASIC || u16 (c + 10) != METHOD_STORED || u16 (c + 30) != 0)
    {
      g_set_error (error, CSL_ASIC_ERROR, CSL_ASIC_ERROR_MIMETYPE_COMPRESSED,
                   _("“mimetype” is compressed or has an extra field or data descriptor; ASiC-E stores it as it is"));
      return FALSE;
    }
  return TRUE;
}

/* One entry: its central directory record at cd + pos, its local record at *next. */
static gboolean
check_entry (GInputStream   *in,
             const guint8   *c,
             guint           index,
             Layout          layout,
             guint64         cd_at,
             guint64        *next,
             guint64         cd_offset,
             gsize           max_name,
             GCancellable   *cancellable,
             GError        **error)
{
  guint16 name_len = u16 (c + 28);
  guint16 extra_len = u16 (c + 30);
  guint32 csize = u32 (c + 20);
  guint32 usize = u32 (c + 24);
  guint32 crc = u32 (c + 16);
  g_autofree guint8 *local = NULL;
  guint8 d[DESCRIPTOR_SIZE];
  guint64 at = *next;
  guint64 data_end;

  if (u32 (c) != SIG_CENTRAL)
    return layout_error (error, cd_at, _("a central directory record is missing"));
  if (name_len == 0 || name_len > max_name || extra_len > MAX_EXTRA)
    return layout_error (error, cd_at, _("a name or extra field of unexpected length"));
  /* The name as stored, before libarchive turns backslashes into slashes or converts a
   * character set: what other readers see must be exactly what was checked. */
  {
    g_autofree char *name = g_strndup ((const char *) c + CENTRAL_SIZE, name_len);

    if (strlen (name) != name_len)
      return layout_error (error, cd_at, _("a name with a NUL byte"));
    if (!csl_zip_check_name (name, max_name, error))
      return FALSE;
  }
  if (u32 (c + 42) != at)
    return layout_error (error, cd_at, _("an entry whose data is not where the previous one ends "
                                         "(a gap, an overlap, a hidden record or an unusual order)"));
  {
    g_autofree char *name = g_strndup ((const char *) c + CENTRAL_SIZE, name_len);

    if (!check_mimetype (c, index, layout, name, error))
      return FALSE;
  }
  if (u16 (c + 6) != VERSION_NEEDED || u16 (c + 4) != (MADE_BY_UNIX << 8 | VERSION_NEEDED))
    return layout_error (error, cd_at, _("unexpected version fields"));
  if (u16 (c + 8) != (layout == LAYOUT_ASIC ? 0 : FLAG_DESCRIPTOR))
    return layout_error (error, cd_at, _("unexpected flags (encryption, a non-ASCII name or no data descriptor)"));
  if (u16 (c + 10) != METHOD_DEFLATE && !(layout == LAYOUT_ASIC && index == 0 && u16 (c + 10) == METHOD_STORED))
    return layout_error (error, cd_at, _("an entry that is not deflated"));
  if (layout == LAYOUT_ASIC && (extra_len != 0 || (u16 (c + 10) == METHOD_STORED && csize != usize)))
    return layout_error (error, cd_at, _("an extra field, or a stored entry whose sizes differ"));
  /* minizip marks entries that zlib found to be text (internal attribute bit 0): a hint that
   * changes no byte a reader extracts (only unzip -a acts on it), and it is in the central
   * directory only, so it is accepted in ASiC-E containers, and only that bit. */
  if (u16 (c + 32) != 0 || u16 (c + 34) != 0 ||
      (u16 (c + 36) != 0 && !(layout == LAYOUT_ASIC && u16 (c + 36) == INTERNAL_TEXT)))
    return layout_error (error, cd_at, _("a file comment, disk number or internal attribute"));
  if (u32 (c + 38) != (guint32) (MODE_REGULAR | CSL_ZIP_ENTRY_MODE) << 16)
    return layout_error (error, cd_at, _("an entry that is not a plain file with mode 0644"));

  local = g_malloc (LOCAL_SIZE + name_len + extra_len);
  if (!read_at (in, at, local, LOCAL_SIZE + name_len + extra_len, cancellable, error))
    return FALSE;
  if (u32 (local) != SIG_LOCAL)
    return layout_error (error, at, _("a local header is missing"));
  /* Version, flags, method and time: one copy in each header, so they must agree. */
  if (memcmp (local + 4, c + 6, 10) != 0)
    return layout_error (error, at, _("the local header does not match the central directory"));
  if (layout == LAYOUT_ASIC)
    {
      /* No descriptor: CRC and both sizes are in the local header, as in the directory. */
      if (u32 (local + 14) != crc || u32 (local + 18) != csize || u32 (local + 22) != usize)
        return layout_error (error, at, _("the local header’s sizes do not match the central directory"));
    }
  /* With a data descriptor, libarchive leaves CRC and compressed size out of the local
   * header; the uncompressed size is there, or zero. */
  else if (u32 (local + 14) != 0 || u32 (local + 18) != 0 || (u32 (local + 22) != 0 && u32 (local + 22) != usize))
    return layout_error (error, at, _("the local header’s sizes do not match the central directory"));
  if (u16 (local + 26) != name_len || u16 (local + 28) != extra_len ||
      memcmp (local + LOCAL_SIZE, c + CENTRAL_SIZE, name_len + extra_len) != 0)
    return layout_error (error, at, _("the local header’s name or extra field does not match the central directory"));
  if (!check_extra (local + LOCAL_SIZE + name_len, extra_len, at, error))
    return FALSE;

  data_end = at + LOCAL_SIZE + name_len + extra_len + csize;
  if (layout == LAYOUT_ASIC)
    {
      if (data_end > cd_offset)
        return layout_error (error, at, _("an entry runs into the central directory"));
      *next = data_end;
      return TRUE;
    }
  if (data_end + DESCRIPTOR_SIZE > cd_offset)
    return layout_error (error, at, _("an entry runs into the central directory"));
  if (!read_at (in, data_end, d, sizeof d, cancellable, error))
    return FALSE;
  if (u32 (d) != SIG_DESCRIPTOR || u32 (d + 4) != crc || u32 (d + 8) != csize || u32 (d + 12) != usize)
    return layout_error (error, data_end, _("the data descriptor does not match the central directory"));
  *next = data_end + DESCRIPTOR_SIZE;
  return TRUE;
}

gboolean
csl_zip_layout_check_names (GInputStream        *in,
                            guint64              file_size,
                            const CslZipLimits  *limits,
                            GCancellable        *cancellable,
                            GError             **error)
{
  g_autofree guint8 *cd = NULL;
  gsize pos = 0;
  End end;

  if (!read_end (in, file_size, limits, &end, cancellable, error))
    return FALSE;
  cd = g_malloc (end.cd_size);
  if (!read_at (in, end.cd_offset, cd, end.cd_size, cancellable, error))
    return FALSE;
  /* A directory that does not hold together is left to csl_zip_layout_check() to describe. */
  for (guint i = 0; i < end.entries && end.cd_size - pos >= CENTRAL_SIZE && u32 (cd + pos) == SIG_CENTRAL; i++)
    {
      guint16 name_len = u16 (cd + pos + 28);
      g_autofree char *name = NULL;

      if (end.cd_size - pos - CENTRAL_SIZE < (gsize) name_len + u16 (cd + pos + 30))
        break;
      name = g_strndup ((const char *) cd + pos + CENTRAL_SIZE, name_len);
      if (name_len > 0 && strlen (name) == name_len && !csl_zip_check_name (name, limits->max_name_length, error))
        return FALSE;
      pos += CENTRAL_SIZE + name_len + u16 (cd + pos + 30);
    }
  return TRUE;
}

gboolean
csl_zip_layout_check (GInputStream        *in,
                      guint64              file_size,
                      const CslZipLimits  *limits,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_autofree guint8 *cd = NULL;
  Layout layout = LAYOUT_FORMAT_1;
  guint64 next = 0;
  gsize pos = 0;
  End end;

  if (!read_end (in, file_size, limits, &end, cancellable, error))
    return FALSE;
  cd = g_malloc (end.cd_size);
  if (!read_at (in, end.cd_offset, cd, end.cd_size, cancellable, error))
    return FALSE;
  layout = find_layout (cd, end.cd_size, end.entries);

  for (guint i = 0; i < end.entries; i++)
    {
      if (end.cd_size - pos < CENTRAL_SIZE ||
          end.cd_size - pos - CENTRAL_SIZE < (gsize) u16 (cd + pos + 28) + u16 (cd + pos + 30))
        return layout_error (error, end.cd_offset + pos, _("the central directory is shorter than its entries"));
      if (!check_entry (in, cd + pos, i, layout, end.cd_offset + pos, &next, end.cd_offset, limits->max_name_length,
                        cancellable, error))
        return FALSE;
      pos += CENTRAL_SIZE + u16 (cd + pos + 28) + u16 (cd + pos + 30);
    }
  if (pos != end.cd_size)
    return layout_error (error, end.cd_offset + pos, _("the central directory holds more than its entries"));
  if (next != end.cd_offset)
    return layout_error (error, next, _("data between the last entry and the central directory"));
  return TRUE;
}
