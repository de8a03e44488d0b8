/* mc-dossier-details.c — one dossier: receipt, applicant, papers, attachments, history */
#define G_LOG_DOMAIN "motcua-dossiers"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-dossier-details-private.h"
#include "mc-dossier-actions.h"
#include "mc-dossier-return.h"
#include "mc-dossier-attach.h"
#include "mc-dossier-row.h"
#include "mc-fees.h"
#include "mc-print.h"

G_DEFINE_FINAL_TYPE (McDossierDetails, mc_dossier_details, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DOSSIER,
  PROP_SHOW_BACK_BUTTON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Showing a dossier */

static void
set_value (GtkLabel   *label,
           const char *value)
{
  /* TRANSLATORS: shown for a field the applicant left empty */
  gtk_label_set_label (label, value != NULL && *value != '\0' ? value : _("—"));
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  /* gtk_list_box_remove_all() is GTK 4.12. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  /* Long paper names and reasons must stay readable, not ellipsized. */
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static void
show_papers (McDossierDetails *self)
{
  GPtrArray *papers = mc_dossier_get_papers (self->dossier);

  clear_list (self->papers_list);
  for (guint i = 0; i < papers->len; i++)
    {
      McPaper *paper = g_ptr_array_index (papers, i);
      g_autofree char *copies = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u copy", "%u copies", paper->copies),
                                                 paper->copies);
      /* TRANSLATORS: a received paper: its form, then the number of copies, e.g. "Original · 1 copy" */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), mc_paper_form_get_label (paper->form), copies);

      gtk_list_box_append (self->papers_list, new_row (paper->name, subtitle));
    }
  if (papers->len == 0)
    gtk_list_box_append (self->papers_list, new_row (_("No papers"), NULL));
}

static void
show_attachments (McDossierDetails *self)
{
  GPtrArray *attachments = mc_dossier_get_attachments (self->dossier);

  clear_list (self->attachments_list);
  for (guint i = 0; i < attachments->len; i++)
    {
      McAttachment *a = g_ptr_array_index (attachments, i);
      g_autofree char *size = g_format_size (a->size);
      g_autofree char *subtitle = a->paper != NULL ? g_strdup_printf (_("%s · for “%s”"), size, a->paper)
                                                   : g_strdup (size);
      GtkWidget *row = new_row (a->name, subtitle);

      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("mail-attachment-symbolic"));
      /* Activating it shows the file (mc-dossier-attach.c). */
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "mc-attachment", mc_attachment_copy (a), (GDestroyNotify) mc_attachment_free);
      gtk_list_box_append (self->attachments_list, row);
    }
  if (attachments->len == 0)
    gtk_list_box_append (self->attachments_list, new_row (_("No attachments"), NULL));
}

/* Who acted, as a clerk reads it: the upload agent and the province's
 * changes ("sync") are the province's server; anyone else is the login
 * the desk was used under (a clerk's own name comes with issue 15). */
static char *
describe_actor (const McEvent *event)
{
  if (event->actor == NULL || *event->actor == '\0')
    return g_strdup ("");
  if (g_strcmp0 (event->actor, "sync") == 0)
    return g_strdup (g_strcmp0 (event->kind, "server") == 0 ? _("the province")
                                                             : _("upload to the province"));
  /* TRANSLATORS: in the history, who acted: the computer login of the clerk, e.g. "clerk lan" */
  return g_strdup_printf (_("clerk %s"), event->actor);
}

static void
show_history (McDossierDetails *self,
              GPtrArray        *events)
{
  clear_list (self->history_list);
  /* Newest first, like the list. */
  for (guint i = events->len; i > 0; i--)
    {
      McEvent *event = g_ptr_array_index (events, i - 1);
      g_autoptr(GDateTime) at = event->at != NULL ? g_date_time_new_from_iso8601 (event->at, NULL) : NULL;
      g_autofree char *when = mc_dossier_row_format_time (at);
      g_autofree char *what = mc_dossier_row_describe_event (event);
      g_autofree char *who = describe_actor (event);
      /* TRANSLATORS: when and by whom, e.g. "23/11/2026 09:15 · lan" */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), when != NULL ? when : event->at, who);

      gtk_list_box_append (self->history_list, new_row (what, subtitle));
    }
}

/* Printing */

static void
set_print_enabled (McDossierDetails *self,
                   gboolean          enabled)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "details.print-receipt", enabled);
  gtk_widget_action_set_enabled (widget, "details.export-receipt", enabled);
  gtk_widget_action_set_enabled (widget, "details.print-form", enabled);
  gtk_widget_action_set_enabled (widget, "details.export-form", enabled);
  if (!enabled)
    {
      g_cancellable_cancel (self->forms_cancellable);
      g_menu_remove_all (self->forms_section);
    }
}

