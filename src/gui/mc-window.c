/* mc-window.c — the desk's main window */
#define G_LOG_DOMAIN "motcua-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-dossiers-view.h"
#include "mc-intake-page.h"
#include "mc-scan-restore.h"
#include "mc-setup-page.h"
#include "mc-window.h"
#include "mc-window-clerk.h"
#include "mc-window-sync.h"

struct _McWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  McSetupPage          *setup_page;
  McDossiersView       *dossiers_view;
  McIntakePage         *intake_page;

  McContext            *context;
  GCancellable         *cancellable;
  char                 *data_dir;
  guint                 build_intake_source;
};

G_DEFINE_FINAL_TYPE (McWindow, mc_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_actions (McWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean ready = self->context != NULL && mc_context_get_station (self->context) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-dossier", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", ready && g_strcmp0 (page, "dossiers") == 0);
}

static void
show_page (McWindow   *self,
           const char *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  update_actions (self);
}

static void on_intake_close_cb (McWindow *self);
static void on_intake_saved_cb (McWindow *self, McDossier *dossier);

/* The intake form is the largest page: it is built after the first frame
 * (or when first needed), not as part of start-up. */
static McIntakePage *
ensure_intake_page (McWindow *self)
{
  if (self->intake_page != NULL)
    return self->intake_page;

  self->intake_page = MC_INTAKE_PAGE (mc_intake_page_new ());
  g_signal_connect_object (self->intake_page, "close", G_CALLBACK (on_intake_close_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->intake_page, "saved", G_CALLBACK (on_intake_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->intake_page), "intake");
  if (self->context != NULL)
    mc_intake_page_set_context (self->intake_page, self->context);
  return self->intake_page;
}

static gboolean
build_intake_page_cb (gpointer user_data)
{
  McWindow *self = user_data;

  self->build_intake_source = 0;
  ensure_intake_page (self);
  return G_SOURCE_REMOVE;
}

static gboolean
first_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->intake_page == NULL && self->build_intake_source == 0)
    self->build_intake_source = g_idle_add_full (G_PRIORITY_LOW, build_intake_page_cb, self, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_station_changed_cb (McWindow  *self,
                       McContext *context)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "setup") == 0)
    {
      show_page (self, "dossiers");
      mc_window_toast (self, _("This desk is ready: press Ctrl+N to take a dossier in"));
    }
  update_actions (self);
}

static void
list_drafts_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;

  drafts = mc_context_list_drafts_finish (MC_CONTEXT (source), result, &error);
  if (drafts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the drafts: %s", error->message);
      return;
    }
  if (drafts->len == 0 || mc_context_get_station (self->context) == NULL)
    return;
  /* The clerk already started another dossier: leave it on screen; the
   * draft stays in the store and comes back next time. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "intake") == 0)
    return;

  /* A draft left behind by a crash or power cut: bring it back as it was. */
  ensure_intake_page (self);
  show_page (self, "intake");
  mc_intake_page_start (self->intake_page, g_ptr_array_index (drafts, 0));
  mc_window_toast (self, _("The dossier you were entering has been restored"));
}

static void
context_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  McContext *context = mc_context_open_finish (result, &error);

  if (context == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_autofree char *text = g_strdup_printf (_("%s\n\nData folder: %s"), error->message, self->data_dir);
      adw_status_page_set_description (self->error_page, text);
      show_page (self, "error");
      return;
    }

  self->context = context;
  g_signal_connect_object (context, "station-changed", G_CALLBACK (on_station_changed_cb), self, G_CONNECT_SWAPPED);
  mc_setup_page_set_context (self->setup_page, context);
  mc_dossiers_view_set_context (self->dossiers_view, context);
  mc_window_sync_set_context (self, context);
  mc_window_clerk_set_context (self, context, self->dossiers_view);
  if (self->intake_page != NULL)
    mc_intake_page_set_context (self->intake_page, context);

  if (mc_context_get_station (context) == NULL)
    show_page (self, "setup");
  else
    {
      show_page (self, "dossiers");
      mc_context_list_drafts_async (context, self->cancellable, list_drafts_cb, g_object_ref (self));
      /* Scanned pages a crash left behind: offered back. */
      mc_scan_restore_check (GTK_WINDOW (self), context);
    }
}

