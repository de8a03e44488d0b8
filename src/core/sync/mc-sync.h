/* mc-sync.h — uploading the outbox to the province (docs/sync-protocol.md)
 *
 * Three layers, all in the core (no GTK):
 *  - enrolment and the token (mc-sync-config.c): the server's base URL and
 *    an optional CA file in the store's settings; the token in the Secret
 *    Service (libsecret), or for the headless CLI in a 0600 file
 *    `sync-token` in the data dir. The token is never logged.
 *  - McSyncEngine (mc-sync-engine.c): blocking, runs in whatever thread
 *    calls it: probe /api/v1/info, drain the outbox (tus uploads streamed
 *    from the blob store, idempotent PUTs), pull /changes. Every step is
 *    persisted in the store before and after it is taken, so a kill at any
 *    instant resumes without duplicates or loss.
 *  - McSyncAgent (mc-sync-agent.c): for the GUI. Owns a thread that runs
 *    the engine whenever there is work and the server is reachable
 *    (GNetworkMonitor as a hint, /api/v1/info as the proof), with backoff
 *    and Retry-After; reports McSyncStatus on the main context it was
 *    created in.
 */
#pragma once

#include <gio/gio.h>

#include "mc-store.h"
#include "mc-store-outbox.h"

G_BEGIN_DECLS

#define MC_SYNC_ERROR (mc_sync_error_quark ())
GQuark mc_sync_error_quark (void);

typedef enum
{
  MC_SYNC_ERROR_NOT_ENROLLED,   /* no server configured, or no token */
  MC_SYNC_ERROR_BAD_URL,        /* not https, and not http to loopback */
  MC_SYNC_ERROR_UNREACHABLE,    /* no HTTP answer: DNS, refused, reset, timeout */
  MC_SYNC_ERROR_BLOCKED,        /* 401, 403 station_disabled, wrong version, untrusted certificate, station mismatch */
  MC_SYNC_ERROR_TOKEN_FILE,     /* the token file is not 0600 / not ours */
  MC_SYNC_ERROR_SERVER,         /* any other refusal, with the server's message */
} McSyncError;

/* --- enrolment --------------------------------------------------------- */

typedef enum
{
  MC_SYNC_TOKEN_SECRET_SERVICE,  /* the GUI: libsecret, schema io.github.motcua.Desk.SyncToken,
                                  * or the file when no Secret Service answers */
  MC_SYNC_TOKEN_FILE,            /* the headless CLI: <data dir>/sync-token, mode 0600 */
} McSyncTokenStore;

/* Checks a base URL: https://…, or http:// only to 127.0.0.0/8, ::1 or
 * localhost. Returns it normalised (ending in "/"), or NULL with
 * MC_SYNC_ERROR_BAD_URL and a message for the clerk. */
char      *mc_sync_normalize_url  (const char        *url,
                                   GError           **error);

/* Checks @server_url, calls GET /api/v1/info with @token (trusting only
 * @ca_file when given), checks the station it answers for against the
 * store's station, then stores URL, CA file and token. On error nothing
 * is changed. @station_label (nullable out) gets the server's name for
 * this station. */
gboolean   mc_sync_enrol          (McStore           *store,
                                   const char        *server_url,
                                   const char        *token,
                                   const char        *ca_file,
                                   McSyncTokenStore   where,
                                   GCancellable      *cancellable,
                                   char             **station_label,
                                   GError           **error);
/* Whether the token is kept in the 0600 file rather than the keyring. */
gboolean   mc_sync_token_in_file  (McStore           *store);
/* The enrolled server URL (NULL when not enrolled). */
char      *mc_sync_get_server_url (McStore           *store);
/* Forgets the server and its token (both stores). Queued items stay. */
gboolean   mc_sync_unenrol        (McStore           *store,
                                   GError           **error);

/* `motcua upload-file`: uploads @path to the tus 1.0 creation endpoint
 * @url (creation + checksum sha256 when offered), resuming at the
 * server's offset after a cut, and returns the upload URL. Sends the
 * enrolled token only when @url has the enrolled server's origin (@store
 * nullable). */
char       *mc_sync_upload_file   (McStore           *store,
                                   const char        *url,
                                   const char        *path,
                                   GCancellable      *cancellable,
                                   GError           **error);

/* --- the engine --------------------------------------------------------- */

typedef enum
{
  MC_SYNC_OUTCOME_DONE,       /* nothing left to send */
  MC_SYNC_OUTCOME_REMAINING,  /* items remain: unreachable, busy (429/503) or waiting for backoff */
  MC_SYNC_OUTCOME_ATTENTION,  /* some items need the clerk (others may have gone) */
  MC_SYNC_OUTCOME_BLOCKED,    /* the station cannot sync: see the error */
} McSyncOutcome;

