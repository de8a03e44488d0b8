/* test-migrations-large.c — every earlier schema version upgrades a desk
 * holding 100 000 dossiers, and schema 6 leaves the upload engine only
 * what is still to send
 */
#include "test-util.h"
#include "store-sql.h"

#include <sqlite3.h>
#include <string.h>

#include "mc-store-outbox.h"

#define N_DOSSIERS 100000

/* Dossier i (1 … N) was received i seconds after 2025-01-01 08:00. */
#define DOSSIER_ROWS(extra_columns, extra_values) \
  "INSERT INTO dossiers (id, uuid, code, state, procedure_code, procedure_name, processing_days, applicant_name, " \
  "  id_kind, id_number, received_at, received_ts, due_date, sets, code_rule, created_at, updated_at" extra_columns ") " \
  "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) " \
  "SELECT i, printf ('%08x-0000-4000-8000-%012d', i, i), printf ('000.00.12.H29-250101-%06d', i), 'received', " \
  "  'HT-KS', 'Đăng ký khai sinh', 0, 'Nguyễn Văn Đạt', 'cccd', printf ('001085%06d', i), " \
  "  '2025-01-01T08:00:00+07:00', 1735693200 + i, '2025-01-03', 1, 'tt01-2018', " \
  "  '2025-01-01T08:00:00+07:00', '2025-01-01T08:00:00+07:00'" extra_values " FROM n;"

/* What a version-5 desk that has uploaded most of its history holds:
 *   1 … 99 000       revision 1 acknowledged (done), the dossier uploaded;
 *   99 001 … 99 500  revision 1 queued, never sent;
 *   99 501 … 99 700  frozen and sent, answer lost (retry_wait), unknown to /changes;
 *   99 701 … 99 800  frozen and sent, answer lost, but /changes reported them;
 *   99 801 … 100 000 refused (needs_attention), reported by /changes. */
static const char *v5_outbox =
  "INSERT INTO outbox (dossier_id, kind, revision, body, body_sha256, state, attempts, next_attempt_at, "
  "  last_status, created_at, sent_at, acked_at, result) "
  "SELECT id, 'revision', 1,"
  "  CASE WHEN id > 99000 AND id <= 99500 THEN NULL ELSE X'7B7D' END,"
  "  CASE WHEN id > 99000 AND id <= 99500 THEN NULL ELSE 'sha' END,"
  "  CASE WHEN id <= 99000 THEN 'done' WHEN id <= 99500 THEN 'queued' WHEN id <= 99800 THEN 'retry_wait'"
  "       ELSE 'needs_attention' END,"
  "  CASE WHEN id <= 99500 THEN 0 ELSE 1 END, 0,"
  "  CASE WHEN id > 99800 THEN 422 WHEN id > 99500 THEN 0 END,"
  "  '2025-01-01T08:00:00+07:00', '2025-01-01T08:00:00+07:00',"
  "  CASE WHEN id <= 99000 THEN '2025-01-01T08:00:01+07:00' END,"
  "  CASE WHEN id <= 99000 THEN '{}' END "
  "FROM dossiers ORDER BY id;"
  "UPDATE dossiers SET state = 'uploaded', server_ref = 'S' || id, server_seq = id WHERE id <= 99000;"
  "UPDATE dossiers SET server_seq = id WHERE id > 99700;"
  "UPDATE dossiers SET state = 'retry_wait', sync_state = 'retry_wait' WHERE id > 99500 AND id <= 99800;"
  "UPDATE dossiers SET state = 'needs_attention', sync_state = 'needs_attention' WHERE id > 99800;"
  "UPDATE dossiers SET sync_state = 'queued' WHERE id > 99000 AND id <= 99500;";

static void
fill (const char *dir,
      int         version)
{
  mc_test_db_exec (dir, "INSERT INTO settings VALUES ('agency_code', '000.00.12.H29'), "
                 "('agency_name', 'UBND xã Tân Lập'), ('station', '1');");
  if (version < 3)
    mc_test_db_exec (dir, DOSSIER_ROWS ("", ""));
  else
    mc_test_db_exec (dir, DOSSIER_ROWS (", search_text",
                                 ", printf ('000.00.12.h29-250101-%06d nguyen van dat 001085%06d', i, i)"));
  mc_test_db_exec (dir, "INSERT INTO events (dossier_id, at, actor, kind, to_state) "
                 "SELECT id, received_at, 'clerk', 'received', 'received' FROM dossiers;");
  if (version >= 5)
    mc_test_db_exec (dir, v5_outbox);
  if (version >= 6)
    /* What migration 6 left. */
    mc_test_db_exec (dir, "UPDATE outbox SET state = 'done', acked_at = created_at, result = '{\"migration\":6}', "
                   "  last_status = NULL WHERE dossier_id BETWEEN 99701 AND 99800;"
                   "INSERT INTO events (dossier_id, at, actor, kind, from_state, to_state, detail) "
                   "  SELECT id, received_at, 'sync', 'state', state, 'uploaded', '{\"revision\":1,\"migration\":6}' "
                   "  FROM dossiers WHERE id BETWEEN 99701 AND 99800;"
                   "UPDATE dossiers SET state = 'uploaded', sync_state = NULL WHERE id BETWEEN 99701 AND 99800;");
}

