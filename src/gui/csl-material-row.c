#include "config.h"

#include <glib/gi18n.h>

#include "base/csl-article.h"
#include "csl-gui-util.h"
#include "csl-material-row.h"

struct _CslMaterialRow
{
  AdwActionRow     parent_instance;

  CslMaterialKind  kind;
  gint64           attachment_id;
  char            *error;

  GtkWidget       *picture;
  GtkWidget       *icon;
  GtkWidget       *spinner;
  GtkWidget       *choose_button;
  GtkWidget       *remove_button;
};

G_DEFINE_FINAL_TYPE (CslMaterialRow, csl_material_row, ADW_TYPE_ACTION_ROW)

enum {
  CHOOSE,
  FILE_DROPPED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_subtitle (CslMaterialRow *self,
                 const char     *attached_text)
{
  g_autofree char *subtitle = NULL;

  /* A refusal is a finding: the error icon says it (as on every page), the row stays neutral
   * so that Choose… does not look destructive. */
  if (self->error != NULL)
    subtitle = g_strdup_printf (_("Refused: %s"), self->error);
  else if (attached_text != NULL)
    subtitle = g_strdup (attached_text);
  else
    subtitle = g_strdup_printf (_("%s · Missing: drop a PDF here or choose one"),
                                csl_article_text (csl_material_article (self->kind)));
  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), self->error != NULL ? "dialog-error-symbolic"
                                                        : self->attachment_id > 0 ? "emblem-ok-symbolic"
                                                        : "document-open-symbolic");
  if (self->error != NULL)
    {
      gtk_widget_add_css_class (self->icon, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Error"), -1);
    }
  else
    {
      gtk_widget_remove_css_class (self->icon, "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
}

void
csl_material_row_set_attachment (CslMaterialRow      *self,
                                 const CslAttachment *a)
{
  g_return_if_fail (CSL_IS_MATERIAL_ROW (self));

  self->attachment_id = a ? a->id : 0;
  gtk_widget_set_visible (self->remove_button, a != NULL);
  gtk_button_set_label (GTK_BUTTON (self->choose_button), a ? _("_Replace…") : _("_Choose…"));
  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), a ? "emblem-ok-symbolic" : "document-open-symbolic");
  if (a == NULL)
    {
      gtk_picture_set_paintable (GTK_PICTURE (self->picture), NULL);
      gtk_widget_set_visible (self->picture, FALSE);
      update_subtitle (self, NULL);
      return;
    }
  {
    g_autofree char *size = g_format_size ((guint64) a->size);
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s · %d page", "%s · %s · %d pages",
                                                          a->page_count),
                                             a->file_name, size, a->page_count);
    g_clear_pointer (&self->error, g_free);
    update_subtitle (self, text);
  }
}

gint64
csl_material_row_get_attachment_id (CslMaterialRow *self)
{
  g_return_val_if_fail (CSL_IS_MATERIAL_ROW (self), 0);
  return self->attachment_id;
}

void
csl_material_row_set_busy (CslMaterialRow *self,
                           gboolean        busy)
{
  g_return_if_fail (CSL_IS_MATERIAL_ROW (self));
  gtk_widget_set_visible (self->spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
  gtk_widget_set_sensitive (self->choose_button, !busy);
  if (busy)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), _("Checking and storing the document…"));
}

void
csl_material_row_set_error (CslMaterialRow *self,
                            const char     *message)
{
  g_return_if_fail (CSL_IS_MATERIAL_ROW (self));
  g_free (self->error);
  self->error = g_strdup (message);
  update_subtitle (self, NULL);
}

const char *
csl_material_row_get_error (CslMaterialRow *self)
{
  g_return_val_if_fail (CSL_IS_MATERIAL_ROW (self), NULL);
  return self->error;
}

void
csl_material_row_set_thumbnail (CslMaterialRow *self,
                                GdkTexture     *texture)
{
  g_return_if_fail (CSL_IS_MATERIAL_ROW (self));
  gtk_picture_set_paintable (GTK_PICTURE (self->picture), GDK_PAINTABLE (texture));
  gtk_widget_set_visible (self->picture, texture != NULL);
  gtk_widget_set_visible (self->icon, texture == NULL);
}

CslMaterialKind
csl_material_row_get_kind (CslMaterialRow *self)
{
  return self->kind;
}

static void
on_choose (CslMaterialRow *self)
{
  g_signal_emit (self, signals[CHOOSE], 0);
}

static void
on_remove (CslMaterialRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0, self->attachment_id);
}

static gboolean
on_drop (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         CslMaterialRow *self)
{
  g_autoptr(GFile) file = csl_dropped_file (value);

  if (file == NULL)
    return FALSE;
  g_signal_emit (self, signals[FILE_DROPPED], 0, file);
  return TRUE;
}

static void
csl_material_row_finalize (GObject *object)
{
  g_free (CSL_MATERIAL_ROW (object)->error);
  G_OBJECT_CLASS (csl_material_row_parent_class)->finalize (object);
}

static void
csl_material_row_class_init (CslMaterialRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = csl_material_row_finalize;

  signals[CHOOSE] = g_signal_new ("choose", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);
  signals[FILE_DROPPED] = g_signal_new ("file-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 1, G_TYPE_FILE);
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
csl_material_row_init (CslMaterialRow *self)
{
  GtkDropTarget *drop;

  self->icon = gtk_image_new_from_icon_name ("document-open-symbolic");
  self->picture = gtk_picture_new ();
  gtk_widget_set_size_request (self->picture, 48, 64);
  gtk_picture_set_can_shrink (GTK_PICTURE (self->picture), TRUE);
  gtk_widget_set_visible (self->picture, FALSE);
  gtk_widget_add_css_class (self->picture, "card");
  gtk_widget_set_margin_top (self->picture, 6);
  gtk_widget_set_margin_bottom (self->picture, 6);
  adw_action_row_add_prefix (ADW_ACTION_ROW (self), self->picture);
  adw_action_row_add_prefix (ADW_ACTION_ROW (self), self->icon);

  self->spinner = gtk_spinner_new ();
  gtk_widget_set_visible (self->spinner, FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->spinner);

  self->remove_button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (self->remove_button, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->remove_button, FALSE);
  gtk_widget_add_css_class (self->remove_button, "flat");
  gtk_widget_set_tooltip_text (self->remove_button, _("Remove"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove the document"), -1);
  g_signal_connect_swapped (self->remove_button, "clicked", G_CALLBACK (on_remove), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->remove_button);

  self->choose_button = gtk_button_new_with_mnemonic (_("_Choose…"));
  gtk_widget_set_valign (self->choose_button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->choose_button, "clicked", G_CALLBACK (on_choose), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->choose_button);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

CslMaterialRow *
csl_material_row_new (CslMaterialKind kind)
{
  CslMaterialRow *self = g_object_new (CSL_TYPE_MATERIAL_ROW, NULL);
  g_autofree char *choose_label = g_strdup_printf (_("Choose the %s"), csl_material_label (kind));

  self->kind = kind;
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), csl_material_label (kind));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->choose_button), GTK_ACCESSIBLE_PROPERTY_LABEL, choose_label, -1);
  csl_material_row_set_attachment (self, NULL);
  return self;
}
