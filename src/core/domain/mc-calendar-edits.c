/* mc-calendar-edits.c — days off announced late: the desk's own calendar edits
 *
 * The history is stored as one JSON document (by the store, in its
 * settings); it comes back from disk, so it is checked whole here, once.
 */
#define G_LOG_DOMAIN "motcua-calendar"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mc-json.h"
#include "mc-limits.h"
#include "mc-calendar-edits.h"
#include "mc-calendar-private.h"
#include "mc-core-env.h"
#include "mc-text.h"

#define EDITS_FORMAT_VERSION 1

static const char *const action_names[] = {
  [MC_CALENDAR_EDIT_ADD_DAY_OFF] = "add_day_off",
  [MC_CALENDAR_EDIT_REMOVE_DAY_OFF] = "remove_day_off",
  [MC_CALENDAR_EDIT_ADD_WORKDAY] = "add_workday",
};

const char *
mc_calendar_edit_action_to_string (McCalendarEditAction action)
{
  g_return_val_if_fail ((guint) action < G_N_ELEMENTS (action_names), NULL);

  return action_names[action];
}

gboolean
mc_calendar_edit_action_from_string (const char           *str,
                                     McCalendarEditAction *out)
{
  int i = mc_text_index_of ((const char * const *) action_names, G_N_ELEMENTS (action_names), str);

  if (i >= 0 && out != NULL)
    *out = (McCalendarEditAction) i;
  return i >= 0;
}

void
mc_calendar_edit_free (McCalendarEdit *edit)
{
  if (edit == NULL)
    return;
  g_free (edit->name);
  g_free (edit->basis);
  g_free (edit->actor);
  g_clear_pointer (&edit->at, g_date_time_unref);
  g_free (edit);
}

G_GNUC_PRINTF (2, 3) static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_DATA, message);
  return FALSE;
}

static char *
format_date (const GDate *date)
{
  char buf[16];

  g_date_strftime (buf, sizeof buf, "%d/%m/%Y", date);
  return g_strdup (buf);
}

/* Normalised text of at most @max characters without control characters;
 * NULL (no error) for NULL or blank. */
static gboolean
clean_text (const char  *text,
            const char  *label,
            guint        max,
            char       **out,
            GError     **error)
{
  g_autofree char *clean = NULL;

  *out = NULL;
  if (text == NULL)
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL))
    return fail (error, _("%s: contains invalid characters; type it again"), label);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_type (g_utf8_get_char (p)) == G_UNICODE_CONTROL && !g_unichar_isspace (g_utf8_get_char (p)))
      return fail (error, _("%s: contains a control character; type it again"), label);
  clean = mc_text_normalize (text);
  if ((guint) g_utf8_strlen (clean, -1) > max)
    return fail (error, _("%s: too long; at most %u characters"), label, max);
  if (*clean != '\0')
    *out = g_steal_pointer (&clean);
  return TRUE;
}

