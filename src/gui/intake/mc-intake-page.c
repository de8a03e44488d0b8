/* mc-intake-page.c — taking a new dossier in (the intake form)
 *
 * The widgets only mirror an McIntakeForm (mc-intake-form.c), which holds
 * the values, checks them and builds the dossier and the draft. This file
 * has the fields; mc-intake-page-papers.c the papers checklist,
 * mc-intake-page-attach.c each paper's files and mc-intake-page-actions.c
 * saving, drafts and leaving.
 */
#define G_LOG_DOMAIN "motcua-intake"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-intake-page-private.h"
#include "mc-sync-indicator.h"

/* Below this width the two columns stack (libadwaita 1.2 has no breakpoints). */
#define TWO_COLUMNS_MIN_WIDTH 1000

G_DEFINE_FINAL_TYPE (McIntakePage, mc_intake_page, ADW_TYPE_BIN)

enum {
  CLOSE,
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The text fields edited in an AdwEntryRow, in reading order. */
static const McFormField entry_fields[] = {
  MC_FORM_FIELD_FULL_NAME, MC_FORM_FIELD_ID_NUMBER, MC_FORM_FIELD_DATE_OF_BIRTH,
  MC_FORM_FIELD_PHONE, MC_FORM_FIELD_ADDRESS, MC_FORM_FIELD_EMAIL,
  MC_FORM_FIELD_RECEIVED_DATE, MC_FORM_FIELD_RECEIVED_TIME, MC_FORM_FIELD_BACKDATE_REASON,
};

static void refresh (McIntakePage *self);

static AdwEntryRow *
get_entry_row (McIntakePage *self,
               McFormField   field)
{
  switch (field)
    {
    case MC_FORM_FIELD_FULL_NAME: return self->full_name_row;
    case MC_FORM_FIELD_ID_NUMBER: return self->id_number_row;
    case MC_FORM_FIELD_DATE_OF_BIRTH: return self->date_of_birth_row;
    case MC_FORM_FIELD_PHONE: return self->phone_row;
    case MC_FORM_FIELD_ADDRESS: return self->address_row;
    case MC_FORM_FIELD_EMAIL: return self->email_row;
    case MC_FORM_FIELD_RECEIVED_DATE: return self->received_date_row;
    case MC_FORM_FIELD_RECEIVED_TIME: return self->received_time_row;
    case MC_FORM_FIELD_BACKDATE_REASON: return self->backdate_reason_row;
    default: return NULL;
    }
}

static GtkLabel *
get_error_label (McIntakePage *self,
                 McFormField   field)
{
  switch (field)
    {
    case MC_FORM_FIELD_PROCEDURE: return self->procedure_error;
    case MC_FORM_FIELD_PAPERS: return self->papers_error;
    case MC_FORM_FIELD_NOTES: return self->notes_error;
    case MC_FORM_FIELD_FULL_NAME: return self->full_name_error;
    case MC_FORM_FIELD_ID_NUMBER: return self->id_number_error;
    case MC_FORM_FIELD_DATE_OF_BIRTH: return self->date_of_birth_error;
    case MC_FORM_FIELD_PHONE: return self->phone_error;
    case MC_FORM_FIELD_ADDRESS: return self->address_error;
    case MC_FORM_FIELD_EMAIL: return self->email_error;
    case MC_FORM_FIELD_RECEIVED_DATE: return self->received_date_error;
    case MC_FORM_FIELD_RECEIVED_TIME: return self->received_time_error;
    case MC_FORM_FIELD_BACKDATE_REASON: return self->backdate_reason_error;
    default: return NULL;
    }
}

/* Where the focus goes to fix @field. */
static GtkWidget *
get_field_widget (McIntakePage *self,
                  McFormField   field)
{
  if (get_entry_row (self, field) != NULL)
    return GTK_WIDGET (get_entry_row (self, field));
  if (field == MC_FORM_FIELD_PROCEDURE)
    return GTK_WIDGET (self->procedure_chooser);
  if (field == MC_FORM_FIELD_PAPERS && self->paper_rows->len > 0)
    return g_ptr_array_index (self->paper_rows, 0);
  if (field == MC_FORM_FIELD_SETS)
    return GTK_WIDGET (self->sets_spin);
  if (field == MC_FORM_FIELD_NOTES)
    return GTK_WIDGET (self->notes_view);
  return NULL;
}

gboolean
_mc_intake_page_showing_form (McIntakePage *self)
{
  return self->stack != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "form") == 0;
}

