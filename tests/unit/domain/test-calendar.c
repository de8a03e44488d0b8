/* test-calendar.c — working days, holidays and due dates */
#include "mc-calendar.h"

#include <string.h>

static GDate
ymd (int year,
     int month,
     int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return date;
}

static char *
format_date (const GDate *date)
{
  if (!g_date_valid (date))
    return g_strdup ("invalid");
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

static gboolean
working (McCalendar *calendar,
         int         year,
         int         month,
         int         day)
{
  GDate date = ymd (year, month, day);

  return mc_calendar_is_working_day (calendar, &date);
}

/* "date kind" lines of all special days of @year, e.g. "01-01 holiday\n". */
static char *
describe_year (McCalendar *calendar,
               int         year)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) days = mc_calendar_get_days (calendar, year, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < days->len; i++)
    {
      McCalendarDay *day = g_ptr_array_index (days, i);

      g_string_append_printf (out, "%02d-%02d %s\n", g_date_get_month (&day->date),
                              g_date_get_day (&day->date), mc_day_kind_to_string (day->kind));
    }
  return g_string_free (out, FALSE);
}

static void
test_defaults_2027 (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();
  g_autoptr(GPtrArray) days = NULL;
  g_autofree char *text = describe_year (calendar, 2027);

  /* Tết 2027 is Saturday 6/2: the 5 days are 5/2–9/2, Saturday and Sunday
   * give 10/2 and 11/2; 1/5 on a Saturday gives Monday 3/5; 2/9 is a
   * Thursday so the adjacent day is 1/9. */
  g_assert_cmpstr (text, ==,
                   "01-01 holiday\n"
                   "02-05 holiday\n02-06 holiday\n02-07 holiday\n02-08 holiday\n02-09 holiday\n"
                   "02-10 compensatory\n02-11 compensatory\n"
                   "04-16 holiday\n"
                   "04-30 holiday\n05-01 holiday\n05-03 compensatory\n"
                   "09-01 holiday\n09-02 holiday\n");

  days = mc_calendar_get_days (calendar, 2027, NULL);
  for (guint i = 0; i < days->len; i++)
    g_assert_false (((McCalendarDay *) g_ptr_array_index (days, i))->official);
  g_assert_cmpstr (((McCalendarDay *) g_ptr_array_index (days, 0))->name, ==, "Tết Dương lịch");
  g_assert_cmpstr (((McCalendarDay *) g_ptr_array_index (days, 1))->name, ==,
                   "Tết Nguyên đán (29 tháng Chạp)");
  g_assert_cmpstr (((McCalendarDay *) g_ptr_array_index (days, 6))->name, ==,
                   "Nghỉ bù Tết Nguyên đán");
  g_assert_cmpstr (((McCalendarDay *) g_ptr_array_index (days, 8))->name, ==,
                   "Giỗ Tổ Hùng Vương (10/3 Âm lịch)");
  g_assert_cmpstr (((McCalendarDay *) g_ptr_array_index (days, 13))->name, ==, "Quốc khánh");

  g_assert_false (working (calendar, 2027, 2, 11));
  g_assert_true (working (calendar, 2027, 2, 12));
  g_assert_true (working (calendar, 2027, 2, 4));
  g_assert_false (working (calendar, 2027, 5, 3));
  g_assert_true (working (calendar, 2027, 5, 4));
}

static void
test_defaults_2033 (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();
  g_autofree char *text = describe_year (calendar, 2033);

  /* 1/1/2033 is a Saturday: Monday 3/1 is the compensatory day. The last
   * day of the lunar year (30/1) is a Sunday; Giỗ Tổ (9/4) a Saturday;
   * 30/4 and 1/5 are Saturday and Sunday. */
  g_assert_cmpstr (text, ==,
                   "01-01 holiday\n01-03 compensatory\n"
                   "01-30 holiday\n01-31 holiday\n02-01 holiday\n02-02 holiday\n02-03 holiday\n"
                   "02-04 compensatory\n"
                   "04-09 holiday\n04-11 compensatory\n"
                   "04-30 holiday\n05-01 holiday\n05-02 compensatory\n05-03 compensatory\n"
                   "09-01 holiday\n09-02 holiday\n");
  g_assert_false (working (calendar, 2033, 1, 3));
  g_assert_true (working (calendar, 2033, 1, 4));
}

