/* mc-store-calendar.c — the working-day calendar as this desk uses it: the
 * bundled holiday data, replaced by the server's, with the desk's own edits
 * (days off announced late) on top
 *
 * The edits' history is one JSON document in the settings table (key
 * "calendar_edits", mc-calendar-edits.c's format): no schema change.
 * Recording an edit reads, checks and rewrites it in one IMMEDIATE
 * transaction, so two processes recording at once both keep theirs.
 */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-calendar-edits.h"
#include "mc-store-private.h"

#define EDITS_SETTING "calendar_edits"

GPtrArray *
mc_store_list_calendar_edits (McStore  *self,
                              GError  **error)
{
  g_autofree char *data = NULL;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);

  data = mc_store_get_setting (self, EDITS_SETTING);
  return mc_calendar_edits_from_json (data, error);
}

McCalendar *
mc_store_load_calendar (McStore  *self,
                        GError  **error)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) edits = NULL;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);

  data = mc_store_get_holiday_data (self);
  if (data != NULL && !mc_calendar_load_data (calendar, data, -1, error))
    return NULL;
  edits = mc_store_list_calendar_edits (self, error);
  if (edits == NULL)
    return NULL;
  mc_calendar_apply_edits (calendar, edits);
  return g_steal_pointer (&calendar);
}

char *
mc_store_get_calendar_stamp (McStore *self)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *data = NULL;
  g_autofree char *edits = NULL;
  g_autoptr(GRecMutexLocker) locker = NULL;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);

  locker = g_rec_mutex_locker_new (&self->lock);
  data = mc_store_get_holiday_data (self);
  edits = mc_store_get_setting (self, EDITS_SETTING);
  /* The separator keeps "data + edits" from reading as other data. */
  g_checksum_update (sum, (const guchar *) (data != NULL ? data : ""), -1);
  g_checksum_update (sum, (const guchar *) "\0\1", 2);
  g_checksum_update (sum, (const guchar *) (edits != NULL ? edits : ""), -1);
  return g_strdup (g_checksum_get_string (sum));
}

static gboolean
record_locked (McStore        *self,
               McCalendarEdit *edit,
               GError        **error)
{
  g_autoptr(McCalendar) calendar = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  g_autofree char *json = NULL;

  calendar = mc_store_load_calendar (self, error);
  if (calendar == NULL)
    return FALSE;
  edits = mc_store_list_calendar_edits (self, error);
  if (edits == NULL)
    return FALSE;
  if (edits->len >= MC_CALENDAR_EDITS_MAX)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                   _("The calendar already has %d edits; import newer holiday data instead"),
                   MC_CALENDAR_EDITS_MAX);
      return FALSE;
    }
  if (!mc_calendar_check_edit (calendar, edit, error))
    return FALSE;

  /* The history keeps its own copy: the caller keeps @edit. */
  g_ptr_array_add (edits, mc_calendar_edit_new (edit->action, &edit->date, edit->name, edit->basis,
                                                edit->actor, edit->at, NULL));
  json = mc_calendar_edits_to_json (edits);
  return mc_store_set_setting (self, EDITS_SETTING, json, error);
}

gboolean
mc_store_record_calendar_edit (McStore        *self,
                               McCalendarEdit *edit,
                               GError        **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (edit != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);
  if (!mc_store_begin (self, error))
    return FALSE;
  if (!record_locked (self, edit, error) || !mc_store_commit (self, error))
    {
      mc_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}
