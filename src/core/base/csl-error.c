#include "base/csl-error.h"

G_DEFINE_QUARK (csl-error-quark, csl_error)
