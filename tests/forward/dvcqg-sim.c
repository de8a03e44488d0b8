/* dvcqg-sim.c — a one-stop system's national-portal sync interface, for tests
 *
 *   dvcqg-sim --listen 127.0.0.1:0 --username U --password P --dstcode D --madonvi M
 *             [--fail-500 F] [--lose F] [--session-calls N] [--refuse TEXT]
 *             [--refuse-message TEXT]
 *             [--latency MS] [--seed N] [--tls-cert PEM --tls-key PEM]
 *             [--exists-message TEXT] [--missing-is-error]
 *
 * Speaks what motcua-server's "dvcqg" connector expects (docs/connectors.md):
 *   POST /auth  {"username","password"}                → {"error_code":0,"session"}
 *   POST /api   {"session","madonvi","service",…}      → {"error_code","message",…}
 *     DongBoHoSoMC (isUpdating "False"/"True", data [records]), TraCuuHoSo (mahoso)
 * with faults: HTTP 500 before anything is stored (--fail-500), the answer
 * lost after the record was stored (--lose: the connection is shut),
 * sessions that expire after N calls (answered with HTTP 200 and a non-zero
 * error_code), refusal of records whose ChuHoSo contains TEXT, and "đã tồn
 * tại" (or --exists-message TEXT) for a create of a MaHoSo it holds; a
 * record in status 10 (đã trả kết quả) without NgayTra is refused.
 * Everything is kept in memory.
 *
 * For the tests, on the same (loopback) port:
 *   GET  /admin/state   {"records":{MaHoSo: record}, "creates":{…}, "updates":{…}, "counts":{…}}
 *   POST /admin/status  {"MaHoSo","TrangThaiHoSo","NguoiXuLy","ChucDanh","PhongBanXuLy","NoiDungXuLy"}
 *   POST /admin/refuse  {"text"}: refuse records whose ChuHoSo contains it ("" = none)
 *   POST /admin/fail-500 {"fraction"}: change --fail-500
 *   POST /admin/lookup-error {"prefix"}: TraCuuHoSo of a MaHoSo starting with
 *     it answers error_code 1 "Lỗi hệ thống" ("" = none)
 * --missing-is-error: TraCuuHoSo of a MaHoSo it does not hold answers
 * error_code 1 "Hồ sơ không tồn tại" (as some gateways do) instead of an
 * empty result.
 *   POST /admin/hostile {"mode"}: answer every /api call, storing nothing, with
 *     "deep" (200 000 nested arrays), "huge" (a 5 MiB message), "text" (not
 *     JSON), "types" (error_code and message of the wrong types), "trickle"
 *     (a byte every 300 ms, never finished); "" = normal
 * It prints "listening on URL" on stdout once it accepts connections.
 */
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

typedef struct
{
  char       *username;
  char       *password;
  char       *dstcode;
  char       *madonvi;
  double      fail_500;
  double      lose;
  gint64      session_calls;
  char       *refuse;
  char       *refuse_message;  /* the text of a refusal (--refuse-message) */
  char       *exists_message;
  char       *hostile;
  gboolean    missing_is_error;
  char       *lookup_error;
  guint       latency_ms;
  GRand      *rand;
  GHashTable *sessions;   /* token → calls left (GINT_TO_POINTER) */
  GHashTable *records;    /* MaHoSo → JsonObject* */
  GHashTable *creates;    /* MaHoSo → count */
  GHashTable *updates;
  GHashTable *counts;     /* what happened → count */
} Sim;

static Sim sim;

static void
count (GHashTable *table,
       const char *key)
{
  gpointer old = g_hash_table_lookup (table, key);

  g_hash_table_replace (table, g_strdup (key), GINT_TO_POINTER (GPOINTER_TO_INT (old) + 1));
}

static gboolean
on_unpause (gpointer data)
{
  soup_server_message_unpause (data);
  return G_SOURCE_REMOVE;
}

static void
reply (SoupServerMessage *msg,
       guint              status,
       JsonNode          *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
  if (sim.latency_ms > 0)
    {
      soup_server_message_pause (msg);
      g_timeout_add_full (G_PRIORITY_DEFAULT, sim.latency_ms, on_unpause, g_object_ref (msg), g_object_unref);
    }
}

