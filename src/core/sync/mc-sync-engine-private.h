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
/* Dossiers sent at once: MOTCUA_SYNC_CONCURRENCY (default 2, at most
 * MC_SYNC_MAX_WORKERS), never more than the server's
 * limits.max_concurrent_requests (§9.3). On a slow link more dossiers in
 * flight hide the round trips of each one's requests. */
#define MC_SYNC_MAX_WORKERS 16
guint        mc_sync_concurrency (void);
gint64       mc_sync_backoff_base_ms (void);
gint64       mc_sync_backoff_cap_ms  (void);
gint64       mc_sync_probe_cap_ms    (void);   /* MOTCUA_SYNC_PROBE_CAP_MS, 5 min */
/* The limit on a whole exchange other than a tus PATCH (a server that
 * answers a byte at a time is never cut by the I/O timeout):
 * MOTCUA_SYNC_ANSWER_LIMIT_MS, 60 s. */
gint64       mc_sync_answer_limit_ms (void);
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

/* Files this large or larger have their upload URL kept in the store, to
 * resume after a crash; smaller ones are sent again whole (mc-sync-tus.c). */
#define MC_SYNC_TUS_RESUME_MIN (1024 * 1024)

/* Uploads @file to the tus endpoint @endpoint, resuming an upload whose
 * URL @store keeps for (sha256, origin) — stored there before the first
 * PATCH when @file has MC_SYNC_TUS_RESUME_MIN bytes or more — or, with
 * @store NULL, the URL in *@upload_url (in/out, nullable).
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

G_END_DECLS
