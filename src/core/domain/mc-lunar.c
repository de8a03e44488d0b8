/* mc-lunar.c — the Vietnamese (and Chinese) lunisolar calendar from astronomy
 *
 * Written from the formulas of Jean Meeus, Astronomical Algorithms (2nd ed.):
 * the true new moon of chapter 49 (mean phase, periodic terms and the
 * planetary arguments), the apparent solar longitude of chapter 25 (low
 * accuracy, about 0.01°), the solstice iteration of chapter 27, and the
 * Espenak–Meeus polynomial for ΔT = TT − UT.
 *
 * Calendar rules: a month starts on the local day that holds the new moon;
 * month 11 is the month holding the winter solstice; a solstice-to-solstice
 * span (a "sui") of 13 months has one leap month, the first month after
 * month 11 holding no principal solar term (multiple of 30° of longitude);
 * it takes the number of the month before it.
 *
 * Each sui is computed once per time zone and cached in a small static table
 * behind a mutex; the tables are copied out by value, so callers never see
 * shared mutable state.
 */
#define G_LOG_DOMAIN "motcua-lunar"

#include "mc-lunar.h"

#include <math.h>
#include <string.h>

#define MIN_YEAR 1900
#define MAX_YEAR 2199

/* Sui S holds the months from month 11 of lunar year S-1 (the one with the
 * December solstice of Gregorian year S-1) to the month before month 11 of
 * year S. Dates of 1900..2199 need S = 1900..2200. */
#define MIN_SUI MIN_YEAR
#define MAX_SUI (MAX_YEAR + 1)
#define N_SUI (MAX_SUI - MIN_SUI + 1)

#define N_CACHED_ZONES 4

/* JDN = g_date_get_julian () + JDN_OFFSET (GDate counts 1 from 0001-01-01). */
#define JDN_OFFSET 1721425
#define J2000 2451545.0
#define SYNODIC_MONTH 29.530588861
#define DEG (G_PI / 180.0)

typedef struct
{
  gboolean valid;
  int      n_months;     /* 12 or 13 */
  gint32   start[14];    /* JDN of day 1 of each month; start[n_months] ends the sui */
  gint16   year[13];
  gint8    month[13];
  gint8    leap[13];
} SuiTable;

typedef struct
{
  gboolean used;
  int      tz_minutes;
  SuiTable sui[N_SUI];
} ZoneCache;

static GMutex cache_lock;
static ZoneCache cache[N_CACHED_ZONES];

static double
sin_deg (double degrees)
{
  return sin (degrees * DEG);
}

static double
normalize_degrees (double degrees)
{
  degrees = fmod (degrees, 360.0);
  return degrees < 0 ? degrees + 360.0 : degrees;
}

/* ΔT in seconds, Espenak & Meeus (2006) polynomials for 1900..2250. The
 * error (a minute or so in the 22nd century) only matters for new moons
 * within that distance of local midnight. */
static double
delta_t_seconds (double year)
{
  double t, u;

  if (year < 1900)
    {
      t = year - 1860;
      return 7.62 + 0.5737 * t - 0.251754 * t * t + 0.01680668 * pow (t, 3)
             - 0.0004473624 * pow (t, 4) + pow (t, 5) / 233174;
    }
  if (year < 1920)
    {
      t = year - 1900;
      return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * pow (t, 3)
             - 0.000197 * pow (t, 4);
    }
  if (year < 1941)
    {
      t = year - 1920;
      return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * pow (t, 3);
    }
  if (year < 1961)
    {
      t = year - 1950;
      return 29.07 + 0.407 * t - t * t / 233 + pow (t, 3) / 2547;
    }
  if (year < 1986)
    {
      t = year - 1975;
      return 45.45 + 1.067 * t - t * t / 260 - pow (t, 3) / 718;
    }
  if (year < 2005)
    {
      t = year - 2000;
      return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * pow (t, 3)
             + 0.000651814 * pow (t, 4) + 0.00002373599 * pow (t, 5);
    }
  if (year < 2050)
    {
      t = year - 2000;
      return 62.92 + 0.32217 * t + 0.005589 * t * t;
    }
  u = (year - 1820) / 100;
  if (year < 2150)
    return -20 + 32 * u * u - 0.5628 * (2150 - year);
  return -20 + 32 * u * u;
}

