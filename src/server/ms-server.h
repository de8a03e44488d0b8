/* ms-server.h — motcua-server internals shared by its files
 *
 * The reference server of docs/sync-protocol.md. libsoup, routing,
 * authentication and the forwarding engine run on the main loop; the work
 * of a dossier, action, change feed or tus request (its SQLite
 * transaction, fsyncs and hashing) runs on a bounded pool of worker
 * threads, each with its own SQLite connection (ms-pool.c). WAL lets the
 * readers run beside the one writer; writers take turns (ms-db.c).
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "mc-json.h"   /* mc_json_add_string_or_null () */
#include "mc-limits.h"

G_BEGIN_DECLS

#define MS_PROTOCOL_VERSION        "1.0"
#define MS_DEFAULT_MAX_ATTACHMENT  G_GINT64_CONSTANT (209715200)
/* Shared with the desk (src/core/domain/mc-limits.h): what it takes in fits. */
#define MS_MAX_ATTACHMENTS         MC_LIMIT_ATTACHMENTS
#define MS_MAX_BODY_SIZE           MC_LIMIT_BODY_SIZE
#define MS_UPLOAD_CHUNK_SIZE       (8 * 1024 * 1024)
#define MS_MAX_CHUNK_SIZE          (64 * 1024 * 1024)
#define MS_MAX_CONCURRENT          4    /* advertised default; --max-concurrent changes it */
#define MS_MAX_CONCURRENT_LIMIT    16   /* the desk's own cap (MC_SYNC_MAX_WORKERS) */
#define MS_DEFAULT_WORKERS         4
#define MS_MAX_WORKERS             32
#define MS_UPLOAD_TTL              (7 * 24 * 3600)
#define MS_CHANGES_PAGE_MAX        500
#define MS_CHANGES_POLL_INTERVAL   300
#define MS_CLOCK_SKEW_WARNING      300

#define MS_ERROR (ms_error_quark ())
GQuark ms_error_quark (void);

typedef enum
{
  MS_ERROR_FAILED,
  MS_ERROR_NOT_FOUND,
} MsError;

typedef struct
{
  gint64  id;
  char   *name;
  char   *agency_code;     /* nullable */
  char   *agency_name;     /* nullable */
  gint64  station_number;  /* 0: not given */
  gboolean disabled;
} MsStation;

void ms_station_free (MsStation *station);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsStation, ms_station_free)

typedef struct
{
  char   *id;
  gint64  station_id;
  gint64  length;
  gint64  offset;
  char   *metadata;      /* Upload-Metadata as created */
  char   *sha256;
  char   *filetype;
  gint64  expires_at;    /* unix seconds */
} MsUpload;

void ms_upload_free (MsUpload *upload);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsUpload, ms_upload_free)

typedef struct
{
  gint64  rowid;
  char   *uuid;
  gint64  station_id;
  char   *code;
  gint64  revision;      /* latest acknowledged */
  char   *body;          /* canonical body of the latest revision */
  char   *body_sha256;
  char   *accepted_at;   /* of the latest revision */
  char   *server_ref;
  gint64  state_code;
  char   *due_date;
  gint64  last_seq;
  char   *received_at;
} MsDossier;

void ms_dossier_free (MsDossier *dossier);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsDossier, ms_dossier_free)

typedef struct
{
  gint64  position;
  gint64  station_id;
  char   *uuid;
  char   *code;          /* filled by list queries */
  gint64  seq;
  char   *kind;
  char   *at;
  gint64  state_code;
  char   *due_date;
  char   *source;
  char   *action_uuid;   /* nullable */
  char   *handler;       /* nullable: JSON object text */
  char   *message;       /* nullable */
} MsChange;

void ms_change_free (MsChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsChange, ms_change_free)

/* ms-db.c */
sqlite3   *ms_db_open               (const char  *data_dir,
                                     GError     **error);