static GMenuItem *
new_form_item (const char *label,
               const char *action,
               McFormKind  kind)
{
  GMenuItem *item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_int32 (kind));
  return item;
}

static void
list_forms_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(McDossierDetails) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) forms = mc_print_list_forms_finish (result, &error);

  if (forms == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot list the forms of the dossier: %s", error->message);
      return;
    }
  g_menu_remove_all (self->forms_section);
  for (guint i = 0; i < forms->len; i++)
    {
      const McFormInfo *info = g_ptr_array_index (forms, i);
      g_autoptr(GMenu) submenu = g_menu_new ();
      g_autoptr(GMenuItem) print = new_form_item (_("_Print…"), "details.print-form", info->kind);
      g_autoptr(GMenuItem) export = new_form_item (_("_Save as PDF…"), "details.export-form", info->kind);
      /* TRANSLATORS: a form of the circular: its number, then its title as printed, e.g. "Form 05: Phiếu kiểm soát…" */
      g_autofree char *label = g_strdup_printf (_("Form %s: %s"), info->number, info->title);

      g_menu_append_item (submenu, print);
      g_menu_append_item (submenu, export);
      g_menu_append_submenu (self->forms_section, label, G_MENU_MODEL (submenu));
    }
}

/* The forms that apply change with the dossier's state: asked again at each showing. */
static void
update_forms_menu (McDossierDetails *self)
{
  g_cancellable_cancel (self->forms_cancellable);
  g_clear_object (&self->forms_cancellable);
  if (self->context == NULL || self->dossier == NULL)
    return;
  self->forms_cancellable = g_cancellable_new ();
  mc_print_list_forms_async (self->context, mc_dossier_get_uuid (self->dossier), self->forms_cancellable,
                             list_forms_cb, g_object_ref (self));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  McDossierDetails *self = MC_DOSSIER_DETAILS (widget);
  gboolean export_pdf = g_str_has_prefix (action_name, "details.export-");
  McFormKind kind = param != NULL ? (McFormKind) g_variant_get_int32 (param) : MC_FORM_RECEIPT;

  if (self->dossier == NULL || self->context == NULL)
    return;
  mc_print_form (widget, self->context, kind, mc_dossier_get_uuid (self->dossier), export_pdf);
}

/* What was collected at intake: the total (or "Miễn"), each fee below. */
static void
show_fees (McDossierDetails *self,
           McDossier        *dossier)
{
  GPtrArray *fees = mc_dossier_get_fees (dossier);
  g_autofree char *total = mc_fees_format_total (fees);
  g_autofree char *list = mc_fees_format_list (fees);

  gtk_widget_set_visible (GTK_WIDGET (self->fees_row), total != NULL);
  set_value (self->fees_label, total);
  adw_action_row_set_subtitle (self->fees_row, list != NULL ? list : "");
}

static void
show_dossier (McDossierDetails *self,
              McDossier        *dossier,
              GPtrArray        *events)
{
  McDossierState state = mc_dossier_get_state (dossier);
  g_autofree char *received = mc_dossier_row_format_time (mc_dossier_get_received_at (dossier));
  g_autofree char *due = mc_dossier_row_format_date (mc_dossier_get_due_date (dossier));
  g_autofree char *dob = mc_dossier_row_format_date (mc_dossier_get_date_of_birth (dossier));
  g_autofree char *sets = g_strdup_printf ("%u", mc_dossier_get_sets (dossier));
  g_autoptr(McDossierRow) row = mc_dossier_row_new_placeholder ();
  gboolean same = self->dossier != NULL &&
                  g_strcmp0 (mc_dossier_get_uuid (self->dossier), mc_dossier_get_uuid (dossier)) == 0;
  g_auto(GStrv) state_classes = NULL;

  g_set_object (&self->dossier, dossier);
  mc_dossier_row_set_dossier (row, dossier, NULL);

  adw_window_title_set_title (self->title_widget, mc_dossier_get_code (dossier));
  adw_window_title_set_subtitle (self->title_widget, mc_dossier_get_applicant_name (dossier));
  gtk_label_set_label (self->details_code_label, mc_dossier_get_code (dossier));
  gtk_label_set_label (self->state_label, mc_dossier_row_state_label (state));
  g_object_get (row, "state-css-classes", &state_classes, NULL);
  gtk_widget_set_css_classes (GTK_WIDGET (self->state_label), (const char **) state_classes);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_label), mc_dossier_state_get_label (state));
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_label), mc_dossier_row_get_overdue (row));
  set_value (self->procedure_label, mc_dossier_get_procedure_name (dossier));
  set_value (self->received_label, received);
  set_value (self->due_label, due);
  set_value (self->sets_label, sets);
  show_fees (self, dossier);
  set_value (self->backdate_label, mc_dossier_get_backdate_reason (dossier));
  gtk_widget_set_visible (GTK_WIDGET (self->backdate_row), mc_dossier_get_backdate_reason (dossier) != NULL);

  set_value (self->details_applicant_label, mc_dossier_get_applicant_name (dossier));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->id_row), mc_id_kind_get_label (mc_dossier_get_id_kind (dossier)));
  set_value (self->id_label, mc_dossier_get_id_number (dossier));
  set_value (self->dob_label, dob);
  set_value (self->phone_label, mc_dossier_get_phone (dossier));
  set_value (self->address_label, mc_dossier_get_address (dossier));
  set_value (self->email_label, mc_dossier_get_email (dossier));
  set_value (self->notes_label, mc_dossier_get_notes (dossier));

  show_papers (self);
  show_attachments (self);
  show_history (self, events);
  _mc_dossier_details_show_sync (self);

  gtk_stack_set_visible_child_name (self->stack, "dossier");
  if (!same)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.correct", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.correct-field", TRUE);
  set_print_enabled (self, TRUE);
  update_forms_menu (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOSSIER]);
}

