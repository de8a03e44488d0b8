/* fuzz-holidays.c — official holiday data from any text, then a due date */
#include <stddef.h>
#include <stdint.h>

#include "mc-calendar.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();

  if (mc_calendar_load_data (calendar, (const char *) data, (gssize) size, NULL))
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_offset (7 * 3600);
      g_autoptr(GDateTime) at = g_date_time_new (tz, 2026, 2, 12, 9, 30, 0);
      GDate due;

      mc_calendar_due_date_for_time (calendar, at, 15, NULL, &due, NULL);
    }
  return 0;
}
