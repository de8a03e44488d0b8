/* mc-sync-engine.c — draining the outbox (docs/sync-protocol.md §9)
 *
 * Blocking; runs in the calling thread, which probes /api/v1/info and
 * coordinates up to two worker threads (mc-sync-worker.c, each with its
 * own SoupSession, blocking API), one dossier per worker, items of a
 * dossier in order. Workers report through a queue; signals are emitted
 * from the calling thread only. A 429/503 pauses the whole station, in
 * this run and (setting sync.pause_until) in the next ones.
 */
#define G_LOG_DOMAIN "motcua-sync"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "mc-sync-run-private.h"

#define MAX_CUT_CYCLES     3
#define STATUS_INTERVAL_US (250 * 1000)

G_DEFINE_FINAL_TYPE (McSyncEngine, mc_sync_engine, G_TYPE_OBJECT)

enum { SIGNAL_STATUS, SIGNAL_DOSSIER_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_BOXED_TYPE (McSyncStatus, mc_sync_status, mc_sync_status_copy, mc_sync_status_free)

McSyncStatus *
mc_sync_status_copy (const McSyncStatus *status)
{
  McSyncStatus *copy = g_new (McSyncStatus, 1);

  /* Plain values are copied with the struct (clock_skew too); only the
   * message is owned. */
  *copy = *status;
  copy->message = g_strdup (status->message);
  return copy;
}

void
mc_sync_status_free (McSyncStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->message);
  g_free (status);
}

/* --- status ------------------------------------------------------------------ */

static void
set_message (McSyncEngine *self,
             const char   *message)
{
  g_free (self->status.message);
  self->status.message = g_strdup (message);
}

static void
refresh_counts (McSyncEngine *self)
{
  McSyncCounts counts = { 0 };
  gint64 now = mc_sync_now_ms ();

  if (mc_store_sync_count (self->store, now, &counts, NULL))
    {
      gint64 next = mc_store_sync_next_attempt_for (self->store, now, &counts);

      self->status.queued = counts.queued;
      self->status.attention = counts.attention;
      /* Seconds for the clerk, rounded up; 0 when something is due now. */
      self->status.next_attempt_at = next > now ? (next + 999) / 1000 : 0;
    }
}

static void
emit_status (McSyncEngine *self)
{
  McSyncStatus *s = &self->status;
  gint64 elapsed = g_get_monotonic_time () - self->batch_start;

  s->seconds_left = -1;
  if (s->phase == MC_SYNC_PHASE_UPLOADING && s->bytes_sent > 0 && elapsed > G_USEC_PER_SEC &&
      s->bytes_total >= s->bytes_sent)
    {
      double rate = (double) s->bytes_sent / ((double) elapsed / G_USEC_PER_SEC);
      s->seconds_left = (gint64) ((double) (s->bytes_total - s->bytes_sent) / MAX (rate, 1.0));
    }
  self->last_emit = g_get_monotonic_time ();
  g_signal_emit (self, signals[SIGNAL_STATUS], 0, s);
}

/* --- the lock: one engine per data dir -------------------------------------- */

static int
take_lock (McSyncEngine  *self,
           GError       **error)
{
  g_autofree char *path = g_build_filename (mc_store_get_data_dir (self->store), MC_SYNC_LOCK_FILE_NAME, NULL);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_SERVER, _("Cannot open “%s”: %s"), path, g_strerror (saved));
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_SERVER,
                   _("Another MotCua Desk program is uploading from this data folder; try again later"));
      return -1;
    }
  return fd;
}

/* --- /info ------------------------------------------------------------------------ */

static gint64
limit (JsonObject *limits,
       const char *name,
       gint64      fallback)
{
  if (limits == NULL || !json_object_has_member (limits, name))
    return fallback;
  return json_object_get_int_member_with_default (limits, name, fallback);
}

/* Returns the probe's class; fills the engine's limits from the answer. */

