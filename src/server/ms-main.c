/* ms-main.c — motcua-server: the reference sync server (docs/server.md)
 *
 *   motcua-server serve --data-dir DIR --listen HOST:PORT [--workers N] [--max-concurrent N] [--fault SPEC]… [--tls-cert F --tls-key F]
 *   motcua-server token --data-dir DIR --station NAME
 *   motcua-server dossiers --data-dir DIR --json
 *   motcua-server set-status --data-dir DIR CODE STATE [--message TEXT]
 *   motcua-server forwards --data-dir DIR [--json]
 *   motcua-server forward-retry --data-dir DIR CODE
 *   motcua-server forward-backfill --data-dir DIR [--since YYYY-MM-DD]
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "mc-canon.h"
#include "mc-core.h"
#include "mc-core-resources.h"
#include "ms-forward.h"
#include "ms-server.h"

#define EXIT_USAGE 2
#define HOLIDAYS_RESOURCE "/io/github/motcua/Desk/core/holidays.json"

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("motcua-server: %s\n\n%s", message, help);
  return EXIT_USAGE;
}

/* ---- faults ----------------------------------------------------------------- */

static gboolean
parse_fraction (const char *text,
                double     *out)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  if (end == text || *end != '\0' || !(value >= 0.0 && value <= 1.0))
    return FALSE;
  *out = value;
  return TRUE;
}

static gboolean
parse_fault (MsServer   *server,
             const char *spec,
             GError    **error)
{
  const char *eq = strchr (spec, '=');
  g_autofree char *name = NULL;
  const char *value;
  guint64 n;

  if (eq == NULL)
    goto bad;
  name = g_strndup (spec, eq - spec);
  value = eq + 1;

  if (g_str_equal (name, "drop"))
    {
      if (!g_ascii_string_to_unsigned (value, 10, 1, G_MAXINT64, &n, NULL))
        goto bad;
      server->fault_drop_bytes = (gint64) n;
      server->fault_drop_next = (gint64) n;
    }
  else if (g_str_equal (name, "503"))
    {
      if (!parse_fraction (value, &server->fault_503))
        goto bad;
    }
  else if (g_str_equal (name, "429"))
    {
      g_auto(GStrv) parts = g_strsplit (value, ":", 2);

      if (!parse_fraction (parts[0], &server->fault_429))
        goto bad;
      server->fault_429_secs = 1;
      if (parts[1] != NULL)
        {
          if (!g_ascii_string_to_unsigned (parts[1], 10, 0, 86400, &n, NULL))
            goto bad;
          server->fault_429_secs = (guint) n;
        }
    }
  else if (g_str_equal (name, "latency"))
    {
      if (!g_ascii_string_to_unsigned (value, 10, 0, 600000, &n, NULL))
        goto bad;
      server->fault_latency_ms = (guint) n;
    }
  else if (g_str_equal (name, "close"))
    {
      if (!g_str_equal (value, "204"))
        goto bad;
      server->fault_close_204 = TRUE;
    }
  else if (g_str_equal (name, "bandwidth"))
    {
      g_autofree char *number = g_str_has_suffix (value, "/s") ? g_strndup (value, strlen (value) - 2)
                                                              : g_strdup (value);

      if (!g_ascii_string_to_unsigned (number, 10, 1, G_MAXINT64, &n, NULL))
        goto bad;
      server->fault_bandwidth = (gint64) n;
    }
  else if (g_str_equal (name, "hold"))
    {
      if (*value == '\0')
        goto bad;
      g_free (server->fault_hold);
      server->fault_hold = g_strdup (value);
    }
  else if (g_str_equal (name, "reject"))
    {
      g_autofree char *nfc = g_utf8_normalize (value, -1, G_NORMALIZE_NFC);

      if (nfc == NULL || *nfc == '\0')
        goto bad;
      g_ptr_array_add (server->fault_reject, g_utf8_casefold (nfc, -1));
    }
  else
    goto bad;
  return TRUE;

bad:
  g_set_error (error, MS_ERROR, MS_ERROR_FAILED,
               "--fault không hợp lệ: “%s” (drop=BYTES, 503=TỈ-LỆ, 429=TỈ-LỆ[:GIÂY], latency=MS, "
               "bandwidth=BYTES/S, reject=CHUỖI, hold=TỆP, close=204)", spec);
  return FALSE;
}

