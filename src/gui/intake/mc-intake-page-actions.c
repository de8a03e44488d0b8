/* mc-intake-page-actions.c — the intake page's actions: saving, drafts, leaving
 *
 * Actions (prefix "intake."): save (Ctrl+S; with the form incomplete the
 * shortcut shows every message instead), cancel (Escape), new (Ctrl+N,
 * from the result), close ("Done"), copy-code, print-receipt (Ctrl+P, from
 * the result) and export-receipt.
 */
#define G_LOG_DOMAIN "motcua-intake"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-intake-page-private.h"
#include "mc-print.h"

#define AUTOSAVE_DELAY_MS 1000

/* ---- drafts ----------------------------------------------------------- */

static void
draft_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(McIntakePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (mc_context_save_draft_finish (MC_CONTEXT (source), result, &error))
    {
      /* Written after the page went away (the last flush): nothing to show. */
      if (self->form == NULL)
        return;
      if (_mc_intake_page_showing_form (self) && !mc_intake_form_is_empty (self->form))
        adw_window_title_set_subtitle (self->window_title, _("Draft saved"));
      return;
    }
  g_warning ("Could not autosave the draft: %s", error->message);
  if (self->form != NULL)
    adw_window_title_set_subtitle (self->window_title, _("The draft could not be saved"));
}

/* Writes the draft now (on the context's worker), or drops it if the
 * form was emptied. */
static void
autosave_now (McIntakePage *self)
{
  g_autofree char *json = NULL;
  const char *uuid;

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (self->context == NULL || self->form == NULL || self->busy)
    return;

  uuid = mc_intake_form_get_uuid (self->form);
  if (mc_intake_form_is_empty (self->form))
    {
      if (self->draft_saved)
        mc_context_delete_draft_async (self->context, uuid, NULL, NULL, NULL);
      self->draft_saved = FALSE;
      return;
    }
  json = mc_intake_form_to_json (self->form);
  mc_context_save_draft_async (self->context, uuid, json, NULL, draft_saved_cb, g_object_ref (self));
  self->draft_saved = TRUE;
}

static gboolean
autosave_timeout_cb (gpointer user_data)
{
  McIntakePage *self = user_data;

  self->autosave_id = 0;
  autosave_now (self);
  return G_SOURCE_REMOVE;
}

void
_mc_intake_page_schedule_autosave (McIntakePage *self)
{
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add (AUTOSAVE_DELAY_MS, autosave_timeout_cb, self);
}

void
_mc_intake_page_flush_autosave (McIntakePage *self)
{
  if (self->autosave_id != 0)
    autosave_now (self);
}

/* ---- saving ----------------------------------------------------------- */

static void
set_busy (McIntakePage *self,
          gboolean      busy)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* The focus leaves the form before it turns insensitive (else the
   * entry never hears it lost the focus), and comes back if it stays. */
  if (busy && root != NULL)
    {
      g_set_weak_pointer (&self->focus_before_busy, gtk_root_get_focus (root));
      gtk_root_set_focus (root, NULL);
    }
  self->busy = busy;
  _mc_intake_page_update_actions (self);
}

static void
restore_focus (McIntakePage *self)
{
  if (self->focus_before_busy != NULL && _mc_intake_page_showing_form (self))
    gtk_widget_grab_focus (self->focus_before_busy);
  g_clear_weak_pointer (&self->focus_before_busy);
}

/* "applicant.full_name: Full name: …" → "Full name: …": the clerk needs no JSON path. */
static const char *
strip_path (const GError *error)
{
  const char *colon = strchr (error->message, ':');

  if (g_error_matches (error, MC_INTAKE_ERROR, MC_INTAKE_ERROR_INVALID) && colon != NULL &&
      memchr (error->message, ' ', (gsize) (colon - error->message)) == NULL && colon[1] == ' ')
    return colon + 2;
  return error->message;
}

static void
show_save_error (McIntakePage *self,
                 const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("The Dossier Was Not Saved"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n\n%s", strip_path (error),
                                  _("Everything you typed is still in the form."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_OK"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
format_due_date (const char *due)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) day = NULL;
  GDate date;

  if (due == NULL || !mc_validate_date (NULL, due, &date, NULL))
    return g_strdup (due != NULL ? due : "");
  day = g_date_time_new (tz, g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), 12, 0, 0);
  /* Translators: the appointment day read out to the citizen; strftime format,
   * the weekday name comes from the locale ("Thứ Hai, 24/11/2025"). */
  return g_date_time_format (day, _("%A, %d/%m/%Y"));
}

static void
show_result (McIntakePage *self,
             McDossier    *dossier)
{
  g_autofree char *due = format_due_date (mc_dossier_get_due_date (dossier));

  gtk_label_set_text (self->result_code_label, mc_dossier_get_code (dossier));
  gtk_label_set_text (self->result_due_label, due);
  gtk_label_set_text (self->result_applicant_label, mc_dossier_get_applicant_name (dossier));
  gtk_label_set_text (self->result_procedure_label, mc_dossier_get_procedure_name (dossier));
  adw_window_title_set_subtitle (self->window_title, NULL);
  gtk_stack_set_visible_child_name (self->stack, "result");
  _mc_intake_page_update_actions (self);
  gtk_widget_grab_focus (self->new_button);
}

static void
show_not_attached (McIntakePage *self,
                   const char   *list)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Some Files Were Not Attached"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n\n%s\n%s",
                                  _("The dossier was saved with its code, but these files are not in it:"),
                                  list, _("Scan or attach them again from the dossier’s details."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_OK"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
receive_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(McIntakePage) self = user_data;

  if (!mc_context_receive_finish (MC_CONTEXT (source), result, &self->save_error) && self->save_error == NULL)
    g_set_error_literal (&self->save_error, G_IO_ERROR, G_IO_ERROR_FAILED, "");
  _mc_intake_page_save_step_done (self);
}