static double
delta_t_days (double jd)
{
  return delta_t_seconds (2000.0 + (jd - J2000) / 365.25) / 86400.0;
}

/* Meeus ch. 49: the Julian Ephemeris Day of the new moon of lunation @k
 * (k = 0 is the new moon of 2000-01-06). */
static double
new_moon_jde (double k)
{
  static const double planetary[14][3] = {
    /* coefficient, argument at k = 0, rate per lunation (degrees) */
    { 0.000325, 299.77, 0.107408 }, { 0.000165, 251.88, 0.016321 },
    { 0.000164, 251.83, 26.651886 }, { 0.000126, 349.42, 36.412478 },
    { 0.000110, 84.66, 18.206239 }, { 0.000062, 141.74, 53.303771 },
    { 0.000060, 207.14, 2.453732 }, { 0.000056, 154.84, 7.306860 },
    { 0.000047, 34.52, 27.261239 }, { 0.000042, 207.19, 0.121824 },
    { 0.000040, 291.34, 1.844379 }, { 0.000037, 161.72, 24.198154 },
    { 0.000035, 239.56, 25.513099 }, { 0.000023, 331.55, 3.592518 },
  };
  double t = k / 1236.85;
  double t2 = t * t, t3 = t2 * t, t4 = t3 * t;
  double jde, e, m, mp, f, om, corr;

  jde = 2451550.09766 + SYNODIC_MONTH * k + 0.00015437 * t2
        - 0.000000150 * t3 + 0.00000000073 * t4;
  e = 1 - 0.002516 * t - 0.0000074 * t2;
  m = 2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3;
  mp = 201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3
       - 0.000000058 * t4;
  f = 160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3
      + 0.000000011 * t4;
  om = 124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3;

  corr = -0.40720 * sin_deg (mp)
         + 0.17241 * e * sin_deg (m)
         + 0.01608 * sin_deg (2 * mp)
         + 0.01039 * sin_deg (2 * f)
         + 0.00739 * e * sin_deg (mp - m)
         - 0.00514 * e * sin_deg (mp + m)
         + 0.00208 * e * e * sin_deg (2 * m)
         - 0.00111 * sin_deg (mp - 2 * f)
         - 0.00057 * sin_deg (mp + 2 * f)
         + 0.00056 * e * sin_deg (2 * mp + m)
         - 0.00042 * sin_deg (3 * mp)
         + 0.00042 * e * sin_deg (m + 2 * f)
         + 0.00038 * e * sin_deg (m - 2 * f)
         - 0.00024 * e * sin_deg (2 * mp - m)
         - 0.00017 * sin_deg (om)
         - 0.00007 * sin_deg (mp + 2 * m)
         + 0.00004 * sin_deg (2 * mp - 2 * f)
         + 0.00004 * sin_deg (3 * m)
         + 0.00003 * sin_deg (mp + m - 2 * f)
         + 0.00003 * sin_deg (2 * mp + 2 * f)
         - 0.00003 * sin_deg (mp + m + 2 * f)
         + 0.00003 * sin_deg (mp - m + 2 * f)
         - 0.00002 * sin_deg (mp - m - 2 * f)
         - 0.00002 * sin_deg (3 * mp + m)
         + 0.00002 * sin_deg (4 * mp);

  for (guint i = 0; i < G_N_ELEMENTS (planetary); i++)
    {
      double arg = planetary[i][1] + planetary[i][2] * k;

      if (i == 0)
        arg -= 0.009173 * t2;
      corr += planetary[i][0] * sin_deg (arg);
    }

  return jde + corr;
}

