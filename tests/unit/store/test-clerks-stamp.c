/* test-clerks-stamp.c — the store's recent clerks and the calendar's stamp */
#include "test-util.h"

#include <string.h>

static void
test_recent_clerks (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(McStore) store = mc_test_open_store (dir, 1);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) none = mc_store_get_recent_clerks (store);

  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_true (mc_store_remember_clerk (store, "Nguyễn Thị Lan", &error));
  g_assert_true (mc_store_remember_clerk (store, " Trần  Văn Bình ", &error));
  g_assert_true (mc_store_remember_clerk (store, "nguyen thi lan", &error));
  g_assert_no_error (error);
  g_assert_false (mc_store_remember_clerk (store, "lan.nt@ubnd", &error));
  g_assert_error (error, MC_VALIDATE_ERROR, MC_VALIDATE_ERROR_FORMAT);
  g_clear_error (&error);
  /* Remembering a name does not make it the clerk (the switch is the desk's). */
  g_assert_null (mc_store_get_clerk (store));

  g_clear_object (&store);
  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  {
    g_auto(GStrv) recent = mc_store_get_recent_clerks (store);

    g_assert_cmpuint (g_strv_length (recent), ==, 2);
    g_assert_cmpstr (recent[0], ==, "nguyen thi lan");
    g_assert_cmpstr (recent[1], ==, "Trần Văn Bình");
  }
  /* What was kept is checked again when read. */
  g_assert_true (mc_store_set_setting (store, "recent_clerks", "Lê Thu Hà\n<script>\nLê Thu Hà", &error));
  {
    g_auto(GStrv) recent = mc_store_get_recent_clerks (store);

    g_assert_cmpuint (g_strv_length (recent), ==, 1);
    g_assert_cmpstr (recent[0], ==, "Lê Thu Hà");
  }
  g_clear_object (&store);
  mc_test_rm_rf (dir);
}

static void
test_calendar_stamp (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(McStore) store = mc_test_open_store (dir, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = mc_store_get_calendar_stamp (store);
  g_autofree char *again = mc_store_get_calendar_stamp (store);
  g_autofree char *after_edit = NULL;
  g_autofree char *after_import = NULL;
  g_autoptr(McCalendarEdit) edit = NULL;
  GDate date;
  const char *data = "{\"version\": 1, \"updated\": \"2026-12-08\", \"years\": {\"2027\": {\"source\": \"test\", "
                     "\"verified\": false, \"days\": [{\"date\": \"2027-01-01\", \"kind\": \"holiday\", "
                     "\"name\": \"Tết Dương lịch\"}]}}}";

  g_assert_cmpstr (first, ==, again);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 24, 11, 2026);
  edit = mc_calendar_edit_new (MC_CALENDAR_EDIT_ADD_DAY_OFF, &date, "Ngày Văn hóa Việt Nam", NULL,
                               "Nguyễn Thị Lan", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_record_calendar_edit (store, edit, &error));
  g_assert_no_error (error);
  after_edit = mc_store_get_calendar_stamp (store);
  g_assert_cmpstr (after_edit, !=, first);

  g_assert_true (mc_store_import_holiday_data (store, data, strlen (data), "test", &error));
  g_assert_no_error (error);
  after_import = mc_store_get_calendar_stamp (store);
  g_assert_cmpstr (after_import, !=, after_edit);
  g_assert_cmpstr (after_import, !=, first);

  g_clear_object (&store);
  mc_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/recent-clerks", test_recent_clerks);
  g_test_add_func ("/store/calendar-stamp", test_calendar_stamp);
  return g_test_run ();
}
