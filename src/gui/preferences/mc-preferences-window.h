/* mc-preferences-window.h — the unit's name and code, this PC's station */
#pragma once

#include <adwaita.h>

#include "mc-context.h"

G_BEGIN_DECLS

#define MC_TYPE_PREFERENCES_WINDOW (mc_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (McPreferencesWindow, mc_preferences_window, MC, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *mc_preferences_window_new (GtkWindow *parent,
                                      McContext *context);
/* Shows the page @name: "desk" or "sync". */
void       mc_preferences_window_show_page (McPreferencesWindow *self,
                                            const char          *name);

G_END_DECLS
