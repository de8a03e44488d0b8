/* cli-util.h — running the real `motcua` binary from tests */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  int   status;    /* exit code */
  char *out;
  char *err;
} McRun;

static inline void
mc_run_clear (McRun *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

/* Runs `motcua ARGS… --data-dir DIR` with @input on stdin (nullable),
 * in the locale @lang (NULL: C.UTF-8, English messages). */
static inline McRun
mc_run_cli_lang (const char         *data_dir,
                 const char         *input,
                 const char         *lang,
                 const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("MOTCUA_CLI");
  McRun r = { 0 };

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  if (data_dir != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--data-dir");
      g_ptr_array_add (argv, (gpointer) data_dir);
    }
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "MOTCUA_DATA_DIR");
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_unsetenv (launcher, "LANG");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", lang != NULL ? lang : "C.UTF-8", TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, &r.out, &r.err, &error);
  g_assert_no_error (error);
  r.status = g_subprocess_get_exit_status (proc);
  return r;
}

static inline McRun
mc_run_cli (const char         *data_dir,
            const char         *input,
            const char * const *args)
{
  return mc_run_cli_lang (data_dir, input, NULL, args);
}

static inline JsonNode *
mc_parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  if (error != NULL)
    g_error ("not JSON (%s): %s", error->message, text);
  g_assert_nonnull (node);
  return node;
}

G_END_DECLS