static McSyncClass
probe (McSyncEngine  *self,
       McSyncHttp    *http,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autoptr(GUri) uri = mc_sync_http_resolve (http, NULL, "api/v1/info", NULL);
  g_autoptr(McSyncResponse) r = NULL;
  gint64 t_sent = mc_sync_now_ms (), t_recv;
  JsonObject *info, *limits = NULL, *att = NULL;
  const char *server_time, *endpoint = "/api/v1/uploads";
  g_autoptr(GError) local = NULL;
  g_autofree char *station = mc_sync_station_header (self->store);
  g_autoptr(SoupMessageHeaders) extra = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autofree char *refusal = NULL;

  /* §4.1: the server binds a token issued without a station to this one. */
  if (station != NULL)
    soup_message_headers_replace (extra, "MotCua-Station", station);
  r = mc_sync_http_send (http, MC_SYNC_REQUEST_INFO, "GET", uri, extra, NULL, NULL, cancellable);
  t_recv = mc_sync_now_ms ();
  if (r->klass == MC_SYNC_CLASS_BUSY)
    mc_sync_engine_pause (self, r->retry_after >= 0 ? mc_sync_retry_after_ms (r->retry_after)
                                                    : mc_sync_engine_busy_backoff (self));
  if (r->klass != MC_SYNC_CLASS_OK)
    {
      refusal = mc_sync_station_refusal (self->store, r->code);
      if (refusal != NULL)
        {
          g_free (r->message);
          r->message = g_steal_pointer (&refusal);
        }
      g_set_error_literal (error, MC_SYNC_ERROR,
                           r->klass == MC_SYNC_CLASS_BLOCKED ? MC_SYNC_ERROR_BLOCKED
                           : r->klass == MC_SYNC_CLASS_UNREACHABLE ? MC_SYNC_ERROR_UNREACHABLE
                           : MC_SYNC_ERROR_SERVER,
                           r->message != NULL ? r->message : "?");
      if (r->klass == MC_SYNC_CLASS_CANCELLED || r->klass == MC_SYNC_CLASS_UNREACHABLE ||
          r->klass == MC_SYNC_CLASS_BLOCKED || r->klass == MC_SYNC_CLASS_BUSY)
        return r->klass;
      /* 404 is blocked (classify); any other refusal of /info is transient. */
      return MC_SYNC_CLASS_TRANSIENT;
    }
  if (r->json == NULL || !JSON_NODE_HOLDS_OBJECT (r->json))
    {
      g_set_error_literal (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BLOCKED,
                           _("The server's answer is not MotCua sync protocol version 1"));
      return MC_SYNC_CLASS_BLOCKED;
    }
  info = json_node_get_object (r->json);
  if (!mc_sync_check_info (self->store, info, NULL, error))
    return MC_SYNC_CLASS_BLOCKED;

  server_time = json_object_get_string_member_with_default (info, "server_time", NULL);
  if (server_time != NULL)
    {
      g_autoptr(GDateTime) st = g_date_time_new_from_iso8601 (server_time, NULL);
      if (st != NULL)
        {
          /* §9.6: server_time − the middle of the exchange, in desk time. */
          gint64 server_ms = g_date_time_to_unix (st) * 1000 + g_date_time_get_microsecond (st) / 1000;
          gint64 diff_ms = server_ms - (t_sent + t_recv) / 2;

          self->skew = (diff_ms + (diff_ms >= 0 ? 500 : -500)) / 1000;
        }
    }
  if (json_object_has_member (info, "limits") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (info, "limits")))
    limits = json_object_get_object_member (info, "limits");
  if (json_object_has_member (info, "attachments") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (info, "attachments")))
    att = json_object_get_object_member (info, "attachments");
  if (att != NULL)
    endpoint = json_object_get_string_member_with_default (att, "tus_endpoint", endpoint);

  g_clear_pointer (&self->tus_endpoint, g_uri_unref);
  self->tus_endpoint = mc_sync_http_resolve (http, uri, endpoint, &local);
  if (self->tus_endpoint == NULL)
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BLOCKED, _("The server's upload address is not valid: %s"),
                   local->message);
      return MC_SYNC_CLASS_BLOCKED;
    }
  self->chunk_size = mc_sync_tus_chunk_size (limit (limits, "upload_chunk_size", 8388608),
                                             limit (limits, "max_chunk_size", 67108864));
  if (self->chunk_limit > 0)
    self->chunk_size = MIN (self->chunk_size, self->chunk_limit);
  self->workers = (guint) CLAMP (limit (limits, "max_concurrent_requests", 4), 1, mc_sync_concurrency ());
  self->changes_page_max = CLAMP (limit (limits, "changes_page_max", 500), 1, 500);
  self->skew_warning = limit (limits, "clock_skew_warning", 300);
  self->changes_poll_s = MAX (limit (limits, "changes_poll_interval", 300), 1);
  g_free (self->info_etag);
  self->info_etag = g_strdup (json_object_get_string_member_with_default (info, "catalog_etag", NULL));
  mc_sync_engine_busy_reset (self);
  mc_sync_http_set_skew (http, self->skew);
  self->status.clock_skew = self->skew;
  self->status.clock_skew_warning = self->skew_warning;
  if (ABS (self->skew) > self->skew_warning)
    g_debug ("The desk's clock is %" G_GINT64_FORMAT " s off the server's", self->skew);
  return MC_SYNC_CLASS_OK;
}

