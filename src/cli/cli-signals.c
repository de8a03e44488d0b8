/* cli-signals.c — SIGINT/SIGTERM cancel a command that blocks its thread */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib-unix.h>
#include <signal.h>

#include "cli-signals.h"

struct _McCliSignals
{
  GMainContext *context;
  GCancellable *cancellable;
  GThread      *thread;
  gint          stop;   /* atomic */
};

static gboolean
on_signal_cb (gpointer data)
{
  McCliSignals *watch = data;

  g_cancellable_cancel (watch->cancellable);
  return G_SOURCE_CONTINUE;
}

static gpointer
signal_thread (gpointer data)
{
  McCliSignals *watch = data;

  /* Not a GMainLoop: g_main_loop_quit () before the thread reached
   * g_main_loop_run () was lost, and a command that returned fast then
   * waited for ever in g_thread_join, deaf to the signals this thread had
   * taken over (issue 13). The flag is seen whenever the thread starts,
   * and a wakeup stays pending until the next iteration polls it. */
  g_main_context_push_thread_default (watch->context);
  while (!g_atomic_int_get (&watch->stop))
    g_main_context_iteration (watch->context, TRUE);
  g_main_context_pop_thread_default (watch->context);
  return NULL;
}

McCliSignals *
mc_cli_signals_watch (GCancellable *cancellable)
{
  int signals[] = { SIGINT, SIGTERM };
  McCliSignals *watch = g_new0 (McCliSignals, 1);

  watch->context = g_main_context_new ();
  watch->cancellable = g_object_ref (cancellable);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      g_autoptr(GSource) source = g_unix_signal_source_new (signals[i]);

      g_source_set_callback (source, on_signal_cb, watch, NULL);
      g_source_attach (source, watch->context);
    }
  watch->thread = g_thread_new ("motcua-signals", signal_thread, watch);
  return watch;
}

void
mc_cli_signals_unwatch (McCliSignals *watch)
{
  g_atomic_int_set (&watch->stop, 1);
  g_main_context_wakeup (watch->context);
  g_thread_join (watch->thread);
  g_main_context_unref (watch->context);
  g_object_unref (watch->cancellable);
  g_free (watch);
}