/* ---- catalog ------------------------------------------------------------------ */

static JsonNode *
parse_node (GBytes  *bytes,
            GError **error)
{
  return mc_json_parse_bytes (bytes, MC_LIMIT_CATALOG_SIZE, error);
}

/* Bounded: a FIFO or /dev/zero given by mistake is refused, not read forever. */
static GBytes *
load_file_bytes (const char  *path,
                 gsize        max_size,
                 GError     **error)
{
  char *data;
  gsize size = 0;

  data = mc_json_read_file (path, max_size, &size, error);
  if (data == NULL)
    return NULL;
  return g_bytes_new_take (data, size);
}

/* The /catalog body and its ETag: {"catalog": …, "holidays": …}, each part
 * checked the way the desk will check it. */
static gboolean
load_catalog (MsServer    *server,
              const char  *catalog_file,
              const char  *holidays_file,
              GError     **error)
{
  g_autoptr(GBytes) catalog = NULL;
  g_autoptr(GBytes) holidays = NULL;
  g_autoptr(McCatalog) checked = NULL;
  g_autoptr(McCalendar) calendar = mc_calendar_new ();
  g_autoptr(JsonNode) catalog_node = NULL;
  g_autoptr(JsonNode) holidays_node = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  g_autofree char *hash = NULL;
  gsize size;

  catalog = catalog_file != NULL ? load_file_bytes (catalog_file, MC_LIMIT_CATALOG_SIZE, error) : mc_catalog_get_bundled_data ();
  if (catalog == NULL)
    return FALSE;
  holidays = holidays_file != NULL ? load_file_bytes (holidays_file, MC_LIMIT_HOLIDAYS_SIZE, error)
                                   : g_resource_lookup_data (mc_core_get_resource (), HOLIDAYS_RESOURCE,
                                                             G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (holidays == NULL)
    return FALSE;

  checked = mc_catalog_new_from_data (g_bytes_get_data (catalog, NULL), g_bytes_get_size (catalog), error);
  if (checked == NULL)
    return FALSE;
  if (!mc_calendar_load_data (calendar, g_bytes_get_data (holidays, NULL), g_bytes_get_size (holidays), error))
    return FALSE;
  catalog_node = parse_node (catalog, error);
  holidays_node = catalog_node != NULL ? parse_node (holidays, error) : NULL;
  if (holidays_node == NULL)
    return FALSE;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "catalog");
  json_builder_add_value (b, g_steal_pointer (&catalog_node));
  json_builder_set_member_name (b, "holidays");
  json_builder_add_value (b, g_steal_pointer (&holidays_node));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &size);

  server->catalog_body = g_bytes_new_take (g_steal_pointer (&text), size);
  hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, server->catalog_body);
  server->catalog_etag = g_strdup_printf ("\"%s\"", hash);
  return TRUE;
}

/* ---- serve -------------------------------------------------------------------- */

/* stdout carries the "listening on" line for scripts; every log message,
 * debug included, goes to stderr. */
static GLogWriterOutput
log_to_stderr (GLogLevelFlags   level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  g_autofree char *line = NULL;

  if (g_log_writer_default_would_drop (level, G_LOG_DOMAIN))
    return G_LOG_WRITER_HANDLED;
  line = g_log_writer_format_fields (level, fields, n_fields, FALSE);
  fprintf (stderr, "%s\n", line);
  return G_LOG_WRITER_HANDLED;
}