/* --- a batch -------------------------------------------------------------------- */

static void
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  McSyncEngine *self = user_data;

  (void) cancellable;
  g_mutex_lock (&self->mutex);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/* Sends everything due now. Returns TRUE if the server acknowledged
 * anything new: an item or a chunk (for the cut-and-resume limit). */
static gboolean
drain (McSyncEngine *self)
{
  McSyncCounts counts = { 0 };
  GThread *threads[MC_SYNC_MAX_WORKERS] = { NULL };
  gboolean stale = FALSE;
  guint running, n;
  gint advances_before = g_atomic_int_get (&self->advances);

  if (!mc_store_sync_count (self->store, mc_sync_now_ms (), &counts, NULL) || counts.due == 0)
    return FALSE;

  self->status.phase = MC_SYNC_PHASE_UPLOADING;
  self->status.batch_total = counts.due;
  self->status.batch_done = 0;
  self->status.bytes_total = counts.due_bytes;
  self->status.bytes_sent = 0;
  self->batch_start = g_get_monotonic_time ();
  set_message (self, NULL);
  refresh_counts (self);
  emit_status (self);

  /* Parsed once for the batch, not once a dossier. */
  g_clear_object (&self->catalog);
  self->catalog = mc_store_load_catalog (self->store, NULL);

  n = MIN (self->workers, counts.due);
  for (guint i = 0; i < n; i++)
    threads[i] = g_thread_new ("mc-sync-worker", mc_sync_worker_main, self);

  running = n;
  while (running > 0)
    {
      GQueue events = G_QUEUE_INIT;
      gint64 wait_until = self->last_emit + STATUS_INTERVAL_US;
      McSyncEvent *e;

      g_mutex_lock (&self->events_lock);
      while (!self->events_urgent && g_get_monotonic_time () < wait_until)
        if (!g_cond_wait_until (&self->events_cond, &self->events_lock, wait_until))
          break;
      self->events_urgent = FALSE;
      events = self->events;
      g_queue_init (&self->events);
      g_mutex_unlock (&self->events_lock);

      while ((e = g_queue_pop_head (&events)) != NULL)
        {
          switch (e->kind)
            {
            case MC_SYNC_EVENT_PROGRESS:
              self->status.bytes_sent += e->bytes;
              if (self->status.bytes_sent > self->status.bytes_total)
                self->status.bytes_total = self->status.bytes_sent;
              break;
            case MC_SYNC_EVENT_DOSSIER:
              g_signal_emit (self, signals[SIGNAL_DOSSIER_CHANGED], 0, e->uuid);
              stale = TRUE;
              break;
            case MC_SYNC_EVENT_DOSSIER_DONE:
              self->status.batch_done = MIN (self->status.batch_done + 1, self->status.batch_total);
              stale = TRUE;
              break;
            case MC_SYNC_EVENT_WORKER_DONE:
              running--;
              break;
            }
          mc_sync_event_free (e);
        }
      /* The counts read the whole backlog: at most once an interval, not
       * once a dossier (that made a batch cost the square of its size). */
      if (g_get_monotonic_time () - self->last_emit >= STATUS_INTERVAL_US)
        {
          if (stale)
            refresh_counts (self);
          stale = FALSE;
          emit_status (self);
        }
    }
  for (guint i = 0; i < n; i++)
    g_thread_join (threads[i]);
  g_clear_object (&self->catalog);

  return g_atomic_int_get (&self->advances) != advances_before;
}

