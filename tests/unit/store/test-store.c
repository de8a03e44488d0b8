/* test-store.c — the durable store: settings, dossiers, codes, history, drafts */
#include "test-util.h"

#include "mc-sync-private.h"

#include <sqlite3.h>
#include <string.h>

typedef struct
{
  char    *dir;
  McStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = mc_test_make_tmp_dir ();
  f->store = mc_test_open_store (f->dir, 1);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  mc_test_rm_rf (f->dir);
  g_free (f->dir);
}

static char *
pragma_text (const char *dir,
             const char *pragma)
{
  g_autofree char *path = g_build_filename (dir, "motcua.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, pragma, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
test_open_creates_private_wal_db (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *mode = pragma_text (f->dir, "PRAGMA journal_mode");
  GStatBuf st;

  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (mc_store_get_schema_version (f->store), ==, MC_STORE_SCHEMA_VERSION);
  g_assert_cmpint (g_stat (f->dir, &st), ==, 0);
  /* A fresh dir is private to the user: dossiers hold personal data. */
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
}

static void
test_station_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStation) station = mc_store_get_station (f->store, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (station->agency_code, ==, "000.00.12.H29");
  g_assert_cmpstr (station->agency_name, ==, "UBND xã Tân Lập");
  g_assert_cmpuint (station->station, ==, 1);

  g_assert_false (mc_store_set_station (f->store, "bad code!", "X", 1, &error));
  g_assert_error (error, MC_CODES_ERROR, MC_CODES_ERROR_INVALID_AGENCY);
  g_clear_error (&error);
  g_assert_false (mc_store_set_station (f->store, "000.00.12.H29", "X", 10, &error));
  g_assert_error (error, MC_CODES_ERROR, MC_CODES_ERROR_INVALID_STATION);
  g_clear_error (&error);

  /* The failed changes left the saved identity alone. */
  g_clear_pointer (&station, mc_station_free);
  station = mc_store_get_station (f->store, &error);
  g_assert_cmpstr (station->agency_code, ==, "000.00.12.H29");
}

static void
test_not_initialized (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (dir, &error);
  g_autoptr(McDossier) d = mc_test_sample_dossier ("Lê Văn Tám", "001085012345", "2026-11-23T09:00:00+07:00");

  g_assert_no_error (error);
  g_assert_false (mc_store_insert_dossier (store, d, NULL, "test", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_INITIALIZED);
  g_assert_null (mc_dossier_get_code (d));
  g_clear_object (&store);
  mc_test_rm_rf (dir);
}

static void
test_insert_assigns_code_in_station_range (Fixture       *f,
                                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(McDossier) d = mc_test_sample_dossier ("Nguyễn Văn Dũng", "001085012345",
                                                       "2026-11-23T09:15:00+07:00");
      g_autofree char *expected = g_strdup_printf ("000.00.12.H29-261123-%04u", 1000 + i);

      g_assert_true (mc_store_insert_dossier (f->store, d, NULL, "clerk", &error));
      g_assert_no_error (error);
      g_assert_cmpstr (mc_dossier_get_code (d), ==, expected);
      g_assert_nonnull (mc_dossier_get_uuid (d));
      g_assert_true (g_uuid_string_is_valid (mc_dossier_get_uuid (d)));
      g_assert_cmpint (mc_dossier_get_state (d), ==, MC_DOSSIER_STATE_RECEIVED);
    }

  /* The day of the code is the receipt day in Vietnam time: 23:30 UTC on
   * the 23rd is 06:30 on the 24th in Hà Nội. */
  {
    g_autoptr(McDossier) d = mc_test_sample_dossier ("Trần Thị B", "001185012345", "2026-11-23T23:30:00Z");
    g_assert_true (mc_store_insert_dossier (f->store, d, NULL, "clerk", &error));
    g_assert_cmpstr (mc_dossier_get_code (d), ==, "000.00.12.H29-261124-1000");
  }
}

static void
test_two_stations_never_collide (void)
{
  g_autofree char *dir1 = mc_test_make_tmp_dir ();
  g_autofree char *dir2 = mc_test_make_tmp_dir ();
  g_autoptr(McStore) s1 = mc_test_open_store (dir1, 1);
  g_autoptr(McStore) s2 = mc_test_open_store (dir2, 2);
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 50; i++)
    {
      McStore *s = i % 2 ? s1 : s2;
      g_autoptr(McDossier) d = mc_test_sample_dossier ("Phạm Văn C", "001085012345", "2026-11-23T10:00:00+07:00");

      g_assert_true (mc_store_insert_dossier (s, d, NULL, "clerk", &error));
      g_assert_no_error (error);
      g_assert_true (g_hash_table_add (codes, g_strdup (mc_dossier_get_code (d))));
    }
  g_assert_cmpuint (g_hash_table_size (codes), ==, 50);

  g_clear_object (&s1);
  g_clear_object (&s2);
  mc_test_rm_rf (dir1);
  mc_test_rm_rf (dir2);
}

