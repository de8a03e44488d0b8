/* ms-forward-cmd.c — what an operator runs beside `serve --forward`
 *
 *   motcua-server forwards --data-dir DIR [--json]
 *   motcua-server forward-retry --data-dir DIR CODE
 *
 * Both open the same SQLite file as a running `serve` (WAL, busy timeout);
 * the engine reads the outbox from the database, so a retry is picked up
 * within a second.
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

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
      json_builder_set_member_name (b, "last_error");
      if (r->last_error != NULL)
        json_builder_add_string_value (b, r->last_error);
      else
        json_builder_add_null_value (b);
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

int
ms_forward_cmd_list (int    argc,
                     char **argv)
{
  g_autofree char *data_dir = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Thư mục dữ liệu", "DIR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "In dạng JSON", NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— hồ sơ chuyển tới hệ thống một cửa của tỉnh");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint counts[3] = { 0 };
  sqlite3 *db;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage (context, error->message);
  if (data_dir == NULL || argc != 1)
    return usage (context, "cần --data-dir");

  db = ms_db_open (data_dir, &error);
  if (db != NULL)
    rows = ms_db_forward_list (db, &error);
  g_clear_pointer (&db, ms_db_close);
  if (rows == NULL)
    {
      g_printerr ("motcua-server: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (json)
    {
      print_json (rows);
      return EXIT_SUCCESS;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      MsForwardRow *r = rows->pdata[i];

      counts[g_str_equal (r->state, "queued") ? 0 : g_str_equal (r->state, "sent") ? 1 : 2]++;
      g_print ("%-28s %-15s %3" G_GINT64_FORMAT "  %-2s  %s\n", r->code, r->state, r->attempts,
               r->remote_state_code > 0 ? ms_state_name (r->remote_state_code) : "-",
               r->last_error != NULL ? r->last_error : "");
    }
  g_print ("queued %u, sent %u, needs_attention %u\n", counts[0], counts[1], counts[2]);
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
