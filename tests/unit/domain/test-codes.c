/* test-codes.c — dossier code format and station ranges */
#include "test-util.h"

static void
test_format_and_parse (void)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 ("2021-05-31T10:00:00+07:00", NULL);
  g_autofree char *code = mc_codes_format ("000.17.22.H56", at, 1);
  g_autofree char *agency = NULL;
  g_autofree char *day = NULL;
  g_autoptr(GError) error = NULL;
  guint seq = 0;

  /* The example of Circular 01/2018 art. 19. */
  g_assert_cmpstr (code, ==, "000.17.22.H56-210531-0001");
  g_assert_true (mc_codes_parse (code, &agency, &day, &seq, &error));
  g_assert_cmpstr (agency, ==, "000.17.22.H56");
  g_assert_cmpstr (day, ==, "210531");
  g_assert_cmpuint (seq, ==, 1);

  g_assert_false (mc_codes_parse ("000.17.22.H56-21053-0001", NULL, NULL, NULL, &error));
  g_assert_error (error, MC_CODES_ERROR, MC_CODES_ERROR_INVALID_CODE);
  g_clear_error (&error);
  g_assert_false (mc_codes_parse ("210531-0001", NULL, NULL, NULL, &error));
  g_assert_error (error, MC_CODES_ERROR, MC_CODES_ERROR_INVALID_CODE);
}

static void
test_day_is_vietnam_time (void)
{
  g_autoptr(GDateTime) utc_evening = g_date_time_new_from_iso8601 ("2026-12-31T17:30:00Z", NULL);
  g_autofree char *day = mc_codes_day_key (utc_evening);

  g_assert_cmpstr (day, ==, "270101");
}

static void
test_station_ranges (void)
{
  g_autoptr(GError) error = NULL;
  guint first, last, next;

  for (guint s = MC_CODES_MIN_STATION; s <= MC_CODES_MAX_STATION; s++)
    {
      mc_codes_station_range (s, &first, &last);
      g_assert_cmpuint (first, ==, s * 1000);
      g_assert_cmpuint (last, ==, s * 1000 + 999);
      if (s > MC_CODES_MIN_STATION)
        {
          guint prev_first, prev_last;
          mc_codes_station_range (s - 1, &prev_first, &prev_last);
          g_assert_cmpuint (prev_last, <, first);
        }
    }

  g_assert_true (mc_codes_next_sequence (3, 0, &next, &error));
  g_assert_cmpuint (next, ==, 3000);
  g_assert_true (mc_codes_next_sequence (3, 3000, &next, &error));
  g_assert_cmpuint (next, ==, 3001);
  g_assert_false (mc_codes_next_sequence (3, 3999, &next, &error));
  g_assert_error (error, MC_CODES_ERROR, MC_CODES_ERROR_EXHAUSTED);
  g_clear_error (&error);
  g_assert_false (mc_codes_next_sequence (0, 0, &next, &error));
  g_assert_error (error, MC_CODES_ERROR, MC_CODES_ERROR_INVALID_STATION);
}

static void
test_agency_codes (void)
{
  const char *good[] = { "000.00.12.H29", "000.17.22.H56", "G09.20", "H29.1" };
  const char *bad[] = { "", "H29", "000-00-12-H29", "000..12.H29", ".000.12", "000.12.", "000 00 12 H29", "xã.Tân" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (mc_codes_validate_agency (good[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (mc_codes_validate_agency (bad[i], &error));
      g_assert_error (error, MC_CODES_ERROR, MC_CODES_ERROR_INVALID_AGENCY);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/codes/format-parse", test_format_and_parse);
  g_test_add_func ("/codes/vietnam-day", test_day_is_vietnam_time);
  g_test_add_func ("/codes/station-ranges", test_station_ranges);
  g_test_add_func ("/codes/agency", test_agency_codes);
  return g_test_run ();
}
