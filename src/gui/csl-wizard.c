#include "config.h"

#include <glib/gi18n.h>

#include "base/csl-date.h"
#include "base/csl-error.h"
#include "lifecycle/csl-draft.h"
#include "csl-banner.h"
#include "csl-page-documents.h"
#include "csl-page-grade.h"
#include "csl-page-label.h"
#include "csl-page-product.h"
#include "csl-page-review.h"
#include "csl-wizard.h"
#include "csl-wizard-conflict.h"

/* What the conflict banner's button does next. */
typedef enum
{
  BANNER_NONE,
  BANNER_RELOAD,   /* a colleague saved first: reload the filing */
  BANNER_REAPPLY,  /* reloaded: put the user's own changes back */
} BannerMode;

struct _CslWizard
{
  AdwWindow       parent_instance;

  CslWizardState  state;
  GPtrArray      *pages;
  guint           position;
  char           *error_message;

  GtkWidget      *back_button;
  GtkWidget      *next_button;
  AdwWindowTitle *window_title;
  GtkRevealer    *message_revealer;
  GtkLabel       *message_label;
  GtkStack       *stack;
  CslBanner      *conflict_banner;

  CslWizardConflict *conflict;
  BannerMode      banner_mode;
  gboolean        close_warned;
};

G_DEFINE_FINAL_TYPE (CslWizard, csl_wizard, ADW_TYPE_WINDOW)

/* The steps, in order. Each is made when first shown (or asked for): opening a filing builds
 * the one step it opens at, not all five, before the assistant's first frame. */
static GType (*const page_types[]) (void) = {
  csl_page_product_get_type,
  csl_page_grade_get_type,
  csl_page_documents_get_type,
  csl_page_label_get_type,
  csl_page_review_get_type,
};

static CslWizardPage *
page_at (CslWizard *self,
         guint      position)
{
  if (self->pages->pdata[position] == NULL)
    {
      self->pages->pdata[position] = g_object_new (page_types[position] (), NULL);
      gtk_stack_add_child (self->stack, GTK_WIDGET (self->pages->pdata[position]));
    }
  return self->pages->pdata[position];
}

static CslWizardPage *
current_page (CslWizard *self)
{
  return page_at (self, self->position);
}

/* The wizard never decides for a page: it shows what the page says about itself. */
static void
update_navigation (CslWizard *self)
{
  CslWizardPage *page = current_page (self);
  const char *blocker = csl_wizard_page_get_blocker (page);
  const char *shown = self->error_message ? self->error_message : blocker;
  g_autofree char *subtitle = g_strdup_printf (_("Step %u of %u"), self->position + 1, self->pages->len);
  gboolean last = self->position + 1 == self->pages->len;

  adw_window_title_set_title (self->window_title, csl_wizard_page_get_title (page));
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", self->position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next", !last && csl_wizard_page_get_complete (page));
  gtk_widget_set_visible (self->next_button, !last);
  /* A disabled Next says why on its tooltip too. */
  gtk_widget_set_tooltip_text (self->next_button,
                               !last && !csl_wizard_page_get_complete (page) && shown != NULL
                               ? shown : _("Save and go to the next step (Alt+Right)"));

  gtk_label_set_text (self->message_label, shown ? shown : "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "secondary");
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label),
                            self->error_message ? "error" : !csl_wizard_page_get_complete (page) ? "warning" : "secondary");
  gtk_revealer_set_reveal_child (self->message_revealer, shown != NULL && *shown != '\0');
}

static void
on_page_notify (CslWizard *self)
{
  g_clear_pointer (&self->error_message, g_free);
  update_navigation (self);
}

