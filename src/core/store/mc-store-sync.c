/* mc-store-sync.c — the upload engine's steps in the store
 *
 * Each step is its own transaction, committed before the engine takes
 * the next network step, so a kill at any instant leaves the outbox in a
 * state a new run resumes from: a frozen body is re-sent byte for byte,
 * an item left 'sending' is queued again, the upload URL of a file worth
 * resuming is known before its first byte goes (mc-sync-tus.c). The frozen
 * body and the outcome are durable (synchronous=FULL) before the next
 * request. The engine's claim freezes the body in the claim's own
 * transaction (mc_store_sync_claim_frozen ()); a claim alone is not waited
 * on the disk for (mc_store_relax_durability ()): a power cut that loses
 * it leaves the item queued, as a kill while 'sending' does.
 */
#define G_LOG_DOMAIN "motcua-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-calendar.h"
#include "mc-store-private.h"
#include "mc-store-outbox.h"

void
mc_sync_item_free (McSyncItem *item)
{
  if (item == NULL)
    return;
  g_free (item->uuid);
  g_free (item->kind);
  g_free (item->action_uuid);
  g_free (item->action_body);
  g_clear_pointer (&item->body, g_bytes_unref);
  g_free (item->body_sha256);
  g_free (item->state);
  g_free (item);
}

static gboolean
fail (McStore *self)
{
  mc_store_rollback (self);
  return FALSE;
}

/* The engine moves a dossier's own state only while it is one of these:
 * a dossier refused, stopped or processed keeps its state (brief). */
static gboolean
engine_may_move (const char *state)
{
  return g_strcmp0 (state, "received") == 0 || g_strcmp0 (state, "uploading") == 0 ||
         g_strcmp0 (state, "retry_wait") == 0 || g_strcmp0 (state, "needs_attention") == 0;
}

static char *
dossier_state (McStore *self,
               gint64   dossier_id)
{
  sqlite3_stmt *stmt = mc_store_prepare (self, "SELECT state FROM dossiers WHERE id = ?1", NULL);
  char *state = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, dossier_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    state = mc_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return state;
}

gboolean
mc_store_sync_set_state (McStore     *self,
                         gint64       dossier_id,
                         const char  *to,
                         gboolean     only_engine_states,
                         gboolean     event,
                         const char  *detail,
                         GError     **error)
{
  g_autofree char *from = dossier_state (self, dossier_id);
  g_autofree char *now = mc_store_now_string ();
  sqlite3_stmt *stmt;

  if (from == NULL || g_strcmp0 (from, to) == 0 || g_strcmp0 (from, "draft") == 0)
    return TRUE;
  if (only_engine_states && !engine_may_move (from))
    return TRUE;
  stmt = mc_store_prepare (self, "UPDATE dossiers SET state = ?1, updated_at = ?2 WHERE id = ?3", error);
  if (stmt == NULL)
    return FALSE;
  mc_store_bind_text (stmt, 1, to);
  mc_store_bind_text (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, dossier_id);
  if (!mc_store_step_done (self, stmt, _("Saving the upload state"), error))
    return FALSE;
  if (event)
    return mc_store_append_event (self, dossier_id, MC_STORE_SYNC_ACTOR, "state", from, to, detail, error);
  return TRUE;
}

static gboolean
revision_acked (McStore *self,
                gint64   dossier_id)
{
  sqlite3_stmt *stmt = mc_store_prepare (self,
                                         "SELECT 1 FROM outbox WHERE dossier_id = ?1 AND kind = 'revision' "
                                         "AND state = 'done' LIMIT 1",
                                         NULL);
  gboolean acked = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dossier_id);
  acked = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return acked;
}

