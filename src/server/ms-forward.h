/* ms-forward.h — forwarding dossiers to the province's one-stop system
 * (docs/connectors.md)
 *
 * The engine (ms-forward.c) owns the durable outbox, its order per
 * dossier, retries with backoff, needs-attention, and the status polling;
 * a connector (one file per kind, e.g. ms-forward-dvcqg.c) only speaks the
 * other system's API. Everything runs on the server's main loop.
 */
#pragma once

#include "ms-server.h"

G_BEGIN_DECLS

/* What one outbox item asks the connector to deliver. */
typedef struct
{
  gint64      id;             /* outbox position */
  const char *uuid;
  const char *code;           /* MaHoSo */
  gboolean    create;         /* the other system does not hold the dossier yet (as far as we know) */
  gboolean    maybe_sent;     /* an earlier attempt of this item may have reached it */
  JsonObject *dossier;        /* canonical body of the revision current at the item */
  JsonObject *action;         /* nullable: the desk action of an action item */
  GPtrArray  *supplements;    /* JsonObject* of the supplement actions so far (incl. this one) */
  gint64      state_code;     /* server state after the item */
  const char *due_date;       /* appointment date after the item */
  const char *accepted_at;    /* when the server accepted the item */
  const char *agency_code;    /* nullable: the station's agency code */
  const char *agency_name;    /* nullable */
  GPtrArray  *file_urls;      /* char*: one per dossier attachment, same order */
} MsForwardItem;

typedef enum
{
  MS_FORWARD_OK,        /* delivered */
  MS_FORWARD_RETRY,     /* not delivered now; try again later */
  MS_FORWARD_REFUSED,   /* refused for good: needs attention */
} MsForwardOutcome;

typedef struct
{
  MsForwardOutcome outcome;
  gboolean         maybe_sent;   /* RETRY: the request may have reached the other side */
  char            *message;      /* why (never holds a secret) */
} MsForwardResult;

/* A dossier's status as the other system reports it. */
typedef struct
{
  gboolean  found;
  gint64    state_code;          /* 1–10; 0 unknown */
  char     *handler_name;        /* nullable */
  char     *handler_title;       /* nullable */
  char     *handler_unit;        /* nullable */
  char     *message;             /* nullable */
} MsForwardStatus;

void ms_forward_status_clear (MsForwardStatus *status);

typedef void (*MsForwardSendDone)   (MsForwardResult  *result,
                                     gpointer          user_data);
typedef void (*MsForwardLookupDone) (MsForwardStatus  *status,   /* NULL: lookup failed */
                                     const char       *error,
                                     gpointer          user_data);

/* A connector kind. create() checks the kind's own members of the config
 * (the error names the bad field) and returns its state. */
typedef struct
{
  const char *kind;
  const char * const *fields;     /* the config members this kind reads */
  gpointer  (*create) (JsonObject  *config,
                       const char  *config_dir,
                       GError     **error);
  void      (*free)   (gpointer     self);
  void      (*send)   (gpointer             self,
                       const MsForwardItem *item,
                       MsForwardSendDone    done,
                       gpointer             user_data);
  void      (*lookup) (gpointer             self,
                       const char          *code,
                       MsForwardLookupDone  done,
                       gpointer             user_data);
} MsConnectorClass;

/* ms-forward-dvcqg.c */
extern const MsConnectorClass ms_connector_dvcqg;

/* ms-forward-config.c: checks shared by connectors */
typedef struct _MsForward MsForward;

JsonObject *ms_forward_config_load    (const char  *path,
                                       GError     **error);
const char *ms_forward_config_string  (JsonObject  *config,
                                       const char  *field,
                                       gboolean     required,
                                       GError     **error);
gboolean    ms_forward_config_url     (JsonObject  *config,
                                       const char  *field,
                                       GError     **error);
char       *ms_forward_read_secret    (const char  *path,
                                       const char  *field,
                                       GError     **error);
SoupSession *ms_forward_session_new   (JsonObject  *config,
                                       const char  *config_dir,
                                       GError     **error);
JsonNode   *ms_forward_parse_answer   (const char  *data,
                                       gsize        size,
                                       GError     **error);

/* ms-forward.c: the engine */
MsForward  *ms_forward_new            (MsServer    *server,
                                       const char  *config_path,
                                       const char  *listen_url,
                                       GError     **error);
void        ms_forward_set_listen_url (MsForward   *forward,
                                       const char  *url);
void        ms_forward_start          (MsForward   *forward);
void        ms_forward_kick           (MsForward   *forward);
void        ms_forward_free           (MsForward   *forward);