/* Meeus ch. 25, low accuracy: apparent geometric longitude of the Sun,
 * degrees in [0, 360), for a Julian Ephemeris Day. */
static double
sun_longitude (double jde)
{
  double t = (jde - J2000) / 36525.0;
  double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
  double m = 357.52911 + 35999.05029 * t - 0.0001537 * t * t;
  double c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin_deg (m)
             + (0.019993 - 0.000101 * t) * sin_deg (2 * m)
             + 0.000289 * sin_deg (3 * m);
  double omega = 125.04 - 1934.136 * t;

  return normalize_degrees (l0 + c - 0.00569 - 0.00478 * sin_deg (omega));
}

/* The local day (JDN) holding the instant @jde (TT) in zone @tz_hours. */
static gint32
local_day_of (double jde,
              double tz_hours)
{
  double ut = jde - delta_t_days (jde);

  return (gint32) floor (ut + 0.5 + tz_hours / 24.0);
}

static gint32
new_moon_day (int    k,
              double tz_hours)
{
  return local_day_of (new_moon_jde (k), tz_hours);
}

/* Meeus ch. 27: refine the December solstice (longitude 270°) of @year. */
static double
december_solstice_jde (int year)
{
  GDate date;
  double jde;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 21, G_DATE_DECEMBER, year);
  jde = g_date_get_julian (&date) + JDN_OFFSET;
  for (int i = 0; i < 20; i++)
    {
      double step = 58.0 * sin_deg (270.0 - sun_longitude (jde));

      jde += step;
      if (fabs (step) < 1e-7)
        break;
    }
  return jde;
}

/* The lunation number of month 11 of the lunar year whose winter solstice
 * falls in December of @year. */
static int
month11_lunation (int    year,
                  double tz_hours)
{
  double solstice = december_solstice_jde (year);
  gint32 solstice_day = local_day_of (solstice, tz_hours);
  int k = (int) floor ((solstice - 2451550.09766) / SYNODIC_MONTH);

  while (new_moon_day (k + 1, tz_hours) <= solstice_day)
    k++;
  while (new_moon_day (k, tz_hours) > solstice_day)
    k--;
  return k;
}

/* Whether the sun crosses a multiple of 30° between local midnight starting
 * day @first and local midnight starting day @end. */
static gboolean
has_principal_term (gint32 first,
                    gint32 end,
                    double tz_hours)
{
  double a = first - 0.5 - tz_hours / 24.0;
  double b = end - 0.5 - tz_hours / 24.0;
  int term_a = (int) floor (sun_longitude (a + delta_t_days (a)) / 30.0);
  int term_b = (int) floor (sun_longitude (b + delta_t_days (b)) / 30.0);

  return term_a != term_b;
}

static void
sui_compute (int       sui,
             double    tz_hours,
             SuiTable *table)
{
  int k0 = month11_lunation (sui - 1, tz_hours);
  int k1 = month11_lunation (sui, tz_hours);
  int leap_index = -1;
  int month = 11, year = sui - 1;

  memset (table, 0, sizeof *table);
  table->n_months = k1 - k0;
  g_assert (table->n_months == 12 || table->n_months == 13);

  for (int i = 0; i <= table->n_months; i++)
    table->start[i] = new_moon_day (k0 + i, tz_hours);

  if (table->n_months == 13)
    for (int i = 1; i < 13 && leap_index < 0; i++)
      if (!has_principal_term (table->start[i], table->start[i + 1], tz_hours))
        leap_index = i;

  for (int i = 0; i < table->n_months; i++)
    {
      gboolean leap = (i == leap_index);

      if (i > 0 && !leap)
        {
          month = month % 12 + 1;
          if (month == 1)
            year = sui;
        }
      table->year[i] = year;
      table->month[i] = month;
      table->leap[i] = leap;
    }
  table->valid = TRUE;
}

