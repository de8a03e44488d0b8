/* mc-lunar.h — the Vietnamese (and, for comparison, Chinese) lunisolar calendar
 *
 * Computed from the astronomy (Meeus, Astronomical Algorithms: mean new moon
 * with the main periodic terms, apparent solar longitude) for a given time
 * zone: UTC+7 is the Vietnamese calendar, UTC+8 the Chinese one.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_LUNAR_TZ_VIETNAM 7.0
#define MC_LUNAR_TZ_CHINA   8.0

typedef struct
{
  int      year;   /* lunar year, e.g. 2026 for the year starting 2026-02-17 */
  int      month;  /* 1..12 */
  int      day;    /* 1..30 */
  gboolean leap;   /* TRUE in a leap (intercalary) month */
} McLunarDate;

/* Converts a Gregorian date (1900..2199) to the lunar date in the calendar
 * of the time zone @tz_hours. Returns FALSE if @solar is invalid or outside
 * the supported range. */
gboolean mc_lunar_from_solar (const GDate *solar,
                              double       tz_hours,
                              McLunarDate *out);

/* Converts a lunar date to its Gregorian date. Returns FALSE (leaving @out
 * cleared) when that lunar date does not exist (e.g. a leap month that the
 * year does not have, or day 30 of a 29-day month). */
gboolean mc_lunar_to_solar   (const McLunarDate *lunar,
                              double             tz_hours,
                              GDate             *out);

G_END_DECLS
