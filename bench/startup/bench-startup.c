/* bench-startup.c — start-up to first frame, against a bare libadwaita window
 *
 * Runs `motcua-desk --exit-after-startup --data-dir DIR` (DIR set up as a
 * station, so the main window opens, not the first-run page) and
 * bare-window (an empty AdwApplicationWindow that quits the same way)
 * N times each, interleaved one for one so a noisy neighbour on a shared
 * machine hits both alike, under the current display. Wall time from
 * spawn to exit. Prints median, min and max of each, the ratio of the
 * medians and the DESIGN §6 target (≤ 1.5× the bare window).
 *
 * Usage: bench-startup [--count N] [--strict] MOTCUA-DESK BARE-WINDOW
 * Exits 77 (skipped) when there is no display: run it under xvfb-run.
 */
#define G_LOG_DOMAIN "motcua-bench"

#include <gio/gio.h>
#include <stdlib.h>

#include "bench-stats.h"
#include "mc-core.h"
#include "test-util.h"

#define TARGET_RATIO     1.5
#define N_WARMUP         2
#define RUN_TIMEOUT_S    60

typedef struct
{
  GMainLoop   *loop;
  GSubprocess *proc;
  char        *err;
  GError      *error;
  gboolean     timed_out;
} Run;

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Run *run = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, NULL, &run->err, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Run *run = user_data;

  run->timed_out = TRUE;
  g_subprocess_force_exit (run->proc);
  return G_SOURCE_REMOVE;
}

/* Runs @argv to its exit; *@out_us is the wall time from spawn to exit. */
static gboolean
run_once (const char * const  *argv,
          gint64              *out_us,
          GError             **error)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Run run = { loop, NULL, NULL, NULL, FALSE };
  gint64 start, end;
  guint timeout_id;

  start = g_get_monotonic_time ();
  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (proc == NULL)
    return FALSE;
  run.proc = proc;
  timeout_id = g_timeout_add_seconds (RUN_TIMEOUT_S, timeout_cb, &run);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicate_cb, &run);
  g_main_loop_run (loop);
  end = g_get_monotonic_time ();
  if (!run.timed_out)
    g_source_remove (timeout_id);

  if (run.error != NULL)
    {
      g_propagate_error (error, run.error);
      g_free (run.err);
      return FALSE;
    }
  if (run.timed_out || !g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s %s%s:\n%s", argv[0],
                   run.timed_out ? "did not exit within the time limit" : "failed",
                   g_subprocess_get_if_exited (proc) ? "" : " (killed by a signal)",
                   run.err != NULL ? run.err : "");
      g_free (run.err);
      return FALSE;
    }

  g_free (run.err);
  *out_us = end - start;
  return TRUE;
}

static void
print_row (const char       *label,
           const BenchStats *s)
{
  g_print ("  %-34s %8.1f %8.1f %8.1f\n", label, s->median, s->min, s->max);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GArray) app_us = NULL;
  g_autoptr(GArray) bare_us = NULL;
  g_autoptr(McStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data_dir = NULL;
  int count = 10;
  gboolean strict = FALSE;
  gboolean keep = FALSE;
  BenchStats as, bs;
  double ratio;
  int status = EXIT_SUCCESS;
  GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Start-ups of each program to time (default 10)", "N" },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict, "Exit with 1 when the target is missed", NULL },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the temporary data dir", NULL },
    { NULL },
  };

  context = g_option_context_new ("MOTCUA-DESK BARE-WINDOW - start-up time against a bare libadwaita window");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || count < 1 || argc != 3)
    {
      g_printerr ("bench-startup: %s\n",
                  error != NULL ? error->message : "usage: bench-startup [--count N] [--strict] MOTCUA-DESK BARE-WINDOW");
      return 2;
    }

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("bench-startup: skipped, no display (run it under xvfb-run)\n");
      return 77;
    }

  /* A set-up station, so the desk opens its main window. */
  dir = g_dir_make_tmp ("motcua-bench-startup-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("bench-startup: %s\n", error->message);
      return 1;
    }
  data_dir = g_build_filename (dir, "data", NULL);
  store = mc_test_open_store (data_dir, 1);
  g_clear_object (&store);

  {
    const char *app_argv[] = { argv[1], "--exit-after-startup", "--data-dir", data_dir, NULL };
    const char *bare_argv[] = { argv[2], NULL };

    app_us = g_array_new (FALSE, FALSE, sizeof (gint64));
    bare_us = g_array_new (FALSE, FALSE, sizeof (gint64));

    /* Warm-up: page cache, fontconfig and icon caches, the shader cache. */
    for (int i = 0; i < N_WARMUP + count; i++)
      {
        gint64 a, b;

        if (!run_once (app_argv, &a, &error) || !run_once (bare_argv, &b, &error))
          {
            g_printerr ("bench-startup: %s\n", error->message);
            status = EXIT_FAILURE;
            goto out;
          }
        if (i >= N_WARMUP)
          {
            g_array_append_val (app_us, a);
            g_array_append_val (bare_us, b);
          }
      }
  }

  as = bench_stats_ms (app_us);
  bs = bench_stats_ms (bare_us);
  ratio = bs.median > 0 ? as.median / bs.median : 0;

  g_print ("Start-up to first frame, %d runs each after %d warm-up (ms), display %s\n",
           count, N_WARMUP, g_getenv ("WAYLAND_DISPLAY") != NULL ? "wayland" : g_getenv ("DISPLAY"));
  g_print ("  %-34s %8s %8s %8s\n", "", "median", "min", "max");
  print_row ("motcua-desk --exit-after-startup", &as);
  print_row ("bare AdwApplicationWindow", &bs);
  /* ASCII only: g_print() turns other characters into '?' in the C locale. */
  g_print ("  ratio of medians: %.2fx (target <= %.1fx): %s\n",
           ratio, TARGET_RATIO, ratio <= TARGET_RATIO ? "met" : "MISSED");

  if (strict && ratio > TARGET_RATIO)
    status = EXIT_FAILURE;

out:
  if (keep)
    g_print ("  kept %s\n", dir);
  else
    mc_test_rm_rf (dir);
  return status;
}