static void
reply_code (SoupServerMessage *msg,
            gint64             code,
            const char        *message)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "error_code", code == 0 ? "0" : code < 0 ? "-1" : "1");
  json_object_set_string_member (o, "message", message);
  json_node_take_object (node, o);
  reply (msg, SOUP_STATUS_OK, node);
}

static JsonObject *
parse_body (SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (g_bytes_get_size (body) > 8 * 1024 * 1024 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static gboolean
drawn (double fraction)
{
  return fraction > 0 && g_rand_double (sim.rand) < fraction;
}

/* ---- the interface --------------------------------------------------------- */

static void
handle_auth (SoupServerMessage *msg,
             JsonObject        *body)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o;
  guint8 raw[16];
  g_autofree char *token = NULL;

  if (g_strcmp0 (json_object_get_string_member_with_default (body, "username", NULL), sim.username) != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (body, "password", NULL), sim.password) != 0)
    {
      count (sim.counts, "login_refused");
      reply_code (msg, 1, "Sai tên đăng nhập hoặc mật khẩu");
      return;
    }
  for (guint i = 0; i < sizeof raw; i++)
    raw[i] = (guint8) g_rand_int (sim.rand);
  token = g_base64_encode (raw, sizeof raw);
  g_hash_table_replace (sim.sessions, g_strdup (token), GINT_TO_POINTER ((int) sim.session_calls));
  count (sim.counts, "logins");
  o = json_object_new ();
  json_object_set_string_member (o, "error_code", "0");
  json_object_set_string_member (o, "message", "Đăng nhập thành công");
  json_object_set_string_member (o, "session", token);
  json_node_take_object (node, o);
  reply (msg, SOUP_STATUS_OK, node);
}

static void
drop (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  count (sim.counts, "lost");
  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
  soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
}

static void
sync_records (SoupServerMessage *msg,
              JsonObject        *body)
{
  gboolean updating = g_strcmp0 (json_object_get_string_member_with_default (body, "isUpdating", ""), "True") == 0;
  JsonArray *data = json_object_get_array_member (body, "data");

  if (data == NULL || json_array_get_length (data) != 1)
    {
      reply_code (msg, 1, "Thiếu dữ liệu hồ sơ");
      return;
    }
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonObject *record = json_array_get_object_element (data, i);
      const char *code = record != NULL ? json_object_get_string_member_with_default (record, "MaHoSo", NULL) : NULL;
      const char *owner = record != NULL ? json_object_get_string_member_with_default (record, "ChuHoSo", "") : "";
      JsonObject *held;

      if (code == NULL || *code == '\0')
        {
          reply_code (msg, 1, "Thiếu MaHoSo");
          return;
        }
      if (sim.refuse != NULL && strstr (owner, sim.refuse) != NULL)
        {
          count (sim.counts, "refused");
          reply_code (msg, 1, sim.refuse_message != NULL ? sim.refuse_message
                                                          : "Dữ liệu không hợp lệ: chủ hồ sơ không khớp cơ sở dữ liệu dân cư");
          return;
        }
      /* A returned dossier (10) says when it was returned. */
      if (g_strcmp0 (json_object_get_string_member_with_default (record, "TrangThaiHoSo", ""), "10") == 0 &&
          *json_object_get_string_member_with_default (record, "NgayTra", "") == '\0')
        {
          reply_code (msg, 1, "Dữ liệu không hợp lệ: hồ sơ đã trả kết quả phải có NgayTra");
          return;
        }
      held = g_hash_table_lookup (sim.records, code);
      if (!updating && held != NULL)
        {
          count (sim.counts, "exists");
          reply_code (msg, 1, sim.exists_message != NULL ? sim.exists_message : "Hồ sơ đã tồn tại trên hệ thống");
          return;
        }
      if (updating && held == NULL)
        {
          reply_code (msg, 1, "Không tìm thấy hồ sơ để cập nhật");
          return;
        }
      {
        JsonObject *copy = json_object_new ();
        JsonNode *steps = held != NULL ? json_object_get_member (held, "QuaTrinhXuLy") : NULL;
        GList *members = json_object_get_members (record);

        for (GList *l = members; l != NULL; l = l->next)
          json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (record, l->data)));
        g_list_free (members);
        json_object_set_member (copy, "QuaTrinhXuLy", steps != NULL ? json_node_copy (steps)
                                                                  : json_node_init_array (json_node_alloc (), json_array_new ()));
        g_hash_table_replace (sim.records, g_strdup (code), copy);
      }
      count (updating ? sim.updates : sim.creates, code);
    }
  if (drawn (sim.lose))
    {
      drop (msg);
      return;
    }
  reply_code (msg, 0, "Đồng bộ thành công");
}

