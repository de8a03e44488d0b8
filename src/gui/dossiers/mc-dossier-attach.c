/* mc-dossier-attach.c — attaching scans and files to a saved dossier */
#define G_LOG_DOMAIN "motcua-dossiers"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-attachment-preview.h"
#include "mc-dossier-actions.h"
#include "mc-dossier-attach.h"
#include "mc-incoming.h"
#include "mc-scan-dialog.h"

#define MENU_KEY "mc-attach-menu"

static gboolean
can_attach (McDossier *dossier)
{
  McDossierState state;

  if (dossier == NULL)
    return FALSE;
  state = mc_dossier_get_state (dossier);
  return state != MC_DOSSIER_STATE_DONE && state != MC_DOSSIER_STATE_RETURNED &&
         state != MC_DOSSIER_STATE_REJECTED;
}

static GtkWindow *
get_window (McDossierDetails *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_attach_error (McDossierDetails *self,
                   const char       *name,
                   const GError     *error)
{
  GtkWidget *dialog = adw_message_dialog_new (get_window (self), _("The File Was Not Attached"), NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "“%s”: %s", name, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_OK"));
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  McDossierDetails *details;   /* weak */
  McContext        *context;
  char             *path;
  char             *name;
} Job;

static void
job_free (Job *job)
{
  g_clear_weak_pointer (&job->details);
  g_clear_object (&job->context);
  g_free (job->path);
  g_free (job->name);
  g_free (job);
}

static void
attached_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;
  McAttachment *a = mc_context_attach_finish (MC_CONTEXT (source), result, &error);

  if (a == NULL)
    {
      /* A scan left in incoming/ would be nobody's. */
      mc_incoming_discard (job->context, job->path);
      if (job->details != NULL)
        show_attach_error (job->details, job->name, error);
    }
  g_clear_pointer (&a, mc_attachment_free);
  job_free (job);
}

static void
attach (McDossierDetails *self,
        const char       *uuid,
        const char       *path,
        const char       *name,
        const char       *paper)
{
  McContext *context = mc_dossier_details_get_context (self);
  Job *job = g_new0 (Job, 1);

  g_set_weak_pointer (&job->details, self);
  job->context = g_object_ref (context);
  job->path = g_strdup (path);
  job->name = g_strdup (name);
  mc_context_attach_async (context, uuid, path, paper != NULL && *paper != '\0' ? paper : NULL, NULL,
                           attached_cb, job);
}

static void
on_scanned_cb (McScanDialog     *dialog,
               const char       *path,
               const char       *name,
               McDossierDetails *self)
{
  attach (self, g_object_get_data (G_OBJECT (dialog), "mc-uuid"), path, name,
          g_object_get_data (G_OBJECT (dialog), "mc-paper"));
}

static void
scan_paper_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  McDossierDetails *self = MC_DOSSIER_DETAILS (widget);
  McDossier *dossier = mc_dossier_details_get_dossier (self);
  const char *paper = g_variant_get_string (parameter, NULL);
  McScanDialog *dialog;

  if (!can_attach (dossier) || mc_dossier_details_get_context (self) == NULL)
    return;
  dialog = mc_scan_dialog_new (get_window (self), mc_dossier_details_get_context (self),
                               *paper != '\0' ? paper : mc_dossier_get_code (dossier));
  g_object_set_data_full (G_OBJECT (dialog), "mc-uuid", g_strdup (mc_dossier_get_uuid (dossier)), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "mc-paper", g_strdup (paper), g_free);
  g_signal_connect_object (dialog, "attach", G_CALLBACK (on_scanned_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_chooser_response_cb (GtkNativeDialog  *chooser,
                        int               response,
                        McDossierDetails *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);
          g_autofree char *name = g_file_get_basename (file);

          if (path != NULL)
            attach (self, g_object_get_data (G_OBJECT (chooser), "mc-uuid"), path, name,
                    g_object_get_data (G_OBJECT (chooser), "mc-paper"));
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
attach_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  McDossierDetails *self = MC_DOSSIER_DETAILS (widget);
  McDossier *dossier = mc_dossier_details_get_dossier (self);
  const char *paper = g_variant_get_string (parameter, NULL);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (!can_attach (dossier) || mc_dossier_details_get_context (self) == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Attach a File"), get_window (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Attach"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents and JPEG or PNG images"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_filter_add_suffix (filter, "jpg");
  gtk_file_filter_add_suffix (filter, "jpeg");
  gtk_file_filter_add_suffix (filter, "png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_set_data_full (G_OBJECT (chooser), "mc-uuid", g_strdup (mc_dossier_get_uuid (dossier)), g_free);
  g_object_set_data_full (G_OBJECT (chooser), "mc-paper", g_strdup (paper), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static GMenu *
papers_menu (McDossier  *dossier,
             const char *action)
{
  GMenu *menu = g_menu_new ();
  GPtrArray *papers = mc_dossier_get_papers (dossier);

  for (guint i = 0; i < papers->len; i++)
    {
      const char *name = ((McPaper *) g_ptr_array_index (papers, i))->name;
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);

      g_menu_item_set_action_and_target_value (item, action, g_variant_new_string (name));
      g_menu_append_item (menu, item);
    }
  {
    g_autoptr(GMenuItem) item = g_menu_item_new (_("Another Paper"), NULL);

    g_menu_item_set_action_and_target_value (item, action, g_variant_new_string (""));
    g_menu_append_item (menu, item);
  }
  return menu;
}

static void
on_dossier_changed_cb (McDossierDetails *self)
{
  McDossier *dossier = mc_dossier_details_get_dossier (self);
  GMenu *menu = g_object_get_data (G_OBJECT (self), MENU_KEY);
  gboolean enabled = can_attach (dossier);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.scan-paper", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.attach-file", enabled);
  /* A menu button has no action to turn off: with nothing to attach to
   * (no dossier, or a finished one) the button itself is off. */
  {
    GObject *button = gtk_widget_get_template_child (GTK_WIDGET (self), MC_TYPE_DOSSIER_DETAILS, "attach_button");

    if (button != NULL)
      gtk_widget_set_sensitive (GTK_WIDGET (button), enabled);
  }
  g_menu_remove_all (menu);
  if (dossier == NULL)
    return;
  {
    g_autoptr(GMenu) scan = papers_menu (dossier, "details.scan-paper");
    g_autoptr(GMenu) file = papers_menu (dossier, "details.attach-file");

    g_menu_append_submenu (menu, _("_Scan"), G_MENU_MODEL (scan));
    g_menu_append_submenu (menu, _("Attach _File"), G_MENU_MODEL (file));
  }
}

void
mc_dossier_attach_row_activated (McDossierDetails *self,
                                 GtkListBoxRow    *row)
{
  McContext *context = mc_dossier_details_get_context (self);
  McAttachment *a = g_object_get_data (G_OBJECT (row), "mc-attachment");
  g_autofree char *path = NULL;

  if (a == NULL || context == NULL)
    return;
  path = mc_blobs_get_path (mc_store_get_blobs (mc_context_get_store (context)), a->sha256);
  gtk_window_present (GTK_WINDOW (mc_attachment_preview_new (get_window (self), path, a->name, a->mime_type)));
}

void
mc_dossier_attach_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "details.scan-paper", "s", scan_paper_action);
  gtk_widget_class_install_action (widget_class, "details.attach-file", "s", attach_file_action);
}

void
mc_dossier_attach_init (McDossierDetails *self,
                        GtkMenuButton    *button)
{
  GMenu *menu = g_menu_new ();

  g_object_set_data_full (G_OBJECT (self), MENU_KEY, menu, g_object_unref);
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
  g_signal_connect_swapped (self, "notify::dossier", G_CALLBACK (on_dossier_changed_cb), self);
  on_dossier_changed_cb (self);
}
