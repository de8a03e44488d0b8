/* ms-db.c — motcua-server's SQLite database: schema, stations, tokens, files, uploads
 *
 * WAL with synchronous=FULL, so a commit is durable when it returns. The
 * server has one connection per thread (ms-pool.c); a write transaction
 * takes a process-wide lock first, so the threads' writers take turns
 * without SQLite's busy sleeps, while readers go on beside them. The busy
 * handler still waits (30 s) for the admin commands, which write from
 * another process while `serve` runs.
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <sys/random.h>

#include "mc-store.h"
#include "ms-db-private.h"

G_DEFINE_QUARK (ms-error-quark, ms_error)

static const char *schema_sql =
  "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);"
  "CREATE TABLE IF NOT EXISTS stations ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  agency_code TEXT, agency_name TEXT, station_number INTEGER,"
  "  disabled INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE IF NOT EXISTS tokens ("
  "  hash TEXT PRIMARY KEY,"
  "  station_id INTEGER NOT NULL REFERENCES stations (id),"
  "  created_at TEXT NOT NULL);"
  /* A station identity stated by the desk at its first enrolment (§4.1),
   * bound to the token: revoking the token frees it. One token per
   * agency code and station number. */
  "CREATE TABLE IF NOT EXISTS token_bindings ("
  "  hash TEXT PRIMARY KEY REFERENCES tokens (hash) ON DELETE CASCADE,"
  "  agency_code TEXT NOT NULL, station_number INTEGER NOT NULL,"
  "  bound_at TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE UNIQUE INDEX IF NOT EXISTS token_bindings_station"
  "  ON token_bindings (agency_code, station_number);"
  "CREATE TABLE IF NOT EXISTS files ("
  "  sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, mime_type TEXT,"
  "  created_at TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS uploads ("
  "  id TEXT PRIMARY KEY,"
  "  station_id INTEGER NOT NULL REFERENCES stations (id),"
  "  length INTEGER NOT NULL, offset INTEGER NOT NULL DEFAULT 0,"
  "  metadata TEXT NOT NULL, sha256 TEXT NOT NULL, filetype TEXT NOT NULL,"
  "  expires_at INTEGER NOT NULL, created_at TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS dossiers ("
  "  id INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  station_id INTEGER NOT NULL REFERENCES stations (id),"
  "  code TEXT NOT NULL UNIQUE,"
  "  revision INTEGER NOT NULL,"
  "  body TEXT NOT NULL, body_sha256 TEXT NOT NULL, accepted_at TEXT NOT NULL,"
  "  server_ref TEXT NOT NULL,"
  "  state_code INTEGER NOT NULL, due_date TEXT NOT NULL,"
  "  last_seq INTEGER NOT NULL, received_at TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS revisions ("
  "  uuid TEXT NOT NULL, revision INTEGER NOT NULL,"
  "  body_sha256 TEXT NOT NULL, body TEXT NOT NULL, result TEXT NOT NULL,"
  "  accepted_at TEXT NOT NULL,"
  "  PRIMARY KEY (uuid, revision)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS actions ("
  "  action_uuid TEXT PRIMARY KEY, uuid TEXT NOT NULL,"
  "  body_sha256 TEXT NOT NULL, body TEXT NOT NULL, result TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS changes ("
  "  position INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  station_id INTEGER NOT NULL, uuid TEXT NOT NULL, seq INTEGER NOT NULL,"
  "  kind TEXT NOT NULL, at TEXT NOT NULL, state_code INTEGER NOT NULL,"
  "  due_date TEXT NOT NULL, source TEXT NOT NULL, action_uuid TEXT,"
  "  handler TEXT, message TEXT);"
  "CREATE INDEX IF NOT EXISTS changes_station ON changes (station_id, position);"
  /* The forwarding outbox (ms-forward.c): items in order, one status row per dossier. */
  "CREATE TABLE IF NOT EXISTS forward_items ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  uuid TEXT NOT NULL, kind TEXT NOT NULL, revision INTEGER NOT NULL, action_uuid TEXT,"
  "  state_code INTEGER NOT NULL, due_date TEXT NOT NULL, at TEXT NOT NULL,"
  "  done INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX IF NOT EXISTS forward_items_uuid ON forward_items (uuid, done, id);"
  "CREATE TABLE IF NOT EXISTS forwards ("
  "  id INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE, code TEXT NOT NULL,"
  "  state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,"
  "  remote_state_code INTEGER NOT NULL DEFAULT 0, remote_created INTEGER NOT NULL DEFAULT 0,"
  "  maybe_sent INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL DEFAULT 0,"
  "  polled_at INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX IF NOT EXISTS forwards_due ON forwards (state, next_at);"
  /* The status poll and the operator's summary read only what is still
   * moving: years of finished dossiers stay out of both. */
  "CREATE INDEX IF NOT EXISTS forwards_poll ON forwards (polled_at, id)"
  "  WHERE state = 'sent' AND remote_state_code NOT IN (3, 7, 8, 10);"
  "CREATE INDEX IF NOT EXISTS forward_items_pending ON forward_items (at) WHERE done = 0;"
  /* Added with tests/unit/server/test-server-plans (a server made earlier
   * gets them at its next start): a request's token lookup finds the
   * station's binding without reading every token; the upload collector
   * reads only the expired and the complete uploads. */
  "CREATE INDEX IF NOT EXISTS tokens_station ON tokens (station_id);"
  "CREATE INDEX IF NOT EXISTS uploads_expiry ON uploads (expires_at);"
  "CREATE INDEX IF NOT EXISTS uploads_complete ON uploads (id) WHERE offset = length;"
  /* `forwards --state` reads only that state's rows, in id order (a
   * server made earlier gets it at its next start). */
  "CREATE INDEX IF NOT EXISTS forwards_state ON forwards (state);";

