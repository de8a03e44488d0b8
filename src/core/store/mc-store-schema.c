/* mc-store-schema.c — the schema and its forward-only migrations
 *
 * Each migration runs in one transaction with the user_version bump, so a
 * crash leaves the database at the previous or the next version. Never edit
 * a migration that has shipped: add a new one.
 */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-store-private.h"
#include "mc-text.h"

static const char *migrations[] = {
  /* 1: settings, catalog, dossiers with papers, attachments and history, code counters */
  "CREATE TABLE settings ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);"
  "CREATE TABLE catalog ("
  "  id          INTEGER PRIMARY KEY CHECK (id = 1),"
  "  data        TEXT NOT NULL,"
  "  source      TEXT,"
  "  imported_at TEXT NOT NULL);"
  "CREATE TABLE holiday_data ("
  "  id          INTEGER PRIMARY KEY CHECK (id = 1),"
  "  data        TEXT NOT NULL,"
  "  source      TEXT,"
  "  imported_at TEXT NOT NULL);"
  "CREATE TABLE dossiers ("
  "  id              INTEGER PRIMARY KEY,"
  "  uuid            TEXT NOT NULL UNIQUE,"
  "  code            TEXT NOT NULL UNIQUE,"
  "  state           TEXT NOT NULL,"
  "  procedure_code  TEXT NOT NULL,"
  "  procedure_name  TEXT NOT NULL,"
  "  processing_days INTEGER NOT NULL CHECK (processing_days >= 0),"
  "  applicant_name  TEXT NOT NULL,"
  "  id_kind         TEXT NOT NULL,"
  "  id_number       TEXT NOT NULL,"
  "  date_of_birth   TEXT,"
  "  phone           TEXT,"
  "  address         TEXT,"
  "  email           TEXT,"
  "  received_at     TEXT NOT NULL,"
  "  received_ts     INTEGER NOT NULL,"
  "  backdate_reason TEXT,"
  "  due_date        TEXT NOT NULL,"
  "  sets            INTEGER NOT NULL DEFAULT 1 CHECK (sets >= 1),"
  "  notes           TEXT,"
  "  code_rule       TEXT NOT NULL,"
  "  created_at      TEXT NOT NULL,"
  "  updated_at      TEXT NOT NULL);"
  "CREATE INDEX dossiers_by_received ON dossiers (received_ts DESC, id DESC);"
  "CREATE INDEX dossiers_by_state ON dossiers (state, received_ts DESC, id DESC);"
  "CREATE TABLE papers ("
  "  dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,"
  "  position   INTEGER NOT NULL,"
  "  name       TEXT NOT NULL,"
  "  form       TEXT NOT NULL,"
  "  copies     INTEGER NOT NULL CHECK (copies >= 1),"
  "  PRIMARY KEY (dossier_id, position)) WITHOUT ROWID;"
  "CREATE TABLE attachments ("
  "  dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,"
  "  position   INTEGER NOT NULL,"
  "  name       TEXT NOT NULL,"
  "  sha256     TEXT NOT NULL,"
  "  size       INTEGER NOT NULL,"
  "  mime_type  TEXT,"
  "  paper      TEXT,"
  "  PRIMARY KEY (dossier_id, position)) WITHOUT ROWID;"
  "CREATE INDEX attachments_by_sha256 ON attachments (sha256);"
  "CREATE TABLE events ("
  "  id         INTEGER PRIMARY KEY,"
  "  dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,"
  "  at         TEXT NOT NULL,"
  "  actor      TEXT NOT NULL,"
  "  kind       TEXT NOT NULL,"
  "  from_state TEXT,"
  "  to_state   TEXT,"
  "  detail     TEXT);"
  "CREATE INDEX events_by_dossier ON events (dossier_id, id);"
  "CREATE TABLE code_counters ("
  "  agency_code   TEXT NOT NULL,"
  "  day           TEXT NOT NULL,"
  "  station       INTEGER NOT NULL,"
  "  last_sequence INTEGER NOT NULL,"
  "  PRIMARY KEY (agency_code, day, station)) WITHOUT ROWID;",

  /* 2: drafts autosaved by the intake form */
  "CREATE TABLE drafts ("
  "  uuid       TEXT PRIMARY KEY,"
  "  updated_at TEXT NOT NULL,"
  "  data       TEXT NOT NULL);",

  /* 3: search over code, applicant name, ID and phone, folded (đ → d is
   * done by mc_fold: FTS5's remove_diacritics does not do it) */
  "ALTER TABLE dossiers ADD COLUMN search_text TEXT NOT NULL DEFAULT '';"
  "UPDATE dossiers SET search_text = mc_fold (code || ' ' || applicant_name || ' ' || id_number || ' ' || coalesce (phone, ''));"
  "CREATE VIRTUAL TABLE dossier_search USING fts5 ("
  "  search_text, content = 'dossiers', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "INSERT INTO dossier_search (dossier_search) VALUES ('rebuild');"
  "CREATE TRIGGER dossiers_search_insert AFTER INSERT ON dossiers BEGIN"
  "  INSERT INTO dossier_search (rowid, search_text) VALUES (new.id, new.search_text);"
  "END;"
  "CREATE TRIGGER dossiers_search_delete AFTER DELETE ON dossiers BEGIN"
  "  INSERT INTO dossier_search (dossier_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);"
  "END;"
  "CREATE TRIGGER dossiers_search_update AFTER UPDATE OF search_text ON dossiers BEGIN"
  "  INSERT INTO dossier_search (dossier_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);"
  "  INSERT INTO dossier_search (rowid, search_text) VALUES (new.id, new.search_text);"
  "END;",

  /* 4: prefix indexes for 1-3 characters: a short prefix ("0", "ng",
   * "00" of a code) otherwise expands to tens of thousands of terms */
  "DROP TABLE dossier_search;"
  "CREATE VIRTUAL TABLE dossier_search USING fts5 ("
  "  search_text, content = 'dossiers', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');"
  "INSERT INTO dossier_search (dossier_search) VALUES ('rebuild');",

  /* 5: the upload outbox (docs/sync-protocol.md §9.1) and what the server
   * says back. Everything received before is queued: revision 1 of every
   * saved dossier, then the desk's decisions already recorded, in the
   * order they were taken. The receipt's due date is the one a new-date
   * action replaced, if any (its event keeps the old one). */
  "ALTER TABLE dossiers ADD COLUMN printed_due_date TEXT;"
  "ALTER TABLE dossiers ADD COLUMN sync_state TEXT;"
  "ALTER TABLE dossiers ADD COLUMN sync_error TEXT;"
  "ALTER TABLE dossiers ADD COLUMN sync_error_field TEXT;"
  "ALTER TABLE dossiers ADD COLUMN server_ref TEXT;"
  "ALTER TABLE dossiers ADD COLUMN server_state_code INTEGER;"
  "ALTER TABLE dossiers ADD COLUMN server_seq INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE dossiers ADD COLUMN server_message TEXT;"
  "UPDATE dossiers SET printed_due_date = coalesce ("
  "  (SELECT json_extract (e.detail, '$.old_due_date') FROM events e"
  "   WHERE e.dossier_id = dossiers.id AND e.kind = 'new-date' AND json_valid (e.detail)"
  "     AND json_extract (e.detail, '$.old_due_date') IS NOT NULL"
  "   ORDER BY e.id LIMIT 1),"
  "  due_date);"
  "CREATE TABLE outbox ("
  "  id               INTEGER PRIMARY KEY,"
  "  dossier_id       INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,"
  "  kind             TEXT NOT NULL CHECK (kind IN ('revision', 'action')),"
  "  revision         INTEGER,"
  "  action_uuid      TEXT UNIQUE,"
  "  action_body      TEXT,"
  "  body             BLOB,"
  "  body_sha256      TEXT,"
  "  state            TEXT NOT NULL DEFAULT 'queued',"
  "  attempts         INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at  INTEGER NOT NULL DEFAULT 0,"   /* unix milliseconds, 0: due now */
  "  last_error       TEXT,"
  "  last_status      INTEGER,"                       /* HTTP status of the last failure, 0: no answer */
  "  last_error_field TEXT,"
  "  request_id       TEXT,"
  "  created_at       TEXT NOT NULL,"
  "  sent_at          TEXT,"
  "  acked_at         TEXT,"
  "  result           TEXT);"
  "CREATE INDEX outbox_by_dossier ON outbox (dossier_id, id);"
  "CREATE INDEX outbox_pending ON outbox (state, next_attempt_at) WHERE state <> 'done';"
  "CREATE TABLE tus_uploads ("
  "  sha256     TEXT NOT NULL,"
  "  server     TEXT NOT NULL,"
  "  url        TEXT NOT NULL,"
  "  size       INTEGER NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  PRIMARY KEY (sha256, server)) WITHOUT ROWID;"
  "INSERT INTO outbox (dossier_id, kind, revision, created_at)"
  "  SELECT id, 'revision', 1, strftime ('%Y-%m-%dT%H:%M:%S+07:00', 'now', '+7 hours') FROM dossiers"
  "  WHERE state <> 'draft' ORDER BY received_ts, code;"
  "INSERT INTO outbox (dossier_id, kind, action_uuid, action_body, created_at)"
  "  SELECT e.dossier_id, 'action', mc_uuid (),"
  "    CASE WHEN e.kind = 'new-date' THEN"
  "      json_object ('action', e.kind, 'at', e.at, 'actor', e.actor,"
  "                   'reason', json_extract (e.detail, '$.reason'),"
  "                   'new_due_date', json_extract (e.detail, '$.new_due_date'))"
  "    ELSE"
  "      json_object ('action', e.kind, 'at', e.at, 'actor', e.actor,"
  "                   'reason', json_extract (e.detail, '$.reason'))"
  "    END,"
  "    strftime ('%Y-%m-%dT%H:%M:%S+07:00', 'now', '+7 hours')"
  "  FROM events e JOIN dossiers d ON d.id = e.dossier_id"
  "  WHERE e.kind IN ('supplement', 'refuse', 'new-date', 'stop') AND d.state <> 'draft'"
  "    AND json_valid (e.detail)"
  "  ORDER BY e.id;"
  /* A stop was only a history row before: it is a state now. */
  "CREATE TEMP TABLE stopped_by_v5 AS SELECT id, state FROM dossiers"
  "  WHERE state NOT IN ('draft', 'rejected', 'done', 'returned')"
  "    AND (SELECT e.kind FROM events e WHERE e.dossier_id = dossiers.id"
  "         AND e.kind IN ('supplement', 'refuse', 'stop', 'state') ORDER BY e.id DESC LIMIT 1) = 'stop';"
  "INSERT INTO events (dossier_id, at, actor, kind, from_state, to_state, detail)"
  "  SELECT id, strftime ('%Y-%m-%dT%H:%M:%S+07:00', 'now', '+7 hours'), 'motcua', 'state', state, 'stopped', '{\"migration\":5}'"
  "  FROM stopped_by_v5;"
  "UPDATE dossiers SET state = 'stopped' WHERE id IN (SELECT id FROM stopped_by_v5);"
  "DROP TABLE stopped_by_v5;"
  "UPDATE dossiers SET sync_state = 'queued' WHERE EXISTS (SELECT 1 FROM outbox o WHERE o.dossier_id = dossiers.id);",

  /* 6: the outbox's history out of the engine's way. Acknowledged items
   * stay (they are the proof of what the server holds: the next revision
   * number, the body to PUT again before an action answered 404), but the
   * indexes the engine reads hold only what is still to send, so claiming
   * and counting cost the same with 1 000 000 uploaded dossiers as with
   * none. dossiers.sync_state is the state of the dossier's head item
   * (mc_store_outbox_refresh_dossier), so the dossiers waiting to be sent
   * are found in upload order (§9.3) without reading the others.
   *
   * What the server provably holds is not sent again: an item is done
   * when the server acknowledged it, and also a frozen revision 1 not yet
   * acknowledged (its answer was lost) of a dossier the server has since
   * reported in /changes (server_seq > 0). The server only reports
   * dossiers it stores, this desk is the only one that PUTs its UUIDs, and
   * the only revision-1 body it can have stored is the frozen one (a body
   * is frozen before its first PUT and replaced only after a refusal,
   * which stores nothing). Nothing else is marked: a frozen body without
   * such a proof may or may not have arrived, and is sent again byte for
   * byte (idempotent, §7.5); items needing attention wait for the clerk. */
  "DROP INDEX outbox_pending;"
  "CREATE INDEX outbox_pending ON outbox (dossier_id, id, state, next_attempt_at) WHERE state <> 'done';"
  "CREATE INDEX dossiers_to_send ON dossiers (received_ts, code) WHERE sync_state IN ('queued', 'retry_wait');"
  "CREATE TEMP TABLE proved_by_v6 AS SELECT o.id, o.dossier_id FROM outbox o JOIN dossiers d ON d.id = o.dossier_id"
  "  WHERE o.state IN ('queued', 'retry_wait', 'sending') AND o.kind = 'revision' AND o.revision = 1"
  "    AND o.body IS NOT NULL AND d.server_seq > 0;"
  "UPDATE outbox SET state = 'done', next_attempt_at = 0, last_error = NULL, last_error_field = NULL,"
  "    last_status = NULL, result = '{\"migration\":6}',"
  "    acked_at = strftime ('%Y-%m-%dT%H:%M:%S+07:00', 'now', '+7 hours')"
  "  WHERE id IN (SELECT id FROM proved_by_v6);"
  "INSERT INTO events (dossier_id, at, actor, kind, from_state, to_state, detail)"
  "  SELECT d.id, strftime ('%Y-%m-%dT%H:%M:%S+07:00', 'now', '+7 hours'), 'sync', 'state', d.state, 'uploaded',"
  "    '{\"revision\":1,\"migration\":6}'"
  "  FROM dossiers d WHERE d.id IN (SELECT dossier_id FROM proved_by_v6)"
  "    AND d.state IN ('received', 'uploading', 'retry_wait');"
  "UPDATE dossiers SET state = 'uploaded'"
  "  WHERE id IN (SELECT dossier_id FROM proved_by_v6) AND state IN ('received', 'uploading', 'retry_wait');"
  "UPDATE dossiers SET"
  "    sync_state = (SELECT o.state FROM outbox o WHERE o.dossier_id = dossiers.id AND o.state <> 'done'"
  "                  ORDER BY o.id LIMIT 1),"
  "    sync_error = (SELECT o.last_error FROM outbox o WHERE o.dossier_id = dossiers.id AND o.state <> 'done'"
  "                  ORDER BY o.id LIMIT 1),"
  "    sync_error_field = (SELECT o.last_error_field FROM outbox o WHERE o.dossier_id = dossiers.id"
  "                        AND o.state <> 'done' ORDER BY o.id LIMIT 1)"
  "  WHERE sync_state IS NOT NULL;"
  "DROP TABLE proved_by_v6;",

  /* 7: the search index in list order. Its rowid is the dossier's place
   * in the list, received_ts · 2^24 + id mod 2^24 (MC_STORE_SEARCH_KEY),
   * so the newest matches come first out of the index itself (ORDER BY
   * rowid DESC LIMIT, a rowid range for a date filter or the next page)
   * instead of every match being read and sorted: 'nguyen' matches 40 %
   * of a million dossiers. Contentless (the text is in dossiers), kept by
   * the triggers. Two dossiers share a key only if received in the same
   * second with ids 16 777 216 apart. Prefix indexes up to 6 characters:
   * FTS5 answers a longer prefix by merging the doclists of every term it
   * starts, all of them before the first row ('nguyen'*: 420 000), while a
   * prefix index is read newest first and stops with the page; words of
   * 7 characters and more are few to a prefix. */
  "DROP TRIGGER dossiers_search_insert;"
  "DROP TRIGGER dossiers_search_delete;"
  "DROP TRIGGER dossiers_search_update;"
  "DROP TABLE dossier_search;"
  "CREATE VIRTUAL TABLE dossier_search USING fts5 ("
  "  search_text, content = '',"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4 5 6');"
  "INSERT INTO dossier_search (rowid, search_text)"
  "  SELECT received_ts * 16777216 + id % 16777216, search_text FROM dossiers;"
  "CREATE TRIGGER dossiers_search_insert AFTER INSERT ON dossiers BEGIN"
  "  INSERT INTO dossier_search (rowid, search_text) VALUES (new.received_ts * 16777216 + new.id % 16777216,"
  "                                                         new.search_text);"
  "END;"
  "CREATE TRIGGER dossiers_search_delete AFTER DELETE ON dossiers BEGIN"
  "  INSERT INTO dossier_search (dossier_search, rowid, search_text)"
  "    VALUES ('delete', old.received_ts * 16777216 + old.id % 16777216, old.search_text);"
  "END;"
  "CREATE TRIGGER dossiers_search_update AFTER UPDATE OF search_text, received_ts ON dossiers BEGIN"
  "  INSERT INTO dossier_search (dossier_search, rowid, search_text)"
  "    VALUES ('delete', old.received_ts * 16777216 + old.id % 16777216, old.search_text);"
  "  INSERT INTO dossier_search (rowid, search_text) VALUES (new.received_ts * 16777216 + new.id % 16777216,"
  "                                                         new.search_text);"
  "END;",

  /* 8: the unfinished dossiers in list order, for the "Overdue" filter
   * (due before today and not finished). Without it the filter walks every
   * dossier ever received to find the few hundred in hand; with it, the
   * page and the count read only the work in hand, newest first, and the
   * due date and state from the index itself. The WHERE is the filter's
   * own (mc-store-search.c), word for word, so SQLite can use it. */
  "CREATE INDEX dossiers_open ON dossiers (received_ts DESC, id DESC, due_date, state)"
  "  WHERE state NOT IN ('done', 'returned', 'rejected', 'withdrawn', 'stopped');",
  /* 9: the hand-over (trả kết quả): when and to whom the desk gave the
   * result, for the ledger's "Trả kết quả" column. Only set by a return
   * (mc_store_record_return) or a server change to state 10; the
   * "awaiting hand-over" list is state 'done' by dossiers_by_state. */
  "ALTER TABLE dossiers ADD COLUMN returned_at TEXT;"
  "ALTER TABLE dossiers ADD COLUMN returned_to TEXT;",
  /* 10: fees collected with a dossier (lệ phí, phí), one row per fee as the
   * clerk confirmed it; read by the dossier's key only. */
  "CREATE TABLE fees ("
  "  dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,"
  "  position   INTEGER NOT NULL,"
  "  name       TEXT NOT NULL,"
  "  amount     INTEGER NOT NULL CHECK (amount >= 0),"
  "  exempt     INTEGER NOT NULL DEFAULT 0 CHECK (exempt IN (0, 1)),"
  "  reason     TEXT,"
  "  PRIMARY KEY (dossier_id, position)) WITHOUT ROWID;",
  /* 11: the search index of the unfinished dossiers only, for a search
   * combined with the "Overdue" filter. The overdue are a few of the work
   * in hand; a common word ('nguyen', 'n') matches 40 % of the history,
   * and counting the overdue among every match read them all (420 000 at
   * 1 000 000 dossiers). This one holds what dossiers_open holds (same
   * WHERE, same keys and tokenizer as dossier_search, so a match here is
   * a match there), kept by triggers as dossiers enter and leave it. */
  "CREATE VIRTUAL TABLE dossier_search_open USING fts5 ("
  "  search_text, content = '',"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4 5 6');"
  "INSERT INTO dossier_search_open (rowid, search_text)"
  "  SELECT received_ts * 16777216 + id % 16777216, search_text FROM dossiers"
  "  WHERE state NOT IN ('done', 'returned', 'rejected', 'withdrawn', 'stopped');"
  "CREATE TRIGGER dossiers_search_open_insert AFTER INSERT ON dossiers"
  "  WHEN new.state NOT IN ('done', 'returned', 'rejected', 'withdrawn', 'stopped') BEGIN"
  "  INSERT INTO dossier_search_open (rowid, search_text)"
  "    VALUES (new.received_ts * 16777216 + new.id % 16777216, new.search_text);"
  "END;"
  "CREATE TRIGGER dossiers_search_open_delete AFTER DELETE ON dossiers"
  "  WHEN old.state NOT IN ('done', 'returned', 'rejected', 'withdrawn', 'stopped') BEGIN"
  "  INSERT INTO dossier_search_open (dossier_search_open, rowid, search_text)"
  "    VALUES ('delete', old.received_ts * 16777216 + old.id % 16777216, old.search_text);"
  "END;"
  /* Out with the old row if it was in, in with the new one if it is;
   * only when that changes something: a step between two unfinished
   * states (received → uploaded → processing, every sync) leaves the
   * index alone instead of deleting and re-adding the same words
   * (0.4–0.6 ms of CPU per state change, and tombstones in the index). */
  "CREATE TRIGGER dossiers_search_open_update AFTER UPDATE OF state, search_text, received_ts ON dossiers"
  "  WHEN ((old.state NOT IN ('done', 'returned', 'rejected', 'withdrawn', 'stopped'))"
  "        IS NOT (new.state NOT IN ('done', 'returned', 'rejected', 'withdrawn', 'stopped'))"
  "        OR old.search_text IS NOT new.search_text"
  "        OR old.received_ts IS NOT new.received_ts) BEGIN"
  "  INSERT INTO dossier_search_open (dossier_search_open, rowid, search_text)"
  "    SELECT 'delete', old.received_ts * 16777216 + old.id % 16777216, old.search_text"
  "    WHERE old.state NOT IN ('done', 'returned', 'rejected', 'withdrawn', 'stopped');"
  "  INSERT INTO dossier_search_open (rowid, search_text)"
  "    SELECT new.received_ts * 16777216 + new.id % 16777216, new.search_text"
  "    WHERE new.state NOT IN ('done', 'returned', 'rejected', 'withdrawn', 'stopped');"
  "END;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == MC_STORE_SCHEMA_VERSION);

static void
fold_func (sqlite3_context  *ctx,
           int               argc,
           sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  char *folded;

  if (text == NULL)
    {
      sqlite3_result_null (ctx);
      return;
    }
  folded = mc_text_fold (text);
  sqlite3_result_text (ctx, folded, -1, g_free);
}

/* A new random (version 4) UUID, for outbox items queued by a migration. */
static void
uuid_func (sqlite3_context  *ctx,
           int               argc,
           sqlite3_value   **argv)
{
  (void) argc;
  (void) argv;
  sqlite3_result_text (ctx, g_uuid_string_random (), -1, g_free);
}

gboolean
mc_store_register_functions (McStore  *self,
                             GError  **error)
{
  int rc = sqlite3_create_function_v2 (self->db, "mc_fold", 1,
                                       SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                       NULL, fold_func, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (self->db, "mc_uuid", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                                     NULL, uuid_func, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return mc_store_set_sqlite_error (self, rc, _("Database"), error);
  return TRUE;
}

static int
get_user_version (McStore *self)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

gboolean
mc_store_migrate (McStore  *self,
                  int       target,
                  GError  **error)
{
  int current = get_user_version (self);

  if (current < 0)
    return mc_store_set_sqlite_error (self, sqlite3_errcode (self->db), _("Database"), error);

  if (current > MC_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_TOO_NEW,
                   _("Database: “%s” was written by a newer version of MotCua Desk (schema %d, this version knows %d); update MotCua Desk"),
                   self->db_path, current, MC_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  for (int v = current + 1; v <= target; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v);

      g_debug ("Migrating %s to schema %d", self->db_path, v);
      if (!mc_store_begin (self, error))
        return FALSE;
      if (!mc_store_exec (self, migrations[v - 1], error) ||
          !mc_store_exec (self, bump, error) ||
          !mc_store_commit (self, error))
        {
          mc_store_rollback (self);
          g_prefix_error (error, _("Upgrading the database to version %d failed: "), v);
          return FALSE;
        }
    }

  return TRUE;
}
