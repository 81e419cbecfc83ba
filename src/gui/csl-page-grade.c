#include "config.h"

#include <glib/gi18n.h>

#include "records/csl-catalogue.h"
#include "csl-form.h"
#include "csl-lab-editor.h"
#include "records/csl-lab.h"
#include "csl-gui-util.h"
#include "csl-page-grade.h"
#include "csl-standards-group.h"
#include "records/csl-requirements.h"

struct _CslPageGrade
{
  CslWizardPage    parent_instance;

  GArray          *labs;           /* gint64 ids in combo order; index 0 of pentest_lab is "none" */
  GtkToggleButton *grade_buttons[3];
  GPtrArray       *finding_codes;
  CslCategory     *category;       /* the product's, for the standards it publishes */

  GtkFlowBox      *grades;
  AdwComboRow     *lab;
  AdwComboRow     *pentest_lab;
  GtkWidget       *report_number;
  GtkWidget       *report_date;
  CslStandardsGroup *standards;
  GtkSwitch       *agent;
  GtkListBox      *findings;
};

G_DEFINE_FINAL_TYPE (CslPageGrade, csl_page_grade, CSL_TYPE_WIZARD_PAGE)

/* Art. 5, in the words users see on the cards. */
static const char *
grade_description (CslGrade grade)
{
  switch (grade)
    {
    case CSL_GRADE_BASIC:
      return _("Meets the fundamental requirements of the national standards: no weak or common default passwords, "
               "vulnerability management with patching, maintained software updates.");
    case CSL_GRADE_ENHANCED:
      return _("Everything Basic needs, plus the enhanced tests of the category’s standard at an advanced "
               "domestic level; an in-house or third-party lab may test it.");
    case CSL_GRADE_LEADING:
      return _("Everything Enhanced needs at an advanced international level, plus a penetration test by a "
               "qualified third-party lab, whose report is attached.");
    default:
      return "";
    }
}

static CslGrade
selected_grade (CslPageGrade *self)
{
  for (guint i = 0; i < 3; i++)
    if (gtk_toggle_button_get_active (self->grade_buttons[i]))
      return (CslGrade) (i + 1);
  return CSL_GRADE_BASIC;
}

static gint64
lab_at (CslPageGrade *self,
        guint         i)
{
  return i < self->labs->len ? g_array_index (self->labs, gint64, i) : 0;
}

static gint64
selected_lab (CslPageGrade *self)
{
  return lab_at (self, adw_combo_row_get_selected (self->lab));
}

static gint64
selected_pentest_lab (CslPageGrade *self)
{
  guint i = adw_combo_row_get_selected (self->pentest_lab);

  return i == 0 || i == GTK_INVALID_LIST_POSITION ? 0 : lab_at (self, i - 1);
}

/* The catalogue's standards for the chosen grade first, then its other grades' (Enhanced
 * builds on Basic), each once. */
static void
suggest_standards (CslPageGrade *self,
                   CslGrade      grade)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  CslGrade below = grade == CSL_GRADE_BASIC ? CSL_GRADE_ENHANCED : (CslGrade) (grade - 1);
  CslGrade order[3] = { grade, below, (CslGrade) (6 - grade - below) };

  for (guint g = 0; self->category != NULL && g < 3; g++)
    {
      g_auto(GStrv) published = csl_category_dup_standards (self->category, order[g]);

      for (guint i = 0; published && published[i]; i++)
        if (!g_ptr_array_find_with_equal_func (all, published[i], g_str_equal, NULL))
          g_ptr_array_add (all, g_strdup (published[i]));
    }
  g_ptr_array_add (all, NULL);
  csl_standards_group_set_suggestions (self->standards, (const char *const *) all->pdata);
}

