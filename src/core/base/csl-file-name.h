#pragma once

#include "base/csl-model.h"

G_BEGIN_DECLS

/* A file name that is safe on Windows, macOS and Linux alike: ASCII letters, digits and
 * "._-" only (anything else becomes "-", runs collapse), no leading or trailing dot or dash,
 * at most max_len bytes, never one of Windows' reserved device names (CON, NUL, COM1 …);
 * fallback when nothing is left. */
char *csl_file_name_part    (const char  *text,
                             gsize        max_len,
                             const char  *fallback);

/* <manufacturer>_<model>_<N>-star_<YYYY-MM-DD>.zip, at most 100 bytes. The manufacturer
 * is its English name, else its Chinese name transliterated where GLib can, else its USCC. */
char *csl_bundle_file_name  (const char  *manufacturer_en,
                             const char  *manufacturer_zh,
                             const char  *uscc,
                             const char  *model,
                             CslGrade     grade,
                             const char  *date);

G_END_DECLS
