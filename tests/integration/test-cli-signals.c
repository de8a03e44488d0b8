/* test-cli-signals.c — the CLI's signal watch (issue 13, row 6)
 *
 * `motcua sync --once` that returned fast hung for good, deaf to SIGTERM:
 * the signal thread was told to quit before its loop had started, and
 * the quit was lost. Watching and unwatching at once must always return,
 * and a SIGTERM while watched must cancel.
 */
#include <signal.h>
#include <unistd.h>

#include "cli-signals.h"

static gpointer
watchdog_thread (gpointer data)
{
  g_usleep (60 * G_USEC_PER_SEC);
  /* g_error from here would not stop a hung join: leave loudly. */
  g_printerr ("Bail out! the signal watch did not return within 60 s\n");
  _exit (1);
}

static void
test_unwatch_at_once (void)
{
  g_autoptr(GThread) watchdog = g_thread_new ("watchdog", watchdog_thread, NULL);

  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      McCliSignals *watch = mc_cli_signals_watch (cancellable);

      mc_cli_signals_unwatch (watch);
      g_assert_false (g_cancellable_is_cancelled (cancellable));
    }
}

static void
test_sigterm_cancels (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  McCliSignals *watch = mc_cli_signals_watch (cancellable);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_cmpint (kill (getpid (), SIGTERM), ==, 0);
  while (!g_cancellable_is_cancelled (cancellable) && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_true (g_cancellable_is_cancelled (cancellable));
  mc_cli_signals_unwatch (watch);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/signals/unwatch-at-once", test_unwatch_at_once);
  g_test_add_func ("/cli/signals/sigterm-cancels", test_sigterm_cancels);
  return g_test_run ();
}