/* ms-forward-cmd.c: the forwards and forward-retry commands */
int         ms_forward_cmd_list       (int argc, char **argv);
int         ms_forward_cmd_retry      (int argc, char **argv);
int         ms_forward_cmd_backfill   (int argc, char **argv);

/* ms-forward-files.c: attachments at signed, expiring URLs */
char       *ms_forward_file_url       (GBytes      *key,
                                       const char  *base_url,
                                       const char  *sha256,
                                       gint64       expires_at);
gboolean    ms_forward_file_path      (const char  *path,
                                       char       **sha256_out);
void        ms_forward_file_get       (MsServer          *server,
                                       SoupServerMessage *msg,
                                       const char        *sha256,
                                       GHashTable        *query);

/* ms-db-forward.c */
typedef struct
{
  char   *uuid;
  char   *code;
  char   *state;            /* queued, sent, needs_attention */
  gint64  attempts;
  char   *last_error;       /* nullable */
  gint64  remote_state_code;
  gboolean remote_created;
  gboolean maybe_sent;
  gint64  next_at;          /* unix ms */
} MsForwardRow;

void          ms_forward_row_free        (MsForwardRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsForwardRow, ms_forward_row_free)

typedef struct
{
  gint64  id;
  char   *uuid;
  char   *kind;             /* revision, action */
  gint64  revision;
  char   *action_uuid;      /* nullable */
  gint64  state_code;
  char   *due_date;
  char   *at;
} MsForwardEntry;

void          ms_forward_entry_free      (MsForwardEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsForwardEntry, ms_forward_entry_free)

gboolean      ms_db_forward_enqueue      (sqlite3      *db,
                                          const char   *uuid,
                                          const char   *code,
                                          const char   *kind,
                                          gint64        revision,
                                          const char   *action_uuid,
                                          gint64        state_code,
                                          const char   *due_date,
                                          const char   *at,
                                          GError      **error);
MsForwardRow *ms_db_forward_next_due     (sqlite3      *db,
                                          gint64        now_ms,
                                          GError      **error);
gint64        ms_db_forward_next_time    (sqlite3      *db);    /* unix ms; 0: none queued */
MsForwardEntry *ms_db_forward_first_item (sqlite3      *db,
                                          const char   *uuid,
                                          GError      **error);
gboolean      ms_db_forward_item_done    (sqlite3      *db,
                                          const char   *uuid,
                                          gint64        item_id,
                                          GError      **error);
gboolean      ms_db_forward_attempt_failed (sqlite3    *db,
                                          const char   *uuid,
                                          const char   *state,
                                          const char   *message,
                                          gboolean      maybe_sent,
                                          gint64        next_at,
                                          GError      **error);
gboolean      ms_db_forward_item_superseded (sqlite3   *db,
                                          gint64        item_id);
gboolean      ms_db_forward_mark_maybe_sent (sqlite3   *db,
                                          const char   *uuid,
                                          GError      **error);
gboolean      ms_db_forward_retry        (sqlite3      *db,
                                          const char   *code,
                                          GError      **error);
GPtrArray    *ms_db_forward_list_in      (sqlite3      *db,
                                          const char   *state,     /* nullable: all */
                                          GError      **error);

typedef struct
{
  guint  queued;
  guint  sent;
  guint  needs_attention;
  char  *oldest_waiting_at;   /* nullable: when the oldest undelivered item was accepted */
  char  *last_success_at;     /* nullable: the other system's last success answer */
} MsForwardSummary;

void          ms_forward_summary_clear   (MsForwardSummary *summary);
gboolean      ms_db_forward_summary      (sqlite3      *db,
                                          MsForwardSummary *summary,
                                          GError      **error);
gboolean      ms_db_forward_backfill     (sqlite3      *db,
                                          const char   *since,
                                          guint        *queued_out,
                                          GError      **error);
GPtrArray    *ms_db_forward_poll_batch   (sqlite3      *db,
                                          guint         limit,
                                          GError      **error);
gboolean      ms_db_forward_set_remote_state (sqlite3  *db,
                                          const char   *uuid,
                                          gint64        state_code,
                                          GError      **error);
char         *ms_db_revision_body        (sqlite3      *db,
                                          const char   *uuid,
                                          gint64        revision,
                                          GError      **error);
GPtrArray    *ms_db_forward_action_bodies (sqlite3     *db,
                                          const char   *uuid,
                                          gint64        up_to_item,
                                          GError      **error);
GBytes       *ms_db_get_secret           (sqlite3      *db,
                                          const char   *name,
                                          GError      **error);

G_END_DECLS
