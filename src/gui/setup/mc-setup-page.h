/* mc-setup-page.h — first run: the unit's name and code, this PC's station */
#pragma once

#include <adwaita.h>

#include "mc-context.h"

G_BEGIN_DECLS

#define MC_TYPE_SETUP_PAGE (mc_setup_page_get_type ())
G_DECLARE_FINAL_TYPE (McSetupPage, mc_setup_page, MC, SETUP_PAGE, AdwBin)

GtkWidget *mc_setup_page_new         (void);
/* When the clerk confirms, the context's station is set and it emits
 * "station-changed". */
void       mc_setup_page_set_context (McSetupPage *self,
                                      McContext   *context);

G_END_DECLS
