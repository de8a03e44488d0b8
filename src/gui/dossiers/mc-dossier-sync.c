/* mc-dossier-sync.c — a dossier's upload in its details
 *
 * The "Upload" group (state, attempts, next attempt, the server's
 * reference and state), the server's state beside the local one, and
 * when the server refused the dossier: its message, the field it names
 * (Correct… opens the dialog on that field) and "Send Again", which
 * queues the dossier as it now is (mc_store_requeue) and wakes the agent.
 */
#define G_LOG_DOMAIN "motcua-dossiers"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-dossier-details-private.h"
#include "mc-dossier-row.h"
#include "mc-sync-text.h"

static void
toast (McDossierDetails *self,
       const char       *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
set_pill (GtkLabel   *label,
          const char *text,
          const char *extra_class,
          const char *color)
{
  const char *classes[4] = { "state-pill", extra_class, NULL, NULL };

  if (extra_class == NULL)
    classes[1] = color;
  else
    classes[2] = color;
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
  if (text == NULL)
    return;
  gtk_label_set_label (label, text);
  gtk_widget_set_css_classes (GTK_WIDGET (label), classes);
}

static void
outbox_item_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(McDossierDetails) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McOutboxItem) item = mc_context_outbox_item_finish (MC_CONTEXT (source), result, &error);
  g_autofree char *attempts = NULL;
  g_autofree char *next = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("Cannot read the outbox: %s", error->message);
  if (item == NULL || self->dossier == NULL || g_strcmp0 (item->uuid, mc_dossier_get_uuid (self->dossier)) != 0)
    return;

  attempts = g_strdup_printf ("%u", item->attempts);
  gtk_label_set_label (self->attempts_label, attempts);
  gtk_widget_set_visible (GTK_WIDGET (self->attempts_row), item->attempts > 0);
  next = item->state == MC_OUTBOX_RETRY_WAIT ? mc_sync_format_unix_time (item->next_attempt_at) : NULL;
  gtk_label_set_label (self->next_attempt_label, next != NULL ? next : "");
  gtk_widget_set_visible (GTK_WIDGET (self->next_attempt_row), next != NULL);
}

static const char *
upload_state_text (McDossier *dossier)
{
  McOutboxState sync;

  if (mc_dossier_get_sync_state (dossier, &sync))
    return mc_outbox_state_get_label (sync);
  if (mc_dossier_get_server_state_code (dossier) > 0 || mc_dossier_get_server_ref (dossier) != NULL)
    return _("Uploaded");
  if (mc_dossier_get_state (dossier) == MC_DOSSIER_STATE_UPLOADED)
    return _("Uploaded");
  return _("Not queued for upload");
}

static void
show_attention (McDossierDetails *self,
                McDossier        *dossier,
                gboolean          attention)
{
  const char *message = mc_dossier_get_sync_error (dossier);
  const char *field = mc_dossier_get_sync_error_field (dossier);
  const char *field_label = mc_sync_field_get_label (field);

  gtk_widget_set_visible (self->attention_box, attention);
  if (!attention)
    return;
  gtk_label_set_label (self->attention_message,
                       message != NULL && *message != '\0' ? message
                       : _("The server gave no reason. Contact the province’s help desk."));
  if (field_label != NULL)
    {
      /* TRANSLATORS: the form field the server's message is about, e.g. "Field to correct: ID number" */
      g_autofree char *text = g_strdup_printf (_("Field to correct: %s"), field_label);
      gtk_label_set_label (self->attention_field, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->attention_field), field_label != NULL);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->attention_correct_button), "s",
                                    field != NULL ? field : "");
}

