/* mc-sync-preferences-page.c — Preferences → Sync: the province's server */
#define G_LOG_DOMAIN "motcua-sync-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-sync-preferences-page.h"

struct _McSyncPreferencesPage
{
  AdwPreferencesPage  parent_instance;

  AdwActionRow       *status_row;
  GtkImage           *status_icon;
  GtkWidget          *keyring_note_label;
  GtkWidget          *disconnect_button;
  AdwEntryRow        *server_row;
  AdwEntryRow        *token_row;
  AdwActionRow       *ca_row;
  GtkWidget          *ca_clear_button;
  GtkLabel           *sync_error_label;
  GtkSpinner         *spinner;

  McContext          *context;
  GCancellable       *cancellable;
  char               *server_url;     /* enrolled, or NULL */
  char               *ca_file;        /* chosen, or NULL */
  GtkNativeDialog    *chooser;
  gboolean            busy;
};

G_DEFINE_FINAL_TYPE (McSyncPreferencesPage, mc_sync_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
trimmed_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
show_error (McSyncPreferencesPage *self,
            const char            *message)
{
  gtk_label_set_label (self->sync_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->sync_error_label), message != NULL);
}

static void
update_state (McSyncPreferencesPage *self)
{
  g_autofree char *url = trimmed_text (self->server_row);
  g_autofree char *token = trimmed_text (self->token_row);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-prefs.connect",
                                 self->context != NULL && !self->busy && *url != '\0' && *token != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-prefs.disconnect",
                                 self->context != NULL && !self->busy && self->server_url != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->token_row), !self->busy);
}

static void
show_enrolment (McSyncPreferencesPage *self,
                const char            *station_label)
{
  gboolean enrolled = self->server_url != NULL;

  if (enrolled)
    {
      /* TRANSLATORS: the server this desk uploads to, e.g. "Connected to https://motcua.example.gov.vn/" */
      g_autofree char *title = g_strdup_printf (_("Connected to %s"), self->server_url);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), title);
      adw_action_row_set_subtitle (self->status_row,
                                   station_label != NULL && *station_label != '\0'
                                   ? station_label
                                   : _("To use another server or token, connect again below."));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), _("Not connected"));
      adw_action_row_set_subtitle (self->status_row, _("Dossiers are kept on this PC until the desk is connected."));
    }
  gtk_image_set_from_icon_name (self->status_icon, enrolled ? "emblem-ok-symbolic" : "network-server-symbolic");
  gtk_widget_set_visible (self->disconnect_button, enrolled);
  gtk_widget_set_visible (self->keyring_note_label,
                          enrolled && self->context != NULL && mc_context_get_token_in_file (self->context));
  update_state (self);
}

static void
get_server_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(McSyncPreferencesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = mc_context_get_server_finish (MC_CONTEXT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_free (self->server_url);
  self->server_url = g_steal_pointer (&url);
  if (self->server_url != NULL && *gtk_editable_get_text (GTK_EDITABLE (self->server_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->server_row), self->server_url);
  show_enrolment (self, NULL);
}

static void
enrol_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(McSyncPreferencesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = mc_context_enrol_finish (MC_CONTEXT (source), result, &error);
  GtkWidget *window;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (label == NULL)
    {
      show_error (self, error->message);
      update_state (self);
      return;
    }

  show_error (self, NULL);
  /* Never shown back, never kept in the form. */
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  g_free (self->server_url);
  self->server_url = trimmed_text (self->server_row);
  show_enrolment (self, label);
  window = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);
  if (window != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window),
                                      adw_toast_new (_("Connected: waiting dossiers are being uploaded")));
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  McSyncPreferencesPage *self = MC_SYNC_PREFERENCES_PAGE (widget);
  g_autofree char *url = trimmed_text (self->server_row);
  g_autofree char *token = trimmed_text (self->token_row);
  g_autofree char *normalized = NULL;
  g_autoptr(GError) error = NULL;

  if (self->context == NULL || self->busy || *url == '\0' || *token == '\0')
    return;
  /* What can be said without the network, at once. */
  normalized = mc_sync_normalize_url (url, &error);
  if (normalized == NULL)
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      memset (token, 0, strlen (token));
      return;
    }

  show_error (self, NULL);
  self->busy = TRUE;
  update_state (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  mc_context_enrol_async (self->context, normalized, token, self->ca_file, self->cancellable, enrol_cb,
                          g_object_ref (self));
  memset (token, 0, strlen (token));
}

