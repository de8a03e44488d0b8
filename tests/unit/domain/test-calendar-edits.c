/* test-calendar-edits.c — days off announced late: edits recorded on the
 * desk, checked, laid on the official data and the computed defaults, and
 * superseded by newer official data */
#include "config.h"

#include <string.h>

#include "mc-calendar-edits.h"
#include "mc-core-env.h"

static GDate
day (int year, int month, int d)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) month, (GDateYear) year);
  return date;
}

static GDateTime *
at (const char *iso)
{
  GDateTime *t = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (t);
  return t;
}

static McCalendarEdit *
edit_ok (McCalendarEditAction  action,
         int                   y,
         int                   m,
         int                   d,
         const char           *name,
         const char           *when)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) t = at (when);
  GDate date = day (y, m, d);
  McCalendarEdit *e = mc_calendar_edit_new (action, &date, name, "Thông báo 1/TB-BNV", "Nguyễn Thị Lan", t, &error);

  g_assert_no_error (error);
  g_assert_nonnull (e);
  return e;
}

static char *
due (McCalendar *calendar,
     int         y,
     int         m,
     int         d,
     guint       days)
{
  g_autoptr(GError) error = NULL;
  GDate received = day (y, m, d), out;
  char buf[16];

  g_assert_true (mc_calendar_due_date (calendar, &received, days, &out, &error));
  g_assert_no_error (error);
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &out);
  return g_strdup (buf);
}

static gboolean
working (McCalendar *calendar,
         int         y,
         int         m,
         int         d)
{
  GDate date = day (y, m, d);

  return mc_calendar_is_working_day (calendar, &date);
}

static void
test_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_name = g_strnfill (MC_CALENDAR_EDIT_MAX_NAME + 1, 'a');
  GDate date = day (2026, 11, 24), far = day (2100, 1, 4);
  g_autoptr(McCalendarEdit) e = NULL;
  McCalendarEdit *bad;

  e = mc_calendar_edit_new (MC_CALENDAR_EDIT_ADD_DAY_OFF, &date, "  Ngày Văn hóa   Việt Nam ", " ",
                            "Nguyễn Thị Lan", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (e->name, ==, "Ngày Văn hóa Việt Nam");
  g_assert_null (e->basis);
  g_assert_nonnull (e->at);
  g_assert_cmpstr (mc_calendar_edit_action_to_string (e->action), ==, "add_day_off");

  bad = mc_calendar_edit_new (MC_CALENDAR_EDIT_ADD_DAY_OFF, &date, NULL, NULL, "x", NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "Name"));
  g_clear_error (&error);
  bad = mc_calendar_edit_new (MC_CALENDAR_EDIT_ADD_WORKDAY, &date, "", NULL, "x", NULL, &error);
  g_assert_null (bad);
  g_clear_error (&error);
  bad = mc_calendar_edit_new (MC_CALENDAR_EDIT_ADD_DAY_OFF, &date, long_name, NULL, "x", NULL, &error);
  g_assert_null (bad);
  g_assert_nonnull (strstr (error->message, "too long"));
  g_clear_error (&error);
  bad = mc_calendar_edit_new (MC_CALENDAR_EDIT_ADD_DAY_OFF, &date, "Nghỉ\x1b[2J", NULL, "x", NULL, &error);
  g_assert_null (bad);
  g_assert_nonnull (strstr (error->message, "control character"));
  g_clear_error (&error);
  bad = mc_calendar_edit_new (MC_CALENDAR_EDIT_ADD_DAY_OFF, &far, "Tết", NULL, "x", NULL, &error);
  g_assert_null (bad);
  g_assert_nonnull (strstr (error->message, "2099"));
  g_clear_error (&error);

  /* A removal needs no name. */
  e = (mc_calendar_edit_free (e), mc_calendar_edit_new (MC_CALENDAR_EDIT_REMOVE_DAY_OFF, &date, NULL, NULL,
                                                        "x", NULL, &error));
  g_assert_no_error (error);
  g_assert_null (e->name);
}

static void
assert_check (McCalendar           *calendar,
              McCalendarEditAction  action,
              GDate                 date,
              const char           *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCalendarEdit) e = mc_calendar_edit_new (action, &date, "Tên", NULL, "x", NULL, &error);

  g_assert_no_error (error);
  if (fragment == NULL)
    {
      g_assert_true (mc_calendar_check_edit (calendar, e, &error));
      g_assert_no_error (error);
      return;
    }
  g_assert_false (mc_calendar_check_edit (calendar, e, &error));
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_DATA);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” lacks “%s”", error->message, fragment);
}

