/* mc-sync-agent.c — uploads by themselves, for the GUI (docs/sync-protocol.md §9.5)
 *
 * One thread runs the engine whenever there is work: when kicked, when an
 * item's retry time comes (or the server's Retry-After ends), when the
 * network monitor reports a change (a hint only: the probe of /api/v1/info
 * decides), every limits.changes_poll_interval to pull status changes, and
 * probes with backoff while offline. Everything it reports is re-emitted on the main context
 * of the thread that created it; nothing here blocks that thread.
 */
#define G_LOG_DOMAIN "motcua-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-sync-engine-private.h"
#include "mc-sync-private.h"

#define BLOCKED_RETRY_S   (30 * 60)
/* run_once (): nothing to do until mc_sync_agent_sync_now (), an enrolment,
 * an unpause or stop wakes the thread. */
#define UNTIL_WOKEN     (-1)

struct _McSyncAgent
{
  GObject        parent_instance;

  McStore       *store;
  GMainContext  *owner;
  GThread       *thread;
  GNetworkMonitor *monitor;
  gulong         monitor_id;

  GMutex         mutex;
  GCond          cond;
  gboolean       stop;
  gboolean       wake;            /* kick, sync now, network change */
  gboolean       reset_backoff;   /* sync now */
  gboolean       paused;
  gboolean       paused_dirty;    /* to be saved by the thread */
  GCancellable  *run_cancel;      /* the engine run in progress */
  gint64         poll_s;          /* the server's limits.changes_poll_interval (thread only) */
  McSyncStatus  *status;
};

G_DEFINE_FINAL_TYPE (McSyncAgent, mc_sync_agent, G_TYPE_OBJECT)