static gboolean
on_quit_signal_cb (gpointer user_data)
{
  MsServer *server = user_data;

  g_main_loop_quit (server->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_gc_cb (gpointer user_data)
{
  ms_tus_collect_expired (user_data);
  return G_SOURCE_CONTINUE;
}

static void
server_clear (MsServer *server)
{
  if (server->soup != NULL)
    soup_server_disconnect (server->soup);
  ms_pool_stop (server);
  g_clear_object (&server->soup);
  g_clear_pointer (&server->finishing, g_hash_table_unref);
  g_clear_pointer (&server->fault_hold, g_free);
  g_clear_handle_id (&server->gc_source, g_source_remove);
  g_clear_pointer (&server->forward, ms_forward_free);
  g_clear_pointer (&server->file_key, g_bytes_unref);
  g_clear_pointer (&server->db, ms_db_close);
  g_clear_pointer (&server->loop, g_main_loop_unref);
  g_clear_pointer (&server->rand, g_rand_free);
  g_clear_pointer (&server->fault_reject, g_ptr_array_unref);
  g_clear_pointer (&server->active_patches, g_hash_table_unref);
  g_clear_pointer (&server->cursor_key, g_bytes_unref);
  g_clear_pointer (&server->catalog_body, g_bytes_unref);
  g_clear_pointer (&server->catalog_etag, g_free);
  g_clear_pointer (&server->data_dir, g_free);
  g_clear_pointer (&server->files_dir, g_free);
  g_clear_pointer (&server->uploads_dir, g_free);
}

static int
cmd_serve (int    argc,
           char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *catalog = NULL;
  g_autofree char *holidays = NULL;
  g_autofree char *forward = NULL;
  g_auto(GStrv) faults = NULL;
  gint64 seed = -1;
  gint64 max_size = MS_DEFAULT_MAX_ATTACHMENT;
  int workers = MS_DEFAULT_WORKERS;
  int max_concurrent = MS_MAX_CONCURRENT;
  GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Thư mục dữ liệu", "DIR" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Địa chỉ nghe, ví dụ 127.0.0.1:8443 (cổng 0: tự chọn)", "HOST:PORT" },
    { "fault", 0, 0, G_OPTION_ARG_STRING_ARRAY, &faults, "Gây lỗi để thử nghiệm (lặp lại được)", "SPEC" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "Chứng chỉ TLS (PEM)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "Khóa riêng TLS (PEM)", "FILE" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Hạt giống ngẫu nhiên cho tỉ lệ lỗi", "N" },
    { "max-attachment-size", 0, 0, G_OPTION_ARG_INT64, &max_size, "Kích thước tệp đính kèm tối đa", "BYTES" },
    { "catalog", 0, 0, G_OPTION_ARG_FILENAME, &catalog, "Danh mục thủ tục (JSON)", "FILE" },
    { "holidays", 0, 0, G_OPTION_ARG_FILENAME, &holidays, "Dữ liệu ngày nghỉ (JSON)", "FILE" },
    { "workers", 0, 0, G_OPTION_ARG_INT, &workers, "Số luồng xử lý yêu cầu song song (0: lần lượt từng yêu cầu)", "N" },
    { "max-concurrent", 0, 0, G_OPTION_ARG_INT, &max_concurrent,
      "Số yêu cầu đồng thời mỗi trạm được gửi (/info: max_concurrent_requests; 1–16, mặc định 4)", "N" },
    { "forward", 0, 0, G_OPTION_ARG_FILENAME, &forward, "Chuyển hồ sơ tới hệ thống một cửa của tỉnh (docs/connectors.md)", "CONFIG.json" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— chạy máy chủ đồng bộ");
  g_autoptr(GError) error = NULL;
  MsServer server = { 0 };
  int status = EXIT_FAILURE;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (data_dir == NULL || listen == NULL)
    return usage_error (context, "cần --data-dir và --listen");
  if ((tls_cert == NULL) != (tls_key == NULL))
    return usage_error (context, "--tls-cert và --tls-key phải đi cùng nhau");
  if (max_size < 1)
    return usage_error (context, "--max-attachment-size phải lớn hơn 0");
  if (workers < 0 || workers > MS_MAX_WORKERS)
    return usage_error (context, "--workers phải từ 0 đến 32");
  if (max_concurrent < 1 || max_concurrent > MS_MAX_CONCURRENT_LIMIT)
    return usage_error (context, "--max-concurrent phải từ 1 đến 16");

  server.data_dir = g_strdup (data_dir);
  server.files_dir = g_build_filename (data_dir, "files", NULL);
  server.uploads_dir = g_build_filename (data_dir, "uploads", NULL);
  server.max_attachment_size = max_size;
  server.workers = (guint) workers;
  server.max_concurrent = (guint) max_concurrent;
  server.rand = seed >= 0 ? g_rand_new_with_seed ((guint32) seed) : g_rand_new ();
  server.fault_reject = g_ptr_array_new_with_free_func (g_free);
  server.active_patches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; faults != NULL && faults[i] != NULL; i++)
    if (!parse_fault (&server, faults[i], &error))
      {
        server_clear (&server);
        return usage_error (context, error->message);
      }

  server.db = ms_db_open (data_dir, &error);
  if (server.db == NULL ||
      g_mkdir_with_parents (server.files_dir, 0700) != 0 ||
      g_mkdir_with_parents (server.uploads_dir, 0700) != 0 ||
      (server.cursor_key = ms_db_get_cursor_key (server.db, &error)) == NULL ||
      !load_catalog (&server, catalog, holidays, &error))
    {
      g_printerr ("motcua-server: %s\n", error != NULL ? error->message : g_strerror (errno));
      goto out;
    }
  if (forward != NULL &&
      ((server.forward = ms_forward_new (&server, forward, NULL, &error)) == NULL ||
       (server.file_key = ms_db_get_secret (server.db, "forward_file_key", &error)) == NULL))
    {
      g_printerr ("motcua-server: %s\n", error->message);
      status = EXIT_USAGE;
      goto out;
    }
  ms_tus_recover (&server);
  ms_tus_collect_expired (&server);
  if (!ms_pool_start (&server, &error))
    {
      g_printerr ("motcua-server: %s\n", error->message);
      goto out;
    }

  server.loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_quit_signal_cb, &server);
  g_unix_signal_add (SIGINT, on_quit_signal_cb, &server);
  server.gc_source = g_timeout_add_seconds (3600, on_gc_cb, &server);

  if (!ms_server_start (&server, listen, tls_cert, tls_key, &error))
    {
      g_printerr ("motcua-server: %s\n", error->message);
      goto out;
    }
  if (server.forward != NULL)
    {
      GSList *uris = soup_server_get_uris (server.soup);
      g_autofree char *url = uris != NULL ? g_uri_to_string (uris->data) : NULL;

      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
      ms_forward_set_listen_url (server.forward, url);
      ms_forward_start (server.forward);
    }
  g_main_loop_run (server.loop);
  status = EXIT_SUCCESS;

out:
  server_clear (&server);
  return status;
}