static void
test_check (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();

  assert_check (calendar, MC_CALENDAR_EDIT_ADD_DAY_OFF, day (2026, 11, 24), NULL);
  assert_check (calendar, MC_CALENDAR_EDIT_ADD_DAY_OFF, day (2026, 1, 1), "already a day off");
  assert_check (calendar, MC_CALENDAR_EDIT_ADD_DAY_OFF, day (2026, 11, 28), "Saturday or Sunday");
  /* Saturday 10/01/2026 is a make-up working day: it may become a day off. */
  assert_check (calendar, MC_CALENDAR_EDIT_ADD_DAY_OFF, day (2026, 1, 10), NULL);
  assert_check (calendar, MC_CALENDAR_EDIT_REMOVE_DAY_OFF, day (2026, 9, 2), NULL);
  assert_check (calendar, MC_CALENDAR_EDIT_REMOVE_DAY_OFF, day (2026, 11, 24), "not a listed");
  assert_check (calendar, MC_CALENDAR_EDIT_REMOVE_DAY_OFF, day (2026, 1, 10), "make-up working day");
  assert_check (calendar, MC_CALENDAR_EDIT_ADD_WORKDAY, day (2026, 11, 28), NULL);
  assert_check (calendar, MC_CALENDAR_EDIT_ADD_WORKDAY, day (2026, 11, 27), "not a Saturday or Sunday");
  assert_check (calendar, MC_CALENDAR_EDIT_ADD_WORKDAY, day (2026, 1, 10), "already a make-up");
  /* Giỗ Tổ on Sunday 26/4/2026 is a holiday: remove it first. */
  assert_check (calendar, MC_CALENDAR_EDIT_ADD_WORKDAY, day (2026, 4, 26), "remove that day off first");
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
test_apply (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();
  g_autoptr(GPtrArray) edits = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_calendar_edit_free);
  g_autoptr(GPtrArray) days = NULL;
  g_autofree char *before = due (calendar, 2026, 11, 20, 3);
  g_autofree char *after = NULL;
  g_autofree char *saturday = NULL;
  guint changed = 0;
  gboolean found = FALSE;

  g_assert_cmpstr (before, ==, "2026-11-25");
  g_assert_false (working (calendar, 2030, 1, 1));

  g_ptr_array_add (edits, edit_ok (MC_CALENDAR_EDIT_ADD_DAY_OFF, 2026, 11, 24, "Ngày Văn hóa Việt Nam",
                                   "2098-12-07T09:00:00+07:00"));
  g_ptr_array_add (edits, edit_ok (MC_CALENDAR_EDIT_REMOVE_DAY_OFF, 2026, 9, 2, NULL, "2098-12-07T09:01:00+07:00"));
  g_ptr_array_add (edits, edit_ok (MC_CALENDAR_EDIT_ADD_WORKDAY, 2026, 11, 28, "Làm bù cho thứ Ba 24/11",
                                   "2098-12-07T09:02:00+07:00"));
  /* A computed year (not in the data). */
  g_ptr_array_add (edits, edit_ok (MC_CALENDAR_EDIT_REMOVE_DAY_OFF, 2030, 1, 1, NULL, "2098-12-07T09:03:00+07:00"));
  /* Added, then removed again: the history replays in order. */
  g_ptr_array_add (edits, edit_ok (MC_CALENDAR_EDIT_ADD_DAY_OFF, 2026, 12, 30, "Nghỉ", "2098-12-07T09:04:00+07:00"));
  g_ptr_array_add (edits, edit_ok (MC_CALENDAR_EDIT_REMOVE_DAY_OFF, 2026, 12, 30, NULL, "2098-12-07T09:05:00+07:00"));

  g_signal_connect_swapped (calendar, "changed", G_CALLBACK (count_cb), &changed);
  g_assert_cmpuint (mc_calendar_apply_edits (calendar, edits), ==, 6);
  g_assert_cmpuint (changed, ==, 1);

  after = due (calendar, 2026, 11, 20, 3);
  g_assert_cmpstr (after, ==, "2026-11-26");
  g_assert_false (working (calendar, 2026, 11, 24));
  g_assert_true (working (calendar, 2026, 9, 2));
  g_assert_true (working (calendar, 2026, 11, 28));
  g_assert_true (working (calendar, 2030, 1, 1));
  g_assert_true (working (calendar, 2026, 12, 30));
  /* Friday 27/11 received, 1 day: Saturday 28/11 is now a working day. */
  saturday = due (calendar, 2026, 11, 27, 1);
  g_assert_cmpstr (saturday, ==, "2026-11-28");

  days = mc_calendar_get_days (calendar, 2026, NULL);
  for (guint i = 0; i < days->len; i++)
    {
      McCalendarDay *d = g_ptr_array_index (days, i);
      if (g_date_get_month (&d->date) == 11 && g_date_get_day (&d->date) == 24)
        {
          found = TRUE;
          g_assert_true (d->local);
          g_assert_cmpint (d->kind, ==, MC_DAY_KIND_DAY_OFF);
          g_assert_cmpstr (d->name, ==, "Ngày Văn hóa Việt Nam");
        }
      else if (g_date_get_year (&d->date) == 2026 && g_date_get_month (&d->date) == 1)
        g_assert_false (d->local);
    }
  g_assert_true (found);

  /* Loading data drops the edits: they are laid again after it. */
  g_assert_true (mc_calendar_load_data (calendar, "{\"version\": 1, \"years\": {}}", -1, NULL));
  g_assert_true (working (calendar, 2026, 11, 24));
}

