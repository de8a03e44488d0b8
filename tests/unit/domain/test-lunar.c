/* test-lunar.c — the lunisolar calendar against published dates */
#include "mc-lunar.h"

typedef struct
{
  int year;
  int month;
  int day;
} Ymd;

static void
assert_date (const GDate *date,
             int          year,
             int          month,
             int          day)
{
  char got[16] = "invalid", want[16];

  if (g_date_valid (date))
    g_snprintf (got, sizeof got, "%04d-%02d-%02d", g_date_get_year (date),
                g_date_get_month (date), g_date_get_day (date));
  g_snprintf (want, sizeof want, "%04d-%02d-%02d", year, month, day);
  g_assert_cmpstr (got, ==, want);
}

static void
lunar_to_solar_ok (int     year,
                   int     month,
                   int     day,
                   double  tz,
                   GDate  *out)
{
  McLunarDate lunar = { year, month, day, FALSE };

  g_assert_true (mc_lunar_to_solar (&lunar, tz, out));
}

static void
test_tet_vietnam (void)
{
  static const Ymd tet[] = {
    { 1985, 1, 21 }, { 2007, 2, 17 }, { 2024, 2, 10 }, { 2025, 1, 29 },
    { 2026, 2, 17 }, { 2027, 2, 6 }, { 2028, 1, 26 }, { 2030, 2, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tet); i++)
    {
      GDate date;

      lunar_to_solar_ok (tet[i].year, 1, 1, MC_LUNAR_TZ_VIETNAM, &date);
      assert_date (&date, tet[i].year, tet[i].month, tet[i].day);
    }
}

static void
test_tet_china (void)
{
  static const Ymd tet[] = {
    { 1985, 2, 20 }, { 2007, 2, 18 }, { 2024, 2, 10 }, { 2025, 1, 29 },
    { 2026, 2, 17 }, { 2027, 2, 6 }, { 2030, 2, 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tet); i++)
    {
      GDate date;

      lunar_to_solar_ok (tet[i].year, 1, 1, MC_LUNAR_TZ_CHINA, &date);
      assert_date (&date, tet[i].year, tet[i].month, tet[i].day);
    }
}

/* Vietnamese and Chinese Tết differ exactly in the listed years of the
 * checked span 1968–2060. */
static void
test_tet_differs (void)
{
  static const int differ[] = { 1968, 1969, 1985, 2007, 2030, 2053 };

  for (int year = 1968; year <= 2060; year++)
    {
      GDate vn, cn;
      gboolean expected = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (differ); i++)
        expected |= (differ[i] == year);

      lunar_to_solar_ok (year, 1, 1, MC_LUNAR_TZ_VIETNAM, &vn);
      lunar_to_solar_ok (year, 1, 1, MC_LUNAR_TZ_CHINA, &cn);
      if (expected != (g_date_compare (&vn, &cn) != 0))
        g_error ("Tết %d: Vietnam and China %s", year, expected ? "agree" : "differ");
    }
}

static void
test_hung_kings (void)
{
  static const Ymd vietnam[] = {
    { 2024, 4, 18 }, { 2025, 4, 7 }, { 2026, 4, 26 }, { 2027, 4, 16 },
  };
  static const int differ[] = { 2009, 2037, 2038 };

  for (guint i = 0; i < G_N_ELEMENTS (vietnam); i++)
    {
      GDate vn, cn;

      lunar_to_solar_ok (vietnam[i].year, 3, 10, MC_LUNAR_TZ_VIETNAM, &vn);
      assert_date (&vn, vietnam[i].year, vietnam[i].month, vietnam[i].day);
      lunar_to_solar_ok (vietnam[i].year, 3, 10, MC_LUNAR_TZ_CHINA, &cn);
      g_assert_cmpint (g_date_compare (&vn, &cn), ==, 0);
    }

  for (guint i = 0; i < G_N_ELEMENTS (differ); i++)
    {
      GDate vn, cn;

      lunar_to_solar_ok (differ[i], 3, 10, MC_LUNAR_TZ_VIETNAM, &vn);
      lunar_to_solar_ok (differ[i], 3, 10, MC_LUNAR_TZ_CHINA, &cn);
      g_assert_cmpint (g_date_compare (&vn, &cn), !=, 0);
      /* The new moon falls just before midnight in Vietnam. */
      g_assert_cmpint (g_date_days_between (&vn, &cn), ==, 1);
    }
}