/* Another connection to the database ms_db_open() made (a worker's). */
sqlite3   *ms_db_connect            (const char  *data_dir,
                                     GError     **error);
void       ms_db_close              (sqlite3     *db);
gboolean   ms_db_begin              (sqlite3     *db,
                                     GError     **error);
gboolean   ms_db_commit             (sqlite3     *db,
                                     GError     **error);
void       ms_db_rollback           (sqlite3     *db);
GBytes    *ms_db_get_cursor_key     (sqlite3     *db,
                                     GError     **error);
MsStation *ms_db_station_for_token  (sqlite3     *db,
                                     const char  *token_hash,
                                     GError     **error);
MsStation *ms_db_station_get        (sqlite3     *db,
                                     gint64       station_id,
                                     GError     **error);
gboolean   ms_db_issue_token        (sqlite3     *db,
                                     const char  *station_name,
                                     const char  *agency_code,
                                     const char  *agency_name,
                                     gint64       station_number,
                                     const char  *token_hash,
                                     GError     **error);
/* ms-db-bind.c: binds the token @token_hash to what its desk states (§4.1). */
typedef enum
{
  MS_BIND_OK,        /* bound now, or already bound to exactly this; @bound_out set */
  MS_BIND_MISMATCH,  /* bound to something else; @bound_out = what */
  MS_BIND_TAKEN,     /* another station holds this agency code and number */
  MS_BIND_FAILED,    /* @error set */
} MsBindResult;

MsBindResult ms_db_bind_station     (sqlite3     *db,
                                     const char  *token_hash,
                                     const char  *agency_code,
                                     gint64       station_number,
                                     MsStation  **bound_out,
                                     GError     **error);
/* Deletes the station's token (and so its binding) and forgets the number
 * registered for it; @found: it had a token. */
gboolean   ms_db_revoke_station     (sqlite3     *db,
                                     const char  *station_name,
                                     gboolean    *found,
                                     GError     **error);
gboolean   ms_db_file_lookup        (sqlite3     *db,
                                     const char  *sha256,
                                     gint64      *size_out,
                                     GError     **error);
gboolean   ms_db_file_add           (sqlite3     *db,
                                     const char  *sha256,
                                     gint64       size,
                                     const char  *mime_type,
                                     GError     **error);
gboolean   ms_db_upload_insert      (sqlite3     *db,
                                     const MsUpload *upload,
                                     GError     **error);
MsUpload  *ms_db_upload_get         (sqlite3     *db,
                                     const char  *id,
                                     GError     **error);
gboolean   ms_db_upload_set_offset  (sqlite3     *db,
                                     const char  *id,
                                     gint64       offset,
                                     gint64       expires_at,
                                     GError     **error);
gboolean   ms_db_upload_delete      (sqlite3     *db,
                                     const char  *id,
                                     GError     **error);
GPtrArray *ms_db_upload_list_expired(sqlite3     *db,
                                     gint64       now,
                                     GError     **error);
GPtrArray *ms_db_upload_list_complete (sqlite3   *db,
                                       GError   **error);

/* ms-db-dossiers.c */
MsDossier *ms_db_dossier_get        (sqlite3     *db,
                                     const char  *uuid,
                                     GError     **error);
MsDossier *ms_db_dossier_get_by_code(sqlite3     *db,
                                     const char  *code,
                                     GError     **error);
gboolean   ms_db_dossier_insert     (sqlite3     *db,
                                     MsDossier   *dossier,
                                     GError     **error);
gboolean   ms_db_dossier_update     (sqlite3     *db,
                                     const MsDossier *dossier,
                                     GError     **error);
GPtrArray *ms_db_dossier_list       (sqlite3     *db,
                                     GError     **error);
gboolean   ms_db_revision_lookup    (sqlite3     *db,
                                     const char  *uuid,
                                     gint64       revision,
                                     char       **hash_out,
                                     char       **result_out,
                                     GError     **error);