static void
test_national_day_monday (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new_defaults ();

  /* 2/9/2030 is a Monday: the adjacent day is Tuesday 3/9, not Sunday 1/9. */
  g_assert_false (working (calendar, 2030, 9, 2));
  g_assert_false (working (calendar, 2030, 9, 3));
  g_assert_true (working (calendar, 2030, 9, 4));
  g_assert_true (working (calendar, 2030, 8, 30));
  /* 2/9/2029 is a Sunday: 1/9 (Saturday) and 2/9 give Monday and Tuesday. */
  g_assert_false (working (calendar, 2029, 9, 3));
  g_assert_false (working (calendar, 2029, 9, 4));
  g_assert_true (working (calendar, 2029, 9, 5));
}

/* For every year of the public range: 11 holiday days (fewer only when
 * 10/3 lunar meets 30/4 or 1/5), one compensatory weekday per weekend
 * holiday, no weekday lost twice. */
static void
test_defaults_all_years (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new_defaults ();

  for (int year = MC_CALENDAR_MIN_YEAR; year <= MC_CALENDAR_MAX_YEAR; year++)
    {
      g_autoptr(GPtrArray) days = mc_calendar_get_days (calendar, year, NULL);
      guint holidays = 0, weekend_holidays = 0, compensatory = 0;

      for (guint i = 0; i < days->len; i++)
        {
          McCalendarDay *day = g_ptr_array_index (days, i);
          GDateWeekday weekday = g_date_get_weekday (&day->date);
          gboolean weekend = weekday == G_DATE_SATURDAY || weekday == G_DATE_SUNDAY;

          g_assert_cmpint (g_date_get_year (&day->date), ==, year);
          if (i > 0)
            g_assert_cmpint (g_date_compare (&((McCalendarDay *) g_ptr_array_index (days, i - 1))->date,
                                             &day->date), <, 0);
          if (day->kind == MC_DAY_KIND_HOLIDAY)
            {
              holidays++;
              weekend_holidays += weekend;
            }
          else
            {
              g_assert_cmpint (day->kind, ==, MC_DAY_KIND_COMPENSATORY);
              g_assert_false (weekend);
              compensatory++;
            }
          g_assert_false (mc_calendar_is_working_day (calendar, &day->date));
        }
      if (holidays != 11)
        g_assert_cmpuint (holidays, ==, 10);
      g_assert_cmpuint (compensatory, ==, weekend_holidays);
    }
}

static void
test_official_2026 (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();
  g_autoptr(McCalendar) defaults = mc_calendar_new_defaults ();
  g_autoptr(GArray) years = mc_calendar_get_official_years (calendar);
  g_autoptr(GArray) no_years = mc_calendar_get_official_years (defaults);
  g_autoptr(GPtrArray) days = NULL;
  g_autofree char *source = NULL;
  gboolean verified = TRUE;

  g_assert_cmpuint (years->len, ==, 3);
  g_assert_cmpint (g_array_index (years, int, 0), ==, 2024);
  g_assert_cmpint (g_array_index (years, int, 1), ==, 2025);
  g_assert_cmpint (g_array_index (years, int, 2), ==, 2026);
  g_assert_cmpuint (no_years->len, ==, 0);

  /* Tết 2026 for civil servants: 14/2–22/2. */
  g_assert_true (working (calendar, 2026, 2, 13));
  for (int day = 14; day <= 22; day++)
    g_assert_false (working (calendar, 2026, 2, day));
  g_assert_true (working (calendar, 2026, 2, 23));

  /* 1/1–4/1/2026 off; Friday 2/1 swapped for Saturday 10/1. */
  g_assert_false (working (calendar, 2026, 1, 2));
  g_assert_true (working (calendar, 2026, 1, 10));
  g_assert_true (working (defaults, 2026, 1, 2));
  g_assert_false (working (defaults, 2026, 1, 10));
  /* Giỗ Tổ on Sunday 26/4/2026: Monday 27/4 off. */
  g_assert_false (working (calendar, 2026, 4, 27));
  g_assert_true (working (calendar, 2026, 4, 28));
  /* Quốc khánh 2026: 29/8–2/9 off, Monday 31/8 swapped for Saturday 22/8
   * (found missing when the data was re-checked on 2026-12-07). */
  g_assert_false (working (calendar, 2026, 8, 31));
  g_assert_false (working (calendar, 2026, 9, 1));
  g_assert_false (working (calendar, 2026, 9, 2));
  g_assert_true (working (calendar, 2026, 8, 22));
  g_assert_true (working (calendar, 2026, 9, 3));
  g_assert_true (working (defaults, 2026, 8, 31));

  days = mc_calendar_get_days (calendar, 2026, NULL);
  g_assert_cmpuint (days->len, ==, 16);
  for (guint i = 0; i < days->len; i++)
    g_assert_true (((McCalendarDay *) g_ptr_array_index (days, i))->official);

  source = mc_calendar_get_year_source (calendar, 2026, &verified);
  g_assert_nonnull (source);
  g_assert_false (verified);
  g_assert_null (mc_calendar_get_year_source (calendar, 2027, &verified));
  g_assert_null (mc_calendar_get_year_source (defaults, 2026, NULL));
}

