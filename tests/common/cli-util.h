/* cli-util.h — running the real `motcua` binary from tests */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "spawn-util.h"

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
  const char *cli = g_getenv ("MOTCUA_CLI");
  g_autoptr(GPtrArray) argv = mc_spawn_argv (cli, data_dir, args);
  g_autoptr(GSubprocessLauncher) launcher = mc_spawn_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                   G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                   G_SUBPROCESS_FLAGS_STDERR_PIPE, lang);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  McRun r = { 0 };

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