McCalendarEdit *
mc_calendar_edit_new (McCalendarEditAction  action,
                      const GDate          *date,
                      const char           *name,
                      const char           *basis,
                      const char           *actor,
                      GDateTime            *at,
                      GError              **error)
{
  g_autoptr(McCalendarEdit) edit = g_new0 (McCalendarEdit, 1);
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();

  g_return_val_if_fail ((guint) action < G_N_ELEMENTS (action_names), NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  edit->action = action;
  edit->date = *date;
  if (g_date_get_year (date) < MC_CALENDAR_MIN_YEAR || g_date_get_year (date) > MC_CALENDAR_MAX_YEAR)
    {
      fail (error, _("Date: the working-day calendar covers %d to %d only"),
            MC_CALENDAR_MIN_YEAR, MC_CALENDAR_MAX_YEAR);
      return NULL;
    }
  if (!clean_text (name, _("Name"), MC_CALENDAR_EDIT_MAX_NAME, &edit->name, error) ||
      !clean_text (basis, _("Legal basis"), MC_CALENDAR_EDIT_MAX_BASIS, &edit->basis, error) ||
      !clean_text (actor, _("Recorded by"), MC_CALENDAR_EDIT_MAX_NAME, &edit->actor, error))
    return NULL;
  if (edit->name == NULL && action != MC_CALENDAR_EDIT_REMOVE_DAY_OFF)
    {
      fail (error, "%s", _("Name: it is required, e.g. “Nghỉ Tết Nguyên đán (bổ sung)”"));
      return NULL;
    }
  edit->at = at != NULL ? g_date_time_to_timezone (at, tz) : g_date_time_new_now (tz);
  return g_steal_pointer (&edit);
}

/* ---- the stored history ------------------------------------------------ */

static const char *const edit_members[] = { "action", "date", "name", "basis", "actor", "at", NULL };

static gboolean
string_member (JsonObject  *o,
               const char  *name,
               gboolean     required,
               const char **out,
               const char  *path,
               GError     **error)
{
  JsonNode *m = json_object_get_member (o, name);

  *out = NULL;
  if (m == NULL || JSON_NODE_HOLDS_NULL (m))
    return !required || fail (error, _("Calendar edits: %s: “%s” is missing"), path, name);
  if (!JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_STRING)
    return fail (error, _("Calendar edits: %s: “%s” must be a string"), path, name);
  *out = json_node_get_string (m);
  return TRUE;
}

static McCalendarEdit *
parse_edit (JsonNode    *node,
            const char  *path,
            GError     **error)
{
  const char *action, *date, *name, *basis, *actor, *at;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GList) names = NULL;
  McCalendarEditAction kind;
  JsonObject *o;
  GDate day;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, _("Calendar edits: %s: must be an object"), path), NULL;
  o = json_node_get_object (node);
  names = json_object_get_members (o);
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (edit_members, l->data))
      return fail (error, _("Calendar edits: %s: unknown member “%s”"), path, (char *) l->data), NULL;
  if (!string_member (o, "action", TRUE, &action, path, error) ||
      !string_member (o, "date", TRUE, &date, path, error) ||
      !string_member (o, "name", FALSE, &name, path, error) ||
      !string_member (o, "basis", FALSE, &basis, path, error) ||
      !string_member (o, "actor", TRUE, &actor, path, error) ||
      !string_member (o, "at", TRUE, &at, path, error))
    return NULL;
  if (!mc_calendar_edit_action_from_string (action, &kind))
    return fail (error, _("Calendar edits: %s: unknown action “%s”"), path, action), NULL;
  g_date_clear (&day, 1);
  if (mc_calendar_parse_iso_date (date) == 0)
    return fail (error, _("Calendar edits: %s: “%s” is not a date YYYY-MM-DD"), path, date), NULL;
  g_date_set_julian (&day, mc_calendar_parse_iso_date (date));
  time = g_date_time_new_from_iso8601 (at, NULL);
  if (time == NULL)
    return fail (error, _("Calendar edits: %s: “%s” is not a time with its offset"), path, at), NULL;

  return mc_calendar_edit_new (kind, &day, name, basis, actor, time, error);
}

GPtrArray *
mc_calendar_edits_from_json (const char  *data,
                             GError     **error)
{
  g_autoptr(GPtrArray) edits = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_calendar_edit_free);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) json_error = NULL;
  JsonArray *array;
  JsonNode *version, *list;

  if (data == NULL || *data == '\0')
    return g_steal_pointer (&edits);
  node = mc_json_parse (data, -1, MC_LIMIT_CONFIG_SIZE, &json_error);
  if (node == NULL)
    return fail (error, _("Calendar edits: not valid JSON (%s)"), json_error->message), NULL;
  version = JSON_NODE_HOLDS_OBJECT (node) ? json_object_get_member (json_node_get_object (node), "version") : NULL;
  list = JSON_NODE_HOLDS_OBJECT (node) ? json_object_get_member (json_node_get_object (node), "edits") : NULL;
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64
      || json_node_get_int (version) != EDITS_FORMAT_VERSION
      || list == NULL || !JSON_NODE_HOLDS_ARRAY (list)
      || json_object_get_size (json_node_get_object (node)) != 2)
    return fail (error, "%s", _("Calendar edits: not a version 1 document {\"version\": 1, \"edits\": […]}")), NULL;
  array = json_node_get_array (list);
  if (json_array_get_length (array) > MC_CALENDAR_EDITS_MAX)
    return fail (error, _("Calendar edits: more than %d edits"), MC_CALENDAR_EDITS_MAX), NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("edits[%u]", i);
      McCalendarEdit *edit = parse_edit (json_array_get_element (array, i), path, error);

      if (edit == NULL)
        return NULL;
      g_ptr_array_add (edits, edit);
    }
  return g_steal_pointer (&edits);
}

char *
mc_calendar_edits_to_json (GPtrArray *edits)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, EDITS_FORMAT_VERSION);
  json_builder_set_member_name (b, "edits");
  json_builder_begin_array (b);
  for (guint i = 0; edits != NULL && i < edits->len; i++)
    {
      McCalendarEdit *e = g_ptr_array_index (edits, i);
      g_autofree char *at = mc_core_format_time (e->at);
      char date[16];

      g_date_strftime (date, sizeof date, "%Y-%m-%d", &e->date);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "action");
      json_builder_add_string_value (b, mc_calendar_edit_action_to_string (e->action));
      json_builder_set_member_name (b, "date");
      json_builder_add_string_value (b, date);
      if (e->name != NULL)
        {
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, e->name);
        }
      if (e->basis != NULL)
        {
          json_builder_set_member_name (b, "basis");
          json_builder_add_string_value (b, e->basis);
        }
      json_builder_set_member_name (b, "actor");
      json_builder_add_string_value (b, e->actor != NULL ? e->actor : "");
      json_builder_set_member_name (b, "at");
      json_builder_add_string_value (b, at);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* ---- the edits on a calendar ------------------------------------------- */