/* 2024: 27/4–1/5 off, Monday 29/4 swapped for Saturday 4/5. */
static void
test_makeup_workday (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();
  GDate received = ymd (2024, 5, 3), due;
  g_autoptr(GError) error = NULL;

  g_assert_false (working (calendar, 2024, 4, 29));
  g_assert_true (working (calendar, 2024, 5, 4));
  g_assert_false (working (calendar, 2024, 5, 5));

  /* Received Friday 3/5, 1 day: due Saturday 4/5, a working day. */
  g_assert_true (mc_calendar_due_date (calendar, &received, 1, &due, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_date_get_day (&due), ==, 4);
}

static void
test_official_2024_2025 (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();

  /* Tết 2024: 8/2–14/2; Quốc khánh 2024: 31/8–3/9. */
  g_assert_true (working (calendar, 2024, 2, 7));
  for (int day = 8; day <= 14; day++)
    g_assert_false (working (calendar, 2024, 2, day));
  g_assert_true (working (calendar, 2024, 2, 15));
  g_assert_false (working (calendar, 2024, 9, 3));
  g_assert_true (working (calendar, 2024, 9, 4));
  /* Tết 2025: 25/1–2/2; 30/4–4/5 with Saturday 26/4 worked; 1/9–2/9. */
  g_assert_true (working (calendar, 2025, 1, 24));
  for (int day = 25; day <= 31; day++)
    g_assert_false (working (calendar, 2025, 1, day));
  g_assert_true (working (calendar, 2025, 2, 3));
  g_assert_true (working (calendar, 2025, 4, 26));
  g_assert_false (working (calendar, 2025, 5, 2));
  g_assert_false (working (calendar, 2025, 9, 1));
  g_assert_true (working (calendar, 2025, 9, 3));
}

static void
assert_due (McCalendar *calendar,
            int         year,
            int         month,
            int         day,
            guint       days,
            const char *expected)
{
  GDate received = ymd (year, month, day), due;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (mc_calendar_due_date (calendar, &received, days, &due, &error));
  g_assert_no_error (error);
  text = format_date (&due);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_due_date (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();

  /* Across Tết 2026: Thursday 12/2 + 3 → 13/2, 23/2, 24/2. */
  assert_due (calendar, 2026, 2, 12, 3, "2026-02-24");
  assert_due (calendar, 2026, 2, 12, 1, "2026-02-13");
  assert_due (calendar, 2026, 2, 12, 0, "2026-02-12");
  /* Across the year end into computed 2027: 31/12, then 1/1 (holiday) and
   * the weekend are skipped. */
  assert_due (calendar, 2026, 12, 30, 3, "2027-01-05");
  /* Days = 0 on a weekend or holiday: the next working day. */
  assert_due (calendar, 2026, 11, 21, 0, "2026-11-23");
  assert_due (calendar, 2026, 2, 16, 0, "2026-02-23");
  /* Days = N on a weekend: N working days after it. */
  assert_due (calendar, 2026, 11, 21, 1, "2026-11-23");
  assert_due (calendar, 2026, 11, 23, 5, "2026-11-30");
  /* Last working days of the range. */
  assert_due (calendar, 2099, 12, 30, 1, "2099-12-31");
}

static void
test_due_date_out_of_range (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();
  GDate received, due;
  GError *error = NULL;

  received = ymd (2099, 12, 30);
  g_assert_false (mc_calendar_due_date (calendar, &received, 5, &due, &error));
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  received = ymd (2100, 1, 4);
  g_assert_false (mc_calendar_due_date (calendar, &received, 0, &due, &error));
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  received = ymd (1999, 12, 31);
  g_assert_false (mc_calendar_due_date (calendar, &received, 1, &due, &error));
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  g_assert_null (mc_calendar_get_days (calendar, 2100, &error));
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_null (mc_calendar_get_days (calendar, 1999, &error));
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  /* Outside the public range is_working_day still applies the rules. */
  g_assert_false (working (calendar, 2150, 1, 1));
  g_assert_true (working (calendar, 2150, 1, 2));
  g_assert_false (working (calendar, 2200, 1, 1));
  g_assert_true (working (calendar, 2200, 1, 2));
  g_assert_false (working (calendar, 2200, 1, 4));
}

static void
assert_due_at (McCalendar *calendar,
               const char *iso_time,
               guint       days,
               const char *cutoff,
               const char *expected)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (iso_time, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GDate due;

  g_assert_nonnull (at);
  g_assert_true (mc_calendar_due_date_for_time (calendar, at, days, cutoff, &due, &error));
  g_assert_no_error (error);
  text = format_date (&due);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_due_date_for_time (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 ("2026-11-23T10:00:00+07:00", NULL);
  GError *error = NULL;
  GDate due;

  /* Monday 23/11/2026, cut-off 15:00. */
  assert_due_at (calendar, "2026-11-23T14:59:59+07:00", 0, "15:00", "2026-11-23");
  assert_due_at (calendar, "2026-11-23T15:00:00+07:00", 0, "15:00", "2026-11-24");
  assert_due_at (calendar, "2026-11-23T16:00:00+07:00", 2, "15:00", "2026-11-26");
  assert_due_at (calendar, "2026-11-23T16:00:00+07:00", 2, NULL, "2026-11-25");
  assert_due_at (calendar, "2026-11-23T16:00:00+07:00", 0, NULL, "2026-11-23");
  /* Times are taken in Vietnam time: 08:30 UTC is 15:30 in Hà Nội; 20:00
   * UTC on Sunday is 03:00 on Monday. */
  assert_due_at (calendar, "2026-11-23T08:30:00Z", 0, "15:00", "2026-11-24");
  assert_due_at (calendar, "2026-11-22T20:00:00Z", 0, "15:00", "2026-11-23");
  assert_due_at (calendar, "2026-11-22T20:00:00Z", 1, NULL, "2026-11-24");
  assert_due_at (calendar, "2026-11-22T09:00:00+07:00", 1, NULL, "2026-11-23");
  /* On a Saturday counting starts on Monday, as mc_calendar_due_date ()
   * does for the date alone; the cut-off does not push it further. */
  assert_due_at (calendar, "2026-11-21T09:00:00+07:00", 0, NULL, "2026-11-23");
  assert_due_at (calendar, "2026-11-21T09:00:00+07:00", 1, "15:00", "2026-11-23");
  assert_due_at (calendar, "2026-11-21T16:00:00+07:00", 1, "15:00", "2026-11-23");
  assert_due_at (calendar, "2026-11-21T09:00:00+07:00", 2, NULL, "2026-11-24");
  /* During Tết 2026, and late on the day before it. */
  assert_due_at (calendar, "2026-02-18T09:00:00+07:00", 1, NULL, "2026-02-23");
  assert_due_at (calendar, "2026-02-13T16:00:00+07:00", 1, "15:00", "2026-02-24");
  /* On a make-up Saturday before the cut-off it is a normal working day. */
  assert_due_at (calendar, "2026-01-10T09:00:00+07:00", 1, "15:00", "2026-01-12");

  for (guint i = 0; i < 4; i++)
    {
      static const char *const bad[] = { "25:00", "3:00", "15h00", "" };

      g_assert_false (mc_calendar_due_date_for_time (calendar, at, 1, bad[i], &due, &error));
      g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_clear_error (&error);
    }

  g_clear_pointer (&at, g_date_time_unref);
  at = g_date_time_new_from_iso8601 ("2099-12-31T16:00:00+07:00", NULL);
  g_assert_false (mc_calendar_due_date_for_time (calendar, at, 0, "15:00", &due, &error));
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  /* 17:00 UTC on 31/12/2099 is already 2100 in Vietnam. */
  g_clear_pointer (&at, g_date_time_unref);
  at = g_date_time_new_from_iso8601 ("2099-12-31T17:00:00Z", NULL);
  g_assert_false (mc_calendar_due_date_for_time (calendar, at, 0, NULL, &due, &error));
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
}

static const char valid_2027[] =
  "{ \"version\": 1, \"years\": { \"2027\": { \"source\": \"test\", \"verified\": true,"
  "  \"days\": [ { \"date\": \"2027-02-12\", \"kind\": \"day_off\", \"name\": \"Nghỉ Tết\" },"
  "              { \"date\": \"2027-02-20\", \"kind\": \"makeup_workday\", \"name\": \"Làm bù\" } ] } } }";

static void
on_changed_cb (McCalendar *calendar,
               guint      *count)
{
  (*count)++;
}

static void
test_load_replaces (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) years = NULL;
  guint changed = 0;
  gboolean verified = FALSE;
  g_autofree char *source = NULL;

  g_signal_connect (calendar, "changed", G_CALLBACK (on_changed_cb), &changed);
  g_assert_true (mc_calendar_load_data (calendar, valid_2027, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);

  years = mc_calendar_get_official_years (calendar);
  g_assert_cmpuint (years->len, ==, 1);
  g_assert_cmpint (g_array_index (years, int, 0), ==, 2027);
  source = mc_calendar_get_year_source (calendar, 2027, &verified);
  g_assert_cmpstr (source, ==, "test");
  g_assert_true (verified);

  /* 2027 now has only the data's days: Tết (8/2) is a working day. */
  g_assert_true (working (calendar, 2027, 2, 8));
  g_assert_false (working (calendar, 2027, 2, 12));
  g_assert_true (working (calendar, 2027, 2, 20));
  g_assert_true (working (calendar, 2027, 1, 1));
  /* 2026 went back to the computed defaults. */
  g_assert_true (working (calendar, 2026, 1, 2));
  g_assert_false (working (calendar, 2026, 2, 16));
  g_assert_true (working (calendar, 2026, 2, 23));
}

typedef struct
{
  const char *document;
  const char *message_part;
} BadDocument;

static const BadDocument bad_documents[] = {
  { "{", "not valid JSON" },
  { "[]", "(document): must be an object" },
  { "{ \"years\": {} }", "“version”" },
  { "{ \"version\": 2, \"years\": {} }", "version 2 is not supported" },
  { "{ \"version\": \"1\", \"years\": {} }", "“version” must be a whole number" },
  { "{ \"version\": 1, \"year\": {} }", "unknown member “year”" },
  { "{ \"version\": 1 }", "“years” is missing" },
  { "{ \"version\": 1, \"years\": { \"26\": {} } }", "years.26" },
  { "{ \"version\": 1, \"years\": { \"2100\": {} } }", "years.2100" },
  { "{ \"version\": 1, \"years\": { \"2027\": { \"verified\": true, \"days\": [] } } }",
    "years.2027: “source” is missing" },
  { "{ \"version\": 1, \"years\": { \"2027\": { \"source\": \"x\", \"verified\": \"yes\", \"days\": [] } } }",
    "“verified” must be true or false" },
  { "{ \"version\": 1, \"years\": { \"2027\": { \"source\": \"x\", \"verified\": true, \"days\": [] } } }",
    "years.2027: “days” must be a non-empty array" },
  { "{ \"version\": 1, \"years\": { \"2027\": { \"source\": \"x\", \"verified\": true, \"days\": ["
    "{ \"date\": \"2027-02-30\", \"kind\": \"holiday\", \"name\": \"x\" } ] } } }",
    "years.2027.days[0]: “2027-02-30” is not a date" },
  { "{ \"version\": 1, \"years\": { \"2027\": { \"source\": \"x\", \"verified\": true, \"days\": ["
    "{ \"date\": \"2027-02-08\", \"kind\": \"holiday\", \"name\": \"x\" },"
    "{ \"date\": \"2028-01-01\", \"kind\": \"holiday\", \"name\": \"x\" } ] } } }",
    "years.2027.days[1]: 2028-01-01 is not in the year 2027" },
  { "{ \"version\": 1, \"years\": { \"2027\": { \"source\": \"x\", \"verified\": true, \"days\": ["
    "{ \"date\": \"2027-02-08\", \"kind\": \"off\", \"name\": \"x\" } ] } } }",
    "years.2027.days[0]: “kind” must be" },
  { "{ \"version\": 1, \"years\": { \"2027\": { \"source\": \"x\", \"verified\": true, \"days\": ["
    "{ \"date\": \"2027-02-08\", \"kind\": \"makeup_workday\", \"name\": \"x\" } ] } } }",
    "2027-02-08 is a make-up working day but not a Saturday or Sunday" },
  { "{ \"version\": 1, \"years\": { \"2027\": { \"source\": \"x\", \"verified\": true, \"days\": ["
    "{ \"date\": \"2027-02-08\", \"kind\": \"holiday\", \"name\": \"Tết\" },"
    "{ \"date\": \"2027-02-08\", \"kind\": \"day_off\", \"name\": \"y\" } ] } } }",
    "years.2027.days[1]: 2027-02-08 is listed twice (also as “Tết”)" },
  { "{ \"version\": 1, \"years\": { \"2027\": { \"source\": \"x\", \"verified\": true, \"days\": ["
    "{ \"date\": \"2027-02-08\", \"knd\": \"holiday\", \"name\": \"x\" } ] } } }",
    "years.2027.days[0]: unknown member “knd”" },
  { "{ \"version\": 1, \"years\": { \"2027\": { \"source\": \"x\", \"verified\": true, \"days\": ["
    "{ \"date\": \"2027-02-08\", \"kind\": \"holiday\", \"name\": \"\" } ] } } }",
    "years.2027.days[0]: “name” must not be empty" },
  { "{ \"version\": 1, \"years\": { \"2027\": { \"source\": \"x\", \"verified\": true, \"days\": [ 5 ] } } }",
    "years.2027.days[0]: must be an object" },
};

static void
test_load_invalid (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();
  guint changed = 0;

  g_signal_connect (calendar, "changed", G_CALLBACK (on_changed_cb), &changed);
  for (guint i = 0; i < G_N_ELEMENTS (bad_documents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) years = NULL;

      g_test_message ("document %u: %s", i, bad_documents[i].document);
      g_assert_false (mc_calendar_load_data (calendar, bad_documents[i].document, -1, &error));
      g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_DATA);
      if (strstr (error->message, bad_documents[i].message_part) == NULL)
        g_error ("document %u: “%s” does not mention “%s”", i, error->message,
                 bad_documents[i].message_part);

      /* The bundled data is still in use. */
      years = mc_calendar_get_official_years (calendar);
      g_assert_cmpuint (years->len, ==, 3);
      g_assert_false (working (calendar, 2026, 2, 16));
      g_assert_true (working (calendar, 2026, 1, 10));
    }
  g_assert_cmpuint (changed, ==, 0);
}

static void
test_kind_names (void)
{
  g_assert_cmpstr (mc_day_kind_to_string (MC_DAY_KIND_HOLIDAY), ==, "holiday");
  g_assert_cmpstr (mc_day_kind_to_string (MC_DAY_KIND_DAY_OFF), ==, "day_off");
  g_assert_cmpstr (mc_day_kind_to_string (MC_DAY_KIND_COMPENSATORY), ==, "compensatory");
  g_assert_cmpstr (mc_day_kind_to_string (MC_DAY_KIND_MAKEUP_WORKDAY), ==, "makeup_workday");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calendar/defaults/2027", test_defaults_2027);
  g_test_add_func ("/calendar/defaults/2033", test_defaults_2033);
  g_test_add_func ("/calendar/defaults/national-day-monday", test_national_day_monday);
  g_test_add_func ("/calendar/defaults/all-years", test_defaults_all_years);
  g_test_add_func ("/calendar/official/2026", test_official_2026);
  g_test_add_func ("/calendar/official/2024-2025", test_official_2024_2025);
  g_test_add_func ("/calendar/official/makeup-workday", test_makeup_workday);
  g_test_add_func ("/calendar/due-date/days", test_due_date);
  g_test_add_func ("/calendar/due-date/out-of-range", test_due_date_out_of_range);
  g_test_add_func ("/calendar/due-date/time", test_due_date_for_time);
  g_test_add_func ("/calendar/load/replaces", test_load_replaces);
  g_test_add_func ("/calendar/load/invalid", test_load_invalid);
  g_test_add_func ("/calendar/kind-names", test_kind_names);

  return g_test_run ();
}