gboolean   ms_db_revision_insert    (sqlite3     *db,
                                     const char  *uuid,
                                     gint64       revision,
                                     const char  *body_sha256,
                                     const char  *body,
                                     const char  *result,
                                     const char  *accepted_at,
                                     GError     **error);
gboolean   ms_db_action_lookup      (sqlite3     *db,
                                     const char  *action_uuid,
                                     char       **uuid_out,
                                     char       **hash_out,
                                     char       **result_out,
                                     GError     **error);
gboolean   ms_db_action_insert      (sqlite3     *db,
                                     const char  *action_uuid,
                                     const char  *uuid,
                                     const char  *body_sha256,
                                     const char  *body,
                                     const char  *result,
                                     GError     **error);
gint64     ms_db_change_insert      (sqlite3     *db,
                                     const MsChange *change,
                                     GError     **error);
GPtrArray *ms_db_change_list        (sqlite3     *db,
                                     gint64       station_id,
                                     gint64       after_position,
                                     guint        limit,
                                     GError     **error);

/* ms-states.c-like helpers in ms-changes.c */
const char *ms_state_name           (gint64       code);
gint64      ms_state_from_string    (const char  *text);   /* 0 if unknown */
gboolean    ms_set_status           (sqlite3     *db,
                                     const char  *code,
                                     gint64       state_code,
                                     const char  *message,
                                     GError     **error);
char       *ms_now_string           (void);

/* The serve command's state. */
typedef struct
{
  char        *data_dir;
  char        *files_dir;
  char        *uploads_dir;
  sqlite3     *db;
  SoupServer  *soup;
  GMainLoop   *loop;
  GBytes      *cursor_key;

  GBytes      *catalog_body;
  char        *catalog_etag;     /* quoted */

  gint64       max_attachment_size;

  /* Faults (tests only). */
  GRand       *rand;
  gint64       fault_drop_bytes;     /* 0: off */
  gint64       fault_drop_next;
  gint64       received_total;
  double       fault_503;
  double       fault_429;
  guint        fault_429_secs;
  guint        fault_latency_ms;
  gboolean     fault_close_204;      /* close after a 204 though it says keep-alive */
  gint64       fault_bandwidth;      /* bytes/s, 0: off */
  gint64       bandwidth_next_us;    /* monotonic time the pipe is free again */
  GPtrArray   *fault_reject;         /* casefolded NFC texts */

  GHashTable  *active_patches;       /* upload id → MsPatch* (borrowed) */
  GHashTable  *finishing;            /* upload id → GPtrArray of PATCHes waiting (ms-tus-patch.c) */
  struct _MsPool *pool;              /* ms-pool.c */
  guint        workers;              /* 0: every request on the main thread, one at a time */
  guint        max_concurrent;       /* /info's limits.max_concurrent_requests */
  char        *fault_hold;           /* tests: a worker waits while this file exists */
  GHashTable  *conns;                /* GSocket* → connection (ms-conns.c) */
  guint        conns_source;
  guint        gc_source;

  /* Forwarding to the province's one-stop system (ms-forward.h); NULL: off. */
  struct _MsForward *forward;
  GBytes      *file_key;             /* signs forwarded attachment URLs */
} MsServer;

typedef struct _MsPatch MsPatch;

typedef enum
{
  MS_ROUTE_NONE,
  MS_ROUTE_INFO,
  MS_ROUTE_CATALOG,
  MS_ROUTE_ATTACHMENT,
  MS_ROUTE_UPLOADS,
  MS_ROUTE_UPLOAD,
  MS_ROUTE_DOSSIER,
  MS_ROUTE_ACTION,
  MS_ROUTE_CHANGES,
  MS_ROUTE_FORWARD_FILE,
} MsRoute;