static void
move_focus_on (McIntakePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (root != NULL)
    gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_TAB_FORWARD);
}

/* ---- state shown ------------------------------------------------------ */

void
_mc_intake_page_update_actions (McIntakePage *self)
{
  gboolean on_form = _mc_intake_page_showing_form (self);
  gboolean valid = self->form != NULL && mc_intake_form_is_valid (self->form);
  gboolean can_save = on_form && !self->busy && valid && self->context != NULL;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "intake.save", can_save);
  gtk_widget_action_set_enabled (widget, "intake.cancel", !self->busy);
  gtk_widget_action_set_enabled (widget, "intake.new", !on_form);
  gtk_widget_action_set_enabled (widget, "intake.close", !self->busy);
  gtk_widget_action_set_enabled (widget, "intake.copy-code", !on_form);
  gtk_widget_action_set_enabled (widget, "intake.print-receipt", !on_form && self->context != NULL);
  gtk_widget_action_set_enabled (widget, "intake.export-receipt", !on_form && self->context != NULL);

  gtk_widget_set_visible (self->save_button, on_form);
  gtk_widget_set_visible (self->cancel_button, on_form);
  gtk_widget_set_sensitive (self->form_scroller, !self->busy);

  /* An insensitive button still says why. */
  if (can_save || self->form == NULL)
    gtk_widget_set_tooltip_text (self->save_button, _("Save the dossier and give it its code (Ctrl+S)"));
  else if (on_form && !valid)
    {
      int field = mc_intake_form_get_first_invalid (self->form);
      g_autofree char *message = mc_intake_form_validate_field (self->form, (McFormField) field);
      g_autofree char *tip = g_strdup_printf (_("Cannot save yet. %s"), message);

      gtk_widget_set_tooltip_text (self->save_button, tip);
    }
}

static void
set_error_visible (GtkLabel *label,
                   gboolean  visible)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (label));

  /* Under an entry row the message sits in a row of its own, shown with it. */
  gtk_widget_set_visible (GTK_WIDGET (label), visible);
  if (GTK_IS_LIST_BOX_ROW (parent))
    {
      gtk_widget_add_css_class (parent, "field-error-row");
      gtk_widget_set_visible (parent, visible);
    }
}

/* Shows each field's message once the clerk has been there (or tried to save). */
static void
refresh (McIntakePage *self)
{
  for (guint i = 0; i < MC_FORM_N_FIELDS; i++)
    {
      GtkLabel *label = get_error_label (self, (McFormField) i);
      AdwEntryRow *row = get_entry_row (self, (McFormField) i);
      g_autofree char *message = NULL;
      gboolean show;

      if (label == NULL)
        continue;
      message = mc_intake_form_validate_field (self->form, (McFormField) i);
      show = message != NULL && (self->touched[i] || self->show_all);
      gtk_label_set_text (label, message != NULL ? message : "");
      set_error_visible (label, show);
      if (row != NULL && show)
        gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      else if (row != NULL)
        gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
    }
  _mc_intake_page_update_papers_description (self);
  _mc_intake_page_update_actions (self);
}

void
_mc_intake_page_reveal_all_errors (McIntakePage *self)
{
  int field = mc_intake_form_get_first_invalid (self->form);
  GtkWidget *widget;

  self->show_all = TRUE;
  refresh (self);
  if (field < 0)
    return;
  if (field >= MC_FORM_FIELD_RECEIVED_DATE && field <= MC_FORM_FIELD_BACKDATE_REASON)
    adw_expander_row_set_expanded (self->received_earlier_row, TRUE);
  widget = get_field_widget (self, (McFormField) field);
  if (widget != NULL)
    gtk_widget_grab_focus (widget);
}

/* ---- form ⇄ widgets --------------------------------------------------- */

