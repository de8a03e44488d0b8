/* mc-store-outbox.c — the upload outbox: queueing, listing, re-queueing
 *
 * Items are queued inside the transaction that saves what they upload
 * (a dossier, a correction, an attachment, a desk action), so a kill at
 * any instant leaves both or neither (docs/sync-protocol.md §9.1). The
 * engine (mc-sync-engine.c, mc-store-sync.c) takes them from here.
 */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-core-env.h"
#include "mc-store-private.h"
#include "mc-store-outbox.h"

/* --- the station-wide pause after 429/503 -------------------------------- */

gint64
mc_store_sync_get_pause (McStore *self)
{
  g_autofree char *value = mc_store_get_setting (self, MC_SYNC_SETTING_PAUSE_UNTIL);
  gint64 until;
  char *end = NULL;

  if (value == NULL)
    return 0;
  until = g_ascii_strtoll (value, &end, 10);
  return end == value || until < 0 ? 0 : until;
}

gboolean
mc_store_sync_set_pause (McStore     *self,
                         gint64       until_ms,
                         GError     **error)
{
  g_autofree char *value = NULL;

  if (until_ms <= 0)
    return mc_store_delete_setting (self, MC_SYNC_SETTING_PAUSE_UNTIL, error);
  value = g_strdup_printf ("%" G_GINT64_FORMAT, until_ms);
  return mc_store_set_setting (self, MC_SYNC_SETTING_PAUSE_UNTIL, value, error);
}

/* A revision item refused for good (needs_attention) whose body the server
 * cannot have stored: a 4xx other than 409, or 0, refused on this desk
 * before any PUT (an attachment file damaged or unreadable). Its body may
 * be rebuilt under the same revision number (protocol §9.1 exception);
 * after a 409 it must not. */
#define REFUSED_UNSTORED \
  "(state = 'needs_attention' AND last_status IS NOT NULL AND last_status <> 409 " \
  " AND (last_status = 0 OR last_status BETWEEN 400 AND 499))"

void
mc_outbox_item_free (McOutboxItem *item)
{
  if (item == NULL)
    return;
  g_free (item->uuid);
  g_free (item->code);
  g_free (item->kind);
  g_free (item->action);
  g_free (item->last_error);
  g_free (item->last_error_field);
  g_free (item->received_at);
  g_free (item);
}

