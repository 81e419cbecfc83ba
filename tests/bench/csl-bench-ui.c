/* The interactions of issue 19, driven in the real app the way a user drives them: keys typed
 * into the Filings view's search entry and a double click on a row go through the X server
 * (XTest), so GDK, the input method and GTK's own handlers all run; nothing calls the view.
 *
 *   csl-bench-ui search  --workspace DIR [--runs N]   each key to the frame with the filtered list
 *   csl-bench-ui open    --workspace DIR [--runs N]   a row's double click to the wizard's first frame
 *   csl-bench-ui preview --workspace DIR --filing ID  the label preview's redraw per typed character
 *
 * Prints one JSON object: the samples in milliseconds, wall time and the process's CPU time
 * (user + system, every thread) over the same span, which another job on the machine inflates
 * far less than wall time. Run under Xvfb by build-aux/bench; not a test. */

#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>
#include <time.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "base/csl-paths.h"
#include "csl-application.h"
#include "csl-filing-item.h"
#include "csl-filings-view.h"
#include "csl-label-preview.h"
#include "csl-label-print.h"
#include "csl-page-label.h"
#include "csl-window.h"
#include "csl-wizard.h"

/* A quick typist's pause between two keys: each key is timed alone, not queued behind the last. */
#define KEY_GAP_MS 120
/* What is typed, one run each in turn: model numbers, a kind of product and a filing number of
 * the generated data. */
static const char *const queries[] = { "cam-0421-03", "cam-0907-1", "dash camera", "csl2025000", "cam-0133-05" };

static struct
{
  const char *mode;
  char       *workspace;
  gint64      filing;
  int         runs;
  GtkApplication *app;
  CslWindow  *window;
  Display    *dpy;
  /* Frame-clock bookkeeping of the window being watched */
  guint       paints;
  gint64      last_paint;
  gint64      layout_done;
  gint64      layout_cpu;
  guint       search_changes;
  CslWizard  *wizard;
  gint64      wizard_paint;
  /* The preview's own snapshot, timed round the class's vfunc */
  void      (*preview_snapshot) (GtkWidget *, GtkSnapshot *);
  gint64      snapshot_us;
  JsonBuilder *out;
} B;

static gint64
cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
iterate (void)
{
  g_main_context_iteration (NULL, TRUE);
}

static gboolean
wake (gpointer flag)
{
  *(gboolean *) flag = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for ms milliseconds: the app keeps drawing and handling events. */
static void
pause_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, wake, &done);
  while (!done)
    iterate ();
}

/* Until the main loop has nothing left at idle priority: the app has settled. */
static void
settle (void)
{
  gboolean done = FALSE;

  pause_ms (300);
  g_idle_add_full (G_PRIORITY_LOW, wake, &done, NULL);
  while (!done)
    iterate ();
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  B.paints++;
  B.last_paint = g_get_monotonic_time ();
}

/* Connected after GTK's own handlers: the end of the layout phase, where painting starts. */
static void
on_layout (GdkFrameClock *clock,
           gpointer       user_data)
{
  B.layout_done = g_get_monotonic_time ();
  B.layout_cpu = cpu_us ();
}

