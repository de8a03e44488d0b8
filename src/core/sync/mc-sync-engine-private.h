/* mc-sync-engine-private.h — what the engine's files share (HTTP, tus,
 * the outbox in the store). Library-internal; see mc-sync.h for the API. */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "mc-store.h"
#include "mc-sync.h"

G_BEGIN_DECLS

/* --- mc-sync-http.c: transport and the classes of §9.4 ------------------ */

typedef enum
{
  MC_SYNC_CLASS_OK,
  MC_SYNC_CLASS_UNREACHABLE,  /* no HTTP answer: the whole outbox pauses */
  MC_SYNC_CLASS_TRANSIENT,    /* this dossier: retry_wait with backoff */
  MC_SYNC_CLASS_BUSY,         /* 429, 503: the whole station waits */
  MC_SYNC_CLASS_RESUMABLE,    /* handled in place by the caller */
  MC_SYNC_CLASS_BLOCKED,      /* the station cannot sync */
  MC_SYNC_CLASS_PERMANENT,    /* this item: needs_attention */
  MC_SYNC_CLASS_CANCELLED,    /* we were asked to stop */
} McSyncClass;

typedef enum
{
  MC_SYNC_REQUEST_INFO,
  MC_SYNC_REQUEST_CATALOG,
  MC_SYNC_REQUEST_ATTACHMENT_HEAD,
  MC_SYNC_REQUEST_TUS_OPTIONS,
  MC_SYNC_REQUEST_TUS_CREATE,
  MC_SYNC_REQUEST_TUS_HEAD,
  MC_SYNC_REQUEST_TUS_PATCH,
  MC_SYNC_REQUEST_DOSSIER_PUT,
  MC_SYNC_REQUEST_ACTION_PUT,
  MC_SYNC_REQUEST_CHANGES,
} McSyncRequestKind;

const char  *mc_sync_class_to_string (McSyncClass klass);

/* The class of an HTTP answer @status (with the body's error.code @code,
 * nullable) to a request of @kind (protocol §9.4). */
McSyncClass  mc_sync_classify        (McSyncRequestKind  kind,
                                      guint              status,
                                      const char        *code);
/* The class of a transport error (no HTTP answer). */
McSyncClass  mc_sync_classify_error  (const GError      *error);

/* Full-jitter backoff before attempt @n (≥ 1): uniform in
 * [0, min(cap, base·2^(n−1))] milliseconds. */
gint64       mc_sync_backoff_ms      (guint              n,
                                      gint64             base_ms,
                                      gint64             cap_ms);
/* Base and cap from MOTCUA_SYNC_BACKOFF_BASE_MS / _CAP_MS (2 s, 15 min). */
gint64       mc_sync_backoff_base_ms (void);
gint64       mc_sync_backoff_cap_ms  (void);
gint64       mc_sync_probe_cap_ms    (void);   /* MOTCUA_SYNC_PROBE_CAP_MS, 5 min */
/* How often an idle desk polls /changes: MOTCUA_SYNC_CHANGES_POLL_MS, else
 * the server's limits.changes_poll_interval (@server_seconds). */
gint64       mc_sync_changes_poll_ms (gint64             server_seconds);

/* Parses a Retry-After value: delta seconds or an HTTP-date, the latter
 * relative to @now_unix (desk time) corrected by @skew (server − desk,
 * seconds). Result clamped to [1 s, 24 h]. FALSE if unparsable. */
gboolean     mc_sync_parse_retry_after (const char *value,
                                        gint64      now_unix,
                                        gint64      skew,
                                        gint64     *out_seconds);
/* Retry-After wait plus a random 0–10 %, in milliseconds. */
gint64       mc_sync_retry_after_ms    (gint64      seconds);

typedef struct
{
  guint               status;          /* 0: no HTTP answer */
  McSyncClass         klass;
  char               *code;            /* error.code (nullable) */
  char               *message;         /* for the clerk, translated or the server's (nullable when OK) */
  char               *field;           /* error.field (nullable) */
  char               *request_id;      /* Request-Id (nullable) */
  char              **missing;         /* error.missing (nullable) */
  gint64              retry_after;     /* seconds, -1: none */
  SoupMessageHeaders *headers;         /* nullable */
  GBytes             *body;            /* nullable */
  JsonNode           *json;            /* parsed JSON body (nullable) */
} McSyncResponse;

void mc_sync_response_free (McSyncResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSyncResponse, mc_sync_response_free)

typedef struct _McSyncHttp McSyncHttp;

/* One session (one worker thread). @base_url normalised, ending in "/";
 * @token nullable; @ca nullable: trust only it (mc_sync_load_ca). */