/* Copies the widgets into a filing; shared by the live check and apply(). */
static void
collect (CslPageGrade *self,
         CslFiling    *f)
{
  f->grade = selected_grade (self);
  f->lab_id = selected_lab (self);
  f->pentest_lab_id = f->grade == CSL_GRADE_LEADING ? selected_pentest_lab (self) : 0;
  g_free (f->report_number);
  f->report_number = csl_form_dup_text (self->report_number);
  g_free (f->report_date);
  f->report_date = csl_form_dup_text (self->report_date);
  g_strfreev (f->standards);
  f->standards = csl_standards_group_dup_standards (self->standards);
  g_free (f->filed_by);
  f->filed_by = g_strdup (gtk_switch_get_active (self->agent) ? "agent" : "manufacturer");
}

static void
show_findings (CslPageGrade *self,
               GPtrArray    *findings)
{
  GtkWidget *child;
  g_autoptr(GString) materials = g_string_new (NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->findings))) != NULL)
    gtk_list_box_remove (self->findings, child);
  g_ptr_array_set_size (self->finding_codes, 0);

  for (guint i = 0; findings && i < findings->len; i++)
    {
      CslFinding *f = findings->pdata[i];

      g_ptr_array_add (self->finding_codes, g_strdup (f->code));
      /* Missing materials are summed up in one row: they belong to the next step. */
      if (f->material >= 0)
        {
          g_string_append_printf (materials, "%s%s", materials->len ? ", " : "",
                                  csl_material_label ((CslMaterialKind) f->material));
          continue;
        }
      gtk_list_box_append (self->findings, csl_finding_row_new (f));
    }
  if (materials->len > 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("To attach in the next step"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), materials->str);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("mail-attachment-symbolic"));
      gtk_list_box_append (self->findings, row);
    }
  if (gtk_widget_get_first_child (GTK_WIDGET (self->findings)) == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nothing is missing"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("emblem-ok-symbolic"));
      gtk_list_box_append (self->findings, row);
    }
}

static void
update (CslPageGrade *self)
{
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (self));
  g_autoptr(CslFiling) probe = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  const char *blocker = NULL;
  CslGrade grade = selected_grade (self);

  gtk_widget_set_visible (GTK_WIDGET (self->pentest_lab), grade == CSL_GRADE_LEADING);
  suggest_standards (self, grade);
  csl_form_check_date (self->report_date, FALSE);
  if (state == NULL)
    return;

  if (selected_lab (self) == 0)
    blocker = _("Choose the lab that tested the product, or add one with “New Lab…”.");
  else if (csl_form_check_date (self->report_date, FALSE) != CSL_FORM_OK)
    blocker = _("The test report date must be a date in the form YYYY-MM-DD.");

  /* The row that keeps Next disabled says so itself. */
  csl_form_set_state (GTK_WIDGET (self->lab), selected_lab (self) == 0 ? CSL_FORM_ERROR : CSL_FORM_OK);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->lab), selected_lab (self) == 0 ? blocker : NULL);

  /* The check runs on an unsaved copy: nothing is written while the user types. */
  probe = csl_filing_new ();
  probe->id = state->filing->id;
  probe->product_id = state->product->id;
  collect (self, probe);
  if (probe->product_id > 0)
    findings = csl_requirements_check_filing (state->workspace, probe, state->today, NULL, NULL);
  show_findings (self, findings);

  csl_wizard_page_set_blocker (CSL_WIZARD_PAGE (self), blocker);
  csl_wizard_page_set_complete (CSL_WIZARD_PAGE (self), blocker == NULL);
}

static void
reload_labs (CslPageGrade *self,
             CslWorkspace *ws,
             gint64        select_lab,
             gint64        select_pentest)
{
  g_autoptr(GPtrArray) list = csl_lab_list (ws, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) pentest_names = gtk_string_list_new (NULL);
  guint lab_pos = GTK_INVALID_LIST_POSITION, pentest_pos = 0;

  g_array_set_size (self->labs, 0);
  gtk_string_list_append (pentest_names, _("None"));
  for (guint i = 0; list && i < list->len; i++)
    {
      CslLab *lab = list->pdata[i];
      g_autofree char *label = g_strdup_printf ("%s (%s)", lab->name,
                                                csl_lab_get_kind (lab) == CSL_LAB_IN_HOUSE ? _("in-house") : _("third-party"));

      gtk_string_list_append (names, label);
      gtk_string_list_append (pentest_names, label);
      g_array_append_val (self->labs, lab->id);
      if (lab->id == select_lab)
        lab_pos = i;
      if (lab->id == select_pentest)
        pentest_pos = i + 1;
    }
  adw_combo_row_set_model (self->lab, G_LIST_MODEL (names));
  adw_combo_row_set_model (self->pentest_lab, G_LIST_MODEL (pentest_names));
  if (lab_pos == GTK_INVALID_LIST_POSITION && self->labs->len == 1)
    lab_pos = 0;
  adw_combo_row_set_selected (self->lab, lab_pos);
  adw_combo_row_set_selected (self->pentest_lab, pentest_pos);
}

