/* cli-dossiers.c — `motcua init|intake|list|show` */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "cli-common.h"

int
mc_cli_init (int    argc,
             char **argv)
{
  g_autofree char *agency_code = NULL;
  g_autofree char *agency_name = NULL;
  g_autofree char *clerk = NULL;
  int station = 1;
  const GOptionEntry entries[] = {
    { "agency-code", 0, 0, G_OPTION_ARG_STRING, &agency_code, N_("The unit's identifier code (mã định danh), e.g. 000.00.12.H29"), N_("CODE") },
    { "agency-name", 0, 0, G_OPTION_ARG_STRING, &agency_name, N_("The unit's name, e.g. “UBND xã Tân Lập”"), N_("NAME") },
    { "station", 0, 0, G_OPTION_ARG_INT, &station, N_("This PC's station number, 1–9, different on each PC of the unit (default 1)"), N_("N") },
    { "clerk", 0, 0, G_OPTION_ARG_STRING, &clerk, N_("The receiving clerk's full name, printed on the forms and kept in the history"), N_("NAME") },
    { NULL }
  };
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint first, last;
  int code = MC_EXIT_OK;

  if (!mc_cli_parse (&argc, &argv, "init", NULL, _("Set up this PC for taking dossiers in."), entries))
    return MC_EXIT_USAGE;
  if (argc != 1)
    {
      g_autofree char *msg = g_strdup_printf (_("unexpected argument “%s”"), argv[1]);
      return mc_cli_usage ("init", msg);
    }
  if (agency_code == NULL || agency_name == NULL)
    return mc_cli_usage ("init", _("--agency-code and --agency-name are required"));
  if (station < MC_CODES_MIN_STATION || station > MC_CODES_MAX_STATION)
    {
      g_autoptr(GError) e = NULL;
      mc_codes_validate_station (0, &e);
      return mc_cli_usage ("init", e->message);
    }

  store = mc_cli_open_store ("init", &code);
  if (store == NULL)
    return code;
  /* The clerk first: a bad name leaves the PC as it was. */
  if ((clerk != NULL && !mc_store_set_clerk (store, clerk, &error)) ||
      !mc_store_set_station (store, agency_code, agency_name, station, &error))
    return mc_cli_fail ("init", error);

  mc_codes_station_range (station, &first, &last);
  g_print (_("Set up %s (%s), station %d: dossier codes %s-YYMMDD-%04u to %04u.\nData folder: %s\n"),
           agency_name, agency_code, station, agency_code, first, last, mc_store_get_data_dir (store));
  return MC_EXIT_OK;
}

int
mc_cli_clerk (int    argc,
              char **argv)
{
  gboolean clear = FALSE;
  const GOptionEntry entries[] = {
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_("Forget the clerk's name (the login name is recorded instead)"), NULL },
    { NULL }
  };
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  int code = MC_EXIT_OK;

  if (!mc_cli_parse (&argc, &argv, "clerk", "[NAME | --clear]",
                     _("Print the receiving clerk's full name, or set it. It is the actor of the history "
                       "and of uploads (unless $MOTCUA_ACTOR is set) and is printed on the forms."),
                     entries))
    return MC_EXIT_USAGE;
  if (argc > 2 || (clear && argc != 1))
    return mc_cli_usage ("clerk", _("give one NAME (quote it), or --clear, or nothing to print the name"));

  store = mc_cli_open_store ("clerk", &code);
  if (store == NULL)
    return code;

  if (clear || argc == 2)
    {
      if (!mc_store_set_clerk (store, clear ? NULL : argv[1], &error))
        return mc_cli_fail ("clerk", error);
    }
  else
    {
      name = mc_store_get_clerk (store);
      if (name == NULL)
        g_printerr (_("motcua: no receiving clerk is set; the history records the login name “%s”. "
                      "Set one with “motcua clerk NAME”.\n"), g_get_user_name ());
      else
        g_print ("%s\n", name);
      return MC_EXIT_OK;
    }

  name = mc_store_get_clerk (store);
  if (name != NULL)
    g_print (_("Receiving clerk: %s\n"), name);
  else
    g_print ("%s\n", _("Receiving clerk forgotten; the history records the login name."));
  return MC_EXIT_OK;
}

