/* mc-scan-dialog.c — scanning one paper of the checklist
 *
 * Every sane_* call happens on McScanner's own thread; this window only
 * asks and listens, so neither discovery (slow with network scanners) nor
 * a scan ever blocks the desk. Pages arrive one by one ("page-done") and
 * are autosaved by the scanner in a session folder under the data dir.
 */
#define G_LOG_DOMAIN "motcua-scan"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-incoming.h"
#include "mc-scan-dialog-private.h"
#include "mc-scan-restore.h"
#include "mc-scan.h"

G_DEFINE_FINAL_TYPE (McScanDialog, mc_scan_dialog, ADW_TYPE_WINDOW)

enum {
  ATTACH,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Found once per process: network scanners take seconds to answer. */
static GPtrArray *found_devices;

static const char * const preset_keys[MC_SCAN_N_PRESETS] = {
  [MC_SCAN_PRESET_DOCUMENT] = "document",
  [MC_SCAN_PRESET_COLOR_DOCUMENT] = "color-document",
  [MC_SCAN_PRESET_PHOTO] = "photo",
};

/* Acting on the selected page; "scan.rescan-page" too, installed apart. */
static const char * const page_actions[] = {
  "scan.rotate-left", "scan.rotate-right", "scan.move-earlier", "scan.move-later", "scan.delete-page", "scan.crop",
};

/* ---- settings ---------------------------------------------------------- */

static gboolean
has_key (McScanDialog *self,
         const char   *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (self->settings == NULL)
    return FALSE;
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  return g_settings_schema_has_key (schema, key);
}

static char *
get_setting (McScanDialog *self,
             const char   *key)
{
  return has_key (self, key) ? g_settings_get_string (self->settings, key) : NULL;
}

static void
set_setting (McScanDialog *self,
             const char   *key,
             const char   *value)
{
  if (has_key (self, key))
    g_settings_set_string (self->settings, key, value);
}

/* ---- messages ---------------------------------------------------------- */

void
mc_scan_dialog_show_error (McScanDialog *self,
                           const char   *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
hide_error (McScanDialog *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

/* What the scanner's trouble means at the desk, and what to do. */
static char *
describe_scan_error (const GError *error)
{
  if (error->domain == MC_SCAN_ERROR)
    switch ((McScanError) error->code)
      {
      case MC_SCAN_ERROR_NO_DEVICE:
        return g_strdup (_("The scanner cannot be reached. Check that it is switched on and connected, then press Retry."));
      case MC_SCAN_ERROR_BUSY:
        return g_strdup (_("The scanner is busy. Wait until it has finished, or close the other program that uses it, then scan again."));
      case MC_SCAN_ERROR_JAMMED:
        return g_strdup (_("The paper is jammed. Open the scanner, take the paper out gently, then scan again."));
      case MC_SCAN_ERROR_COVER_OPEN:
        return g_strdup (_("The scanner’s cover is open. Close it, then scan again."));
      case MC_SCAN_ERROR_NO_DOCUMENTS:
        return g_strdup (_("The feeder is empty. Put the pages in the feeder, face as the scanner shows, then scan again."));
      case MC_SCAN_ERROR_INVALID:
        return g_strdup_printf (_("This scanner cannot scan this way (%s). Choose another quality or paper source."),
                                error->message);
      case MC_SCAN_ERROR_IO:
      default:
        break;
      }
  return g_strdup_printf (_("The scan failed: %s. Check the scanner’s cable and scan again."), error->message);
}

/* ---- devices ----------------------------------------------------------- */

static McScanDevice *
get_device (McScanDialog *self)
{
  guint i = adw_combo_row_get_selected (self->device_row);

  if (self->devices == NULL || i >= self->devices->len)
    return NULL;
  return g_ptr_array_index (self->devices, i);
}

static McScanSource
get_source (McScanDialog *self)
{
  guint i = adw_combo_row_get_selected (self->source_row);

  return i < self->sources->len ? g_array_index (self->sources, McScanSource, i) : MC_SCAN_SOURCE_FLATBED;
}

static char *
describe_device (const McScanDevice *d)
{
  g_autofree char *label = g_strstrip (g_strdup_printf ("%s %s", d->vendor != NULL ? d->vendor : "",
                                                         d->model != NULL ? d->model : ""));

  return g_strdup (*label != '\0' ? label : d->name);
}

/* Flatbed, then the feeder when there is one, both sides when offered. */
static void
fill_sources (McScanDialog *self)
{
  McScanDevice *device = get_device (self);
  McScanSource previous = get_source (self);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;

  g_array_set_size (self->sources, 0);
  g_array_append_val (self->sources, (McScanSource) { MC_SCAN_SOURCE_FLATBED });
  gtk_string_list_append (labels, _("Flatbed"));
  if (device != NULL && device->has_adf)
    {
      g_array_append_val (self->sources, (McScanSource) { MC_SCAN_SOURCE_ADF });
      gtk_string_list_append (labels, _("Feeder"));
    }
  if (device != NULL && device->has_duplex)
    {
      g_array_append_val (self->sources, (McScanSource) { MC_SCAN_SOURCE_ADF_DUPLEX });
      gtk_string_list_append (labels, _("Feeder, both sides"));
    }
  for (guint i = 0; i < self->sources->len; i++)
    if (g_array_index (self->sources, McScanSource, i) == previous)
      selected = i;

  self->loading = TRUE;
  adw_combo_row_set_model (self->source_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->source_row, selected);
  self->loading = FALSE;
}

static void
show_devices (McScanDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *last = get_setting (self, "scan-device");
  guint selected = 0;
  guint n = self->devices != NULL ? self->devices->len : 0;

  for (guint i = 0; i < n; i++)
    {
      McScanDevice *d = g_ptr_array_index (self->devices, i);
      g_autofree char *label = describe_device (d);

      gtk_string_list_append (labels, label);
      if (g_strcmp0 (d->name, last) == 0)
        selected = i;
    }
  self->loading = TRUE;
  adw_combo_row_set_model (self->device_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->device_row, selected);
  self->loading = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->device_row), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->status_row), self->finding || n == 0);
  gtk_widget_set_visible (self->status_spinner, self->finding);
  gtk_widget_set_visible (self->retry_button, !self->finding);
  if (self->finding)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), _("Looking for scanners…"));
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                   _("No scanner found — check it is switched on and connected"));
  fill_sources (self);
  mc_scan_dialog_update_actions (self);
}