gboolean
mc_store_sync_recover (McStore  *self,
                       GError  **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  if (!mc_store_begin (self, error))
    return FALSE;
  stmt = mc_store_prepare (self, "SELECT DISTINCT dossier_id FROM outbox WHERE state = 'sending' AND state <> 'done'", error);
  if (stmt == NULL)
    return fail (self);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  stmt = mc_store_prepare (self, "UPDATE outbox SET state = 'queued' WHERE state = 'sending' AND state <> 'done'", error);
  if (stmt == NULL || !mc_store_step_done (self, stmt, _("Saving the upload state"), error))
    return fail (self);
  for (guint i = 0; i < ids->len; i++)
    if (!mc_store_outbox_refresh_dossier (self, g_array_index (ids, gint64, i), error))
      return fail (self);
  if (ids->len > 0)
    g_debug ("%u dossiers were being sent when the desk stopped: queued again", ids->len);
  return mc_store_commit (self, error) || fail (self);
}

static McSyncItem *
item_from_row (sqlite3_stmt *stmt)
{
  McSyncItem *item = g_new0 (McSyncItem, 1);

  item->id = sqlite3_column_int64 (stmt, 0);
  item->dossier_id = sqlite3_column_int64 (stmt, 1);
  item->uuid = mc_store_column_dup (stmt, 2);
  item->kind = mc_store_column_dup (stmt, 3);
  item->revision = sqlite3_column_int (stmt, 4);
  item->action_uuid = mc_store_column_dup (stmt, 5);
  item->action_body = mc_store_column_dup (stmt, 6);
  if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
    item->body = g_bytes_new (sqlite3_column_blob (stmt, 7), sqlite3_column_bytes (stmt, 7));
  item->body_sha256 = mc_store_column_dup (stmt, 8);
  item->attempts = sqlite3_column_int (stmt, 9);
  item->state = mc_store_column_dup (stmt, 10);
  return item;
}