static char *
read_input (const char  *path,
            gsize       *length,
            GError     **error)
{
  if (g_str_equal (path, "-"))
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);

      /* Bounded: `intake --json /dev/zero` is refused, not read forever. */
      return mc_json_read_stream (in, _("standard input"), MC_LIMIT_INTAKE_JSON_SIZE, length, error);
    }

  return mc_json_read_file (path, MC_LIMIT_INTAKE_JSON_SIZE, length, error);
}

int
mc_cli_intake (int    argc,
               char **argv)
{
  g_autofree char *json_path = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, N_("The dossier as JSON (“-” for standard input)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(McStore) store = NULL;
  g_autoptr(McCatalog) catalog = NULL;
  g_autoptr(McCalendar) calendar = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(McStation) station = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  g_autofree char *received = NULL;
  gsize length = 0;
  int code = MC_EXIT_OK;

  if (!mc_cli_parse (&argc, &argv, "intake", "--json FILE",
                     _("Take a dossier in: check it, save it as received, and print its code and due date."),
                     entries))
    return MC_EXIT_USAGE;
  if (json_path == NULL || argc != 1)
    return mc_cli_usage ("intake", _("give the dossier with --json FILE (or --json - for standard input)"));

  data = read_input (json_path, &length, &error);
  if (data == NULL)
    return mc_cli_fail ("intake", error);   /* too large: 65; cannot read: 74 */

  store = mc_cli_open_store ("intake", &code);
  if (store == NULL)
    return code;
  station = mc_store_get_station (store, &error);
  if (station == NULL)
    return mc_cli_fail ("intake", error);
  catalog = mc_store_load_catalog (store, &error);
  if (catalog == NULL)
    return mc_cli_fail ("intake", error);
  calendar = mc_intake_load_calendar (store, &error);
  if (calendar == NULL)
    return mc_cli_fail ("intake", error);

  dossier = mc_intake_parse_json_files (data, length, catalog, &attachments, &error);
  if (dossier == NULL)
    return mc_cli_fail ("intake", error);
  if (!mc_intake_receive_files (store, catalog, calendar, dossier, attachments, NULL, NULL, &error))
    return mc_cli_fail ("intake", error);

  received = mc_dossier_format_received_at (dossier);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "uuid");
  json_builder_add_string_value (b, mc_dossier_get_uuid (dossier));
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, mc_dossier_get_code (dossier));
  json_builder_set_member_name (b, "received_at");
  json_builder_add_string_value (b, received);
  json_builder_set_member_name (b, "due_date");
  json_builder_add_string_value (b, mc_dossier_get_due_date (dossier));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  mc_cli_print_json (root);
  return MC_EXIT_OK;
}

/* One element of the JSON array, as mc_cli_print_json () would indent it. */
static gboolean
print_json_row (McDossier *d,
                gpointer   user_data)
{
  guint *n = user_data;
  g_autoptr(JsonNode) node = mc_dossier_to_summary_json (d);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, NULL);
  lines = g_strsplit (text, "\n", -1);
  fputs (*n > 0 ? ",\n" : "\n", stdout);
  for (guint i = 0; lines[i] != NULL; i++)
    printf ("%s  %s", i > 0 ? "\n" : "", lines[i]);
  (*n)++;
  return TRUE;
}

static gboolean
print_text_row (McDossier *d,
                gpointer   user_data)
{
  guint *n = user_data;
  g_autofree char *received = mc_dossier_format_received_at (d);

  g_print ("%-28s %-16.16s %-10s %s\n", mc_dossier_get_code (d), received,
           mc_dossier_get_due_date (d), mc_dossier_get_applicant_name (d));
  (*n)++;
  return TRUE;
}