enum { SIGNAL_STATUS_CHANGED, SIGNAL_DOSSIER_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* --- back to the owner's main context -------------------------------------------- */

typedef struct
{
  McSyncAgent *agent;
  char        *uuid;   /* NULL: status */
} Notice;

static void
notice_free (gpointer data)
{
  Notice *n = data;

  g_object_unref (n->agent);
  g_free (n->uuid);
  g_free (n);
}

static gboolean
notice_cb (gpointer data)
{
  Notice *n = data;

  if (n->uuid != NULL)
    g_signal_emit (n->agent, signals[SIGNAL_DOSSIER_CHANGED], 0, n->uuid);
  else
    g_signal_emit (n->agent, signals[SIGNAL_STATUS_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
notify_owner (McSyncAgent *self,
              const char  *uuid)
{
  Notice *n = g_new0 (Notice, 1);
  GSource *source = g_idle_source_new ();

  n->agent = g_object_ref (self);
  n->uuid = g_strdup (uuid);
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, notice_cb, n, notice_free);
  g_source_attach (source, self->owner);
  g_source_unref (source);
}

static void
publish (McSyncAgent        *self,
         const McSyncStatus *status)
{
  g_mutex_lock (&self->mutex);
  mc_sync_status_free (self->status);
  self->status = mc_sync_status_copy (status);
  g_mutex_unlock (&self->mutex);
  notify_owner (self, NULL);
}

static void
publish_phase (McSyncAgent *self,
               McSyncPhase  phase,
               const char  *message)
{
  McSyncStatus s = { 0 };
  McSyncCounts counts = { 0 };

  g_mutex_lock (&self->mutex);
  if (self->status != NULL)
    s = *self->status;
  g_mutex_unlock (&self->mutex);
  if (mc_store_sync_count (self->store, g_get_real_time () / 1000, &counts, NULL))
    {
      gint64 now = g_get_real_time () / 1000, next = mc_store_sync_next_attempt_for (self->store, now, &counts);

      s.queued = counts.queued;
      s.attention = counts.attention;
      s.next_attempt_at = next > now ? (next + 999) / 1000 : 0;
    }
  s.phase = phase;
  s.message = (char *) message;
  s.seconds_left = -1;
  s.batch_total = s.batch_done = 0;
  s.bytes_total = s.bytes_sent = 0;
  publish (self, &s);
}

static void
on_engine_status_cb (McSyncEngine *engine,
                     McSyncStatus *status,
                     gpointer      user_data)
{
  (void) engine;
  publish (MC_SYNC_AGENT (user_data), status);
}

static void
on_engine_dossier_cb (McSyncEngine *engine,
                      const char   *uuid,
                      gpointer      user_data)
{
  (void) engine;
  notify_owner (MC_SYNC_AGENT (user_data), uuid);
}

/* --- the thread ---------------------------------------------------------------------- */

/* Waits up to @seconds (≤ 0: until woken). TRUE when woken or stopping. */
static gboolean
wait_for (McSyncAgent *self,
          gint64       ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  gboolean woken;

  g_mutex_lock (&self->mutex);
  while (!self->stop && !self->wake)
    {
      if (ms <= 0)
        g_cond_wait (&self->cond, &self->mutex);
      else if (!g_cond_wait_until (&self->cond, &self->mutex, end))
        break;
    }
  woken = self->stop || self->wake;
  self->wake = FALSE;
  g_mutex_unlock (&self->mutex);
  return woken;
}

static void
save_paused (McSyncAgent *self)
{
  gboolean dirty, paused;

  g_mutex_lock (&self->mutex);
  dirty = self->paused_dirty;
  paused = self->paused;
  self->paused_dirty = FALSE;
  g_mutex_unlock (&self->mutex);
  if (dirty)
    mc_store_set_setting (self->store, MC_SYNC_SETTING_PAUSED, paused ? "1" : "0", NULL);
}

/* One engine run; returns how long to wait before the next (ms), or UNTIL_WOKEN. */
static gint64
run_once (McSyncAgent *self,
          guint       *probe_failures)
{
  g_autoptr(McSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  McSyncOutcome outcome;
  gint64 next, now, poll_ms;

  engine = mc_sync_engine_new (self->store, &error);
  if (engine == NULL)
    {
      gboolean enrolled = !g_error_matches (error, MC_SYNC_ERROR, MC_SYNC_ERROR_NOT_ENROLLED);

      publish_phase (self, enrolled ? MC_SYNC_PHASE_BLOCKED : MC_SYNC_PHASE_NOT_ENROLLED, error->message);
      return enrolled ? BLOCKED_RETRY_S * 1000 : UNTIL_WOKEN;
    }

  g_mutex_lock (&self->mutex);
  g_set_object (&self->run_cancel, cancel);
  if (self->stop || self->paused)
    g_cancellable_cancel (cancel);
  g_mutex_unlock (&self->mutex);

  g_signal_connect (engine, "status", G_CALLBACK (on_engine_status_cb), self);
  g_signal_connect (engine, "dossier-changed", G_CALLBACK (on_engine_dossier_cb), self);
  outcome = mc_sync_engine_run (engine, TRUE, cancel, &error);
  g_signal_handlers_disconnect_by_data (engine, self);

  g_mutex_lock (&self->mutex);
  g_clear_object (&self->run_cancel);
  g_mutex_unlock (&self->mutex);
  if (mc_sync_engine_get_changes_poll_interval (engine) > 0)
    self->poll_s = mc_sync_engine_get_changes_poll_interval (engine);
  poll_ms = mc_sync_changes_poll_ms (self->poll_s);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gboolean asked;

      g_mutex_lock (&self->mutex);
      asked = self->stop || self->paused;
      g_mutex_unlock (&self->mutex);
      /* Stopped or paused: the next word comes with a wake-up. Cancelled
       * from inside the run: try again soon, never wait for a wake-up
       * that may not come. */
      if (asked)
        return UNTIL_WOKEN;
      return MAX (mc_sync_backoff_ms (++*probe_failures, mc_sync_backoff_base_ms (), mc_sync_probe_cap_ms ()), 200);
    }
  if (outcome == MC_SYNC_OUTCOME_BLOCKED)
    return BLOCKED_RETRY_S * 1000;
  if (g_error_matches (error, MC_SYNC_ERROR, MC_SYNC_ERROR_UNREACHABLE))
    {
      /* Offline: probe with backoff, capped (§9.5). */
      return MAX (mc_sync_backoff_ms (++*probe_failures, mc_sync_backoff_base_ms (), mc_sync_probe_cap_ms ()), 200);
    }
  *probe_failures = 0;
  if (error != NULL)
    {
      /* Another engine holds the data dir (the CLI): look again soon. */
      publish_phase (self, MC_SYNC_PHASE_WAITING, error->message);
      return 10 * 1000;
    }
  if (outcome == MC_SYNC_OUTCOME_REMAINING)
    {
      /* In ms: the backoff's or the server's Retry-After; /changes is
       * still polled at its interval meanwhile. */
      now = g_get_real_time () / 1000;
      next = mc_store_sync_next_attempt (self->store, now);
      return MIN (next > now ? next - now : 1000, poll_ms);
    }
  return poll_ms;
}

static gpointer
agent_thread (gpointer data)
{
  McSyncAgent *self = data;
  guint probe_failures = 0;

  for (;;)
    {
      gboolean paused, stop;
      gint64 wait_ms;

      save_paused (self);
      g_mutex_lock (&self->mutex);
      stop = self->stop;
      paused = self->paused;
      if (self->reset_backoff)
        probe_failures = 0;
      self->reset_backoff = FALSE;
      self->wake = FALSE;
      g_mutex_unlock (&self->mutex);
      if (stop)
        break;

      if (paused)
        {
          publish_phase (self, MC_SYNC_PHASE_PAUSED, NULL);
          wait_for (self, 0);
          continue;
        }
      wait_ms = run_once (self, &probe_failures);
      if (wait_ms == UNTIL_WOKEN)
        {
          g_debug ("Next sync when woken");
          wait_for (self, 0);
          continue;
        }
      /* A computed wait is never "for ever" (wait_for's 0). */
      wait_ms = MAX (wait_ms, 1);
      g_debug ("Next sync in %" G_GINT64_FORMAT " ms", wait_ms);
      wait_for (self, wait_ms);
    }
  return NULL;
}

static void
wake_up (McSyncAgent *self,
         gboolean     reset_backoff)
{
  g_mutex_lock (&self->mutex);
  self->wake = TRUE;
  self->reset_backoff |= reset_backoff;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

static void
on_network_changed_cb (GNetworkMonitor *monitor,
                       gboolean         available,
                       gpointer         user_data)
{
  (void) monitor;
  g_debug ("Network changed (available: %d): probing", available);
  if (available)
    wake_up (MC_SYNC_AGENT (user_data), TRUE);
}

/* --- the object ------------------------------------------------------------------------ */

static void
mc_sync_agent_dispose (GObject *object)
{
  McSyncAgent *self = (McSyncAgent *) object;

  mc_sync_agent_stop (self);
  G_OBJECT_CLASS (mc_sync_agent_parent_class)->dispose (object);
}

static void
mc_sync_agent_finalize (GObject *object)
{
  McSyncAgent *self = (McSyncAgent *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->owner, g_main_context_unref);
  g_clear_pointer (&self->status, mc_sync_status_free);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (mc_sync_agent_parent_class)->finalize (object);
}

static void
mc_sync_agent_class_init (McSyncAgentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_sync_agent_dispose;
  object_class->finalize = mc_sync_agent_finalize;

  signals[SIGNAL_STATUS_CHANGED] = g_signal_new ("status-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_DOSSIER_CHANGED] = g_signal_new ("dossier-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
mc_sync_agent_init (McSyncAgent *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->poll_s = 300;   /* the protocol's reference value until /info says */
}

McSyncAgent *
mc_sync_agent_new (McStore *store)
{
  McSyncAgent *self;
  g_autofree char *paused = NULL;
  g_autofree char *server = NULL;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  self = g_object_new (MC_TYPE_SYNC_AGENT, NULL);
  self->store = g_object_ref (store);
  self->owner = g_main_context_ref_thread_default ();
  paused = mc_store_get_setting (store, MC_SYNC_SETTING_PAUSED);
  server = mc_store_get_setting (store, MC_SYNC_SETTING_SERVER);
  self->paused = g_strcmp0 (paused, "1") == 0;
  self->status = g_new0 (McSyncStatus, 1);
  /* What the indicator shows until the thread's first look: not
   * "offline", which the server has not been found to be yet (the desk
   * said so for a moment at every start-up while the server was up). */
  if (server == NULL)
    self->status->phase = MC_SYNC_PHASE_NOT_ENROLLED;
  else
    self->status->phase = self->paused ? MC_SYNC_PHASE_PAUSED : MC_SYNC_PHASE_CONNECTING;
  self->status->seconds_left = -1;
  return self;
}

void
mc_sync_agent_start (McSyncAgent *self)
{
  g_return_if_fail (MC_IS_SYNC_AGENT (self));

  if (self->thread != NULL)
    return;
  self->stop = FALSE;
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->monitor_id = g_signal_connect (self->monitor, "network-changed", G_CALLBACK (on_network_changed_cb), self);
  self->thread = g_thread_new ("mc-sync-agent", agent_thread, self);
}

void
mc_sync_agent_stop (McSyncAgent *self)
{
  g_return_if_fail (MC_IS_SYNC_AGENT (self));

  if (self->thread == NULL)
    return;
  g_mutex_lock (&self->mutex);
  self->stop = TRUE;
  if (self->run_cancel != NULL)
    g_cancellable_cancel (self->run_cancel);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_thread_join (g_steal_pointer (&self->thread));
  g_clear_signal_handler (&self->monitor_id, self->monitor);
  g_clear_object (&self->monitor);
}

McSyncStatus *
mc_sync_agent_get_status (McSyncAgent *self)
{
  McSyncStatus *copy;

  g_return_val_if_fail (MC_IS_SYNC_AGENT (self), NULL);
  g_mutex_lock (&self->mutex);
  copy = mc_sync_status_copy (self->status);
  g_mutex_unlock (&self->mutex);
  return copy;
}

void
mc_sync_agent_sync_now (McSyncAgent *self)
{
  g_return_if_fail (MC_IS_SYNC_AGENT (self));
  wake_up (self, TRUE);
}

void
mc_sync_agent_kick (McSyncAgent *self)
{
  g_return_if_fail (MC_IS_SYNC_AGENT (self));
  wake_up (self, FALSE);
}

void
mc_sync_agent_set_paused (McSyncAgent *self,
                          gboolean     paused)
{
  g_return_if_fail (MC_IS_SYNC_AGENT (self));

  g_mutex_lock (&self->mutex);
  if (self->paused != !!paused)
    {
      self->paused = !!paused;
      self->paused_dirty = TRUE;
      self->wake = TRUE;
      /* An upload in flight is cut; it resumes at the server's offset. */
      if (paused && self->run_cancel != NULL)
        g_cancellable_cancel (self->run_cancel);
      if (self->status != NULL)
        self->status->phase = paused ? MC_SYNC_PHASE_PAUSED : MC_SYNC_PHASE_WAITING;
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->mutex);
  if (self->thread == NULL)
    {
      /* Not started: nobody else will save it. */
      mc_store_set_setting (self->store, MC_SYNC_SETTING_PAUSED, paused ? "1" : "0", NULL);
      self->paused_dirty = FALSE;
    }
  notify_owner (self, NULL);
}

gboolean
mc_sync_agent_get_paused (McSyncAgent *self)
{
  gboolean paused;

  g_return_val_if_fail (MC_IS_SYNC_AGENT (self), FALSE);
  g_mutex_lock (&self->mutex);
  paused = self->paused;
  g_mutex_unlock (&self->mutex);
  return paused;
}