/* In the caller's transaction. */
static gboolean
mark_sending (McStore     *self,
              McSyncItem  *item,
              GError     **error)
{
  sqlite3_stmt *stmt = mc_store_prepare (self, "UPDATE outbox SET state = 'sending' WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item->id);
  if (!mc_store_step_done (self, stmt, _("Saving the upload state"), error))
    return FALSE;
  g_free (item->state);
  item->state = g_strdup ("sending");
  return (g_strcmp0 (item->kind, "revision") != 0 ||
          mc_store_sync_set_state (self, item->dossier_id, "uploading", TRUE, FALSE, NULL, error)) &&
         mc_store_outbox_refresh_dossier (self, item->dossier_id, error);
}

#define ITEM_COLUMNS \
  "SELECT o.id, o.dossier_id, d.uuid, o.kind, o.revision, o.action_uuid, o.action_body, o.body, " \
  "       o.body_sha256, o.attempts, o.state "
/* A dossier's head: its earliest item not done. Both queries read only
 * the partial indexes of what is still to send (schema 6): the dossiers
 * whose head waits, in upload order, and their items not done. */
#define HEAD_ITEM \
  "o.id = (SELECT min (o2.id) FROM outbox o2 WHERE o2.dossier_id = d.id AND o2.state <> 'done') " \
  "  AND o.state IN ('queued', 'retry_wait') AND o.next_attempt_at <= ?1 "

/* In the caller's transaction (or autocommit). */
static gboolean
freeze (McStore     *self,
        McSyncItem  *item,
        GBytes      *body,
        const char  *sha256,
        GError     **error)
{
  g_autofree char *now = mc_store_now_string ();
  sqlite3_stmt *stmt;
  gsize len;
  const void *data = g_bytes_get_data (body, &len);

  /* Only if not frozen yet: a frozen body never changes (§9.1). */
  stmt = mc_store_prepare (self,
                           "UPDATE outbox SET body = ?1, body_sha256 = ?2, sent_at = ?3 "
                           "WHERE id = ?4 AND body IS NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob64 (stmt, 1, data, len, SQLITE_TRANSIENT);
  mc_store_bind_text (stmt, 2, sha256);
  mc_store_bind_text (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, item->id);
  if (!mc_store_step_done (self, stmt, _("Saving the upload"), error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CONFLICT, "outbox item %" G_GINT64_FORMAT " already frozen",
                   item->id);
      return FALSE;
    }
  g_clear_pointer (&item->body, g_bytes_unref);
  item->body = g_bytes_ref (body);
  g_free (item->body_sha256);
  item->body_sha256 = g_strdup (sha256);
  return TRUE;
}

/* In the claim's transaction: @item's body, if it is not frozen yet. A
 * body that cannot be built leaves the item claimed unfrozen. */
static gboolean
freeze_claimed (McStore           *self,
                McSyncItem        *item,
                McSyncFreezeFunc   build,
                gpointer           user_data,
                GError           **error)
{
  g_autoptr(GBytes) body = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr(GError) local = NULL;

  if (build == NULL || item->body != NULL)
    return TRUE;
  if (!build (self, item, user_data, &body, &sha256, &local))
    {
      g_debug ("Outbox item %" G_GINT64_FORMAT ": its body is not built at its claim: %s", item->id, local->message);
      return TRUE;
    }
  return freeze (self, item, body, sha256, error);
}

static McSyncItem *
claim (McStore           *self,
       gint64             now,
       GHashTable        *busy,
       McSyncFreezeFunc   build,
       gpointer           user_data,
       GError           **error)
{
  g_autoptr(McSyncItem) item = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!mc_store_begin (self, error))
    return NULL;
  /* Oldest first (§9.3): received time, then code (unique, so one order). */
  stmt = mc_store_prepare (self,
                           ITEM_COLUMNS
                           "FROM dossiers d JOIN outbox o ON " HEAD_ITEM
                           "WHERE d.sync_state IN ('queued', 'retry_wait') "
                           "ORDER BY d.received_ts, d.code",
                           error);
  if (stmt == NULL)
    return fail (self), NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 dossier_id = sqlite3_column_int64 (stmt, 1);

      if (busy != NULL && g_hash_table_contains (busy, &dossier_id))
        continue;
      item = item_from_row (stmt);
      break;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      mc_store_set_sqlite_error (self, rc, _("Reading the outbox"), error);
      return fail (self), NULL;
    }
  if (item == NULL)
    {
      mc_store_rollback (self);
      return NULL;
    }
  if (!mark_sending (self, item, error) || !freeze_claimed (self, item, build, user_data, error) ||
      !mc_store_commit (self, error))
    return fail (self), NULL;
  return g_steal_pointer (&item);
}

/* The head item of @dossier_id if due, in the caller's transaction or
 * none. */