static void
on_lab_saved (CslPageGrade *self,
              gint64        id)
{
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (self));

  reload_labs (self, state->workspace, id, selected_pentest_lab (self));
  update (self);
}

static void
on_new_lab (CslPageGrade *self)
{
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (self));
  CslLabEditor *editor = csl_lab_editor_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                             state->workspace, NULL);

  g_signal_connect_object (editor, "saved", G_CALLBACK (on_lab_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
csl_page_grade_load (CslWizardPage  *page,
                     CslWizardState *state)
{
  CslPageGrade *self = CSL_PAGE_GRADE (page);
  CslFiling *f = state->filing;

  reload_labs (self, state->workspace, f->lab_id, f->pentest_lab_id);
  gtk_toggle_button_set_active (self->grade_buttons[CLAMP (f->grade, 1, 3) - 1], TRUE);
  csl_form_set_text (self->report_number, f->report_number);
  csl_form_set_text (self->report_date, f->report_date);
  g_clear_pointer (&self->category, csl_category_free);
  self->category = csl_catalogue_get (state->workspace, state->product->category_id, NULL);
  if (f->standards && f->standards[0])
    csl_standards_group_set_standards (self->standards, (const char *const *) f->standards);
  else
    {
      /* Offer what the catalogue publishes for this category and grade, if anything. */
      CslGrade grade = (CslGrade) CLAMP (f->grade, 1, 3);
      g_auto(GStrv) published = self->category ? csl_category_dup_standards (self->category, grade) : NULL;

      csl_standards_group_set_standards (self->standards, (const char *const *) published);
    }
  gtk_switch_set_active (self->agent, csl_filing_is_agent (f));
  update (self);
}

static gboolean
csl_page_grade_apply (CslWizardPage   *page,
                      CslWizardState  *state,
                      GError         **error)
{
  collect (CSL_PAGE_GRADE (page), state->filing);
  return TRUE;
}

void
csl_page_grade_fill (CslPageGrade *self,
                     CslGrade      grade,
                     gint64        lab_id,
                     const char   *report_number,
                     const char   *report_date,
                     const char   *standards)
{
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (self));

  reload_labs (self, state->workspace, lab_id, 0);
  gtk_toggle_button_set_active (self->grade_buttons[grade - 1], TRUE);
  csl_form_set_text (self->report_number, report_number);
  csl_form_set_text (self->report_date, report_date);
  {
    /* As a user pasting the old ";" list into the entry would, then adding it. */
    g_auto(GStrv) numbers = g_strsplit (standards ? standards : "", ";", -1);

    csl_standards_group_set_standards (self->standards, NULL);
    for (guint i = 0; numbers[i]; i++)
      csl_standards_group_add (self->standards, numbers[i]);
  }
  update (self);
}

GStrv
csl_page_grade_dup_finding_codes (CslPageGrade *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->finding_codes->len; i++)
    g_strv_builder_add (builder, self->finding_codes->pdata[i]);
  return g_strv_builder_end (builder);
}

