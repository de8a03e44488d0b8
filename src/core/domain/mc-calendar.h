/* mc-calendar.h — working days and Vietnamese public holidays
 *
 * Defaults are computed from the Labor Code 2019 art. 112 (solar and lunar
 * holidays, the default 5-day Tết, compensatory days when a holiday falls on
 * a weekend); the official days off and make-up working days of each year
 * come as data (bundled resource, replaced from the server) and override the
 * defaults for that year. See docs/holidays-format.md.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MC_CALENDAR_ERROR (mc_calendar_error_quark ())
GQuark mc_calendar_error_quark (void);

typedef enum
{
  MC_CALENDAR_ERROR_INVALID_DATA,
  MC_CALENDAR_ERROR_OUT_OF_RANGE,
} McCalendarError;

#define MC_CALENDAR_MIN_YEAR 2000
#define MC_CALENDAR_MAX_YEAR 2099

typedef enum
{
  MC_DAY_KIND_HOLIDAY,       /* public holiday (ngày lễ, Tết) */
  MC_DAY_KIND_DAY_OFF,       /* official extra day off (ngày nghỉ), e.g. a swapped day */
  MC_DAY_KIND_COMPENSATORY,  /* nghỉ bù: a holiday fell on a weekend */
  MC_DAY_KIND_MAKEUP_WORKDAY /* làm bù: a Saturday or Sunday that is a working day */
} McDayKind;

typedef struct
{
  GDate     date;
  McDayKind kind;
  char     *name;      /* human-readable, Vietnamese */
  gboolean  official;  /* TRUE when it comes from the data file, FALSE when computed */
  gboolean  local;     /* TRUE when a calendar edit of this desk put it there (mc-calendar-edits.h) */
} McCalendarDay;

void           mc_calendar_day_free (McCalendarDay *day);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McCalendarDay, mc_calendar_day_free)

const char    *mc_day_kind_to_string (McDayKind kind); /* "holiday", "day_off", "compensatory", "makeup_workday" */

#define MC_TYPE_CALENDAR (mc_calendar_get_type ())
G_DECLARE_FINAL_TYPE (McCalendar, mc_calendar, MC, CALENDAR, GObject)

/* A calendar with the computed defaults and the bundled official data. */
McCalendar    *mc_calendar_new             (void);
/* A calendar with the computed defaults only (no official data). */
McCalendar    *mc_calendar_new_defaults    (void);

/* Replaces the official data by the JSON document @data (format in
 * docs/holidays-format.md). On error nothing changes. Emits "changed" on
 * success. */
gboolean       mc_calendar_load_data       (McCalendar  *self,
                                            const char  *data,
                                            gssize       length,
                                            GError     **error);

/* The official data's "updated" date (when it was compiled); FALSE when
 * the data has none, or no data is loaded. */
gboolean       mc_calendar_get_data_updated (McCalendar *self,
                                             GDate      *out_updated);
/* Whether @year is listed in the official data. */
gboolean       mc_calendar_is_official_year (McCalendar *self,
                                             int         year);

/* Years for which official data is loaded (sorted). */
GArray        *mc_calendar_get_official_years (McCalendar *self);

/* The "source" of @year's official data (transfer full), or NULL when the
 * year uses computed defaults; @out_verified (nullable) tells whether that
 * data was checked against an official text (if not, show it as sample). */
char          *mc_calendar_get_year_source (McCalendar *self,
                                            int         year,
                                            gboolean   *out_verified);

gboolean       mc_calendar_is_working_day  (McCalendar  *self,
                                            const GDate *date);

/* All special days of @year (holidays, days off, compensatory days and
 * make-up working days), sorted by date; element type McCalendarDay. */
GPtrArray     *mc_calendar_get_days        (McCalendar  *self,
                                            int          year,
                                            GError     **error);

/* Due date for a dossier received on @received with @days working days of
 * processing: counted from the working day after receipt; 0 days means the
 * same day (or the next working day if @received is not one). */
gboolean       mc_calendar_due_date        (McCalendar  *self,
                                            const GDate *received,
                                            guint        days,
                                            GDate       *out_due,
                                            GError     **error);

/* Same, for a receipt time: @received_at is taken in Vietnam time (UTC+7).
 * When @cutoff ("HH:MM", nullable) is given and a working day's receipt is
 * at or after it, the dossier counts as received on the next working day
 * (0 days gives that day, N days the N-th working day after it). A receipt
 * on a day off counts exactly as mc_calendar_due_date () counts it. Fails
 * with MC_CALENDAR_ERROR_INVALID_DATA for a malformed @cutoff and with
 * MC_CALENDAR_ERROR_OUT_OF_RANGE outside 2000..2099. */
gboolean       mc_calendar_due_date_for_time (McCalendar *self,
                                              GDateTime  *received_at,
                                              guint       days,
                                              const char *cutoff,
                                              GDate      *out_due,
                                              GError    **error);

G_END_DECLS
