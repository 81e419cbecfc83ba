#include "config.h"

#include <glib/gi18n.h>

#include "csl-team-location.h"
#include "csl-workspace-menu.h"

void
csl_recent_workspaces_add (GSettings  *settings,
                           const char *location)
{
  g_autofree char *bare = csl_team_location_strip_password (location);
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  if (settings == NULL || bare == NULL || *bare == '\0')
    return;
  old = g_settings_get_strv (settings, "recent-workspaces");
  g_strv_builder_add (builder, bare);
  for (guint i = 0; old[i] != NULL && n < CSL_RECENT_WORKSPACES_MAX; i++)
    if (!g_str_equal (old[i], bare))
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (settings, "recent-workspaces", (const char * const *) recent);
}

GMenuModel *
csl_workspace_menu_new (GSettings  *settings,
                        const char *current)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) recent = g_menu_new ();
  g_autoptr(GMenu) actions = g_menu_new ();
  g_autofree char *current_bare = csl_team_location_strip_password (current);
  g_auto(GStrv) locations = settings ? g_settings_get_strv (settings, "recent-workspaces") : NULL;

  for (guint i = 0; locations != NULL && locations[i] != NULL; i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (g_strcmp0 (locations[i], current_bare) == 0)
        continue;
      label = csl_team_location_display (locations[i]);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (locations[i]));
      g_menu_append_item (recent, item);
    }
  g_menu_append_section (menu, _("Recent Workspaces"), G_MENU_MODEL (recent));
  g_menu_append (actions, _("Connect to _Team Workspace…"), "win.connect-team");
  g_menu_append (actions, _("Open _Local Workspace…"), "win.open-workspace");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (actions));
  return G_MENU_MODEL (menu);
}