/* ---- token ---------------------------------------------------------------------- */

static int
cmd_token (int    argc,
           char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *station = NULL;
  g_autofree char *agency_code = NULL;
  g_autofree char *agency_name = NULL;
  gint64 number = 0;
  GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Thư mục dữ liệu", "DIR" },
    { "station", 0, 0, G_OPTION_ARG_STRING, &station, "Tên máy trạm", "NAME" },
    { "agency-code", 0, 0, G_OPTION_ARG_STRING, &agency_code, "Mã định danh đơn vị, ví dụ 000.00.12.H29", "C" },
    { "agency-name", 0, 0, G_OPTION_ARG_STRING, &agency_name, "Tên đơn vị, ví dụ UBND xã Tân Lập", "TEXT" },
    { "station-number", 0, 0, G_OPTION_ARG_INT64, &number, "Số máy trạm 1–9", "N" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— cấp mã truy cập mới cho một máy trạm");
  g_autoptr(GError) error = NULL;
  g_autofree char *b64 = NULL;
  g_autofree char *hash = NULL;
  GString *token;
  sqlite3 *db;
  guint8 raw[32];

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (data_dir == NULL || station == NULL || *station == '\0')
    return usage_error (context, "cần --data-dir và --station");
  if (number != 0 && (number < 1 || number > 9))
    return usage_error (context, "--station-number phải từ 1 đến 9");

  if (getrandom (raw, sizeof raw, 0) != sizeof raw)
    {
      g_printerr ("motcua-server: getrandom: %s\n", g_strerror (errno));
      return EXIT_FAILURE;
    }
  b64 = g_base64_encode (raw, sizeof raw);
  token = g_string_new ("mct_");
  for (const char *p = b64; *p != '\0' && *p != '='; p++)
    g_string_append_c (token, *p == '+' ? '-' : *p == '/' ? '_' : *p);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token->str, -1);

  db = ms_db_open (data_dir, &error);
  if (db == NULL || !ms_db_issue_token (db, station, agency_code, agency_name, number, hash, &error))
    {
      g_printerr ("motcua-server: %s\n", error->message);
      g_string_free (token, TRUE);
      g_clear_pointer (&db, ms_db_close);
      return EXIT_FAILURE;
    }
  ms_db_close (db);
  g_print ("%s\n", token->str);
  g_string_free (token, TRUE);
  return EXIT_SUCCESS;
}

