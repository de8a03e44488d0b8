/* mc-dossier-return.c — handing the result over (trả kết quả) from the
 * details pane: who received it, recorded with the time and the clerk */
#define G_LOG_DOMAIN "motcua-dossiers"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-core-env.h"
#include "mc-details-dialog.h"
#include "mc-dossier-actions.h"
#include "mc-dossier-return.h"

#define DIALOG_KEY "mc-return-dialog"   /* on the details: the dialog open, if any */

typedef struct
{
  McDetailsDialog   base;
  AdwEntryRow      *receiver_row;
  AdwEntryRow      *note_row;
} ReturnDialog;

char *
mc_dossier_return_default_receiver (McDossier *dossier)
{
  return mc_text_normalize (dossier != NULL ? mc_dossier_get_applicant_name (dossier) : NULL);
}

/* The store's rule. */
static gboolean
can_return (McDossier *dossier)
{
  return dossier != NULL && mc_desk_action_check (MC_DESK_ACTION_RETURN, dossier, NULL);
}

/* The receiver is checked as a person's name as it is typed. */
static void
on_form_changed_cb (ReturnDialog *rd)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = mc_details_dialog_row_text (rd->receiver_row);
  gboolean ok = name != NULL && mc_validate_full_name (name, &error);

  if (rd->receiver_row == NULL)
    return;   /* still being made */
  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (rd->receiver_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (rd->receiver_row), "error");
  mc_details_dialog_show_error (&rd->base, error != NULL ? error->message : NULL);
  adw_message_dialog_set_response_enabled (rd->base.dialog, "return", ok && mc_details_dialog_can_save (&rd->base));
}

static void
record_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AdwMessageDialog) dialog = user_data;
  ReturnDialog *rd = mc_details_dialog_get (dialog);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (mc_context_record_return_finish (MC_CONTEXT (source), result, &error))
    {
      g_autofree char *name = mc_details_dialog_row_text (rd->receiver_row);

      /* The details and the list reload by themselves on "dossiers-changed". */
      text = g_strdup_printf (_("Result handed over to %s"), name);
      mc_details_dialog_toast (rd->base.details, adw_toast_new (text));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    text = g_strdup_printf (_("The hand-over could not be saved: %s"), error->message);
  mc_details_dialog_end_save (&rd->base, error, text);
}

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                ReturnDialog     *rd)
{
  g_autofree char *name = NULL;
  g_autofree char *note = NULL;
  GCancellable *cancellable;

  if (rd->base.saving)
    return;
  if (g_strcmp0 (response, "return") != 0)
    {
      mc_details_dialog_dismiss (&rd->base);
      return;
    }
  name = mc_details_dialog_row_text (rd->receiver_row);
  note = mc_details_dialog_row_text (rd->note_row);
  g_return_if_fail (name != NULL);

  cancellable = mc_details_dialog_begin_save (&rd->base);
  mc_context_record_return_async (rd->base.context, rd->base.uuid, name, note, cancellable, record_cb,
                                  g_object_ref (dialog));
}

static ReturnDialog *
new_dialog (McDossierDetails *self,
            McDossier        *dossier)
{
  g_autofree char *receiver = mc_dossier_return_default_receiver (dossier);
  g_autofree char *body = g_strdup_printf (_("The province has finished dossier %s. Record that its result is "
                                             "handed over now, and to whom: the ledger shows it in "
                                             "“Trả kết quả” and the province is told."),
                                           mc_dossier_get_code (dossier));
  /* Nothing it shows of the dossier changes while the result awaits. */
  ReturnDialog *rd = mc_details_dialog_new (sizeof (ReturnDialog), MC_DESK_ACTION_RETURN,
                                            G_CALLBACK (on_form_changed_cb), NULL, NULL, self, dossier, DIALOG_KEY,
                                            _("Hand Over the Result"), body);

  adw_message_dialog_add_response (rd->base.dialog, "return", _("_Hand Over"));
  adw_message_dialog_set_response_appearance (rd->base.dialog, "return", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (rd->base.dialog, "return");
  g_signal_connect (rd->base.dialog, "response", G_CALLBACK (on_response_cb), rd);

  rd->receiver_row = mc_details_dialog_add_row (&rd->base, _("_Received by (full name)"), receiver);
  rd->note_row = mc_details_dialog_add_row (&rd->base, _("_Note (optional, e.g. received on behalf of)"), NULL);
  return rd;
}

static void
return_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  McDossierDetails *self = MC_DOSSIER_DETAILS (widget);
  McDossier *dossier = mc_dossier_details_get_dossier (self);
  ReturnDialog *rd;

  (void) action_name;
  (void) param;
  if (mc_details_dialog_raise (self, DIALOG_KEY))
    return;
  if (!can_return (dossier) || mc_dossier_details_get_context (self) == NULL)
    return;
  rd = new_dialog (self, dossier);
  mc_details_dialog_open (&rd->base, GTK_WIDGET (rd->receiver_row));
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
  mc_details_dialog_destroy_open (self, DIALOG_KEY);
}