typedef enum
{
  MC_SYNC_PHASE_NOT_ENROLLED,
  MC_SYNC_PHASE_PAUSED,       /* the clerk paused uploads */
  MC_SYNC_PHASE_OFFLINE,      /* the server does not answer */
  MC_SYNC_PHASE_BLOCKED,      /* message says why */
  MC_SYNC_PHASE_UPLOADING,
  MC_SYNC_PHASE_WAITING,      /* items wait for a retry time */
  MC_SYNC_PHASE_IDLE,         /* everything uploaded (attention may still be > 0) */
  MC_SYNC_PHASE_CONNECTING,   /* enrolled; the first look at the server is not done yet */
} McSyncPhase;

typedef struct
{
  McSyncPhase  phase;
  guint        queued;           /* dossiers with items not yet acknowledged (attention excluded) */
  guint        attention;        /* dossiers that need the clerk */
  guint        batch_total;      /* dossiers in the batch being sent */
  guint        batch_done;
  guint64      bytes_total;      /* attachment bytes of the batch */
  guint64      bytes_sent;
  gint64       seconds_left;     /* -1: unknown */
  gint64       next_attempt_at;  /* unix seconds of the next automatic try, 0: none */
  gint64       last_success_at;  /* unix seconds, 0: never */
  char        *message;          /* nullable, translated: why offline or blocked */
  gint64       clock_skew;       /* seconds, server − desk, from the last /api/v1/info (§9.6) */
  gint64       clock_skew_warning; /* limits.clock_skew_warning (s): warn above it; 0: the default 300 */
} McSyncStatus;

McSyncStatus *mc_sync_status_copy (const McSyncStatus *status);
void          mc_sync_status_free (McSyncStatus *status);
GType         mc_sync_status_get_type (void);
#define MC_TYPE_SYNC_STATUS (mc_sync_status_get_type ())
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSyncStatus, mc_sync_status_free)

#define MC_TYPE_SYNC_ENGINE (mc_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (McSyncEngine, mc_sync_engine, MC, SYNC_ENGINE, GObject)

/* Loads the enrolment (URL, CA, token) of @store. */
McSyncEngine *mc_sync_engine_new  (McStore           *store,
                                   GError           **error);
/* One run: probe, send every item that is due (oldest first, bounded
 * concurrency), pull changes. With @once FALSE it also waits for backoff
 * and Retry-After times and keeps going until nothing is left, the server
 * is unreachable, the station is blocked, or @cancellable is cancelled.
 * A 429/503 pauses the whole station until its Retry-After (or a backoff),
 * also for later runs and the agent (kept in the store): while it lasts a
 * run sends nothing; with @once it returns REMAINING at once.
 * Emits "status" (McSyncStatus*) and "dossier-changed" (const char *uuid)
 * from the calling thread. */
McSyncOutcome mc_sync_engine_run  (McSyncEngine      *self,
                                   gboolean           once,
                                   GCancellable      *cancellable,
                                   GError           **error);

/* --- the agent (GUI) ---------------------------------------------------- */

#define MC_TYPE_SYNC_AGENT (mc_sync_agent_get_type ())
G_DECLARE_FINAL_TYPE (McSyncAgent, mc_sync_agent, MC, SYNC_AGENT, GObject)

/* Signals, emitted on the main context of the thread that created it:
 *   "status-changed" ()                      — see mc_sync_agent_get_status
 *   "dossier-changed" (const char *uuid)     — its sync or server state moved */
McSyncAgent  *mc_sync_agent_new         (McStore      *store);
/* Starts watching and uploading (not enrolled: reports NOT_ENROLLED). */
void          mc_sync_agent_start       (McSyncAgent  *self);
/* Stops and joins its thread; an upload in flight is cut and resumes next time. */
void          mc_sync_agent_stop        (McSyncAgent  *self);
McSyncStatus *mc_sync_agent_get_status  (McSyncAgent  *self);   /* transfer full */
/* "Sync now": probe at once, ignoring backoff. */
void          mc_sync_agent_sync_now    (McSyncAgent  *self);
void          mc_sync_agent_set_paused  (McSyncAgent  *self,
                                         gboolean      paused);
gboolean      mc_sync_agent_get_paused  (McSyncAgent  *self);
/* New work was queued (a dossier saved, corrected, an action recorded) or
 * the enrolment changed: look again. */
void          mc_sync_agent_kick        (McSyncAgent  *self);

G_END_DECLS