/* ---- revoke --------------------------------------------------------------------- */

/* The station's token stops working and the station identity it was bound
 * to at enrolment is free for another PC (§4.1). */
static int
cmd_revoke (int    argc,
            char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *station = NULL;
  GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Thư mục dữ liệu", "DIR" },
    { "station", 0, 0, G_OPTION_ARG_STRING, &station, "Tên máy trạm", "NAME" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— thu hồi mã truy cập của một máy trạm");
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;
  sqlite3 *db;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (data_dir == NULL || station == NULL || *station == '\0')
    return usage_error (context, "cần --data-dir và --station");
  db = ms_db_open (data_dir, &error);
  if (db == NULL || !ms_db_revoke_station (db, station, &found, &error))
    {
      g_printerr ("motcua-server: %s\n", error->message);
      g_clear_pointer (&db, ms_db_close);
      return EXIT_FAILURE;
    }
  ms_db_close (db);
  if (!found)
    {
      g_printerr ("motcua-server: máy trạm “%s” không có mã truy cập nào còn hiệu lực\n", station);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}

/* ---- dossiers ------------------------------------------------------------------- */

static void
add_attachments (JsonBuilder *b,
                 const char  *body_text)
{
  g_autoptr(JsonNode) body = mc_json_parse (body_text, -1, MC_LIMIT_BODY_SIZE, NULL);
  JsonArray *attachments = NULL;

  json_builder_set_member_name (b, "attachments");
  json_builder_begin_array (b);
  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    attachments = json_object_get_array_member (json_node_get_object (body), "attachments");
  for (guint i = 0; attachments != NULL && i < json_array_get_length (attachments); i++)
    {
      JsonObject *a = json_array_get_object_element (attachments, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, json_object_get_string_member (a, "name"));
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, json_object_get_int_member (a, "size"));
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, json_object_get_string_member (a, "sha256"));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* The fees the desk sent, as sent ([] when none). */
static void
add_fees (JsonBuilder *b,
          const char  *body_text)
{
  g_autoptr(JsonNode) body = mc_json_parse (body_text, -1, MC_LIMIT_BODY_SIZE, NULL);
  JsonNode *fees = body != NULL && JSON_NODE_HOLDS_OBJECT (body)
                   ? json_object_get_member (json_node_get_object (body), "fees") : NULL;

  json_builder_set_member_name (b, "fees");
  if (fees != NULL && JSON_NODE_HOLDS_ARRAY (fees))
    json_builder_add_value (b, json_node_copy (fees));
  else
    {
      json_builder_begin_array (b);
      json_builder_end_array (b);
    }
}

static void
print_dossiers_json (sqlite3   *db,
                     GPtrArray *list)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    {
      MsDossier *d = list->pdata[i];
      g_autoptr(MsStation) station = ms_db_station_get (db, d->station_id, NULL);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "uuid");
      json_builder_add_string_value (b, d->uuid);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, d->code);
      json_builder_set_member_name (b, "received_at");
      json_builder_add_string_value (b, d->received_at);
      add_attachments (b, d->body);
      add_fees (b, d->body);
      json_builder_set_member_name (b, "revision");
      json_builder_add_int_value (b, d->revision);
      json_builder_set_member_name (b, "state");
      json_builder_add_string_value (b, ms_state_name (d->state_code));
      json_builder_set_member_name (b, "state_code");
      json_builder_add_int_value (b, d->state_code);
      json_builder_set_member_name (b, "server_ref");
      json_builder_add_string_value (b, d->server_ref);
      json_builder_set_member_name (b, "body_sha256");
      json_builder_add_string_value (b, d->body_sha256);
      json_builder_set_member_name (b, "station");
      json_builder_add_string_value (b, station != NULL ? station->name : "");
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static int
cmd_dossiers (int    argc,
              char **argv)
{
  g_autofree char *data_dir = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Thư mục dữ liệu", "DIR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "In dạng JSON", NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— liệt kê các hồ sơ máy chủ đang giữ");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  sqlite3 *db;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (data_dir == NULL)
    return usage_error (context, "cần --data-dir");

  db = ms_db_open (data_dir, &error);
  if (db != NULL)
    list = ms_db_dossier_list (db, &error);
  if (list == NULL)
    {
      g_printerr ("motcua-server: %s\n", error->message);
      g_clear_pointer (&db, ms_db_close);
      return EXIT_FAILURE;
    }
  if (json)
    print_dossiers_json (db, list);
  else
    for (guint i = 0; i < list->len; i++)
      {
        MsDossier *d = list->pdata[i];

        g_print ("%-28s %s  r%-3" G_GINT64_FORMAT " %-2" G_GINT64_FORMAT " %s\n", d->code, d->uuid,
                 d->revision, d->state_code, ms_state_name (d->state_code));
      }
  ms_db_close (db);
  return EXIT_SUCCESS;
}

/* ---- set-status ------------------------------------------------------------------ */

static int
cmd_set_status (int    argc,
                char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *message = NULL;
  GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Thư mục dữ liệu", "DIR" },
    { "message", 0, 0, G_OPTION_ARG_STRING, &message, "Lời nhắn cho cán bộ một cửa", "TEXT" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("MÃ-HỒ-SƠ TRẠNG-THÁI — đổi trạng thái một hồ sơ");
  g_autoptr(GError) error = NULL;
  gint64 state;
  sqlite3 *db;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (data_dir == NULL || argc != 3)
    return usage_error (context, "cần --data-dir, mã hồ sơ và trạng thái");
  state = ms_state_from_string (argv[2]);
  if (state == 0)
    return usage_error (context, "trạng thái phải là một trong accepted, refused, processing, "
                                 "supplement_requested, payment_requested, withdrawn, stopped, done, "
                                 "returned (hoặc mã 1–10)");
  if (message != NULL && *message == '\0')
    g_clear_pointer (&message, g_free);

  db = ms_db_open (data_dir, &error);
  if (db == NULL || !ms_set_status (db, argv[1], state, message, &error))
    {
      if (g_error_matches (error, MS_ERROR, MS_ERROR_NOT_FOUND))
        g_printerr ("motcua-server: máy chủ không có hồ sơ mã “%s”\n", argv[1]);
      else
        g_printerr ("motcua-server: %s\n", error->message);
      g_clear_pointer (&db, ms_db_close);
      return EXIT_FAILURE;
    }
  ms_db_close (db);
  return EXIT_SUCCESS;
}

int
main (int    argc,
      char **argv)
{
  const char *command;

  setlocale (LC_ALL, "");
  g_log_set_writer_func (log_to_stderr, NULL, NULL);
  if (argc < 2)
    {
      g_printerr ("Cách dùng: motcua-server serve|token|revoke|dossiers|set-status|forwards|forward-retry|forward-backfill --data-dir DIR …\n");
      return EXIT_USAGE;
    }
  command = argv[1];
  /* Each command parses the rest, with the command as its program name. */
  argv[1] = argv[0];
  argc--;
  argv++;

  if (g_str_equal (command, "serve"))
    return cmd_serve (argc, argv);
  if (g_str_equal (command, "token"))
    return cmd_token (argc, argv);
  if (g_str_equal (command, "revoke"))
    return cmd_revoke (argc, argv);
  if (g_str_equal (command, "dossiers"))
    return cmd_dossiers (argc, argv);
  if (g_str_equal (command, "set-status"))
    return cmd_set_status (argc, argv);
  if (g_str_equal (command, "forwards"))
    return ms_forward_cmd_list (argc, argv);
  if (g_str_equal (command, "forward-retry"))
    return ms_forward_cmd_retry (argc, argv);
  if (g_str_equal (command, "forward-backfill"))
    return ms_forward_cmd_backfill (argc, argv);

  g_printerr ("motcua-server: không có lệnh “%s” (serve, token, revoke, dossiers, set-status, forwards, forward-retry, forward-backfill)\n", command);
  return EXIT_USAGE;
}