static void
watch_frames (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect_after (clock, "layout", G_CALLBACK (on_layout), NULL);
  g_signal_connect_after (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
}

static void
wait_for_paint (void)
{
  guint paints = B.paints;

  while (B.paints == paints)
    iterate ();
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* ---- input through the X server ------------------------------------------------------------ */

static void
x_key (KeySym sym,
       KeySym modifier)
{
  KeyCode mod = modifier ? XKeysymToKeycode (B.dpy, modifier) : 0;
  KeyCode code = XKeysymToKeycode (B.dpy, sym);

  if (mod)
    XTestFakeKeyEvent (B.dpy, mod, True, CurrentTime);
  XTestFakeKeyEvent (B.dpy, code, True, CurrentTime);
  XTestFakeKeyEvent (B.dpy, code, False, CurrentTime);
  if (mod)
    XTestFakeKeyEvent (B.dpy, mod, False, CurrentTime);
  XFlush (B.dpy);
}

static KeySym
char_keysym (char c)
{
  static const struct { char c; KeySym sym; } named[] = {
    { ' ', XK_space }, { '-', XK_minus }, { '.', XK_period },
  };

  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    if (named[i].c == c)
      return named[i].sym;
  return (KeySym) c;   /* a-z and 0-9 are their own keysyms */
}

/* The point (x, y) of widget on the screen, in the root window's coordinates. */
static void
screen_point (GtkWidget *widget,
              double     x,
              double     y,
              int       *rx,
              int       *ry)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t p;
  double sx, sy;
  Window child;

  g_assert (gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &p));
  gtk_native_get_surface_transform (native, &sx, &sy);
  XTranslateCoordinates (B.dpy, gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                         DefaultRootWindow (B.dpy), (int) (p.x + sx), (int) (p.y + sy), rx, ry, &child);
}

static void
x_click (gboolean press_only)
{
  XTestFakeButtonEvent (B.dpy, 1, True, CurrentTime);
  if (!press_only)
    XTestFakeButtonEvent (B.dpy, 1, False, CurrentTime);
  XFlush (B.dpy);
}

/* Without a window manager nobody gives the window the keyboard: as a click on it would. */
static void
focus_window (GtkWindow *window)
{
  XSetInputFocus (B.dpy, gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))), RevertToParent,
                  CurrentTime);
  XFlush (B.dpy);
  while (!gtk_window_is_active (window))
    iterate ();
}

/* ---- results ------------------------------------------------------------------------------- */

static void
add_samples (const char *name,
             GArray     *ms)
{
  json_builder_set_member_name (B.out, name);
  json_builder_begin_array (B.out);
  for (guint i = 0; i < ms->len; i++)
    json_builder_add_double_value (B.out, g_array_index (ms, double, i));
  json_builder_end_array (B.out);
}

static void
add_ms (GArray *array,
        gint64  us)
{
  double ms = us / 1000.0;

  g_array_append_val (array, ms);
}

/* ---- search as you type ------------------------------------------------------------------- */

/* The cells the list has made (of every row it keeps, on screen or not): what a key that
 * changes the rows shown lays out again. */
static guint
count_labels (GtkWidget *widget)
{
  guint n = GTK_IS_LABEL (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += count_labels (child);
  return n;
}

static void
on_search_changed (GtkSearchEntry *entry)
{
  B.search_changes++;
}

static void
bench_search (void)
{
  CslFilingsView *view = CSL_FILINGS_VIEW (csl_window_get_view (B.window, "filings"));
  GtkWidget *entry = find_type (GTK_WIDGET (view), GTK_TYPE_SEARCH_ENTRY);
  GtkWidget *list = find_type (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW);
  GListModel *shown = csl_filings_view_get_model (view);
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (double));

  /* After GTK's and the view's handlers: by then the view has filtered. */
  g_signal_connect_after (entry, "search-changed", G_CALLBACK (on_search_changed), NULL);
  x_key (XK_f, XK_Control_L);   /* Ctrl+F, as a user starts a search */
  while (gtk_window_get_focus (GTK_WINDOW (B.window)) == NULL ||
         !gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (B.window)), entry))
    iterate ();
  settle ();

  for (int run = 0; run < B.runs; run++)
    {
      const char *query = queries[run % G_N_ELEMENTS (queries)];

      for (const char *c = query; *c; c++)
        {
          guint changes = B.search_changes;
          gint64 t0, c0;

          pause_ms (KEY_GAP_MS);
          t0 = g_get_monotonic_time ();
          c0 = cpu_us ();
          x_key (char_keysym (*c), 0);
          while (B.search_changes == changes)
            iterate ();
          /* If the rows on screen stayed the same nothing would be drawn: a frame is asked for,
           * which the user would see anyway, since the entry's text changed. */
          gtk_widget_queue_draw (list);
          wait_for_paint ();
          add_ms (wall, B.last_paint - t0);
          add_ms (cpu, cpu_us () - c0);
          {
            double n = g_list_model_get_n_items (shown);

            g_array_append_val (matches, n);
          }
        }
      /* Cleared between runs, untimed; the next run types a new query into an empty entry. */
      gtk_editable_set_text (GTK_EDITABLE (entry), "");
      while (g_list_model_get_n_items (shown) == 0)
        iterate ();
      settle ();
    }
  json_builder_set_member_name (B.out, "cells");
  json_builder_add_int_value (B.out, count_labels (list));
  json_builder_set_member_name (B.out, "search_delay_ms");
  json_builder_add_int_value (B.out, gtk_search_entry_get_search_delay (GTK_SEARCH_ENTRY (entry)));
  add_samples ("wall_ms", wall);
  add_samples ("cpu_ms", cpu);
  add_samples ("matches", matches);
}