void
ms_station_free (MsStation *station)
{
  if (station == NULL)
    return;
  g_free (station->name);
  g_free (station->agency_code);
  g_free (station->agency_name);
  g_free (station);
}

void
ms_upload_free (MsUpload *upload)
{
  if (upload == NULL)
    return;
  g_free (upload->id);
  g_free (upload->metadata);
  g_free (upload->sha256);
  g_free (upload->filetype);
  g_free (upload);
}

gboolean
ms_db_set_error (sqlite3  *db,
                 GError  **error)
{
  g_set_error (error, MS_ERROR, MS_ERROR_FAILED, "SQLite: %s", sqlite3_errmsg (db));
  return FALSE;
}

sqlite3_stmt *
ms_db_prepare (sqlite3     *db,
               MsSql        sql,
               GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (sql < MS_SQL_N, NULL);
  if (sqlite3_prepare_v2 (db, ms_db_sql[sql].text, -1, &stmt, NULL) != SQLITE_OK)
    {
      ms_db_set_error (db, error);
      return NULL;
    }
  return stmt;
}

void
ms_db_bind_text (sqlite3_stmt *stmt,
                 int           index,
                 const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
ms_db_column_text (sqlite3_stmt *stmt,
                   int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

gboolean
ms_db_step_done (sqlite3       *db,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return ms_db_set_error (db, error);
  return TRUE;
}

gboolean
ms_db_run_text (sqlite3     *db,
                MsSql        sql,
                const char  *text,
                GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, sql, error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  ms_db_bind_text (stmt, 1, text);
  ok = ms_db_step_done (db, stmt, error);
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      GError     **error)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_FAILED, "SQLite: %s", msg ? msg : "?");
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

/* The write lock: held from BEGIN IMMEDIATE to COMMIT or ROLLBACK by the
 * thread that began (a thread has one transaction at a time). */
static GMutex write_lock;
static GPrivate write_lock_held;

static void
write_lock_release (void)
{
  if (g_private_get (&write_lock_held) != NULL)
    {
      g_private_set (&write_lock_held, NULL);
      g_mutex_unlock (&write_lock);
    }
}

#define BUSY_TIMEOUT_US (30 * G_USEC_PER_SEC)

/* SQLITE_BUSY: another connection writes. One of this process (a write
 * outside a transaction: the forwarding engine's, the upload collector's)
 * is waited for on the write lock; another process (an admin command) by
 * sleeping a little longer each time, 30 s in all. */
static GPrivate busy_started = G_PRIVATE_INIT (g_free);

static int
busy_cb (gpointer data,
         int      count)
{
  gint64 *started = g_private_get (&busy_started);
  gint64 now = g_get_monotonic_time ();

  if (started == NULL)
    {
      started = g_new0 (gint64, 1);
      g_private_set (&busy_started, started);
    }

  if (count == 0)
    *started = now;
  else if (now - *started > BUSY_TIMEOUT_US)
    return 0;
  if (g_private_get (&write_lock_held) == NULL)
    {
      g_mutex_lock (&write_lock);
      g_mutex_unlock (&write_lock);
    }
  if (count > 0)
    g_usleep ((gulong) MIN (count, 20) * 1000);
  return 1;
}

static sqlite3 *
connect (const char  *path,
         int          flags,
         GError     **error)
{
  sqlite3 *db = NULL;

  mc_store_configure_sqlite ();
  if (sqlite3_open_v2 (path, &db, flags, NULL) != SQLITE_OK)
    {
      ms_db_set_error (db, error);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_handler (db, busy_cb, NULL);
  if (!exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", error))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

sqlite3 *
ms_db_open (const char  *data_dir,
            GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, "server.db", NULL);
  sqlite3 *db = NULL;

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_FAILED,
                   "Không tạo được thư mục dữ liệu %s", data_dir);
      return NULL;
    }
  db = connect (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);
  if (db == NULL)
    return NULL;
  if (!ms_db_begin (db, error))
    {
      sqlite3_close (db);
      return NULL;
    }
  if (!exec (db, schema_sql, error) || !ms_db_commit (db, error))
    {
      ms_db_rollback (db);
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

sqlite3 *
ms_db_connect (const char  *data_dir,
               GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, "server.db", NULL);

  return connect (path, SQLITE_OPEN_READWRITE, error);
}

void
ms_db_close (sqlite3 *db)
{
  sqlite3_close (db);
}

/* IMMEDIATE: every write transaction takes the write lock at once, so change
 * positions are assigned in commit order (§7.8 "Order"). */
gboolean
ms_db_begin (sqlite3  *db,
             GError  **error)
{
  if (g_private_get (&write_lock_held) != NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_FAILED, "a transaction is already open on this thread");
      return FALSE;
    }
  g_mutex_lock (&write_lock);
  g_private_set (&write_lock_held, GINT_TO_POINTER (1));
  if (!exec (db, "BEGIN IMMEDIATE;", error))
    {
      write_lock_release ();
      return FALSE;
    }
  return TRUE;
}

gboolean
ms_db_commit (sqlite3  *db,
              GError  **error)
{
  if (!exec (db, "COMMIT;", error))
    {
      ms_db_rollback (db);
      return FALSE;
    }
  write_lock_release ();
  return TRUE;
}

void
ms_db_rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    exec (db, "ROLLBACK;", NULL);
  write_lock_release ();
}