static const char *data_2026 =
  "{\"version\": 1, \"updated\": \"%s\", \"years\": {\"2026\": {\"source\": \"Thông báo\", \"verified\": true,"
  " \"days\": [{\"date\": \"2026-01-01\", \"kind\": \"holiday\", \"name\": \"Tết Dương lịch\"},"
  "            {\"date\": \"2026-11-24\", \"kind\": \"holiday\", \"name\": \"Ngày Văn hóa Việt Nam\"}]}}}";

static McCalendar *
calendar_updated (const char *updated)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *doc = g_strdup_printf (data_2026, updated);
  McCalendar *calendar = mc_calendar_new_defaults ();

  g_assert_true (mc_calendar_load_data (calendar, doc, -1, &error));
  g_assert_no_error (error);
  return calendar;
}

/* "Newer": the data's "updated" day is after the day the edit was made
 * (Vietnam time), and the data lists the edit's year. */
static void
test_superseded (void)
{
  g_autoptr(McCalendar) newer = calendar_updated ("2026-12-10");
  g_autoptr(McCalendar) same_day = calendar_updated ("2026-12-07");
  g_autoptr(McCalendar) undated = calendar_updated ("December 2026");
  g_autoptr(McCalendarEdit) edit = edit_ok (MC_CALENDAR_EDIT_ADD_DAY_OFF, 2026, 12, 31, "Nghỉ cuối năm",
                                            "2026-12-07T09:00:00+07:00");
  /* 23:30 UTC on 9/12 is 06:30 on 10/12 in Vietnam: the same day as the data. */
  g_autoptr(McCalendarEdit) late_utc = edit_ok (MC_CALENDAR_EDIT_ADD_DAY_OFF, 2026, 12, 31, "Nghỉ cuối năm",
                                                "2026-12-09T23:30:00Z");
  g_autoptr(McCalendarEdit) other_year = edit_ok (MC_CALENDAR_EDIT_ADD_DAY_OFF, 2027, 12, 31, "Nghỉ",
                                                  "2026-12-07T09:00:00+07:00");
  g_autoptr(GPtrArray) edits = g_ptr_array_new ();
  GDate updated;

  g_assert_true (mc_calendar_get_data_updated (newer, &updated));
  g_assert_cmpint (g_date_get_day (&updated), ==, 10);
  g_assert_false (mc_calendar_get_data_updated (undated, NULL));

  g_assert_true (mc_calendar_edit_is_superseded (newer, edit));
  g_assert_false (mc_calendar_edit_is_superseded (newer, late_utc));
  g_assert_false (mc_calendar_edit_is_superseded (newer, other_year));
  g_assert_false (mc_calendar_edit_is_superseded (same_day, edit));
  g_assert_false (mc_calendar_edit_is_superseded (undated, edit));

  g_ptr_array_add (edits, edit);
  g_ptr_array_add (edits, other_year);
  g_assert_cmpuint (mc_calendar_apply_edits (newer, edits), ==, 1);
  g_assert_true (working (newer, 2026, 12, 31));
  g_assert_false (working (newer, 2027, 12, 31));
  g_assert_cmpuint (mc_calendar_apply_edits (same_day, edits), ==, 2);
  g_assert_false (working (same_day, 2026, 12, 31));
}