/* --- run ------------------------------------------------------------------------- */

static void
reset_run_state (McSyncEngine *self)
{
  g_mutex_lock (&self->mutex);
  self->unreachable = FALSE;
  self->blocked = FALSE;
  g_clear_pointer (&self->stop_message, g_free);
  g_mutex_unlock (&self->mutex);
}

static McSyncOutcome
outcome_from_counts (McSyncEngine *self)
{
  refresh_counts (self);
  if (self->status.queued > 0)
    return MC_SYNC_OUTCOME_REMAINING;
  if (self->status.attention > 0)
    return MC_SYNC_OUTCOME_ATTENTION;
  return MC_SYNC_OUTCOME_DONE;
}

/* Sleeps until @until_us (real time) or cancellation. */
static void
sleep_until (McSyncEngine *self,
             gint64        until_us)
{
  g_mutex_lock (&self->mutex);
  while (!g_cancellable_is_cancelled (self->cancellable) && g_get_real_time () < until_us)
    g_cond_wait_until (&self->cond, &self->mutex, g_get_monotonic_time () + (until_us - g_get_real_time ()));
  g_mutex_unlock (&self->mutex);
}

/* The station-wide pause of this run, or of an earlier one (a 429/503
 * answered to `motcua sync --once`, or to the GUI). TRUE: paused now. */
static gboolean
station_paused (McSyncEngine *self)
{
  gint64 stored = mc_store_sync_get_pause (self->store) * 1000, now = g_get_real_time ();
  gboolean paused;

  if (stored > 0 && stored <= now)
    mc_store_sync_set_pause (self->store, 0, NULL);   /* over */
  g_mutex_lock (&self->mutex);
  self->pause_until = MAX (self->pause_until, stored);
  paused = self->pause_until > now;
  g_mutex_unlock (&self->mutex);
  return paused;
}