static void
unenrol_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(McSyncPreferencesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mc_context_unenrol_finish (MC_CONTEXT (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (error != NULL)
    {
      show_error (self, error->message);
      update_state (self);
      return;
    }
  show_error (self, NULL);
  g_clear_pointer (&self->server_url, g_free);
  show_enrolment (self, NULL);
}

static void
on_disconnect_response_cb (AdwMessageDialog      *dialog,
                           const char            *response,
                           McSyncPreferencesPage *self)
{
  if (g_strcmp0 (response, "disconnect") != 0 || self->busy || self->context == NULL)
    return;
  self->busy = TRUE;
  update_state (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  mc_context_unenrol_async (self->context, self->cancellable, unenrol_cb, g_object_ref (self));
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  McSyncPreferencesPage *self = MC_SYNC_PREFERENCES_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Disconnect From the Server?"),
                                   _("Dossiers that are waiting stay on this PC and are uploaded once the desk is "
                                     "connected again. The access token is forgotten: connecting again needs it."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "disconnect", _("_Disconnect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "disconnect", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_disconnect_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_ca_file (McSyncPreferencesPage *self,
             const char            *path)
{
  g_free (self->ca_file);
  self->ca_file = g_strdup (path);
  if (path != NULL)
    {
      g_autofree char *name = g_path_get_basename (path);
      adw_action_row_set_subtitle (self->ca_row, name);
    }
  else
    adw_action_row_set_subtitle (self->ca_row, _("Only for a server whose certificate the province issued itself"));
  gtk_widget_set_visible (self->ca_clear_button, path != NULL);
}

static void
on_chooser_response_cb (GtkNativeDialog       *chooser,
                        int                    response,
                        McSyncPreferencesPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        set_ca_file (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
on_ca_choose_cb (McSyncPreferencesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Choose the CA Certificate"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
on_ca_clear_cb (McSyncPreferencesPage *self)
{
  set_ca_file (self, NULL);
}

static void
on_field_changed_cb (McSyncPreferencesPage *self)
{
  update_state (self);
}

static void
on_entry_activated_cb (McSyncPreferencesPage *self)
{
  if (gtk_widget_is_sensitive (GTK_WIDGET (self)) && !self->busy)
    {
      g_autofree char *url = trimmed_text (self->server_row);
      g_autofree char *token = trimmed_text (self->token_row);

      if (*url != '\0' && *token != '\0')
        {
          gtk_widget_activate_action (GTK_WIDGET (self), "sync-prefs.connect", NULL);
          return;
        }
    }
  gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

static void
mc_sync_preferences_page_dispose (GObject *object)
{
  McSyncPreferencesPage *self = MC_SYNC_PREFERENCES_PAGE (object);

  /* An enrolment under way finishes in the store; only its answer is dropped. */
  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_SYNC_PREFERENCES_PAGE);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (mc_sync_preferences_page_parent_class)->dispose (object);
}

static void
mc_sync_preferences_page_finalize (GObject *object)
{
  McSyncPreferencesPage *self = MC_SYNC_PREFERENCES_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->server_url);
  g_free (self->ca_file);
  G_OBJECT_CLASS (mc_sync_preferences_page_parent_class)->finalize (object);
}

static void
mc_sync_preferences_page_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  McSyncPreferencesPage *self = MC_SYNC_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_sync_preferences_page_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  McSyncPreferencesPage *self = MC_SYNC_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_sync_preferences_page_constructed (GObject *object)
{
  McSyncPreferencesPage *self = MC_SYNC_PREFERENCES_PAGE (object);

  G_OBJECT_CLASS (mc_sync_preferences_page_parent_class)->constructed (object);

  show_enrolment (self, NULL);
  if (self->context != NULL)
    mc_context_get_server_async (self->context, self->cancellable, get_server_cb, g_object_ref (self));
}

static void
mc_sync_preferences_page_class_init (McSyncPreferencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_sync_preferences_page_dispose;
  object_class->finalize = mc_sync_preferences_page_finalize;
  object_class->get_property = mc_sync_preferences_page_get_property;
  object_class->set_property = mc_sync_preferences_page_set_property;
  object_class->constructed = mc_sync_preferences_page_constructed;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MC_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-sync-preferences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McSyncPreferencesPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, McSyncPreferencesPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, McSyncPreferencesPage, keyring_note_label);
  gtk_widget_class_bind_template_child (widget_class, McSyncPreferencesPage, disconnect_button);
  gtk_widget_class_bind_template_child (widget_class, McSyncPreferencesPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, McSyncPreferencesPage, token_row);
  gtk_widget_class_bind_template_child (widget_class, McSyncPreferencesPage, ca_row);
  gtk_widget_class_bind_template_child (widget_class, McSyncPreferencesPage, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, McSyncPreferencesPage, sync_error_label);
  gtk_widget_class_bind_template_child (widget_class, McSyncPreferencesPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_clear_cb);

  gtk_widget_class_install_action (widget_class, "sync-prefs.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "sync-prefs.disconnect", NULL, disconnect_action);
}

static void
mc_sync_preferences_page_init (McSyncPreferencesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mc_sync_preferences_page_new (McContext *context)
{
  g_return_val_if_fail (context == NULL || MC_IS_CONTEXT (context), NULL);
  return g_object_new (MC_TYPE_SYNC_PREFERENCES_PAGE, "context", context, NULL);
}