static void
devices_found_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = mc_scanner_list_devices_finish (MC_SCANNER (source), result, &error);
  McScanDialog *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (devices != NULL)
    {
      g_clear_pointer (&found_devices, g_ptr_array_unref);
      found_devices = g_ptr_array_ref (devices);
    }
  self = MC_SCAN_DIALOG (user_data);
  self->finding = FALSE;
  g_clear_pointer (&self->devices, g_ptr_array_unref);
  self->devices = devices != NULL ? g_ptr_array_ref (devices) : NULL;
  if (error != NULL)
    {
      g_autofree char *message = describe_scan_error (error);
      mc_scan_dialog_show_error (self, message);
    }
  show_devices (self);
  if (self->devices != NULL && self->devices->len > 0 && gtk_window_is_active (GTK_WINDOW (self)))
    gtk_widget_grab_focus (self->scan_button);
}

static void
find_devices (McScanDialog *self)
{
  if (self->finding)
    return;
  self->finding = TRUE;
  hide_error (self);
  show_devices (self);
  /* The window outlives the request: dispose cancels it first. */
  mc_scanner_list_devices_async (mc_scanner_get_default (), self->cancellable, devices_found_cb, self);
}

static void
on_device_selected_cb (McScanDialog *self)
{
  McScanDevice *device = get_device (self);

  if (self->loading)
    return;
  fill_sources (self);
  if (device != NULL)
    set_setting (self, "scan-device", device->name);
}

static void
on_preset_selected_cb (McScanDialog *self)
{
  guint preset = adw_combo_row_get_selected (self->preset_row);

  if (!self->loading && preset < MC_SCAN_N_PRESETS)
    set_setting (self, "scan-preset", preset_keys[preset]);
}

/* ---- scanning ---------------------------------------------------------- */

