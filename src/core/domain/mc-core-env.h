/* mc-core-env.h — process-wide helpers: i18n, the data dir, Vietnam time, the actor */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Binds the gettext domain (MOTCUA_LOCALEDIR overrides the installed
 * locale dir, for uninstalled runs and tests). Call once from main(). */
void        mc_core_init_i18n        (void);

/* The data dir: @explicit_dir if given, else $MOTCUA_DATA_DIR, else
 * $XDG_DATA_HOME/motcua-desk. */
char       *mc_core_resolve_data_dir (const char *explicit_dir);

/* Vietnam time (UTC+7, no DST since 1975). */
GTimeZone  *mc_core_vietnam_tz       (void);

/* Formats an ISO 8601 time in Vietnam time with offset, "2026-11-23T09:15:00+07:00". */
char       *mc_core_format_time      (GDateTime *time);

/* Who is acting, for the event history: $MOTCUA_ACTOR or the login name. */
const char *mc_core_get_actor        (void);

G_END_DECLS
