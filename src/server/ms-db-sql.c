/* ms-db-sql.c — the text of every statement motcua-server prepares
 *
 * One table, so tests/unit/server/test-server-plans can plan each of them
 * on a database with years of history (ms-db-sql.h).
 */
#include "config.h"

#include "ms-db-sql.h"

#define TARGETED(id, sql) [MS_SQL_##id] = { #id, sql, MS_SQL_TARGETED }
#define ONE_DOSSIER(id, sql) [MS_SQL_##id] = { #id, sql, MS_SQL_ONE_DOSSIER }
#define WHOLE(id, sql)    [MS_SQL_##id] = { #id, sql, MS_SQL_WHOLE_TABLE }

/* What `token --agency-code/--station-number` registered, else what the
 * station's token was bound to at enrolment. */
#define STATION_COLUMNS \
  "s.id, s.name," \
  " coalesce (s.agency_code, (SELECT b.agency_code FROM tokens bt JOIN token_bindings b" \
  "   ON b.hash = bt.hash WHERE bt.station_id = s.id))," \
  " s.agency_name," \
  " coalesce (s.station_number, (SELECT b.station_number FROM tokens bt JOIN token_bindings b" \
  "   ON b.hash = bt.hash WHERE bt.station_id = s.id))," \
  " s.disabled"

#define DOSSIER_COLUMNS "id, uuid, station_id, code, revision, body, body_sha256, accepted_at," \
                        " server_ref, state_code, due_date, last_seq, received_at"

#define ROW_COLUMNS "uuid, code, state, attempts, last_error, remote_state_code, remote_created, maybe_sent, next_at"