GBytes *
ms_db_get_cursor_key (sqlite3  *db,
                      GError  **error)
{
  g_autoptr(GBytes) key = NULL;
  sqlite3_stmt *stmt;
  guint8 fresh[32];

  if (!ms_db_begin (db, error))
    return NULL;
  stmt = ms_db_prepare (db, MS_SQL_META_CURSOR_KEY_GET, error);
  if (stmt == NULL)
    goto fail;
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
      stmt = ms_db_prepare (db, MS_SQL_META_CURSOR_KEY_PUT, error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_blob (stmt, 1, fresh, sizeof fresh, SQLITE_TRANSIENT);
      if (!ms_db_step_done (db, stmt, error))
        {
          sqlite3_finalize (stmt);
          goto fail;
        }
      sqlite3_finalize (stmt);
      key = g_bytes_new (fresh, sizeof fresh);
    }
  if (!ms_db_commit (db, error))
    return NULL;
  return g_steal_pointer (&key);

fail:
  ms_db_rollback (db);
  return NULL;
}

MsStation *
ms_station_from_row (sqlite3_stmt *stmt)
{
  MsStation *station = g_new0 (MsStation, 1);

  station->id = sqlite3_column_int64 (stmt, 0);
  station->name = ms_db_column_text (stmt, 1);
  station->agency_code = ms_db_column_text (stmt, 2);
  station->agency_name = ms_db_column_text (stmt, 3);
  station->station_number = sqlite3_column_int64 (stmt, 4);
  station->disabled = sqlite3_column_int (stmt, 5) != 0;
  return station;
}

