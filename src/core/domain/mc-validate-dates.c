/* mc-validate-dates.c — checks of dates and times: a date typed, a date of
 * birth, the time a dossier was received */
#define G_LOG_DOMAIN "motcua-validate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-core-env.h"
#include "mc-text.h"
#include "mc-validate-private.h"

static gboolean
has_date_shape (const char *text)
{
  static const char shape[] = "9999-99-99";

  if (strlen (text) != sizeof shape - 1)
    return FALSE;

  for (guint i = 0; shape[i] != '\0'; i++)
    if (shape[i] == '9' ? !g_ascii_isdigit (text[i]) : text[i] != shape[i])
      return FALSE;
  return TRUE;
}

gboolean
mc_validate_date (const char  *field_label,
                  const char  *text,
                  GDate       *out,
                  GError     **error)
{
  guint year, month, day;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (field_label == NULL)
    field_label = _("Date");

  if (mc_validate_is_empty (text))
    return mc_validate_fail (error, MC_VALIDATE_ERROR_REQUIRED,
                 /* Translators: "%s" is the field, e.g. "Date of birth". */
                 _("%s: it is required; enter a date as YYYY-MM-DD"),
                 field_label);
  if (!has_date_shape (text))
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT,
                 /* Translators: "%s" is the field, e.g. "Date of birth". */
                 _("%s: write the date as YYYY-MM-DD, e.g. 2025-07-01"),
                 field_label);

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT,
                 /* Translators: the field, then the date as typed (YYYY-MM-DD). */
                 _("%s: %s is not a real date; check the day and the month"),
                 field_label, text);

  if (out != NULL)
    {
      g_date_clear (out, 1);
      g_date_set_dmy (out, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
    }
  return TRUE;
}

gboolean
mc_validate_date_of_birth (const char   *text,
                           const GDate  *today,
                           GDate        *out,
                           GError      **error)
{
  GDate dob, now, oldest;
  char dob_text[16], now_text[16];

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mc_validate_date (_("Date of birth"), text, &dob, error))
    return FALSE;

  if (today != NULL && g_date_valid (today))
    now = *today;
  else
    mc_validate_get_today (&now);

  mc_validate_format_date (&dob, dob_text);
  if (g_date_compare (&dob, &now) > 0)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_RANGE,
                 /* Translators: two dates, dd/mm/yyyy. */
                 _("Date of birth: %s is after today (%s); check the year"),
                 dob_text, mc_validate_format_date (&now, now_text));

  oldest = now;
  g_date_subtract_years (&oldest, DOB_MAX_AGE_YEARS);
  if (g_date_compare (&dob, &oldest) < 0)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_RANGE,
                 /* Translators: a date, dd/mm/yyyy. */
                 _("Date of birth: %s is more than 130 years ago; check the year"),
                 dob_text);

  if (out != NULL)
    *out = dob;
  return TRUE;
}

gboolean
mc_validate_received_time (GDateTime  *received_at,
                           GDateTime  *now,
                           GError    **error)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) earliest = g_date_time_new (tz, 2000, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  char when[32], current_text[32];

  g_return_val_if_fail (received_at != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_date_time_difference (received_at, current) > CLOCK_SKEW_TOLERANCE)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_RANGE,
                 /* Translators: the received time, then the current time,
                  * both dd/mm/yyyy hh:mm:ss in Vietnam time. */
                 _("Received time: it is in the future (%s, now %s); check the PC's clock"),
                 mc_validate_format_time (received_at, when), mc_validate_format_time (current, current_text));

  if (g_date_time_compare (received_at, earliest) < 0)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_RANGE,
                 /* Translators: a time, dd/mm/yyyy hh:mm:ss. */
                 _("Received time: %s is before the year 2000; check the PC's clock"),
                 mc_validate_format_time (received_at, when));

  return TRUE;
}

GDateTime *
mc_validate_parse_time (const char *text,
                        GTimeZone  *default_tz)
{
  const char *t;

  if (text == NULL)
    return NULL;
  /* GLib reads a second of 60 as 59: a leap second (or a typo) would be
   * stored as another time. Refuse it instead. */
  t = strpbrk (text, "Tt ");
  if (t != NULL)
    {
      const char *p = t + 1;

      for (int field = 0; field < 2 && g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]); field++)
        p += p[2] == ':' ? 3 : 2;
      if (p[0] == '6' && p[1] == '0')
        return NULL;
    }
  return g_date_time_new_from_iso8601 (text, default_tz);
}

gboolean
mc_validate_received_at (const char  *text,
                         GDateTime   *now,
                         GDateTime  **out,
                         GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GDateTime) without_offset = NULL;
  char shown[ECHO_BUF_SIZE];

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (mc_validate_is_empty (text))
    return mc_validate_fail (error, MC_VALIDATE_ERROR_REQUIRED, "%s", _("Received time: it is required"));
  if (!g_utf8_validate (text, -1, NULL))
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT, "%s",
                 _("Received time: contains invalid characters"));

  /* A NULL default zone makes GLib refuse a time without an offset: a
   * bare local time is ambiguous once dossiers travel between machines. */
  parsed = mc_validate_parse_time (text, NULL);
  without_offset = parsed == NULL ? mc_validate_parse_time (text, utc) : NULL;
  if (without_offset != NULL)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT,
                 _("Received time: “%s” has no time-zone offset; "
                   "write it like 2025-07-01T09:15:00+07:00"),
                 mc_validate_shorten (text, shown));
  if (parsed == NULL)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT,
                 _("Received time: “%s” is not a date and time like 2025-07-01T09:15:00+07:00"),
                 mc_validate_shorten (text, shown));

  if (!mc_validate_received_time (parsed, now, error))
    return FALSE;

  if (out != NULL)
    *out = g_steal_pointer (&parsed);
  return TRUE;
}
