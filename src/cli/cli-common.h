#pragma once

#include <json-glib/json-glib.h>

#include "workspace/csl-workspace.h"

G_BEGIN_DECLS

enum
{
  CLI_EXIT_OK = 0,
  CLI_EXIT_CHECK_FAILED = 1,
  CLI_EXIT_BAD_INPUT = 2,
};

typedef struct
{
  const char   *workspace_dir;
  CslWorkspace *ws;
  const char   *command;       /* "manufacturer add", for messages */
  char         *today;
  gint64        manufacturer_filter;   /* "--manufacturer ID" of list commands */
} CliContext;

typedef int (*CliHandler) (CliContext  *ctx,
                           int          argc,
                           char       **argv);

typedef struct
{
  const char *group;
  const char *verb;       /* NULL: a command of one word, options right after it */
  CliHandler  handler;
  const char *summary;    /* translated at print time */
} CliCommand;

/* Each cli-*.c file exports its table, ended by an entry with group NULL. */
extern const CliCommand cli_catalogue_commands[];
extern const CliCommand cli_manufacturer_commands[];
extern const CliCommand cli_owner_commands[];
extern const CliCommand cli_lab_commands[];
extern const CliCommand cli_product_commands[];
extern const CliCommand cli_filing_commands[];
extern const CliCommand cli_attachment_commands[];
extern const CliCommand cli_document_commands[];
extern const CliCommand cli_label_commands[];
extern const CliCommand cli_lifecycle_commands[];
extern const CliCommand cli_deadlines_commands[];
extern const CliCommand cli_bundle_commands[];
extern const CliCommand cli_identity_commands[];
extern const CliCommand cli_import_commands[];
extern const CliCommand cli_update_commands[];
extern const CliCommand cli_standard_commands[];
extern const CliCommand cli_team_commands[];
extern const CliCommand cli_workspace_commands[];

int       cli_error          (CliContext    *ctx,
                              const GError  *error);
int       cli_usage          (CliContext    *ctx,
                              const char    *format,
                              ...) G_GNUC_PRINTF (2, 3);
/* Parses options; on --help prints it and returns FALSE with *exit_code 0. */
gboolean  cli_parse          (CliContext    *ctx,
                              const GOptionEntry *entries,
                              const char    *parameters,
                              const char    *description,
                              int           *argc,
                              char        ***argv,
                              int           *exit_code);
gboolean  cli_parse_id       (const char    *text,
                              const char    *what,
                              gint64        *out,
                              GError       **error);
gboolean  cli_open_workspace (CliContext    *ctx,
                              GError       **error);
void      cli_print_json     (JsonBuilder   *builder);
void      cli_print_json_node (JsonNode     *root);
void      cli_print_id       (gint64         id);
/* A stored or received value as part of a line of output: controls, bidi overrides and line
 * breaks shown as escapes (csl_text_escape_line()), so that a row stays one row and a terminal
 * shows only what is printed. The value itself when nothing needs escaping; else a copy valid
 * until 16 more calls. NULL stays NULL. */
const char *cli_text          (const char    *value);
/* "label  value", the values in one column, escaped as cli_text(); a missing value shows as "—". */
void      cli_print_field    (const char    *label,
                              int            width,
                              const char    *value);
/* UTF-8 text to stdout as g_print() would put it (converted when the console is not UTF-8),
 * without formatting it or flushing. */
void      cli_write_stdout   (const char    *text,
                              gsize          len);

/* A JSON array written element by element, exactly as json-glib prints a whole array: a list of
 * 100 000 rows never exists as one tree of nodes, and printing starts with the first row. */
typedef struct
{
  JsonGenerator *generator;
  JsonBuilder   *builder;
  GString       *text;
  gboolean       print;   /* FALSE: everything stays in text, for cli_json_array_end() */
  guint          n;
} CliJsonArray;

void         cli_json_array_begin (CliJsonArray  *array,
                                   gboolean       print);
/* The builder for the next element, empty; cli_json_array_add() takes what was built. */
JsonBuilder *cli_json_array_next  (CliJsonArray  *array);
void         cli_json_array_add   (CliJsonArray  *array);
/* Or the next element as text, written by the caller into the buffer returned, at depth 1
 * (base/csl-json-stream.h); cli_json_array_added() when it is complete. */
GString     *cli_json_array_next_text (CliJsonArray *array);
void         cli_json_array_added     (CliJsonArray *array);
/* Ends the array with a newline; returns the text unless it was printed (then NULL). */
char        *cli_json_array_end   (CliJsonArray  *array);
/* After an error: frees what was not printed, printing nothing more. */
void         cli_json_array_abandon (CliJsonArray *array);
/* --name goes where its script says (takes name): *name_zh or *name_en, unless given already. */
void      cli_assign_name    (char          *name,
                              char         **name_zh,
                              char         **name_en);
gboolean  cli_require        (CliContext    *ctx,
                              const char    *value,
                              const char    *option,
                              int           *exit_code);

/* The filings a bulk command acts on: the ids given, or with --all every filing, or those of
 * one --status and one --manufacturer. */
typedef struct
{
  gboolean  all;
  char     *status;
  gint64    manufacturer;
} CliSelection;

#define CLI_SELECTION_ENTRIES(sel) \
  { "all", 0, 0, G_OPTION_ARG_NONE, &(sel).all, N_("Every filing, or those --status and --manufacturer select"), NULL }, \
  { "status", 0, 0, G_OPTION_ARG_STRING, &(sel).status, N_("With --all: only filings of this status"), N_("STATUS") }, \
  { "manufacturer", 0, 0, G_OPTION_ARG_INT64, &(sel).manufacturer, N_("With --all: only this manufacturer’s filings"), N_("ID") }

/* Opens the workspace; NULL with *code set on bad input (ids and --all together, neither, an
 * unknown status, or a selection that matches nothing). */
GArray   *cli_select_filings (CliContext         *ctx,
                              const CliSelection *selection,
                              int                 argc,
                              char              **argv,
                              int                *code);
void      cli_selection_clear (CliSelection      *selection);

/* One filing's part of a bulk command: FALSE with error set when it failed. */
typedef gboolean (*CliFilingFunc) (CliContext  *ctx,
                                   gint64       id,
                                   gpointer     user_data,
                                   GError     **error);
/* Runs func on every filing, each on its own: a failure is reported ("filing 7: …") and the
 * rest go on. With several filings a summary follows on stderr. Returns the exit status: 0
 * when all succeeded, else 1 if every failure was a failed check, else 2. */
int       cli_for_each_filing (CliContext        *ctx,
                               GArray            *ids,
                               CliFilingFunc      func,
                               gpointer           user_data);

G_END_DECLS

G_BEGIN_DECLS

typedef GPtrArray *(*CliLoadFunc)  (CliContext  *ctx,
                                    GError     **error);
typedef void       (*CliJsonFunc)  (JsonBuilder *b,
                                    gpointer     item);
typedef void       (*CliPrintFunc) (gpointer     item);

/* The shape every "X list" command shares: options, load, then JSON or one line per item. */
int cli_run_list (CliContext         *ctx,
                  int                 argc,
                  char              **argv,
                  const char         *summary,
                  const GOptionEntry *extra_entries,
                  CliLoadFunc         load,
                  CliJsonFunc         to_json,
                  CliPrintFunc        print);

G_END_DECLS