static void
show_placeholder (McDossierDetails *self)
{
  g_clear_object (&self->dossier);
  g_clear_pointer (&self->requested, g_free);
  adw_window_title_set_title (self->title_widget, "");
  adw_window_title_set_subtitle (self->title_widget, "");
  gtk_stack_set_visible_child_name (self->stack, "empty");
  _mc_dossier_details_show_sync (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.correct", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.correct-field", FALSE);
  set_print_enabled (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOSSIER]);
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(McDossierDetails) self = user_data;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) dossier = mc_context_load_finish (MC_CONTEXT (source), result, &events, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  if (dossier == NULL)
    {
      g_clear_object (&self->dossier);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.correct", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.correct-field", FALSE);
      set_print_enabled (self, FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOSSIER]);
      return;
    }
  show_dossier (self, dossier, events);
}

static void
start_load (McDossierDetails *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->loading = FALSE;
  if (self->context == NULL || self->requested == NULL)
    return;
  self->load_cancellable = g_cancellable_new ();
  self->loading = TRUE;
  mc_context_load_async (self->context, self->requested, self->load_cancellable, load_cb, g_object_ref (self));
}

static void
on_dossiers_changed_cb (McDossierDetails *self)
{
  /* A correction or a new state. */
  mc_dossier_details_reload (self);
}

/* GObject */

static void
mc_dossier_details_dispose (GObject *object)
{
  McDossierDetails *self = MC_DOSSIER_DETAILS (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->update_cancellable);
  g_cancellable_cancel (self->forms_cancellable);
  _mc_dossier_details_sync_dispose (self);
  mc_dossier_actions_dispose (self);
  mc_dossier_return_dispose (self);
  /* A toplevel: the toplevel list holds it until destroyed. */
  if (self->correct_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->correct_dialog));
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_DOSSIER_DETAILS);
  G_OBJECT_CLASS (mc_dossier_details_parent_class)->dispose (object);
}

static void
mc_dossier_details_finalize (GObject *object)
{
  McDossierDetails *self = MC_DOSSIER_DETAILS (object);

  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->update_cancellable);
  g_clear_object (&self->forms_cancellable);
  g_clear_object (&self->forms_section);
  g_clear_object (&self->corrected_from);
  g_clear_object (&self->context);
  g_clear_object (&self->dossier);
  g_free (self->requested);
  G_OBJECT_CLASS (mc_dossier_details_parent_class)->finalize (object);
}

static void
mc_dossier_details_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  McDossierDetails *self = MC_DOSSIER_DETAILS (object);

  switch (prop_id)
    {
    case PROP_DOSSIER:
      g_value_set_object (value, self->dossier);
      break;
    case PROP_SHOW_BACK_BUTTON:
      g_value_set_boolean (value, self->show_back_button);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_dossier_details_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  McDossierDetails *self = MC_DOSSIER_DETAILS (object);

  switch (prop_id)
    {
    case PROP_SHOW_BACK_BUTTON:
      if (self->show_back_button != g_value_get_boolean (value))
        {
          self->show_back_button = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_dossier_details_class_init (McDossierDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_dossier_details_dispose;
  object_class->finalize = mc_dossier_details_finalize;
  object_class->get_property = mc_dossier_details_get_property;
  object_class->set_property = mc_dossier_details_set_property;

  properties[PROP_DOSSIER] = g_param_spec_object ("dossier", NULL, NULL, MC_TYPE_DOSSIER,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Set when the list and the details no longer fit side by side. */
  properties[PROP_SHOW_BACK_BUTTON] = g_param_spec_boolean ("show-back-button", NULL, NULL, FALSE,
                                                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                            G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-dossier-details.ui");
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, stack);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, title_widget);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, error_page);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, details_code_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, state_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, overdue_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, procedure_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, received_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, due_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, sets_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, fees_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, fees_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, backdate_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, backdate_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, details_applicant_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, id_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, id_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, dob_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, phone_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, address_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, email_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, notes_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, papers_list);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, attachments_list);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, attach_button);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, province_message_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, history_list);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, print_button);
  _mc_dossier_details_class_correct_init (widget_class);
  _mc_dossier_details_class_sync_init (widget_class);
  gtk_widget_class_install_action (widget_class, "details.print-receipt", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "details.export-receipt", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "details.print-form", "i", print_action);
  gtk_widget_class_install_action (widget_class, "details.export-form", "i", print_action);
  mc_dossier_actions_class_init (widget_class);
  mc_dossier_return_class_init (widget_class);
  mc_dossier_attach_class_init (widget_class);
}