/* Fills every widget from the form, without echoing back. */
static void
load_widgets (McIntakePage *self)
{
  McCatalog *catalog = self->context != NULL ? mc_context_get_catalog (self->context) : NULL;
  const char *code = mc_intake_form_get_text (self->form, MC_FORM_FIELD_PROCEDURE);
  McProcedure *procedure = catalog != NULL && *code != '\0' ? mc_catalog_lookup (catalog, code) : NULL;
  const char *notes = mc_intake_form_get_text (self->form, MC_FORM_FIELD_NOTES);

  /* A draft's procedure that left the catalog must be chosen again. */
  if (catalog != NULL && *code != '\0' && procedure == NULL)
    mc_intake_form_set_procedure (self->form, NULL);

  self->loading = TRUE;
  mc_procedure_chooser_set_procedure (self->procedure_chooser, procedure);
  for (guint i = 0; i < G_N_ELEMENTS (entry_fields); i++)
    gtk_editable_set_text (GTK_EDITABLE (get_entry_row (self, entry_fields[i])),
                           mc_intake_form_get_text (self->form, entry_fields[i]));
  adw_combo_row_set_selected (self->id_kind_row, mc_intake_form_get_id_kind (self->form));
  gtk_spin_button_set_value (self->sets_spin, mc_intake_form_get_sets (self->form));
  adw_expander_row_set_enable_expansion (self->received_earlier_row,
                                         mc_intake_form_get_received_earlier (self->form));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view), notes, -1);
  _mc_intake_page_rebuild_papers (self);
  self->loading = FALSE;
}

static void
on_form_changed_cb (McIntakeForm *form,
                    int           field,
                    McIntakePage *self)
{
  AdwEntryRow *row = get_entry_row (self, (McFormField) field);

  if (!self->loading)
    {
      /* A text field's message waits until the clerk leaves it (no red
       * while the first digits are typed); once shown it follows each key. */
      if (row != NULL && !self->touched[field])
        self->edited[field] = TRUE;
      else
        self->touched[field] = TRUE;
      _mc_intake_page_schedule_autosave (self);
    }
  if (field == MC_FORM_FIELD_PROCEDURE)
    _mc_intake_page_rebuild_papers (self);
  else if (field == MC_FORM_FIELD_PAPERS)
    _mc_intake_page_update_attachments (self);

  /* The form fills some fields itself (the received time when turned on). */
  if (row != NULL && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)),
                                mc_intake_form_get_text (form, (McFormField) field)) != 0)
    {
      gboolean was_loading = self->loading;

      self->loading = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (row), mc_intake_form_get_text (form, (McFormField) field));
      self->loading = was_loading;
    }
  refresh (self);
}

static McFormField
get_widget_field (gpointer widget)
{
  return (McFormField) GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), "mc-field"));
}

static void
on_entry_changed_cb (GtkEditable  *editable,
                     McIntakePage *self)
{
  if (self->loading || self->form == NULL)
    return;
  /* A card's QR line being typed by the reader never reaches the form. */
  if (_mc_intake_page_id_card_typed (self, GTK_WIDGET (editable)))
    return;
  mc_intake_form_set_text (self->form, get_widget_field (editable), gtk_editable_get_text (editable));
}

static void
on_field_leave_cb (GtkEventControllerFocus *controller,
                   McIntakePage            *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  McFormField field = get_widget_field (widget);

  /* A reader that ends the card's line with Tab. */
  if (GTK_IS_EDITABLE (widget) && _mc_intake_page_id_card_finish (self, widget))
    return;

  /* Passing through an empty field with Tab is no mistake: only what was
   * typed is judged (and everything, on a save attempt). */
  if (self->form == NULL || self->touched[field] || !self->edited[field] ||
      !_mc_intake_page_showing_form (self))
    return;
  self->touched[field] = TRUE;
  refresh (self);
}

static void
on_entry_activated_cb (AdwEntryRow  *row,
                       McIntakePage *self)
{
  /* The reader's Enter after a card's line. */
  if (_mc_intake_page_id_card_finish (self, GTK_WIDGET (row)))
    return;
  /* Enter goes to the next field, as on paper forms; Ctrl+S saves. */
  move_focus_on (self);
}

static void
on_procedure_picked_cb (McIntakePage *self)
{
  if (!self->loading && self->form != NULL)
    mc_intake_form_set_procedure (self->form, mc_procedure_chooser_get_procedure (self->procedure_chooser));
}

