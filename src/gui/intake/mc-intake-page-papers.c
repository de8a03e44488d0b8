/* mc-intake-page-papers.c — the intake page's papers checklist
 *
 * One row per paper the procedure asks for (tick, form, copies), each
 * followed by the row of its files (mc-intake-page-attach.c), and the
 * group's description counting what is still missing.
 */
#define G_LOG_DOMAIN "motcua-intake"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-intake-page-private.h"

/* ---- papers ----------------------------------------------------------- */

static guint
get_paper_index (gpointer widget)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "mc-paper-index"));
}

static void
on_paper_toggled_cb (GtkCheckButton *check,
                     McIntakePage   *self)
{
  if (!self->loading)
    mc_intake_form_set_paper_checked (self->form, get_paper_index (check), gtk_check_button_get_active (check));
}

static void
on_paper_form_cb (GtkDropDown  *dropdown,
                  GParamSpec   *pspec,
                  McIntakePage *self)
{
  if (!self->loading)
    mc_intake_form_set_paper_form (self->form, get_paper_index (dropdown),
                                   (McPaperForm) gtk_drop_down_get_selected (dropdown));
}

static void
on_paper_copies_cb (GtkSpinButton *spin,
                    McIntakePage  *self)
{
  if (!self->loading)
    mc_intake_form_set_paper_copies (self->form, get_paper_index (spin),
                                     (guint) gtk_spin_button_get_value_as_int (spin));
}

static char *
describe_paper (const McFormPaper *paper)
{
  if (paper->required)
    return g_strdup (paper->note);
  if (paper->note != NULL)
    return g_strdup_printf (/* Translators: "%s" says when the paper is needed. */
                            _("If applicable: %s"), paper->note);
  return g_strdup (_("If applicable"));
}

static const char *
keys_hint (void)
{
  /* TRANSLATORS: keep it short, it is a tooltip */
  return _("Space: tick · ↑↓: other papers · →: form, copies, files · Tab: leave the list");
}

/* One checklist line: tick, name (and when it is needed), form, copies. */
static GtkWidget *
create_paper_row (McIntakePage *self,
                  guint         index)
{
  const McFormPaper *paper = mc_intake_form_get_paper (self->form, index);
  const char *forms[] = {
    mc_paper_form_get_label (MC_PAPER_FORM_ORIGINAL),
    mc_paper_form_get_label (MC_PAPER_FORM_CERTIFIED_COPY),
    mc_paper_form_get_label (MC_PAPER_FORM_COPY),
    NULL
  };
  g_autofree char *subtitle = describe_paper (paper);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *form = gtk_drop_down_new_from_strings (forms);
  GtkWidget *copies = gtk_spin_button_new_with_range (1, MC_INTAKE_FORM_MAX_COPIES, 1);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), paper->name);
  /* Long names wrap whole (0: as many lines as they need). */
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  /* The note in two lines; whole in the tooltip, with the keys. */
  if (subtitle != NULL)
    {
      g_autofree char *tip = g_strdup_printf ("%s\n\n%s", subtitle, keys_hint ());

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      gtk_widget_set_tooltip_text (row, tip);
    }
  else
    gtk_widget_set_tooltip_text (row, keys_hint ());

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), paper->checked);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, paper->name, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  /* The row is the one stop: Space ticks it (on_papers_key_cb); the
   * tick itself is for the mouse. */
  gtk_widget_set_focusable (check, FALSE);
  gtk_widget_set_focusable (row, TRUE);

  /* Same width whatever the form says, so the columns line up. */
  gtk_widget_set_size_request (form, 172, -1);
  gtk_widget_set_valign (form, GTK_ALIGN_CENTER);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (form), paper->form);
  gtk_accessible_update_property (GTK_ACCESSIBLE (form), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Form of the paper"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), form);

  gtk_widget_set_valign (copies, GTK_ALIGN_CENTER);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (copies), paper->copies);
  gtk_editable_set_width_chars (GTK_EDITABLE (copies), 2);
  gtk_accessible_update_property (GTK_ACCESSIBLE (copies), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Number of copies"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), copies);

  /* Form and copies matter once the paper is ticked; until then Tab skips them. */
  g_object_bind_property (check, "active", form, "sensitive", G_BINDING_SYNC_CREATE);
  g_object_bind_property (check, "active", copies, "sensitive", G_BINDING_SYNC_CREATE);

  g_object_set_data (G_OBJECT (check), "mc-paper-index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (form), "mc-paper-index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (copies), "mc-paper-index", GUINT_TO_POINTER (index));
  g_signal_connect (check, "toggled", G_CALLBACK (on_paper_toggled_cb), self);
  g_signal_connect (form, "notify::selected", G_CALLBACK (on_paper_form_cb), self);
  g_signal_connect (copies, "value-changed", G_CALLBACK (on_paper_copies_cb), self);
  g_object_set_data (G_OBJECT (row), "mc-check", check);
  _mc_intake_page_add_attach_controls (self, row, index);
  return row;
}

