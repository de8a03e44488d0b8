/* mc-sync-preferences-page.h — Preferences → Sync: the province's server
 *
 * Connects this desk (mc_sync_enrol, token in the Secret Service) off the
 * main thread with a spinner, says what went wrong in the page, and
 * disconnects it after a confirmation. The token is never shown back.
 */
#pragma once

#include <adwaita.h>

#include "mc-context.h"

G_BEGIN_DECLS

#define MC_TYPE_SYNC_PREFERENCES_PAGE (mc_sync_preferences_page_get_type ())
G_DECLARE_FINAL_TYPE (McSyncPreferencesPage, mc_sync_preferences_page, MC, SYNC_PREFERENCES_PAGE,
                      AdwPreferencesPage)

GtkWidget *mc_sync_preferences_page_new (McContext *context);

G_END_DECLS
