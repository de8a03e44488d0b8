/* mc-intake-page-attach.c — each paper's scanned or imported copies
 *
 * Every checklist row has "Scan…" and "Attach File…" and takes files
 * dropped on it; under it, a row lists the paper's files (each opens a
 * preview and can be removed) and what went wrong, in the clerk's words.
 * Files are checked and copied into incoming/ on the context's worker
 * (mc-incoming.c); the form keeps (path, paper) pairs in its draft.
 *
 * Actions (prefix "intake."): scan-paper (u: paper index), attach-file
 * (u), preview-attachment (u: attachment index), remove-attachment (u).
 */
#define G_LOG_DOMAIN "motcua-intake"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-attachment-preview.h"
#include "mc-incoming.h"
#include "mc-intake-page-private.h"
#include "mc-scan-dialog.h"

/* What an import needs once it is back from the worker. */
typedef struct
{
  McIntakePage *page;
  char         *form_uuid;
  char         *paper;
  char         *file_name;
} Import;

static void
import_free (Import *im)
{
  g_clear_object (&im->page);
  g_free (im->form_uuid);
  g_free (im->paper);
  g_free (im->file_name);
  g_free (im);
}

static const char *
paper_name (McIntakePage *self,
            guint         index)
{
  if (self->form == NULL || index >= mc_intake_form_get_n_papers (self->form))
    return NULL;
  return mc_intake_form_get_paper (self->form, index)->name;
}

static void
set_message (McIntakePage *self,
             const char   *paper,
             const char   *message)
{
  if (message != NULL)
    g_hash_table_insert (self->attach_messages, g_strdup (paper), g_strdup (message));
  else
    g_hash_table_remove (self->attach_messages, paper);
  _mc_intake_page_update_attachments (self);
}

/* The file is in incoming/ now: it belongs to the form if the form is
 * still the one it was added to. */
static void
add_to_form (McIntakePage *self,
             const char   *form_uuid,
             const char   *path,
             const char   *name,
             const char   *paper)
{
  if (self->form == NULL || g_strcmp0 (form_uuid, mc_intake_form_get_uuid (self->form)) != 0)
    {
      if (self->context != NULL)
        mc_incoming_discard (self->context, path);
      return;
    }
  g_hash_table_remove (self->attach_messages, paper);
  mc_intake_form_add_attachment (self->form, path, name, paper);
}

static void
imported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Import *im = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McIncomingFile) file = mc_incoming_import_finish (MC_CONTEXT (source), result, &error);

  if (file != NULL)
    add_to_form (im->page, im->form_uuid, file->path, file->name, im->paper);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && im->page->form != NULL &&
           g_strcmp0 (im->form_uuid, mc_intake_form_get_uuid (im->page->form)) == 0)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” was not attached. %s"), im->file_name, error->message);
      set_message (im->page, im->paper, message);
    }
  import_free (im);
}

static void
import_file (McIntakePage *self,
             GFile        *file,
             const char   *paper)
{
  Import *im = g_new0 (Import, 1);
  g_autofree char *checking = NULL;

  im->page = g_object_ref (self);
  im->form_uuid = g_strdup (mc_intake_form_get_uuid (self->form));
  im->paper = g_strdup (paper);
  im->file_name = g_file_get_basename (file);
  checking = g_strdup_printf (_("Checking “%s”…"), im->file_name);
  set_message (self, paper, checking);
  mc_incoming_import_async (self->context, file, self->cancellable, imported_cb, im);
}

/* ---- drops and the file chooser ---------------------------------------- */

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            McIntakePage  *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  const char *paper = paper_name (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "mc-paper-index")));
  GSList *files;

  if (paper == NULL || self->context == NULL || self->busy || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    import_file (self, l->data, paper);
  g_slist_free (files);
  return files != NULL;
}