McSyncHttp     *mc_sync_http_new        (const char   *base_url,
                                         const char   *token,
                                         GTlsDatabase *ca,
                                         GError      **error);
void            mc_sync_http_free       (McSyncHttp   *http);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSyncHttp, mc_sync_http_free)

/* server − desk, seconds (sent as MotCua-Clock-Skew on PUT). */
void            mc_sync_http_set_skew   (McSyncHttp   *http,
                                         gint64        skew);
gint64          mc_sync_http_get_skew   (McSyncHttp   *http);
const char     *mc_sync_http_get_base   (McSyncHttp   *http);
/* The origin "scheme://host:port" of the base, the key of tus_uploads. */
const char     *mc_sync_http_get_origin (McSyncHttp   *http);
/* @ref resolved against the base URL (or @relative_to when given). */
GUri           *mc_sync_http_resolve    (McSyncHttp   *http,
                                         GUri         *relative_to,
                                         const char   *ref,
                                         GError      **error);

/* Sends one request and reads its answer (blocking). @body nullable;
 * @content_type for it. Adds Authorization (same origin only),
 * Tus-Resumable for tus kinds, Accept for JSON kinds; @extra headers
 * (nullable) are appended. Never fails: transport errors come back as
 * status 0 with their class and message. */
McSyncResponse *mc_sync_http_send       (McSyncHttp         *http,
                                         McSyncRequestKind   kind,
                                         const char         *method,
                                         GUri               *uri,
                                         SoupMessageHeaders *extra,
                                         const char         *content_type,
                                         GBytes             *body,
                                         GCancellable       *cancellable);

/* --- mc-sync-engine.c ------------------------------------------------------ */

/* limits.changes_poll_interval of this run's /info (s; 0: no /info yet). */
gint64          mc_sync_engine_get_changes_poll_interval (McSyncEngine *self);

/* --- mc-sync-tus.c --------------------------------------------------------- */

typedef struct
{
  const char *sha256;
  const char *path;          /* the blob file */
  gint64      size;
  const char *name;
  const char *mime_type;
  const char *dossier_uuid;  /* nullable */
} McTusFile;

/* Progress: @delta bytes acknowledged by the server; @resumed: they were
 * already there (an upload resumed after a cut), not sent now. */
typedef void (*McTusProgress) (gint64 delta, gboolean resumed, gpointer user_data);

/* Uploads @file to the tus endpoint @endpoint, resuming an upload whose
 * URL @store keeps for (sha256, origin) — stored there before the first
 * PATCH — or, with @store NULL, the URL in *@upload_url (in/out, nullable).
 * @chunk_size in/out (halved on 413). Returns the last response: klass OK
 * when the file is complete on the server. */
McSyncResponse *mc_sync_tus_upload      (McSyncHttp      *http,
                                         McStore         *store,
                                         GUri            *endpoint,
                                         const McTusFile *file,
                                         char           **upload_url,
                                         gsize           *chunk_size,
                                         gboolean         send_checksum,
                                         McTusProgress    progress,
                                         gpointer         user_data,
                                         GCancellable    *cancellable);
/* MOTCUA_SYNC_CHUNK_SIZE, else @suggested, kept in [256 KiB, @max]. */
gsize           mc_sync_tus_chunk_size  (gint64           suggested,
                                         gint64           max);

/* --- mc-store-sync.c: the engine's store operations ----------------------- */

typedef struct
{
  gint64  id;
  gint64  dossier_id;
  char   *uuid;            /* the dossier's */
  char   *kind;            /* "revision" | "action" */
  int     revision;
  char   *action_uuid;
  char   *action_body;
  GBytes *body;            /* frozen canonical body (nullable until frozen) */
  char   *body_sha256;
  guint   attempts;
  char   *state;
} McSyncItem;

void mc_sync_item_free (McSyncItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSyncItem, mc_sync_item_free)

/* After a crash: items left 'sending' go back to 'queued'. */
gboolean    mc_store_sync_recover       (McStore       *store,
                                         GError       **error);
/* Times in the outbox (next_attempt_at, @now below) are unix
 * milliseconds, so that short test backoffs keep their length.
 *
 * The head item (lowest id not done) of the oldest dossier (received_at,
 * code) whose head is due (queued/retry_wait with next_attempt_at ≤ @now),
 * skipping dossier ids in @busy; marks it 'sending'. NULL: none. */
McSyncItem *mc_store_sync_claim         (McStore       *store,
                                         gint64         now,
                                         GHashTable    *busy,
                                         GError       **error);
