/* cli-calendar.c — `motcua calendar due|holidays` */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "cli-calendar.h"

/* Uses the data dir's holiday data when there is a store, else the bundled one. */
static McCalendar *
load_calendar (GError **error)
{
  g_autofree char *dir = mc_cli_data_dir ();
  g_autofree char *db = g_build_filename (dir, "motcua.db", NULL);
  g_autoptr(McStore) store = NULL;

  /* Do not create a data dir just to answer a calendar question. */
  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    return mc_calendar_new ();

  store = mc_store_open (dir, error);
  if (store == NULL)
    return NULL;
  return mc_intake_load_calendar (store, error);
}

static gboolean
parse_uint (const char *text,
            guint       max,
            guint      *out)
{
  guint64 v;

  if (!g_ascii_string_to_unsigned (text, 10, 0, max, &v, NULL))
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

static int
calendar_due (const char *date_text,
              const char *days_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCalendar) calendar = NULL;
  GDate received, due;
  guint days;
  char buf[16];

  if (!mc_validate_date (_("Received date"), date_text, &received, &error))
    return mc_cli_fail ("calendar", error);
  if (!parse_uint (days_text, 3650, &days))
    return mc_cli_usage ("calendar", _("DAYS must be a whole number of working days from 0 to 3650"));

  calendar = load_calendar (&error);
  if (calendar == NULL)
    return mc_cli_fail ("calendar", error);
  if (!mc_calendar_due_date (calendar, &received, days, &due, &error))
    return mc_cli_fail ("calendar", error);

  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &due);
  g_print ("%s\n", buf);
  return MC_EXIT_OK;
}

static int
calendar_holidays (const char *year_text,
                   gboolean    as_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCalendar) calendar = NULL;
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint year;

  if (!parse_uint (year_text, 9999, &year) || year < MC_CALENDAR_MIN_YEAR || year > MC_CALENDAR_MAX_YEAR)
    {
      g_autofree char *msg = g_strdup_printf (_("YEAR must be from %d to %d"), MC_CALENDAR_MIN_YEAR, MC_CALENDAR_MAX_YEAR);
      return mc_cli_usage ("calendar", msg);
    }

  calendar = load_calendar (&error);
  if (calendar == NULL)
    return mc_cli_fail ("calendar", error);
  days = mc_calendar_get_days (calendar, year, &error);
  if (days == NULL)
    return mc_cli_fail ("calendar", error);

  json_builder_begin_array (b);
  for (guint i = 0; i < days->len; i++)
    {
      McCalendarDay *day = g_ptr_array_index (days, i);
      char date[16], weekday[32];

      g_date_strftime (date, sizeof date, "%Y-%m-%d", &day->date);
      g_date_strftime (weekday, sizeof weekday, "%a", &day->date);
      if (as_json)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "date");
          json_builder_add_string_value (b, date);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, mc_day_kind_to_string (day->kind));
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, day->name);
          json_builder_set_member_name (b, "official");
          json_builder_add_boolean_value (b, day->official);
          json_builder_set_member_name (b, "local");
          json_builder_add_boolean_value (b, day->local);
          json_builder_end_object (b);
        }
      else
        g_print ("%s  %-4s %-15s %s%s\n", date, weekday, mc_day_kind_to_string (day->kind), day->name,
                 day->local ? _(" (edited on this desk)") : day->official ? "" : _(" (computed)"));
    }
  json_builder_end_array (b);

  if (as_json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);
      mc_cli_print_json (root);
    }
  return MC_EXIT_OK;
}

int
mc_cli_calendar (int    argc,
                 char **argv)
{
  gboolean as_json = FALSE;
  g_autofree char *name = NULL;
  g_autofree char *basis = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON (holidays, edits)"), NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The day's name, as the decision gives it (add-day-off, add-workday)"), N_("NAME") },
    { "basis", 0, 0, G_OPTION_ARG_STRING, &basis, N_("The legal basis: the notice or decision, its number and date"), N_("TEXT") },
    { NULL }
  };
  McCalendarEditAction action;
  g_autofree char *action_name = NULL;

  if (!mc_cli_parse (&argc, &argv, "calendar",
                     "due YYYY-MM-DD DAYS | holidays YEAR [--json] | "
                     "add-day-off|remove-day-off|add-workday YYYY-MM-DD [--name NAME] [--basis TEXT] | edits [--json]",
                     _("Due date for a dossier received on a day, or a year's public holidays, "
                       "days off, compensatory days and make-up working days. An official day off "
                       "or make-up working day announced late is recorded on this desk with "
                       "add-day-off, remove-day-off or add-workday, and listed with edits."),
                     entries))
    return MC_EXIT_USAGE;

  if (argc == 4 && g_str_equal (argv[1], "due"))
    return calendar_due (argv[2], argv[3]);
  if (argc == 3 && g_str_equal (argv[1], "holidays"))
    return calendar_holidays (argv[2], as_json);
  if (argc == 2 && g_str_equal (argv[1], "edits"))
    return mc_cli_calendar_list_edits (as_json);

  /* "add-day-off" → add_day_off */
  action_name = argc >= 2 ? g_strdelimit (g_strdup (argv[1]), "-", '_') : NULL;
  if (argc == 3 && mc_calendar_edit_action_from_string (action_name, &action))
    return mc_cli_calendar_edit (action, argv[2], name, basis);

  return mc_cli_usage ("calendar", _("say “due YYYY-MM-DD DAYS”, “holidays YEAR”, "
                                     "“add-day-off YYYY-MM-DD --name NAME”, “remove-day-off YYYY-MM-DD”, "
                                     "“add-workday YYYY-MM-DD --name NAME” or “edits”"));
}