static void
on_id_kind_cb (McIntakePage *self)
{
  if (!self->loading && self->form != NULL)
    mc_intake_form_set_id_kind (self->form, (McIdKind) adw_combo_row_get_selected (self->id_kind_row));
}

static void
on_sets_changed_cb (McIntakePage *self)
{
  if (!self->loading && self->form != NULL)
    mc_intake_form_set_sets (self->form, (guint) gtk_spin_button_get_value_as_int (self->sets_spin));
}

static void
on_received_earlier_cb (McIntakePage *self)
{
  if (!self->loading && self->form != NULL)
    mc_intake_form_set_received_earlier (self->form,
                                         adw_expander_row_get_enable_expansion (self->received_earlier_row));
}

static void
on_notes_changed_cb (GtkTextBuffer *buffer,
                     McIntakePage  *self)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->loading || self->form == NULL)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  mc_intake_form_set_text (self->form, MC_FORM_FIELD_NOTES, text);
}

static gboolean
on_notes_key_pressed_cb (McIntakePage          *self,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         GtkEventControllerKey *controller)
{
  /* Only noted here: the input method (Vietnamese Telex with preedit) must
   * see Enter first and commit the word; the newline it then inserts is
   * what turns into saving (on_notes_insert_cb). */
  self->notes_enter = (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
                      (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK)) == 0;
  return FALSE;
}

static gboolean
save_idle_cb (gpointer user_data)
{
  _mc_intake_page_try_save (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_notes_insert_cb (GtkTextBuffer *buffer,
                    GtkTextIter   *location,
                    const char    *text,
                    int            length,
                    McIntakePage  *self)
{
  gboolean enter = self->notes_enter;

  self->notes_enter = FALSE;
  if (!enter || g_strcmp0 (text, "\n") != 0)
    return;
  g_signal_stop_emission_by_name (buffer, "insert-text");
  g_idle_add_full (G_PRIORITY_DEFAULT, save_idle_cb, g_object_ref (self), g_object_unref);
}

/* ---- layout ----------------------------------------------------------- */

static gboolean
relayout_cb (gpointer user_data)
{
  McIntakePage *self = user_data;
  gboolean wide = gtk_widget_get_width (GTK_WIDGET (self)) >= TWO_COLUMNS_MIN_WIDTH;

  self->relayout_id = 0;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->columns),
                                  wide ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
  adw_clamp_set_maximum_size (self->clamp, wide ? 1280 : 680);
  return G_SOURCE_REMOVE;
}

/* AdwBin lays its child out with a layout manager, which would bypass
 * size_allocate; the page does it itself (see init). */
static GtkSizeRequestMode
mc_intake_page_get_request_mode (GtkWidget *widget)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
mc_intake_page_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  *minimum = *natural = 0;
  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

static void
mc_intake_page_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  McIntakePage *self = MC_INTAKE_PAGE (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));
  GtkOrientation wanted = width >= TWO_COLUMNS_MIN_WIDTH ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL;

  /* Two columns fit the whole form on a 1366×768 screen; switched after
   * this allocation, as a layout change cannot happen during one. */
  if (wanted != gtk_orientable_get_orientation (GTK_ORIENTABLE (self->columns)) && self->relayout_id == 0)
    self->relayout_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, relayout_cb, self, NULL);

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

/* ---- GObject ---------------------------------------------------------- */

static void
mc_intake_page_dispose (GObject *object)
{
  McIntakePage *self = MC_INTAKE_PAGE (object);

  /* What was typed in the last second still goes to the draft. */
  _mc_intake_page_flush_autosave (self);
  _mc_intake_page_dispose_id_card (self);
  g_clear_handle_id (&self->relayout_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_INTAKE_PAGE);
  g_clear_object (&self->form);
  g_clear_object (&self->saving);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->focus_before_busy);
  g_clear_pointer (&self->paper_rows, g_ptr_array_unref);
  g_clear_pointer (&self->attachment_rows, g_ptr_array_unref);
  g_clear_pointer (&self->attach_messages, g_hash_table_unref);
  if (self->not_attached != NULL)
    g_string_free (g_steal_pointer (&self->not_attached), TRUE);
  g_clear_error (&self->save_error);
  g_clear_error (&self->followup_error);
  g_clear_pointer (&self->missing_papers, g_strfreev);

  G_OBJECT_CLASS (mc_intake_page_parent_class)->dispose (object);
}