static void
set_progress_text (McScanDialog *self)
{
  g_autofree char *text = g_strdup_printf (_("Scanning page %u…"), self->n_arrived + 1);

  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
on_page_done_cb (McScanner    *scanner,
                 McPage       *page,
                 McScanDialog *self)
{
  int select;

  if (!self->scanning)
    return;
  if (self->rescan_index >= 0 && self->n_arrived == 0 && (guint) self->rescan_index < self->pages->len)
    {
      g_object_unref (self->pages->pdata[self->rescan_index]);
      self->pages->pdata[self->rescan_index] = g_object_ref (page);
      select = self->rescan_index;
    }
  else
    {
      g_ptr_array_add (self->pages, g_object_ref (page));
      select = (int) self->pages->len - 1;
    }
  self->n_arrived++;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  set_progress_text (self);
  mc_scan_dialog_show_pages (self, select);
}

static void
on_progress_cb (McScanner    *scanner,
                double        fraction,
                McScanDialog *self)
{
  if (self->scanning)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
}

static void
scan_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(McScanDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = mc_scanner_scan_finish (MC_SCANNER (source), result, &error);

  g_signal_handlers_disconnect_by_data (source, self);
  if (!self->scanning)
    return;
  /* Pages the signal did not bring (it always should) are not lost. */
  for (guint i = 0; pages != NULL && i < pages->len; i++)
    if (!g_ptr_array_find (self->pages, pages->pdata[i], NULL))
      on_page_done_cb (MC_SCANNER (source), pages->pdata[i], self);

  self->scanning = FALSE;
  g_clear_object (&self->scan_cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = describe_scan_error (error);
      mc_scan_dialog_show_error (self, message);
    }
  mc_scan_dialog_show_pages (self, self->rescan_index >= 0 ? self->rescan_index : (int) self->pages->len - 1);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && self->pages->len > 0)
    gtk_widget_grab_focus (GTK_WIDGET (gtk_flow_box_get_child_at_index (self->pages_box,
                                                                        MAX (mc_scan_dialog_get_selected_index (self), 0))));
}

static void
start_scan (McScanDialog *self,
            int           rescan_index)
{
  McScanner *scanner = mc_scanner_get_default ();
  McScanDevice *device = get_device (self);
  McScanSource source = get_source (self);
  guint preset = MIN (adw_combo_row_get_selected (self->preset_row), MC_SCAN_N_PRESETS - 1);
  guint max_pages = rescan_index >= 0 || source == MC_SCAN_SOURCE_FLATBED ? 1 : 0;

  if (self->scanning || self->attaching || device == NULL)
    return;
  if (self->session_dir == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
      g_autofree char *dir = g_strdup_printf ("%s-%08x", stamp, g_random_int ());

      self->session_dir = g_build_filename (mc_store_get_data_dir (mc_context_get_store (self->context)),
                                            "scans", dir, NULL);
      /* Should the desk stop, the pages can be offered back by paper. */
      mc_scan_restore_note_paper (self->context, self->session_dir, self->paper);
    }

  hide_error (self);
  self->scanning = TRUE;
  self->rescan_index = rescan_index;
  self->n_arrived = 0;
  self->scan_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  set_progress_text (self);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  mc_scan_dialog_update_actions (self);

  g_signal_connect_object (scanner, "page-done", G_CALLBACK (on_page_done_cb), self, 0);
  g_signal_connect_object (scanner, "progress", G_CALLBACK (on_progress_cb), self, 0);
  mc_scanner_scan_async (scanner, device->name, source, mc_scan_preset_get_resolution (preset),
                         mc_scan_preset_get_color (preset), max_pages, self->session_dir,
                         self->scan_cancellable, scan_done_cb, g_object_ref (self));
}

static void
scan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  McScanDialog *self = MC_SCAN_DIALOG (widget);

  /* Rescanning needs a page chosen: its action is off without one. */
  start_scan (self, g_str_equal (action_name, "scan.rescan-page")
                    ? MAX (mc_scan_dialog_get_selected_index (self), 0) : -1);
}

