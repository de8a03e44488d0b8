/* mc-sync-indicator.h — the header bar's upload status and its popover
 *
 * Follows the context's McSyncAgent: an icon and a short text (offline ·
 * 12 waiting, uploading 3 of 12 …, all uploaded, N need attention); the
 * popover has the details and the window's sync actions (win.sync-now,
 * win.pause-sync, win.show-attention, win.sync-settings).
 */
#pragma once

#include <adwaita.h>

#include "mc-context.h"

G_BEGIN_DECLS

#define MC_TYPE_SYNC_INDICATOR (mc_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (McSyncIndicator, mc_sync_indicator, MC, SYNC_INDICATOR, AdwBin)

GtkWidget  *mc_sync_indicator_new         (void);
void        mc_sync_indicator_set_context (McSyncIndicator *self,
                                           McContext       *context);
/* What the label says now. */
const char *mc_sync_indicator_get_text    (McSyncIndicator *self);

G_END_DECLS