static void
look_up (SoupServerMessage *msg,
         JsonObject        *body)
{
  const char *code = json_object_get_string_member_with_default (body, "mahoso", "");
  JsonObject *held = g_hash_table_lookup (sim.records, code);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();
  JsonArray *result = json_array_new ();

  count (sim.counts, "lookups");
  if (sim.lookup_error != NULL && g_str_has_prefix (code, sim.lookup_error))
    {
      json_object_unref (o);
      json_array_unref (result);
      count (sim.counts, "lookup_errors");
      reply_code (msg, 1, "Lỗi hệ thống");
      return;
    }
  if (held == NULL && sim.missing_is_error)
    {
      json_object_unref (o);
      json_array_unref (result);
      reply_code (msg, 1, "Hồ sơ không tồn tại");
      return;
    }
  if (held != NULL)
    json_array_add_object_element (result, json_object_ref (held));
  json_object_set_string_member (o, "error_code", "0");
  json_object_set_string_member (o, "message", held != NULL ? "Thành công" : "Không tìm thấy hồ sơ");
  json_object_set_array_member (o, "result", result);
  json_node_take_object (node, o);
  reply (msg, SOUP_STATUS_OK, node);
}

static void
on_trickle_finished (SoupServerMessage *msg)
{
  g_object_set_data (G_OBJECT (msg), "finished", GINT_TO_POINTER (1));
}

static gboolean
on_trickle (gpointer data)
{
  SoupServerMessage *msg = data;
  int ticks = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (msg), "ticks"));

  if (g_object_get_data (G_OBJECT (msg), "finished") != NULL || ticks > 1000)
    return G_SOURCE_REMOVE;
  g_object_set_data (G_OBJECT (msg), "ticks", GINT_TO_POINTER (ticks + 1));
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC, " ", 1);
  soup_server_message_unpause (msg);
  return G_SOURCE_CONTINUE;
}

static void
hostile_answer (SoupServerMessage *msg)
{
  GString *text = g_string_new (NULL);

  count (sim.counts, "hostile");
  if (g_str_equal (sim.hostile, "trickle"))
    {
      g_string_free (text, TRUE);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_CHUNKED);
      soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC, "{", 1);
      g_signal_connect (msg, "finished", G_CALLBACK (on_trickle_finished), NULL);
      g_timeout_add_full (G_PRIORITY_DEFAULT, 300, on_trickle, g_object_ref (msg), g_object_unref);
      return;
    }
  if (g_str_equal (sim.hostile, "deep"))
    {
      g_string_append (text, "{\"error_code\": \"0\", \"result\": ");
      for (guint i = 0; i < 200000; i++)
        g_string_append_c (text, '[');
      for (guint i = 0; i < 200000; i++)
        g_string_append_c (text, ']');
      g_string_append_c (text, '}');
    }
  else if (g_str_equal (sim.hostile, "huge"))
    {
      g_string_append (text, "{\"error_code\": \"1\", \"message\": \"");
      for (guint i = 0; i < 5 * 1024 * 1024; i++)
        g_string_append_c (text, 'x');
      g_string_append (text, "\"}");
    }
  else if (g_str_equal (sim.hostile, "types"))
    g_string_append (text, "{\"error_code\": [1], \"message\": {\"text\": 1}, \"session\": 7}");
  else
    g_string_append (text, "<html><body>502 Bad Gateway</body></html>");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text->str, text->len);
  g_string_free (text, TRUE);
}

