/* cli-calendar-edits.c — `motcua calendar add-day-off|remove-day-off|add-workday|edits`:
 * days off announced late, recorded on this desk */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "cli-calendar.h"

static const char *
action_done_message (McCalendarEditAction action)
{
  switch (action)
    {
    case MC_CALENDAR_EDIT_ADD_DAY_OFF:
      /* Translators: a date (dd/mm/yyyy), then its name. */
      return _("Day off added: %s “%s”.\n");
    case MC_CALENDAR_EDIT_REMOVE_DAY_OFF:
      return _("Day off removed: %s “%s”.\n");
    case MC_CALENDAR_EDIT_ADD_WORKDAY:
      return _("Make-up working day added: %s “%s”.\n");
    }
  g_return_val_if_reached (NULL);
}

int
mc_cli_calendar_edit (McCalendarEditAction  action,
                      const char           *date_text,
                      const char           *name,
                      const char           *basis)
{
  g_autoptr(McStore) store = NULL;
  g_autoptr(McCalendarEdit) edit = NULL;
  g_autoptr(GError) error = NULL;
  int code = MC_EXIT_OK;
  GDate date;
  char shown[16];

  if (!mc_validate_date (_("Date"), date_text, &date, &error))
    return mc_cli_fail ("calendar", error);
  if (name == NULL && action != MC_CALENDAR_EDIT_REMOVE_DAY_OFF)
    return mc_cli_usage ("calendar", _("--name NAME is required: the day's name as the decision gives it"));

  /* The store first: opening it makes its clerk the actor. */
  store = mc_cli_open_store ("calendar", &code);
  if (store == NULL)
    return code;
  edit = mc_calendar_edit_new (action, &date, name, basis, mc_core_get_actor (), NULL, &error);
  if (edit == NULL)
    return mc_cli_fail ("calendar", error);
  if (!mc_store_record_calendar_edit (store, edit, &error))
    return mc_cli_fail ("calendar", error);

  g_date_strftime (shown, sizeof shown, "%d/%m/%Y", &date);
  if (edit->name != NULL)
    g_print (action_done_message (action), shown, edit->name);
  else
    g_print (_("Day off removed: %s.\n"), shown);
  g_print ("%s\n", _("Dossiers already received keep their printed due dates; dossiers received from now on count this change."));
  return MC_EXIT_OK;
}

static void
add_edit_json (JsonBuilder    *b,
               McCalendarEdit *e,
               gboolean        applied)
{
  g_autofree char *at = mc_core_format_time (e->at);
  char date[16];

  g_date_strftime (date, sizeof date, "%Y-%m-%d", &e->date);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "date");
  json_builder_add_string_value (b, date);
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, mc_calendar_edit_action_to_string (e->action));
  json_builder_set_member_name (b, "name");
  e->name != NULL ? json_builder_add_string_value (b, e->name) : json_builder_add_null_value (b);
  json_builder_set_member_name (b, "basis");
  e->basis != NULL ? json_builder_add_string_value (b, e->basis) : json_builder_add_null_value (b);
  json_builder_set_member_name (b, "actor");
  json_builder_add_string_value (b, e->actor != NULL ? e->actor : "");
  json_builder_set_member_name (b, "at");
  json_builder_add_string_value (b, at);
  json_builder_set_member_name (b, "applied");
  json_builder_add_boolean_value (b, applied);
  json_builder_end_object (b);
}

int
mc_cli_calendar_list_edits (gboolean as_json)
{
  g_autoptr(McStore) store = NULL;
  g_autoptr(McCalendar) calendar = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GError) error = NULL;
  int code = MC_EXIT_OK;

  store = mc_cli_open_store ("calendar", &code);
  if (store == NULL)
    return code;
  calendar = mc_store_load_calendar (store, &error);
  edits = calendar != NULL ? mc_store_list_calendar_edits (store, &error) : NULL;
  if (edits == NULL)
    return mc_cli_fail ("calendar", error);

  json_builder_begin_array (b);
  for (guint i = 0; i < edits->len; i++)
    {
      McCalendarEdit *e = g_ptr_array_index (edits, i);
      gboolean applied = !mc_calendar_edit_is_superseded (calendar, e);
      g_autofree char *at = mc_core_format_time (e->at);
      char date[16];

      if (as_json)
        {
          add_edit_json (b, e, applied);
          continue;
        }
      g_date_strftime (date, sizeof date, "%Y-%m-%d", &e->date);
      g_print ("%s  %-14s %s%s%s%s — %s, %s%s\n", date, mc_calendar_edit_action_to_string (e->action),
               e->name != NULL ? e->name : "", e->basis != NULL ? " (" : "", e->basis != NULL ? e->basis : "",
               e->basis != NULL ? ")" : "", e->actor != NULL ? e->actor : "", at,
               applied ? "" : _(" [superseded by newer official data]"));
    }
  json_builder_end_array (b);
  if (as_json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);
      mc_cli_print_json (root);
    }
  return MC_EXIT_OK;
}