static void
test_from_version (gconstpointer data)
{
  int version = GPOINTER_TO_INT (data);
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open_at_version (dir, version, &error);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(McSyncItem) first = NULL;
  g_autoptr(McDossier) proved = NULL;
  g_autoptr(McDossier) unproved = NULL;
  McSyncCounts counts = { 0 };
  McDossierQuery q = { .search = (char *) "001085099999" };
  g_autoptr(GPtrArray) found = NULL;
  gint64 started;
  double seconds;

  g_assert_no_error (error);
  g_clear_object (&store);
  fill (dir, version);

  started = g_get_monotonic_time ();
  store = mc_store_open (dir, &error);
  seconds = (g_get_monotonic_time () - started) / 1e6;
  g_assert_no_error (error);
  g_test_message ("from version %d: %.1f s for %d dossiers", version, seconds, N_DOSSIERS);
  /* Generous (shared 2-core machine): the point is that it finishes. */
  g_assert_cmpfloat (seconds, <, 300);
  g_assert_cmpint (mc_store_get_schema_version (store), ==, MC_STORE_SCHEMA_VERSION);

  found = mc_store_list_dossiers (store, &q, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  g_assert_true (mc_store_sync_count (store, g_get_real_time () / 1000, &counts, &error));
  g_assert_no_error (error);
  items = mc_store_list_outbox (store, &error);
  g_assert_no_error (error);
  first = mc_store_sync_claim (store, g_get_real_time () / 1000, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);

  if (version < 5)
    {
      /* Schema 5 queued everything received before, oldest first. */
      g_assert_cmpuint (items->len, ==, N_DOSSIERS);
      g_assert_cmpuint (counts.queued, ==, N_DOSSIERS);
      g_assert_cmpuint (counts.due, ==, N_DOSSIERS);
      g_assert_cmpstr (first->uuid, ==, "00000001-0000-4000-8000-000000000001");
    }
  else
    {
      /* Only what is still to send: never the acknowledged history, nor
       * what /changes proves the server holds. */
      g_assert_cmpuint (items->len, ==, 500 + 200 + 200);
      g_assert_cmpuint (counts.queued, ==, 500 + 200);
      g_assert_cmpuint (counts.attention, ==, 200);
      g_assert_cmpuint (counts.due, ==, 500 + 200);
      g_assert_cmpstr (first->uuid, ==, "000182b9-0000-4000-8000-000000099001");
      g_assert_cmpint (first->dossier_id, ==, 99001);
      g_assert_cmpint (mc_test_db_int (dir, "SELECT count(*) FROM outbox WHERE state = 'done'"), ==, 99000 + 100);
      g_assert_cmpint (mc_test_db_int (dir, "SELECT count(*) FROM outbox WHERE state <> 'done' AND body IS NOT NULL"),
                       ==, 200 + 200);

      proved = mc_store_load_dossier (store, "000.00.12.H29-250101-099750", &error);
      g_assert_no_error (error);
      g_assert_cmpint (mc_dossier_get_state (proved), ==, MC_DOSSIER_STATE_UPLOADED);
      g_assert_false (mc_dossier_get_sync_state (proved, NULL));
      unproved = mc_store_load_dossier (store, "000.00.12.H29-250101-099650", &error);
      g_assert_no_error (error);
      g_assert_cmpint (mc_dossier_get_state (unproved), ==, MC_DOSSIER_STATE_RETRY_WAIT);
      g_assert_true (mc_dossier_get_sync_state (unproved, NULL));
      g_assert_cmpint (mc_test_db_int (dir, "SELECT count(*) FROM events WHERE kind = 'state' AND to_state = 'uploaded' "
                                       "AND json_extract (detail, '$.migration') = 6"), ==, 100);
    }
  g_clear_object (&store);
  mc_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (int v = 1; v < MC_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *path = g_strdup_printf ("/migrations-large/from-v%d", v);
      g_test_add_data_func (path, GINT_TO_POINTER (v), test_from_version);
    }
  return g_test_run ();
}