static void
test_json (void)
{
  g_autoptr(GPtrArray) edits = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_calendar_edit_free);
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GPtrArray) empty = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  static const char *const bad[] = {
    "[",
    "[]",
    "{\"version\": 2, \"edits\": []}",
    "{\"version\": 1, \"edits\": {}}",
    "{\"version\": \"1\", \"edits\": []}",
    "{\"version\": 1, \"edits\": [], \"x\": 1}",
    "{\"version\": 1, \"edits\": [1]}",
    "{\"version\": 1, \"edits\": [{\"action\": \"add_day_off\", \"date\": \"2026-11-24\", \"name\": \"N\","
    " \"actor\": \"a\", \"at\": \"2026-12-07T09:00:00+07:00\", \"colour\": \"red\"}]}",
    "{\"version\": 1, \"edits\": [{\"action\": \"add_holiday\", \"date\": \"2026-11-24\", \"name\": \"N\","
    " \"actor\": \"a\", \"at\": \"2026-12-07T09:00:00+07:00\"}]}",
    "{\"version\": 1, \"edits\": [{\"action\": \"add_day_off\", \"date\": \"2026-02-30\", \"name\": \"N\","
    " \"actor\": \"a\", \"at\": \"2026-12-07T09:00:00+07:00\"}]}",
    "{\"version\": 1, \"edits\": [{\"action\": \"add_day_off\", \"date\": \"2026-11-24\", \"name\": \"N\","
    " \"actor\": \"a\", \"at\": \"2026-12-07 09:00\"}]}",
    "{\"version\": 1, \"edits\": [{\"action\": \"add_day_off\", \"date\": \"2026-11-24\","
    " \"actor\": \"a\", \"at\": \"2026-12-07T09:00:00+07:00\"}]}",
    "{\"version\": 1, \"edits\": [{\"action\": \"add_day_off\", \"date\": \"2026-11-24\", \"name\": 5,"
    " \"actor\": \"a\", \"at\": \"2026-12-07T09:00:00+07:00\"}]}",
  };

  g_ptr_array_add (edits, edit_ok (MC_CALENDAR_EDIT_ADD_DAY_OFF, 2026, 11, 24, "Ngày Văn hóa Việt Nam",
                                   "2098-12-07T09:00:00+07:00"));
  g_ptr_array_add (edits, edit_ok (MC_CALENDAR_EDIT_REMOVE_DAY_OFF, 2026, 9, 2, NULL, "2026-12-07T02:01:00Z"));
  json = mc_calendar_edits_to_json (edits);
  back = mc_calendar_edits_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 2);
  g_assert_cmpstr (((McCalendarEdit *) back->pdata[0])->name, ==, "Ngày Văn hóa Việt Nam");
  g_assert_cmpstr (((McCalendarEdit *) back->pdata[0])->basis, ==, "Thông báo 1/TB-BNV");
  g_assert_cmpstr (((McCalendarEdit *) back->pdata[0])->actor, ==, "Nguyễn Thị Lan");
  g_assert_null (((McCalendarEdit *) back->pdata[1])->name);
  g_assert_cmpint (((McCalendarEdit *) back->pdata[1])->action, ==, MC_CALENDAR_EDIT_REMOVE_DAY_OFF);
  again = mc_calendar_edits_to_json (back);
  g_assert_cmpstr (again, ==, json);
  g_assert_nonnull (strstr (json, "\"at\":\"2026-12-07T09:01:00+07:00\""));

  empty = mc_calendar_edits_from_json (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (empty->len, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(GPtrArray) none = mc_calendar_edits_from_json (bad[i], &e);

      if (none != NULL)
        g_error ("accepted: %s", bad[i]);
      g_assert_error (e, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_DATA);
    }

  /* Bounded: one edit more than the cap is refused. */
  {
    GString *big = g_string_new ("{\"version\": 1, \"edits\": [");
    g_autoptr(GError) e = NULL;
    g_autoptr(GPtrArray) none = NULL;

    for (guint i = 0; i <= MC_CALENDAR_EDITS_MAX; i++)
      g_string_append_printf (big, "%s{\"action\": \"remove_day_off\", \"date\": \"2026-09-02\", \"actor\": \"a\","
                              " \"at\": \"2026-12-07T09:00:00+07:00\"}", i > 0 ? "," : "");
    g_string_append (big, "]}");
    none = mc_calendar_edits_from_json (big->str, &e);
    g_assert_null (none);
    g_assert_error (e, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_DATA);
    g_string_free (big, TRUE);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calendar-edits/new", test_new);
  g_test_add_func ("/calendar-edits/check", test_check);
  g_test_add_func ("/calendar-edits/apply", test_apply);
  g_test_add_func ("/calendar-edits/superseded", test_superseded);
  g_test_add_func ("/calendar-edits/json", test_json);

  return g_test_run ();
}
