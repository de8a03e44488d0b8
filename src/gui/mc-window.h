/* mc-window.h — the desk's main window */
#pragma once

#include <adwaita.h>

#include "mc-context.h"

G_BEGIN_DECLS

#define MC_TYPE_WINDOW (mc_window_get_type ())
G_DECLARE_FINAL_TYPE (McWindow, mc_window, MC, WINDOW, AdwApplicationWindow)

McWindow  *mc_window_new          (GtkApplication *app,
                                   const char     *data_dir);
/* NULL while the data is opening, or if it could not be opened. */
McContext *mc_window_get_context  (McWindow       *self);
/* Shows a transient message at the bottom of the window. */
void       mc_window_toast        (McWindow       *self,
                                   const char     *message);
/* Writes the form's pending draft and finishes every queued write. */
void       mc_window_prepare_quit (McWindow       *self);
/* The visible page: "loading", "error", "setup", "dossiers", "intake". */
const char *mc_window_get_page    (McWindow       *self);
/* On the dossier list: clears its filters and shows the dossiers in @state. */
void       mc_window_show_dossiers_in_state (McWindow       *self,
                                             McDossierState  state);

G_END_DECLS
