/* ms-db-forward.c — the forwarding outbox in server.db (tables in ms-db.c)
 *
 * forward_items: what to deliver, in order (id), per dossier; queued inside
 * the transaction that accepts a revision or an action. forwards: one row
 * per dossier with its delivery state, attempts, last error and the state
 * the other system last reported.
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <string.h>
#include <sys/random.h>

#include "ms-db-private.h"
#include "ms-forward.h"

void
ms_forward_row_free (MsForwardRow *row)
{
  if (row == NULL)
    return;
  g_free (row->uuid);
  g_free (row->code);
  g_free (row->state);
  g_free (row->last_error);
  g_free (row);
}

void
ms_forward_entry_free (MsForwardEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->uuid);
  g_free (entry->kind);
  g_free (entry->action_uuid);
  g_free (entry->due_date);
  g_free (entry->at);
  g_free (entry);
}

static gboolean
run (sqlite3      *db,
     sqlite3_stmt *stmt,
     GError      **error)
{
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  ok = ms_db_step_done (db, stmt, error);
  sqlite3_finalize (stmt);
  return ok;
}

/* Inside the caller's transaction. A new item re-queues a dossier that was
 * sent or needed attention (a corrected revision is a fresh start). */
gboolean
ms_db_forward_enqueue (sqlite3     *db,
                       const char  *uuid,
                       const char  *code,
                       const char  *kind,
                       gint64       revision,
                       const char  *action_uuid,
                       gint64       state_code,
                       const char  *due_date,
                       const char  *at,
                       GError     **error)
{
  sqlite3_stmt *stmt;

  /* A revision supersedes undelivered earlier revisions (ms-db-sql.c). */
  if (g_str_equal (kind, "revision"))
    {
      stmt = ms_db_prepare (db, MS_SQL_FORWARD_ITEMS_SUPERSEDE, error);
      if (stmt != NULL)
        ms_db_bind_text (stmt, 1, uuid);
      if (!run (db, stmt, error))
        return FALSE;
    }
  stmt = ms_db_prepare (db, MS_SQL_FORWARD_ITEM_INSERT, error);
  if (stmt != NULL)
    {
      ms_db_bind_text (stmt, 1, uuid);
      ms_db_bind_text (stmt, 2, kind);
      sqlite3_bind_int64 (stmt, 3, revision);
      ms_db_bind_text (stmt, 4, action_uuid);
      sqlite3_bind_int64 (stmt, 5, state_code);
      ms_db_bind_text (stmt, 6, due_date);
      ms_db_bind_text (stmt, 7, at);
    }
  if (!run (db, stmt, error))
    return FALSE;

  stmt = ms_db_prepare (db, MS_SQL_FORWARD_UPSERT, error);
  if (stmt != NULL)
    {
      ms_db_bind_text (stmt, 1, uuid);
      ms_db_bind_text (stmt, 2, code);
    }
  return run (db, stmt, error);
}

/* A row of ROW_COLUMNS (ms-db-sql.c), in that order. */
static MsForwardRow *
row_from_stmt (sqlite3_stmt *stmt)
{
  MsForwardRow *row = g_new0 (MsForwardRow, 1);

  row->uuid = ms_db_column_text (stmt, 0);
  row->code = ms_db_column_text (stmt, 1);
  row->state = ms_db_column_text (stmt, 2);
  row->attempts = sqlite3_column_int64 (stmt, 3);
  row->last_error = ms_db_column_text (stmt, 4);
  row->remote_state_code = sqlite3_column_int64 (stmt, 5);
  row->remote_created = sqlite3_column_int (stmt, 6) != 0;
  row->maybe_sent = sqlite3_column_int (stmt, 7) != 0;
  row->next_at = sqlite3_column_int64 (stmt, 8);
  return row;
}

static GPtrArray *
list_rows (sqlite3      *db,
           sqlite3_stmt *stmt)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_forward_row_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (rows, row_from_stmt (stmt));
  sqlite3_finalize (stmt);
  return rows;
}

MsForwardRow *
ms_db_forward_next_due (sqlite3     *db,
                        gint64       now_ms,
                        GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_FORWARD_NEXT_DUE, error);
  MsForwardRow *row = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now_ms);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    row = row_from_stmt (stmt);
  sqlite3_finalize (stmt);
  return row;
}

gint64
ms_db_forward_next_time (sqlite3 *db)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_FORWARD_NEXT_TIME, NULL);
  gint64 at = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    at = MAX (sqlite3_column_int64 (stmt, 0), 1);
  sqlite3_finalize (stmt);
  return at;
}

MsForwardEntry *
ms_db_forward_first_item (sqlite3     *db,
                          const char  *uuid,
                          GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_FORWARD_FIRST_ITEM, error);
  MsForwardEntry *entry = NULL;

  if (stmt == NULL)
    return NULL;
  ms_db_bind_text (stmt, 1, uuid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      entry = g_new0 (MsForwardEntry, 1);
      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->uuid = ms_db_column_text (stmt, 1);
      entry->kind = ms_db_column_text (stmt, 2);
      entry->revision = sqlite3_column_int64 (stmt, 3);
      entry->action_uuid = ms_db_column_text (stmt, 4);
      entry->state_code = sqlite3_column_int64 (stmt, 5);
      entry->due_date = ms_db_column_text (stmt, 6);
      entry->at = ms_db_column_text (stmt, 7);
    }
  else
    g_set_error (error, MS_ERROR, MS_ERROR_NOT_FOUND, "no item");
  sqlite3_finalize (stmt);
  return entry;
}

