/* mc-holidays-text.h — what Preferences → Holidays says about a year's
 * days and the desk's calendar edits; pure, tested without a display */
#pragma once

#include "mc-context.h"

G_BEGIN_DECLS

/* "Thứ Ba, 24/11/2026" (the weekday translated). */
char       *mc_holidays_format_date    (const GDate          *date);
/* "Public holiday", "Day off", "Compensatory day off", "Make-up working day". */
const char *mc_holidays_kind_label     (McDayKind             kind);
/* Where the year's official days come from and on what basis. */
char       *mc_holidays_year_origin    (const McHolidayYear  *year);
/* One short line, in the clerk's words, above the year's days: bundled or
 * from the province's server, when the data was updated, and whether it was
 * checked against the official texts (the basis itself is left to
 * mc_holidays_year_origin (): it is long and partly in English). */
char       *mc_holidays_year_summary   (const McHolidayYear  *year);
/* The edit that put @day there (the last applied one of its date), or NULL. */
const McCalendarEdit *mc_holidays_find_edit (const McHolidayYear *year,
                                             const McCalendarDay *day);
/* The day's kind, then where it comes from: the desk's edit (who, when,
 * basis), the server's or the bundled data, or the Labour Code's defaults. */
char       *mc_holidays_day_subtitle   (const McHolidayYear  *year,
                                        const McCalendarDay  *day);
/* Whether a "Remove" is offered: days off of any kind, not a working day. */
gboolean    mc_holidays_day_removable  (const McCalendarDay  *day);
/* One line of the edits' history: what, on which day, its name. */
char       *mc_holidays_edit_title     (const McCalendarEdit *edit);
/* Who and when, the basis, and whether newer official data won. */
char       *mc_holidays_edit_subtitle  (const McCalendarEdit *edit,
                                        gboolean              superseded);
/* A date as a clerk types it: dd/mm/yyyy (or with - or .), or YYYY-MM-DD;
 * within the calendar's years. */
gboolean    mc_holidays_parse_date     (const char           *text,
                                        GDate                *out);

G_END_DECLS
