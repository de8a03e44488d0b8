/* cli-calendar.h — the calendar commands' own parts */
#pragma once

#include "cli-common.h"

G_BEGIN_DECLS

/* `calendar add-day-off|remove-day-off|add-workday DATE [--name] [--basis]` */
int mc_cli_calendar_edit       (McCalendarEditAction  action,
                                const char           *date_text,
                                const char           *name,
                                const char           *basis);
/* `calendar edits [--json]` */
int mc_cli_calendar_list_edits (gboolean              as_json);

G_END_DECLS