gboolean
ms_db_forward_item_done (sqlite3     *db,
                         const char  *uuid,
                         gint64       item_id,
                         GError     **error)
{
  g_autofree char *now = ms_now_string ();
  sqlite3_stmt *stmt;

  if (!ms_db_begin (db, error))
    return FALSE;
  stmt = ms_db_prepare (db, MS_SQL_FORWARD_ITEM_DONE, error);
  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, item_id);
  if (!run (db, stmt, error))
    goto fail;
  stmt = ms_db_prepare (db, MS_SQL_FORWARD_DELIVERED, error);
  if (stmt != NULL)
    ms_db_bind_text (stmt, 1, uuid);
  if (!run (db, stmt, error))
    goto fail;
  stmt = ms_db_prepare (db, MS_SQL_META_LAST_SUCCESS_PUT, error);
  if (stmt != NULL)
    ms_db_bind_text (stmt, 1, now);
  if (!run (db, stmt, error))
    goto fail;
  return ms_db_commit (db, error);

fail:
  ms_db_rollback (db);
  return FALSE;
}

gboolean
ms_db_forward_attempt_failed (sqlite3     *db,
                              const char  *uuid,
                              const char  *state,
                              const char  *message,
                              gboolean     maybe_sent,
                              gint64       next_at,
                              GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_FORWARD_ATTEMPT_FAILED, error);

  if (stmt != NULL)
    {
      ms_db_bind_text (stmt, 1, message);
      ms_db_bind_text (stmt, 2, state);
      sqlite3_bind_int (stmt, 3, maybe_sent ? 1 : 0);
      sqlite3_bind_int64 (stmt, 4, next_at);
      ms_db_bind_text (stmt, 5, uuid);
    }
  return run (db, stmt, error);
}

/* Whether item @item_id was marked done by a later revision (its own
 * delivery has not been recorded: it was in flight). */
gboolean
ms_db_forward_item_superseded (sqlite3 *db,
                               gint64   item_id)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_FORWARD_ITEM_SUPERSEDED, NULL);
  gboolean done = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    done = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_finalize (stmt);
  return done;
}

/* Before a create is sent: from now on its answer may be lost. */
gboolean
ms_db_forward_mark_maybe_sent (sqlite3     *db,
                               const char  *uuid,
                               GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_FORWARD_MARK_MAYBE_SENT, error);

  if (stmt != NULL)
    ms_db_bind_text (stmt, 1, uuid);
  return run (db, stmt, error);
}

gboolean
ms_db_forward_retry (sqlite3     *db,
                     const char  *code,
                     GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_FORWARD_RETRY, error);

  if (stmt != NULL)
    ms_db_bind_text (stmt, 1, code);
  if (!run (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_NOT_FOUND, "no dossier %s needs attention", code);
      return FALSE;
    }
  return TRUE;
}

/* @state NULL: every row. */
GPtrArray *
ms_db_forward_list_in (sqlite3     *db,
                       const char  *state,
                       GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, state != NULL ? MS_SQL_FORWARD_LIST_IN : MS_SQL_FORWARD_LIST, error);

  if (stmt == NULL)
    return NULL;
  if (state != NULL)
    ms_db_bind_text (stmt, 1, state);
  return list_rows (db, stmt);
}

void
ms_forward_summary_clear (MsForwardSummary *summary)
{
  g_clear_pointer (&summary->oldest_waiting_at, g_free);
  g_clear_pointer (&summary->last_success_at, g_free);
}

/* Counts per state, since when the oldest undelivered item waits, and when
 * the other system last answered success. */