gboolean
mc_store_outbox_refresh_dossier (McStore     *self,
                                 gint64       dossier_id,
                                 GError     **error)
{
  sqlite3_stmt *stmt;

  /* The earliest item not yet acknowledged is the one the engine works
   * on (a dossier's items go in order), so it says where the dossier is. */
  stmt = mc_store_prepare (self,
                           "UPDATE dossiers SET "
                           "  sync_state = (SELECT o.state FROM outbox o WHERE o.dossier_id = ?1 AND o.state <> 'done' "
                           "                ORDER BY o.id LIMIT 1), "
                           "  sync_error = (SELECT o.last_error FROM outbox o WHERE o.dossier_id = ?1 AND o.state <> 'done' "
                           "                ORDER BY o.id LIMIT 1), "
                           "  sync_error_field = (SELECT o.last_error_field FROM outbox o WHERE o.dossier_id = ?1 "
                           "                      AND o.state <> 'done' ORDER BY o.id LIMIT 1) "
                           "WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dossier_id);
  return mc_store_step_done (self, stmt, _("Saving the upload state"), error);
}

gboolean
mc_store_outbox_queue_revision (McStore     *self,
                                gint64       dossier_id,
                                GError     **error)
{
  g_autofree char *now = mc_store_now_string ();
  sqlite3_stmt *stmt;
  gboolean found = FALSE, unsent = FALSE, refused = FALSE;
  gint64 latest = 0, item_id = 0;
  int rc;

  stmt = mc_store_prepare (self,
                           "SELECT revision, body IS NULL AND state <> 'done', " REFUSED_UNSTORED ", id "
                           "FROM outbox WHERE dossier_id = ?1 AND kind = 'revision' ORDER BY revision DESC LIMIT 1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dossier_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      found = TRUE;
      latest = sqlite3_column_int64 (stmt, 0);
      unsent = sqlite3_column_int (stmt, 1) != 0;
      refused = sqlite3_column_int (stmt, 2) != 0;
      item_id = sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (self, rc, _("Queueing the upload"), error);

  /* Refused for good, so not stored: the fix goes into the same revision,
   * its body rebuilt from the dossier when it is sent again (the clerk
   * re-queues it). A new revision would leave the refused one in front. */
  if (found && refused && !unsent)
    {
      stmt = mc_store_prepare (self, "UPDATE outbox SET body = NULL, body_sha256 = NULL, sent_at = NULL WHERE id = ?1",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, item_id);
      if (!mc_store_step_done (self, stmt, _("Queueing the upload"), error))
        return FALSE;
      g_debug ("Revision %" G_GINT64_FORMAT " of dossier %" G_GINT64_FORMAT " was refused: rebuilt with the fix",
               latest, dossier_id);
      unsent = TRUE;
    }

  /* Never sent: its body does not exist yet and will be built from the
   * dossier as it is when it goes, so it already carries this change. */
  if (found && unsent)
    return mc_store_outbox_refresh_dossier (self, dossier_id, error);

  stmt = mc_store_prepare (self,
                           "INSERT INTO outbox (dossier_id, kind, revision, created_at) VALUES (?1, 'revision', ?2, ?3)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dossier_id);
  sqlite3_bind_int64 (stmt, 2, latest + 1);
  mc_store_bind_text (stmt, 3, now);
  if (!mc_store_step_done (self, stmt, _("Queueing the upload"), error))
    return FALSE;
  g_debug ("Queued revision %" G_GINT64_FORMAT " of dossier %" G_GINT64_FORMAT, latest + 1, dossier_id);
  return mc_store_outbox_refresh_dossier (self, dossier_id, error);
}

gboolean
mc_store_outbox_queue_action (McStore     *self,
                              gint64       dossier_id,
                              const char  *action_body,
                              char       **out_action_uuid,
                              GError     **error)
{
  g_autofree char *now = mc_store_now_string ();
  g_autofree char *action_uuid = g_uuid_string_random ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (action_body != NULL, FALSE);

  stmt = mc_store_prepare (self,
                           "INSERT INTO outbox (dossier_id, kind, action_uuid, action_body, created_at) "
                           "VALUES (?1, 'action', ?2, ?3, ?4)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dossier_id);
  mc_store_bind_text (stmt, 2, action_uuid);
  mc_store_bind_text (stmt, 3, action_body);
  mc_store_bind_text (stmt, 4, now);
  if (!mc_store_step_done (self, stmt, _("Queueing the upload"), error) ||
      !mc_store_outbox_refresh_dossier (self, dossier_id, error))
    return FALSE;
  if (out_action_uuid != NULL)
    *out_action_uuid = g_steal_pointer (&action_uuid);
  return TRUE;
}

static McOutboxItem *
item_from_row (sqlite3_stmt *stmt)
{
  McOutboxItem *item = g_new0 (McOutboxItem, 1);

  item->uuid = mc_store_column_dup (stmt, 0);
  item->code = mc_store_column_dup (stmt, 1);
  item->kind = mc_store_column_dup (stmt, 2);
  item->revision = sqlite3_column_int (stmt, 3);
  item->action = mc_store_column_dup (stmt, 4);
  if (!mc_outbox_state_from_string ((const char *) sqlite3_column_text (stmt, 5), &item->state))
    item->state = MC_OUTBOX_QUEUED;
  item->attempts = (guint) sqlite3_column_int (stmt, 6);
  /* ms in the store, whole seconds (rounded up) for the clerk. */
  item->next_attempt_at = (sqlite3_column_int64 (stmt, 7) + 999) / 1000;
  item->last_error = mc_store_column_dup (stmt, 8);
  item->last_error_field = mc_store_column_dup (stmt, 9);
  item->bytes_total = sqlite3_column_int64 (stmt, 10);
  item->received_at = mc_store_column_dup (stmt, 11);
  return item;
}

GPtrArray *
mc_store_list_outbox (McStore  *store,
                     GError  **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_outbox_item_free);
  sqlite3_stmt *stmt;
  gint64 pause;
  int rc;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  locker = g_rec_mutex_locker_new (&store->lock);
  /* A 429/503 holds back every item that would be sent (not those that
   * wait for the clerk): the next try is the later of the two. */
  pause = mc_store_sync_get_pause (store);
  if (pause <= g_get_real_time () / 1000)
    pause = 0;
  /* Oldest dossier first (received time, then code: §9.3), then each
   * dossier's items in the order they were queued. */
  stmt = mc_store_prepare (store,
                           "SELECT d.uuid, d.code, o.kind, o.revision, "
                           "  CASE WHEN json_valid (o.action_body) THEN json_extract (o.action_body, '$.action') END, "
                           "  o.state, o.attempts, "
                           "  CASE WHEN o.state IN ('queued', 'retry_wait', 'sending') "
                           "    THEN max (o.next_attempt_at, ?1) ELSE o.next_attempt_at END, "
                           "  o.last_error, o.last_error_field, "
                           "  (SELECT coalesce (sum (a.size), 0) FROM attachments a WHERE a.dossier_id = d.id), "
                           "  d.received_at "
                           "FROM outbox o JOIN dossiers d ON d.id = o.dossier_id "
                           "WHERE o.state <> 'done' "
                           "ORDER BY d.received_ts, d.code, o.id",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, pause);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, item_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_store_set_sqlite_error (store, rc, _("Reading the outbox"), error);
      return NULL;
    }
  return g_steal_pointer (&items);
}

/* The dossier's id and state, or a NOT_FOUND error. */
static gboolean
find_dossier (McStore     *self,
              const char  *uuid_or_code,
              gint64      *id,
              char       **state,
              char       **code,
              GError     **error)
{
  sqlite3_stmt *stmt = mc_store_prepare (self, "SELECT id, state, code FROM dossiers WHERE uuid = ?1 OR code = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mc_store_bind_text (stmt, 1, uuid_or_code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      *state = mc_store_column_dup (stmt, 1);
      *code = mc_store_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (self, rc, _("Reading the dossier"), error);
  g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
               _("No dossier with the code or identifier “%s”"), uuid_or_code ? uuid_or_code : "");
  return FALSE;
}

static gint64
count_pending (McStore     *self,
               gint64       dossier_id,
               GError     **error)
{
  sqlite3_stmt *stmt = mc_store_prepare (self,
                                         "SELECT count(*) FROM outbox WHERE dossier_id = ?1 AND state <> 'done'",
                                         error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, dossier_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (n < 0)
    mc_store_set_sqlite_error (self, sqlite3_errcode (self->db), _("Reading the outbox"), error);
  return n;
}

/* What the dossier's own state becomes once its failed items wait again:
 * the engine sets needs_attention/retry_wait only on dossiers that were
 * received or uploaded, so go back to one of those. NULL: unchanged. */
static const char *
requeued_state (McStore     *self,
                gint64       dossier_id,
                const char  *state)
{
  sqlite3_stmt *stmt;
  gboolean acked = FALSE;

  if (g_strcmp0 (state, "needs_attention") != 0 && g_strcmp0 (state, "retry_wait") != 0)
    return NULL;
  stmt = mc_store_prepare (self,
                           "SELECT 1 FROM outbox WHERE dossier_id = ?1 AND kind = 'revision' AND state = 'done'",
                           NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, dossier_id);
      acked = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
    }
  return acked ? "uploaded" : "received";
}

gboolean
mc_store_requeue (McStore     *store,
                 const char  *uuid_or_code,
                 const char  *actor,
                 GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autofree char *state = NULL;
  g_autofree char *code = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *now = mc_store_now_string ();
  const char *new_state;
  sqlite3_stmt *stmt;
  gint64 id = 0, pending, changed;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  locker = g_rec_mutex_locker_new (&store->lock);
  if (!mc_store_begin (store, error))
    return FALSE;
  if (!find_dossier (store, uuid_or_code, &id, &state, &code, error))
    goto fail;
  pending = count_pending (store, id, error);
  if (pending < 0)
    goto fail;
  if (pending == 0)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                   _("Dossier %s has nothing waiting to be uploaded"), code);
      goto fail;
    }

  /* A revision the server refused for good (4xx other than 409) was not
   * stored (§9.1 exception): its body is dropped and rebuilt from the
   * corrected dossier under the same revision number. After a 409 the
   * server may hold that revision: the same bytes go again. */
  stmt = mc_store_prepare (store,
                           "UPDATE outbox SET body = NULL, body_sha256 = NULL, sent_at = NULL "
                           "WHERE dossier_id = ?1 AND kind = 'revision' AND " REFUSED_UNSTORED,
                           error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!mc_store_step_done (store, stmt, _("Queueing the upload again"), error))
    goto fail;

  stmt = mc_store_prepare (store,
                           "UPDATE outbox SET state = 'queued', next_attempt_at = 0, attempts = 0, "
                           "  last_error = NULL, last_error_field = NULL, last_status = NULL "
                           "WHERE dossier_id = ?1 AND state IN ('needs_attention', 'retry_wait', 'queued')",
                           error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!mc_store_step_done (store, stmt, _("Queueing the upload again"), error))
    goto fail;
  changed = sqlite3_changes64 (store->db);

  new_state = requeued_state (store, id, state);
  if (new_state != NULL)
    {
      stmt = mc_store_prepare (store, "UPDATE dossiers SET state = ?1, updated_at = ?2 WHERE id = ?3", error);
      if (stmt == NULL)
        goto fail;
      mc_store_bind_text (stmt, 1, new_state);
      mc_store_bind_text (stmt, 2, now);
      sqlite3_bind_int64 (stmt, 3, id);
      if (!mc_store_step_done (store, stmt, _("Queueing the upload again"), error))
        goto fail;
    }

  detail = g_strdup_printf ("{\"items\":%" G_GINT64_FORMAT "}", changed);
  if (!mc_store_outbox_refresh_dossier (store, id, error) ||
      !mc_store_append_event (store, id, actor, "requeued", new_state != NULL ? state : NULL, new_state,
                              detail, error) ||
      !mc_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  mc_store_rollback (store);
  return FALSE;
}