MsStation *
ms_db_station_for_token (sqlite3     *db,
                         const char  *token_hash,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  MsStation *station = NULL;

  stmt = ms_db_prepare (db, MS_SQL_STATION_FOR_TOKEN, error);
  if (stmt == NULL)
    return NULL;
  ms_db_bind_text (stmt, 1, token_hash);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    station = ms_station_from_row (stmt);
  else
    g_set_error (error, MS_ERROR, MS_ERROR_NOT_FOUND, "unknown token");
  sqlite3_finalize (stmt);
  return station;
}

MsStation *
ms_db_station_get (sqlite3     *db,
                   gint64       station_id,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  MsStation *station = NULL;

  stmt = ms_db_prepare (db, MS_SQL_STATION_GET, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, station_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    station = ms_station_from_row (stmt);
  else
    g_set_error (error, MS_ERROR, MS_ERROR_NOT_FOUND, "unknown station");
  sqlite3_finalize (stmt);
  return station;
}

gboolean
ms_db_issue_token (sqlite3     *db,
                   const char  *station_name,
                   const char  *agency_code,
                   const char  *agency_name,
                   gint64       station_number,
                   const char  *token_hash,
                   GError     **error)
{
  g_autofree char *now = ms_now_string ();
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!ms_db_begin (db, error))
    return FALSE;

  if (!ms_db_run_text (db, MS_SQL_STATION_INSERT, station_name, error))
    goto fail;

  stmt = ms_db_prepare (db, MS_SQL_STATION_UPDATE, error);
  if (stmt == NULL)
    goto fail;
  ms_db_bind_text (stmt, 1, station_name);
  ms_db_bind_text (stmt, 2, agency_code);
  ms_db_bind_text (stmt, 3, agency_name);
  if (station_number > 0)
    sqlite3_bind_int64 (stmt, 4, station_number);
  ok = ms_db_step_done (db, stmt, error);
  sqlite3_finalize (stmt);
  if (!ok)
    goto fail;

  /* One PC, one valid token: the new one revokes the old ones. */
  if (!ms_db_run_text (db, MS_SQL_TOKENS_DELETE_FOR_STATION, station_name, error))
    goto fail;

  /* Two PCs with one number would issue the same dossier codes. */
  if ((agency_code != NULL || station_number > 0) && !ms_db_station_check_unique (db, station_name, error))
    goto fail;

  stmt = ms_db_prepare (db, MS_SQL_TOKEN_INSERT, error);
  if (stmt == NULL)
    goto fail;
  ms_db_bind_text (stmt, 1, token_hash);
  ms_db_bind_text (stmt, 2, now);
  ms_db_bind_text (stmt, 3, station_name);
  ok = ms_db_step_done (db, stmt, error);
  sqlite3_finalize (stmt);
  if (!ok)
    goto fail;

  return ms_db_commit (db, error);

fail:
  ms_db_rollback (db);
  return FALSE;
}

gboolean
ms_db_file_lookup (sqlite3     *db,
                   const char  *sha256,
                   gint64      *size_out,
                   GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_FILE_LOOKUP, error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  ms_db_bind_text (stmt, 1, sha256);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      if (size_out != NULL)
        *size_out = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  return found;
}

