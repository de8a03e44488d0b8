/* mc-store-outbox.h — the upload outbox's tables
 *
 * Items are queued in the transaction that saves what they upload
 * (docs/sync-protocol.md §9.1); the upload engine (sync/) claims, freezes,
 * acknowledges and retries them through the operations below, and the
 * desk and the CLI list and re-queue them. SQL stays in the store.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mc-outbox-state.h"
#include "mc-store.h"

G_BEGIN_DECLS

/* Settings the outbox keeps in the store. */
#define MC_SYNC_SETTING_CURSOR        "sync.cursor"        /* /changes next_cursor */
#define MC_SYNC_SETTING_PAUSE_UNTIL   "sync.pause_until"   /* unix ms: 429/503, the whole station waits */

/* --- the outbox, as the CLI and the GUI show it ------------------------- */

typedef struct
{
  char          *uuid;             /* the dossier's */
  char          *code;
  char          *kind;             /* "revision" or "action" */
  int            revision;         /* for revisions */
  char          *action;           /* for actions: "supplement", … */
  McOutboxState  state;
  guint          attempts;
  gint64         next_attempt_at;  /* unix seconds (rounded up), 0 = now; the later of the item's and
                                    * the station-wide pause of a 429/503 */
  char          *last_error;       /* nullable: the server's or the network's message */
  char          *last_error_field; /* nullable: protocol field path, e.g. applicant.id_number */
  gint64         bytes_total;      /* attachment bytes of the dossier */
  char          *received_at;
} McOutboxItem;

void        mc_outbox_item_free   (McOutboxItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McOutboxItem, mc_outbox_item_free)

/* Items not yet acknowledged, oldest dossier first. Element type McOutboxItem. */
GPtrArray  *mc_store_list_outbox   (McStore           *store,
                                   GError           **error);
/* The clerk fixed a dossier that needs attention: queue its items again
 * now. A revision refused for good (last answer a 4xx other than 409, or
 * refused on this desk) has its body rebuilt from the dossier as it is,
 * under the same revision number; after a 409 the frozen body is sent
 * again as it is (protocol §9.1). */
gboolean    mc_store_requeue       (McStore           *store,
                                   const char        *uuid_or_code,
                                   const char        *actor,
                                   GError           **error);

/* --- mc-store-sync.c, mc-store-uploads.c: the upload engine's operations - */

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
/* Builds the body @item is to be frozen with: its canonical bytes and
 * their SHA-256 (hex). Called in the claim's transaction, with the store
 * locked: it reads the store through the same connection. */
typedef gboolean (*McSyncFreezeFunc) (McStore     *store,
                                      McSyncItem  *item,
                                      gpointer     user_data,
                                      GBytes     **body,
                                      char       **sha256,
                                      GError     **error);
/* The claims above, freezing the claimed item's body with @freeze in the
 * same transaction when it is not frozen yet: one durable commit for
 * both. If @freeze fails the item is claimed unfrozen (the caller builds
 * it again and records the failure). */
McSyncItem *mc_store_sync_claim_frozen      (McStore           *store,
                                             gint64             now,
                                             GHashTable        *busy,
                                             McSyncFreezeFunc   freeze,
                                             gpointer           user_data,
                                             GError           **error);
McSyncItem *mc_store_sync_claim_next_frozen (McStore           *store,
                                             gint64             dossier_id,
                                             gint64             now,
                                             McSyncFreezeFunc   freeze,
                                             gpointer           user_data,
                                             GError           **error);
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
 * than 409 (or 0) nothing was stored, so a correction or mc_store_requeue ()
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
/* The same from counts just read at @now_ms (one count query less). */
gint64      mc_store_sync_next_attempt_for (McStore            *store,
                                            gint64              now_ms,
                                            const McSyncCounts *counts);

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
