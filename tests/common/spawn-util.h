/* spawn-util.h — the command line and environment of motcua and
 * motcua-server when a test runs them
 *
 * Shared by cli-util.h (a run with pipes) and sync-util-base.h (a process
 * with its output in files), so both run the programs the same way.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* `@exe ARGS… [--data-dir DIR]`, NULL-terminated; the strings are borrowed. */
static inline GPtrArray *
mc_spawn_argv (const char         *exe,
               const char         *data_dir,
               const char * const *args)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_assert_nonnull (exe);
  g_ptr_array_add (argv, (gpointer) exe);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  if (data_dir != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--data-dir");
      g_ptr_array_add (argv, (gpointer) data_dir);
    }
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* A launcher whose children see only the data dir given on their command
 * line (no MOTCUA_DATA_DIR) and speak @lang (NULL: C.UTF-8, English
 * messages) whatever the test's own locale. */
static inline GSubprocessLauncher *
mc_spawn_launcher_new (GSubprocessFlags  flags,
                       const char       *lang)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_unsetenv (launcher, "MOTCUA_DATA_DIR");
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_unsetenv (launcher, "LANG");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", lang != NULL ? lang : "C.UTF-8", TRUE);
  return launcher;
}

G_END_DECLS