/* ---- opening a filing from the list -------------------------------------------------------- */

static void
on_wizard_after_paint (GdkFrameClock *clock,
                       gpointer       user_data)
{
  if (B.wizard_paint == 0)
    B.wizard_paint = g_get_monotonic_time ();
}

static void
on_wizard_realize (GtkWidget *widget)
{
  g_signal_connect_after (gtk_widget_get_frame_clock (widget), "after-paint", G_CALLBACK (on_wizard_after_paint), NULL);
}

static void
on_toplevels_changed (GListModel *toplevels,
                      guint       position,
                      guint       removed,
                      guint       added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CSL_IS_WIZARD (window) && B.wizard == NULL)
        {
          B.wizard = CSL_WIZARD (window);
          g_signal_connect (window, "realize", G_CALLBACK (on_wizard_realize), NULL);
        }
    }
}

static char *
product_text (GListModel *rows,
              guint       position)
{
  g_autoptr(CslFilingItem) item = g_list_model_get_item (rows, position);
  const CslFilingSummary *s = csl_filing_item_get_summary (item);

  return s->product_name ? g_strdup_printf ("%s — %s", s->model, s->product_name) : g_strdup (s->model);
}

static void
find_labels (GtkWidget  *widget,
             const char *text,
             GPtrArray  *found)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    find_labels (child, text, found);
}

static int
by_y (gconstpointer a,
      gconstpointer b)
{
  GtkWidget *wa = *(GtkWidget **) a, *wb = *(GtkWidget **) b;
  graphene_point_t pa, pb;

  g_assert (gtk_widget_compute_point (wa, GTK_WIDGET (gtk_widget_get_root (wa)), &GRAPHENE_POINT_INIT (0, 0), &pa));
  g_assert (gtk_widget_compute_point (wb, GTK_WIDGET (gtk_widget_get_root (wb)), &GRAPHENE_POINT_INIT (0, 0), &pb));
  return pa.y < pb.y ? -1 : pa.y > pb.y;
}

/* The product cell of the row at position of the list as shown. Rows of one product (a filing
 * and its re-filing) read the same: the one above it with the same text count. */
static GtkWidget *
row_label (GtkWidget  *list,
           GListModel *rows,
           guint       position)
{
  g_autofree char *text = product_text (rows, position);
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  guint above = 0;

  while (above < position)
    {
      g_autofree char *other = product_text (rows, position - above - 1);

      if (g_strcmp0 (other, text) != 0)
        break;
      above++;
    }
  find_labels (list, text, found);
  g_ptr_array_sort (found, by_y);
  return above < found->len ? found->pdata[above] : NULL;
}

