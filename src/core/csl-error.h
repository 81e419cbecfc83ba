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
  CSL_ERROR_INCOMPLETE,       /* a filing that lacks what Art. 5-8 require cannot be packaged */
  CSL_ERROR_DAMAGED,          /* stored or received data that fails its checksum or structure */
  CSL_ERROR_PASSWORD,         /* a key's password is missing or wrong */
  CSL_ERROR_UNSUPPORTED,      /* the crypto library cannot do what was asked (SM2 in CMS on OpenSSL < 3.2) */
} CslError;

GQuark csl_error_quark (void);

G_END_DECLS