void
_mc_dossier_details_show_sync (McDossierDetails *self)
{
  McDossier *dossier = self->dossier;
  const char *sync_label, *sync_class;
  const char *server_label, *ref, *server_message;
  McOutboxState sync;
  gboolean has_sync;
  int code;

  g_cancellable_cancel (self->outbox_cancellable);
  g_clear_object (&self->outbox_cancellable);
  if (dossier == NULL)
    {
      gtk_widget_set_visible (self->attention_box, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->province_message_label), FALSE);
      return;
    }

  has_sync = mc_dossier_get_sync_state (dossier, &sync);
  mc_dossier_row_sync_badge (dossier, &sync_label, &sync_class);
  set_pill (self->sync_badge, sync_label, "sync-badge", sync_class);
  server_label = mc_dossier_row_server_label (dossier);
  set_pill (self->server_badge, server_label, "server-state", NULL);
  show_attention (self, dossier, has_sync && sync == MC_OUTBOX_NEEDS_ATTENTION);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.send-again",
                                 has_sync && sync == MC_OUTBOX_NEEDS_ATTENTION);

  gtk_label_set_label (self->upload_state_label, upload_state_text (dossier));
  gtk_widget_set_visible (GTK_WIDGET (self->attempts_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->next_attempt_row), FALSE);

  ref = mc_dossier_get_server_ref (dossier);
  gtk_label_set_label (self->server_ref_label, ref != NULL ? ref : "");
  gtk_widget_set_visible (GTK_WIDGET (self->server_ref_row), ref != NULL && *ref != '\0');

  code = mc_dossier_get_server_state_code (dossier);
  server_message = mc_dossier_get_server_message (dossier);
  gtk_widget_set_visible (GTK_WIDGET (self->server_state_row), mc_sync_server_state_label (code) != NULL);
  if (mc_sync_server_state_label (code) != NULL)
    {
      gtk_label_set_label (self->server_state_label, mc_sync_server_state_label (code));
      adw_action_row_set_subtitle (self->server_state_row, server_message != NULL ? server_message : "");
    }
  if (server_message != NULL && *server_message != '\0')
    {
      /* TRANSLATORS: the province's latest message on the dossier, at the top of its details */
      g_autofree char *text = g_strdup_printf (_("Province: “%s”"), server_message);

      gtk_label_set_label (self->province_message_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->province_message_label),
                          server_message != NULL && *server_message != '\0');

  /* Attempts and the next try are the outbox's: read them apart. */
  if (has_sync && self->context != NULL)
    {
      self->outbox_cancellable = g_cancellable_new ();
      mc_context_outbox_item_async (self->context, mc_dossier_get_uuid (dossier), self->outbox_cancellable,
                                    outbox_item_cb, g_object_ref (self));
    }
}

static void
requeue_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(McDossierDetails) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mc_context_requeue_finish (MC_CONTEXT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      toast (self, error->message);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.send-again", TRUE);
      return;
    }
  /* The details reload on "dossiers-changed", which the context emits. */
  toast (self, _("Queued for upload again"));
}

static void
send_again_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  McDossierDetails *self = MC_DOSSIER_DETAILS (widget);

  if (self->dossier == NULL || self->context == NULL)
    return;
  /* Once: the reload after the write enables it again if still needed. */
  gtk_widget_action_set_enabled (widget, "details.send-again", FALSE);
  g_cancellable_cancel (self->requeue_cancellable);
  g_clear_object (&self->requeue_cancellable);
  self->requeue_cancellable = g_cancellable_new ();
  mc_context_requeue_async (self->context, mc_dossier_get_uuid (self->dossier), self->requeue_cancellable,
                            requeue_cb, g_object_ref (self));
}

void
_mc_dossier_details_sync_dispose (McDossierDetails *self)
{
  g_cancellable_cancel (self->outbox_cancellable);
  g_clear_object (&self->outbox_cancellable);
  /* A requeue under way finishes in the store; only its toast is dropped. */
  g_cancellable_cancel (self->requeue_cancellable);
  g_clear_object (&self->requeue_cancellable);
}

void
_mc_dossier_details_class_sync_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, server_badge);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, sync_badge);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, attention_box);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, attention_message);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, attention_field);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, attention_correct_button);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, upload_state_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, attempts_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, attempts_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, next_attempt_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, next_attempt_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, server_ref_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, server_ref_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, server_state_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, server_state_label);

  gtk_widget_class_install_action (widget_class, "details.send-again", NULL, send_again_action);
}