int
mc_cli_list (int    argc,
             char **argv)
{
  gboolean as_json = FALSE;
  g_autofree char *search = NULL;
  g_autofree char *state = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  int limit = 0;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Code, applicant name, ID or phone number (accents and case ignored)"), N_("TEXT") },
    { "state", 0, 0, G_OPTION_ARG_STRING, &state, N_("Only dossiers in this state (received, uploaded, processing, …)"), N_("STATE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Received on or after this day"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Received on or before this day"), N_("YYYY-MM-DD") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most this many (newest first)"), N_("N") },
    { NULL }
  };
  McDossierQuery query = { 0 };
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int code = MC_EXIT_OK;
  guint n = 0;

  if (!mc_cli_parse (&argc, &argv, "list", NULL, _("List dossiers, newest first."), entries))
    return MC_EXIT_USAGE;
  if (argc != 1)
    {
      g_autofree char *msg = g_strdup_printf (_("unexpected argument “%s”"), argv[1]);
      return mc_cli_usage ("list", msg);
    }
  if (state != NULL)
    {
      if (!mc_dossier_state_from_string (state, &query.state))
        return mc_cli_usage ("list", _("unknown state; use one of draft, received, uploading, retry_wait, needs_attention, "
                                       "uploaded, processing, supplement_requested, rejected, done, returned"));
      query.has_state = TRUE;
    }
  query.search = g_steal_pointer (&search);
  query.from_date = g_steal_pointer (&from);
  query.to_date = g_steal_pointer (&to);

  store = mc_cli_open_store ("list", &code);
  if (store == NULL)
    {
      mc_dossier_query_clear (&query);
      return code;
    }
  /* Streamed: a million dossiers are printed one by one, never held. */
  if (as_json)
    fputs ("[", stdout);
  if (!mc_store_each_dossier (store, &query, NULL, 0, limit, as_json ? print_json_row : print_text_row, &n, &error))
    {
      mc_dossier_query_clear (&query);
      if (as_json)
        fputs ("\n", stdout);
      return mc_cli_fail ("list", error);
    }
  mc_dossier_query_clear (&query);
  if (as_json)
    fputs (n > 0 ? "\n]\n" : "]\n", stdout);
  fflush (stdout);
  return MC_EXIT_OK;
}

static JsonNode *
events_to_json (GPtrArray *events)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < events->len; i++)
    {
      McEvent *e = g_ptr_array_index (events, i);
      g_autoptr(JsonNode) detail = e->detail ? mc_json_parse (e->detail, -1, MC_LIMIT_BODY_SIZE, NULL) : NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "at");
      json_builder_add_string_value (b, e->at);
      json_builder_set_member_name (b, "actor");
      json_builder_add_string_value (b, e->actor);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, e->kind);
      json_builder_set_member_name (b, "from_state");
      json_builder_add_string_value (b, e->from_state);
      json_builder_set_member_name (b, "to_state");
      json_builder_add_string_value (b, e->to_state);
      json_builder_set_member_name (b, "detail");
      if (detail != NULL)
        json_builder_add_value (b, g_steal_pointer (&detail));
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

/* "  Label:      value", the label padded by characters (not bytes: the
 * Vietnamese labels have multi-byte letters). */
static void
print_row (const char *label,
           const char *value)
{
  glong pad = 18 - g_utf8_strlen (label, -1);

  g_print ("  %s%*s %s\n", label, (int) MAX (pad, 0), "", value != NULL ? value : "");
}

/* "at actor kind → state: message": the state reached and, for a status
 * pulled back from the province, its message, so the clerk reading the
 * history in a terminal sees what the server said. */