static McSyncOutcome
run_locked (McSyncEngine  *self,
            McSyncHttp    *http,
            GError       **error)
{
  guint cuts = 0;
  gboolean catalog_done = FALSE;

  for (;;)
    {
      g_autoptr(GError) local = NULL;
      McSyncClass klass;
      gboolean progress;
      McSyncCounts counts = { 0 };

      if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
        return outcome_from_counts (self) == MC_SYNC_OUTCOME_DONE ? MC_SYNC_OUTCOME_DONE : MC_SYNC_OUTCOME_REMAINING;

      if (station_paused (self))
        {
          /* Retry-After holds for every request, /info too: --once
           * returns at once, otherwise wait for it. */
          self->status.phase = MC_SYNC_PHASE_WAITING;
          set_message (self, _("The server is busy and asked this PC to wait before sending more"));
          refresh_counts (self);
          emit_status (self);
          if (self->once)
            return outcome_from_counts (self);
          sleep_until (self, self->pause_until);
          continue;
        }

      reset_run_state (self);
      klass = probe (self, http, self->cancellable, &local);
      if (klass == MC_SYNC_CLASS_BUSY && !self->once)
        continue;   /* paused: waits at the top */
      if (klass != MC_SYNC_CLASS_OK)
        {
          self->status.phase = klass == MC_SYNC_CLASS_BLOCKED ? MC_SYNC_PHASE_BLOCKED
                             : klass == MC_SYNC_CLASS_BUSY ? MC_SYNC_PHASE_WAITING : MC_SYNC_PHASE_OFFLINE;
          set_message (self, local->message);
          refresh_counts (self);
          emit_status (self);
          g_propagate_error (error, g_steal_pointer (&local));
          return klass == MC_SYNC_CLASS_BLOCKED ? MC_SYNC_OUTCOME_BLOCKED
               : klass == MC_SYNC_CLASS_CANCELLED ? outcome_from_counts (self) : MC_SYNC_OUTCOME_REMAINING;
        }
      self->status.last_success_at = g_get_real_time () / G_USEC_PER_SEC;
      if (!catalog_done)
        {
          mc_sync_refresh_catalog (self, http);
          catalog_done = TRUE;
        }

      progress = drain (self);
      if (!station_paused (self))
        mc_sync_pull_changes (self, http);

      if (self->blocked)
        {
          self->status.phase = MC_SYNC_PHASE_BLOCKED;
          set_message (self, self->stop_message);
          refresh_counts (self);
          emit_status (self);
          g_set_error_literal (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BLOCKED, self->stop_message);
          return MC_SYNC_OUTCOME_BLOCKED;
        }
      if (self->unreachable)
        {
          /* A cut mid-transfer: probe again at once and go on, unless the
           * cuts keep coming without any progress. */
          cuts = progress ? 1 : cuts + 1;
          if (cuts <= MAX_CUT_CYCLES)
            continue;
          self->status.phase = MC_SYNC_PHASE_OFFLINE;
          set_message (self, self->stop_message);
          refresh_counts (self);
          emit_status (self);
          g_set_error_literal (error, MC_SYNC_ERROR, MC_SYNC_ERROR_UNREACHABLE, self->stop_message);
          return MC_SYNC_OUTCOME_REMAINING;
        }
      cuts = 0;

      if (!mc_store_sync_count (self->store, mc_sync_now_ms (), &counts, error))
        return MC_SYNC_OUTCOME_REMAINING;
      if (counts.due > 0 && !self->once)
        continue;   /* queued meanwhile */
      if (counts.queued == 0 || self->once)
        break;

      /* Wait for the earliest retry time (or the station pause). */
      self->status.phase = MC_SYNC_PHASE_WAITING;
      refresh_counts (self);
      emit_status (self);
      sleep_until (self, MAX (self->pause_until,
                              (counts.next_attempt_at > 0 ? counts.next_attempt_at : mc_sync_now_ms () + 1000) * 1000));
    }

  refresh_counts (self);
  self->status.phase = self->status.queued > 0 ? MC_SYNC_PHASE_WAITING : MC_SYNC_PHASE_IDLE;
  set_message (self, NULL);
  emit_status (self);
  return outcome_from_counts (self);
}