static void
assert_lunar (int  year,
              int  month,
              int  day,
              int  lunar_year,
              int  lunar_month,
              int  lunar_day,
              gboolean leap)
{
  McLunarDate lunar;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  g_assert_true (mc_lunar_from_solar (&date, MC_LUNAR_TZ_VIETNAM, &lunar));
  g_assert_cmpint (lunar.year, ==, lunar_year);
  g_assert_cmpint (lunar.month, ==, lunar_month);
  g_assert_cmpint (lunar.day, ==, lunar_day);
  g_assert_cmpint (lunar.leap, ==, leap);
}

static void
test_from_solar (void)
{
  /* Tết 2026: 14/2 is 27 tháng Chạp, 22/2 is mùng 6 (the official notice
   * gives both). */
  assert_lunar (2026, 2, 14, 2025, 12, 27, FALSE);
  assert_lunar (2026, 2, 22, 2026, 1, 6, FALSE);
  assert_lunar (2024, 2, 9, 2023, 12, 30, FALSE);
  assert_lunar (2025, 1, 28, 2024, 12, 29, FALSE);
  assert_lunar (2024, 4, 18, 2024, 3, 10, FALSE);
  /* Leap months: 2/2023 (from 22/3/2023), 6/2025 (from 25/7/2025). */
  assert_lunar (2023, 3, 21, 2023, 2, 30, FALSE);
  assert_lunar (2023, 3, 22, 2023, 2, 1, TRUE);
  assert_lunar (2025, 7, 25, 2025, 6, 1, TRUE);
  assert_lunar (2025, 8, 23, 2025, 7, 1, FALSE);
  /* First and last supported days. */
  assert_lunar (1900, 1, 1, 1899, 12, 1, FALSE);
  assert_lunar (1900, 1, 31, 1900, 1, 1, FALSE);
}

static void
test_invalid (void)
{
  McLunarDate lunar;
  GDate date;

  g_date_clear (&date, 1);
  g_assert_false (mc_lunar_from_solar (&date, MC_LUNAR_TZ_VIETNAM, &lunar));
  g_date_set_dmy (&date, 31, 12, 1899);
  g_assert_false (mc_lunar_from_solar (&date, MC_LUNAR_TZ_VIETNAM, &lunar));
  g_date_set_dmy (&date, 1, 1, 2200);
  g_assert_false (mc_lunar_from_solar (&date, MC_LUNAR_TZ_VIETNAM, &lunar));
  g_date_set_dmy (&date, 1, 1, 2000);
  g_assert_false (mc_lunar_from_solar (&date, 99.0, &lunar));

  /* 2024 has no leap month; month 12 of 2024 has 29 days (Tết 2025 follows
   * 29 tháng Chạp); month 13 does not exist. */
  lunar = (McLunarDate) { 2024, 4, 1, TRUE };
  g_date_set_dmy (&date, 1, 1, 2000);
  g_assert_false (mc_lunar_to_solar (&lunar, MC_LUNAR_TZ_VIETNAM, &date));
  g_assert_false (g_date_valid (&date));
  lunar = (McLunarDate) { 2024, 12, 30, FALSE };
  g_assert_false (mc_lunar_to_solar (&lunar, MC_LUNAR_TZ_VIETNAM, &date));
  lunar = (McLunarDate) { 2024, 12, 29, FALSE };
  g_assert_true (mc_lunar_to_solar (&lunar, MC_LUNAR_TZ_VIETNAM, &date));
  assert_date (&date, 2025, 1, 28);
  lunar = (McLunarDate) { 2024, 13, 1, FALSE };
  g_assert_false (mc_lunar_to_solar (&lunar, MC_LUNAR_TZ_VIETNAM, &date));
  lunar = (McLunarDate) { 2024, 1, 0, FALSE };
  g_assert_false (mc_lunar_to_solar (&lunar, MC_LUNAR_TZ_VIETNAM, &date));
  /* Lunar dates whose solar date is outside 1900..2199. */
  lunar = (McLunarDate) { 1899, 11, 1, FALSE };
  g_assert_false (mc_lunar_to_solar (&lunar, MC_LUNAR_TZ_VIETNAM, &date));
  lunar = (McLunarDate) { 2200, 1, 1, FALSE };
  g_assert_false (mc_lunar_to_solar (&lunar, MC_LUNAR_TZ_VIETNAM, &date));
}