static void
mc_intake_page_class_init (McIntakePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_intake_page_dispose;
  widget_class->get_request_mode = mc_intake_page_get_request_mode;
  widget_class->measure = mc_intake_page_measure;
  widget_class->size_allocate = mc_intake_page_size_allocate;

  signals[CLOSE] = g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, MC_TYPE_DOSSIER);

  g_type_ensure (MC_TYPE_PROCEDURE_CHOOSER);
  g_type_ensure (MC_TYPE_SYNC_INDICATOR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-intake-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, McIntakePage, name)
  BIND (window_title); BIND (cancel_button); BIND (save_button); BIND (sync_indicator); BIND (stack);
  BIND (form_scroller); BIND (clamp); BIND (columns); BIND (procedure_chooser); BIND (procedure_error);
  BIND (full_name_row); BIND (full_name_error); BIND (id_kind_row);
  BIND (id_number_row); BIND (id_number_error); BIND (date_of_birth_row); BIND (date_of_birth_error);
  BIND (phone_row); BIND (phone_error); BIND (address_row); BIND (address_error);
  BIND (email_row); BIND (email_error); BIND (papers_list); BIND (papers_error); BIND (sets_spin);
  BIND (received_earlier_row); BIND (received_date_row); BIND (received_date_error);
  BIND (received_time_row); BIND (received_time_error); BIND (backdate_reason_row);
  BIND (backdate_reason_error); BIND (notes_view); BIND (notes_error);
  BIND (result_missing_label); BIND (supplement_button);
  BIND (result_code_label); BIND (result_due_label); BIND (result_applicant_label);
  BIND (result_procedure_label); BIND (new_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_procedure_picked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sets_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_received_earlier_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_notes_key_pressed_cb);

  _mc_intake_page_class_actions_init (widget_class);
  _mc_intake_page_class_attach_init (widget_class);
  _mc_intake_page_class_id_card_init (widget_class);
}

static void
setup_field (McIntakePage *self,
             GtkWidget    *widget,
             GtkLabel     *error_label,
             McFormField   field)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_object_set_data (G_OBJECT (widget), "mc-field", GINT_TO_POINTER (field));
  g_signal_connect (focus, "leave", G_CALLBACK (on_field_leave_cb), self);
  gtk_widget_add_controller (widget, focus);
  /* Screen readers read the message with the field. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  error_label, NULL, -1);
}

static void
mc_intake_page_init (McIntakePage *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkTextBuffer *notes = NULL;

  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->paper_rows = g_ptr_array_new ();
  self->attachment_rows = g_ptr_array_new ();
  self->attach_messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();

  for (McIdKind kind = MC_ID_KIND_CCCD; kind <= MC_ID_KIND_PASSPORT; kind++)
    gtk_string_list_append (kinds, mc_id_kind_get_label (kind));
  adw_combo_row_set_model (self->id_kind_row, G_LIST_MODEL (kinds));
  /* The kind under the title, whole ("CCCD / số định danh cá nhân" was cut at the end of the row). */
  adw_combo_row_set_use_subtitle (self->id_kind_row, TRUE);
  g_signal_connect_swapped (self->id_kind_row, "notify::selected", G_CALLBACK (on_id_kind_cb), self);

  for (guint i = 0; i < G_N_ELEMENTS (entry_fields); i++)
    {
      AdwEntryRow *row = get_entry_row (self, entry_fields[i]);

      setup_field (self, GTK_WIDGET (row), get_error_label (self, entry_fields[i]), entry_fields[i]);
      g_signal_connect (row, "changed", G_CALLBACK (on_entry_changed_cb), self);
      g_signal_connect (row, "entry-activated", G_CALLBACK (on_entry_activated_cb), self);
    }
  setup_field (self, GTK_WIDGET (self->procedure_chooser), self->procedure_error, MC_FORM_FIELD_PROCEDURE);

  notes = gtk_text_view_get_buffer (self->notes_view);
  g_signal_connect (notes, "changed", G_CALLBACK (on_notes_changed_cb), self);
  g_signal_connect (notes, "insert-text", G_CALLBACK (on_notes_insert_cb), self);

  _mc_intake_page_init_papers (self);
  _mc_intake_page_init_id_card (self);
  _mc_intake_page_set_form (self, mc_intake_form_new (), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "form");
  _mc_intake_page_update_actions (self);
}

