/* mc-dossiers-view.h — the dossier list with search, filters and details */
#pragma once

#include <adwaita.h>

#include "mc-context.h"

G_BEGIN_DECLS

#define MC_TYPE_DOSSIERS_VIEW (mc_dossiers_view_get_type ())
G_DECLARE_FINAL_TYPE (McDossiersView, mc_dossiers_view, MC, DOSSIERS_VIEW, AdwBin)

GtkWidget *mc_dossiers_view_new          (void);
void       mc_dossiers_view_set_context  (McDossiersView *self,
                                          McContext      *context);
/* Opens the details of the dossier @uuid_or_code. */
void       mc_dossiers_view_show_dossier (McDossiersView *self,
                                          const char     *uuid_or_code);
void       mc_dossiers_view_focus_search (McDossiersView *self);
/* Clears the other filters and shows the dossiers in @state. */
void       mc_dossiers_view_show_state   (McDossiersView *self,
                                          McDossierState  state);
/* The header's primary menu and its button: the window adds the clerk's
 * section (mc-window-clerk.c). */
GMenu         *mc_dossiers_view_get_primary_menu (McDossiersView *self);
GtkMenuButton *mc_dossiers_view_get_menu_button  (McDossiersView *self);

G_END_DECLS
