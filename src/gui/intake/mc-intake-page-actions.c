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

/* On the result page: what the citizen still owes, and Form 02 to print. */
static void
show_missing (McIntakePage *self)
{
  g_autofree char *names = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->supplement_button,
                          self->save_missing == MC_INTAKE_MISSING_SUPPLEMENT && self->followup_error == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->result_missing_label), self->save_missing != MC_INTAKE_MISSING_NONE);
  if (self->save_missing == MC_INTAKE_MISSING_NONE || self->missing_papers == NULL)
    return;
  /* TRANSLATORS: between the names of missing papers */
  names = g_strjoinv (_("; "), self->missing_papers);
  if (self->save_missing == MC_INTAKE_MISSING_SUPPLEMENT)
    /* TRANSLATORS: on the saved page; "%s" lists the papers */
    text = g_strdup_printf (_("Supplement requested (Form 02) for: %s"), names);
  else
    /* TRANSLATORS: on the saved page; "%s" lists the papers */
    text = g_strdup_printf (_("Taken in incomplete, without: %s"), names);
  gtk_label_set_text (self->result_missing_label, text);
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
  show_missing (self);
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

static void
show_followup_error (McIntakePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   self->save_missing == MC_INTAKE_MISSING_SUPPLEMENT
                                     ? _("The Supplement Request Was Not Recorded")
                                     : _("The Missing Papers Were Not Noted"),
                                   NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n\n%s", self->followup_error->message,
                                  _("The dossier itself was saved with its code. Record the request "
                                    "from the dossier’s details."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_OK"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* After the receipt, on the same worker: the history note or the request. */
static void
followup_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(McIntakePage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->save_missing == MC_INTAKE_MISSING_SUPPLEMENT)
    ok = mc_context_record_action_finish (MC_CONTEXT (source), result, &error);
  else
    ok = mc_context_run_finish (MC_CONTEXT (source), result, &error) != NULL;
  /* When the receipt failed, this failed with it: one message is enough. */
  if (!ok && self->save_error == NULL && self->followup_error == NULL)
    self->followup_error = g_steal_pointer (&error);
  _mc_intake_page_save_step_done (self);
}

typedef struct
{
  char  *uuid;
  GStrv  missing;
} NoteData;

static void
note_data_free (NoteData *d)
{
  g_free (d->uuid);
  g_strfreev (d->missing);
  g_free (d);
}

static gpointer
note_incomplete_func (McContext     *context,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  NoteData *d = data;

  if (!mc_store_note_incomplete (mc_context_get_store (context), d->uuid, (const char * const *) d->missing,
                                 NULL, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

/* Queues the note or the supplement request behind the receipt of @dossier. */
static guint
queue_followup (McIntakePage *self,
                McDossier    *dossier)
{
  const char *uuid = mc_dossier_get_uuid (dossier);

  if (self->save_missing == MC_INTAKE_MISSING_SUPPLEMENT)
    {
      g_autofree char *names = g_strjoinv (_("; "), self->missing_papers);
      /* TRANSLATORS: the reason printed on the supplement request (Form 02); "%s" lists the papers */
      g_autofree char *reason = g_strdup_printf (_("Missing: %s"), names);

      mc_context_record_action_async (self->context, uuid, MC_DESK_ACTION_SUPPLEMENT, reason, NULL,
                                      self->cancellable, followup_cb, g_object_ref (self));
      return 1;
    }
  if (self->save_missing == MC_INTAKE_MISSING_INCOMPLETE)
    {
      NoteData *d = g_new0 (NoteData, 1);

      d->uuid = g_strdup (uuid);
      d->missing = g_strdupv (self->missing_papers);
      mc_context_run_async (self->context, note_incomplete_func, d, (GDestroyNotify) note_data_free, NULL,
                            self->cancellable, followup_cb, g_object_ref (self));
      return 1;
    }
  return 0;
}

/* The names of the required papers not ticked (NULL when none). */
static GStrv
list_missing_papers (McIntakePage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GStrv names;

  for (guint i = 0; i < mc_intake_form_get_n_papers (self->form); i++)
    {
      const McFormPaper *paper = mc_intake_form_get_paper (self->form, i);

      if (paper->required && !paper->checked)
        g_strv_builder_add (builder, paper->name);
    }
  names = g_strv_builder_end (builder);
  if (names[0] == NULL)
    g_clear_pointer (&names, g_strfreev);
  return names;
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
  if (self->followup_error != NULL)
    show_followup_error (self);
  /* The store deleted the draft in the same transaction. */
  self->draft_saved = FALSE;
  _mc_intake_page_set_form (self, mc_intake_form_new (), FALSE);
  show_result (self, dossier);
  _mc_intake_page_emit_saved (self, dossier);
  if (not_attached != NULL)
    show_not_attached (self, not_attached->str);
}

static void start_save (McIntakePage *self, McDossier *dossier);

static void
on_missing_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        McIntakePage     *self)
{
  g_autoptr(McDossier) dossier = NULL;

  if (g_strcmp0 (response, "incomplete") == 0)
    self->save_missing = MC_INTAKE_MISSING_INCOMPLETE;
  else if (g_strcmp0 (response, "supplement") == 0)
    self->save_missing = MC_INTAKE_MISSING_SUPPLEMENT;
  else
    {
      /* Back to the list, on the first paper still to tick. */
      for (guint i = 0; i < self->paper_rows->len; i += 2)
        {
          GtkWidget *row = g_ptr_array_index (self->paper_rows, i);
          const McFormPaper *paper = mc_intake_form_get_paper (self->form, i / 2);

          if (paper != NULL && paper->required && !paper->checked)
            {
              gtk_widget_grab_focus (row);
              break;
            }
        }
      return;
    }
  if (!_mc_intake_page_showing_form (self) || self->busy || self->context == NULL)
    return;
  dossier = mc_intake_form_to_dossier (self->form, NULL);
  if (dossier != NULL)
    start_save (self, dossier);
}

/* Saving with required papers not ticked asks first: the receipt would
 * list fewer papers than the procedure needs. */
static void
ask_missing (McIntakePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *names = NULL;
  GString *list = g_string_new (NULL);
  GtkWidget *dialog;

  for (guint i = 0; self->missing_papers[i] != NULL; i++)
    g_string_append_printf (list, "• %s\n", self->missing_papers[i]);
  names = g_string_free (list, FALSE);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   g_dngettext (GETTEXT_PACKAGE, "A Required Paper Is Missing",
                                                "Required Papers Are Missing",
                                                g_strv_length (self->missing_papers)),
                                   NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n%s\n%s",
                                  _("These papers are not ticked:"), names,
                                  _("Take the dossier in as it is (noted in its history as incomplete), "
                                    "or record a supplement request (Form 02) for the citizen now."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "back", _("_Go Back"),
                                    "incomplete", _("Take In _Incomplete"),
                                    "supplement", _("_Request Supplement"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "supplement",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "back");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "back");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_missing_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
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
  g_clear_pointer (&self->missing_papers, g_strfreev);
  self->missing_papers = list_missing_papers (self);
  self->save_missing = MC_INTAKE_MISSING_NONE;
  if (self->missing_papers != NULL)
    {
      ask_missing (self);
      return;
    }
  start_save (self, dossier);
}

static void
start_save (McIntakePage *self,
            McDossier    *dossier)
{
  g_clear_error (&self->followup_error);

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
  self->save_pending = 1 + queue_followup (self, dossier);
  self->save_pending += _mc_intake_page_queue_attachments (self, dossier);
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

static void
print_supplement_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  McIntakePage *self = MC_INTAKE_PAGE (widget);
  const char *code = gtk_label_get_text (self->result_code_label);

  if (_mc_intake_page_showing_form (self) || self->context == NULL || *code == '\0')
    return;
  mc_print_form (widget, self->context, MC_FORM_SUPPLEMENT, code, FALSE);
}

static void
tick_required_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  _mc_intake_page_tick_required (MC_INTAKE_PAGE (widget));
}

void
_mc_intake_page_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "intake.print-supplement", NULL, print_supplement_action);
  gtk_widget_class_install_action (widget_class, "intake.tick-required", NULL, tick_required_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "intake.tick-required", NULL);
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