static void
bench_open (void)
{
  CslFilingsView *view = CSL_FILINGS_VIEW (csl_window_get_view (B.window, "filings"));
  GtkColumnView *list = GTK_COLUMN_VIEW (find_type (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW));
  GListModel *rows = G_LIST_MODEL (gtk_column_view_get_model (list));
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));

  g_signal_connect (gtk_window_get_toplevels (), "items-changed", G_CALLBACK (on_toplevels_changed), NULL);
  for (int run = 0; run < B.runs; run++)
    {
      /* A different row of the first screenful each time. */
      guint position = 2 + (guint) run * 3 % 12;
      g_autoptr(CslFilingItem) item = g_list_model_get_item (rows, position);
      const CslFilingSummary *s = csl_filing_item_get_summary (item);
      GtkWidget *label = row_label (GTK_WIDGET (list), rows, position);
      gint64 t0, c0;
      int x, y;

      g_assert (label != NULL);
      screen_point (label, 10, gtk_widget_get_height (label) / 2.0, &x, &y);
      XTestFakeMotionEvent (B.dpy, -1, x, y, CurrentTime);
      XFlush (B.dpy);
      pause_ms (50);
      B.wizard = NULL;
      B.wizard_paint = 0;
      x_click (FALSE);
      pause_ms (60);
      /* The second press of the double click is what activates the row. */
      t0 = g_get_monotonic_time ();
      c0 = cpu_us ();
      x_click (FALSE);
      while (B.wizard_paint == 0)
        iterate ();
      add_ms (wall, B.wizard_paint - t0);
      add_ms (cpu, cpu_us () - c0);
      g_assert_cmpint (csl_wizard_get_filing_id (B.wizard), ==, s->id);
      gtk_window_destroy (GTK_WINDOW (B.wizard));
      B.wizard = NULL;
      settle ();
      focus_window (GTK_WINDOW (B.window));
    }
  add_samples ("wall_ms", wall);
  add_samples ("cpu_ms", cpu);
}

/* ---- the label preview while the model is typed -------------------------------------------- */

static void
timed_snapshot (GtkWidget   *widget,
                GtkSnapshot *snapshot)
{
  gint64 c0 = cpu_us ();

  B.preview_snapshot (widget, snapshot);
  B.snapshot_us = cpu_us () - c0;
}

static void
bench_preview (void)
{
  static const char model[] = "CAM-PRO-4K-2030-OUTDOOR-X";
  CslWorkspace *ws = csl_window_get_workspace (B.window);
  g_autoptr(GError) error = NULL;
  CslWizard *wizard = csl_wizard_new (GTK_WINDOW (B.window), ws, B.filing, &error);
  CslLabelPreview *preview = NULL;
  GtkWidgetClass *klass = g_type_class_ref (CSL_TYPE_LABEL_PREVIEW);
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) snap = g_array_new (FALSE, FALSE, sizeof (double));
  guint label_page = G_MAXUINT;

  g_assert_no_error (error);
  for (guint i = 0; i < csl_wizard_get_n_pages (wizard); i++)
    if (CSL_IS_PAGE_LABEL (csl_wizard_get_page (wizard, i)))
      label_page = i;
  g_assert (label_page != G_MAXUINT);
  gtk_window_present (GTK_WINDOW (wizard));
  while (csl_wizard_get_position (wizard) < label_page && csl_wizard_next (wizard))
    ;
  while (csl_wizard_get_position (wizard) > label_page)
    csl_wizard_back (wizard);
  g_assert_cmpuint (csl_wizard_get_position (wizard), ==, label_page);
  preview = CSL_LABEL_PREVIEW (find_type (GTK_WIDGET (csl_wizard_get_page (wizard, label_page)), CSL_TYPE_LABEL_PREVIEW));
  B.preview_snapshot = klass->snapshot;
  klass->snapshot = timed_snapshot;
  B.paints = 0;
  watch_frames (GTK_WIDGET (wizard));
  settle ();

  for (int run = 0; run < B.runs; run++)
    for (guint n = 1; n <= strlen (model); n++)
      {
        g_autoptr(CslLabel) label = csl_label_load_for_app (ws, B.filing, &error);
        /* The model as typed so far. The label was just read and nobody else holds it: the
         * bench may change its content before the preview takes it. */
        CslLabelContent *content = (CslLabelContent *) csl_label_get_content (label);

        g_assert_no_error (error);
        g_free (content->model);
        content->model = g_strndup (model, n);
        pause_ms (KEY_GAP_MS);
        B.snapshot_us = -1;
        csl_label_preview_set_label (preview, label);
        wait_for_paint ();
        g_assert_cmpint (B.snapshot_us, >=, 0);
        add_ms (wall, B.last_paint - B.layout_done);
        add_ms (cpu, cpu_us () - B.layout_cpu);
        add_ms (snap, B.snapshot_us);
      }
  klass->snapshot = B.preview_snapshot;
  g_type_class_unref (klass);
  json_builder_set_member_name (B.out, "preview_width_px");
  json_builder_add_int_value (B.out, gtk_widget_get_width (GTK_WIDGET (preview)));
  json_builder_set_member_name (B.out, "preview_height_px");
  json_builder_add_int_value (B.out, gtk_widget_get_height (GTK_WIDGET (preview)));
  add_samples ("paint_wall_ms", wall);
  add_samples ("paint_cpu_ms", cpu);
  add_samples ("snapshot_cpu_ms", snap);
  gtk_window_destroy (GTK_WINDOW (wizard));
}

