#include "config.h"

#include "csl-banner.h"

struct _CslBanner
{
  GtkWidget    parent_instance;

  GtkRevealer *revealer;
  GtkLabel    *label;
  GtkButton   *button;
};

enum { BUTTON_CLICKED, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { PROP_0, PROP_TITLE, PROP_BUTTON_LABEL, PROP_REVEALED, N_PROPS };
static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (CslBanner, csl_banner, GTK_TYPE_WIDGET)

/* AdwBanner's look (libadwaita 1.3): the accent colour mixed into the window's background. */
static const char banner_css[] =
  ".csl-banner { background-color: mix(@accent_bg_color, @window_bg_color, 0.7); "
  "color: @window_fg_color; padding: 6px 12px; }\n";

static void
ensure_style (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (loaded || display == NULL)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, banner_css, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
on_clicked (CslBanner *self)
{
  g_signal_emit (self, signals[BUTTON_CLICKED], 0);
}

static void
csl_banner_dispose (GObject *object)
{
  CslBanner *self = CSL_BANNER (object);

  g_clear_pointer ((GtkWidget **) &self->revealer, gtk_widget_unparent);
  G_OBJECT_CLASS (csl_banner_parent_class)->dispose (object);
}

static void
csl_banner_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CslBanner *self = CSL_BANNER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, csl_banner_get_title (self));
      break;
    case PROP_BUTTON_LABEL:
      g_value_set_string (value, csl_banner_get_button_label (self));
      break;
    case PROP_REVEALED:
      g_value_set_boolean (value, csl_banner_get_revealed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
csl_banner_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CslBanner *self = CSL_BANNER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      csl_banner_set_title (self, g_value_get_string (value));
      break;
    case PROP_BUTTON_LABEL:
      csl_banner_set_button_label (self, g_value_get_string (value));
      break;
    case PROP_REVEALED:
      csl_banner_set_revealed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
csl_banner_class_init (CslBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = csl_banner_dispose;
  object_class->get_property = csl_banner_get_property;
  object_class->set_property = csl_banner_set_property;
  props[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  props[PROP_BUTTON_LABEL] = g_param_spec_string ("button-label", NULL, NULL, NULL,
                                                  G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  props[PROP_REVEALED] = g_param_spec_boolean ("revealed", NULL, NULL, FALSE,
                                               G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cslbanner");
  signals[BUTTON_CLICKED] = g_signal_new ("button-clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
csl_banner_init (CslBanner *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  ensure_style ();
  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));
  gtk_widget_add_css_class (box, "csl-banner");
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_xalign (self->label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->label), GTK_ALIGN_CENTER);
  self->button = GTK_BUTTON (gtk_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "suggested-action");
  gtk_widget_set_visible (GTK_WIDGET (self->button), FALSE);
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (on_clicked), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->button));
  gtk_revealer_set_child (self->revealer, box);
}

CslBanner *
csl_banner_new (void)
{
  return g_object_new (CSL_TYPE_BANNER, NULL);
}

void
csl_banner_set_title (CslBanner  *self,
                      const char *title)
{
  g_return_if_fail (CSL_IS_BANNER (self));
  gtk_label_set_text (self->label, title ? title : "");
}

const char *
csl_banner_get_title (CslBanner *self)
{
  g_return_val_if_fail (CSL_IS_BANNER (self), NULL);
  return gtk_label_get_text (self->label);
}

void
csl_banner_set_button_label (CslBanner  *self,
                             const char *label)
{
  g_return_if_fail (CSL_IS_BANNER (self));
  gtk_button_set_label (self->button, label ? label : "");
  gtk_button_set_use_underline (self->button, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->button), label != NULL && *label != '\0');
}

const char *
csl_banner_get_button_label (CslBanner *self)
{
  g_return_val_if_fail (CSL_IS_BANNER (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->button)) ? gtk_button_get_label (self->button) : NULL;
}

void
csl_banner_set_revealed (CslBanner *self,
                         gboolean   revealed)
{
  g_return_if_fail (CSL_IS_BANNER (self));
  gtk_revealer_set_reveal_child (self->revealer, revealed);
}

gboolean
csl_banner_get_revealed (CslBanner *self)
{
  g_return_val_if_fail (CSL_IS_BANNER (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}

void
csl_banner_activate_button (CslBanner *self)
{
  g_return_if_fail (CSL_IS_BANNER (self));
  /* Not gtk_widget_activate(): a realized button's activation waits out its press animation. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->button)))
    g_signal_emit_by_name (self->button, "clicked");
}