static GtkWidget *
grade_card (CslPageGrade *self,
            CslGrade      grade)
{
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *stars = gtk_label_new (csl_grade_stars (grade));
  /* The official Chinese name beside the translated one, unless they are the same. */
  g_autofree char *title = g_str_equal (csl_grade_name (grade), csl_grade_name_zh (grade))
    ? g_strdup (csl_grade_name (grade)) : g_strdup_printf ("%s · %s", csl_grade_name (grade), csl_grade_name_zh (grade));
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *text = gtk_label_new (grade_description (grade));
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_widget_add_css_class (stars, "title-1");
  gtk_widget_add_css_class (stars, "warning");
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_justify (GTK_LABEL (text), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 24);
  gtk_widget_add_css_class (text, "caption");
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_box_append (GTK_BOX (box), stars);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), text);
  /* Chosen as in GNOME Settings' style picker: an accent border and a check mark, no grey fill. */
  gtk_overlay_set_child (GTK_OVERLAY (overlay), box);
  gtk_widget_set_halign (check, GTK_ALIGN_END);
  gtk_widget_set_valign (check, GTK_ALIGN_START);
  gtk_widget_set_margin_top (check, 6);
  gtk_widget_set_margin_end (check, 6);
  gtk_widget_add_css_class (check, "grade-check");
  gtk_widget_set_visible (check, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), check);
  g_object_bind_property (button, "active", check, "visible", G_BINDING_SYNC_CREATE);
  gtk_button_set_child (GTK_BUTTON (button), overlay);
  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "grade-card");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, grade_description (grade), -1);
  if (grade > CSL_GRADE_BASIC)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), self->grade_buttons[0]);
  g_signal_connect_swapped (button, "toggled", G_CALLBACK (update), self);
  return button;
}

static void
csl_page_grade_dispose (GObject *object)
{
  CslPageGrade *self = CSL_PAGE_GRADE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CSL_TYPE_PAGE_GRADE);
  g_clear_pointer (&self->labs, g_array_unref);
  g_clear_pointer (&self->finding_codes, g_ptr_array_unref);
  g_clear_pointer (&self->category, csl_category_free);
  G_OBJECT_CLASS (csl_page_grade_parent_class)->dispose (object);
}

static void
csl_page_grade_class_init (CslPageGradeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CslWizardPageClass *page_class = CSL_WIZARD_PAGE_CLASS (klass);

  object_class->dispose = csl_page_grade_dispose;
  page_class->load = csl_page_grade_load;
  page_class->apply = csl_page_grade_apply;

  g_type_ensure (CSL_TYPE_STANDARDS_GROUP);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-page-grade.ui");
  gtk_widget_class_bind_template_child (widget_class, CslPageGrade, grades);
  gtk_widget_class_bind_template_child (widget_class, CslPageGrade, lab);
  gtk_widget_class_bind_template_child (widget_class, CslPageGrade, pentest_lab);
  gtk_widget_class_bind_template_child (widget_class, CslPageGrade, report_number);
  gtk_widget_class_bind_template_child (widget_class, CslPageGrade, report_date);
  gtk_widget_class_bind_template_child (widget_class, CslPageGrade, standards);
  gtk_widget_class_bind_template_child (widget_class, CslPageGrade, agent);
  gtk_widget_class_bind_template_child (widget_class, CslPageGrade, findings);
  gtk_widget_class_bind_template_callback (widget_class, update);
  gtk_widget_class_bind_template_callback (widget_class, on_new_lab);
}

static void
csl_page_grade_init (CslPageGrade *self)
{
  csl_gui_ensure_style ();
  self->labs = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->finding_codes = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  csl_form_add_calendar (self->report_date);
  csl_form_keep_choice_arrow (self->lab);
  csl_wizard_page_set_title (CSL_WIZARD_PAGE (self), _("Grade and Lab"));
  for (guint i = 0; i < 3; i++)
    {
      GtkWidget *card = grade_card (self, (CslGrade) (i + 1));

      self->grade_buttons[i] = GTK_TOGGLE_BUTTON (card);
      gtk_flow_box_append (self->grades, card);
    }
  gtk_toggle_button_set_active (self->grade_buttons[0], TRUE);
}

CslPageGrade *
csl_page_grade_new (void)
{
  return g_object_new (CSL_TYPE_PAGE_GRADE, NULL);
}
