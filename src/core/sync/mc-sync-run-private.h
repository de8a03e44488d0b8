/* mc-sync-run-private.h — what the engine's own files share: the
 * McSyncEngine instance, its worker threads (mc-sync-worker.c) and the
 * pulls after a batch (mc-sync-pull.c). Only mc-sync-*.c include it. */
#pragma once

#include "mc-sync-engine-private.h"
#include "mc-sync-private.h"

G_BEGIN_DECLS

struct _McSyncEngine
{
  GObject        parent_instance;

  McStore       *store;
  char          *server;
  char          *token;
  GTlsDatabase  *ca;

  /* From /info. */
  GUri          *tus_endpoint;
  gsize          chunk_size;
  gsize          chunk_limit;     /* 0, or smaller chunks learnt in this run */
  guint          workers;
  gint64         skew;
  gint64         skew_warning;
  gint64         changes_page_max;
  gint64         changes_poll_s;
  char          *info_etag;

  /* Shared with the workers. */
  McCatalog     *catalog;         /* loaded once a batch, for the bodies (read only) */
  GMutex         mutex;
  GCond          cond;
  /* The workers' claims, and the dossier ids in flight they skip: a lock
   * of their own, as a claim builds and durably freezes a body (an fsync)
   * and @mutex is taken from the GUI thread (cancelling, pausing). */
  GMutex         claim_lock;
  GHashTable    *busy;
  /* McSyncEvent*, for the engine's thread: it takes them at least every
   * STATUS_INTERVAL_US and is woken at once only when a worker ends (a
   * wake-up per event was four thread switches a dossier). */
  GMutex         events_lock;
  GCond          events_cond;
  GQueue         events;
  gboolean       events_urgent;
  gint64         pause_until;     /* real time µs: 429/503, the whole station waits */
  guint          busy_failures;
  gboolean       unreachable;
  gboolean       blocked;
  char          *stop_message;
  gboolean       once;
  GCancellable  *cancellable;

  gint           advances;        /* chunks and items acknowledged (atomic) */

  McSyncStatus   status;
  gint64         batch_start;
  gint64         last_emit;
};

typedef enum
{
  MC_SYNC_EVENT_PROGRESS,       /* bytes acknowledged (or found already there) */
  MC_SYNC_EVENT_DOSSIER,        /* a dossier's sync state moved */
  MC_SYNC_EVENT_DOSSIER_DONE,   /* a worker is through with a dossier */
  MC_SYNC_EVENT_WORKER_DONE,
} McSyncEventKind;

/* mc-sync-station.c --------------------------------------------------------- */

typedef struct
{
  McSyncEventKind  kind;
  gint64           bytes;
  char            *uuid;
} McSyncEvent;

void     mc_sync_event_free        (McSyncEvent     *event);
gint64   mc_sync_now_ms            (void);
/* Queues an event for the thread that runs the engine. */
void     mc_sync_engine_post       (McSyncEngine    *self,
                                    McSyncEventKind  kind,
                                    gint64           bytes,
                                    const char      *uuid);
/* Stops the run: @blocked, else unreachable; the first message is kept. */
void     mc_sync_engine_stop_all   (McSyncEngine    *self,
                                    gboolean         blocked,
                                    const char      *message);
/* 429/503: the whole station waits @wait_ms (at least; a pause is never
 * shortened), also across runs (mc_store_sync_set_pause). */
void     mc_sync_engine_pause      (McSyncEngine    *self,
                                    gint64           wait_ms);
/* The backoff of a station-wide pause without Retry-After (ms), from the
 * 429/503s in a row; an answer that is not one resets the count (§9.4). */
gint64   mc_sync_engine_busy_backoff (McSyncEngine  *self);
void     mc_sync_engine_busy_reset   (McSyncEngine  *self);

/* mc-sync-worker.c ----------------------------------------------------------- */

/* A worker thread: claims dossiers (oldest first) and sends their items in
 * order until nothing is due or the run must stop. @data: the engine. */
gpointer mc_sync_worker_main       (gpointer         data);

/* mc-sync-pull.c ------------------------------------------------------------- */

/* GET /changes until has_more is false; applies each page. */
void     mc_sync_pull_changes      (McSyncEngine    *self,
                                    McSyncHttp      *http);
/* GET /catalog with If-None-Match, unless /info's catalog_etag is ours. */
void     mc_sync_refresh_catalog   (McSyncEngine    *self,
                                    McSyncHttp      *http);

G_END_DECLS