const MsSqlEntry ms_db_sql[MS_SQL_N] = {
  TARGETED (META_CURSOR_KEY_GET, "SELECT value FROM meta WHERE key = 'cursor_key'"),
  TARGETED (META_CURSOR_KEY_PUT, "INSERT INTO meta (key, value) VALUES ('cursor_key', ?)"),
  TARGETED (META_SECRET_GET, "SELECT value FROM meta WHERE key = ?"),
  TARGETED (META_SECRET_PUT, "INSERT INTO meta (key, value) VALUES (?, ?)"),
  TARGETED (META_LAST_SUCCESS_PUT, "INSERT INTO meta (key, value) VALUES ('forward_last_success', ?)"
                                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
  TARGETED (META_LAST_SUCCESS_GET, "SELECT CAST (value AS TEXT) FROM meta WHERE key = 'forward_last_success'"),

  TARGETED (STATION_FOR_TOKEN, "SELECT " STATION_COLUMNS " FROM tokens t"
                               " JOIN stations s ON s.id = t.station_id WHERE t.hash = ?"),
  TARGETED (STATION_GET, "SELECT " STATION_COLUMNS " FROM stations s WHERE s.id = ?"),
  TARGETED (STATION_BY_NAME, "SELECT " STATION_COLUMNS " FROM stations s WHERE s.name = ?"),
  TARGETED (STATION_INSERT, "INSERT INTO stations (name) VALUES (?) ON CONFLICT (name) DO NOTHING"),
  /* Only the details given change; the others stay as registered. */
  TARGETED (STATION_UPDATE, "UPDATE stations SET"
                            " agency_code = coalesce (?2, agency_code),"
                            " agency_name = coalesce (?3, agency_name),"
                            " station_number = coalesce (?4, station_number)"
                            " WHERE name = ?1"),
  /* Revoked: the number registered for it is free for another PC. */
  TARGETED (STATION_FORGET_NUMBER, "UPDATE stations SET agency_code = NULL, station_number = NULL WHERE name = ?"),
  /* The name of another station than ?1 holding agency code ?2 and number
   * ?3, by registration or by binding. */
  TARGETED (STATION_TAKEN_BY_OTHER,
            "SELECT s.name FROM stations s WHERE s.id != ?1"
            " AND coalesce (s.agency_code, (SELECT b.agency_code FROM tokens t"
            "   JOIN token_bindings b ON b.hash = t.hash WHERE t.station_id = s.id)) = ?2"
            " AND coalesce (s.station_number, (SELECT b.station_number FROM tokens t"
            "   JOIN token_bindings b ON b.hash = t.hash WHERE t.station_id = s.id)) = ?3"
            " LIMIT 1"),
  TARGETED (TOKENS_DELETE_FOR_STATION, "DELETE FROM tokens WHERE station_id = (SELECT id FROM stations WHERE name = ?)"),
  TARGETED (TOKEN_INSERT, "INSERT INTO tokens (hash, station_id, created_at)"
                          " SELECT ?, id, ? FROM stations WHERE name = ?"),
  TARGETED (BINDING_INSERT, "INSERT INTO token_bindings (hash, agency_code, station_number, bound_at)"
                            " VALUES (?, ?, ?, ?)"),

  TARGETED (FILE_LOOKUP, "SELECT size FROM files WHERE sha256 = ?"),
  TARGETED (FILE_ADD, "INSERT OR IGNORE INTO files (sha256, size, mime_type, created_at) VALUES (?, ?, ?, ?)"),
  TARGETED (UPLOAD_INSERT, "INSERT INTO uploads (id, station_id, length, offset, metadata,"
                           " sha256, filetype, expires_at, created_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
  TARGETED (UPLOAD_GET, "SELECT id, station_id, length, offset, metadata, sha256,"
                        " filetype, expires_at FROM uploads WHERE id = ?"),
  TARGETED (UPLOAD_SET_OFFSET, "UPDATE uploads SET offset = ?, expires_at = ? WHERE id = ?"),
  TARGETED (UPLOAD_DELETE, "DELETE FROM uploads WHERE id = ?"),
  TARGETED (UPLOAD_LIST_EXPIRED, "SELECT id FROM uploads WHERE expires_at < ?"),
  TARGETED (UPLOAD_LIST_COMPLETE, "SELECT id FROM uploads WHERE offset = length"),

  TARGETED (DOSSIER_GET, "SELECT " DOSSIER_COLUMNS " FROM dossiers WHERE uuid = ?"),
  TARGETED (DOSSIER_GET_BY_CODE, "SELECT " DOSSIER_COLUMNS " FROM dossiers WHERE code = ?"),
  TARGETED (DOSSIER_INSERT, "INSERT INTO dossiers (uuid, station_id, code, revision, body,"
                            " body_sha256, accepted_at, server_ref, state_code, due_date,"
                            " last_seq, received_at)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
  TARGETED (DOSSIER_UPDATE, "UPDATE dossiers SET station_id = ?2, code = ?3, revision = ?4,"
                            " body = ?5, body_sha256 = ?6, accepted_at = ?7, server_ref = ?8,"
                            " state_code = ?9, due_date = ?10, last_seq = ?11, received_at = ?12"
                            " WHERE uuid = ?1"),
  /* `motcua-server dossiers`. */
  WHOLE (DOSSIER_LIST, "SELECT " DOSSIER_COLUMNS " FROM dossiers ORDER BY id"),
  TARGETED (REVISION_LOOKUP, "SELECT body_sha256, result FROM revisions WHERE uuid = ? AND revision = ?"),
  TARGETED (REVISION_INSERT, "INSERT INTO revisions (uuid, revision, body_sha256, body,"
                             " result, accepted_at) VALUES (?, ?, ?, ?, ?, ?)"),
  TARGETED (REVISION_BODY, "SELECT body FROM revisions WHERE uuid = ? AND revision = ?"),
  TARGETED (ACTION_LOOKUP, "SELECT uuid, body_sha256, result FROM actions WHERE action_uuid = ?"),
  TARGETED (ACTION_INSERT, "INSERT INTO actions (action_uuid, uuid, body_sha256, body, result)"
                           " VALUES (?, ?, ?, ?, ?)"),
  TARGETED (CHANGE_INSERT, "INSERT INTO changes (station_id, uuid, seq, kind, at, state_code,"
                           " due_date, source, action_uuid, handler, message)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
  TARGETED (CHANGE_LIST, "SELECT c.position, c.station_id, c.uuid, d.code, c.seq, c.kind,"
                         " c.at, c.state_code, c.due_date, c.source, c.action_uuid,"
                         " c.handler, c.message"
                         " FROM changes c JOIN dossiers d ON d.uuid = c.uuid"
                         " WHERE c.station_id = ? AND c.position > ?"
                         " ORDER BY c.position LIMIT ?"),

  /* A revision carries the whole record: it supersedes undelivered earlier
   * revisions (a refused one above all, which would block it). */
  TARGETED (FORWARD_ITEMS_SUPERSEDE, "UPDATE forward_items SET done = 1"
                                     " WHERE uuid = ? AND kind = 'revision' AND done = 0"),
  TARGETED (FORWARD_ITEM_INSERT, "INSERT INTO forward_items (uuid, kind, revision, action_uuid, state_code,"
                                 " due_date, at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
  TARGETED (FORWARD_UPSERT, "INSERT INTO forwards (uuid, code, state) VALUES (?1, ?2, 'queued')"
                            " ON CONFLICT (uuid) DO UPDATE SET"
                            "  attempts = CASE WHEN state = 'needs_attention' THEN 0 ELSE attempts END,"
                            "  next_at = CASE WHEN state = 'queued' THEN next_at ELSE 0 END,"
                            "  state = 'queued'"),
  TARGETED (FORWARD_NEXT_DUE, "SELECT " ROW_COLUMNS " FROM forwards"
                              " WHERE state = 'queued' AND next_at <= ?"
                              " ORDER BY next_at, id LIMIT 1"),
  TARGETED (FORWARD_NEXT_TIME, "SELECT min (next_at) FROM forwards WHERE state = 'queued'"),
  TARGETED (FORWARD_FIRST_ITEM, "SELECT id, uuid, kind, revision, action_uuid, state_code, due_date, at"
                                " FROM forward_items WHERE uuid = ? AND done = 0"
                                " ORDER BY id LIMIT 1"),
  TARGETED (FORWARD_ITEM_DONE, "UPDATE forward_items SET done = 1 WHERE id = ?"),
  TARGETED (FORWARD_DELIVERED, "UPDATE forwards SET remote_created = 1, maybe_sent = 0, attempts = 0,"
                               " last_error = NULL, next_at = 0,"
                               " state = CASE WHEN EXISTS (SELECT 1 FROM forward_items"
                               "   WHERE uuid = ?1 AND done = 0) THEN 'queued' ELSE 'sent' END"
                               " WHERE uuid = ?1"),
  TARGETED (FORWARD_ATTEMPT_FAILED, "UPDATE forwards SET attempts = attempts + 1, last_error = ?,"
                                    " state = ?, maybe_sent = max (maybe_sent, ?), next_at = ?"
                                    " WHERE uuid = ?"),
  TARGETED (FORWARD_ITEM_SUPERSEDED, "SELECT done FROM forward_items WHERE id = ?"),
  TARGETED (FORWARD_MARK_MAYBE_SENT, "UPDATE forwards SET maybe_sent = 1 WHERE uuid = ?"),
  TARGETED (FORWARD_RETRY, "UPDATE forwards SET state = 'queued', attempts = 0, next_at = 0"
                           " WHERE code = ? AND state = 'needs_attention'"),
  /* `motcua-server forwards`: every row. */
  WHOLE (FORWARD_LIST, "SELECT " ROW_COLUMNS " FROM forwards ORDER BY id"),
  /* `motcua-server forwards --state`: only that state's rows (forwards_state),
   * not the years of sent ones when it asks for the few needing attention. */
  TARGETED (FORWARD_LIST_IN, "SELECT " ROW_COLUMNS " FROM forwards WHERE state = ? ORDER BY id"),
  /* `motcua-server forwards`: counts every delivered dossier. */
  WHOLE (FORWARD_COUNT_BY_STATE, "SELECT state, count (*) FROM forwards GROUP BY state"),
  TARGETED (FORWARD_OLDEST_WAITING, "SELECT min (i.at) FROM forward_items i JOIN forwards f ON f.uuid = i.uuid"
                                    " WHERE i.done = 0 AND f.state <> 'sent'"),
  /* `motcua-server forward-backfill`. */
  WHOLE (FORWARD_BACKFILL_DOSSIERS, "SELECT uuid FROM dossiers WHERE uuid NOT IN (SELECT uuid FROM forwards)"
                                    " AND (?1 IS NULL OR substr (received_at, 1, 10) >= ?1) ORDER BY id"),
  /* INDEXED BY: without statistics the planner takes forwards_due and
   * sorts every delivered dossier (26 ms at 200 000, every poll; 0.2 ms
   * this way). */
  TARGETED (FORWARD_POLL_BATCH, "SELECT " ROW_COLUMNS " FROM forwards INDEXED BY forwards_poll"
                                " WHERE state = 'sent' AND remote_state_code NOT IN (3, 7, 8, 10)"
                                " ORDER BY polled_at, id LIMIT ?"),
  TARGETED (FORWARD_SET_REMOTE_STATE, "UPDATE forwards SET polled_at = ?,"
                                      " remote_state_code = CASE WHEN ? > 0 THEN ? ELSE remote_state_code END"
                                      " WHERE uuid = ?"),
  ONE_DOSSIER (FORWARD_ACTION_BODIES, "SELECT a.body FROM forward_items f"
                                   " JOIN actions a ON a.action_uuid = f.action_uuid"
                                   " WHERE f.uuid = ? AND f.kind = 'action' AND f.id <= ?"
                                   " ORDER BY f.id"),
};
