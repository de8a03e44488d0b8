/* mc-attachment-preview.c — a window showing one attachment */
#define G_LOG_DOMAIN "motcua-scan"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mc-attachment-preview.h"

/* Attachments are at most 200 MB; a preview reads the file whole. */
#define MAX_PREVIEW_SIZE (200 * 1024 * 1024)

struct _McAttachmentPreview
{
  AdwWindow       parent_instance;

  AdwWindowTitle *title;
  GtkStack       *stack;
  GtkPicture     *picture;
  AdwStatusPage  *pdf_page;
  AdwStatusPage  *error_page;
  GtkWidget      *open_button;

  char           *path;
  char           *name;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (McAttachmentPreview, mc_attachment_preview, ADW_TYPE_WINDOW)

typedef struct
{
  GdkTexture *texture;   /* an image */
  guint       n_pages;   /* a PDF */
  gboolean    is_pdf;
  gint64      size;
} Loaded;

static void
loaded_free (Loaded *l)
{
  g_clear_object (&l->texture);
  g_free (l);
}

/* Page objects ("/Type /Page", not "/Pages") in the file: enough to tell
 * the clerk how long a scan is without a PDF library. */
static guint
count_pdf_pages (const char *data,
                 gsize       len)
{
  guint n = 0;

  for (const char *p = data; p != NULL && (gsize) (p - data) + 5 < len;)
    {
      const char *end = data + len;
      const char *q;

      p = memchr (p, '/', (gsize) (end - p));
      if (p == NULL || (gsize) (end - p) < 10)
        break;
      if (memcmp (p, "/Type", 5) != 0)
        {
          p++;
          continue;
        }
      q = p + 5;
      while (q < end && (*q == ' ' || *q == '\r' || *q == '\n' || *q == '\t'))
        q++;
      if (end - q >= 5 && memcmp (q, "/Page", 5) == 0 && (end - q == 5 || q[5] != 's'))
        n++;
      p = q;
    }
  return n;
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GFile) file = g_file_new_for_path (task_data);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  Loaded *l;
  const char *data;
  gsize len;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, cancellable, &error);
  if (info == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _("The file cannot be read: %s"), error->message);
      return;
    }
  if (g_file_info_get_size (info) > MAX_PREVIEW_SIZE)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                               _("The file is too large to show."));
      return;
    }
  bytes = g_file_load_bytes (file, cancellable, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _("The file cannot be read: %s"), error->message);
      return;
    }

  l = g_new0 (Loaded, 1);
  data = g_bytes_get_data (bytes, &len);
  l->size = (gint64) len;
  if (len >= 5 && memcmp (data, "%PDF-", 5) == 0)
    {
      l->is_pdf = TRUE;
      l->n_pages = count_pdf_pages (data, len);
    }
  else
    {
      l->texture = gdk_texture_new_from_bytes (bytes, &error);
      if (l->texture == NULL)
        {
          loaded_free (l);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                                   _("This file is not a PDF, JPEG or PNG image, or it is damaged."));
          return;
        }
    }
  g_task_return_pointer (task, l, (GDestroyNotify) loaded_free);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  Loaded *l = g_task_propagate_pointer (G_TASK (result), &error);
  McAttachmentPreview *self;
  g_autofree char *size = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MC_ATTACHMENT_PREVIEW (user_data);
  if (l == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  size = g_format_size ((guint64) l->size);
  adw_window_title_set_subtitle (self->title, size);
  if (l->is_pdf)
    {
      g_autofree char *pages = NULL;

      if (l->n_pages > 0)
        pages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "PDF document, %u page", "PDF document, %u pages",
                                              l->n_pages), l->n_pages);
      else
        pages = g_strdup (_("PDF document"));
      adw_status_page_set_description (self->pdf_page, pages);
      gtk_stack_set_visible_child_name (self->stack, "pdf");
      gtk_widget_grab_focus (self->open_button);
    }
  else
    {
      gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (l->texture));
      gtk_stack_set_visible_child_name (self->stack, "image");
    }
  loaded_free (l);
}

/* Opening: the blob has no extension and must not be changed by a
 * viewer, so the viewer gets a copy under the attachment's name. */
