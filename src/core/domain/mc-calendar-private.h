/* mc-calendar-private.h — what the calendar's own files share
 *
 * mc-calendar-data.c holds the year tables and reads the official data
 * (docs/holidays-format.md) into them; mc-calendar.c computes the default
 * years and answers the questions; mc-calendar-edits.c lays the desk's own
 * edits on top. Calls go that way only: edits → calendar → data.
 */
#pragma once

#include "mc-calendar.h"

G_BEGIN_DECLS

/* The special days of one year. */
typedef struct
{
  int         year;
  char       *source;     /* NULL for computed years, non-NULL for official ones */
  gboolean    verified;
  GPtrArray  *days;       /* McCalendarDay, sorted by date */
  GHashTable *by_julian;  /* GUINT_TO_POINTER (julian) → McCalendarDay (borrowed) */
} McCalendarYear;

McCalendarDay  *mc_calendar_day_new            (guint32        julian,
                                                McDayKind      kind,
                                                const char    *name,
                                                gboolean       official);
int             mc_calendar_day_compare        (gconstpointer  a,
                                                gconstpointer  b);
McCalendarYear *mc_calendar_year_new           (int            year);
void            mc_calendar_year_free          (McCalendarYear *yd);
/* GINT_TO_POINTER (year) → McCalendarYear, owning them. */
GHashTable     *mc_calendar_year_table_new     (void);
gboolean        mc_calendar_is_weekend_julian  (guint32        julian);
guint32         mc_calendar_julian_of          (int            year,
                                                GDateMonth     month,
                                                int            day);
/* The julian day of the strict "YYYY-MM-DD" @text, or 0. */
guint32         mc_calendar_parse_iso_date     (const char    *text);

/* The edits' hold on a calendar (mc-calendar.c): @date's entry becomes a
 * local day of @kind, replacing what was there; or goes. Neither emits
 * "changed". */
void            mc_calendar_put_local_day      (McCalendar    *self,
                                                const GDate   *date,
                                                McDayKind      kind,
                                                const char    *name);
void            mc_calendar_drop_day           (McCalendar    *self,
                                                const GDate   *date);

/* Parses and checks a holiday data document into the empty @table;
 * @out_updated receives its "updated" member when that is a YYYY-MM-DD
 * date, else is cleared. */
gboolean        mc_calendar_parse_document     (const char    *data,
                                                gssize         length,
                                                GHashTable    *table,
                                                GDate         *out_updated,
                                                GError       **error);

G_END_DECLS
