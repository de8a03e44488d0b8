/* test-calendar-cli.c — days off announced late, through `motcua calendar
 * add-day-off|remove-day-off|add-workday|edits`: a day off moves the due
 * date of a dossier received after it, not of one received before; newer
 * official data supersedes the edit */
#include "test-util.h"
#include "cli-util.h"

#include <string.h>

#define ARGS(...) ((const char * const[]) { __VA_ARGS__, NULL })

/* Marital-status certificate: 3 working days. Friday 20/11/2026 + 3 →
 * Wednesday 25/11; with Tuesday 24/11 off → Thursday 26/11. */
static const char *dossier_json =
  "{\"procedure_code\": \"HT-XNHN\","
  " \"applicant\": {\"full_name\": \"Đặng Thị Ánh\", \"id_kind\": \"cccd\", \"id_number\": \"001185012345\","
  "   \"date_of_birth\": \"1985-03-02\", \"phone\": \"0912 345 678\", \"address\": \"Thôn 3, xã Tân Lập\"},"
  " \"received_at\": \"2026-11-20T09:00:00+07:00\","
  " \"papers\": [{\"name\": \"Tờ khai\", \"copies\": 1}]}";

static char *
run_out (const char         *dir,
         const char         *input,
         const char * const *args)
{
  McRun r = mc_run_cli (dir, input, args);
  char *out;

  if (r.status != 0)
    g_error ("motcua %s %s failed (%d): %s", args[0], args[1] != NULL ? args[1] : "", r.status, r.err);
  out = g_steal_pointer (&r.out);
  mc_run_clear (&r);
  return out;
}

static JsonNode *
run_json (const char         *dir,
          const char         *input,
          const char * const *args)
{
  g_autofree char *out = run_out (dir, input, args);

  return mc_parse_json (out);
}

static int
run_status (const char         *dir,
            const char * const *args,
            const char         *fragment)
{
  McRun r = mc_run_cli (dir, NULL, args);
  int status = r.status;

  if (fragment != NULL && strstr (r.err, fragment) == NULL)
    g_error ("“%s” lacks “%s”", r.err, fragment);
  mc_run_clear (&r);
  return status;
}

static char *
due_of (const char *dir,
        const char *code)
{
  g_autoptr(JsonNode) node = run_json (dir, NULL, ARGS ("show", code, "--json"));
  JsonObject *o = json_node_get_object (node);

  g_assert_cmpstr (json_object_get_string_member (o, "printed_due_date"), ==,
                   json_object_get_string_member (o, "due_date"));
  return g_strdup (json_object_get_string_member (o, "due_date"));
}

