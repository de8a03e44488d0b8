/* mc-core-env.h — process-wide helpers: i18n, the data dir, Vietnam time, the actor */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Binds the gettext domain (MOTCUA_LOCALEDIR overrides the installed
 * locale dir, for tests; an uninstalled program uses the build tree's
 * catalogs). Call once from main(). */
void        mc_core_init_i18n        (void);

/* The build tree this program runs from uninstalled (the README's first
 * command, the tests), or NULL when it runs installed. */
const char *mc_core_uninstalled_root (void);

/* The data dir: @explicit_dir if given, else $MOTCUA_DATA_DIR, else
 * $XDG_DATA_HOME/motcua-desk. */
char       *mc_core_resolve_data_dir (const char *explicit_dir);

/* Vietnam time (UTC+7, no DST since 1975). */
GTimeZone  *mc_core_vietnam_tz       (void);

/* Formats an ISO 8601 time in Vietnam time with offset, "2026-11-23T09:15:00+07:00". */
char       *mc_core_format_time      (GDateTime *time);

/* Who is acting, for the history and the uploads: $MOTCUA_ACTOR (for
 * scripts), else the receiving clerk (mc_core_set_clerk ()), else the
 * login name. The string stays valid for the life of the process. */
const char *mc_core_get_actor        (void);

/* The receiving clerk's full name for this process, NULL or "" to forget
 * it. The store sets it from its settings when it opens (mc_store_set_clerk
 * () keeps one); the desk may switch it for the session. Thread-safe. */
void        mc_core_set_clerk        (const char *full_name);
/* The clerk set above (interned), or NULL. */
const char *mc_core_get_clerk        (void);

G_END_DECLS