gboolean
ms_db_forward_summary (sqlite3           *db,
                       MsForwardSummary  *summary,
                       GError           **error)
{
  sqlite3_stmt *stmt;

  memset (summary, 0, sizeof *summary);
  stmt = ms_db_prepare (db, MS_SQL_FORWARD_COUNT_BY_STATE, error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *state = (const char *) sqlite3_column_text (stmt, 0);
      guint n = (guint) sqlite3_column_int64 (stmt, 1);

      if (g_strcmp0 (state, "queued") == 0)
        summary->queued = n;
      else if (g_strcmp0 (state, "sent") == 0)
        summary->sent = n;
      else if (g_strcmp0 (state, "needs_attention") == 0)
        summary->needs_attention = n;
    }
  sqlite3_finalize (stmt);
  stmt = ms_db_prepare (db, MS_SQL_FORWARD_OLDEST_WAITING, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    summary->oldest_waiting_at = ms_db_column_text (stmt, 0);
  sqlite3_finalize (stmt);
  stmt = ms_db_prepare (db, MS_SQL_META_LAST_SUCCESS_GET, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    summary->last_success_at = ms_db_column_text (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

/* Queues, in the order the server received them, the latest revision of
 * every dossier the outbox never held (accepted before forwarding was
 * configured), received on or after @since (YYYY-MM-DD, the desk's date;
 * NULL: all). One transaction; @queued_out: how many. */
gboolean
ms_db_forward_backfill (sqlite3     *db,
                        const char  *since,
                        guint       *queued_out,
                        GError     **error)
{
  g_autoptr(GPtrArray) dossiers = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_dossier_free);
  sqlite3_stmt *stmt;

  *queued_out = 0;
  if (!ms_db_begin (db, error))
    return FALSE;
  stmt = ms_db_prepare (db, MS_SQL_FORWARD_BACKFILL_DOSSIERS, error);
  if (stmt == NULL)
    goto fail;
  ms_db_bind_text (stmt, 1, since);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *uuid = ms_db_column_text (stmt, 0);
      MsDossier *d = ms_db_dossier_get (db, uuid, error);

      if (d == NULL)
        {
          sqlite3_finalize (stmt);
          goto fail;
        }
      g_ptr_array_add (dossiers, d);
    }
  sqlite3_finalize (stmt);
  for (guint i = 0; i < dossiers->len; i++)
    {
      MsDossier *d = dossiers->pdata[i];

      if (!ms_db_forward_enqueue (db, d->uuid, d->code, "revision", d->revision, NULL,
                                  d->state_code, d->due_date, d->accepted_at, error))
        goto fail;
    }
  if (!ms_db_commit (db, error))
    return FALSE;
  *queued_out = dossiers->len;
  return TRUE;

fail:
  ms_db_rollback (db);
  return FALSE;
}

/* Delivered dossiers the other system may still move: not in a final
 * state there (3, 7, 8, 10; 9 is followed by 10). Least recently polled first. */
GPtrArray *
ms_db_forward_poll_batch (sqlite3  *db,
                          guint     limit,
                          GError  **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_FORWARD_POLL_BATCH, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, (int) limit);
  return list_rows (db, stmt);
}

/* @state_code 0: only records that it was polled now. */
gboolean
ms_db_forward_set_remote_state (sqlite3     *db,
                                const char  *uuid,
                                gint64       state_code,
                                GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_FORWARD_SET_REMOTE_STATE, error);

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, g_get_real_time () / 1000);
      sqlite3_bind_int64 (stmt, 2, state_code);
      sqlite3_bind_int64 (stmt, 3, state_code);
      ms_db_bind_text (stmt, 4, uuid);
    }
  return run (db, stmt, error);
}

char *
ms_db_revision_body (sqlite3     *db,
                     const char  *uuid,
                     gint64       revision,
                     GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_REVISION_BODY, error);
  char *body = NULL;

  if (stmt == NULL)
    return NULL;
  ms_db_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, revision);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    body = ms_db_column_text (stmt, 0);
  else
    g_set_error (error, MS_ERROR, MS_ERROR_NOT_FOUND, "no revision");
  sqlite3_finalize (stmt);
  return body;
}

/* Bodies of the dossier's forwarded actions up to outbox item @up_to_item, in order. */
GPtrArray *
ms_db_forward_action_bodies (sqlite3     *db,
                             const char  *uuid,
                             gint64       up_to_item,
                             GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_FORWARD_ACTION_BODIES, error);
  GPtrArray *bodies;

  if (stmt == NULL)
    return NULL;
  ms_db_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, up_to_item);
  bodies = g_ptr_array_new_with_free_func (g_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (bodies, ms_db_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return bodies;
}

/* A 32-byte random secret kept in meta under @name, made on first use. */
GBytes *
ms_db_get_secret (sqlite3     *db,
                  const char  *name,
                  GError     **error)
{
  g_autoptr(GBytes) key = NULL;
  sqlite3_stmt *stmt;
  guint8 fresh[32];

  if (!ms_db_begin (db, error))
    return NULL;
  stmt = ms_db_prepare (db, MS_SQL_META_SECRET_GET, error);
  if (stmt == NULL)
    goto fail;
  ms_db_bind_text (stmt, 1, name);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    key = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  if (key == NULL)
    {
      if (getrandom (fresh, sizeof fresh, 0) != sizeof fresh)
        {
          g_set_error (error, MS_ERROR, MS_ERROR_FAILED, "getrandom failed");
          goto fail;
        }
      stmt = ms_db_prepare (db, MS_SQL_META_SECRET_PUT, error);
      if (stmt == NULL)
        goto fail;
      ms_db_bind_text (stmt, 1, name);
      sqlite3_bind_blob (stmt, 2, fresh, sizeof fresh, SQLITE_TRANSIENT);
      if (!run (db, stmt, error))
        goto fail;
      key = g_bytes_new (fresh, sizeof fresh);
    }
  if (!ms_db_commit (db, error))
    return NULL;
  return g_steal_pointer (&key);

fail:
  ms_db_rollback (db);
  return NULL;
}
