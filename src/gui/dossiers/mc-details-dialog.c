/* mc-details-dialog.c — the frame of the details pane's decision dialogs */
#define G_LOG_DOMAIN "motcua-dossiers"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-details-dialog.h"
#include "mc-dossier-actions.h"

#define STATE_KEY "mc-details-dialog"   /* on the dialog: its state */

/* The pane may open another dialog once this one is going. */
static void
forget (McDetailsDialog *dd)
{
  if (dd->details != NULL && g_object_get_data (G_OBJECT (dd->details), dd->pane_key) == dd->dialog)
    g_object_set_data (G_OBJECT (dd->details), dd->pane_key, NULL);
}

/* Still the pane's dialog: not dismissed, saved, nor destroyed with the pane. */
static gboolean
is_current (McDetailsDialog *dd)
{
  return dd->details != NULL && g_object_get_data (G_OBJECT (dd->details), dd->pane_key) == dd->dialog;
}

static void
details_dialog_free (McDetailsDialog *dd)
{
  g_cancellable_cancel (dd->cancellable);
  forget (dd);
  if (dd->clear != NULL)
    dd->clear (dd);
  g_clear_weak_pointer (&dd->details);
  g_clear_object (&dd->context);
  g_clear_object (&dd->cancellable);
  g_free (dd->uuid);
  g_free (dd->failure);
  g_free (dd->closed);
  g_free (dd->invalid);
  g_free (dd);
}

static void
show_error_line (McDetailsDialog *dd)
{
  const char *message = dd->failure != NULL ? dd->failure : dd->closed != NULL ? dd->closed : dd->invalid;

  gtk_label_set_label (dd->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (dd->error_label), message != NULL);
}

/* @dossier as it is now in the store: what the dialog shows of it, whether
 * the decision can still be taken, and what was typed, checked again. */
static void
refresh (McDetailsDialog *dd,
         McDossier       *dossier)
{
  g_autoptr(GError) error = NULL;

  if (dd->refresh != NULL)
    dd->refresh (dd, dossier);
  g_clear_pointer (&dd->closed, g_free);
  if (!mc_desk_action_check (dd->action, dossier, &error))
    dd->closed = g_strdup (error->message);
  dd->changed (dd);
}

/* The pane read the dossier again (a change it was told of, or asked). */
static void
on_pane_dossier_cb (AdwMessageDialog *dialog,
                    GParamSpec       *pspec,
                    McDossierDetails *details)
{
  McDetailsDialog *dd = mc_details_dialog_get (dialog);
  McDossier *dossier = mc_dossier_details_get_dossier (details);

  (void) pspec;
  /* A save under way ends in its own re-read, or the dialog goes. */
  if (dd == NULL || dd->saving || dossier == NULL || g_strcmp0 (mc_dossier_get_uuid (dossier), dd->uuid) != 0)
    return;
  refresh (dd, dossier);
}

gboolean
mc_details_dialog_raise (McDossierDetails *details,
                         const char       *pane_key)
{
  GtkWindow *dialog = g_object_get_data (G_OBJECT (details), pane_key);
  McDetailsDialog *dd;

  if (dialog == NULL)
    return FALSE;
  /* A save under way finishes first. */
  dd = g_object_get_data (G_OBJECT (dialog), STATE_KEY);
  if (!dd->saving)
    gtk_window_present (dialog);
  return TRUE;
}

