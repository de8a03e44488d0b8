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

  /* A revision carries the whole record: it supersedes undelivered earlier
   * revisions (a refused one above all, which would block it). */
  if (g_str_equal (kind, "revision"))
    {
      stmt = ms_db_prepare (db, "UPDATE forward_items SET done = 1"
                                " WHERE uuid = ? AND kind = 'revision' AND done = 0", error);
      if (stmt != NULL)
        ms_db_bind_text (stmt, 1, uuid);
      if (!run (db, stmt, error))
        return FALSE;
    }
  stmt = ms_db_prepare (db, "INSERT INTO forward_items (uuid, kind, revision, action_uuid, state_code,"
                            " due_date, at) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
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

  stmt = ms_db_prepare (db, "INSERT INTO forwards (uuid, code, state) VALUES (?1, ?2, 'queued')"
                            " ON CONFLICT (uuid) DO UPDATE SET"
                            "  attempts = CASE WHEN state = 'needs_attention' THEN 0 ELSE attempts END,"
                            "  next_at = CASE WHEN state = 'queued' THEN next_at ELSE 0 END,"
                            "  state = 'queued'", error);
  if (stmt != NULL)
    {
      ms_db_bind_text (stmt, 1, uuid);
      ms_db_bind_text (stmt, 2, code);
    }
  return run (db, stmt, error);
}

#define ROW_COLUMNS "uuid, code, state, attempts, last_error, remote_state_code, remote_created, maybe_sent, next_at"

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
  sqlite3_stmt *stmt = ms_db_prepare (db, "SELECT " ROW_COLUMNS " FROM forwards"
                                          " WHERE state = 'queued' AND next_at <= ?"
                                          " ORDER BY next_at, id LIMIT 1", error);
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
  sqlite3_stmt *stmt = ms_db_prepare (db, "SELECT min (next_at) FROM forwards WHERE state = 'queued'", NULL);
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
  sqlite3_stmt *stmt = ms_db_prepare (db, "SELECT id, uuid, kind, revision, action_uuid, state_code, due_date, at"
                                          " FROM forward_items WHERE uuid = ? AND done = 0"
                                          " ORDER BY id LIMIT 1", error);
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
  stmt = ms_db_prepare (db, "UPDATE forward_items SET done = 1 WHERE id = ?", error);
  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, item_id);
  if (!run (db, stmt, error))
    goto fail;
  stmt = ms_db_prepare (db, "UPDATE forwards SET remote_created = 1, maybe_sent = 0, attempts = 0,"
                            " last_error = NULL, next_at = 0,"
                            " state = CASE WHEN EXISTS (SELECT 1 FROM forward_items"
                            "   WHERE uuid = ?1 AND done = 0) THEN 'queued' ELSE 'sent' END"
                            " WHERE uuid = ?1", error);
  if (stmt != NULL)
    ms_db_bind_text (stmt, 1, uuid);
  if (!run (db, stmt, error))
    goto fail;
  stmt = ms_db_prepare (db, "INSERT INTO meta (key, value) VALUES ('forward_last_success', ?)"
                            " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
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
  sqlite3_stmt *stmt = ms_db_prepare (db, "UPDATE forwards SET attempts = attempts + 1, last_error = ?,"
                                          " state = ?, maybe_sent = max (maybe_sent, ?), next_at = ?"
                                          " WHERE uuid = ?", error);

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
  sqlite3_stmt *stmt = ms_db_prepare (db, "SELECT done FROM forward_items WHERE id = ?", NULL);
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
  sqlite3_stmt *stmt = ms_db_prepare (db, "UPDATE forwards SET maybe_sent = 1 WHERE uuid = ?", error);

  if (stmt != NULL)
    ms_db_bind_text (stmt, 1, uuid);
  return run (db, stmt, error);
}

gboolean
ms_db_forward_retry (sqlite3     *db,
                     const char  *code,
                     GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, "UPDATE forwards SET state = 'queued', attempts = 0, next_at = 0"
                                          " WHERE code = ? AND state = 'needs_attention'", error);

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

GPtrArray *
ms_db_forward_list (sqlite3  *db,
                    GError  **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, "SELECT " ROW_COLUMNS " FROM forwards ORDER BY id", error);

  return stmt != NULL ? list_rows (db, stmt) : NULL;
}

/* @state NULL: every row. */
GPtrArray *
ms_db_forward_list_in (sqlite3     *db,
                       const char  *state,
                       GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, "SELECT " ROW_COLUMNS " FROM forwards"
                                          " WHERE ?1 IS NULL OR state = ?1 ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
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
  stmt = ms_db_prepare (db, "SELECT state, count (*) FROM forwards GROUP BY state", error);
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
  stmt = ms_db_prepare (db, "SELECT min (i.at) FROM forward_items i JOIN forwards f ON f.uuid = i.uuid"
                            " WHERE i.done = 0 AND f.state <> 'sent'", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    summary->oldest_waiting_at = ms_db_column_text (stmt, 0);
  sqlite3_finalize (stmt);
  stmt = ms_db_prepare (db, "SELECT CAST (value AS TEXT) FROM meta WHERE key = 'forward_last_success'", error);
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
  stmt = ms_db_prepare (db, "SELECT uuid FROM dossiers WHERE uuid NOT IN (SELECT uuid FROM forwards)"
                            " AND (?1 IS NULL OR substr (received_at, 1, 10) >= ?1) ORDER BY id", error);
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
  /* INDEXED BY: without statistics the planner takes forwards_due and
   * sorts every delivered dossier (26 ms at 200 000, every poll; 0.2 ms
   * this way). */
  sqlite3_stmt *stmt = ms_db_prepare (db, "SELECT " ROW_COLUMNS " FROM forwards INDEXED BY forwards_poll"
                                          " WHERE state = 'sent' AND remote_state_code NOT IN (3, 7, 8, 10)"
                                          " ORDER BY polled_at, id LIMIT ?", error);

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
  sqlite3_stmt *stmt = ms_db_prepare (db, "UPDATE forwards SET polled_at = ?,"
                                          " remote_state_code = CASE WHEN ? > 0 THEN ? ELSE remote_state_code END"
                                          " WHERE uuid = ?", error);

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
  sqlite3_stmt *stmt = ms_db_prepare (db, "SELECT body FROM revisions WHERE uuid = ? AND revision = ?", error);
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
  sqlite3_stmt *stmt = ms_db_prepare (db, "SELECT a.body FROM forward_items f"
                                          " JOIN actions a ON a.action_uuid = f.action_uuid"
                                          " WHERE f.uuid = ? AND f.kind = 'action' AND f.id <= ?"
                                          " ORDER BY f.id", error);
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
  stmt = ms_db_prepare (db, "SELECT value FROM meta WHERE key = ?", error);
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
      stmt = ms_db_prepare (db, "INSERT INTO meta (key, value) VALUES (?, ?)", error);
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
