/* mc-dossier-return.c — handing the result over (trả kết quả) from the
 * details pane: who received it, recorded with the time and the clerk */
#define G_LOG_DOMAIN "motcua-dossiers"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-core-env.h"
#include "mc-dossier-actions.h"
#include "mc-dossier-return.h"

#define DIALOG_KEY "mc-return-dialog"   /* on the details: the dialog open, if any */
#define STATE_KEY  "mc-return"          /* on the dialog: its ReturnDialog */

typedef struct
{
  McDossierDetails *details;        /* weak */
  McContext        *context;
  char             *uuid;

  AdwMessageDialog *dialog;         /* unowned: owns this */
  AdwEntryRow      *receiver_row;
  AdwEntryRow      *note_row;
  GtkLabel         *error_label;
  GCancellable     *cancellable;
  gboolean          saving;
} ReturnDialog;

char *
mc_dossier_return_default_receiver (McDossier *dossier)
{
  return mc_text_normalize (dossier != NULL ? mc_dossier_get_applicant_name (dossier) : NULL);
}

static gboolean
can_return (McDossier *dossier)
{
  return dossier != NULL && mc_dossier_get_state (dossier) == MC_DOSSIER_STATE_DONE;
}

static void
forget_dialog (ReturnDialog *rd)
{
  if (rd->details != NULL && g_object_get_data (G_OBJECT (rd->details), DIALOG_KEY) == rd->dialog)
    g_object_set_data (G_OBJECT (rd->details), DIALOG_KEY, NULL);
}

static void
return_dialog_free (ReturnDialog *rd)
{
  g_cancellable_cancel (rd->cancellable);
  forget_dialog (rd);
  g_clear_weak_pointer (&rd->details);
  g_clear_object (&rd->context);
  g_clear_object (&rd->cancellable);
  g_free (rd->uuid);
  g_free (rd);
}

static char *
row_text (AdwEntryRow *row)
{
  char *text = mc_text_normalize (gtk_editable_get_text (GTK_EDITABLE (row)));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static void
show_error (ReturnDialog *rd,
            const char   *message)
{
  gtk_label_set_label (rd->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (rd->error_label), message != NULL);
}

/* The receiver is checked as a person's name as it is typed. */
static void
on_form_changed_cb (ReturnDialog *rd)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = row_text (rd->receiver_row);
  gboolean ok = name != NULL && mc_validate_full_name (name, &error);

  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (rd->receiver_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (rd->receiver_row), "error");
  show_error (rd, error != NULL ? error->message : NULL);
  adw_message_dialog_set_response_enabled (rd->dialog, "return", ok && !rd->saving);
}

static void
toast (ReturnDialog *rd,
       const char   *received_by)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (rd->details), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *text = NULL;

  if (overlay == NULL)
    return;
  text = g_strdup_printf (_("Result handed over to %s"), received_by);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static void
record_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AdwMessageDialog) dialog = user_data;
  ReturnDialog *rd = g_object_get_data (G_OBJECT (dialog), STATE_KEY);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (mc_context_record_return_finish (MC_CONTEXT (source), result, &error))
    {
      g_autofree char *name = row_text (rd->receiver_row);

      /* The details and the list reload by themselves on "dossiers-changed". */
      if (rd->details != NULL)
        toast (rd, name);
      forget_dialog (rd);
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  rd->saving = FALSE;
  on_form_changed_cb (rd);
  text = g_strdup_printf (_("The hand-over could not be saved: %s"), error->message);
  show_error (rd, text);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
destroy_later_cb (gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                ReturnDialog     *rd)
{
  g_autofree char *name = NULL;
  g_autofree char *note = NULL;

  if (rd->saving)
    return;
  if (g_strcmp0 (response, "return") != 0)
    {
      forget_dialog (rd);
      g_idle_add_full (G_PRIORITY_DEFAULT, destroy_later_cb, g_object_ref (dialog), g_object_unref);
      return;
    }
  name = row_text (rd->receiver_row);
  note = row_text (rd->note_row);
  g_return_if_fail (name != NULL);

  rd->saving = TRUE;
  on_form_changed_cb (rd);
  g_clear_object (&rd->cancellable);
  rd->cancellable = g_cancellable_new ();
  mc_context_record_return_async (rd->context, rd->uuid, name, note, rd->cancellable, record_cb,
                                  g_object_ref (dialog));
}

static AdwEntryRow *
new_entry_row (ReturnDialog *rd,
               const char   *title,
               const char   *text,
               GtkListBox   *list)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_form_changed_cb), rd);
  gtk_list_box_append (list, row);
  return ADW_ENTRY_ROW (row);
}

