/* mc-sync-deadline.c — limits on an exchange, fired by one thread
 *
 * Deadlines fire on one timer thread for the whole process: the worker
 * threads are blocked in soup_session_send and cannot run a timeout.
 * Arming and disarming one only takes a mutex. The thread sleeps until
 * the earliest deadline and is woken only for one earlier than that: rare,
 * as every request's limits have the same lengths, so a new one ends
 * last. (One GSource per limit on a GMainContext woke the thread twice a
 * limit, 14 times a dossier.)
 */
#define G_LOG_DOMAIN "motcua-sync"

#include "config.h"

#include "mc-sync-deadline.h"

static GMutex     deadlines_lock;
static GCond      deadlines_cond;      /* the timer thread's */
static GCond      deadlines_cancelled; /* mc_sync_deadline_disarm ()'s */
static GPtrArray *deadlines_armed;
static gint64     deadlines_wake_at = G_MAXINT64;

static gint64
deadline_next (const McSyncDeadline *d)
{
  gint64 a = d->connect_at > 0 ? d->connect_at : G_MAXINT64, b = d->total_at > 0 ? d->total_at : G_MAXINT64;

  return MIN (a, b);
}

static gpointer
timer_thread (gpointer data)
{
  (void) data;
  g_mutex_lock (&deadlines_lock);
  for (;;)
    {
      gint64 now = g_get_monotonic_time (), next = G_MAXINT64;
      McSyncDeadline *due = NULL;

      for (guint i = 0; i < deadlines_armed->len && due == NULL; i++)
        {
          McSyncDeadline *d = deadlines_armed->pdata[i];
          gint64 at = deadline_next (d);

          if (at <= now)
            due = d;
          else
            next = MIN (next, at);
        }
      if (due != NULL)
        {
          /* Cancelled without the lock (whatever is connected to the
           * cancellable runs now); mc_sync_deadline_disarm () waits for
           * it, so the request's cancellable is never cancelled once it
           * returns. */
          g_ptr_array_remove_fast (deadlines_armed, due);
          due->fired = TRUE;
          due->cancelling = TRUE;
          g_mutex_unlock (&deadlines_lock);
          g_cancellable_cancel (due->cancellable);
          g_mutex_lock (&deadlines_lock);
          due->cancelling = FALSE;
          g_cond_broadcast (&deadlines_cancelled);
          continue;
        }
      deadlines_wake_at = next;
      if (next == G_MAXINT64)
        g_cond_wait (&deadlines_cond, &deadlines_lock);
      else
        g_cond_wait_until (&deadlines_cond, &deadlines_lock, next);
    }
  g_mutex_unlock (&deadlines_lock);
  return NULL;
}

void
mc_sync_deadline_arm (McSyncDeadline *d,
                      GCancellable   *cancellable,
                      guint           connect_ms,
                      guint           total_ms)
{
  static gsize once;
  gint64 now = g_get_monotonic_time ();

  if (g_once_init_enter (&once))
    {
      deadlines_armed = g_ptr_array_new ();
      g_thread_unref (g_thread_new ("mc-sync-timer", timer_thread, NULL));
      g_once_init_leave (&once, 1);
    }
  d->cancellable = cancellable;
  d->fired = FALSE;
  d->cancelling = FALSE;
  d->connect_at = now + (gint64) connect_ms * 1000;
  d->total_at = total_ms > 0 ? now + (gint64) total_ms * 1000 : 0;
  g_mutex_lock (&deadlines_lock);
  g_ptr_array_add (deadlines_armed, d);
  if (deadline_next (d) < deadlines_wake_at)
    g_cond_signal (&deadlines_cond);
  g_mutex_unlock (&deadlines_lock);
}

/* Only ever later: the thread needs no waking. */
void
mc_sync_deadline_connected (McSyncDeadline *d)
{
  g_mutex_lock (&deadlines_lock);
  d->connect_at = 0;
  g_mutex_unlock (&deadlines_lock);
}

gboolean
mc_sync_deadline_disarm (McSyncDeadline *d)
{
  gboolean fired;

  g_mutex_lock (&deadlines_lock);
  g_ptr_array_remove_fast (deadlines_armed, d);
  while (d->cancelling)
    g_cond_wait (&deadlines_cancelled, &deadlines_lock);
  fired = d->fired;
  g_mutex_unlock (&deadlines_lock);
  return fired;
}

