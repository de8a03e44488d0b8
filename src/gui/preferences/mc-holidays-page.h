/* mc-holidays-page.h — Preferences → Holidays: the year's official days
 * off and make-up working days, and the desk's own edits of them */
#pragma once

#include <adwaita.h>

#include "mc-context.h"

G_BEGIN_DECLS

#define MC_TYPE_HOLIDAYS_PAGE (mc_holidays_page_get_type ())
G_DECLARE_FINAL_TYPE (McHolidaysPage, mc_holidays_page, MC, HOLIDAYS_PAGE, AdwPreferencesPage)

GtkWidget *mc_holidays_page_new      (McContext      *context);
/* Shows @year (MC_CALENDAR_MIN_YEAR…MAX). */
void       mc_holidays_page_set_year (McHolidaysPage *self,
                                      int             year);
/* Whether the days of the year shown are loaded (for tests). */
gboolean   mc_holidays_page_is_loaded (McHolidaysPage *self);

G_END_DECLS