/* ---- attaching --------------------------------------------------------- */

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McIncomingFile) file = mc_incoming_write_pdf_finish (MC_CONTEXT (source), result, &error);
  g_autoptr(McScanDialog) self = user_data;
  g_autofree char *message = NULL;

  self->attaching = FALSE;
  if (file != NULL)
    {
      g_auto(GStrv) dirs = mc_scan_dialog_get_session_dirs (self);

      /* Noted before the receiver's own jobs: the worker keeps the order. */
      mc_scan_restore_handed_over (self->context, (const char * const *) dirs, file->path);
      self->handed_over = TRUE;
      g_signal_emit (self, signals[ATTACH], 0, file->path, file->name);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  message = g_strdup_printf (_("The pages could not be made into a PDF: %s"), error->message);
  mc_scan_dialog_show_error (self, message);
  mc_scan_dialog_update_actions (self);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  McScanDialog *self = MC_SCAN_DIALOG (widget);
  g_autofree char *name = NULL;

  if (self->scanning || self->attaching || self->pages->len == 0)
    return;
  self->attaching = TRUE;
  mc_scan_dialog_update_actions (self);
  name = mc_incoming_file_name_for (self->paper, "pdf");
  mc_incoming_write_pdf_async (self->context, self->pages, name, self->cancellable, written_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  McScanDialog *self = MC_SCAN_DIALOG (widget);

  if (self->scanning)
    g_cancellable_cancel (self->scan_cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
find_devices_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  find_devices (MC_SCAN_DIALOG (widget));
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  hide_error (MC_SCAN_DIALOG (widget));
}

void
mc_scan_dialog_update_actions (McScanDialog *self)
{
  GtkWidget *w = GTK_WIDGET (self);
  gboolean idle = !self->scanning && !self->attaching;
  gboolean selected = idle && mc_scan_dialog_get_selected_index (self) >= 0;
  int index = mc_scan_dialog_get_selected_index (self);

  gtk_widget_action_set_enabled (w, "scan.scan", idle && get_device (self) != NULL);
  gtk_widget_action_set_enabled (w, "scan.attach", idle && self->pages->len > 0);
  gtk_widget_action_set_enabled (w, "scan.cancel", !self->attaching);
  gtk_widget_action_set_enabled (w, "scan.find-devices", idle && !self->finding);
  for (guint i = 0; i < G_N_ELEMENTS (page_actions); i++)
    gtk_widget_action_set_enabled (w, page_actions[i], selected);
  gtk_widget_action_set_enabled (w, "scan.rescan-page", selected && get_device (self) != NULL);
  gtk_widget_action_set_enabled (w, "scan.move-earlier", selected && index > 0);
  gtk_widget_action_set_enabled (w, "scan.move-later", selected && index + 1 < (int) self->pages->len);
  gtk_widget_set_sensitive (GTK_WIDGET (self->device_row), idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->source_row), idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->preset_row), idle);
  gtk_button_set_label (GTK_BUTTON (self->cancel_button), self->scanning ? _("_Stop") : _("_Cancel"));
}

/* ---- closing ----------------------------------------------------------- */

/* Closing without attaching throws the pages away: asked first when
 * there are any, and then their autosaved copies go too. Pages of a scan
 * cut off by the desk closing (no close-request) stay for next time. */
static gboolean
mc_scan_dialog_close_request (GtkWindow *window)
{
  McScanDialog *self = MC_SCAN_DIALOG (window);
  g_auto(GStrv) dirs = NULL;

  if (mc_scan_dialog_ask_discard (self))
    return TRUE;
  if (!self->handed_over && !self->scanning)
    {
      dirs = mc_scan_dialog_get_session_dirs (self);
      mc_scan_restore_forget (self->context, (const char * const *) dirs);
    }
  return GTK_WINDOW_CLASS (mc_scan_dialog_parent_class)->close_request (window);
}

/* ---- GObject ----------------------------------------------------------- */

static void
mc_scan_dialog_dispose (GObject *object)
{
  McScanDialog *self = MC_SCAN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->scan_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_SCAN_DIALOG);
  G_OBJECT_CLASS (mc_scan_dialog_parent_class)->dispose (object);
}

static void
mc_scan_dialog_finalize (GObject *object)
{
  McScanDialog *self = MC_SCAN_DIALOG (object);

  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->scan_cancellable);
  g_clear_pointer (&self->devices, g_ptr_array_unref);
  g_clear_pointer (&self->sources, g_array_unref);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_free (self->paper);
  g_free (self->session_dir);
  g_strfreev (self->restored_dirs);
  G_OBJECT_CLASS (mc_scan_dialog_parent_class)->finalize (object);
}