static void
add_drop_target (McIntakePage *self,
                 GtkWidget    *row,
                 guint         index)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_object_set_data (G_OBJECT (row), "mc-paper-index", GUINT_TO_POINTER (index));
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop_cb), self);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drop));
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        McIntakePage    *self)
{
  const char *paper = g_object_get_data (G_OBJECT (chooser), "mc-paper");
  const char *form_uuid = g_object_get_data (G_OBJECT (chooser), "mc-form-uuid");

  if (response == GTK_RESPONSE_ACCEPT && self->form != NULL && self->context != NULL &&
      g_strcmp0 (form_uuid, mc_intake_form_get_uuid (self->form)) == 0)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          import_file (self, file, paper);
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
  McIntakePage *self = MC_INTAKE_PAGE (widget);
  const char *paper = paper_name (self, g_variant_get_uint32 (parameter));
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *title = NULL;
  GtkFileChooserNative *chooser;

  if (paper == NULL || self->context == NULL || self->busy)
    return;
  title = g_strdup_printf (_("Attach a Copy of “%s”"), paper);
  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
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
  g_object_set_data_full (G_OBJECT (chooser), "mc-paper", g_strdup (paper), g_free);
  g_object_set_data_full (G_OBJECT (chooser), "mc-form-uuid", g_strdup (mc_intake_form_get_uuid (self->form)), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- scanning ----------------------------------------------------------- */

static void
on_scanned_cb (McScanDialog *dialog,
               const char   *path,
               const char   *name,
               McIntakePage *self)
{
  add_to_form (self, g_object_get_data (G_OBJECT (dialog), "mc-form-uuid"), path, name,
               g_object_get_data (G_OBJECT (dialog), "mc-paper"));
}

static void
scan_paper_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  McIntakePage *self = MC_INTAKE_PAGE (widget);
  const char *paper = paper_name (self, g_variant_get_uint32 (parameter));
  GtkRoot *root = gtk_widget_get_root (widget);
  McScanDialog *dialog;

  if (paper == NULL || self->context == NULL || self->busy)
    return;
  dialog = mc_scan_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->context, paper);
  g_object_set_data_full (G_OBJECT (dialog), "mc-paper", g_strdup (paper), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "mc-form-uuid", g_strdup (mc_intake_form_get_uuid (self->form)), g_free);
  g_signal_connect_object (dialog, "attach", G_CALLBACK (on_scanned_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the files of a paper ---------------------------------------------- */

static void
preview_attachment_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  McIntakePage *self = MC_INTAKE_PAGE (widget);
  guint index = g_variant_get_uint32 (parameter);
  GtkRoot *root = gtk_widget_get_root (widget);
  const McFormAttachment *a;

  if (self->form == NULL || index >= mc_intake_form_get_n_attachments (self->form))
    return;
  a = mc_intake_form_get_attachment (self->form, index);
  gtk_window_present (GTK_WINDOW (mc_attachment_preview_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                             a->path, a->name, NULL)));
}

static void
remove_attachment_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  McIntakePage *self = MC_INTAKE_PAGE (widget);
  guint index = g_variant_get_uint32 (parameter);
  g_autofree char *path = NULL;

  if (self->form == NULL || self->busy || index >= mc_intake_form_get_n_attachments (self->form))
    return;
  path = g_strdup (mc_intake_form_get_attachment (self->form, index)->path);
  mc_intake_form_remove_attachment (self->form, index);
  if (self->context != NULL)
    mc_incoming_discard (self->context, path);
}

static GtkWidget *
create_file_line (const McFormAttachment *a,
                  guint                   index)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *open = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *open_tip = g_strdup_printf (_("Show “%s”"), a->name);
  g_autofree char *remove_tip = g_strdup_printf (_("Remove “%s”"), a->name);

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "mail-attachment-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), a->name);
  gtk_button_set_child (GTK_BUTTON (open), content);
  gtk_widget_add_css_class (open, "flat");
  gtk_widget_set_hexpand (open, TRUE);
  gtk_widget_set_halign (open, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (open, open_tip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "intake.preview-attachment");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "u", index);

  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, remove_tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_tip, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "intake.remove-attachment");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "u", index);

  gtk_box_append (GTK_BOX (line), open);
  gtk_box_append (GTK_BOX (line), remove);
  return line;
}

static void
fill_attachments_row (McIntakePage *self,
                      GtkWidget    *row,
                      guint         paper_index)
{
  const char *paper = paper_name (self, paper_index);
  const char *message = paper != NULL ? g_hash_table_lookup (self->attach_messages, paper) : NULL;
  GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  GtkWidget *label = g_object_get_data (G_OBJECT (row), "mc-message");
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (box)) != label)
    gtk_box_remove (GTK_BOX (box), child);
  for (guint i = 0; paper != NULL && i < mc_intake_form_get_n_attachments (self->form); i++)
    {
      const McFormAttachment *a = mc_intake_form_get_attachment (self->form, i);

      if (g_strcmp0 (a->paper, paper) != 0)
        continue;
      gtk_box_insert_child_after (GTK_BOX (box), create_file_line (a, i), gtk_widget_get_prev_sibling (label));
      n++;
    }
  gtk_label_set_text (GTK_LABEL (label), message != NULL ? message : "");
  gtk_widget_set_visible (label, message != NULL);
  gtk_widget_set_visible (row, n > 0 || message != NULL);
}