gboolean
ms_db_file_add (sqlite3     *db,
                const char  *sha256,
                gint64       size,
                const char  *mime_type,
                GError     **error)
{
  g_autofree char *now = ms_now_string ();
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_FILE_ADD, error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  ms_db_bind_text (stmt, 1, sha256);
  sqlite3_bind_int64 (stmt, 2, size);
  ms_db_bind_text (stmt, 3, mime_type);
  ms_db_bind_text (stmt, 4, now);
  ok = ms_db_step_done (db, stmt, error);
  sqlite3_finalize (stmt);
  return ok;
}

gboolean
ms_db_upload_insert (sqlite3         *db,
                     const MsUpload  *upload,
                     GError         **error)
{
  g_autofree char *now = ms_now_string ();
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_UPLOAD_INSERT, error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  ms_db_bind_text (stmt, 1, upload->id);
  sqlite3_bind_int64 (stmt, 2, upload->station_id);
  sqlite3_bind_int64 (stmt, 3, upload->length);
  sqlite3_bind_int64 (stmt, 4, upload->offset);
  ms_db_bind_text (stmt, 5, upload->metadata);
  ms_db_bind_text (stmt, 6, upload->sha256);
  ms_db_bind_text (stmt, 7, upload->filetype);
  sqlite3_bind_int64 (stmt, 8, upload->expires_at);
  ms_db_bind_text (stmt, 9, now);
  ok = ms_db_step_done (db, stmt, error);
  sqlite3_finalize (stmt);
  return ok;
}

MsUpload *
ms_db_upload_get (sqlite3     *db,
                  const char  *id,
                  GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_UPLOAD_GET, error);
  MsUpload *upload = NULL;

  if (stmt == NULL)
    return NULL;
  ms_db_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      upload = g_new0 (MsUpload, 1);
      upload->id = ms_db_column_text (stmt, 0);
      upload->station_id = sqlite3_column_int64 (stmt, 1);
      upload->length = sqlite3_column_int64 (stmt, 2);
      upload->offset = sqlite3_column_int64 (stmt, 3);
      upload->metadata = ms_db_column_text (stmt, 4);
      upload->sha256 = ms_db_column_text (stmt, 5);
      upload->filetype = ms_db_column_text (stmt, 6);
      upload->expires_at = sqlite3_column_int64 (stmt, 7);
    }
  else
    g_set_error (error, MS_ERROR, MS_ERROR_NOT_FOUND, "unknown upload");
  sqlite3_finalize (stmt);
  return upload;
}

gboolean
ms_db_upload_set_offset (sqlite3     *db,
                         const char  *id,
                         gint64       offset,
                         gint64       expires_at,
                         GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_UPLOAD_SET_OFFSET, error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, offset);
  sqlite3_bind_int64 (stmt, 2, expires_at);
  ms_db_bind_text (stmt, 3, id);
  ok = ms_db_step_done (db, stmt, error);
  sqlite3_finalize (stmt);
  return ok;
}

gboolean
ms_db_upload_delete (sqlite3     *db,
                     const char  *id,
                     GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_UPLOAD_DELETE, error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  ms_db_bind_text (stmt, 1, id);
  ok = ms_db_step_done (db, stmt, error);
  sqlite3_finalize (stmt);
  return ok;
}

GPtrArray *
ms_db_upload_list_expired (sqlite3     *db,
                           gint64       now,
                           GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_UPLOAD_LIST_EXPIRED, error);
  GPtrArray *ids;

  if (stmt == NULL)
    return NULL;
  ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_bind_int64 (stmt, 1, now);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, ms_db_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return ids;
}

GPtrArray *
ms_db_upload_list_complete (sqlite3  *db,
                            GError  **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_UPLOAD_LIST_COMPLETE, error);
  GPtrArray *ids;

  if (stmt == NULL)
    return NULL;
  ids = g_ptr_array_new_with_free_func (g_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, ms_db_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return ids;
}
