/* mc-store-private.h — what the store's own files share */
#pragma once

#include <sqlite3.h>

#include "mc-store.h"

G_BEGIN_DECLS

struct _McStore
{
  GObject      parent_instance;

  char        *data_dir;
  char        *db_path;
  sqlite3     *db;
  McBlobs     *blobs;
  GHashTable  *statements;   /* const char *sql → sqlite3_stmt*, prepared once */
  GRecMutex    lock;
  gboolean     relaxed;      /* synchronous = NORMAL now (mc_store_relax_durability ()) */
};

/* Sets @error from the connection's last error, prefixed by @what. */
gboolean      mc_store_set_sqlite_error (McStore     *self,
                                         int          rc,
                                         const char  *what,
                                         GError     **error);

/* The Unix time at which the day @date (YYYY-MM-DD, checked as the field
 * @label) plus @add_days begins in Vietnam: a day's bounds for
 * received_ts ranges. In mc-store-search.c. */
gboolean      mc_store_day_start_ts     (const char  *label,
                                         const char  *date,
                                         int          add_days,
                                         gint64      *out,
                                         GError     **error);

/* The FTS5 query of a search box's text (every word a prefix; a word
 * with punctuation one phrase of its parts), or NULL when it has no
 * word. In mc-store-search.c. */
char         *mc_store_search_match     (const char  *search);

/* The actor of the upload engine's events. */
#define MC_STORE_SYNC_ACTOR "sync"

/* Inside the caller's transaction (mc-store-sync.c). @event: record it in
 * the history (uploaded, needs_attention); the uploading/retry_wait churn
 * is not. */
gboolean      mc_store_sync_set_state   (McStore     *self,
                                         gint64       dossier_id,
                                         const char  *to,
                                         gboolean     only_engine_states,
                                         gboolean     event,
                                         const char  *detail,
                                         GError     **error);

/* A cached prepared statement, reset and unbound. @sql must be a string
 * literal (its address is the cache key). */
sqlite3_stmt *mc_store_prepare          (McStore     *self,
                                         const char  *sql,
                                         GError     **error);

/* The query plan (EXPLAIN QUERY PLAN, one detail a line) of every
 * statement prepared so far, SQL text → plan: for tests that keep the hot
 * paths off full scans of growing tables. */
GHashTable   *mc_store_explain_prepared (McStore     *self,
                                         GError     **error);

gboolean      mc_store_exec             (McStore     *self,
                                         const char  *sql,
                                         GError     **error);

gboolean      mc_store_begin            (McStore     *self,
                                         GError     **error);
gboolean      mc_store_commit           (McStore     *self,
                                         GError     **error);
void          mc_store_rollback         (McStore     *self);
/* Commits made while relaxed do not wait for the disk (synchronous =
 * NORMAL): a process kill loses none of them (WAL), a power cut may lose
 * the last ones, never one without those before it, and the next commit
 * made normally (FULL) makes them all durable. For steps whose loss costs
 * only time. Call with the lock held, outside a transaction; pair with
 * relaxed = FALSE. */
void          mc_store_relax_durability (McStore     *self,
                                         gboolean     relaxed);

/* Steps a statement expected to finish with SQLITE_DONE. */
gboolean      mc_store_step_done        (McStore      *self,
                                         sqlite3_stmt *stmt,
                                         const char   *what,
                                         GError      **error);

void          mc_store_bind_text        (sqlite3_stmt *stmt,
                                         int           index,
                                         const char   *value);   /* NULL binds NULL */

char         *mc_store_column_dup       (sqlite3_stmt *stmt,
                                         int           column);

/* Appends a history row (inside the caller's transaction). */
gboolean      mc_store_append_event     (McStore     *self,
                                         gint64       dossier_id,
                                         const char  *actor,
                                         const char  *kind,
                                         const char  *from_state,
                                         const char  *to_state,
                                         const char  *detail,
                                         GError     **error);

/* Migrates the open database to @target (mc-store-schema.c). */
gboolean      mc_store_migrate          (McStore     *self,
                                         int          target,
                                         GError     **error);

/* Registers mc_fold() on the connection (used by the search index). */
gboolean      mc_store_register_functions (McStore   *self,
                                           GError   **error);

#define MC_STORE_DOSSIER_COLUMNS \
  "d.id, d.uuid, d.code, d.state, d.procedure_code, d.procedure_name, d.processing_days, " \
  "d.applicant_name, d.id_kind, d.id_number, d.date_of_birth, d.phone, d.address, d.email, " \
  "d.received_at, d.backdate_reason, d.due_date, d.sets, d.notes, " \
  "d.printed_due_date, d.sync_state, d.sync_error, d.sync_error_field, d.server_ref, " \
  "d.server_state_code, d.server_message, d.returned_at, d.returned_to "

/* A dossier from a row of MC_STORE_DOSSIER_COLUMNS (mc-store-query.c). */
McDossier    *mc_store_dossier_from_row (sqlite3_stmt *stmt);

/* The current time as the store writes it. */
char         *mc_store_now_string       (void);

/* --- the upload outbox (mc-store-outbox.c, schema 5) ------------------
 * Each runs inside the caller's transaction (and under the store's lock)
 * and keeps dossiers.sync_state / sync_error / sync_error_field in step. */

/* Queues the next revision of @dossier_id — unless its latest revision
 * item has never been sent (body NULL) and is not done: that one then
 * stays and will be built from the dossier as it is. Queues revision 1
 * when the dossier has none. */
gboolean      mc_store_outbox_queue_revision  (McStore     *self,
                                               gint64       dossier_id,
                                               GError     **error);

/* Queues a desk action: @action_body is its protocol §7.6 JSON text. The
 * new action UUID is returned in @out_action_uuid (nullable). */
gboolean      mc_store_outbox_queue_action    (McStore     *self,
                                               gint64       dossier_id,
                                               const char  *action_body,
                                               char       **out_action_uuid,
                                               GError     **error);

/* Recomputes dossiers.sync_state (state of the dossier's earliest item
 * not done, NULL if none), sync_error and sync_error_field (that item's
 * last_error / last_error_field). Call after any change to outbox rows
 * of @dossier_id, in the same transaction. */
gboolean      mc_store_outbox_refresh_dossier (McStore     *self,
                                               gint64       dossier_id,
                                               GError     **error);

/* --- fees collected with a dossier (mc-store-fees.c, table fees) ------ */
gboolean      mc_store_fees_insert (McStore *self, McDossier *dossier, gint64 id, GError **error);
gboolean      mc_store_fees_delete (McStore *self, gint64 id, GError **error);
GPtrArray    *mc_store_fees_load   (McStore *self, gint64 id, GError **error);   /* element type McFee */

G_END_DECLS