static void
show_page (CslWizard *self,
           guint      position)
{
  CslWizardPage *page;

  if (self->position < self->pages->len)
    {
      g_signal_handlers_disconnect_by_data (current_page (self), self);
      if (self->position != position)
        csl_wizard_page_dismiss_toasts (current_page (self));
    }
  /* The stack holds the steps in the order they were made: the direction is the steps'. */
  if (self->position < self->pages->len && self->position != position)
    gtk_stack_set_transition_type (self->stack, position > self->position ? GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT
                                                                          : GTK_STACK_TRANSITION_TYPE_SLIDE_RIGHT);
  self->position = position;
  page = current_page (self);
  csl_wizard_page_load (page, &self->state);
  g_signal_connect_object (page, "notify::complete", G_CALLBACK (on_page_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::blocker", G_CALLBACK (on_page_notify), self, G_CONNECT_SWAPPED);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (page));
  g_clear_pointer (&self->error_message, g_free);
  update_navigation (self);
}

static void
show_banner (CslWizard  *self,
             BannerMode  mode,
             const char *title,
             const char *button)
{
  self->banner_mode = mode;
  csl_banner_set_title (self->conflict_banner, title);
  csl_banner_set_button_label (self->conflict_banner, button);
  csl_banner_set_revealed (self->conflict_banner, title != NULL);
}

/* A colleague saved this filing since the wizard read it: the draft the user typed is kept
 * aside, and the banner offers to reload. */
static void
on_conflict (CslWizard    *self,
             const GError *error)
{
  csl_wizard_conflict_keep_draft (self->conflict, &self->state);
  show_banner (self, BANNER_RELOAD, error->message, _("_Reload"));
}

static void
reload_after_conflict (CslWizard *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = csl_wizard_conflict_reload (self->conflict, &self->state, &error);
  g_auto(GStrv) mine = NULL;
  g_autofree char *list = NULL;
  g_autofree char *title = NULL;

  if (text == NULL)
    {
      show_banner (self, BANNER_RELOAD, error->message, _("_Reload"));
      return;
    }
  csl_wizard_page_load (current_page (self), &self->state);
  mine = csl_wizard_conflict_dup_mine (self->conflict);
  if (mine[0] == NULL)
    {
      csl_wizard_conflict_discard_draft (self->conflict);
      show_banner (self, BANNER_NONE, text, NULL);
      return;
    }
  list = g_strjoinv (_(", "), mine);
  /* TRANSLATORS: the first %s says what was reloaded, the second lists field names. */
  title = g_strdup_printf (_("%s. What you typed is kept: %s"), text, list);
  show_banner (self, BANNER_REAPPLY, title, _("_Re-apply Mine"));
}

static void
on_banner_button (CslWizard *self)
{
  switch (self->banner_mode)
    {
    case BANNER_RELOAD:
      reload_after_conflict (self);
      break;
    case BANNER_REAPPLY:
      csl_wizard_conflict_reapply (self->conflict, &self->state);
      csl_wizard_page_load (current_page (self), &self->state);
      show_banner (self, BANNER_NONE, NULL, NULL);
      break;
    case BANNER_NONE:
    default:
      break;
    }
}

/* Copies the page into the draft and saves it, so closing the window loses nothing. */
static gboolean
save_current (CslWizard *self,
              guint      next_step)
{
  g_autoptr(GError) error = NULL;
  int old_step = self->state.filing->wizard_step;

  if (!csl_wizard_page_apply (current_page (self), &self->state, &error))
    goto failed;
  self->state.filing->wizard_step = (int) next_step;
  if (!csl_draft_save (self->state.workspace, self->state.product, self->state.filing, &error))
    {
      self->state.filing->wizard_step = old_step;
      if (g_error_matches (error, CSL_ERROR, CSL_ERROR_CONFLICT))
        {
          on_conflict (self, error);
          return FALSE;
        }
      goto failed;
    }
  /* Saved: what the next conflict is measured against; an offer to re-apply is moot now. */
  csl_wizard_conflict_set_base (self->conflict, &self->state);
  csl_wizard_conflict_discard_draft (self->conflict);
  self->close_warned = FALSE;
  if (self->banner_mode != BANNER_NONE || csl_banner_get_revealed (self->conflict_banner))
    show_banner (self, BANNER_NONE, NULL, NULL);
  return TRUE;

failed:
  g_free (self->error_message);
  self->error_message = g_strdup (error->message);
  update_navigation (self);
  return FALSE;
}

gboolean
csl_wizard_next (CslWizard *self)
{
  g_return_val_if_fail (CSL_IS_WIZARD (self), FALSE);

  if (self->position + 1 >= self->pages->len || !csl_wizard_page_get_complete (current_page (self)))
    return FALSE;
  if (!save_current (self, self->position + 1))
    return FALSE;
  show_page (self, self->position + 1);
  return TRUE;
}

void
csl_wizard_back (CslWizard *self)
{
  g_return_if_fail (CSL_IS_WIZARD (self));

  if (self->position == 0)
    return;
  /* Keep what was typed when it can be kept; going back never fails. */
  if (csl_wizard_page_get_complete (current_page (self)))
    save_current (self, self->position - 1);
  show_page (self, self->position - 1);
}

static void
next_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  csl_wizard_next (CSL_WIZARD (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  csl_wizard_back (CSL_WIZARD (widget));
}

static gboolean
csl_wizard_close_request (GtkWindow *window)
{
  CslWizard *self = CSL_WIZARD (window);

  if (self->pages->len > 0 && csl_wizard_page_get_complete (current_page (self)) &&
      !save_current (self, self->position) && csl_wizard_conflict_has_draft (self->conflict) &&
      !self->close_warned)
    {
      /* The save met a colleague's: closing now would drop what was typed without a word. The
       * banner says so; closing again closes. */
      self->close_warned = TRUE;
      return TRUE;
    }
  return GTK_WINDOW_CLASS (csl_wizard_parent_class)->close_request (window);
}

static void
csl_wizard_dispose (GObject *object)
{
  CslWizard *self = CSL_WIZARD (object);

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CSL_TYPE_WIZARD);
  g_clear_object (&self->state.workspace);
  g_clear_pointer (&self->state.product, csl_product_free);
  g_clear_pointer (&self->state.filing, csl_filing_free);
  g_clear_pointer (&self->state.today, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->conflict, csl_wizard_conflict_free);
  G_OBJECT_CLASS (csl_wizard_parent_class)->dispose (object);
}

static void
csl_wizard_class_init (CslWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = csl_wizard_dispose;
  window_class->close_request = csl_wizard_close_request;

  g_type_ensure (CSL_TYPE_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, CslWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, CslWizard, next_button);
  gtk_widget_class_bind_template_child (widget_class, CslWizard, window_title);
  gtk_widget_class_bind_template_child (widget_class, CslWizard, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, CslWizard, message_label);
  gtk_widget_class_bind_template_child (widget_class, CslWizard, stack);
  gtk_widget_class_bind_template_child (widget_class, CslWizard, conflict_banner);
  gtk_widget_class_bind_template_callback (widget_class, on_banner_button);

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "wizard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
csl_wizard_init (CslWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->pages = g_ptr_array_new ();
  g_ptr_array_set_size (self->pages, G_N_ELEMENTS (page_types));
}

CslWizard *
csl_wizard_new (GtkWindow     *parent,
                CslWorkspace  *workspace,
                gint64         filing_id,
                GError       **error)
{
  g_autoptr(CslFiling) filing = NULL;
  g_autoptr(CslProduct) product = NULL;
  CslWizard *self;

  if (filing_id > 0)
    {
      if ((filing = csl_filing_get (workspace, filing_id, error)) == NULL ||
          (product = csl_product_get (workspace, filing->product_id, error)) == NULL)
        return NULL;
    }
  else
    {
      filing = csl_filing_new ();
      filing->grade = CSL_GRADE_BASIC;
      product = csl_product_new ();
    }

  self = g_object_new (CSL_TYPE_WIZARD, "transient-for", parent, NULL);
  self->state.workspace = g_object_ref (workspace);
  self->state.filing = g_steal_pointer (&filing);
  self->state.product = g_steal_pointer (&product);
  self->state.today = csl_date_today ();
  self->conflict = csl_wizard_conflict_new (&self->state);
  if (filing_id > 0)
    gtk_window_set_title (GTK_WINDOW (self), _("Continue Filing"));

  self->position = G_MAXUINT;
  /* A filing past its draft can no longer be edited: it opens where it can be packaged again,
   * verified or recorded. */
  if (csl_filing_get_status (self->state.filing) != CSL_STATUS_DRAFT)
    show_page (self, self->pages->len - 1);
  else
    show_page (self, MIN ((guint) MAX (self->state.filing->wizard_step, 0), self->pages->len - 1));
  return self;
}

guint
csl_wizard_get_n_pages (CslWizard *self)
{
  g_return_val_if_fail (CSL_IS_WIZARD (self), 0);
  return self->pages->len;
}

guint
csl_wizard_get_position (CslWizard *self)
{
  g_return_val_if_fail (CSL_IS_WIZARD (self), 0);
  return self->position;
}

CslWizardPage *
csl_wizard_get_page (CslWizard *self,
                     guint      position)
{
  g_return_val_if_fail (CSL_IS_WIZARD (self), NULL);
  g_return_val_if_fail (position < self->pages->len, NULL);
  return page_at (self, position);
}

gint64
csl_wizard_get_filing_id (CslWizard *self)
{
  g_return_val_if_fail (CSL_IS_WIZARD (self), 0);
  return self->state.filing->id;
}

const char *
csl_wizard_get_error_message (CslWizard *self)
{
  g_return_val_if_fail (CSL_IS_WIZARD (self), NULL);
  return self->error_message;
}

CslBanner *
csl_wizard_get_conflict_banner (CslWizard *self)
{
  g_return_val_if_fail (CSL_IS_WIZARD (self), NULL);
  return self->conflict_banner;
}