/* Copies the table of @sui for @tz_hours into @out, computing and caching it
 * on first use. */
static void
sui_get (int       sui,
         double    tz_hours,
         SuiTable *out)
{
  int tz_minutes = (int) lround (tz_hours * 60);
  ZoneCache *zone = NULL;

  g_assert (sui >= MIN_SUI && sui <= MAX_SUI);

  g_mutex_lock (&cache_lock);
  for (guint i = 0; i < N_CACHED_ZONES && zone == NULL; i++)
    {
      if (!cache[i].used)
        {
          cache[i].used = TRUE;
          cache[i].tz_minutes = tz_minutes;
        }
      if (cache[i].tz_minutes == tz_minutes)
        zone = &cache[i];
    }

  if (zone != NULL)
    {
      SuiTable *table = &zone->sui[sui - MIN_SUI];

      if (!table->valid)
        sui_compute (sui, tz_minutes / 60.0, table);
      *out = *table;
      g_mutex_unlock (&cache_lock);
      return;
    }
  g_mutex_unlock (&cache_lock);

  /* An unusual zone once every slot is taken: compute without caching. */
  sui_compute (sui, tz_minutes / 60.0, out);
}

static gboolean
tz_supported (double tz_hours)
{
  return isfinite (tz_hours) && tz_hours >= -12.0 && tz_hours <= 14.0;
}

gboolean
mc_lunar_from_solar (const GDate *solar,
                     double       tz_hours,
                     McLunarDate *out)
{
  SuiTable table;
  gint32 jdn;
  int year;

  g_return_val_if_fail (solar != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!g_date_valid (solar) || !tz_supported (tz_hours))
    return FALSE;
  year = g_date_get_year (solar);
  if (year < MIN_YEAR || year > MAX_YEAR)
    return FALSE;

  jdn = (gint32) g_date_get_julian (solar) + JDN_OFFSET;
  sui_get (year + 1, tz_hours, &table);
  if (jdn < table.start[0])
    sui_get (year, tz_hours, &table);

  for (int i = 0; i < table.n_months; i++)
    {
      if (jdn >= table.start[i] && jdn < table.start[i + 1])
        {
          out->year = table.year[i];
          out->month = table.month[i];
          out->leap = table.leap[i];
          out->day = jdn - table.start[i] + 1;
          return TRUE;
        }
    }

  g_warning ("No lunar month holds JDN %d", (int) jdn);
  return FALSE;
}

gboolean
mc_lunar_to_solar (const McLunarDate *lunar,
                   double             tz_hours,
                   GDate             *out)
{
  SuiTable table;
  int sui;

  g_return_val_if_fail (lunar != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  g_date_clear (out, 1);
  if (!tz_supported (tz_hours)
      || lunar->month < 1 || lunar->month > 12
      || lunar->day < 1 || lunar->day > 30)
    return FALSE;

  /* Months 11 and 12 (and their leap months) open the next sui. */
  sui = lunar->month >= 11 ? lunar->year + 1 : lunar->year;
  if (sui < MIN_SUI || sui > MAX_SUI)
    return FALSE;

  sui_get (sui, tz_hours, &table);
  for (int i = 0; i < table.n_months; i++)
    {
      gint32 jdn;

      if (table.year[i] != lunar->year || table.month[i] != lunar->month
          || table.leap[i] != (lunar->leap ? 1 : 0))
        continue;
      if (lunar->day > table.start[i + 1] - table.start[i])
        return FALSE;

      jdn = table.start[i] + lunar->day - 1;
      g_date_set_julian (out, (guint32) (jdn - JDN_OFFSET));
      if (g_date_get_year (out) < MIN_YEAR || g_date_get_year (out) > MAX_YEAR)
        {
          g_date_clear (out, 1);
          return FALSE;
        }
      return TRUE;
    }

  return FALSE;
}
