/* mc-sync-station.c — what a run's threads share: events for the engine's
 * thread, stopping the run, and the station-wide pause after 429/503
 *
 * Apart from mc-sync-engine.c so that the workers (mc-sync-worker.c) and
 * the pull (mc-sync-pull.c) use it without calling back into the engine
 * that starts them.
 */
#define G_LOG_DOMAIN "motcua-sync"

#include "config.h"

#include "mc-sync-run-private.h"

void
mc_sync_event_free (McSyncEvent *e)
{
  g_free (e->uuid);
  g_free (e);
}

void
mc_sync_engine_post (McSyncEngine    *self,
                     McSyncEventKind  kind,
                     gint64           bytes,
                     const char      *uuid)
{
  McSyncEvent *e = g_new0 (McSyncEvent, 1);

  e->kind = kind;
  e->bytes = bytes;
  e->uuid = g_strdup (uuid);
  g_mutex_lock (&self->events_lock);
  g_queue_push_tail (&self->events, e);
  if (kind == MC_SYNC_EVENT_WORKER_DONE)
    {
      self->events_urgent = TRUE;
      g_cond_signal (&self->events_cond);
    }
  g_mutex_unlock (&self->events_lock);
}

gint64
mc_sync_now_ms (void)
{
  return g_get_real_time () / 1000;
}

void
mc_sync_engine_stop_all (McSyncEngine *self,
                         gboolean      blocked,
                         const char   *message)
{
  g_mutex_lock (&self->mutex);
  if (blocked)
    self->blocked = TRUE;
  else
    self->unreachable = TRUE;
  if (self->stop_message == NULL)
    self->stop_message = g_strdup (message);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

gint64
mc_sync_engine_busy_backoff (McSyncEngine *self)
{
  gint64 ms;

  g_mutex_lock (&self->mutex);
  ms = mc_sync_backoff_ms (++self->busy_failures, mc_sync_backoff_base_ms (), mc_sync_backoff_cap_ms ());
  g_mutex_unlock (&self->mutex);
  return ms;
}

void
mc_sync_engine_busy_reset (McSyncEngine *self)
{
  g_mutex_lock (&self->mutex);
  self->busy_failures = 0;
  g_mutex_unlock (&self->mutex);
}

void
mc_sync_engine_pause (McSyncEngine *self,
                      gint64        wait_ms)
{
  g_autoptr(GError) error = NULL;
  gint64 until = g_get_real_time () + wait_ms * 1000;

  g_mutex_lock (&self->mutex);
  if (until > self->pause_until)
    {
      self->pause_until = until;
      /* Under the lock, so the stored pause is the latest one; rounded up
       * so that a later run never starts before it. */
      if (!mc_store_sync_set_pause (self->store, (until + 999) / 1000, &error))
        g_warning ("Saving the server's Retry-After: %s", error->message);
    }
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}
