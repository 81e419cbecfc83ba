#pragma once

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

/* Waits, without sleeping, until the widget has been drawn at least three times and its frame
 * clock has moved on by more than libadwaita's short animations take (an entry row crossfades its
 * title for 150 ms when text is typed), so layout and size-dependent changes have settled. */
#define CSL_TEST_SETTLE_USEC (250 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  guint    frames;
  gint64   start;
  gboolean done;
} CslTestFrames;

static gboolean
csl_test_count_frames (GtkWidget     *widget,
                       GdkFrameClock *clock,
                       gpointer       user_data)
{
  CslTestFrames *wait = user_data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (wait->frames++ == 0)
    wait->start = now;
  wait->done = wait->frames >= 3 && now - wait->start >= CSL_TEST_SETTLE_USEC;
  return wait->done ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static inline gboolean
csl_test_transition_running (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  /* The header's view switcher crossfades to the title when the window narrows. */
  if (ADW_IS_SQUEEZER (widget) && adw_squeezer_get_transition_running (ADW_SQUEEZER (widget)))
    return TRUE;
  if (GTK_IS_REVEALER (widget) && gtk_revealer_get_child_revealed (GTK_REVEALER (widget)) !=
                                  gtk_revealer_get_reveal_child (GTK_REVEALER (widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (csl_test_transition_running (child))
      return TRUE;
  return FALSE;
}

/* The descendant of root built from a .ui file with this id, or NULL. */
static inline GtkWidget *
csl_test_find_by_id (GtkWidget  *root,
                     const char *buildable_id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUILDABLE (child) && g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (child)), buildable_id) == 0)
        return child;
      if ((found = csl_test_find_by_id (child, buildable_id)) != NULL)
        return found;
    }
  return NULL;
}

/* The nth (from 0) descendant of root of this type, depth first, popovers included (they are
 * children of their button), or NULL. */
static inline GtkWidget *
csl_test_find_type (GtkWidget *root,
                    GType      type,
                    guint     *nth)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && (*nth)-- == 0)
        return child;
      if ((found = csl_test_find_type (child, type, nth)) != NULL)
        return found;
    }
  return NULL;
}

static inline GtkWidget *
csl_test_find_nth (GtkWidget *root,
                   GType      type,
                   guint      nth)
{
  return csl_test_find_type (root, type, &nth);
}

/* Picks a day as a user would: opens the row's calendar button and clicks the day. */
static inline void
csl_test_pick_date (GtkWidget *row,
                    int        year,
                    int        month,
                    int        day)
{
  GtkWidget *button = csl_test_find_nth (row, GTK_TYPE_MENU_BUTTON, 0);
  GtkWidget *calendar;
  g_autoptr(GDateTime) date = g_date_time_new_local (year, month, day, 0, 0, 0);

  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  calendar = csl_test_find_nth (button, GTK_TYPE_CALENDAR, 0);
  g_assert_nonnull (calendar);
  g_assert_true (gtk_widget_get_mapped (calendar));
  /* It opens on the date typed in the row, if any. */
  if (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", gtk_editable_get_text (GTK_EDITABLE (row)), 0, 0))
    {
      g_autoptr(GDateTime) shown = gtk_calendar_get_date (GTK_CALENDAR (calendar));
      g_autofree char *text = g_date_time_format (shown, "%Y-%m-%d");

      g_assert_cmpstr (text, ==, gtk_editable_get_text (GTK_EDITABLE (row)));
    }
  gtk_calendar_select_day (GTK_CALENDAR (calendar), date);
  /* Choosing the day closes the popover. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)))));
}

static inline void
csl_test_wait_for_frames (GtkWidget *widget)
{
  do
    {
      CslTestFrames wait = { 0 };

      gtk_widget_queue_draw (widget);
      gtk_widget_add_tick_callback (widget, csl_test_count_frames, &wait, NULL);
      while (!wait.done)
        g_main_context_iteration (NULL, TRUE);
    }
  while (csl_test_transition_running (widget));
}

/* Renders the window into a PNG under $CSL_FILER_SCREENSHOT_DIR (the build folder's
 * screenshots/), for a person to look at. Returns the path. */
static inline char *
csl_test_screenshot (GtkWidget  *window,
                     const char *name)
{
  const char *dir = g_getenv ("CSL_FILER_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  char *path;
  int w, h;

  csl_test_wait_for_frames (window);
  w = gtk_widget_get_width (window);
  h = gtk_widget_get_height (window);
  g_assert_cmpint (w, >, 0);
  g_assert_cmpint (h, >, 0);

  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));

  if (dir == NULL)
    dir = g_get_tmp_dir ();
  g_mkdir_with_parents (dir, 0755);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  return path;
}

/* After gtk_test_init(), which sets its own locale: the environment's locale, and the build
 * tree's catalogue ($CSL_FILER_LOCALEDIR), as main.c binds it, for the run under LANGUAGE=zh_CN. */
static inline void
csl_test_ui_bind_translations (void)
{
  const char *localedir = g_getenv ("CSL_FILER_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* Wording checks apply to the untranslated run only; the translated run checks the rest. */
static inline gboolean
csl_test_ui_untranslated (void)
{
  return g_strcmp0 (_("translator-credits"), "translator-credits") == 0;
}

static inline void
csl_test_ui_init (int    *argc,
                  char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  csl_test_ui_bind_translations ();
  adw_init ();
}