/* Ctrl+P works wherever the focus is (the list, most often) while the
 * details are on screen: a managed shortcut runs only when they are mapped. */
static void
setup_print (McDossierDetails *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) receipt = g_menu_new ();
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  g_menu_append (receipt, _("Save Receipt as _PDF…"), "details.export-receipt");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (receipt));
  self->forms_section = g_menu_new ();
  g_menu_append_section (menu, _("Other Forms"), G_MENU_MODEL (self->forms_section));
  adw_split_button_set_menu_model (self->print_button, G_MENU_MODEL (menu));

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_p, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("details.print-receipt")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

static void
mc_dossier_details_init (McDossierDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.correct", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.correct-field", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.send-again", FALSE);
  setup_print (self);
  set_print_enabled (self, FALSE);
  mc_dossier_actions_init (self);
  mc_dossier_return_init (self);
  mc_dossier_attach_init (self, GTK_MENU_BUTTON (self->attach_button));
  g_signal_connect_swapped (self->attachments_list, "row-activated", G_CALLBACK (mc_dossier_attach_row_activated), self);
  _mc_dossier_details_correct_init (self);
}

/* Public API */

GtkWidget *
mc_dossier_details_new (void)
{
  return g_object_new (MC_TYPE_DOSSIER_DETAILS, NULL);
}

void
mc_dossier_details_set_context (McDossierDetails *self,
                                McContext        *context)
{
  g_return_if_fail (MC_IS_DOSSIER_DETAILS (self));
  g_return_if_fail (context == NULL || MC_IS_CONTEXT (context));

  if (self->context == context)
    return;
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (self->context, on_dossiers_changed_cb, self);
  g_set_object (&self->context, context);
  if (context != NULL)
    g_signal_connect_object (context, "dossiers-changed", G_CALLBACK (on_dossiers_changed_cb), self,
                             G_CONNECT_SWAPPED);
  show_placeholder (self);
}

void
mc_dossier_details_load (McDossierDetails *self,
                         const char       *uuid_or_code)
{
  g_return_if_fail (MC_IS_DOSSIER_DETAILS (self));

  if (uuid_or_code == NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      self->loading = FALSE;
      show_placeholder (self);
      return;
    }
  if (self->loading && g_strcmp0 (self->requested, uuid_or_code) == 0)
    return;   /* already being read */

  g_free (self->requested);
  self->requested = g_strdup (uuid_or_code);
  start_load (self);
}

void
mc_dossier_details_reload (McDossierDetails *self)
{
  g_return_if_fail (MC_IS_DOSSIER_DETAILS (self));

  /* Restarted even if a read is under way: it may predate the change. */
  if (self->dossier != NULL)
    {
      g_free (self->requested);
      self->requested = g_strdup (mc_dossier_get_uuid (self->dossier));
      start_load (self);
    }
}

McContext *
mc_dossier_details_get_context (McDossierDetails *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_DETAILS (self), NULL);
  return self->context;
}

McDossier *
mc_dossier_details_get_dossier (McDossierDetails *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_DETAILS (self), NULL);
  return self->dossier;
}

gboolean
mc_dossier_details_is_showing (McDossierDetails *self,
                               const char       *uuid_or_code)
{
  g_return_val_if_fail (MC_IS_DOSSIER_DETAILS (self), FALSE);

  if (uuid_or_code == NULL)
    return FALSE;
  if (g_strcmp0 (self->requested, uuid_or_code) == 0)
    return TRUE;
  return self->dossier != NULL &&
         (g_strcmp0 (mc_dossier_get_uuid (self->dossier), uuid_or_code) == 0 ||
          g_strcmp0 (mc_dossier_get_code (self->dossier), uuid_or_code) == 0);
}
