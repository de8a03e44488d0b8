/* mc-core.c — process-wide helpers of the core library */
#define G_LOG_DOMAIN "motcua-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "mc-core-env.h"

const char *
mc_core_uninstalled_root (void)
{
#ifdef MC_BUILD_ROOT
  static gsize once;
  static const char *root;

  if (g_once_init_enter (&once))
    {
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

      if (exe != NULL && g_str_has_prefix (exe, MC_BUILD_ROOT G_DIR_SEPARATOR_S))
        root = MC_BUILD_ROOT;
      g_once_init_leave (&once, 1);
    }
  return root;
#else
  return NULL;
#endif
}

/* Where the message catalogs are: MOTCUA_LOCALEDIR when set (the tests);
 * the build tree's po/ when this program runs uninstalled from that tree
 * (the README's first command), since nothing is installed under LOCALEDIR
 * then and the desk would speak English on a Vietnamese system; else the
 * installed LOCALEDIR. */
static char *
mc_core_localedir (void)
{
  const char *dir = g_getenv ("MOTCUA_LOCALEDIR");
  const char *root = mc_core_uninstalled_root ();

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);
  if (root != NULL)
    {
      g_autofree char *built = g_build_filename (root, "po", NULL);

      if (g_file_test (built, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&built);
    }
  return g_strdup (LOCALEDIR);
}

void
mc_core_init_i18n (void)
{
  g_autofree char *dir = mc_core_localedir ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

char *
mc_core_resolve_data_dir (const char *explicit_dir)
{
  const char *env;

  if (explicit_dir != NULL && *explicit_dir != '\0')
    return g_canonicalize_filename (explicit_dir, NULL);

  env = g_getenv ("MOTCUA_DATA_DIR");
  if (env != NULL && *env != '\0')
    return g_canonicalize_filename (env, NULL);

  return g_build_filename (g_get_user_data_dir (), "motcua-desk", NULL);
}

GTimeZone *
mc_core_vietnam_tz (void)
{
  /* Vietnam has kept UTC+7 without daylight saving since 1975; a fixed
   * offset does not depend on the tzdata of the machine (or the sandbox). */
  return g_time_zone_new_offset (7 * 3600);
}

char *
mc_core_format_time (GDateTime *time)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) local = g_date_time_to_timezone (time, tz);

  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

/* Interned, so a pointer handed out stays valid when the clerk changes. */
static const char *clerk;

void
mc_core_set_clerk (const char *full_name)
{
  g_atomic_pointer_set (&clerk, full_name != NULL && *full_name != '\0'
                                ? g_intern_string (full_name) : NULL);
}

const char *
mc_core_get_clerk (void)
{
  return g_atomic_pointer_get (&clerk);
}

const char *
mc_core_get_actor (void)
{
  const char *actor = g_getenv ("MOTCUA_ACTOR");
  const char *name = mc_core_get_clerk ();

  if (actor != NULL && *actor != '\0')
    return actor;
  if (name != NULL)
    return name;
  return g_get_user_name ();
}