McSyncOutcome
mc_sync_engine_run (McSyncEngine  *self,
                    gboolean       once,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(McSyncHttp) http = NULL;
  g_autoptr(GCancellable) own = NULL;
  McSyncOutcome outcome;
  gulong cancel_id = 0;
  int fd;

  g_return_val_if_fail (MC_IS_SYNC_ENGINE (self), MC_SYNC_OUTCOME_BLOCKED);

  fd = take_lock (self, error);
  if (fd < 0)
    return MC_SYNC_OUTCOME_REMAINING;
  if (!mc_store_sync_recover (self->store, error))
    {
      close (fd);
      return MC_SYNC_OUTCOME_REMAINING;
    }
  http = mc_sync_http_new (self->server, self->token, self->ca, error);
  if (http == NULL)
    {
      close (fd);
      return MC_SYNC_OUTCOME_BLOCKED;
    }

  if (cancellable == NULL)
    cancellable = own = g_cancellable_new ();
  self->cancellable = cancellable;
  self->once = once;
  cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), self, NULL);

  outcome = run_locked (self, http, error);

  g_cancellable_disconnect (cancellable, cancel_id);
  self->cancellable = NULL;
  close (fd);   /* releases the flock */
  return outcome;
}

gint64
mc_sync_engine_get_changes_poll_interval (McSyncEngine *self)
{
  g_return_val_if_fail (MC_IS_SYNC_ENGINE (self), 0);
  return self->changes_poll_s;
}

/* --- the object ------------------------------------------------------------------ */

static void
mc_sync_engine_finalize (GObject *object)
{
  McSyncEngine *self = (McSyncEngine *) object;

  g_clear_object (&self->store);
  g_free (self->server);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  g_clear_object (&self->ca);
  g_clear_pointer (&self->tus_endpoint, g_uri_unref);
  g_free (self->info_etag);
  g_clear_pointer (&self->busy, g_hash_table_unref);
  g_mutex_clear (&self->claim_lock);
  g_queue_clear_full (&self->events, (GDestroyNotify) mc_sync_event_free);
  g_mutex_clear (&self->events_lock);
  g_cond_clear (&self->events_cond);
  g_free (self->stop_message);
  g_free (self->status.message);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (mc_sync_engine_parent_class)->finalize (object);
}

static void
mc_sync_engine_class_init (McSyncEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_sync_engine_finalize;

  /* "status" (McSyncStatus*): progress, from the thread that runs the engine. */
  signals[SIGNAL_STATUS] = g_signal_new ("status", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1,
                                         MC_TYPE_SYNC_STATUS | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* "dossier-changed" (uuid): its sync or server state moved. */
  signals[SIGNAL_DOSSIER_CHANGED] = g_signal_new ("dossier-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
mc_sync_engine_init (McSyncEngine *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  g_mutex_init (&self->claim_lock);
  self->busy = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_mutex_init (&self->events_lock);
  g_cond_init (&self->events_cond);
  g_queue_init (&self->events);
  self->workers = 1;
  self->chunk_size = mc_sync_tus_chunk_size (-1, -1);
  self->changes_page_max = 100;
  self->changes_poll_s = 0;   /* not known before /info */
  self->status.seconds_left = -1;
}

McSyncEngine *
mc_sync_engine_new (McStore  *store,
                    GError  **error)
{
  g_autoptr(McSyncEngine) self = NULL;
  g_autoptr(GError) ca_error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GTlsDatabase) ca = NULL;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  server = mc_sync_get_server_url (store);
  if (server == NULL)
    {
      g_set_error_literal (error, MC_SYNC_ERROR, MC_SYNC_ERROR_NOT_ENROLLED,
                           _("This PC is not enrolled with the province's server: run “motcua enrol” "
                             "or open Preferences → Sync"));
      return NULL;
    }
  token = mc_sync_load_token (store, server, error);
  if (token == NULL)
    return NULL;
  ca = mc_sync_load_ca (store, &ca_error);
  if (ca == NULL && ca_error != NULL)
    {
      g_set_error_literal (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BLOCKED, ca_error->message);
      return NULL;
    }

  self = g_object_new (MC_TYPE_SYNC_ENGINE, NULL);
  self->store = g_object_ref (store);
  self->server = g_steal_pointer (&server);
  self->token = g_steal_pointer (&token);
  self->ca = g_steal_pointer (&ca);
  return g_steal_pointer (&self);
}
