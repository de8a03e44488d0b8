/* mc-window-sync.h — the main window's upload actions
 *
 * win.sync-now (F5), win.pause-sync (stateful, boolean),
 * win.show-attention (the list filtered to dossiers that need attention)
 * and win.sync-settings (Preferences on its Sync page), in the window's
 * GActionMap, following the context's McSyncAgent.
 */
#pragma once

#include "mc-window.h"

G_BEGIN_DECLS

/* From the window's init. */
void mc_window_sync_init        (McWindow  *self);
/* Once the context is open. */
void mc_window_sync_set_context (McWindow  *self,
                                 McContext *context);

G_END_DECLS