/* Called as the receipt and then each attachment job comes back; the
 * last one shows the result. */
void
_mc_intake_page_save_step_done (McIntakePage *self)
{
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) not_attached = NULL;

  if (self->save_pending > 0 && --self->save_pending > 0)
    return;
  dossier = g_steal_pointer (&self->saving);
  error = g_steal_pointer (&self->save_error);
  not_attached = g_steal_pointer (&self->not_attached);
  if (self->form == NULL)   /* disposed meanwhile */
    return;
  set_busy (self, FALSE);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      restore_focus (self);
      show_save_error (self, error);
      /* Changes made since the last autosave go to the draft now. */
      autosave_now (self);
      return;
    }

  g_clear_weak_pointer (&self->focus_before_busy);
  /* The store deleted the draft in the same transaction. */
  self->draft_saved = FALSE;
  _mc_intake_page_set_form (self, mc_intake_form_new (), FALSE);
  show_result (self, dossier);
  _mc_intake_page_emit_saved (self, dossier);
  if (not_attached != NULL)
    show_not_attached (self, not_attached->str);
}

/* Saves if everything is right; else shows every message and goes to the first. */
void
_mc_intake_page_try_save (McIntakePage *self)
{
  g_autoptr(McDossier) dossier = NULL;

  if (!_mc_intake_page_showing_form (self) || self->busy || self->context == NULL)
    return;
  dossier = mc_intake_form_to_dossier (self->form, NULL);
  if (dossier == NULL)
    {
      _mc_intake_page_reveal_all_errors (self);
      return;
    }

  /* Write what is pending first: should the save never complete (window
   * closed, power cut), the draft holds everything typed. The worker runs
   * jobs in order, so this lands before the receipt deletes the draft, and
   * no draft write follows it. */
  _mc_intake_page_flush_autosave (self);
  self->saving = g_object_ref (dossier);
  set_busy (self, TRUE);
  {
    g_autofree char *uuid = g_uuid_string_random ();

    /* Known before the receipt, so the attachments can be queued behind it. */
    mc_dossier_set_uuid (dossier, uuid);
  }
  mc_context_receive_async (self->context, dossier, NULL, mc_intake_form_get_uuid (self->form),
                            self->cancellable, receive_cb, g_object_ref (self));
  /* The scans and files go in after the receipt, one transaction each
   * (mc_store_add_attachment checks and copies a file into the blob store
   * before its own transaction, and a file that fails must not undo the
   * receipt the citizen is waiting for). The worker runs jobs in order,
   * so they follow it in the same sequence; until attached they stay in
   * incoming/, named by the draft, so a crash in between loses nothing. */
  self->save_pending = 1 + _mc_intake_page_queue_attachments (self, dossier);
}

/* ---- leaving ---------------------------------------------------------- */

static void
discard (McIntakePage *self)
{
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  /* A restored draft is in the store even if nothing was typed since. */
  if (self->context != NULL)
    mc_context_delete_draft_async (self->context, mc_intake_form_get_uuid (self->form), NULL, NULL, NULL);
  self->draft_saved = FALSE;
  _mc_intake_page_set_form (self, mc_intake_form_new (), FALSE);
  _mc_intake_page_emit_close (self);
}

static void
on_discard_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        McIntakePage     *self)
{
  if (g_strcmp0 (response, "discard") == 0)
    discard (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  McIntakePage *self = MC_INTAKE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (!_mc_intake_page_showing_form (self))
    {
      _mc_intake_page_emit_close (self);
      return;
    }
  if (mc_intake_form_is_empty (self->form))
    {
      discard (self);
      return;
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Discard This Dossier?"),
                                   _("What you typed will be lost. A dossier the citizen handed in "
                                     "must be saved, not discarded."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _mc_intake_page_try_save (MC_INTAKE_PAGE (widget));
}

static gboolean
save_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  McIntakePage *self = MC_INTAKE_PAGE (widget);

  if (!_mc_intake_page_showing_form (self) || self->busy)
    return FALSE;
  _mc_intake_page_try_save (self);
  return TRUE;
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  mc_intake_page_start (MC_INTAKE_PAGE (widget), NULL);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  _mc_intake_page_emit_close (MC_INTAKE_PAGE (widget));
}

static void
copy_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  McIntakePage *self = MC_INTAKE_PAGE (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), gtk_label_get_text (self->result_code_label));
}

/* The result shows the code, which the store reads like a UUID. */
static void
print_receipt_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  McIntakePage *self = MC_INTAKE_PAGE (widget);
  const char *code = gtk_label_get_text (self->result_code_label);

  if (_mc_intake_page_showing_form (self) || self->context == NULL || *code == '\0')
    return;
  mc_print_form (widget, self->context, MC_FORM_RECEIPT, code,
                 g_str_equal (action_name, "intake.export-receipt"));
}

void
_mc_intake_page_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "intake.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "intake.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "intake.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "intake.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "intake.copy-code", NULL, copy_code_action);
  gtk_widget_class_install_action (widget_class, "intake.print-receipt", NULL, print_receipt_action);
  gtk_widget_class_install_action (widget_class, "intake.export-receipt", NULL, print_receipt_action);

  /* Ctrl+S also works while Save is insensitive: it then shows what is missing. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, save_shortcut_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, save_shortcut_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, save_shortcut_cb, NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "intake.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "intake.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "intake.print-receipt", NULL);
}
