/* bench-uploaded.h — a desk's history as an upload leaves it, for benchmarks
 *
 * After `motcua sync` has sent a dossier and read /changes, the desk holds:
 * its papers and attachments rows, the "received" event, the engine's
 * "state" event (received → uploaded), the server's "server" event, the
 * outbox item of revision 1 acknowledged ('done') with its frozen body
 * (~1 KB of canonical JSON), its result and request id, and the dossier
 * with server_ref, server_seq, server_state_code and no sync_state.
 * bench_mark_uploaded() gives every dossier of a filled database exactly
 * that, in bulk SQL (the blobs themselves are not written: the engine never
 * reads an uploaded dossier's files). bench_insert_plain() fills dossiers
 * quickly when their text does not matter (upload benchmarks).
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

static inline gboolean
bench_sql (sqlite3     *db,
           const char  *sql,
           GError     **error)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) == SQLITE_OK)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql, msg ? msg : "?");
  sqlite3_free (msg);
  return FALSE;
}

/* @count dossiers received one a minute from 2023-01-02 07:30 on (Vietnam
 * time), code 000.00.12.H29-H<n> (not a day's code: never sent again). */
static inline gboolean
bench_insert_plain (sqlite3     *db,
                    guint        count,
                    GError     **error)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO dossiers (uuid, code, state, procedure_code, procedure_name, processing_days, applicant_name, "
    "  id_kind, id_number, phone, address, received_at, received_ts, due_date, sets, code_rule, created_at, "
    "  updated_at, search_text) "
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %u) "
    "SELECT lower (hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' || substr (hex (randomblob (2)), 2) "
    "         || '-8' || substr (hex (randomblob (2)), 2) || '-' || hex (randomblob (6))), "
    "  printf ('000.00.12.H29-H%%07d', i), 'received', 'HT-KS', 'Đăng ký khai sinh', 0, "
    "  'Nguyễn Văn ' || i, 'cccd', printf ('001085%%06d', i %% 1000000), '0912345678', 'Thôn 1', "
    "  strftime ('%%Y-%%m-%%dT%%H:%%M:%%S+07:00', 1672619400 + 25200 + i * 60, 'unixepoch'), 1672619400 + i * 60, "
    "  '2023-01-04', 1, 'tt01-2018', "
    "  strftime ('%%Y-%%m-%%dT%%H:%%M:%%S+07:00', 1672619400 + 25200 + i * 60, 'unixepoch'), "
    "  strftime ('%%Y-%%m-%%dT%%H:%%M:%%S+07:00', 1672619400 + 25200 + i * 60, 'unixepoch'), "
    "  printf ('000 00 12 h29 h%%07d nguyen van %%d 001085%%06d 0912345678', i, i, i %% 1000000) "
    "FROM n",
    count);

  return bench_sql (db, sql, error);
}

/* Every dossier without an outbox item: as a sync leaves it. */
static inline gboolean
bench_mark_uploaded (sqlite3     *db,
                     GError     **error)
{
  static const char *steps[] = {
    "CREATE TEMP TABLE fresh AS SELECT id FROM dossiers d "
    "  WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dossier_id = d.id)",
    "INSERT OR IGNORE INTO papers (dossier_id, position, name, form, copies) "
    "  SELECT id, 0, 'Tờ khai', 'original', 1 FROM fresh",
    "INSERT OR IGNORE INTO attachments (dossier_id, position, name, sha256, size, mime_type, paper) "
    "  SELECT id, 0, 'to-khai.pdf', lower (hex (randomblob (32))), 200000, 'application/pdf', 'Tờ khai' FROM fresh",
    "INSERT INTO events (dossier_id, at, actor, kind, to_state) "
    "  SELECT d.id, d.received_at, 'clerk', 'received', 'received' FROM dossiers d JOIN fresh f ON f.id = d.id",
    "INSERT INTO events (dossier_id, at, actor, kind, from_state, to_state, detail) "
    "  SELECT d.id, d.received_at, 'sync', 'state', 'received', 'uploaded', '{\"revision\":1}' "
    "  FROM dossiers d JOIN fresh f ON f.id = d.id",
    "INSERT INTO events (dossier_id, at, actor, kind, detail) "
    "  SELECT d.id, d.received_at, 'sync', 'server', "
    "    '{\"state_code\":1,\"message\":null,\"handler\":null,\"at\":\"' || d.received_at || '\",\"kind\":\"state\"}' "
    "  FROM dossiers d JOIN fresh f ON f.id = d.id",
    "INSERT INTO outbox (dossier_id, kind, revision, body, body_sha256, state, attempts, created_at, sent_at, "
    "  acked_at, result, request_id) "
    "  SELECT d.id, 'revision', 1, randomblob (1000), lower (hex (randomblob (32))), 'done', 0, d.received_at, "
    "    d.received_at, d.received_at, "
    "    '{\"uuid\":\"' || d.uuid || '\",\"revision\":1,\"server_ref\":\"S-' || d.id || '\",\"state_code\":1}', "
    "    lower (hex (randomblob (8))) "
    "  FROM dossiers d JOIN fresh f ON f.id = d.id ORDER BY d.received_ts, d.code",
    "UPDATE dossiers SET server_ref = 'S-' || id, server_seq = id, server_state_code = 1, sync_state = NULL, "
    "  sync_error = NULL, sync_error_field = NULL, printed_due_date = coalesce (printed_due_date, due_date), "
    "  state = CASE WHEN state IN ('received', 'uploading', 'retry_wait', 'needs_attention') THEN 'uploaded' "
    "               ELSE state END "
    "  WHERE id IN (SELECT id FROM fresh)",
    "DROP TABLE fresh",
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (!bench_sql (db, steps[i], error))
      return FALSE;
  return TRUE;
}
