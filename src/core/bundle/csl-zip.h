#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a bundle may hold. The writer keeps within the same limits the reader enforces, so
 * that nothing is written that could not be verified; they also keep every offset below
 * 4 GiB, so a bundle never needs Zip64. */
typedef struct
{
  guint   max_entries;
  guint64 max_entry_size;    /* uncompressed bytes of one entry */
  guint64 max_total_size;    /* uncompressed bytes of all entries */
  gsize   max_name_length;
} CslZipLimits;

#define CSL_ZIP_MAX_ENTRIES      1000
#define CSL_ZIP_MAX_ENTRY_SIZE   (G_GUINT64_CONSTANT (1) << 30)
#define CSL_ZIP_MAX_TOTAL_SIZE   (G_GUINT64_CONSTANT (3) << 30)
#define CSL_ZIP_MAX_NAME_LENGTH  200

/* Every entry is a plain file with this mode, owned by uid/gid 0. */
#define CSL_ZIP_ENTRY_MODE       0644

void      csl_zip_limits_init   (CslZipLimits  *limits);
/* Entry names are relative, '/'-separated, and made only of ASCII letters, digits, '.', '_'
 * and '-': they mean the same thing to every unzip on every system. */
gboolean  csl_zip_check_name    (const char    *name,
                                 gsize          max_length,
                                 GError       **error);
/* The name with anything unprintable escaped, for messages about a hostile archive. */
char     *csl_zip_display_name  (const char    *name);

G_END_DECLS