static AdwMessageDialog *
new_dialog (McDossierDetails *self,
            McDossier        *dossier)
{
  ReturnDialog *rd = g_new0 (ReturnDialog, 1);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = NULL;
  g_autofree char *receiver = mc_dossier_return_default_receiver (dossier);
  GtkWidget *box, *list, *dialog;

  g_set_weak_pointer (&rd->details, self);
  rd->context = g_object_ref (mc_dossier_details_get_context (self));
  rd->uuid = g_strdup (mc_dossier_get_uuid (dossier));

  body = g_strdup_printf (_("The province has finished dossier %s. Record that its result is handed over now, "
                            "and to whom: the ledger shows it in “Trả kết quả” and the province is told."),
                          mc_dossier_get_code (dossier));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Hand Over the Result"),
                                   body);
  rd->dialog = ADW_MESSAGE_DIALOG (dialog);
  g_object_set_data_full (G_OBJECT (dialog), STATE_KEY, rd, (GDestroyNotify) return_dialog_free);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_hide_on_close (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);

  adw_message_dialog_add_responses (rd->dialog, "cancel", _("_Cancel"), "return", _("_Hand Over"), NULL);
  adw_message_dialog_set_response_appearance (rd->dialog, "return", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (rd->dialog, "return");
  adw_message_dialog_set_close_response (rd->dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), rd);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_size_request (box, 420, -1);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_box_append (GTK_BOX (box), list);
  rd->receiver_row = new_entry_row (rd, _("_Received by (full name)"), receiver, GTK_LIST_BOX (list));
  rd->note_row = new_entry_row (rd, _("_Note (optional, e.g. received on behalf of)"), NULL, GTK_LIST_BOX (list));
  rd->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (rd->error_label, TRUE);
  gtk_label_set_xalign (rd->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (rd->error_label), "field-error");
  gtk_widget_set_visible (GTK_WIDGET (rd->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (rd->error_label));
  adw_message_dialog_set_extra_child (rd->dialog, box);

  on_form_changed_cb (rd);
  return rd->dialog;
}

static void
return_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  McDossierDetails *self = MC_DOSSIER_DETAILS (widget);
  McDossier *dossier = mc_dossier_details_get_dossier (self);
  AdwMessageDialog *dialog = g_object_get_data (G_OBJECT (self), DIALOG_KEY);
  ReturnDialog *rd;

  (void) action_name;
  (void) param;
  if (dialog != NULL)
    {
      rd = g_object_get_data (G_OBJECT (dialog), STATE_KEY);
      if (!rd->saving)
        gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  if (!can_return (dossier) || mc_dossier_details_get_context (self) == NULL)
    return;
  dialog = new_dialog (self, dossier);
  g_object_set_data (G_OBJECT (self), DIALOG_KEY, dialog);
  rd = g_object_get_data (G_OBJECT (dialog), STATE_KEY);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (rd->receiver_row));
}

/* "Result handed over: 07/12/2026 10:40", the receiver below. */
static void
show_returned (McDossierDetails *self,
               McDossier        *dossier)
{
  GObject *row = gtk_widget_get_template_child (GTK_WIDGET (self), MC_TYPE_DOSSIER_DETAILS, "returned_row");
  GObject *label = gtk_widget_get_template_child (GTK_WIDGET (self), MC_TYPE_DOSSIER_DETAILS, "returned_label");
  const char *at = dossier != NULL ? mc_dossier_get_returned_at (dossier) : NULL;
  const char *to = dossier != NULL ? mc_dossier_get_returned_to (dossier) : NULL;
  g_autoptr(GDateTime) when = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) local = when != NULL ? g_date_time_to_timezone (when, tz) : NULL;
  g_autofree char *text = local != NULL ? g_date_time_format (local, "%d/%m/%Y %H:%M") : NULL;

  if (row == NULL || label == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (row), text != NULL);
  gtk_label_set_label (GTK_LABEL (label), text != NULL ? text : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), to != NULL ? to : "");
}

static void
on_dossier_notify_cb (McDossierDetails *self)
{
  McDossier *dossier = mc_dossier_details_get_dossier (self);
  gboolean enabled = can_return (dossier);
  GObject *button = gtk_widget_get_template_child (GTK_WIDGET (self), MC_TYPE_DOSSIER_DETAILS, "return_button");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.return", enabled);
  /* Shown only where it applies: the header bar is narrow. */
  if (button != NULL)
    gtk_widget_set_visible (GTK_WIDGET (button), enabled);
  show_returned (self, dossier);
}

void
mc_dossier_return_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "details.return", NULL, return_action);
  gtk_widget_class_bind_template_child_full (widget_class, "return_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "returned_row", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "returned_label", FALSE, 0);
}

void
mc_dossier_return_init (McDossierDetails *self)
{
  g_signal_connect (self, "notify::dossier", G_CALLBACK (on_dossier_notify_cb), NULL);
  on_dossier_notify_cb (self);
}

void
mc_dossier_return_dispose (McDossierDetails *self)
{
  GtkWindow *dialog = g_object_get_data (G_OBJECT (self), DIALOG_KEY);

  if (dialog != NULL)
    {
      g_object_set_data (G_OBJECT (self), DIALOG_KEY, NULL);
      gtk_window_destroy (dialog);
    }
}