static McSyncItem *
dossier_head (McStore     *self,
              gint64       dossier_id,
              gint64       now,
              GError     **error)
{
  McSyncItem *item = NULL;
  sqlite3_stmt *stmt = mc_store_prepare (self,
                                         ITEM_COLUMNS
                                         "FROM dossiers d JOIN outbox o ON " HEAD_ITEM
                                         "WHERE d.id = ?2",
                                         error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, dossier_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    item = item_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    mc_store_set_sqlite_error (self, rc, _("Reading the outbox"), error);
  return item;
}

static McSyncItem *
claim_next (McStore           *self,
            gint64             dossier_id,
            gint64             now,
            McSyncFreezeFunc   build,
            gpointer           user_data,
            GError           **error)
{
  g_autoptr(McSyncItem) item = NULL;
  g_autoptr(GError) local = NULL;

  /* Read first: most dossiers have no item after the one acknowledged,
   * and a read takes no write lock. */
  item = dossier_head (self, dossier_id, now, &local);
  if (item == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  g_clear_pointer (&item, mc_sync_item_free);

  if (!mc_store_begin (self, error))
    return NULL;
  item = dossier_head (self, dossier_id, now, &local);   /* again, locked */
  if (item == NULL)
    {
      mc_store_rollback (self);
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (!mark_sending (self, item, error) || !freeze_claimed (self, item, build, user_data, error) ||
      !mc_store_commit (self, error))
    return fail (self), NULL;
  return g_steal_pointer (&item);
}

/* A claim alone is not waited on the disk for: lost in a power cut, the
 * item is queued, as mc_store_sync_recover () leaves one found 'sending',
 * and nothing was sent yet that the next commits (the frozen body, the
 * acknowledgement; durable, and making it durable) do not cover. A kill
 * loses nothing (WAL). One fsync less per dossier. A claim that may
 * freeze a body is durable (the body must be before its first PUT), and
 * the setting cannot change inside the transaction: one fsync for both. */
McSyncItem *
mc_store_sync_claim_frozen (McStore           *self,
                            gint64             now,
                            GHashTable        *busy,
                            McSyncFreezeFunc   build,
                            gpointer           user_data,
                            GError           **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  McSyncItem *item;

  mc_store_relax_durability (self, build == NULL);
  item = claim (self, now, busy, build, user_data, error);
  mc_store_relax_durability (self, FALSE);
  return item;
}

McSyncItem *
mc_store_sync_claim_next_frozen (McStore           *self,
                                 gint64             dossier_id,
                                 gint64             now,
                                 McSyncFreezeFunc   build,
                                 gpointer           user_data,
                                 GError           **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  McSyncItem *item;

  mc_store_relax_durability (self, build == NULL);
  item = claim_next (self, dossier_id, now, build, user_data, error);
  mc_store_relax_durability (self, FALSE);
  return item;
}

McSyncItem *
mc_store_sync_claim (McStore     *self,
                     gint64       now,
                     GHashTable  *busy,
                     GError     **error)
{
  return mc_store_sync_claim_frozen (self, now, busy, NULL, NULL, error);
}

McSyncItem *
mc_store_sync_claim_next (McStore     *self,
                          gint64       dossier_id,
                          gint64       now,
                          GError     **error)
{
  return mc_store_sync_claim_next_frozen (self, dossier_id, now, NULL, NULL, error);
}

gboolean
mc_store_sync_freeze (McStore     *self,
                      McSyncItem  *item,
                      GBytes      *body,
                      const char  *sha256,
                      GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);

  return freeze (self, item, body, sha256, error);
}

gboolean
mc_store_sync_acknowledge (McStore     *self,
                           McSyncItem  *item,
                           const char  *result_json,
                           const char  *server_ref,
                           const char  *request_id,
                           GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autofree char *now = mc_store_now_string ();
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gboolean is_revision = g_strcmp0 (item->kind, "revision") == 0;

  if (!mc_store_begin (self, error))
    return FALSE;
  stmt = mc_store_prepare (self,
                           "UPDATE outbox SET state = 'done', acked_at = ?1, result = ?2, request_id = ?3, "
                           "  last_error = NULL, last_error_field = NULL, last_status = NULL, next_attempt_at = 0 "
                           "WHERE id = ?4",
                           error);
  if (stmt == NULL)
    return fail (self);
  mc_store_bind_text (stmt, 1, now);
  mc_store_bind_text (stmt, 2, result_json);
  mc_store_bind_text (stmt, 3, request_id);
  sqlite3_bind_int64 (stmt, 4, item->id);
  if (!mc_store_step_done (self, stmt, _("Saving the upload state"), error))
    return fail (self);

  if (is_revision && server_ref != NULL)
    {
      stmt = mc_store_prepare (self, "UPDATE dossiers SET server_ref = ?1 WHERE id = ?2", error);
      if (stmt == NULL)
        return fail (self);
      mc_store_bind_text (stmt, 1, server_ref);
      sqlite3_bind_int64 (stmt, 2, item->dossier_id);
      if (!mc_store_step_done (self, stmt, _("Saving the upload state"), error))
        return fail (self);
    }

  detail = g_strdup_printf ("{\"revision\":%d}", item->revision);
  if (is_revision && !mc_store_sync_set_state (self, item->dossier_id, "uploaded", TRUE, TRUE, detail, error))
    return fail (self);
  /* An action acknowledged after a transient failure: the dossier was only
   * marked retry_wait/needs_attention by the engine, so it is uploaded. */
  if (!is_revision && revision_acked (self, item->dossier_id) &&
      !mc_store_sync_set_state (self, item->dossier_id, "uploaded", TRUE, FALSE, NULL, error))
    return fail (self);
  if (!mc_store_outbox_refresh_dossier (self, item->dossier_id, error) || !mc_store_commit (self, error))
    return fail (self);
  return TRUE;
}

static gboolean
update_failed (McStore     *self,
               McSyncItem  *item,
               const char  *state,
               guint        add_attempts,
               gint64       next_attempt_at,
               guint        status,
               const char  *message,
               const char  *field,
               const char  *request_id,
               GError     **error)
{
  sqlite3_stmt *stmt = mc_store_prepare (self,
                                         "UPDATE outbox SET state = ?1, attempts = attempts + ?2, "
                                         "  next_attempt_at = ?3, last_error = ?4, last_error_field = ?5, "
                                         "  request_id = coalesce (?6, request_id), last_status = ?8 "
                                         "WHERE id = ?7",
                                         error);
  if (stmt == NULL)
    return FALSE;
  mc_store_bind_text (stmt, 1, state);
  sqlite3_bind_int (stmt, 2, (int) add_attempts);
  sqlite3_bind_int64 (stmt, 3, next_attempt_at);
  mc_store_bind_text (stmt, 4, message);
  mc_store_bind_text (stmt, 5, field);
  mc_store_bind_text (stmt, 6, request_id);
  sqlite3_bind_int64 (stmt, 7, item->id);
  sqlite3_bind_int (stmt, 8, (int) status);
  return mc_store_step_done (self, stmt, _("Saving the upload state"), error);
}

gboolean
mc_store_sync_retry (McStore     *self,
                     McSyncItem  *item,
                     gboolean     count,
                     gint64       next_attempt_at,
                     guint        status,
                     const char  *message,
                     const char  *request_id,
                     GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);

  if (!mc_store_begin (self, error))
    return FALSE;
  if (!update_failed (self, item, "retry_wait", count ? 1 : 0, next_attempt_at, status, message, NULL, request_id,
                      error) ||
      !mc_store_sync_set_state (self, item->dossier_id, "retry_wait", TRUE, FALSE, NULL, error) ||
      !mc_store_outbox_refresh_dossier (self, item->dossier_id, error) ||
      !mc_store_commit (self, error))
    return fail (self);
  return TRUE;
}

gboolean
mc_store_sync_attention (McStore     *self,
                         McSyncItem  *item,
                         guint        status,
                         const char  *message,
                         const char  *field,
                         const char  *request_id,
                         GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *detail = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_int_value (b, status);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "field");
  json_builder_add_string_value (b, field);
  json_builder_set_member_name (b, "request_id");
  json_builder_add_string_value (b, request_id);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  detail = json_to_string (node, FALSE);

  if (!mc_store_begin (self, error))
    return FALSE;
  if (!update_failed (self, item, "needs_attention", 1, 0, status, message, field, request_id, error) ||
      !mc_store_sync_set_state (self, item->dossier_id, "needs_attention", TRUE, TRUE, detail, error) ||
      !mc_store_outbox_refresh_dossier (self, item->dossier_id, error) ||
      !mc_store_commit (self, error))
    return fail (self);
  return TRUE;
}