/* ---- driving the app ----------------------------------------------------------------------- */

static gboolean
run_bench (gpointer user_data)
{
  CslFilingsView *view = CSL_FILINGS_VIEW (csl_window_get_view (B.window, "filings"));
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  B.dpy = gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (B.window)));
  watch_frames (GTK_WIDGET (B.window));
  /* The first frame that shows rows, then the reminders' first look at the deadlines. */
  while (g_list_model_get_n_items (csl_filings_view_get_model (view)) == 0 || B.paints == 0)
    iterate ();
  focus_window (GTK_WINDOW (B.window));
  settle ();

  B.out = json_builder_new ();
  json_builder_begin_object (B.out);
  json_builder_set_member_name (B.out, "filings");
  json_builder_add_int_value (B.out, g_list_model_get_n_items (csl_filings_view_get_model (view)));
  if (g_strcmp0 (B.mode, "search") == 0)
    bench_search ();
  else if (g_strcmp0 (B.mode, "open") == 0)
    bench_open ();
  else
    bench_preview ();
  json_builder_end_object (B.out);
  root = json_builder_get_root (B.out);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
  g_clear_object (&B.out);
  g_application_quit (G_APPLICATION (B.app));
  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (B.window != NULL || !CSL_IS_WINDOW (window))
    return;
  B.window = CSL_WINDOW (window);
  g_idle_add (run_bench, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("search|open|preview");
  const GOptionEntry entries[] = {
    { "workspace", 0, 0, G_OPTION_ARG_FILENAME, &B.workspace, "The workspace", "DIR" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &B.runs, "Runs (a query typed, a row opened, the model typed)", "N" },
    { "filing", 0, 0, G_OPTION_ARG_INT64, &B.filing, "The filing whose label is previewed", "ID" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CslApplication) app = NULL;
  char *app_argv[] = { argv[0], (char *) "--workspace", NULL, NULL };
  int status;

  B.runs = 5;
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || B.workspace == NULL ||
      (strcmp (argv[1], "search") != 0 && strcmp (argv[1], "open") != 0 && strcmp (argv[1], "preview") != 0) ||
      (strcmp (argv[1], "preview") == 0 && B.filing <= 0))
    {
      g_printerr ("%s\n", error ? error->message : "usage: csl-bench-ui search|open|preview --workspace DIR");
      return 2;
    }
  B.mode = argv[1];

  /* As main.c starts the app. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, csl_paths_locale_dir ());
  csl_paths_use_build_schemas ();
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gdk_set_allowed_backends ("x11");

  app = csl_application_new ();
  B.app = GTK_APPLICATION (app);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), NULL);
  app_argv[2] = B.workspace;
  status = g_application_run (G_APPLICATION (app), 3, app_argv);
  g_free (B.workspace);
  return status;
}
