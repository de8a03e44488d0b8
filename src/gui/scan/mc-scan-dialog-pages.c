/* mc-scan-dialog-pages.c — the scan dialog's pages: shown as tiles,
 * reordered and edited, taken back after a crash, and thrown away only
 * once the clerk has said so
 */
#define G_LOG_DOMAIN "motcua-scan"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-scan-dialog-private.h"
#include "mc-scan-page-tile.h"
#include "mc-scan-restore.h"

/* ---- pages ------------------------------------------------------------- */

int
mc_scan_dialog_get_selected_index (McScanDialog *self)
{
  GList *selected = gtk_flow_box_get_selected_children (self->pages_box);
  int index = selected != NULL ? gtk_flow_box_child_get_index (selected->data) : -1;

  g_list_free (selected);
  return index;
}

static void
move_page (McScanDialog *self,
           guint         from,
           guint         to)
{
  McPage *page;

  if (from >= self->pages->len || to >= self->pages->len || from == to)
    return;
  page = g_ptr_array_steal_index (self->pages, from);
  g_ptr_array_insert (self->pages, (int) to, page);
  mc_scan_dialog_show_pages (self, (int) to);
}

static gboolean
move_dropped_cb (gpointer  user_data,
                 McPage   *page,
                 guint     to)
{
  McScanDialog *self = user_data;
  guint from;

  if (self->scanning || self->attaching || !g_ptr_array_find (self->pages, page, &from))
    return FALSE;
  move_page (self, from, to);
  return TRUE;
}

/* Rebuilt whole on each change: a paper has a handful of pages. */
void
mc_scan_dialog_show_pages (McScanDialog *self,
                           int           select)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->pages_box));
  GtkWidget *child;
  g_autofree char *count = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pages_box))) != NULL)
    gtk_flow_box_remove (self->pages_box, child);
  for (guint i = 0; i < self->pages->len; i++)
    gtk_flow_box_append (self->pages_box, mc_scan_page_tile_new (self->pages->pdata[i], i, self->pages->len,
                                                                 move_dropped_cb, self));

  gtk_stack_set_visible_child_name (self->pages_stack, self->pages->len > 0 ? "pages" : "empty");
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages", self->pages->len), self->pages->len);
  gtk_label_set_text (self->count_label, self->pages->len > 0 ? count : "");

  if (self->pages->len > 0)
    {
      GtkFlowBoxChild *tile;

      select = CLAMP (select, 0, (int) self->pages->len - 1);
      tile = gtk_flow_box_get_child_at_index (self->pages_box, select);
      gtk_flow_box_select_child (self->pages_box, tile);
      if (had_focus)
        gtk_widget_grab_focus (GTK_WIDGET (tile));
    }
  mc_scan_dialog_update_actions (self);
}

void
mc_scan_dialog_page_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  McScanDialog *self = MC_SCAN_DIALOG (widget);
  int index = mc_scan_dialog_get_selected_index (self);
  McPage *page;

  if (index < 0 || self->scanning || self->attaching)
    return;
  page = g_ptr_array_index (self->pages, index);

  if (g_str_equal (action_name, "scan.rotate-left"))
    mc_page_rotate (page, -90);
  else if (g_str_equal (action_name, "scan.rotate-right"))
    mc_page_rotate (page, 90);
  else if (g_str_equal (action_name, "scan.crop"))
    {
      /* A tenth of an inch of white stays round the text. */
      if (!mc_page_crop_to_content (page, MAX (mc_page_get_dpi (page) / 10, 1)))
        mc_scan_dialog_show_error (self, _("This page has no white margin to cut."));
    }
  else if (g_str_equal (action_name, "scan.move-earlier"))
    {
      move_page (self, (guint) index, index > 0 ? (guint) index - 1 : 0);
      return;
    }
  else if (g_str_equal (action_name, "scan.move-later"))
    {
      move_page (self, (guint) index, (guint) index + 1);
      return;
    }
  else if (g_str_equal (action_name, "scan.delete-page"))
    g_ptr_array_remove_index (self->pages, (guint) index);
  mc_scan_dialog_show_pages (self, index);
}

/* ---- sessions ---------------------------------------------------------- */

/* Where this dialog's pages are autosaved: restored sessions and its own. */
GStrv
mc_scan_dialog_get_session_dirs (McScanDialog *self)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  if (self->restored_dirs != NULL)
    g_strv_builder_addv (b, (const char **) self->restored_dirs);
  if (self->session_dir != NULL)
    g_strv_builder_add (b, self->session_dir);
  return g_strv_builder_end (b);
}

/* Pages restored after a crash: the clerk chose this paper for them. */
void
mc_scan_dialog_restore_pages (McScanDialog *self)
{
  g_autoptr(GPtrArray) restored = NULL;

  if (mc_scan_restore_take (self->context, &restored, &self->restored_dirs))
    {
      g_autofree char *note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u page scanned before the desk closed is here: check it, then attach it.",
                                                            "%u pages scanned before the desk closed are here: check them, then attach them.",
                                                            restored->len),
                                               restored->len);

      g_ptr_array_extend_and_steal (self->pages, g_steal_pointer (&restored));
      mc_scan_dialog_show_error (self, note);
    }
}

/* ---- discarding -------------------------------------------------------- */

static gboolean
close_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
on_discard_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        McScanDialog     *self)
{
  if (!g_str_equal (response, "discard") || self->discarding)
    return;
  self->discarding = TRUE;
  /* Once the question has gone: it is this window's child. */
  g_idle_add_full (G_PRIORITY_DEFAULT, close_cb, g_object_ref (self), g_object_unref);
}

/* Asked only when there are pages to lose and nothing else is going on. */
gboolean
mc_scan_dialog_ask_discard (McScanDialog *self)
{
  GtkWindow *window = GTK_WINDOW (self);

  if (!self->handed_over && !self->discarding && !self->scanning && !self->attaching && self->pages->len > 0)
    {
      GtkWidget *dialog = adw_message_dialog_new (window, _("Discard the Scanned Pages?"), NULL);

      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      g_dngettext (GETTEXT_PACKAGE,
                                                   "The %u page scanned will not be attached.",
                                                   "The %u pages scanned will not be attached.", self->pages->len),
                                      self->pages->len);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Keep Scanning"),
                                        "discard", _("_Discard"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
      g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }
  return FALSE;
}