/* What the early handler learnt about a request, kept on the message. */
typedef struct
{
  MsServer   *server;
  MsRoute     route;
  char       *arg1;           /* uuid, sha256 or upload id */
  char       *arg2;           /* action uuid */
  gboolean    finished;
  MsStation  *station;        /* nullable until authenticated */
  char       *method;         /* after X-HTTP-Method-Override */
  char       *token_id;       /* first 8 hex digits of SHA-256 of the token */
  char       *token_hash;     /* all of it, once authenticated */
  MsPatch    *patch;          /* tus PATCH in progress */
  gboolean    dropped;
  gboolean    async;          /* the handler paused the message itself */
  gboolean    deferred;       /* a PATCH waiting for the previous one's end */
  gint64      body_received;  /* PUT: bytes so far, chunked bodies included */
} MsRequest;

/* ms-reply.c: an answer built on any thread, sent on the main one */
typedef struct
{
  guint       status;          /* 0: none yet */
  gboolean    head;            /* a HEAD request: no body */
  char       *content_type;
  GBytes     *body;            /* nullable */
  GPtrArray  *headers;         /* name, value, name, value… (replaced) */
} MsAnswer;

void       ms_answer_init           (MsAnswer *answer, gboolean head);
void       ms_answer_clear          (MsAnswer *answer);
void       ms_answer_set_status     (MsAnswer *answer, guint status);
void       ms_answer_set_header     (MsAnswer *answer, const char *name, const char *value);
void       ms_answer_set_header_int (MsAnswer *answer, const char *name, gint64 value);
void       ms_answer_json_text      (MsAnswer *answer, guint status, const char *text);
void       ms_answer_json           (MsAnswer *answer, guint status, JsonNode *node);
void       ms_answer_error_full     (MsAnswer *answer, guint status, const char *code,
                                     const char *message, const char *field,
                                     JsonNode *missing, JsonNode *details);
void       ms_answer_error          (MsAnswer *answer, guint status, const char *code,
                                     const char *message, const char *field);
void       ms_answer_internal       (MsAnswer *answer, GError *error);
void       ms_answer_send           (MsAnswer *answer, SoupServerMessage *msg);

/* ms-pool.c: a request's work on a worker thread. The job holds copies of
 * what the worker may read; the worker writes only the job's answer. */
typedef struct _MsJob MsJob;
typedef struct _MsPool MsPool;
typedef void (*MsJobFunc) (MsJob *job, sqlite3 *db);
typedef void (*MsJobDone) (MsJob *job);

struct _MsJob
{
  MsServer           *server;       /* read-only on the worker */
  SoupServerMessage  *msg;          /* main thread only */
  MsJobFunc           func;         /* on a worker */
  MsJobDone           done;         /* nullable: on the main thread, before the answer goes */
  MsStation          *station;
  char               *arg1;
  char               *arg2;
  SoupMessageHeaders *headers;      /* a copy of the request's */
  GBytes             *body;         /* PUT: the request body */
  GHashTable         *query;        /* a copy, nullable */
  gpointer            data;         /* the handler's own */
  GDestroyNotify      data_free;
  MsAnswer            answer;
  gboolean            kick_forward;
};

gboolean   ms_pool_start            (MsServer *server, GError **error);
void       ms_pool_stop             (MsServer *server);
/* Runs @func for @msg on a worker (the message paused meanwhile), or at
 * once on the main thread with --workers 0. */
void       ms_pool_run              (MsServer *server, SoupServerMessage *msg, MsJobFunc func,
                                     MsJobDone done, gpointer data, GDestroyNotify data_free);
/* Tests: waits while the --fault hold=FILE file exists (bounded). */
void       ms_pool_fault_hold       (MsServer *server);
/* ms-enrol.c: the MotCua-Station header of GET /info (§4.1). FALSE: answered. */
gboolean   ms_enrol_bind            (MsServer          *server,
                                     SoupServerMessage *msg,
                                     MsRequest         *req);