gpointer
mc_details_dialog_new (gsize             size,
                       McDeskAction      action,
                       GCallback         changed,
                       GCallback         refresh,
                       GDestroyNotify    clear,
                       McDossierDetails *details,
                       McDossier        *dossier,
                       const char       *pane_key,
                       const char       *heading,
                       const char       *body)
{
  McDetailsDialog *dd;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (details));
  GtkWidget *box, *list, *dialog;

  g_return_val_if_fail (size >= sizeof (McDetailsDialog), NULL);

  dd = g_malloc0 (size);
  g_set_weak_pointer (&dd->details, details);
  dd->context = g_object_ref (mc_dossier_details_get_context (details));
  dd->uuid = g_strdup (mc_dossier_get_uuid (dossier));
  dd->pane_key = pane_key;
  dd->action = action;
  dd->changed = (void (*) (gpointer)) changed;
  dd->refresh = (void (*) (gpointer, McDossier *)) refresh;
  dd->clear = clear;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  dd->dialog = ADW_MESSAGE_DIALOG (dialog);
  g_object_set_data_full (G_OBJECT (dialog), STATE_KEY, dd, (GDestroyNotify) details_dialog_free);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_hide_on_close (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  adw_message_dialog_add_response (dd->dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (dd->dialog, "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_size_request (box, 420, -1);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_box_append (GTK_BOX (box), list);
  dd->list = GTK_LIST_BOX (list);
  dd->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (dd->error_label, TRUE);
  gtk_label_set_xalign (dd->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (dd->error_label), "field-error");
  gtk_widget_set_visible (GTK_WIDGET (dd->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (dd->error_label));
  adw_message_dialog_set_extra_child (dd->dialog, box);
  g_signal_connect_object (details, "notify::dossier", G_CALLBACK (on_pane_dossier_cb), dialog,
                           G_CONNECT_SWAPPED);
  return dd;
}

gpointer
mc_details_dialog_get (AdwMessageDialog *dialog)
{
  return g_object_get_data (G_OBJECT (dialog), STATE_KEY);
}

static void
on_row_changed_cb (McDetailsDialog *dd)
{
  /* The clerk types again: what is typed is what matters now. */
  g_clear_pointer (&dd->failure, g_free);
  dd->changed (dd);
}

AdwEntryRow *
mc_details_dialog_add_row (McDetailsDialog *dd,
                           const char      *title,
                           const char      *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_row_changed_cb), dd);
  gtk_list_box_append (dd->list, row);
  return ADW_ENTRY_ROW (row);
}

char *
mc_details_dialog_row_text (AdwEntryRow *row)
{
  char *text;

  if (row == NULL)
    return NULL;
  text = mc_text_normalize (gtk_editable_get_text (GTK_EDITABLE (row)));
  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

void
mc_details_dialog_show_error (McDetailsDialog *dd,
                              const char      *message)
{
  g_free (dd->invalid);
  dd->invalid = g_strdup (message);
  show_error_line (dd);
}

gboolean
mc_details_dialog_can_save (McDetailsDialog *dd)
{
  return !dd->saving && dd->closed == NULL;
}

void
mc_details_dialog_open (McDetailsDialog *dd,
                        GtkWidget       *focus)
{
  dd->changed (dd);
  g_object_set_data (G_OBJECT (dd->details), dd->pane_key, dd->dialog);
  gtk_window_present (GTK_WINDOW (dd->dialog));
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
}

GCancellable *
mc_details_dialog_begin_save (McDetailsDialog *dd)
{
  dd->saving = TRUE;
  dd->changed (dd);
  g_clear_object (&dd->cancellable);
  dd->cancellable = g_cancellable_new ();
  return dd->cancellable;
}

/* The dialog only hid: back with what was typed, checked against the
 * dossier as read again (when it could be), and why the save failed. */
static void
reread_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AdwMessageDialog) dialog = user_data;
  McDetailsDialog *dd = mc_details_dialog_get (dialog);
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) dossier = mc_context_load_finish (MC_CONTEXT (source), result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !is_current (dd))
    return;
  if (dossier == NULL)
    g_debug ("Dossier %s not read again after a failed save: %s", dd->uuid, error->message);
  dd->saving = FALSE;
  if (dossier != NULL)
    refresh (dd, dossier);
  else
    dd->changed (dd);
  gtk_window_present (GTK_WINDOW (dd->dialog));
}

gboolean
mc_details_dialog_end_save (McDetailsDialog *dd,
                            const GError    *error,
                            const char      *message)
{
  if (error == NULL)
    {
      forget (dd);
      gtk_window_destroy (GTK_WINDOW (dd->dialog));
      return TRUE;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !is_current (dd))
    return FALSE;
  /* The store may have refused because the dossier changed elsewhere,
   * where no "dossiers-changed" reaches: the dialog and the pane read it
   * again, as the pane does, on the worker. */
  g_free (dd->failure);
  dd->failure = g_strdup (message != NULL ? message : error->message);
  mc_dossier_details_reload (dd->details);
  mc_context_load_async (dd->context, dd->uuid, dd->cancellable, reread_cb, g_object_ref (dd->dialog));
  return FALSE;
}

static gboolean
destroy_later_cb (gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

void
mc_details_dialog_dismiss (McDetailsDialog *dd)
{
  forget (dd);
  /* After the dialog is done closing. */
  g_idle_add_full (G_PRIORITY_DEFAULT, destroy_later_cb, g_object_ref (dd->dialog), g_object_unref);
}

void
mc_details_dialog_toast (McDossierDetails *details,
                         AdwToast         *toast)
{
  GtkWidget *overlay = details != NULL
                     ? gtk_widget_get_ancestor (GTK_WIDGET (details), ADW_TYPE_TOAST_OVERLAY)
                     : NULL;

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (toast);
}

void
mc_details_dialog_destroy_open (McDossierDetails *details,
                                const char       *pane_key)
{
  GtkWindow *dialog = g_object_get_data (G_OBJECT (details), pane_key);

  /* A toplevel: the toplevel list holds it until destroyed. */
  if (dialog != NULL)
    {
      g_object_set_data (G_OBJECT (details), pane_key, NULL);
      gtk_window_destroy (dialog);
    }
}
