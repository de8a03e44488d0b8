/* mc-application.h — the MotCua Desk application */
#pragma once

#include <adwaita.h>

#include "mc-context.h"

G_BEGIN_DECLS

#define MC_TYPE_APPLICATION (mc_application_get_type ())
G_DECLARE_FINAL_TYPE (McApplication, mc_application, MC, APPLICATION, AdwApplication)

McApplication *mc_application_new          (void);
/* Overrides the data dir (else --data-dir, $MOTCUA_DATA_DIR, XDG). Before activation. */
void           mc_application_set_data_dir (McApplication *self,
                                            const char    *data_dir);
const char    *mc_application_get_data_dir (McApplication *self);
GSettings     *mc_application_get_settings (McApplication *self);

/* Loads the GSettings schema from the installed location, or, for an
 * uninstalled build, from the build tree. */
GSettings     *mc_application_create_settings (void);

G_END_DECLS
