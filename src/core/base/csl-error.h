#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CSL_ERROR (csl_error_quark ())

/* One domain for the whole core; the code says what kind of input was wrong so the CLI can map
 * it to an exit status and the GUI to a message, while the message says which value. */
typedef enum
{
  CSL_ERROR_INVALID,          /* malformed input: a date, a USCC, a grade, an option value */
  CSL_ERROR_CHECK_DIGIT,      /* USCC with a wrong check digit: the user may accept it */
  CSL_ERROR_NOT_FOUND,        /* an id that names nothing */
  CSL_ERROR_EXISTS,           /* a unique value already taken */
  CSL_ERROR_SCHEMA_TOO_NEW,   /* the workspace was written by a newer program */
  CSL_ERROR_NOT_WORKSPACE,    /* the database is not ours */
  CSL_ERROR_DATABASE,         /* SQLite failed */
  CSL_ERROR_CATALOGUE,        /* a catalogue file that does not validate */
  CSL_ERROR_STATE,            /* an operation illegal in the current state */
  CSL_ERROR_IO,               /* file system trouble */
  CSL_ERROR_FILE_EMPTY,       /* an attachment of zero bytes */
  CSL_ERROR_FILE_TOO_LARGE,   /* an attachment over the size limit */
  CSL_ERROR_NOT_PDF,          /* an attachment that is not a PDF, whatever its name says */
  CSL_ERROR_PDF_DAMAGED,      /* a PDF that is truncated or that poppler cannot parse */
  CSL_ERROR_PDF_ENCRYPTED,    /* a PDF that needs a password to open */
  CSL_ERROR_DAMAGED,          /* stored or received data that fails its checksum or structure
                               * (a stored document, a bundle) */
  CSL_ERROR_INCOMPLETE,       /* something required is not there yet (a label item, a filing's
                               * materials): the message names what */
  CSL_ERROR_PRINT_QUALITY,    /* the output would not print legibly (text too long for its box,
                               * QR modules too small): nothing is written */
  CSL_ERROR_PASSWORD,         /* a key's password is missing or wrong */
  CSL_ERROR_UNSUPPORTED,      /* the crypto library cannot do what was asked (SM2 in CMS on OpenSSL < 3.2) */
  CSL_ERROR_PDF_HELPER,       /* the sandboxed PDF reader crashed, hung, ran out of memory or
                               * answered nonsense: that one file could not be read */
  CSL_ERROR_READ_ONLY,        /* the workspace is open for reading only: nothing can be changed */
  CSL_ERROR_CONFLICT,         /* someone else changed the record since it was read: reload first */
  CSL_ERROR_CONNECTION,       /* the team workspace's server cannot be reached, refused TLS, or
                               * went away mid-operation */
  CSL_ERROR_PERMISSION,       /* the team workspace's server refused: this role may not do that */
} CslError;

GQuark csl_error_quark (void);

G_END_DECLS