static void
test_load_by_code_and_uuid (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(McDossier) d = mc_test_sample_dossier ("Đặng Thị Ánh", "001185012345", "2026-11-23T08:05:00+07:00");
  g_autoptr(McDossier) by_code = NULL;
  g_autoptr(McDossier) by_uuid = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *papers;

  g_assert_true (mc_store_insert_dossier (f->store, d, NULL, "clerk", &error));
  by_code = mc_store_load_dossier (f->store, mc_dossier_get_code (d), &error);
  g_assert_no_error (error);
  by_uuid = mc_store_load_dossier (f->store, mc_dossier_get_uuid (d), &error);
  g_assert_no_error (error);

  g_assert_cmpstr (mc_dossier_get_uuid (by_code), ==, mc_dossier_get_uuid (d));
  g_assert_cmpstr (mc_dossier_get_code (by_uuid), ==, mc_dossier_get_code (d));
  g_assert_cmpstr (mc_dossier_get_applicant_name (by_code), ==, "Đặng Thị Ánh");
  g_assert_cmpstr (mc_dossier_get_address (by_code), ==, "Thôn 3, xã Tân Lập");
  g_assert_cmpstr (mc_dossier_get_due_date (by_code), ==, "2026-11-24");
  g_assert_true (g_date_time_equal (mc_dossier_get_received_at (by_code), mc_dossier_get_received_at (d)));
  papers = mc_dossier_get_papers (by_code);
  g_assert_cmpuint (papers->len, ==, 2);
  g_assert_cmpstr (((McPaper *) papers->pdata[1])->name, ==, "Giấy chứng sinh");

  g_assert_null (mc_store_load_dossier (f->store, "000.00.12.H29-261123-9999", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
}

static void
test_correction_recorded_in_history (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(McDossier) d = mc_test_sample_dossier ("Nguyen Van A", "001085012345", "2026-11-23T08:05:00+07:00");
  g_autoptr(McDossier) loaded = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  McEvent *e;

  g_assert_true (mc_store_insert_dossier (f->store, d, NULL, "clerk1", &error));
  mc_dossier_set_applicant_name (d, "Nguyễn Văn An");
  mc_dossier_set_phone (d, "0987654321");
  /* The receipt's due date is not changed by a correction. */
  mc_dossier_set_due_date (d, "2030-01-01");
  g_assert_true (mc_store_update_dossier (f->store, d, "clerk2", "typo in the name", &error));
  g_assert_no_error (error);

  loaded = mc_store_load_dossier (f->store, mc_dossier_get_uuid (d), &error);
  g_assert_cmpstr (mc_dossier_get_applicant_name (loaded), ==, "Nguyễn Văn An");
  g_assert_cmpstr (mc_dossier_get_due_date (loaded), ==, "2026-11-24");
  g_assert_cmpuint (mc_dossier_get_papers (loaded)->len, ==, 2);

  events = mc_store_list_events (f->store, mc_dossier_get_uuid (d), &error);
  g_assert_cmpuint (events->len, ==, 2);
  e = events->pdata[0];
  g_assert_cmpstr (e->kind, ==, "received");
  g_assert_cmpstr (e->actor, ==, "clerk1");
  e = events->pdata[1];
  g_assert_cmpstr (e->kind, ==, "corrected");
  g_assert_cmpstr (e->actor, ==, "clerk2");
  g_assert_nonnull (strstr (e->detail, "typo in the name"));
  g_assert_nonnull (strstr (e->detail, "Nguyễn Văn An"));
  g_assert_nonnull (strstr (e->detail, "\"phone\""));
  g_assert_null (strstr (e->detail, "\"address\""));

  /* Saving without a change records nothing. */
  g_assert_true (mc_store_update_dossier (f->store, loaded, "clerk2", NULL, &error));
  g_clear_pointer (&events, g_ptr_array_unref);
  events = mc_store_list_events (f->store, mc_dossier_get_uuid (d), &error);
  g_assert_cmpuint (events->len, ==, 2);
}

static void
test_state_change_recorded (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(McDossier) d = mc_test_sample_dossier ("Lò Văn Pá", "014085012345", "2026-11-23T08:05:00+07:00");
  g_autoptr(McDossier) loaded = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  McEvent *e;

  g_assert_true (mc_store_insert_dossier (f->store, d, NULL, "clerk", &error));
  g_assert_true (mc_store_set_dossier_state (f->store, mc_dossier_get_uuid (d), MC_DOSSIER_STATE_UPLOADED,
                                             "sync", "{\"server\":\"ok\"}", &error));
  loaded = mc_store_load_dossier (f->store, mc_dossier_get_uuid (d), &error);
  g_assert_cmpint (mc_dossier_get_state (loaded), ==, MC_DOSSIER_STATE_UPLOADED);
  events = mc_store_list_events (f->store, mc_dossier_get_uuid (d), &error);
  g_assert_cmpuint (events->len, ==, 2);
  e = events->pdata[1];
  g_assert_cmpstr (e->from_state, ==, "received");
  g_assert_cmpstr (e->to_state, ==, "uploaded");

  g_assert_false (mc_store_set_dossier_state (f->store, "no-such-uuid", MC_DOSSIER_STATE_DONE, "x", NULL, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
}

/* The clerk is kept, checked, and acts: $MOTCUA_ACTOR, then the clerk,
 * then the login; reopening the store brings the clerk back. */
static void
test_clerk (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(McDossier) d = mc_test_sample_dossier ("Lò Văn Pá", "014085012345", "2026-11-23T08:05:00+07:00");
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *clerk = NULL;

  g_unsetenv ("MOTCUA_ACTOR");
  g_assert_null (mc_store_get_clerk (f->store));
  g_assert_cmpstr (mc_core_get_actor (), ==, g_get_user_name ());

  g_assert_false (mc_store_set_clerk (f->store, "Lan 2", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (mc_store_get_clerk (f->store));

  g_assert_true (mc_store_set_clerk (f->store, " Nguyễn  Thị Lan ", &error));
  clerk = mc_store_get_clerk (f->store);
  g_assert_cmpstr (clerk, ==, "Nguyễn Thị Lan");
  g_assert_cmpstr (mc_core_get_actor (), ==, "Nguyễn Thị Lan");

  /* A NULL actor is the process's: the clerk, who is then the upload's
   * received_by. */
  g_assert_true (mc_store_insert_dossier (f->store, d, NULL, NULL, &error));
  events = mc_store_list_events (f->store, mc_dossier_get_uuid (d), &error);
  g_assert_cmpstr (((McEvent *) events->pdata[0])->actor, ==, "Nguyễn Thị Lan");
  body = mc_sync_build_revision_body (f->store, mc_dossier_get_uuid (d), 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "received_by"), ==, "Nguyễn Thị Lan");

  g_setenv ("MOTCUA_ACTOR", "script", TRUE);
  g_assert_cmpstr (mc_core_get_actor (), ==, "script");
  g_unsetenv ("MOTCUA_ACTOR");

  /* Another process opening this data dir gets the clerk. */
  mc_core_set_clerk (NULL);
  g_assert_cmpstr (mc_core_get_actor (), ==, g_get_user_name ());
  g_clear_object (&f->store);
  f->store = mc_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_core_get_clerk (), ==, "Nguyễn Thị Lan");

  g_assert_true (mc_store_set_clerk (f->store, NULL, &error));
  g_assert_null (mc_store_get_clerk (f->store));
  g_assert_null (mc_core_get_clerk ());
  g_assert_cmpstr (mc_core_get_actor (), ==, g_get_user_name ());
}

static void
test_drafts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(McDossier) d = mc_test_sample_dossier ("Hà Thị D", "001185012345", "2026-11-23T08:05:00+07:00");

  g_assert_true (mc_store_save_draft (f->store, "draft-1", "{\"applicant\":{\"full_name\":\"Hà\"}}", &error));
  g_assert_true (mc_store_save_draft (f->store, "draft-1", "{\"applicant\":{\"full_name\":\"Hà Thị D\"}}", &error));
  g_assert_true (mc_store_save_draft (f->store, "draft-2", "{}", &error));
  drafts = mc_store_list_drafts (f->store, &error);
  g_assert_cmpuint (drafts->len, ==, 2);

  /* Saving the dossier made from a draft removes the draft with it. */
  g_assert_true (mc_store_insert_dossier (f->store, d, "draft-1", "clerk", &error));
  g_clear_pointer (&drafts, g_ptr_array_unref);
  drafts = mc_store_list_drafts (f->store, &error);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_cmpstr (((McDraft *) drafts->pdata[0])->uuid, ==, "draft-2");
}

static void
test_failed_insert_saves_nothing (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(McDossier) good = mc_test_sample_dossier ("Vũ Văn E", "001085012345", "2026-11-23T08:05:00+07:00");
  g_autoptr(McDossier) bad = mc_test_sample_dossier ("Vũ Văn F", "001085012345", "2026-11-23T08:06:00+07:00");
  g_autoptr(GError) error = NULL;
  McAttachment *a = g_new0 (McAttachment, 1);

  g_assert_true (mc_store_insert_dossier (f->store, good, NULL, "clerk", &error));

  /* An attachment whose blob was never stored: the save fails whole. */
  a->name = g_strdup ("scan.pdf");
  a->sha256 = g_strdup ("0000000000000000000000000000000000000000000000000000000000000000");
  a->size = 10;
  mc_dossier_add_attachment (bad, a);
  g_assert_false (mc_store_insert_dossier (f->store, bad, NULL, "clerk", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_assert_null (mc_dossier_get_code (bad));
  g_assert_cmpint (mc_store_count_dossiers (f->store, NULL, NULL), ==, 1);

  /* The code it would have had is still free for the next dossier. */
  g_ptr_array_set_size (mc_dossier_get_attachments (bad), 0);
  g_clear_error (&error);
  g_assert_true (mc_store_insert_dossier (f->store, bad, NULL, "clerk", &error));
  g_assert_cmpstr (mc_dossier_get_code (bad), ==, "000.00.12.H29-261123-1001");
  g_assert_true (mc_store_check_integrity (f->store, &error));
}

static void
test_catalog_import (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCatalog) bundled = mc_store_load_catalog (f->store, &error);
  g_autoptr(McCatalog) after = NULL;
  g_autoptr(GBytes) bytes = mc_catalog_get_bundled_data ();
  guint n = g_list_model_get_n_items (mc_catalog_get_procedures (bundled));

  g_assert_cmpuint (n, >=, 15);
  g_assert_false (mc_store_import_catalog (f->store, "{\"format\": 1", 12, "broken.json", &error));
  g_assert_error (error, MC_CATALOG_ERROR, MC_CATALOG_ERROR_PARSE);
  g_clear_error (&error);

  after = mc_store_load_catalog (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (mc_catalog_get_procedures (after)), ==, n);

  g_assert_true (mc_store_import_catalog (f->store, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                          "copy.json", &error));
  g_assert_no_error (error);
}

/* Holiday data from the province replaces the bundled one only when it
 * checks out; a broken document changes nothing. */
static void
test_holiday_import (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "holidays.json", NULL);
  g_autofree char *document = NULL;
  g_autofree char *stored = NULL;
  gsize length;

  g_assert_null (mc_store_get_holiday_data (f->store));
  g_assert_false (mc_store_import_holiday_data (f->store, "{\"version\": 1", 14, "broken.json", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (mc_store_get_holiday_data (f->store));

  g_assert_true (g_file_get_contents (path, &document, &length, &error));
  g_assert_true (mc_store_import_holiday_data (f->store, document, length, "province", &error));
  g_assert_no_error (error);
  stored = mc_store_get_holiday_data (f->store);
  g_assert_cmpstr (stored, ==, document);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/store/open", test_open_creates_private_wal_db);
  ADD ("/store/station", test_station_round_trip);
  g_test_add_func ("/store/not-initialized", test_not_initialized);
  ADD ("/store/insert/codes", test_insert_assigns_code_in_station_range);
  g_test_add_func ("/store/insert/two-stations", test_two_stations_never_collide);
  ADD ("/store/load", test_load_by_code_and_uuid);
  ADD ("/store/correction", test_correction_recorded_in_history);
  ADD ("/store/state", test_state_change_recorded);
  ADD ("/store/drafts", test_drafts);
  ADD ("/store/clerk", test_clerk);
  ADD ("/store/insert/atomic", test_failed_insert_saves_nothing);
  ADD ("/store/catalog-import", test_catalog_import);
  ADD ("/store/holiday-import", test_holiday_import);
#undef ADD

  return g_test_run ();
}
