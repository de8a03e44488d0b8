/* ms-forward-cmd.c — what an operator runs beside `serve --forward`
 *
 *   motcua-server forwards --data-dir DIR [--state STATE] [--json]
 *   motcua-server forward-retry --data-dir DIR CODE
 *   motcua-server forward-backfill --data-dir DIR [--since YYYY-MM-DD]
 *
 * Both open the same SQLite file as a running `serve` (WAL, busy timeout);
 * the engine reads the outbox from the database, so a retry is picked up
 * within a second.
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms-forward.h"

#define EXIT_USAGE 2

static int
usage (GOptionContext *context,
       const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("motcua-server: %s\n\n%s", message, help);
  return EXIT_USAGE;
}

static void
print_json (GPtrArray *rows)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    {
      MsForwardRow *r = rows->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, r->code);
      json_builder_set_member_name (b, "uuid");
      json_builder_add_string_value (b, r->uuid);
      json_builder_set_member_name (b, "state");
      json_builder_add_string_value (b, r->state);
      json_builder_set_member_name (b, "attempts");
      json_builder_add_int_value (b, r->attempts);
      mc_json_add_string_or_null (b, "last_error", r->last_error);
      json_builder_set_member_name (b, "remote_state_code");
      if (r->remote_state_code > 0)
        json_builder_add_int_value (b, r->remote_state_code);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, TRUE);
  g_print ("%s\n", text);
}

/* "3 h 05 min" since @iso (nullable), for a glance. */
static char *
age_since (const char *iso)
{
  g_autoptr(GDateTime) then = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 minutes;

  if (then == NULL)
    return g_strdup ("-");
  minutes = MAX (g_date_time_difference (now, then), 0) / G_TIME_SPAN_MINUTE;
  if (minutes >= 48 * 60)
    return g_strdup_printf ("%" G_GINT64_FORMAT " d %" G_GINT64_FORMAT " h", minutes / 1440, minutes % 1440 / 60);
  if (minutes >= 60)
    return g_strdup_printf ("%" G_GINT64_FORMAT " h %02" G_GINT64_FORMAT " min", minutes / 60, minutes % 60);
  return g_strdup_printf ("%" G_GINT64_FORMAT " min", minutes);
}

/* The line an operator reads first: what waits, what went, what needs
 * them, how long the oldest has waited and when the other side last said yes. */
static void
print_summary (const MsForwardSummary *s)
{
  g_autofree char *waiting = age_since (s->oldest_waiting_at);
  g_autofree char *success = age_since (s->last_success_at);

  if (s->last_success_at != NULL)
    g_print ("queued %u, sent %u, needs_attention %u; oldest waiting %s; last success %s ago (%s)\n",
             s->queued, s->sent, s->needs_attention, waiting, success, s->last_success_at);
  else
    g_print ("queued %u, sent %u, needs_attention %u; oldest waiting %s; last success never\n",
             s->queued, s->sent, s->needs_attention, waiting);
}

int
ms_forward_cmd_list (int    argc,
                     char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *state = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Thư mục dữ liệu", "DIR" },
    { "state", 0, 0, G_OPTION_ARG_STRING, &state, "Chỉ các hồ sơ ở trạng thái này (queued, sent, needs_attention)", "STATE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "In dạng JSON", NULL },
    { NULL },
  };
  static const char * const states[] = { "queued", "sent", "needs_attention", NULL };
  g_autoptr(GOptionContext) context = g_option_context_new ("— hồ sơ chuyển tới hệ thống một cửa của tỉnh");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  MsForwardSummary summary = { 0 };
  gboolean ok = FALSE;
  sqlite3 *db;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage (context, error->message);
  if (data_dir == NULL || argc != 1)
    return usage (context, "cần --data-dir");
  if (state != NULL && !g_strv_contains (states, state))
    return usage (context, "--state: queued, sent hoặc needs_attention");

  db = ms_db_open (data_dir, &error);
  if (db != NULL)
    rows = ms_db_forward_list_in (db, state, &error);
  if (rows != NULL)
    ok = json || ms_db_forward_summary (db, &summary, &error);
  g_clear_pointer (&db, ms_db_close);
  if (!ok)
    {
      g_printerr ("motcua-server: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (json)
    {
      print_json (rows);
      return EXIT_SUCCESS;
    }
  print_summary (&summary);
  ms_forward_summary_clear (&summary);
  for (guint i = 0; i < rows->len; i++)
    {
      MsForwardRow *r = rows->pdata[i];

      g_print ("%-28s %-15s %3" G_GINT64_FORMAT "  %-2s  %s\n", r->code, r->state, r->attempts,
               r->remote_state_code > 0 ? ms_state_name (r->remote_state_code) : "-",
               r->last_error != NULL ? r->last_error : "");
    }
  return EXIT_SUCCESS;
}

int
ms_forward_cmd_retry (int    argc,
                      char **argv)
{
  g_autofree char *data_dir = NULL;
  GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Thư mục dữ liệu", "DIR" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("MÃ-HỒ-SƠ — gửi lại một hồ sơ cần xử lý");
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  gboolean ok;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage (context, error->message);
  if (data_dir == NULL || argc != 2)
    return usage (context, "cần --data-dir và mã hồ sơ");

  db = ms_db_open (data_dir, &error);
  ok = db != NULL && ms_db_forward_retry (db, argv[1], &error);
  g_clear_pointer (&db, ms_db_close);
  if (!ok)
    {
      if (g_error_matches (error, MS_ERROR, MS_ERROR_NOT_FOUND))
        g_printerr ("motcua-server: không có hồ sơ mã “%s” cần xử lý (needs_attention)\n", argv[1]);
      else
        g_printerr ("motcua-server: %s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}

int
ms_forward_cmd_backfill (int    argc,
                         char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *since = NULL;
  GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Thư mục dữ liệu", "DIR" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, "Chỉ hồ sơ tiếp nhận từ ngày này", "YYYY-MM-DD" },
    { NULL },
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("— xếp hàng gửi các hồ sơ nhận trước khi cấu hình chuyển tới hệ thống một cửa");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) date = g_date_new ();
  guint queued = 0;
  sqlite3 *db;
  gboolean ok;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage (context, error->message);
  if (data_dir == NULL || argc != 1)
    return usage (context, "cần --data-dir");
  if (since != NULL)
    {
      g_date_set_parse (date, since);
      if (strlen (since) != 10 || since[4] != '-' || since[7] != '-' || !g_date_valid (date))
        return usage (context, "--since: ngày dạng YYYY-MM-DD");
    }

  db = ms_db_open (data_dir, &error);
  ok = db != NULL && ms_db_forward_backfill (db, since, &queued, &error);
  g_clear_pointer (&db, ms_db_close);
  if (!ok)
    {
      g_printerr ("motcua-server: %s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print ("queued %u\n", queued);
  return EXIT_SUCCESS;
}