gboolean
mc_store_sync_release (McStore     *self,
                       McSyncItem  *item,
                       gint64       next_attempt_at,
                       GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  const char *state = next_attempt_at > 0 ? "retry_wait" : "queued";
  sqlite3_stmt *stmt;

  if (!mc_store_begin (self, error))
    return FALSE;
  stmt = mc_store_prepare (self, "UPDATE outbox SET state = ?1, next_attempt_at = ?2 WHERE id = ?3", error);
  if (stmt == NULL)
    return fail (self);
  mc_store_bind_text (stmt, 1, state);
  sqlite3_bind_int64 (stmt, 2, next_attempt_at);
  sqlite3_bind_int64 (stmt, 3, item->id);
  if (!mc_store_step_done (self, stmt, _("Saving the upload state"), error) ||
      !mc_store_sync_set_state (self, item->dossier_id,
                  next_attempt_at > 0 ? "retry_wait"
                  : revision_acked (self, item->dossier_id) ? "uploaded" : "received",
                  TRUE, FALSE, NULL, error) ||
      !mc_store_outbox_refresh_dossier (self, item->dossier_id, error) ||
      !mc_store_commit (self, error))
    return fail (self);
  return TRUE;
}

gboolean
mc_store_sync_count (McStore       *self,
                     gint64         now,
                     McSyncCounts  *counts,
                     GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt;
  int rc;

  stmt = mc_store_prepare (self,
                           /* One pass over the heads, read from the index of the
                            * items not done (min () picks the head's columns). */
                           "WITH heads AS (SELECT dossier_id, min (id), state, next_attempt_at FROM outbox "
                           "  WHERE state <> 'done' GROUP BY dossier_id) "
                           "SELECT "
                           " coalesce (sum (state IN ('queued', 'retry_wait', 'sending') AND next_attempt_at <= ?1), 0), "
                           " coalesce (sum (state IN ('queued', 'retry_wait', 'sending')), 0), "
                           " coalesce (sum (state = 'needs_attention'), 0), "
                           " coalesce (min (CASE WHEN state IN ('queued', 'retry_wait') AND next_attempt_at > ?1 "
                           "   THEN next_attempt_at END), 0), "
                           " coalesce (sum (CASE WHEN state IN ('queued', 'retry_wait', 'sending') AND next_attempt_at <= ?1 "
                           "   AND EXISTS (SELECT 1 FROM outbox r WHERE r.dossier_id = heads.dossier_id "
                           "     AND r.state <> 'done' AND r.kind = 'revision') "
                           "   THEN (SELECT coalesce (sum (a.size), 0) FROM attachments a "
                           "         WHERE a.dossier_id = heads.dossier_id) END), 0) "
                           "FROM heads",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      counts->due = sqlite3_column_int (stmt, 0);
      counts->queued = sqlite3_column_int (stmt, 1);
      counts->attention = sqlite3_column_int (stmt, 2);
      counts->next_attempt_at = sqlite3_column_int64 (stmt, 3);
      counts->due_bytes = sqlite3_column_int64 (stmt, 4);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return mc_store_set_sqlite_error (self, rc, _("Reading the outbox"), error);
  return TRUE;
}

char *
mc_store_sync_dossier_uuid (McStore *self,
                            gint64   dossier_id)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt = mc_store_prepare (self, "SELECT uuid FROM dossiers WHERE id = ?1", NULL);
  char *uuid = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, dossier_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    uuid = mc_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return uuid;
}

McSyncItem *
mc_store_sync_acked_revision (McStore     *self,
                              gint64       dossier_id,
                              GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt;
  McSyncItem *item = NULL;
  int rc;

  stmt = mc_store_prepare (self,
                           "SELECT o.id, o.dossier_id, d.uuid, o.kind, o.revision, o.action_uuid, o.action_body, "
                           "  o.body, o.body_sha256, o.attempts, o.state "
                           "FROM outbox o JOIN dossiers d ON d.id = o.dossier_id "
                           "WHERE o.dossier_id = ?1 AND o.kind = 'revision' AND o.state = 'done' "
                           "  AND o.body IS NOT NULL "
                           "ORDER BY o.revision DESC LIMIT 1",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, dossier_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    item = item_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    mc_store_set_sqlite_error (self, rc, _("Reading the outbox"), error);
  return item;
}
