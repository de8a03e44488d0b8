/* mc-window-clerk.h — who is receiving, in the main window
 *
 * Several clerks may share a station. The header's primary menu says who
 * is receiving ("Receiving clerk: NAME", also in the window's title and
 * the menu button's tooltip), offers the names used lately (win.clerk,
 * stateful, the name as target) and "Change Receiving Clerk…"
 * (win.switch-clerk: a name typed and checked as a person's name). A
 * switch holds until the desk is closed; Preferences keeps the default.
 */
#pragma once

#include "mc-dossiers-view.h"
#include "mc-window.h"

G_BEGIN_DECLS

/* From the window's init. */
void mc_window_clerk_init        (McWindow       *self);
/* Once the context is open; @view holds the primary menu. */
void mc_window_clerk_set_context (McWindow       *self,
                                  McContext      *context,
                                  McDossiersView *view);

G_END_DECLS