static void
handle_api (SoupServerMessage *msg,
            JsonObject        *body)
{
  const char *token = json_object_get_string_member_with_default (body, "session", "");
  const char *service = json_object_get_string_member_with_default (body, "service", "");
  gpointer left;

  if (sim.hostile != NULL)
    {
      hostile_answer (msg);
      return;
    }
  if (!g_hash_table_lookup_extended (sim.sessions, token, NULL, &left) || GPOINTER_TO_INT (left) <= 0)
    {
      count (sim.counts, "expired");
      reply_code (msg, -1, "Session không hợp lệ hoặc đã hết hạn");
      return;
    }
  g_hash_table_replace (sim.sessions, g_strdup (token), GINT_TO_POINTER (GPOINTER_TO_INT (left) - 1));
  if (g_strcmp0 (json_object_get_string_member_with_default (body, "madonvi", ""), sim.madonvi) != 0)
    {
      reply_code (msg, 1, "Mã đơn vị không đúng");
      return;
    }
  if (g_str_equal (service, "DongBoHoSoMC"))
    sync_records (msg, body);
  else if (g_str_equal (service, "TraCuuHoSo"))
    look_up (msg, body);
  else
    reply_code (msg, 1, "Dịch vụ không được hỗ trợ");
}

/* ---- admin ---------------------------------------------------------------------- */

static JsonObject *
counts_object (GHashTable *table)
{
  JsonObject *o = json_object_new ();
  GHashTableIter iter;
  gpointer k, v;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &k, &v))
    json_object_set_int_member (o, k, GPOINTER_TO_INT (v));
  return o;
}

static void
admin_state (SoupServerMessage *msg)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();
  JsonObject *records = json_object_new ();
  GHashTableIter iter;
  gpointer k, v;

  g_hash_table_iter_init (&iter, sim.records);
  while (g_hash_table_iter_next (&iter, &k, &v))
    json_object_set_object_member (records, k, json_object_ref (v));
  json_object_set_object_member (o, "records", records);
  json_object_set_object_member (o, "creates", counts_object (sim.creates));
  json_object_set_object_member (o, "updates", counts_object (sim.updates));
  json_object_set_object_member (o, "counts", counts_object (sim.counts));
  json_node_take_object (node, o);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  {
    g_autofree char *text = json_to_string (node, FALSE);

    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
  }
}

