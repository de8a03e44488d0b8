/* mc-window-sync.c — the main window's upload actions */
#define G_LOG_DOMAIN "motcua-sync-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-preferences-window.h"
#include "mc-window-sync.h"

static McSyncAgent *
get_agent (McWindow *self)
{
  McContext *context = mc_window_get_context (self);

  return context != NULL ? mc_context_get_sync_agent (context) : NULL;
}

static void
set_enabled (McWindow   *self,
             const char *name,
             gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
update_actions (McWindow *self)
{
  McSyncAgent *agent = get_agent (self);
  g_autoptr(McSyncStatus) status = agent != NULL ? mc_sync_agent_get_status (agent) : NULL;
  gboolean enrolled = status != NULL && status->phase != MC_SYNC_PHASE_NOT_ENROLLED;
  GAction *pause = g_action_map_lookup_action (G_ACTION_MAP (self), "pause-sync");

  set_enabled (self, "sync-now", enrolled && status->phase != MC_SYNC_PHASE_PAUSED);
  set_enabled (self, "pause-sync", agent != NULL);
  set_enabled (self, "show-attention", status != NULL && status->attention > 0);
  set_enabled (self, "sync-settings", agent != NULL);
  if (agent != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (pause), g_variant_new_boolean (mc_sync_agent_get_paused (agent)));
}

static void
sync_now_cb (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  McSyncAgent *agent = get_agent (user_data);

  if (agent == NULL)
    return;
  mc_sync_agent_sync_now (agent);
  /* F5 answers at once; the indicator tells how it goes. */
  mc_window_toast (MC_WINDOW (user_data), _("Trying the province’s server now…"));
}

static void
pause_sync_cb (GSimpleAction *action,
               GVariant      *value,
               gpointer       user_data)
{
  McSyncAgent *agent = get_agent (user_data);

  if (agent == NULL)
    return;
  mc_sync_agent_set_paused (agent, g_variant_get_boolean (value));
  g_simple_action_set_state (action, g_variant_new_boolean (mc_sync_agent_get_paused (agent)));
}

static void
show_attention_cb (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  McWindow *self = user_data;

  /* Not over a dossier being entered: it stays where it is. */
  if (g_strcmp0 (mc_window_get_page (self), "intake") == 0)
    {
      mc_window_toast (self, _("Save or cancel the dossier being entered first"));
      return;
    }
  mc_window_show_dossiers_in_state (self, MC_DOSSIER_STATE_NEEDS_ATTENTION);
}

static void
sync_settings_cb (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  McWindow *self = user_data;
  McContext *context = mc_window_get_context (self);
  GtkWidget *prefs;

  if (context == NULL)
    return;
  prefs = mc_preferences_window_new (GTK_WINDOW (self), context);
  mc_preferences_window_show_page (MC_PREFERENCES_WINDOW (prefs), "sync");
  gtk_window_present (GTK_WINDOW (prefs));
}

void
mc_window_sync_init (McWindow *self)
{
  static const GActionEntry entries[] = {
    { "sync-now", sync_now_cb },
    { "pause-sync", NULL, NULL, "false", pause_sync_cb },
    { "show-attention", show_attention_cb },
    { "sync-settings", sync_settings_cb },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  update_actions (self);
}

void
mc_window_sync_set_context (McWindow  *self,
                            McContext *context)
{
  McSyncAgent *agent = context != NULL ? mc_context_get_sync_agent (context) : NULL;

  if (agent != NULL)
    g_signal_connect_object (agent, "status-changed", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  update_actions (self);
}