/* Every day of 1900..2199 in both calendars: the lunar date converts back,
 * days follow each other, months have 29 or 30 days, years 12 or 13 months
 * with at most one leap month, and month numbers run in order. */
static void
check_whole_range (double tz)
{
  McLunarDate prev = { 0 }, cur;
  GDate date, back;
  int month_length = 0, months_in_year = 0, leaps_in_year = 0;
  guint n_days = 0;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, 1, 1900);
  while (g_date_get_year (&date) <= 2199)
    {
      g_assert_true (mc_lunar_from_solar (&date, tz, &cur));
      g_assert_true (mc_lunar_to_solar (&cur, tz, &back));
      g_assert_cmpint (g_date_compare (&date, &back), ==, 0);

      if (n_days > 0 && cur.day == 1)
        {
          if (month_length > 0)
            g_assert_true (month_length == 29 || month_length == 30);
          month_length = 0;
          if (cur.leap)
            g_assert_cmpint (cur.month, ==, prev.month);
          else
            g_assert_cmpint (cur.month, ==, prev.month % 12 + 1);

          if (cur.month == 1 && !cur.leap)
            {
              g_assert_cmpint (cur.year, ==, prev.year + 1);
              if (prev.year > 1899)
                {
                  g_assert_true (months_in_year == 12 || months_in_year == 13);
                  g_assert_cmpint (leaps_in_year, ==, months_in_year - 12);
                }
              months_in_year = 0;
              leaps_in_year = 0;
            }
          else
            g_assert_cmpint (cur.year, ==, prev.year);
          months_in_year++;
          leaps_in_year += cur.leap;
        }
      else if (n_days > 0)
        {
          g_assert_cmpint (cur.day, ==, prev.day + 1);
          g_assert_cmpint (cur.month, ==, prev.month);
          g_assert_cmpint (cur.leap, ==, prev.leap);
        }

      month_length++;
      n_days++;
      prev = cur;
      g_date_add_days (&date, 1);
    }
  g_assert_cmpuint (n_days, ==, 109573);
}

static void
test_range_vietnam (void)
{
  check_whole_range (MC_LUNAR_TZ_VIETNAM);
}

static void
test_range_china (void)
{
  check_whole_range (MC_LUNAR_TZ_CHINA);
}

static gpointer
convert_years (gpointer data)
{
  GString *out = g_string_new (NULL);

  /* A zone no other test uses, so the threads fill the cache together. */
  for (int year = 1950; year < 2150; year++)
    {
      GDate date;

      lunar_to_solar_ok (year, 1, 1, 9.0, &date);
      g_string_append_printf (out, "%u ", g_date_get_julian (&date));
    }
  return g_string_free (out, FALSE);
}

static void
test_threads (void)
{
  GThread *threads[8];
  char *first = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("lunar", convert_years, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      char *result = g_thread_join (threads[i]);

      if (first == NULL)
        first = result;
      else
        {
          g_assert_cmpstr (result, ==, first);
          g_free (result);
        }
    }
  g_free (first);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lunar/tet/vietnam", test_tet_vietnam);
  g_test_add_func ("/lunar/tet/china", test_tet_china);
  g_test_add_func ("/lunar/tet/differs", test_tet_differs);
  g_test_add_func ("/lunar/hung-kings", test_hung_kings);
  g_test_add_func ("/lunar/from-solar", test_from_solar);
  g_test_add_func ("/lunar/invalid", test_invalid);
  g_test_add_func ("/lunar/range/vietnam", test_range_vietnam);
  g_test_add_func ("/lunar/range/china", test_range_china);
  g_test_add_func ("/lunar/threads", test_threads);

  return g_test_run ();
}