/* ms-http.c */
gboolean   ms_server_start          (MsServer          *server,
                                     const char        *listen,
                                     const char        *tls_cert,
                                     const char        *tls_key,
                                     GError           **error);
MsRequest *ms_request_get           (SoupServerMessage *msg);
void       ms_reply_json            (SoupServerMessage *msg,
                                     guint              status,
                                     JsonNode          *node);
void       ms_reply_json_text       (SoupServerMessage *msg,
                                     guint              status,
                                     const char        *text);
void       ms_reply_error_full      (SoupServerMessage *msg,
                                     guint              status,
                                     const char        *code,
                                     const char        *message,
                                     const char        *field,
                                     JsonNode          *missing,
                                     JsonNode          *details);
void       ms_reply_error           (SoupServerMessage *msg,
                                     guint              status,
                                     const char        *code,
                                     const char        *message,
                                     const char        *field);
void       ms_reply_internal        (SoupServerMessage *msg,
                                     GError            *error);
gboolean   ms_check_json_content_type (SoupServerMessage *msg);
JsonNode  *ms_parse_json            (GBytes            *body,
                                     GError           **error);
/* The handler of a change (docs/sync-protocol.md): {"name": @name or "",
 * "title": @title, "unit": @unit}, null for a NULL title or unit. */
char      *ms_json_handler            (const char      *name,
                                       const char      *title,
                                       const char      *unit);

/* ms-conns.c: closes connections whose client has gone (libsoup 3.2 leak) */
void       ms_conns_init              (MsServer *server);
void       ms_conns_clear             (MsServer *server);
void       ms_conns_request_started   (MsServer *server, SoupServerMessage *msg);
void       ms_conns_request_finished  (MsServer *server, SoupServerMessage *msg);
GSocket   *ms_listen_socket           (GSocketAddress *address, GError **error);

/* ms-tus.c */
void       ms_tus_options           (MsServer *server, SoupServerMessage *msg);
gboolean   ms_tus_check_version     (MsServer *server, SoupServerMessage *msg);
void       ms_tus_create            (MsJob *job, sqlite3 *db);   /* a job */
void       ms_tus_head              (MsServer *server, SoupServerMessage *msg, const char *id);
void       ms_tus_patch_begin       (MsServer *server, SoupServerMessage *msg, const char *id);
void       ms_tus_patch_finish      (MsServer *server, SoupServerMessage *msg);
void       ms_tus_patch_got_chunk   (MsServer *server, SoupServerMessage *msg, GBytes *chunk);
void       ms_patch_free            (MsPatch  *patch);
void       ms_attachment_head       (MsServer *server, SoupServerMessage *msg, const char *sha256);
void       ms_tus_collect_expired   (MsServer *server);
void       ms_tus_recover           (MsServer *server);

/* ms-dossiers.c */
/* Jobs (ms-pool.c): uuid in arg1, action uuid in arg2. */
void       ms_dossier_put           (MsJob *job, sqlite3 *db);
void       ms_dossier_get           (MsJob *job, sqlite3 *db);
void       ms_action_put            (MsJob *job, sqlite3 *db);

/* ms-changes.c */
void       ms_changes_get           (MsJob *job, sqlite3 *db);   /* a job */
JsonNode  *ms_change_to_json        (const MsChange *change);

/* ms-validate.c */
gboolean   ms_is_uuid               (const char *text);
gboolean   ms_is_sha256             (const char *text);
gboolean   ms_is_date               (const char *text);
gboolean   ms_is_time               (const char *text);
/* Checks a dossier body (§7.5); on failure fills status/code/message/field. */
typedef struct
{
  guint  status;
  const char *code;
  char  *message;
  char  *field;
} MsInvalid;
void       ms_invalid_clear         (MsInvalid *invalid);
gboolean   ms_validate_dossier      (JsonObject *body, gint64 max_attachment_size, MsInvalid *out);
gboolean   ms_validate_action       (JsonObject *body, MsInvalid *out);

G_END_DECLS