static void
test_day_off (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) edits = NULL;
  g_autoptr(JsonNode) holidays = NULL;
  g_autofree char *out = NULL;
  g_autofree char *first_code = NULL;
  g_autofree char *first_due = NULL;
  JsonObject *e;
  JsonArray *days;
  gboolean listed = FALSE;

  g_free (run_out (dir, NULL, ARGS ("init", "--agency-code", "000.00.12.H29", "--agency-name", "UBND xã Tân Lập",
                                    "--clerk", "Nguyễn Thị Lan")));
  first = run_json (dir, dossier_json, ARGS ("intake", "--json", "-"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (first), "due_date"), ==, "2026-11-25");
  first_code = g_strdup (json_object_get_string_member (json_node_get_object (first), "code"));

  out = run_out (dir, NULL, ARGS ("calendar", "add-day-off", "2026-11-24", "--name", "Ngày Văn hóa Việt Nam",
                                  "--basis", "Thông báo số 1/TB-VPCP (giả định cho kiểm thử)"));
  g_assert_nonnull (strstr (out, "24/11/2026"));
  g_assert_nonnull (strstr (out, "keep their printed due dates"));

  /* New dossier: the day off counts. Old one: its printed date stays. */
  second = run_json (dir, dossier_json, ARGS ("intake", "--json", "-"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (second), "due_date"), ==, "2026-11-26");
  first_due = due_of (dir, first_code);
  g_assert_cmpstr (first_due, ==, "2026-11-25");
  g_clear_pointer (&out, g_free);
  out = run_out (dir, NULL, ARGS ("calendar", "due", "2026-11-20", "3"));
  g_assert_cmpstr (out, ==, "2026-11-26\n");

  /* Recorded with who, when and the legal basis. */
  edits = run_json (dir, NULL, ARGS ("calendar", "edits", "--json"));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (edits)), ==, 1);
  e = json_array_get_object_element (json_node_get_array (edits), 0);
  g_assert_cmpstr (json_object_get_string_member (e, "date"), ==, "2026-11-24");
  g_assert_cmpstr (json_object_get_string_member (e, "action"), ==, "add_day_off");
  g_assert_cmpstr (json_object_get_string_member (e, "name"), ==, "Ngày Văn hóa Việt Nam");
  g_assert_nonnull (strstr (json_object_get_string_member (e, "basis"), "1/TB-VPCP"));
  g_assert_cmpstr (json_object_get_string_member (e, "actor"), ==, "Nguyễn Thị Lan");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (e, "at"), "20"));
  g_assert_true (json_object_get_boolean_member (e, "applied"));

  holidays = run_json (dir, NULL, ARGS ("calendar", "holidays", "2026", "--json"));
  days = json_node_get_array (holidays);
  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonObject *d = json_array_get_object_element (days, i);
      if (g_str_equal (json_object_get_string_member (d, "date"), "2026-11-24"))
        {
          listed = TRUE;
          g_assert_true (json_object_get_boolean_member (d, "local"));
          g_assert_cmpstr (json_object_get_string_member (d, "kind"), ==, "day_off");
        }
    }
  g_assert_true (listed);

  /* What does not make sense is refused with the reason; usage errors. */
  g_assert_cmpint (run_status (dir, ARGS ("calendar", "add-day-off", "2026-11-24", "--name", "X"), "already a day off"), ==, 65);
  g_assert_cmpint (run_status (dir, ARGS ("calendar", "add-day-off", "2026-11-25"), "--name"), ==, 2);
  g_assert_cmpint (run_status (dir, ARGS ("calendar", "add-day-off", "2026-02-30", "--name", "X"), "not a real date"), ==, 65);
  g_assert_cmpint (run_status (dir, ARGS ("calendar", "add-workday", "2026-11-27", "--name", "X"), "Saturday or Sunday"), ==, 65);
  g_assert_cmpint (run_status (dir, ARGS ("calendar", "remove-day-off", "2026-11-25"), "nothing to remove"), ==, 65);
  g_assert_cmpint (run_status (dir, ARGS ("calendar", "add-holiday", "2026-11-25"), NULL), ==, 2);
  g_clear_pointer (&edits, json_node_unref);
  edits = run_json (dir, NULL, ARGS ("calendar", "edits", "--json"));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (edits)), ==, 1);

  /* A make-up Saturday and a removed holiday. */
  g_free (run_out (dir, NULL, ARGS ("calendar", "add-workday", "2026-11-28", "--name", "Làm bù cho thứ Ba 24/11/2026")));
  g_free (run_out (dir, NULL, ARGS ("calendar", "remove-day-off", "2026-09-02")));
  g_clear_pointer (&out, g_free);
  out = run_out (dir, NULL, ARGS ("calendar", "due", "2026-11-27", "1"));
  g_assert_cmpstr (out, ==, "2026-11-28\n");
  g_clear_pointer (&out, g_free);
  out = run_out (dir, NULL, ARGS ("calendar", "due", "2026-09-01", "1"));
  g_assert_cmpstr (out, ==, "2026-09-02\n");

  mc_test_rm_rf (dir);
}

/* The province's data compiled after the edit wins for the years it lists. */
static void
test_superseded (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *updated = g_date_time_format (tomorrow, "%Y-%m-%d");
  g_autofree char *data = g_strdup_printf ("{\"version\": 1, \"updated\": \"%s\", \"years\": {\"2026\": {"
                                           "\"source\": \"Thông báo (kiểm thử)\", \"verified\": true, \"days\": ["
                                           "{\"date\": \"2026-01-01\", \"kind\": \"holiday\", \"name\": \"Tết Dương lịch\"}]}}}",
                                           updated);
  g_autoptr(McStore) store = NULL;
  g_autoptr(JsonNode) edits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  JsonArray *list;

  g_free (run_out (dir, NULL, ARGS ("init", "--agency-code", "000.00.12.H29", "--agency-name", "UBND xã Tân Lập")));
  g_free (run_out (dir, NULL, ARGS ("calendar", "add-day-off", "2026-11-24", "--name", "Ngày Văn hóa Việt Nam")));
  g_free (run_out (dir, NULL, ARGS ("calendar", "add-day-off", "2030-11-25", "--name", "Nghỉ (kiểm thử)")));

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_import_holiday_data (store, data, strlen (data), "server test", &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  edits = run_json (dir, NULL, ARGS ("calendar", "edits", "--json"));
  list = json_node_get_array (edits);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (list, 0), "applied"));
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (list, 1), "applied"));
  out = run_out (dir, NULL, ARGS ("calendar", "due", "2026-11-20", "3"));
  g_assert_cmpstr (out, ==, "2026-11-25\n");
  g_clear_pointer (&out, g_free);
  out = run_out (dir, NULL, ARGS ("calendar", "edits"));
  g_assert_nonnull (strstr (out, "superseded"));
  g_clear_pointer (&out, g_free);
  out = run_out (dir, NULL, ARGS ("calendar", "due", "2030-11-22", "1"));
  g_assert_cmpstr (out, ==, "2030-11-26\n");

  mc_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_unsetenv ("MOTCUA_ACTOR");

  g_test_add_func ("/calendar-cli/day-off", test_day_off);
  g_test_add_func ("/calendar-cli/superseded", test_superseded);

  return g_test_run ();
}