static void
copy_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  McAttachmentPreview *self = source;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("motcua-preview-XXXXXX", &error);
  g_autofree char *base = NULL;
  g_autofree char *dest_path = NULL;
  g_autoptr(GFile) src = NULL;
  g_autoptr(GFile) dest = NULL;

  if (dir == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  base = g_path_get_basename (self->name);
  if (!g_str_has_suffix (base, ".pdf") && !g_str_has_suffix (base, ".PDF"))
    {
      char *with_ext = g_strconcat (base, ".pdf", NULL);

      g_free (base);
      base = with_ext;
    }
  dest_path = g_build_filename (dir, base, NULL);
  src = g_file_new_for_path (self->path);
  dest = g_file_new_for_path (dest_path);
  if (!g_file_copy (src, dest, G_FILE_COPY_NONE, cancellable, NULL, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_chmod (dest_path, 0400);
  g_task_return_pointer (task, g_file_get_uri (dest), g_free);
}

static void
show_open_error (McAttachmentPreview *self,
                 const GError        *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The Document Could Not Be Opened"), NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n\n%s", error->message,
                                  _("Check that a PDF viewer is installed on this computer."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_OK"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
launched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(McAttachmentPreview) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (self->open_button, TRUE);
  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    show_open_error (self, error);
}

static void
copied_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  McAttachmentPreview *self = MC_ATTACHMENT_PREVIEW (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GAppLaunchContext) ctx = NULL;

  if (uri == NULL)
    {
      gtk_widget_set_sensitive (self->open_button, TRUE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_open_error (self, error);
      return;
    }
  ctx = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self))));
  g_app_info_launch_default_for_uri_async (uri, ctx, self->cancellable, launched_cb, g_object_ref (self));
}

static void
on_open_clicked_cb (McAttachmentPreview *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, copied_cb, NULL);

  gtk_widget_set_sensitive (self->open_button, FALSE);
  g_task_set_source_tag (task, on_open_clicked_cb);
  g_task_run_in_thread (task, copy_thread);
}

static void
mc_attachment_preview_dispose (GObject *object)
{
  McAttachmentPreview *self = MC_ATTACHMENT_PREVIEW (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (mc_attachment_preview_parent_class)->dispose (object);
}

static void
mc_attachment_preview_finalize (GObject *object)
{
  McAttachmentPreview *self = MC_ATTACHMENT_PREVIEW (object);

  g_clear_object (&self->cancellable);
  g_free (self->path);
  g_free (self->name);
  G_OBJECT_CLASS (mc_attachment_preview_parent_class)->finalize (object);
}

static void
mc_attachment_preview_class_init (McAttachmentPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_attachment_preview_dispose;
  object_class->finalize = mc_attachment_preview_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
add_page (McAttachmentPreview *self,
          const char          *name,
          GtkWidget           *child)
{
  gtk_stack_add_named (self->stack, child, name);
  return child;
}

static void
mc_attachment_preview_init (McAttachmentPreview *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *spinner = gtk_spinner_new ();

  self->cancellable = g_cancellable_new ();
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 640);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);

  self->title = ADW_WINDOW_TITLE (adw_window_title_new ("", NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (box), header);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));

  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  add_page (self, "loading", spinner);

  self->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_can_shrink (self->picture, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->picture));
  add_page (self, "image", scroller);

  self->pdf_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->pdf_page, "x-office-document-symbolic");
  self->open_button = gtk_button_new_with_mnemonic (_("_Open with the Default Viewer"));
  gtk_widget_set_halign (self->open_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->open_button, "pill");
  gtk_widget_add_css_class (self->open_button, "suggested-action");
  g_signal_connect_swapped (self->open_button, "clicked", G_CALLBACK (on_open_clicked_cb), self);
  adw_status_page_set_child (self->pdf_page, self->open_button);
  add_page (self, "pdf", GTK_WIDGET (self->pdf_page));

  self->error_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->error_page, "dialog-warning-symbolic");
  adw_status_page_set_title (self->error_page, _("Cannot Show This File"));
  add_page (self, "error", GTK_WIDGET (self->error_page));

  gtk_stack_set_visible_child_name (self->stack, "loading");
  adw_window_set_content (ADW_WINDOW (self), box);
}

McAttachmentPreview *
mc_attachment_preview_new (GtkWindow  *parent,
                           const char *path,
                           const char *name,
                           const char *mime_type)
{
  McAttachmentPreview *self;
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (MC_TYPE_ATTACHMENT_PREVIEW, "transient-for", parent, NULL);
  self->path = g_strdup (path);
  self->name = g_strdup (name != NULL ? name : path);
  gtk_window_set_title (GTK_WINDOW (self), self->name);
  adw_window_title_set_title (self->title, self->name);
  adw_status_page_set_title (self->pdf_page, self->name);

  /* The window holds the task's callback target alive until it is
   * destroyed; the cancellable stops a late result from landing. */
  task = g_task_new (NULL, self->cancellable, loaded_cb, self);
  g_task_set_source_tag (task, mc_attachment_preview_new);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, load_thread);
  (void) mime_type;
  return self;
}