/* ---- public API ------------------------------------------------------- */

void
_mc_intake_page_emit_close (McIntakePage *self)
{
  g_signal_emit (self, signals[CLOSE], 0);
}

void
_mc_intake_page_emit_saved (McIntakePage *self,
                            McDossier    *dossier)
{
  g_signal_emit (self, signals[SAVED], 0, dossier);
}


void
_mc_intake_page_set_form (McIntakePage *self,
                         McIntakeForm *form,
                         gboolean      restored)
{
  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);
  g_clear_object (&self->form);
  self->form = form;
  g_signal_connect (form, "changed", G_CALLBACK (on_form_changed_cb), self);

  self->show_all = FALSE;
  self->draft_saved = restored;
  g_hash_table_remove_all (self->attach_messages);
  load_widgets (self);

  /* What a draft brings back is as if typed: its mistakes show. */
  memset (self->edited, 0, sizeof self->edited);
  for (guint i = 0; i < MC_FORM_N_FIELDS; i++)
    self->touched[i] = restored && i != MC_FORM_FIELD_ID_KIND && i != MC_FORM_FIELD_PAPERS &&
                       i != MC_FORM_FIELD_SETS && i != MC_FORM_FIELD_RECEIVED_EARLIER &&
                       *mc_intake_form_get_text (form, (McFormField) i) != '\0';
  adw_window_title_set_subtitle (self->window_title, restored ? _("Restored draft") : NULL);
  refresh (self);
}

GtkWidget *
mc_intake_page_new (void)
{
  return g_object_new (MC_TYPE_INTAKE_PAGE, NULL);
}

void
mc_intake_page_set_context (McIntakePage *self,
                            McContext    *context)
{
  g_return_if_fail (MC_IS_INTAKE_PAGE (self));
  g_return_if_fail (context == NULL || MC_IS_CONTEXT (context));

  if (!g_set_object (&self->context, context))
    return;
  mc_procedure_chooser_set_catalog (self->procedure_chooser,
                                    context != NULL ? mc_context_get_catalog (context) : NULL);
  mc_sync_indicator_set_context (MC_SYNC_INDICATOR (self->sync_indicator), context);
  load_widgets (self);
  refresh (self);
}

void
mc_intake_page_start (McIntakePage  *self,
                      const McDraft *draft)
{
  McIntakeForm *form = NULL;

  g_return_if_fail (MC_IS_INTAKE_PAGE (self));

  if (self->busy)
    return;

  if (draft != NULL)
    {
      g_autoptr(GError) error = NULL;

      form = mc_intake_form_new_from_json (draft->data, &error);
      if (form == NULL)
        {
          /* Keep the unreadable draft (a newer version may read it) and
           * start a fresh form under a key of its own. */
          g_warning ("Draft %s cannot be read, starting afresh: %s", draft->uuid, error->message);
          form = mc_intake_form_new ();
        }
      else
        /* The draft is replaced (and at last deleted) under the key it was stored with. */
        mc_intake_form_set_uuid (form, draft->uuid);
    }
  else if (!_mc_intake_page_showing_form (self) || mc_intake_form_is_empty (self->form))
    form = mc_intake_form_new ();
  /* else: a dossier is being typed; keep it (Ctrl+N pressed on the form). */

  if (form != NULL)
    {
      if (draft == NULL || g_strcmp0 (draft->uuid, mc_intake_form_get_uuid (self->form)) != 0)
        _mc_intake_page_flush_autosave (self);
      else
        g_clear_handle_id (&self->autosave_id, g_source_remove);
      _mc_intake_page_set_form (self, form, draft != NULL);
    }

  gtk_stack_set_visible_child_name (self->stack, "form");
  _mc_intake_page_update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->procedure_chooser));
}

void
mc_intake_page_flush_draft (McIntakePage *self)
{
  g_return_if_fail (MC_IS_INTAKE_PAGE (self));
  _mc_intake_page_flush_autosave (self);
}
