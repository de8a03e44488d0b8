/* test-holidays-text.c — what Preferences → Holidays says, without a display */
#include "config.h"

#include <string.h>

#include "mc-holidays-text.h"

static GDate
dmy (guint d, guint m, guint y)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return date;
}

static void
test_parse_date (void)
{
  GDate date;

  g_assert_true (mc_holidays_parse_date ("24/11/2026", &date));
  g_assert_cmpuint (g_date_get_day (&date), ==, 24);
  g_assert_cmpuint (g_date_get_month (&date), ==, 11);
  g_assert_cmpuint (g_date_get_year (&date), ==, 2026);
  g_assert_true (mc_holidays_parse_date (" 2/9/2026 ", &date));
  g_assert_cmpuint (g_date_get_month (&date), ==, 9);
  g_assert_true (mc_holidays_parse_date ("2026-11-24", &date));
  g_assert_cmpuint (g_date_get_day (&date), ==, 24);
  g_assert_true (mc_holidays_parse_date ("24.11.2026", &date));

  g_assert_false (mc_holidays_parse_date ("", &date));
  g_assert_false (mc_holidays_parse_date (NULL, &date));
  g_assert_false (mc_holidays_parse_date ("31/02/2026", &date));
  g_assert_false (mc_holidays_parse_date ("24/11/2026x", &date));
  g_assert_false (mc_holidays_parse_date ("24/11/1999", &date));
  g_assert_false (mc_holidays_parse_date ("24/11/2100", &date));
  g_assert_false (mc_holidays_parse_date ("11/24/2026", &date));
}

static void
test_format_date (void)
{
  GDate date = dmy (24, 11, 2026);
  g_autofree char *text = mc_holidays_format_date (&date);

  g_assert_cmpstr (text, ==, "Tuesday, 24/11/2026");
}

static McCalendarEdit *
edit_at (McCalendarEditAction action,
         GDate                date,
         const char          *name,
         const char          *basis,
         const char          *at_iso)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (at_iso, NULL);
  McCalendarEdit *e = mc_calendar_edit_new (action, &date, name, basis, "Nguyễn Thị Lan", at, &error);

  g_assert_no_error (error);
  return e;
}

static void
test_day_and_edits (void)
{
  McHolidayYear y = { 0 };
  McCalendarDay local = { 0 }, official = { 0 }, computed = { 0 };
  gboolean flags[] = { TRUE, FALSE };
  g_autofree char *local_text = NULL;
  g_autofree char *official_text = NULL;
  g_autofree char *computed_text = NULL;
  g_autofree char *title = NULL;
  g_autofree char *superseded = NULL;
  g_autofree char *origin = NULL;

  y.year = 2026;
  y.edits = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_calendar_edit_free);
  y.superseded = g_array_new (FALSE, FALSE, sizeof (gboolean));
  /* Two edits of the same day: the first was replaced by newer official data. */
  g_ptr_array_add (y.edits, edit_at (MC_CALENDAR_EDIT_ADD_DAY_OFF, dmy (24, 11, 2026), "Old name", NULL,
                                     "2026-11-01T02:00:00Z"));
  g_ptr_array_add (y.edits, edit_at (MC_CALENDAR_EDIT_ADD_DAY_OFF, dmy (24, 11, 2026), "Ngày Văn hóa Việt Nam",
                                     "Thông báo 123/TB-VPCP", "2026-12-07T03:15:00Z"));
  g_array_append_vals (y.superseded, flags, 2);

  local.date = dmy (24, 11, 2026);
  local.kind = MC_DAY_KIND_DAY_OFF;
  local.local = TRUE;
  g_assert_true (mc_holidays_find_edit (&y, &local) == y.edits->pdata[1]);
  local_text = mc_holidays_day_subtitle (&y, &local);
  /* Who and when in Vietnam time (UTC+7), and the basis. */
  g_assert_cmpstr (local_text, ==, "Day off — recorded at this desk by Nguyễn Thị Lan, 07/12/2026 10:15 · "
                                   "Basis: Thông báo 123/TB-VPCP");
  g_assert_true (mc_holidays_day_removable (&local));

  official.date = dmy (2, 9, 2026);
  official.kind = MC_DAY_KIND_HOLIDAY;
  official.official = TRUE;
  g_assert_null (mc_holidays_find_edit (&y, &official));
  official_text = mc_holidays_day_subtitle (&y, &official);
  g_assert_cmpstr (official_text, ==, "Public holiday — bundled data");
  y.imported = TRUE;
  g_clear_pointer (&official_text, g_free);
  official_text = mc_holidays_day_subtitle (&y, &official);
  g_assert_cmpstr (official_text, ==, "Public holiday — province’s server");

  computed.date = dmy (22, 8, 2026);
  computed.kind = MC_DAY_KIND_MAKEUP_WORKDAY;
  computed_text = mc_holidays_day_subtitle (&y, &computed);
  g_assert_cmpstr (computed_text, ==, "Make-up working day — Labour Code 2019, computed");
  g_assert_false (mc_holidays_day_removable (&computed));

  title = mc_holidays_edit_title (y.edits->pdata[1]);
  g_assert_cmpstr (title, ==, "Day off added: Tuesday, 24/11/2026 — Ngày Văn hóa Việt Nam");
  superseded = mc_holidays_edit_subtitle (y.edits->pdata[0], TRUE);
  g_assert_cmpstr (superseded, ==, "recorded at this desk by Nguyễn Thị Lan, 01/11/2026 09:00 · "
                                   "Replaced by newer official data");

  origin = mc_holidays_year_origin (&y);
  g_assert_nonnull (strstr (origin, "Labour Code 2019"));
  y.source = g_strdup ("Văn bản 12729/VPCP-KGVX");
  y.verified = TRUE;
  g_clear_pointer (&origin, g_free);
  origin = mc_holidays_year_origin (&y);
  g_assert_cmpstr (origin, ==, "From the province’s server · Basis: Văn bản 12729/VPCP-KGVX · "
                               "checked against the official text");

  g_free (y.source);
  g_ptr_array_unref (y.edits);
  g_array_unref (y.superseded);
}

/* The short line above the days: where from, when updated, checked or
 * not; the (long) basis is not in it. */
static void
test_year_summary (void)
{
  McHolidayYear y = { 0 };
  g_autofree char *computed = NULL;
  g_autofree char *bundled = NULL;
  g_autofree char *imported = NULL;

  y.year = 2027;
  g_date_clear (&y.updated, 1);
  computed = mc_holidays_year_summary (&y);
  g_assert_cmpstr (computed, ==, "No official list for this year yet: computed from the Labour Code 2019");

  y.year = 2026;
  y.source = g_strdup ("Văn bản 12729/VPCP-KGVX (25/12/2025) on Tết Dương lịch; seen in press reports");
  y.updated = dmy (7, 12, 2026);
  bundled = mc_holidays_year_summary (&y);
  g_assert_cmpstr (bundled, ==, "Bundled with the desk · updated 07/12/2026 · "
                                "not yet checked against the official text");
  g_assert_null (strstr (bundled, "12729"));

  y.imported = TRUE;
  y.verified = TRUE;
  g_date_clear (&y.updated, 1);
  imported = mc_holidays_year_summary (&y);
  g_assert_cmpstr (imported, ==, "From the province’s server · checked against the official text");

  g_free (y.source);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/holidays-text/parse-date", test_parse_date);
  g_test_add_func ("/holidays-text/format-date", test_format_date);
  g_test_add_func ("/holidays-text/day-and-edits", test_day_and_edits);
  g_test_add_func ("/holidays-text/year-summary", test_year_summary);
  return g_test_run ();
}