/* @date's listed entry in @self, or NULL (free with mc_calendar_day_free). */
static McCalendarDay *
find_day (McCalendar  *self,
          const GDate *date)
{
  g_autoptr(GPtrArray) days = mc_calendar_get_days (self, g_date_get_year (date), NULL);

  for (guint i = 0; days != NULL && i < days->len; i++)
    {
      McCalendarDay *day = g_ptr_array_index (days, i);

      if (g_date_compare (&day->date, date) == 0)
        return g_ptr_array_steal_index (days, i);
    }
  return NULL;
}

gboolean
mc_calendar_check_edit (McCalendar           *self,
                        const McCalendarEdit *edit,
                        GError              **error)
{
  g_autoptr(McCalendarDay) day = NULL;
  g_autofree char *shown = NULL;
  gboolean weekend;

  g_return_val_if_fail (MC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (edit != NULL, FALSE);

  day = find_day (self, &edit->date);
  shown = format_date (&edit->date);
  weekend = g_date_get_weekday (&edit->date) >= G_DATE_SATURDAY;

  switch (edit->action)
    {
    case MC_CALENDAR_EDIT_ADD_DAY_OFF:
      if (mc_calendar_is_working_day (self, &edit->date))
        return TRUE;
      if (day != NULL)
        return fail (error, _("%s is already a day off (“%s”)"), shown, day->name);
      return fail (error, _("%s is a Saturday or Sunday, not a working day; nothing to add"), shown);
    case MC_CALENDAR_EDIT_REMOVE_DAY_OFF:
      if (day != NULL && day->kind != MC_DAY_KIND_MAKEUP_WORKDAY)
        return TRUE;
      if (day != NULL)
        return fail (error, _("%s is a make-up working day (“%s”), not a day off"), shown, day->name);
      return fail (error, _("%s is not a listed holiday or day off; nothing to remove"), shown);
    case MC_CALENDAR_EDIT_ADD_WORKDAY:
      if (!weekend)
        return fail (error, _("%s is not a Saturday or Sunday: a make-up working day replaces a weekend day"),
                     shown);
      if (day != NULL && day->kind == MC_DAY_KIND_MAKEUP_WORKDAY)
        return fail (error, _("%s is already a make-up working day (“%s”)"), shown, day->name);
      if (day != NULL)
        return fail (error, _("%s is listed as “%s”; remove that day off first"), shown, day->name);
      return TRUE;
    }
  g_return_val_if_reached (FALSE);
}

gboolean
mc_calendar_edit_is_superseded (McCalendar           *self,
                                const McCalendarEdit *edit)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) local = NULL;
  GDate updated, recorded;

  g_return_val_if_fail (MC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (edit != NULL, FALSE);

  if (!mc_calendar_get_data_updated (self, &updated) ||
      !mc_calendar_is_official_year (self, g_date_get_year (&edit->date)))
    return FALSE;
  local = g_date_time_to_timezone (edit->at, tz);
  g_date_clear (&recorded, 1);
  g_date_set_dmy (&recorded, (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local), (GDateYear) g_date_time_get_year (local));
  return g_date_compare (&updated, &recorded) > 0;
}

guint
mc_calendar_apply_edits (McCalendar *self,
                         GPtrArray  *edits)
{
  guint applied = 0;

  g_return_val_if_fail (MC_IS_CALENDAR (self), 0);

  /* Superseded first, for all: applying one edit does not change whether
   * another is superseded (that depends on the data and the dates only). */
  for (guint i = 0; edits != NULL && i < edits->len; i++)
    {
      McCalendarEdit *e = g_ptr_array_index (edits, i);
      g_autoptr(McCalendarDay) day = NULL;

      if (mc_calendar_edit_is_superseded (self, e))
        continue;
      /* Replayed leniently: the data below may have changed since. */
      switch (e->action)
        {
        case MC_CALENDAR_EDIT_ADD_DAY_OFF:
          mc_calendar_put_local_day (self, &e->date, MC_DAY_KIND_DAY_OFF, e->name);
          break;
        case MC_CALENDAR_EDIT_REMOVE_DAY_OFF:
          day = find_day (self, &e->date);
          if (day != NULL && day->kind != MC_DAY_KIND_MAKEUP_WORKDAY)
            mc_calendar_drop_day (self, &e->date);
          break;
        case MC_CALENDAR_EDIT_ADD_WORKDAY:
          mc_calendar_put_local_day (self, &e->date, MC_DAY_KIND_MAKEUP_WORKDAY, e->name);
          break;
        }
      applied++;
    }
  if (applied > 0)
    g_signal_emit_by_name (self, "changed");
  return applied;
}
