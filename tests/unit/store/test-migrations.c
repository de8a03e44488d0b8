/* test-migrations.c — every earlier schema version upgrades with its data */
#include "test-util.h"
#include "store-sql.h"

#include <sqlite3.h>
#include <string.h>

#include "mc-sync.h"

/* What a version-1 database of a station in use looks like. */
static const char *v1_rows =
  "INSERT INTO settings VALUES ('agency_code', '000.00.12.H29'), ('agency_name', 'UBND xã Tân Lập'), ('station', '1');"
  "INSERT INTO dossiers (id, uuid, code, state, procedure_code, procedure_name, processing_days, applicant_name, "
  "  id_kind, id_number, date_of_birth, phone, address, email, received_at, received_ts, backdate_reason, due_date, "
  "  sets, notes, code_rule, created_at, updated_at) VALUES "
  "  (1, '11111111-1111-4111-8111-111111111111', '000.00.12.H29-250301-1000', 'received', 'HT-KS', "
  "   'Đăng ký khai sinh', 0, 'Đỗ Văn Đạt', 'cccd', '001085012345', '1985-03-02', '0912345678', 'Thôn 1', NULL, "
  "   '2025-03-01T08:00:00+07:00', 1740790800, NULL, '2025-03-03', 1, NULL, 'tt01-2018', "
  "   '2025-03-01T08:00:00+07:00', '2025-03-01T08:00:00+07:00');"
  "INSERT INTO papers VALUES (1, 0, 'Tờ khai', 'original', 1);"
  "INSERT INTO events (dossier_id, at, actor, kind, to_state) VALUES (1, '2025-03-01T08:00:00+07:00', 'clerk', 'received', 'received');"
  "INSERT INTO code_counters VALUES ('000.00.12.H29', '250301', 1, 1000);";

static void
check_migrated (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (dir, &error);
  g_autoptr(McDossier) d = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(McDossier) next = NULL;
  McDossierQuery q = { .search = (char *) "do van dat" };

  g_assert_no_error (error);
  g_assert_cmpint (mc_store_get_schema_version (store), ==, MC_STORE_SCHEMA_VERSION);
  g_assert_true (mc_store_check_integrity (store, &error));

  d = mc_store_load_dossier (store, "000.00.12.H29-250301-1000", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_dossier_get_applicant_name (d), ==, "Đỗ Văn Đạt");
  g_assert_cmpuint (mc_dossier_get_papers (d)->len, ==, 1);
  events = mc_store_list_events (store, mc_dossier_get_uuid (d), &error);
  g_assert_cmpuint (events->len, ==, 1);

  /* Schema 5: what was received before is queued for upload. */
  {
    g_autoptr(GPtrArray) items = mc_store_list_outbox (store, &error);
    McOutboxItem *item;

    g_assert_no_error (error);
    g_assert_cmpuint (items->len, ==, 1);
    item = g_ptr_array_index (items, 0);
    g_assert_cmpstr (item->code, ==, "000.00.12.H29-250301-1000");
    g_assert_cmpstr (item->kind, ==, "revision");
    g_assert_cmpint (item->revision, ==, 1);
    g_assert_cmpstr (mc_dossier_get_printed_due_date (d), ==, "2025-03-03");
    g_assert_true (mc_dossier_get_sync_state (d, NULL));
  }

  /* The search index was built for the rows that were already there. */
  found = mc_store_list_dossiers (store, &q, 0, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  /* ... and the one of the unfinished (schema 11): late the day after it
   * was due, not on the day. */
  {
    McDossierQuery late = { .search = (char *) "do van dat", .overdue_on = (char *) "2025-03-04" };

    g_assert_cmpint (mc_store_count_dossiers (store, &late, &error), ==, 1);
    late.overdue_on = (char *) "2025-03-03";
    g_assert_cmpint (mc_store_count_dossiers (store, &late, &error), ==, 0);
    g_assert_no_error (error);
  }

  /* The counter carried over: the next code of that day follows on. */
  next = mc_test_sample_dossier ("Mai Thị Hoa", "001185012345", "2025-03-01T09:00:00+07:00");
  g_assert_true (mc_store_insert_dossier (store, next, NULL, "clerk", &error));
  g_assert_cmpstr (mc_dossier_get_code (next), ==, "000.00.12.H29-250301-1001");

  g_assert_true (mc_store_save_draft (store, "d1", "{}", &error));
}

static void
test_from_version (gconstpointer data)
{
  int version = GPOINTER_TO_INT (data);
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) old = mc_store_open_at_version (dir, version, &error);

  g_assert_no_error (error);
  g_assert_cmpint (mc_store_get_schema_version (old), ==, version);
  g_clear_object (&old);

  mc_test_db_exec (dir, v1_rows);
  if (version >= 3)
    /* What mc_fold () wrote when version 3 was current. */
    mc_test_db_exec (dir, "UPDATE dossiers SET search_text = '000.00.12.h29-250301-1000 do van dat 001085012345 0912345678'");
  if (version >= 2)
    mc_test_db_exec (dir, "INSERT INTO drafts VALUES ('old-draft', '2025-03-01T08:00:00+07:00', '{\"notes\":\"x\"}')");
  if (version >= 5)
    /* Saved at version 5: revision 1 queued in the same transaction. */
    mc_test_db_exec (dir, "INSERT INTO outbox (dossier_id, kind, revision, created_at) "
                   "  VALUES (1, 'revision', 1, '2025-03-01T08:00:00+07:00');"
                   "UPDATE dossiers SET sync_state = 'queued', printed_due_date = due_date WHERE id = 1;");

  check_migrated (dir);

  if (version >= 2)
    {
      g_autoptr(McStore) store = mc_store_open (dir, &error);
      g_autoptr(GPtrArray) drafts = mc_store_list_drafts (store, &error);
      g_assert_cmpuint (drafts->len, ==, 2);
    }
  mc_test_rm_rf (dir);
}

