#pragma once

/* What csl-filer-pdf-helper writes on its standard output and csl-pdf.c reads, as frames:
 * a 4-byte tag, a 4-byte big-endian length, then that many bytes. The parent believes none
 * of it until it has checked it (tags, sizes, UTF-8, ranges): the helper parses files from
 * strangers and may have been taken over by one. */

#define CSL_PDF_FRAME_HEADER    8
#define CSL_PDF_FRAME_INFO      "INFO"   /* JSON: n_pages, width, height, title, producer */
#define CSL_PDF_FRAME_TEXT      "TEXT"   /* UTF-8, pages separated by '\f' */
#define CSL_PDF_FRAME_THUMBNAIL "THMB"   /* width, height (4 bytes each, big-endian), then
                                          * height rows of width ARGB32 pixels (host order) */
#define CSL_PDF_FRAME_FAIL      "FAIL"   /* JSON: code (below), detail (poppler's words) */

#define CSL_PDF_FAIL_ENCRYPTED  "encrypted"
#define CSL_PDF_FAIL_DAMAGED    "damaged"
#define CSL_PDF_FAIL_NO_PAGE    "no-page"
#define CSL_PDF_FAIL_FIRST_PAGE "first-page"
#define CSL_PDF_FAIL_NO_SIZE    "no-size"
#define CSL_PDF_FAIL_DRAW       "draw"

#define CSL_PDF_INFO_MAX        (64 * 1024)
/* A thumbnail is at most this wide and its height at most this many times its width (a
 * long strip of a page shows its top). */
#define CSL_PDF_THUMBNAIL_MAX_WIDTH  2048
#define CSL_PDF_THUMBNAIL_MAX_ASPECT 8

/* Honoured by the helper only: makes it crash, hang, spin, run out of memory or answer
 * nonsense, for the tests of what the parent does then. */
#define CSL_PDF_HELPER_TEST_ENV "CSL_FILER_PDF_HELPER_TEST"

/* AddressSanitizer builds cannot limit their address space (the shadow memory alone is
 * terabytes of it); the helper gets ASan's hard_rss_limit_mb instead. */
#if defined(__SANITIZE_ADDRESS__)
# define CSL_PDF_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define CSL_PDF_ASAN 1
# endif
#endif