void
_mc_intake_page_update_attachments (McIntakePage *self)
{
  gboolean was_loading = self->loading;

  if (self->form == NULL || self->attachment_rows == NULL)
    return;
  self->loading = TRUE;
  for (guint i = 0; i < self->attachment_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->attachment_rows, i);
      GtkWidget *check = g_object_get_data (G_OBJECT (g_ptr_array_index (self->paper_rows, 2 * i)), "mc-check");

      fill_attachments_row (self, row, i);
      /* Adding a copy ticks its paper. */
      if (check != NULL && i < mc_intake_form_get_n_papers (self->form))
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check), mc_intake_form_get_paper (self->form, i)->checked);
    }
  self->loading = was_loading;
}

GtkWidget *
_mc_intake_page_create_attachments_row (McIntakePage *self,
                                        guint         index)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 40);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "field-error");
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  g_object_set_data (G_OBJECT (row), "mc-message", label);
  add_drop_target (self, row, index);
  fill_attachments_row (self, row, index);
  return row;
}

void
_mc_intake_page_add_attach_controls (McIntakePage *self,
                                     GtkWidget    *paper_row,
                                     guint         index)
{
  const char *paper = paper_name (self, index);
  g_autofree char *scan_tip = g_strdup_printf (_("Scan “%s”"), paper);
  g_autofree char *file_tip = g_strdup_printf (_("Attach a file of “%s”: a PDF, JPEG or PNG (or drop it here)"), paper);
  GtkWidget *scan = gtk_button_new_from_icon_name ("scanner-symbolic");
  GtkWidget *file = gtk_button_new_from_icon_name ("mail-attachment-symbolic");

  gtk_widget_set_valign (scan, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (scan, "flat");
  gtk_widget_set_tooltip_text (scan, scan_tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (scan), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Scan…"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (scan), "intake.scan-paper");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (scan), "u", index);
  adw_action_row_add_suffix (ADW_ACTION_ROW (paper_row), scan);

  gtk_widget_set_valign (file, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (file, "flat");
  gtk_widget_set_tooltip_text (file, file_tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (file), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Attach File…"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (file), "intake.attach-file");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (file), "u", index);
  adw_action_row_add_suffix (ADW_ACTION_ROW (paper_row), file);

  add_drop_target (self, paper_row, index);
}

/* ---- saving ------------------------------------------------------------- */

typedef struct
{
  McIntakePage *page;
  char         *name;
} AttachJob;

static void
attached_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AttachJob *job = user_data;
  g_autoptr(McIntakePage) self = job->page;
  g_autofree char *name = job->name;
  g_autoptr(GError) error = NULL;
  McAttachment *a = mc_context_attach_finish (MC_CONTEXT (source), result, &error);

  g_free (job);
  /* After a failed receipt these fail too: the receipt's error is told. */
  if (a == NULL && self->save_error == NULL)
    {
      if (self->not_attached == NULL)
        self->not_attached = g_string_new (NULL);
      g_string_append_printf (self->not_attached, "• %s: %s\n", name, error->message);
    }
  g_clear_pointer (&a, mc_attachment_free);
  _mc_intake_page_save_step_done (self);
}

guint
_mc_intake_page_queue_attachments (McIntakePage *self,
                                   McDossier    *dossier)
{
  GPtrArray *papers = mc_dossier_get_papers (dossier);
  guint n = mc_intake_form_get_n_attachments (self->form);

  for (guint i = 0; i < n; i++)
    {
      const McFormAttachment *a = mc_intake_form_get_attachment (self->form, i);
      AttachJob *job = g_new0 (AttachJob, 1);
      const char *paper = NULL;

      /* A paper unticked after its copy was added is not in the dossier:
       * the file is attached without one. */
      for (guint j = 0; j < papers->len && paper == NULL; j++)
        if (g_strcmp0 (((McPaper *) g_ptr_array_index (papers, j))->name, a->paper) == 0)
          paper = a->paper;
      job->page = g_object_ref (self);
      job->name = g_strdup (a->name);
      /* No cancellable: once the dossier is saved its files must follow. */
      mc_context_attach_async (self->context, mc_dossier_get_uuid (dossier), a->path, paper, NULL,
                               attached_cb, job);
    }
  return n;
}

void
_mc_intake_page_class_attach_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "intake.scan-paper", "u", scan_paper_action);
  gtk_widget_class_install_action (widget_class, "intake.attach-file", "u", attach_file_action);
  gtk_widget_class_install_action (widget_class, "intake.preview-attachment", "u", preview_attachment_action);
  gtk_widget_class_install_action (widget_class, "intake.remove-attachment", "u", remove_attachment_action);
}