static void
mc_scan_dialog_class_init (McScanDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_scan_dialog_dispose;
  object_class->finalize = mc_scan_dialog_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = mc_scan_dialog_close_request;

  signals[ATTACH] = g_signal_new ("attach", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-scan-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, McScanDialog, name)
  BIND (window_title); BIND (cancel_button); BIND (error_revealer); BIND (error_label); BIND (status_row); BIND (status_spinner);
  BIND (retry_button); BIND (device_row); BIND (source_row); BIND (preset_row); BIND (scan_button);
  BIND (progress_bar); BIND (pages_stack); BIND (pages_box); BIND (count_label);
#undef BIND

  gtk_widget_class_install_action (widget_class, "scan.scan", NULL, scan_action);
  gtk_widget_class_install_action (widget_class, "scan.rescan-page", NULL, scan_action);
  gtk_widget_class_install_action (widget_class, "scan.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "scan.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "scan.find-devices", NULL, find_devices_action);
  gtk_widget_class_install_action (widget_class, "scan.dismiss-error", NULL, dismiss_error_action);
  for (guint i = 0; i < G_N_ELEMENTS (page_actions); i++)
    gtk_widget_class_install_action (widget_class, page_actions[i], NULL, mc_scan_dialog_page_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "scan.attach", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "scan.attach", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "scan.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "scan.rotate-right", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_R, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "scan.rotate-left", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "scan.move-earlier", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "scan.move-later", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "scan.delete-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "scan.rescan-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "scan.crop", NULL);
}

static void
mc_scan_dialog_init (McScanDialog *self)
{
  g_autoptr(GtkStringList) presets = gtk_string_list_new (NULL);
  g_autofree char *last_preset = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->sources = g_array_new (FALSE, FALSE, sizeof (McScanSource));
  self->pages = g_ptr_array_new_with_free_func (g_object_unref);
  self->rescan_index = -1;
  self->settings = mc_application_create_settings ();

  last_preset = get_setting (self, "scan-preset");
  for (guint i = 0; i < MC_SCAN_N_PRESETS; i++)
    gtk_string_list_append (presets, mc_scan_preset_get_label ((McScanPreset) i));
  self->loading = TRUE;
  adw_combo_row_set_model (self->preset_row, G_LIST_MODEL (presets));
  for (guint i = 0; i < MC_SCAN_N_PRESETS; i++)
    if (g_strcmp0 (last_preset, preset_keys[i]) == 0)
      adw_combo_row_set_selected (self->preset_row, i);
  self->loading = FALSE;

  g_signal_connect_swapped (self->device_row, "notify::selected", G_CALLBACK (on_device_selected_cb), self);
  g_signal_connect_swapped (self->preset_row, "notify::selected", G_CALLBACK (on_preset_selected_cb), self);
  g_signal_connect_swapped (self->pages_box, "selected-children-changed",
                            G_CALLBACK (mc_scan_dialog_update_actions), self);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->scan_button);
}

/* ---- public API -------------------------------------------------------- */

McScanDialog *
mc_scan_dialog_new (GtkWindow  *parent,
                    McContext  *context,
                    const char *paper)
{
  McScanDialog *self;

  g_return_val_if_fail (MC_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (paper != NULL, NULL);

  self = g_object_new (MC_TYPE_SCAN_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  self->paper = g_strdup (paper);
  adw_window_title_set_subtitle (self->window_title, paper);

  if (found_devices != NULL && found_devices->len > 0)
    {
      self->devices = g_ptr_array_ref (found_devices);
      show_devices (self);
      gtk_widget_grab_focus (self->scan_button);
    }
  else
    find_devices (self);

  mc_scan_dialog_restore_pages (self);
  mc_scan_dialog_show_pages (self, 0);
  return self;
}

guint
mc_scan_dialog_get_n_pages (McScanDialog *self)
{
  g_return_val_if_fail (MC_IS_SCAN_DIALOG (self), 0);
  return self->pages->len;
}

McPage *
mc_scan_dialog_get_page (McScanDialog *self,
                         guint         index)
{
  g_return_val_if_fail (MC_IS_SCAN_DIALOG (self), NULL);
  g_return_val_if_fail (index < self->pages->len, NULL);
  return g_ptr_array_index (self->pages, index);
}

const char *
mc_scan_dialog_get_device (McScanDialog *self)
{
  McScanDevice *device;

  g_return_val_if_fail (MC_IS_SCAN_DIALOG (self), NULL);
  device = get_device (self);
  return device != NULL ? device->name : NULL;
}