static char *
format_event (McEvent *e)
{
  GString *text = g_string_new (NULL);
  McDossierState state;

  g_string_printf (text, "%s %s %s", e->at, e->actor, e->kind);
  if (e->to_state != NULL && mc_dossier_state_from_string (e->to_state, &state))
    g_string_append_printf (text, " → %s", mc_dossier_state_get_label (state));
  if (e->detail != NULL)
    {
      g_autoptr(JsonNode) detail = mc_json_parse (e->detail, -1, MC_LIMIT_BODY_SIZE, NULL);

      if (detail != NULL && JSON_NODE_HOLDS_OBJECT (detail))
        {
          const char *message = json_object_get_string_member_with_default (json_node_get_object (detail),
                                                                             "message", NULL);
          if (message != NULL && *message != '\0')
            g_string_append_printf (text, ": %s", message);
        }
    }
  return g_string_free (text, FALSE);
}

static void
print_dossier (McDossier *d,
               GPtrArray *events)
{
  GPtrArray *papers = mc_dossier_get_papers (d);
  GPtrArray *attachments = mc_dossier_get_attachments (d);
  g_autofree char *received = mc_dossier_format_received_at (d);
  g_autofree char *applicant = g_strdup_printf ("%s — %s: %s", mc_dossier_get_applicant_name (d),
                                                mc_id_kind_get_label (mc_dossier_get_id_kind (d)),
                                                mc_dossier_get_id_number (d));

  g_print ("%s  %s\n", mc_dossier_get_code (d), mc_dossier_state_get_label (mc_dossier_get_state (d)));
  print_row (_("Procedure:"), mc_dossier_get_procedure_name (d));
  print_row (_("Applicant:"), applicant);
  if (mc_dossier_get_address (d))
    print_row (_("Address:"), mc_dossier_get_address (d));
  if (mc_dossier_get_phone (d))
    print_row (_("Phone:"), mc_dossier_get_phone (d));
  print_row (_("Received:"), received);
  print_row (_("Due:"), mc_dossier_get_due_date (d));
  for (guint i = 0; i < papers->len; i++)
    {
      McPaper *p = g_ptr_array_index (papers, i);
      g_autofree char *text = g_strdup_printf ("%s — %s × %u", p->name, mc_paper_form_get_label (p->form), p->copies);
      print_row (i == 0 ? _("Papers:") : "", text);
    }
  for (guint i = 0; i < attachments->len; i++)
    {
      McAttachment *a = g_ptr_array_index (attachments, i);
      g_autofree char *size = g_format_size (a->size);
      g_autofree char *text = g_strdup_printf ("%s (%s)", a->name, size);
      print_row (i == 0 ? _("Attachments:") : "", text);
    }
  for (guint i = 0; i < events->len; i++)
    {
      McEvent *e = g_ptr_array_index (events, i);
      g_autofree char *text = format_event (e);
      print_row (i == 0 ? _("History:") : "", text);
    }
}

int
mc_cli_show (int    argc,
             char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(McStore) store = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  int code = MC_EXIT_OK;

  if (!mc_cli_parse (&argc, &argv, "show", "CODE|UUID", _("Show one dossier with its papers, attachments and history."), entries))
    return MC_EXIT_USAGE;
  if (argc != 2)
    return mc_cli_usage ("show", _("give one dossier code or UUID"));

  store = mc_cli_open_store ("show", &code);
  if (store == NULL)
    return code;
  dossier = mc_store_load_dossier (store, argv[1], &error);
  if (dossier == NULL)
    return mc_cli_fail ("show", error);
  events = mc_store_list_events (store, mc_dossier_get_uuid (dossier), &error);
  if (events == NULL)
    return mc_cli_fail ("show", error);

  if (as_json)
    {
      g_autoptr(JsonNode) root = mc_dossier_to_json (dossier);
      json_object_set_member (json_node_get_object (root), "history", events_to_json (events));
      mc_cli_print_json (root);
    }
  else
    print_dossier (dossier, events);
  return MC_EXIT_OK;
}
