/* mc-codes.c — dossier codes and per-station sequence ranges */
#define G_LOG_DOMAIN "motcua-codes"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "mc-codes.h"
#include "mc-core-env.h"

G_DEFINE_QUARK (mc-codes-error-quark, mc_codes_error)

const char *
mc_codes_rule_for_date (GDateTime *received_at)
{
  /* Circular 03/2025/TT-VPCP (from 2025-07-01) has not been confirmed to
   * change the code format; when it is, add the rule here keyed by date so
   * older dossiers keep theirs. */
  return "tt01-2018";
}

gboolean
mc_codes_validate_agency (const char  *agency_code,
                          GError     **error)
{
  gboolean group_has_char = FALSE;
  guint groups = 0;
  gsize len;

  if (agency_code == NULL || *agency_code == '\0')
    {
      g_set_error (error, MC_CODES_ERROR, MC_CODES_ERROR_INVALID_AGENCY,
                   _("Agency code: it is required (the unit's identifier code, e.g. 000.00.12.H29)"));
      return FALSE;
    }

  len = strlen (agency_code);
  for (const char *p = agency_code; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          group_has_char = TRUE;
          continue;
        }
      if (*p == '.' && group_has_char)
        {
          groups++;
          group_has_char = FALSE;
          continue;
        }
      g_set_error (error, MC_CODES_ERROR, MC_CODES_ERROR_INVALID_AGENCY,
                   _("Agency code: “%s” is not an identifier code; use letters and digits in groups separated by dots, e.g. 000.00.12.H29"),
                   agency_code);
      return FALSE;
    }

  if (!group_has_char || groups + 1 < 2 || len > 40)
    {
      g_set_error (error, MC_CODES_ERROR, MC_CODES_ERROR_INVALID_AGENCY,
                   _("Agency code: “%s” is not an identifier code; use letters and digits in groups separated by dots, e.g. 000.00.12.H29"),
                   agency_code);
      return FALSE;
    }

  return TRUE;
}

gboolean
mc_codes_validate_station (guint    station,
                           GError **error)
{
  if (station < MC_CODES_MIN_STATION || station > MC_CODES_MAX_STATION)
    {
      g_set_error (error, MC_CODES_ERROR, MC_CODES_ERROR_INVALID_STATION,
                   _("Station number: must be from %d to %d, and different on each PC of the same unit"),
                   MC_CODES_MIN_STATION, MC_CODES_MAX_STATION);
      return FALSE;
    }
  return TRUE;
}

void
mc_codes_station_range (guint  station,
                        guint *first,
                        guint *last)
{
  g_return_if_fail (station >= MC_CODES_MIN_STATION && station <= MC_CODES_MAX_STATION);

  if (first != NULL)
    *first = station * MC_CODES_RANGE_SIZE;
  if (last != NULL)
    *last = station * MC_CODES_RANGE_SIZE + MC_CODES_RANGE_SIZE - 1;
}

gboolean
mc_codes_next_sequence (guint    station,
                        guint    last_issued,
                        guint   *out_sequence,
                        GError **error)
{
  guint first, last, next;

  if (!mc_codes_validate_station (station, error))
    return FALSE;

  mc_codes_station_range (station, &first, &last);
  next = last_issued < first ? first : last_issued + 1;
  if (next > last)
    {
      g_set_error (error, MC_CODES_ERROR, MC_CODES_ERROR_EXHAUSTED,
                   _("Dossier code: station %u has issued all %d codes of its range for today; "
                     "take further dossiers on another station"),
                   station, MC_CODES_RANGE_SIZE);
      return FALSE;
    }

  *out_sequence = next;
  return TRUE;
}

char *
mc_codes_day_key (GDateTime *received_at)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) local = g_date_time_to_timezone (received_at, tz);

  return g_date_time_format (local, "%y%m%d");
}

char *
mc_codes_format (const char *agency_code,
                 GDateTime  *received_at,
                 guint       sequence)
{
  g_autofree char *day = mc_codes_day_key (received_at);

  g_return_val_if_fail (sequence <= 9999, NULL);

  return g_strdup_printf ("%s-%s-%04u", agency_code, day, sequence);
}

gboolean
mc_codes_parse (const char  *code,
                char       **agency_code,
                char       **day_key,
                guint       *sequence,
                GError     **error)
{
  const char *seq_dash, *day_dash;
  g_autofree char *agency = NULL;

  if (code == NULL)
    goto invalid;

  seq_dash = strrchr (code, '-');
  if (seq_dash == NULL || seq_dash == code)
    goto invalid;
  day_dash = g_strrstr_len (code, seq_dash - code, "-");
  if (day_dash == NULL || day_dash == code)
    goto invalid;
  if (seq_dash - day_dash - 1 != 6 || strlen (seq_dash + 1) != 4)
    goto invalid;
  for (const char *p = day_dash + 1; p < seq_dash; p++)
    if (!g_ascii_isdigit (*p))
      goto invalid;
  for (const char *p = seq_dash + 1; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      goto invalid;

  agency = g_strndup (code, day_dash - code);
  if (!mc_codes_validate_agency (agency, NULL))
    goto invalid;

  if (agency_code != NULL)
    *agency_code = g_steal_pointer (&agency);
  if (day_key != NULL)
    *day_key = g_strndup (day_dash + 1, 6);
  if (sequence != NULL)
    *sequence = (guint) strtoul (seq_dash + 1, NULL, 10);
  return TRUE;

invalid:
  g_set_error (error, MC_CODES_ERROR, MC_CODES_ERROR_INVALID_CODE,
               _("Dossier code: “%s” is not of the form AGENCY-YYMMDD-NNNN"),
               code != NULL ? code : "");
  return FALSE;
}