void
_mc_intake_page_rebuild_papers (McIntakePage *self)
{
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  for (guint i = 0; i < self->paper_rows->len; i++)
    adw_preferences_group_remove (self->papers_list, g_ptr_array_index (self->paper_rows, i));
  g_ptr_array_set_size (self->paper_rows, 0);
  g_ptr_array_set_size (self->attachment_rows, 0);

  /* Each paper's row, then the row of its files (mc-intake-page-attach.c). */
  for (guint i = 0; i < mc_intake_form_get_n_papers (self->form); i++)
    {
      GtkWidget *row = create_paper_row (self, i);
      GtkWidget *files = _mc_intake_page_create_attachments_row (self, i);

      adw_preferences_group_add (self->papers_list, row);
      adw_preferences_group_add (self->papers_list, files);
      g_ptr_array_add (self->paper_rows, row);
      g_ptr_array_add (self->paper_rows, files);
      g_ptr_array_add (self->attachment_rows, files);
    }
  self->loading = was_loading;
  _mc_intake_page_rebuild_fees (self);
}

void
_mc_intake_page_update_papers_description (McIntakePage *self)
{
  guint missing = mc_intake_form_count_missing_required (self->form);
  g_autofree char *text = NULL;

  if (mc_intake_form_get_n_papers (self->form) == 0)
    text = g_strdup (_("Choose the procedure to see the papers it needs"));
  else if (missing == 0)
    text = g_strdup (_("Tick each paper as it is handed in, with its form and number of copies"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u required paper is not ticked yet",
                                         "%u required papers are not ticked yet", missing),
                            missing);
  adw_preferences_group_set_description (self->papers_list, text);
}

/* ---- keyboard --------------------------------------------------------- */

static GtkWidget *
find_list_box (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list_box (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The paper whose row itself has the focus, or -1. */
static int
get_focused_paper (McIntakePage *self)
{
  for (guint i = 0; i < self->paper_rows->len; i += 2)
    if (gtk_widget_has_focus (g_ptr_array_index (self->paper_rows, i)))
      return (int) (i / 2);
  return -1;
}

static void
toggle_paper (McIntakePage *self,
              guint         index)
{
  GtkWidget *row = g_ptr_array_index (self->paper_rows, index * 2);
  GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "mc-check");

  gtk_check_button_set_active (check, !gtk_check_button_get_active (check));
}

/* Moves the focus out of the checklist, as if it were one widget: the
 * list cannot take the focus while the window looks for the next stop. */
static gboolean
leave_list (McIntakePage     *self,
            GtkWidget        *list,
            GtkDirectionType  direction)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  gboolean moved;

  if (root == NULL)
    return FALSE;
  gtk_widget_set_can_focus (list, FALSE);
  moved = gtk_widget_child_focus (GTK_WIDGET (root), direction);
  gtk_widget_set_can_focus (list, TRUE);
  return moved;
}

/* One Tab stop for the whole checklist: Space ticks, Up and Down go from
 * paper to paper, Right reaches a paper's own controls, Tab leaves. */
static gboolean
on_papers_key_cb (GtkEventControllerKey *controller,
                  guint                  keyval,
                  guint                  keycode,
                  GdkModifierType        state,
                  McIntakePage          *self)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  int paper = get_focused_paper (self);
  guint n = mc_intake_form_get_n_papers (self->form);

  state &= gtk_accelerator_get_default_mod_mask ();
  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab || keyval == GDK_KEY_ISO_Left_Tab)
    {
      gboolean back = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0;

      if ((state & ~GDK_SHIFT_MASK) != 0)
        return FALSE;
      return leave_list (self, list, back ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD);
    }
  if (paper < 0 || state != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      toggle_paper (self, (guint) paper);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if ((guint) paper + 1 < n)
        gtk_widget_grab_focus (g_ptr_array_index (self->paper_rows, (paper + 1) * 2));
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (paper > 0)
        gtk_widget_grab_focus (g_ptr_array_index (self->paper_rows, (paper - 1) * 2));
      return TRUE;
    default:
      return FALSE;
    }
}

void
_mc_intake_page_tick_required (McIntakePage *self)
{
  if (self->form == NULL)
    return;
  for (guint i = 0; i < mc_intake_form_get_n_papers (self->form); i++)
    {
      const McFormPaper *paper = mc_intake_form_get_paper (self->form, i);

      if (paper->required && !paper->checked)
        toggle_paper (self, i);
    }
}

void
_mc_intake_page_init_papers (McIntakePage *self)
{
  GtkWidget *list = find_list_box (GTK_WIDGET (self->papers_list));
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkWidget *tick = gtk_button_new_with_mnemonic (_("Tick All _Required"));

  g_return_if_fail (list != NULL);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_papers_key_cb), self);
  gtk_widget_add_controller (list, keys);

  gtk_widget_set_valign (tick, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (tick, "flat");
  gtk_widget_set_tooltip_text (tick, _("Tick every paper the procedure requires (Ctrl+T)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (tick), "intake.tick-required");
  adw_preferences_group_set_header_suffix (self->papers_list, tick);
}
