/* test-migrations.c — every earlier schema version upgrades with its data */
#include "test-util.h"

#include <sqlite3.h>
#include <string.h>

static void
exec_sql (const char *dir,
          const char *sql)
{
  g_autofree char *path = g_build_filename (dir, "motcua.db", NULL);
  sqlite3 *db = NULL;
  char *err = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &err) != SQLITE_OK)
    g_error ("%s: %s", sql, err);
  sqlite3_close (db);
}

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

  /* The search index was built for the rows that were already there. */
  found = mc_store_list_dossiers (store, &q, 0, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

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

  exec_sql (dir, v1_rows);
  if (version >= 3)
    /* What mc_fold () wrote when version 3 was current. */
    exec_sql (dir, "UPDATE dossiers SET search_text = '000.00.12.h29-250301-1000 do van dat 001085012345 0912345678'");
  if (version >= 2)
    exec_sql (dir, "INSERT INTO drafts VALUES ('old-draft', '2025-03-01T08:00:00+07:00', '{\"notes\":\"x\"}')");

  check_migrated (dir);

  if (version >= 2)
    {
      g_autoptr(McStore) store = mc_store_open (dir, &error);
      g_autoptr(GPtrArray) drafts = mc_store_list_drafts (store, &error);
      g_assert_cmpuint (drafts->len, ==, 2);
    }
  mc_test_rm_rf (dir);
}

static void
test_newer_database_refused (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (dir, &error);

  g_clear_object (&store);
  exec_sql (dir, "PRAGMA user_version = 99");
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
  g_test_add_func ("/migrations/newer-refused", test_newer_database_refused);
  g_test_add_func ("/migrations/not-a-database", test_not_a_database);
  return g_test_run ();
}