/* The head item of dossier @dossier_id if it is due; marks it 'sending'. */
McSyncItem *mc_store_sync_claim_next    (McStore       *store,
                                         gint64         dossier_id,
                                         gint64         now,
                                         GError       **error);
/* Freezes @item's body (if not frozen): @body canonical bytes and @sha. */
gboolean    mc_store_sync_freeze        (McStore       *store,
                                         McSyncItem    *item,
                                         GBytes        *body,
                                         const char    *sha256,
                                         GError       **error);
gboolean    mc_store_sync_acknowledge   (McStore       *store,
                                         McSyncItem    *item,
                                         const char    *result_json,
                                         const char    *server_ref,
                                         const char    *request_id,
                                         GError       **error);
/* Transient: attempts+1 (when @count), next_attempt_at (ms) as given;
 * @status (the HTTP status, 0: no answer) kept as last_status. */
gboolean    mc_store_sync_retry         (McStore       *store,
                                         McSyncItem    *item,
                                         gboolean       count,
                                         gint64         next_attempt_at,
                                         guint          status,
                                         const char    *message,
                                         const char    *request_id,
                                         GError       **error);
/* Permanent: needs_attention with the message, the field and @status as
 * last_status (0: refused on this desk, e.g. a damaged attachment file,
 * before any PUT of the item). The frozen body stays: after a 4xx other
 * than 409 (or 0) nothing was stored, so a correction or mc_sync_requeue ()
 * rebuilds the same revision (protocol §9.1); after a 409 it must not. */
gboolean    mc_store_sync_attention     (McStore       *store,
                                         McSyncItem    *item,
                                         guint          status,
                                         const char    *message,
                                         const char    *field,
                                         const char    *request_id,
                                         GError       **error);
/* Puts a claimed item back without counting (cancelled / station pause). */
gboolean    mc_store_sync_release       (McStore       *store,
                                         McSyncItem    *item,
                                         gint64         next_attempt_at,
                                         GError       **error);

typedef struct
{
  guint   due;             /* dossiers whose head item is due now */
  guint   queued;          /* dossiers with pending items (attention excluded) */
  guint   attention;       /* dossiers whose head item needs attention */
  gint64  next_attempt_at; /* earliest future next_attempt_at (ms), 0: none */
  gint64  due_bytes;       /* attachment bytes of due dossiers with a revision to send */
} McSyncCounts;

gboolean    mc_store_sync_count         (McStore       *store,
                                         gint64         now,
                                         McSyncCounts  *counts,
                                         GError       **error);

/* When the next automatic try can be (ms): the earliest due item, held
 * back by the station-wide pause; @now_ms when something is due now, 0
 * when nothing is queued. */
gint64      mc_store_sync_next_attempt  (McStore       *store,
                                         gint64         now_ms);

/* The latest acknowledged revision of dossier @dossier_id, with its frozen
 * body (not claimed), to PUT again before an action the server answered
 * 404 dossier_not_found (§7.6). NULL: none. */
McSyncItem *mc_store_sync_acked_revision (McStore      *store,
                                          gint64        dossier_id,
                                          GError      **error);

/* The station-wide pause after 429/503 (setting sync.pause_until, unix
 * ms), kept across runs so that Retry-After holds for the next `motcua
 * sync` and the agent too. 0: none. Setting ≤ 0 clears it. */
gint64      mc_store_sync_get_pause     (McStore       *store);
gboolean    mc_store_sync_set_pause     (McStore       *store,
                                         gint64         until_ms,
                                         GError       **error);

/* The dossier's uuid of a row id (transfer full). */
char       *mc_store_sync_dossier_uuid  (McStore       *store,
                                         gint64         dossier_id);

/* tus upload URLs, keyed by (sha256, server origin). */
char       *mc_store_tus_get            (McStore       *store,
                                         const char    *sha256,
                                         const char    *server);
gboolean    mc_store_tus_set            (McStore       *store,
                                         const char    *sha256,
                                         const char    *server,
                                         const char    *url,
                                         gint64         size,
                                         GError       **error);
gboolean    mc_store_tus_forget         (McStore       *store,
                                         const char    *sha256,
                                         const char    *server,
                                         GError       **error);

/* Applies one /changes page (@changes: JsonArray) and stores @cursor in
 * one transaction. Adds the uuid of every dossier that moved to
 * @changed (a GPtrArray of char*, nullable). */
gboolean    mc_store_sync_apply_changes (McStore       *store,
                                         JsonArray     *changes,
                                         const char    *cursor,
                                         GPtrArray     *changed,
                                         GError       **error);

G_END_DECLS
