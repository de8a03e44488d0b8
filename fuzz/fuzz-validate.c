/* fuzz-validate.c — CCCD/CMND/passport numbers, dates, times, phones,
 * names and dossier codes from any text */
#include <stddef.h>
#include <stdint.h>

#include "mc-codes.h"
#include "mc-validate.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 24, 0, 0, 0);
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GDateTime) parsed = NULL;
  g_autofree char *agency = NULL;
  g_autofree char *day = NULL;
  GDate today, date;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 24, 11, 2026);
  for (int kind = MC_ID_KIND_CCCD; kind <= MC_ID_KIND_PASSPORT; kind++)
    {
      g_autofree char *normalized = NULL;

      mc_validate_id_number ((McIdKind) kind, text, &today, &normalized, NULL);
    }
  {
    g_autofree char *phone = NULL;

    mc_validate_phone (text, &phone, NULL);
  }
  mc_validate_email (text, NULL);
  mc_validate_date ("x", text, &date, NULL);
  mc_validate_date_of_birth (text, &today, &date, NULL);
  mc_validate_received_at (text, now, &at, NULL);
  parsed = mc_validate_parse_time (text, NULL);
  mc_validate_full_name (text, NULL);
  mc_codes_parse (text, &agency, &day, NULL, NULL);
  mc_codes_validate_agency (text, NULL);
  return 0;
}
