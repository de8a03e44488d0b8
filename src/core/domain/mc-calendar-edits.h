/* mc-calendar-edits.h — days off announced late: the desk's own calendar edits
 *
 * The Government decides official days off each year, sometimes late (a
 * longer Tết, a swap, a new holiday). An authorised clerk records such a
 * decision on the desk before the server's holiday data carries it: an
 * added day off, a removed one, or an added make-up working day, each with
 * a name, its legal basis, who recorded it and when. The edits are a
 * history, kept in order and never rewritten; they are laid on top of the
 * official data (bundled or from the server) and of the computed defaults.
 *
 * The official data wins when it is newer. Precisely: an edit of a day in
 * year Y is *superseded* when the official data in use lists year Y and its
 * "updated" date (docs/holidays-format.md) is later than the day (Vietnam
 * time) the edit was recorded. Data without a valid "updated", or not
 * listing year Y, never supersedes an edit. A superseded edit stays in the
 * history and is shown as such; it changes nothing.
 *
 * Due dates already printed are not recomputed: the change applies to the
 * dossiers received after it (the store keeps each dossier's due date).
 */
#pragma once

#include "mc-calendar.h"

G_BEGIN_DECLS

typedef enum
{
  MC_CALENDAR_EDIT_ADD_DAY_OFF,     /* a working day becomes a day off */
  MC_CALENDAR_EDIT_REMOVE_DAY_OFF,  /* a listed holiday or day off becomes a working day (or a weekend) */
  MC_CALENDAR_EDIT_ADD_WORKDAY,     /* a Saturday or Sunday becomes a make-up working day */
} McCalendarEditAction;

/* "add_day_off", "remove_day_off", "add_workday" */
const char *mc_calendar_edit_action_to_string   (McCalendarEditAction action);
gboolean    mc_calendar_edit_action_from_string (const char           *str,
                                                 McCalendarEditAction *out);

#define MC_CALENDAR_EDIT_MAX_NAME   200   /* characters */
#define MC_CALENDAR_EDIT_MAX_BASIS  500
#define MC_CALENDAR_EDITS_MAX       1000  /* edits in the history */

typedef struct
{
  McCalendarEditAction  action;
  GDate                 date;
  char                 *name;    /* required for additions; nullable for a removal */
  char                 *basis;   /* nullable: the legal basis, e.g. "Thông báo 123/TB-VPCP" */
  char                 *actor;   /* who recorded it */
  GDateTime            *at;      /* when */
} McCalendarEdit;

void            mc_calendar_edit_free  (McCalendarEdit *edit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McCalendarEdit, mc_calendar_edit_free)

/* A new edit; @name and @basis are trimmed and normalised (NFC); checks
 * the date range (MC_CALENDAR_MIN_YEAR…MAX), a name for additions, the
 * lengths and that there is no control character. @at NULL: now. */
McCalendarEdit *mc_calendar_edit_new   (McCalendarEditAction  action,
                                        const GDate          *date,
                                        const char           *name,
                                        const char           *basis,
                                        const char           *actor,
                                        GDateTime            *at,
                                        GError              **error);

/* The history as stored (JSON, "version": 1) and back. The text is checked
 * whole (members, types, dates, at most MC_CALENDAR_EDITS_MAX edits); on
 * error NULL with MC_CALENDAR_ERROR_INVALID_DATA. NULL or "" is an empty
 * history. Element type McCalendarEdit, in recording order. */
GPtrArray      *mc_calendar_edits_from_json (const char  *data,
                                             GError     **error);
char           *mc_calendar_edits_to_json   (GPtrArray   *edits);

/* Whether @edit makes sense on @self as it stands now: a day off is added
 * to a working day; a removed day off is listed as a holiday, day off or
 * compensatory day; a make-up working day is a Saturday or Sunday that is
 * not a working day and not a listed holiday. FALSE with a translated
 * reason (MC_CALENDAR_ERROR_INVALID_DATA) otherwise. */
gboolean        mc_calendar_check_edit      (McCalendar           *self,
                                             const McCalendarEdit *edit,
                                             GError              **error);

/* See above. */
gboolean        mc_calendar_edit_is_superseded (McCalendar           *self,
                                                const McCalendarEdit *edit);

/* Lays @edits on @self in order, skipping superseded ones, and emits
 * "changed" once. Load the official data first: mc_calendar_load_data ()
 * drops the edits. Returns how many were applied. */
guint           mc_calendar_apply_edits     (McCalendar           *self,
                                             GPtrArray            *edits);

G_END_DECLS