/* Version 4 knew desk actions only as history rows: version 5 queues
 * each for upload with a new UUID, keeps the printed due date, and makes
 * a stop a state. */
static void
test_v5_queues_actions (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open_at_version (dir, 4, &error);
  g_autoptr(McDossier) first = NULL;
  g_autoptr(McDossier) second = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *path = g_build_filename (dir, "motcua.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n_actions = 0;

  g_assert_no_error (error);
  g_clear_object (&store);
  mc_test_db_exec (dir, v1_rows);
  mc_test_db_exec (dir,
            "INSERT INTO dossiers (id, uuid, code, state, procedure_code, procedure_name, processing_days, applicant_name, "
            "  id_kind, id_number, received_at, received_ts, due_date, sets, code_rule, created_at, updated_at) VALUES "
            "  (2, '22222222-2222-4222-8222-222222222222', '000.00.12.H29-250228-1000', 'received', 'HT-KS', "
            "   'Đăng ký khai sinh', 3, 'Mai Thị Hoa', 'cccd', '001185012345', '2025-02-28T08:00:00+07:00', 1740704400, "
            "   '2025-03-10', 1, 'tt01-2018', '2025-02-28T08:00:00+07:00', '2025-02-28T08:00:00+07:00');"
            "INSERT INTO events (dossier_id, at, actor, kind, to_state) VALUES (2, '2025-02-28T08:00:00+07:00', 'lan.nt', 'received', 'received');"
            "INSERT INTO events (dossier_id, at, actor, kind, from_state, to_state, detail) VALUES "
            "  (2, '2025-03-04T10:00:00+07:00', 'lan.nt', 'new-date', 'received', 'received', "
            "   '{\"action\":\"new-date\",\"reason\":\"Cần xác minh\",\"old_due_date\":\"2025-03-05\",\"new_due_date\":\"2025-03-10\"}'),"
            "  (1, '2025-03-02T09:00:00+07:00', 'binh.nv', 'stop', 'received', 'received', "
            "   '{\"action\":\"stop\",\"reason\":\"Công dân xin rút\",\"stop\":true}');");

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);

  /* Oldest first: dossier 2 (28/2), its action, then dossier 1 and its stop. */
  items = mc_store_list_outbox (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 4);
  g_assert_cmpstr (((McOutboxItem *) g_ptr_array_index (items, 0))->code, ==, "000.00.12.H29-250228-1000");
  g_assert_cmpint (((McOutboxItem *) g_ptr_array_index (items, 0))->revision, ==, 1);
  g_assert_cmpstr (((McOutboxItem *) g_ptr_array_index (items, 1))->action, ==, "new-date");
  g_assert_cmpstr (((McOutboxItem *) g_ptr_array_index (items, 2))->code, ==, "000.00.12.H29-250301-1000");
  g_assert_cmpstr (((McOutboxItem *) g_ptr_array_index (items, 2))->kind, ==, "revision");
  g_assert_cmpstr (((McOutboxItem *) g_ptr_array_index (items, 3))->action, ==, "stop");

  second = mc_store_load_dossier (store, "000.00.12.H29-250228-1000", &error);
  g_assert_cmpstr (mc_dossier_get_due_date (second), ==, "2025-03-10");
  g_assert_cmpstr (mc_dossier_get_printed_due_date (second), ==, "2025-03-05");
  first = mc_store_load_dossier (store, "000.00.12.H29-250301-1000", &error);
  g_assert_cmpint (mc_dossier_get_state (first), ==, MC_DOSSIER_STATE_STOPPED);
  g_assert_cmpstr (mc_dossier_get_printed_due_date (first), ==, "2025-03-03");
  events = mc_store_list_events (store, mc_dossier_get_uuid (first), &error);
  g_assert_cmpstr (((McEvent *) g_ptr_array_index (events, events->len - 1))->to_state, ==, "stopped");

  /* Each action has its own UUID and its §7.6 body. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT action_uuid, action_body FROM outbox WHERE kind = 'action' ORDER BY id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *uuid = (const char *) sqlite3_column_text (stmt, 0);
      const char *body = (const char *) sqlite3_column_text (stmt, 1);

      g_assert_true (g_uuid_string_is_valid (uuid));
      if (n_actions == 0)
        g_assert_cmpstr (body, ==, "{\"action\":\"new-date\",\"at\":\"2025-03-04T10:00:00+07:00\",\"actor\":\"lan.nt\","
                                   "\"reason\":\"Cần xác minh\",\"new_due_date\":\"2025-03-10\"}");
      else
        g_assert_cmpstr (body, ==, "{\"action\":\"stop\",\"at\":\"2025-03-02T09:00:00+07:00\",\"actor\":\"binh.nv\","
                                   "\"reason\":\"Công dân xin rút\"}");
      n_actions++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (n_actions, ==, 2);
  g_clear_object (&store);
  mc_test_rm_rf (dir);
}

static void
test_newer_database_refused (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (dir, &error);

  g_clear_object (&store);
  mc_test_db_exec (dir, "PRAGMA user_version = 99");
  store = mc_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer"));
  mc_test_rm_rf (dir);
}

static void
test_not_a_database (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "motcua.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autofree char *junk = g_strnfill (8192, 'x');

  g_assert_true (g_file_set_contents (path, junk, -1, NULL));
  store = mc_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT);
  mc_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (int v = 1; v < MC_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *path = g_strdup_printf ("/migrations/from-v%d", v);
      g_test_add_data_func (path, GINT_TO_POINTER (v), test_from_version);
    }
  g_test_add_func ("/migrations/v5-queues-actions", test_v5_queues_actions);
  g_test_add_func ("/migrations/newer-refused", test_newer_database_refused);
  g_test_add_func ("/migrations/not-a-database", test_not_a_database);
  return g_test_run ();
}