static void
admin_status (SoupServerMessage *msg,
              JsonObject        *body)
{
  const char *code = json_object_get_string_member_with_default (body, "MaHoSo", "");
  JsonObject *held = g_hash_table_lookup (sim.records, code);
  JsonObject *step;
  JsonArray *steps;
  static const char *members[] = { "NguoiXuLy", "ChucDanh", "PhongBanXuLy", "NoiDungXuLy", NULL };

  if (held == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  json_object_set_string_member (held, "TrangThaiHoSo",
                                 json_object_get_string_member_with_default (body, "TrangThaiHoSo", ""));
  step = json_object_new ();
  for (guint i = 0; members[i] != NULL; i++)
    json_object_set_string_member (step, members[i], json_object_get_string_member_with_default (body, members[i], ""));
  json_object_set_string_member (step, "TrangThai", json_object_get_string_member (held, "TrangThaiHoSo"));
  steps = json_object_get_array_member (held, "QuaTrinhXuLy");
  json_array_add_object_element (steps, step);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  g_autoptr(JsonObject) body = NULL;
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (path, "/admin/state") && g_str_equal (method, "GET"))
    {
      admin_state (msg);
      return;
    }
  if (!g_str_equal (method, "POST"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }
  body = parse_body (msg);
  if (body == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
      return;
    }
  if (g_str_equal (path, "/admin/status"))
    {
      admin_status (msg, body);
      return;
    }
  if (g_str_equal (path, "/admin/refuse"))
    {
      const char *text = json_object_get_string_member_with_default (body, "text", "");

      g_free (sim.refuse);
      sim.refuse = *text != '\0' ? g_strdup (text) : NULL;
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }
  if (g_str_equal (path, "/admin/fail-500"))
    {
      sim.fail_500 = json_object_get_double_member_with_default (body, "fraction", 0);
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }
  if (g_str_equal (path, "/admin/lookup-error"))
    {
      const char *prefix = json_object_get_string_member_with_default (body, "prefix", "");

      g_free (sim.lookup_error);
      sim.lookup_error = *prefix != '\0' ? g_strdup (prefix) : NULL;
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }
  if (g_str_equal (path, "/admin/hostile"))
    {
      const char *mode = json_object_get_string_member_with_default (body, "mode", "");

      g_free (sim.hostile);
      sim.hostile = *mode != '\0' ? g_strdup (mode) : NULL;
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }
  count (sim.counts, "requests");
  if (g_strcmp0 (soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "dstcode"),
                 sim.dstcode) != 0)
    {
      count (sim.counts, "bad_dstcode");
      soup_server_message_set_status (msg, SOUP_STATUS_FORBIDDEN, NULL);
      return;
    }
  if (drawn (sim.fail_500))
    {
      count (sim.counts, "500");
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      return;
    }
  if (g_str_equal (path, "/auth"))
    handle_auth (msg, body);
  else if (g_str_equal (path, "/api"))
    handle_api (msg, body);
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static gboolean
on_quit (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *listen = NULL;
  gint64 seed = 1;
  gint64 latency = 0;
  gint64 session_calls = 1000000;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "127.0.0.1:PORT", "ADDR" },
    { "username", 0, 0, G_OPTION_ARG_STRING, &sim.username, "login", "U" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &sim.password, "password", "P" },
    { "dstcode", 0, 0, G_OPTION_ARG_STRING, &sim.dstcode, "dstcode header", "D" },
    { "madonvi", 0, 0, G_OPTION_ARG_STRING, &sim.madonvi, "unit code", "M" },
    { "fail-500", 0, 0, G_OPTION_ARG_DOUBLE, &sim.fail_500, "fraction answered 500", "F" },
    { "lose", 0, 0, G_OPTION_ARG_DOUBLE, &sim.lose, "fraction of stored records whose answer is lost", "F" },
    { "session-calls", 0, 0, G_OPTION_ARG_INT64, &session_calls, "calls a session lasts", "N" },
    { "refuse", 0, 0, G_OPTION_ARG_STRING, &sim.refuse, "refuse records whose ChuHoSo contains TEXT", "TEXT" },
    { "refuse-message", 0, 0, G_OPTION_ARG_STRING, &sim.refuse_message, "the message of such a refusal", "TEXT" },
    { "exists-message", 0, 0, G_OPTION_ARG_STRING, &sim.exists_message, "answer to a create of a held MaHoSo", "TEXT" },
    { "missing-is-error", 0, 0, G_OPTION_ARG_NONE, &sim.missing_is_error, "TraCuuHoSo of an unknown MaHoSo is an error", NULL },
    { "latency", 0, 0, G_OPTION_ARG_INT64, &latency, "delay of every answer", "MS" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "random seed", "N" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "serve https with this certificate", "PEM" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "its key", "PEM" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— simulated one-stop system (tests)");
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  const char *colon;
  guint64 port;
  GSList *uris;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || listen == NULL || sim.username == NULL ||
      sim.password == NULL || sim.dstcode == NULL || sim.madonvi == NULL ||
      (colon = strrchr (listen, ':')) == NULL ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_printerr ("dvcqg-sim: bad usage%s%s\n", error != NULL ? ": " : "", error != NULL ? error->message : "");
      return 2;
    }
  sim.session_calls = session_calls;
  sim.latency_ms = (guint) CLAMP (latency, 0, 60000);
  sim.rand = g_rand_new_with_seed ((guint32) seed);
  sim.sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sim.records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  sim.creates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sim.updates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sim.counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  {
    g_autofree char *host = g_strndup (listen, colon - listen);

    address = g_inet_socket_address_new_from_string (host, (guint) port);
  }
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, handler_cb, NULL, NULL);
  if (tls_cert != NULL)
    {
      g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);

      if (cert == NULL)
        {
          g_printerr ("dvcqg-sim: %s\n", error->message);
          return 1;
        }
      soup_server_set_tls_certificate (server, cert);
    }
  if (address == NULL ||
      !soup_server_listen (server, address, tls_cert != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0, &error))
    {
      g_printerr ("dvcqg-sim: %s\n", error != NULL ? error->message : "bad address");
      return 1;
    }
  uris = soup_server_get_uris (server);
  g_print ("listening on %s://127.0.0.1:%d/\n", tls_cert != NULL ? "https" : "http", g_uri_get_port (uris->data));
  fflush (stdout);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_unix_signal_add (SIGTERM, on_quit, loop);
  g_unix_signal_add (SIGINT, on_quit, loop);
  g_main_loop_run (loop);
  return 0;
}
