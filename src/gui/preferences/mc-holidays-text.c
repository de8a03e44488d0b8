/* mc-holidays-text.c — what Preferences → Holidays says (mc-holidays-text.h) */
#define G_LOG_DOMAIN "motcua-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "mc-holidays-text.h"

char *
mc_holidays_format_date (const GDate *date)
{
  /* Not strftime's %A: the same words whatever the C library's locale data. */
  static const char *const weekdays[] = {
    NULL, N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"),
  };
  GDateWeekday wd = g_date_get_weekday (date);

  /* Translators: a weekday, then the date as dd/mm/yyyy: "Thứ Ba, 24/11/2026". */
  return g_strdup_printf (_("%s, %02u/%02u/%04u"), _(weekdays[wd]), g_date_get_day (date),
                          g_date_get_month (date), g_date_get_year (date));
}

const char *
mc_holidays_kind_label (McDayKind kind)
{
  switch (kind)
    {
    case MC_DAY_KIND_HOLIDAY:
      return _("Public holiday");
    case MC_DAY_KIND_DAY_OFF:
      return _("Day off");
    case MC_DAY_KIND_COMPENSATORY:
      return _("Compensatory day off");
    case MC_DAY_KIND_MAKEUP_WORKDAY:
      return _("Make-up working day");
    }
  g_return_val_if_reached ("");
}

char *
mc_holidays_year_origin (const McHolidayYear *year)
{
  const char *from;

  if (year->source == NULL)
    /* Translators: a year without official data: the days are computed. */
    return g_strdup (_("No official list for this year yet: the days follow the Labour Code 2019 "
                       "(art. 112) with the usual Tết; add what the Government announces."));
  from = year->imported ? _("From the province’s server") : _("Bundled with the desk");
  /* Translators: where the official days come from, then their basis, then whether it was checked. */
  return g_strdup_printf (_("%s · Basis: %s · %s"), from, year->source,
                          year->verified ? _("checked against the official text")
                                         : _("sample data, not yet checked against the official text"));
}

char *
mc_holidays_year_summary (const McHolidayYear *year)
{
  const char *from;
  const char *checked;
  g_autofree char *where = NULL;

  if (year->source == NULL)
    /* Translators: a year without official data: the days are computed. */
    return g_strdup (_("No official list for this year yet: computed from the Labour Code 2019"));
  from = year->imported ? _("From the province’s server") : _("Bundled with the desk");
  if (g_date_valid (&year->updated))
    {
      char day[16];

      g_date_strftime (day, sizeof day, "%d/%m/%Y", &year->updated);
      /* Translators: where the official days come from, then the day that data was updated (dd/mm/yyyy). */
      where = g_strdup_printf (_("%s · updated %s"), from, day);
    }
  else
    where = g_strdup (from);
  checked = year->verified ? _("checked against the official text")
                           : _("not yet checked against the official text");
  /* Translators: where the official days come from (and when updated), then whether they were checked. */
  return g_strdup_printf (_("%s · %s"), where, checked);
}

const McCalendarEdit *
mc_holidays_find_edit (const McHolidayYear *year,
                       const McCalendarDay *day)
{
  const McCalendarEdit *found = NULL;

  for (guint i = 0; year->edits != NULL && i < year->edits->len; i++)
    {
      const McCalendarEdit *e = g_ptr_array_index (year->edits, i);

      if (g_date_compare (&e->date, &day->date) == 0 && !g_array_index (year->superseded, gboolean, i))
        found = e;
    }
  return found;
}

static char *
format_at (GDateTime *at)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) local = g_date_time_to_timezone (at, tz);

  return g_date_time_format (local, "%d/%m/%Y %H:%M");
}

/* "recorded at this desk by NAME, dd/mm/yyyy HH:MM" with the basis. */
static char *
edit_origin (const McCalendarEdit *e)
{
  g_autofree char *at = format_at (e->at);
  g_autofree char *who = NULL;

  /* Translators: who recorded a calendar edit on this desk, and when. */
  who = g_strdup_printf (_("recorded at this desk by %s, %s"), e->actor != NULL ? e->actor : "?", at);
  if (e->basis == NULL)
    return g_steal_pointer (&who);
  /* Translators: the calendar edit's origin, then its legal basis. */
  return g_strdup_printf (_("%s · Basis: %s"), who, e->basis);
}

char *
mc_holidays_day_subtitle (const McHolidayYear *year,
                          const McCalendarDay *day)
{
  const McCalendarEdit *e = day->local ? mc_holidays_find_edit (year, day) : NULL;
  g_autofree char *origin = NULL;

  if (e != NULL)
    origin = edit_origin (e);
  else if (day->official)
    origin = g_strdup (year->imported ? _("province’s server") : _("bundled data"));
  else
    origin = g_strdup (_("Labour Code 2019, computed"));
  /* Translators: the kind of day, then where it comes from. */
  return g_strdup_printf (_("%s — %s"), mc_holidays_kind_label (day->kind), origin);
}

gboolean
mc_holidays_day_removable (const McCalendarDay *day)
{
  return day->kind != MC_DAY_KIND_MAKEUP_WORKDAY;
}

char *
mc_holidays_edit_title (const McCalendarEdit *edit)
{
  g_autofree char *date = mc_holidays_format_date (&edit->date);
  const char *what = "";

  switch (edit->action)
    {
    case MC_CALENDAR_EDIT_ADD_DAY_OFF:
      what = _("Day off added");
      break;
    case MC_CALENDAR_EDIT_REMOVE_DAY_OFF:
      what = _("Day off removed");
      break;
    case MC_CALENDAR_EDIT_ADD_WORKDAY:
      what = _("Make-up working day added");
      break;
    }
  if (edit->name == NULL)
    /* Translators: what a calendar edit did, then the day. */
    return g_strdup_printf (_("%s: %s"), what, date);
  /* Translators: what a calendar edit did, the day, then its name. */
  return g_strdup_printf (_("%s: %s — %s"), what, date, edit->name);
}

char *
mc_holidays_edit_subtitle (const McCalendarEdit *edit,
                           gboolean              superseded)
{
  g_autofree char *origin = edit_origin (edit);

  if (!superseded)
    return g_steal_pointer (&origin);
  /* Translators: a calendar edit that newer official holiday data replaced. */
  return g_strdup_printf (_("%s · Replaced by newer official data"), origin);
}

gboolean
mc_holidays_parse_date (const char *text,
                        GDate      *out)
{
  guint d = 0, m = 0, y = 0;
  char end = 0;
  g_autofree char *clean = g_strstrip (g_strdup (text != NULL ? text : ""));

  /* dd/mm/yyyy as printed on the forms (also with dashes or dots), or ISO. */
  if (sscanf (clean, "%4u-%2u-%2u%c", &y, &m, &d, &end) == 3 && y >= 1000)
    ;
  else if (sscanf (clean, "%2u/%2u/%4u%c", &d, &m, &y, &end) == 3 ||
           sscanf (clean, "%2u-%2u-%4u%c", &d, &m, &y, &end) == 3 ||
           sscanf (clean, "%2u.%2u.%4u%c", &d, &m, &y, &end) == 3)
    ;
  else
    return FALSE;
  if (y < MC_CALENDAR_MIN_YEAR || y > MC_CALENDAR_MAX_YEAR || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}
