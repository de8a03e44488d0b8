/* mc-context-calendar.c — the desk's working-day calendar, loaded again
 * when what it is made of changes
 *
 * The calendar is the bundled or imported holiday data with the desk's
 * edits on top (mc_store_load_calendar ()). It is loaded at start-up, and
 * again after a calendar edit, after a sync that brought other holiday
 * data, and before a dossier is received if another program (the CLI)
 * changed it meanwhile: the store's stamp (a checksum of the data and of
 * the edits) tells. Due dates already saved never change.
 */
#define G_LOG_DOMAIN "motcua-gui"

#include "config.h"

#include "mc-context-private.h"

/* A batch of uploads reports many times a second; the calendar can wait. */
#define CALENDAR_CHECK_DELAY_MS 2000

static gboolean
emit_calendar_changed_cb (gpointer user_data)
{
  _mc_context_emit_calendar_changed (MC_CONTEXT (user_data));
  return G_SOURCE_REMOVE;
}

gboolean
_mc_context_reload_calendar (McContext  *self,
                             gboolean    force,
                             GError    **error)
{
  g_autofree char *stamp = mc_store_get_calendar_stamp (self->store);
  gboolean first = self->calendar == NULL;
  McCalendar *calendar;

  if (!force && !first && g_strcmp0 (stamp, self->calendar_stamp) == 0)
    return TRUE;
  calendar = mc_store_load_calendar (self->store, error);
  if (calendar == NULL)
    return FALSE;

  g_free (self->calendar_stamp);
  self->calendar_stamp = g_steal_pointer (&stamp);
  if (first)
    {
      g_atomic_pointer_set (&self->calendar, calendar);
      return TRUE;
    }
  /* The main thread may hold the old one (mc_context_get_calendar ()):
   * it lives as long as the context. Reloads are rare. */
  if (self->old_calendars == NULL)
    self->old_calendars = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->old_calendars, self->calendar);
  g_atomic_pointer_set (&self->calendar, calendar);
  g_debug ("Calendar loaded again");
  g_idle_add_full (G_PRIORITY_DEFAULT, emit_calendar_changed_cb, g_object_ref (self), g_object_unref);
  return TRUE;
}

static gpointer
check_func (McContext     *self,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  if (!_mc_context_reload_calendar (self, FALSE, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (mc_context_run_finish (MC_CONTEXT (source), result, &error) == NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
    g_warning ("The calendar could not be loaded again: %s", error->message);
}

static gboolean
check_calendar_cb (gpointer user_data)
{
  McContext *self = user_data;

  self->calendar_check_source = 0;
  mc_context_run_async (self, check_func, NULL, NULL, NULL, NULL, check_done_cb, NULL);
  return G_SOURCE_REMOVE;
}

void
_mc_context_check_calendar_later (McContext *self)
{
  if (self->calendar_check_source == 0)
    self->calendar_check_source = g_timeout_add (CALENDAR_CHECK_DELAY_MS, check_calendar_cb, self);
}

/* Recording an edit */

static gpointer
record_edit_func (McContext     *self,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  if (!mc_store_record_calendar_edit (self->store, data, error) ||
      !_mc_context_reload_calendar (self, TRUE, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

void
mc_context_record_calendar_edit_async (McContext           *self,
                                       McCalendarEdit      *edit,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (MC_IS_CONTEXT (self));
  g_return_if_fail (edit != NULL);

  mc_context_run_async (self, record_edit_func,
                        mc_calendar_edit_new (edit->action, &edit->date, edit->name, edit->basis,
                                              edit->actor, edit->at, NULL),
                        (GDestroyNotify) mc_calendar_edit_free, NULL, cancellable, callback, user_data);
}

gboolean
mc_context_record_calendar_edit_finish (McContext     *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return mc_context_run_finish (self, result, error) != NULL;
}

/* One year, as Preferences → Holidays shows it */

void
mc_holiday_year_free (McHolidayYear *year)
{
  if (year == NULL)
    return;
  g_clear_pointer (&year->days, g_ptr_array_unref);
  g_clear_pointer (&year->edits, g_ptr_array_unref);
  g_clear_pointer (&year->superseded, g_array_unref);
  g_free (year->source);
  g_free (year);
}

static gpointer
load_year_func (McContext     *self,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  int year = GPOINTER_TO_INT (data);
  g_autoptr(McHolidayYear) y = g_new0 (McHolidayYear, 1);
  g_autoptr(GPtrArray) edits = NULL;

  /* What another program recorded meanwhile shows too. */
  if (!_mc_context_reload_calendar (self, FALSE, error))
    return NULL;
  y->year = year;
  y->days = mc_calendar_get_days (self->calendar, year, error);
  if (y->days == NULL)
    return NULL;
  edits = mc_store_list_calendar_edits (self->store, error);
  if (edits == NULL)
    return NULL;
  y->edits = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_calendar_edit_free);
  y->superseded = g_array_new (FALSE, FALSE, sizeof (gboolean));
  for (guint i = 0; i < edits->len; i++)
    {
      McCalendarEdit *e = g_ptr_array_index (edits, i);
      gboolean superseded;

      if (g_date_get_year (&e->date) != year)
        continue;
      superseded = mc_calendar_edit_is_superseded (self->calendar, e);
      g_array_append_val (y->superseded, superseded);
      g_ptr_array_add (y->edits, g_ptr_array_steal_index (edits, i));
      i--;
    }
  y->source = mc_calendar_get_year_source (self->calendar, year, &y->verified);
  if (!mc_calendar_get_data_updated (self->calendar, &y->updated))
    g_date_clear (&y->updated, 1);
  {
    g_autofree char *imported = mc_store_get_holiday_data (self->store);

    y->imported = imported != NULL;
  }
  return g_steal_pointer (&y);
}

void
mc_context_load_holiday_year_async (McContext           *self,
                                     int                  year,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (MC_IS_CONTEXT (self));

  mc_context_run_async (self, load_year_func, GINT_TO_POINTER (year), NULL,
                        (GDestroyNotify) mc_holiday_year_free, cancellable, callback, user_data);
}

McHolidayYear *
mc_context_load_holiday_year_finish (McContext     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return mc_context_run_finish (self, result, error);
}
