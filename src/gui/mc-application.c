/* mc-application.c — the MotCua Desk application */
#define G_LOG_DOMAIN "motcua-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-scan.h"
#include "mc-preferences-window.h"
#include "mc-window.h"

struct _McApplication
{
  AdwApplication  parent_instance;

  char           *data_dir;
  GSettings      *settings;
  gboolean        exit_after_startup;
};

G_DEFINE_FINAL_TYPE (McApplication, mc_application, ADW_TYPE_APPLICATION)

GSettings *
mc_application_create_settings (void)
{
  GSettingsSchemaSource *installed = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaSource) build = NULL;

  if (installed != NULL)
    schema = g_settings_schema_source_lookup (installed, APP_ID, TRUE);

#ifdef MC_BUILD_SCHEMA_DIR
  /* An uninstalled build (the README's first command) runs from the build
   * tree, where the schema is compiled. */
  if (schema == NULL)
    {
      build = g_settings_schema_source_new_from_directory (MC_BUILD_SCHEMA_DIR, installed, FALSE, NULL);
      if (build != NULL)
        schema = g_settings_schema_source_lookup (build, APP_ID, FALSE);
    }
#endif

  if (schema == NULL)
    {
      g_warning ("The settings schema %s is not installed; window size and filters will not be remembered", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static gboolean
quit_after_frame_cb (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       user_data)
{
  /* The first frame has been drawn: start-up is over. */
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

static void
mc_application_activate (GApplication *app)
{
  McApplication *self = MC_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      g_autofree char *dir = mc_core_resolve_data_dir (self->data_dir);

      window = GTK_WINDOW (mc_window_new (GTK_APPLICATION (app), dir));
      if (self->exit_after_startup)
        gtk_widget_add_tick_callback (GTK_WIDGET (window), quit_after_frame_cb, app, NULL);
    }

  gtk_window_present (window);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { "MotCua Desk developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("MotCua Desk"),
                        "application-icon", APP_ID,
                        "developer-name", _("MotCua Desk developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Offline intake of administrative-procedure dossiers for the one-stop desk"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  McContext *context;

  if (!MC_IS_WINDOW (parent) || (context = mc_window_get_context (MC_WINDOW (parent))) == NULL ||
      mc_context_get_station (context) == NULL)
    return;

  gtk_window_present (GTK_WINDOW (mc_preferences_window_new (parent, context)));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
mc_application_startup (GApplication *app)
{
  static const GActionEntry actions[] = {
    { "about", about_action },
    { "preferences", preferences_action },
    { "quit", quit_action },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  static const char *new_accels[] = { "<Control>n", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *sync_accels[] = { "F5", NULL };
  McApplication *self = MC_APPLICATION (app);

  G_APPLICATION_CLASS (mc_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.new-dossier", new_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.search", search_accels);
  /* Not Ctrl+Shift+S: one slip of Shift while saving a dossier (Ctrl+S). */
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.sync-now", sync_accels);

  self->settings = mc_application_create_settings ();
}

static void
mc_application_shutdown (GApplication *app)
{
  /* Ctrl+Q stops the main loop without closing windows: write what the
   * clerk typed and wait for every queued write before the process ends. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (MC_IS_WINDOW (l->data))
      mc_window_prepare_quit (MC_WINDOW (l->data));
  /* sane_exit () on the scanner's own thread, so a USB scanner is left in
   * a clean state for the next start. */
  mc_scanner_shutdown (mc_scanner_get_default ());

  G_APPLICATION_CLASS (mc_application_parent_class)->shutdown (app);
}

static int
mc_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  McApplication *self = MC_APPLICATION (app);
  const char *dir = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("motcua-desk %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &dir))
    mc_application_set_data_dir (self, dir);
  self->exit_after_startup = g_variant_dict_contains (options, "exit-after-startup");

  return -1;
}

static void
mc_application_finalize (GObject *object)
{
  McApplication *self = (McApplication *) object;

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (mc_application_parent_class)->finalize (object);
}

static void
mc_application_class_init (McApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = mc_application_finalize;
  app_class->activate = mc_application_activate;
  app_class->startup = mc_application_startup;
  app_class->shutdown = mc_application_shutdown;
  app_class->handle_local_options = mc_application_handle_local_options;
}

static void
mc_application_init (McApplication *self)
{
  static const GOptionEntry options[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Data folder (default: $MOTCUA_DATA_DIR or ~/.local/share/motcua-desk)"), N_("DIR") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    /* Hidden: for smoke tests and start-up measurement. */
    { "exit-after-startup", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL, NULL, NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

McApplication *
mc_application_new (void)
{
  return g_object_new (MC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/motcua/Desk",
                       NULL);
}

void
mc_application_set_data_dir (McApplication *self,
                             const char    *data_dir)
{
  g_return_if_fail (MC_IS_APPLICATION (self));
  g_free (self->data_dir);
  self->data_dir = g_strdup (data_dir);
}

const char *
mc_application_get_data_dir (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);
  return self->data_dir;
}

GSettings *
mc_application_get_settings (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);
  return self->settings;
}
