#include "config.h"

#include "csl-wizard-page.h"

typedef struct
{
  char           *title;
  char           *blocker;
  gboolean        complete;
  CslWizardState *state;
  GPtrArray      *toasts;   /* shown and not yet dismissed; the wizard dismisses them on leaving */
} CslWizardPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CslWizardPage, csl_wizard_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_COMPLETE,
  PROP_BLOCKER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
csl_wizard_page_get_title (CslWizardPage *self)
{
  CslWizardPagePrivate *priv = csl_wizard_page_get_instance_private (self);

  return priv->title;
}

void
csl_wizard_page_set_title (CslWizardPage *self,
                           const char    *title)
{
  CslWizardPagePrivate *priv = csl_wizard_page_get_instance_private (self);

  if (g_strcmp0 (priv->title, title) == 0)
    return;
  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
csl_wizard_page_get_complete (CslWizardPage *self)
{
  CslWizardPagePrivate *priv = csl_wizard_page_get_instance_private (self);

  return priv->complete;
}

void
csl_wizard_page_set_complete (CslWizardPage *self,
                              gboolean       complete)
{
  CslWizardPagePrivate *priv = csl_wizard_page_get_instance_private (self);

  complete = !!complete;
  if (priv->complete == complete)
    return;
  priv->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

const char *
csl_wizard_page_get_blocker (CslWizardPage *self)
{
  CslWizardPagePrivate *priv = csl_wizard_page_get_instance_private (self);

  return priv->blocker;
}

void
csl_wizard_page_set_blocker (CslWizardPage *self,
                             const char    *blocker)
{
  CslWizardPagePrivate *priv = csl_wizard_page_get_instance_private (self);

  if (g_strcmp0 (priv->blocker, blocker) == 0)
    return;
  g_free (priv->blocker);
  priv->blocker = g_strdup (blocker);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKER]);
}

CslWizardState *
csl_wizard_page_get_state (CslWizardPage *self)
{
  CslWizardPagePrivate *priv = csl_wizard_page_get_instance_private (self);

  return priv->state;
}

void
csl_wizard_page_load (CslWizardPage  *self,
                      CslWizardState *state)
{
  CslWizardPagePrivate *priv = csl_wizard_page_get_instance_private (self);

  priv->state = state;
  if (CSL_WIZARD_PAGE_GET_CLASS (self)->load)
    CSL_WIZARD_PAGE_GET_CLASS (self)->load (self, state);
}

gboolean
csl_wizard_page_apply (CslWizardPage   *self,
                       CslWizardState  *state,
                       GError         **error)
{
  if (CSL_WIZARD_PAGE_GET_CLASS (self)->apply)
    return CSL_WIZARD_PAGE_GET_CLASS (self)->apply (self, state, error);
  return TRUE;
}

static void
on_toast_dismissed (AdwToast      *toast,
                    CslWizardPage *self)
{
  CslWizardPagePrivate *priv = csl_wizard_page_get_instance_private (self);

  g_signal_handlers_disconnect_by_data (toast, self);
  g_ptr_array_remove (priv->toasts, toast);
}

gboolean
csl_wizard_page_show_toast (CslWizardPage *self,
                            AdwToast      *toast)
{
  CslWizardPagePrivate *priv = csl_wizard_page_get_instance_private (self);
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay == NULL)
    {
      g_object_unref (toast);
      return FALSE;
    }
  g_ptr_array_add (priv->toasts, g_object_ref (toast));
  g_signal_connect (toast, "dismissed", G_CALLBACK (on_toast_dismissed), self);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  return TRUE;
}

/* A toast belongs to the step it speaks of: on the next step it would cover Print and the
 * signature (an Undo of a removal is no longer offered; the removal itself was saved). */
void
csl_wizard_page_dismiss_toasts (CslWizardPage *self)
{
  CslWizardPagePrivate *priv = csl_wizard_page_get_instance_private (self);

  while (priv->toasts->len > 0)
    {
      g_autoptr(AdwToast) toast = g_object_ref (priv->toasts->pdata[priv->toasts->len - 1]);

      on_toast_dismissed (toast, self);
      adw_toast_dismiss (toast);
    }
}

guint
csl_wizard_page_get_n_toasts (CslWizardPage *self)
{
  CslWizardPagePrivate *priv = csl_wizard_page_get_instance_private (self);

  return priv->toasts->len;
}

static void
csl_wizard_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CslWizardPage *self = CSL_WIZARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, csl_wizard_page_get_title (self));
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, csl_wizard_page_get_complete (self));
      break;
    case PROP_BLOCKER:
      g_value_set_string (value, csl_wizard_page_get_blocker (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
csl_wizard_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CslWizardPage *self = CSL_WIZARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      csl_wizard_page_set_title (self, g_value_get_string (value));
      break;
    case PROP_COMPLETE:
      csl_wizard_page_set_complete (self, g_value_get_boolean (value));
      break;
    case PROP_BLOCKER:
      csl_wizard_page_set_blocker (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
csl_wizard_page_dispose (GObject *object)
{
  CslWizardPagePrivate *priv = csl_wizard_page_get_instance_private (CSL_WIZARD_PAGE (object));
  GtkWidget *child;

  for (guint i = 0; priv->toasts && i < priv->toasts->len; i++)
    g_signal_handlers_disconnect_by_data (priv->toasts->pdata[i], object);
  g_clear_pointer (&priv->toasts, g_ptr_array_unref);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (csl_wizard_page_parent_class)->dispose (object);
}

static void
csl_wizard_page_finalize (GObject *object)
{
  CslWizardPagePrivate *priv = csl_wizard_page_get_instance_private (CSL_WIZARD_PAGE (object));

  g_free (priv->title);
  g_free (priv->blocker);
  G_OBJECT_CLASS (csl_wizard_page_parent_class)->finalize (object);
}

static void
csl_wizard_page_class_init (CslWizardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = csl_wizard_page_get_property;
  object_class->set_property = csl_wizard_page_set_property;
  object_class->dispose = csl_wizard_page_dispose;
  object_class->finalize = csl_wizard_page_finalize;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] = g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                                                    G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BLOCKER] = g_param_spec_string ("blocker", NULL, NULL, NULL,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
csl_wizard_page_init (CslWizardPage *self)
{
  CslWizardPagePrivate *priv = csl_wizard_page_get_instance_private (self);

  priv->toasts = g_ptr_array_new_with_free_func (g_object_unref);
}