static void
new_dossier_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *param)
{
  McWindow *self = MC_WINDOW (widget);

  /* Shown first: the stack gives the page back the focus it last had,
   * which must not win over the procedure, where a new dossier starts. */
  ensure_intake_page (self);
  show_page (self, "intake");
  mc_intake_page_start (self->intake_page, NULL);
}

static void
search_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  McWindow *self = MC_WINDOW (widget);

  mc_dossiers_view_focus_search (self->dossiers_view);
}

static void
on_intake_close_cb (McWindow *self)
{
  show_page (self, "dossiers");
}

static void
on_intake_saved_cb (McWindow  *self,
                    McDossier *dossier)
{
  /* The list refreshes itself on "dossiers-changed"; have it show this one. */
  mc_dossiers_view_show_dossier (self->dossiers_view, mc_dossier_get_uuid (dossier));
}

static void
save_window_state (McWindow *self)
{
  GSettings *settings = NULL;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  int width, height;

  if (MC_IS_APPLICATION (app))
    settings = mc_application_get_settings (MC_APPLICATION (app));
  if (settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
}

void
mc_window_prepare_quit (McWindow *self)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  if (self->intake_page != NULL)
    mc_intake_page_flush_draft (self->intake_page);
  if (self->context != NULL)
    mc_context_shutdown (self->context);
}

static gboolean
mc_window_close_request (GtkWindow *window)
{
  McWindow *self = MC_WINDOW (window);

  save_window_state (self);
  if (self->intake_page != NULL)
    mc_intake_page_flush_draft (self->intake_page);
  return GTK_WINDOW_CLASS (mc_window_parent_class)->close_request (window);
}

static void
mc_window_dispose (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->build_intake_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_WINDOW);
  G_OBJECT_CLASS (mc_window_parent_class)->dispose (object);
}

static void
mc_window_finalize (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_free (self->data_dir);
  G_OBJECT_CLASS (mc_window_parent_class)->finalize (object);
}

static void
mc_window_class_init (McWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_window_dispose;
  object_class->finalize = mc_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = mc_window_close_request;

  g_type_ensure (MC_TYPE_SETUP_PAGE);
  g_type_ensure (MC_TYPE_DOSSIERS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, setup_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, dossiers_view);

  gtk_widget_class_install_action (widget_class, "win.new-dossier", NULL, new_dossier_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
}

static void
mc_window_init (McWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_add_tick_callback (GTK_WIDGET (self), first_frame_cb, NULL, NULL);
  update_actions (self);
  mc_window_sync_init (self);
  mc_window_clerk_init (self);
}

static void
restore_window_state (McWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings = MC_IS_APPLICATION (app) ? mc_application_get_settings (MC_APPLICATION (app)) : NULL;

  if (settings == NULL)
    return;
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

McWindow *
mc_window_new (GtkApplication *app,
               const char     *data_dir)
{
  McWindow *self = g_object_new (MC_TYPE_WINDOW, "application", app, NULL);

  self->data_dir = g_strdup (data_dir);
  restore_window_state (self);
  /* Opening the database and reading the catalog happen off the GUI thread. */
  mc_context_open_async (data_dir, self->cancellable, context_opened_cb, g_object_ref (self));
  return self;
}

McContext *
mc_window_get_context (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return self->context;
}

void
mc_window_toast (McWindow   *self,
                 const char *message)
{
  g_return_if_fail (MC_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

const char *
mc_window_get_page (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

void
mc_window_show_dossiers_in_state (McWindow       *self,
                                  McDossierState  state)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "dossiers") != 0)
    return;
  mc_dossiers_view_show_state (self->dossiers_view, state);
}
