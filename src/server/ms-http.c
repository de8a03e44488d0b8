/* ms-http.c — motcua-server's HTTP side: listening, routing, authentication,
 * error bodies (§5.3), fault injection, /info and /catalog
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "mc-canon.h"
#include "mc-core.h"
#include "ms-forward.h"
#include "ms-server.h"

#define MSG_UNAUTHORIZED "Mã truy cập không hợp lệ hoặc đã bị thu hồi — cần đăng ký lại máy."

gboolean
ms_check_json_content_type (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);

  return type != NULL && g_ascii_strcasecmp (type, "application/json") == 0;
}

/* ---- JSON parsing with duplicate detection (§5.2) --------------------- */

JsonNode *
ms_parse_json (GBytes  *body,
               GError **error)
{
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  g_autoptr(JsonNode) root = NULL;

  if (size == 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_FAILED, "empty body");
      return NULL;
    }
  root = mc_canon_parse (data, (gssize) size, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_FAILED, "not an object");
      return NULL;
    }
  return g_steal_pointer (&root);
}

/* ---- request bookkeeping ---------------------------------------------- */

static void
ms_request_free (MsRequest *req)
{
  ms_station_free (req->station);
  g_free (req->method);
  g_free (req->token_id);
  g_free (req->token_hash);
  g_free (req->arg1);
  g_free (req->arg2);
  g_free (req);
}

MsRequest *
ms_request_get (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), "ms-request");
}

typedef struct
{
  SoupServerMessage *msg;
} Unpause;

static gboolean
unpause_cb (gpointer data)
{
  Unpause *u = data;
  MsRequest *req = ms_request_get (u->msg);

  if (req != NULL && !req->finished)
    soup_server_message_unpause (u->msg);
  return G_SOURCE_REMOVE;
}

static void
unpause_free (gpointer data)
{
  Unpause *u = data;

  g_object_unref (u->msg);
  g_free (u);
}

static void
pause_for (SoupServerMessage *msg,
           guint              ms)
{
  Unpause *u = g_new0 (Unpause, 1);

  u->msg = g_object_ref (msg);
  soup_server_message_pause (msg);
  g_timeout_add_full (G_PRIORITY_DEFAULT, ms, unpause_cb, u, unpause_free);
}

/* Closes the connection under libsoup's feet: its next read fails, it drops
 * the message without writing anything — what a cut network looks like. */
static void
drop_connection (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    {
      g_debug ("fault: dropping the connection");
      g_socket_shutdown (socket, TRUE, TRUE, NULL);
    }
}

/* Content-Length is checked before the body comes; a chunked body has
 * none, so it is counted as it arrives: past the cap what was kept is
 * freed, the rest is read and thrown away, and the answer is 413 on a
 * connection that closes after it. */
static void
check_body_size (SoupServerMessage *msg,
                 MsRequest         *req,
                 gsize              size)
{
  SoupMessageBody *body;

  req->body_received += (gint64) size;
  if (req->body_received <= MS_MAX_BODY_SIZE)
    return;
  body = soup_server_message_get_request_body (msg);
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  ms_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                  "Nội dung hồ sơ vượt quá giới hạn 1 MiB của máy chủ.", NULL);
}

static void
on_got_chunk_cb (SoupServerMessage *msg,
                 GBytes            *chunk,
                 gpointer           user_data)
{
  MsRequest *req = user_data;
  MsServer *server = req->server;
  gsize size = g_bytes_get_size (chunk);

  if (req->dropped)
    return;

  server->received_total += size;
  if (server->fault_drop_bytes > 0 && server->received_total >= server->fault_drop_next)
    {
      while (server->fault_drop_next <= server->received_total)
        server->fault_drop_next += server->fault_drop_bytes;
      req->dropped = TRUE;
      drop_connection (msg);
      return;
    }

  if (req->patch != NULL)
    ms_tus_patch_got_chunk (server, msg, chunk);
  else if (g_str_equal (req->method, "PUT") && soup_server_message_get_status (msg) == 0)
    check_body_size (msg, req, size);

  if (server->fault_bandwidth > 0)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 start = MAX (now, server->bandwidth_next_us);

      server->bandwidth_next_us = start + (gint64) size * G_USEC_PER_SEC / server->fault_bandwidth;
      if (server->bandwidth_next_us - now >= 1000)
        pause_for (msg, (guint) ((server->bandwidth_next_us - now) / 1000));
    }
}

/* A 204 carries no Content-Length (libsoup removes it while writing the
 * headers), which libsoup 3.2 then takes for an answer ended by closing
 * the connection: it closed the connection after every tus PATCH, and
 * the client paid a new one (a round trip more on a slow link; a race
 * for a client already sending its next request). The headers are out
 * (with Connection: keep-alive, ms-reply.c): say there was no body, so
 * the connection stays open. */
static void
on_wrote_headers_cb (SoupServerMessage *msg,
                     gpointer           user_data)
{
  MsServer *server = user_data;

  if (soup_server_message_get_status (msg) == SOUP_STATUS_NO_CONTENT && !server->fault_close_204)
    soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_NONE);
}

static void
on_finished_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  MsRequest *req = user_data;
  GUri *uri = soup_server_message_get_uri (msg);

  req->finished = TRUE;
  ms_conns_request_finished (req->server, msg);
  /* Paths carry only UUIDs, digests and ids (§3); never the token. */
  g_debug ("%s %s → %u (token %s)%s", req->method, g_uri_get_path (uri),
           soup_server_message_get_status (msg),
           req->token_id != NULL ? req->token_id : "-",
           req->dropped ? " dropped" : "");
  if (req->patch != NULL)
    {
      ms_patch_free (req->patch);
      req->patch = NULL;
    }
}

/* ---- routing ----------------------------------------------------------- */

static MsRoute
route_path (const char  *path,
            char       **arg1,
            char       **arg2)
{
  g_auto(GStrv) parts = NULL;
  guint n;

  if (!g_str_has_prefix (path, "/api/v1/"))
    return MS_ROUTE_NONE;
  parts = g_strsplit (path + strlen ("/api/v1/"), "/", -1);
  n = g_strv_length (parts);
  for (guint i = 0; i < n; i++)
    if (*parts[i] == '\0')
      return MS_ROUTE_NONE;

  if (n == 1 && g_str_equal (parts[0], "info"))
    return MS_ROUTE_INFO;
  if (n == 1 && g_str_equal (parts[0], "catalog"))
    return MS_ROUTE_CATALOG;
  if (n == 1 && g_str_equal (parts[0], "changes"))
    return MS_ROUTE_CHANGES;
  if (n == 1 && g_str_equal (parts[0], "uploads"))
    return MS_ROUTE_UPLOADS;
  if (n == 2 && g_str_equal (parts[0], "uploads"))
    {
      *arg1 = g_strdup (parts[1]);
      return MS_ROUTE_UPLOAD;
    }
  if (n == 2 && g_str_equal (parts[0], "attachments"))
    {
      *arg1 = g_strdup (parts[1]);
      return MS_ROUTE_ATTACHMENT;
    }
  if (n == 2 && g_str_equal (parts[0], "dossiers"))
    {
      *arg1 = g_strdup (parts[1]);
      return MS_ROUTE_DOSSIER;
    }
  if (n == 4 && g_str_equal (parts[0], "dossiers") && g_str_equal (parts[2], "actions"))
    {
      *arg1 = g_strdup (parts[1]);
      *arg2 = g_strdup (parts[3]);
      return MS_ROUTE_ACTION;
    }
  return MS_ROUTE_NONE;
}

static gboolean
method_allowed (MsRoute     route,
                const char *m)
{
  switch (route)
    {
    case MS_ROUTE_INFO:
    case MS_ROUTE_CATALOG:
    case MS_ROUTE_CHANGES:
      return g_str_equal (m, "GET");
    case MS_ROUTE_ATTACHMENT:
      return g_str_equal (m, "HEAD");
    case MS_ROUTE_UPLOADS:
      return g_str_equal (m, "POST") || g_str_equal (m, "OPTIONS");
    case MS_ROUTE_UPLOAD:
      return g_str_equal (m, "HEAD") || g_str_equal (m, "PATCH") || g_str_equal (m, "OPTIONS");
    case MS_ROUTE_DOSSIER:
      return g_str_equal (m, "GET") || g_str_equal (m, "PUT");
    case MS_ROUTE_ACTION:
      return g_str_equal (m, "PUT");
    case MS_ROUTE_NONE:
    default:
      return FALSE;
    }
}

static gboolean
authenticate (MsServer          *server,
              SoupServerMessage *msg,
              MsRequest         *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  const char *token;

  if (auth != NULL && g_ascii_strncasecmp (auth, "Bearer ", 7) == 0)
    {
      token = auth + 7;
      while (*token == ' ')
        token++;
      if (*token != '\0' && strlen (token) <= 512)
        {
          hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
          req->token_id = g_strndup (hash, 8);
          req->station = ms_db_station_for_token (server->db, hash, &error);
          req->token_hash = g_steal_pointer (&hash);
        }
    }

  if (req->station == NULL)
    {
      if (error != NULL && !g_error_matches (error, MS_ERROR, MS_ERROR_NOT_FOUND))
        {
          ms_reply_internal (msg, error);
          return FALSE;
        }
      soup_message_headers_replace (response, "WWW-Authenticate",
                                    "Bearer realm=\"motcua\", error=\"invalid_token\"");
      ms_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", MSG_UNAUTHORIZED, NULL);
      return FALSE;
    }
  if (req->station->disabled)
    {
      ms_reply_error (msg, SOUP_STATUS_FORBIDDEN, "station_disabled",
                      "Máy trạm này đã bị tạm ngừng đồng bộ. Hãy liên hệ bộ phận quản trị của tỉnh.",
                      NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
inject_status_faults (MsServer          *server,
                      SoupServerMessage *msg)
{
  if (server->fault_503 > 0 && g_rand_double (server->rand) < server->fault_503)
    {
      ms_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                      "Máy chủ đang bận hoặc bảo trì; máy trạm sẽ tự gửi lại sau.", NULL);
      return TRUE;
    }
  if (server->fault_429 > 0 && g_rand_double (server->rand) < server->fault_429)
    {
      g_autofree char *secs = g_strdup_printf ("%u", server->fault_429_secs);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", secs);
      ms_reply_error (msg, 429, "rate_limited",
                      "Máy chủ đang nhận quá nhiều yêu cầu; máy trạm sẽ tự gửi lại sau.", NULL);
      return TRUE;
    }
  return FALSE;
}

static void
early_checks (MsServer          *server,
              SoupServerMessage *msg,
              MsRequest         *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  gboolean options = g_str_equal (req->method, "OPTIONS");

  if (!options && inject_status_faults (server, msg))
    return;

  /* Forwarded attachments: signed URLs for the one-stop system, no token. */
  if (ms_forward_file_path (g_uri_get_path (soup_server_message_get_uri (msg)), &req->arg1))
    {
      req->route = MS_ROUTE_FORWARD_FILE;
      if (!g_str_equal (req->method, "GET") && !g_str_equal (req->method, "HEAD"))
        ms_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                        "Địa chỉ này không nhận phương thức đó.", NULL);
      return;
    }
  req->route = route_path (g_uri_get_path (soup_server_message_get_uri (msg)), &req->arg1, &req->arg2);
  if (req->route == MS_ROUTE_NONE)
    {
      ms_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                      "Không có địa chỉ này trên máy chủ.", NULL);
      return;
    }
  if (!method_allowed (req->route, req->method))
    {
      ms_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                      "Địa chỉ này không nhận phương thức đó.", NULL);
      return;
    }
  if (options)
    return;
  if (!authenticate (server, msg, req))
    return;

  if (req->route == MS_ROUTE_UPLOADS || req->route == MS_ROUTE_UPLOAD)
    {
      if (!ms_tus_check_version (server, msg))
        return;
    }

  if (g_str_equal (req->method, "PUT"))
    {
      goffset length = soup_message_headers_get_content_length (headers);

      if (!ms_check_json_content_type (msg))
        ms_reply_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                        "Nội dung phải có kiểu application/json.", NULL);
      else if (length > MS_MAX_BODY_SIZE)
        ms_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                        "Nội dung hồ sơ vượt quá giới hạn 1 MiB của máy chủ.", NULL);
      return;
    }

  if (g_str_equal (req->method, "PATCH"))
    ms_tus_patch_begin (server, msg, req->arg1);
}

static void
early_handler_cb (SoupServer        *soup,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  MsServer *server = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *override = soup_message_headers_get_one (headers, "X-HTTP-Method-Override");
  MsRequest *req = g_new0 (MsRequest, 1);

  req->server = server;
  /* For gateways that block PATCH (tus): a POST carrying the real method. */
  if (g_str_equal (method, "POST") && override != NULL && *override != '\0')
    req->method = g_ascii_strup (override, -1);
  else
    req->method = g_strdup (method);
  g_object_set_data_full (G_OBJECT (msg), "ms-request", req, (GDestroyNotify) ms_request_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk_cb), req);
  g_signal_connect (msg, "finished", G_CALLBACK (on_finished_cb), req);
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (on_wrote_headers_cb), server);
  ms_conns_request_started (server, msg);

  early_checks (server, msg, req);

  /* Only dossier and action bodies are kept in memory; the tus PATCH body
   * streams to disk, and a refused request's body is read and thrown away. */
  if (soup_server_message_get_status (msg) != 0 || !g_str_equal (req->method, "PUT"))
    soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);

  if (server->fault_latency_ms > 0 && !req->deferred)
    pause_for (msg, server->fault_latency_ms);
}

/* ---- /info and /catalog ----------------------------------------------- */

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
handle_info (MsServer          *server,
             SoupServerMessage *msg,
             MsRequest         *req)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *now = ms_now_string ();

  json_builder_begin_object (b);
  mc_json_add_string_or_null (b, "protocol_version", MS_PROTOCOL_VERSION);
  json_builder_set_member_name (b, "server");
  json_builder_begin_object (b);
  mc_json_add_string_or_null (b, "name", "motcua-server");
  mc_json_add_string_or_null (b, "version", PACKAGE_VERSION);
  json_builder_end_object (b);
  mc_json_add_string_or_null (b, "server_time", now);

  json_builder_set_member_name (b, "station");
  json_builder_begin_object (b);
  mc_json_add_string_or_null (b, "name", req->station->name);
  mc_json_add_string_or_null (b, "agency_code", req->station->agency_code);
  mc_json_add_string_or_null (b, "agency_name", req->station->agency_name);
  json_builder_set_member_name (b, "station_number");
  if (req->station->station_number > 0)
    json_builder_add_int_value (b, req->station->station_number);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "attachments");
  json_builder_begin_object (b);
  mc_json_add_string_or_null (b, "tus_endpoint", "/api/v1/uploads");
  mc_json_add_string_or_null (b, "tus_version", "1.0.0");
  mc_json_add_string_or_null (b, "checksum_algorithm", "sha256");
  json_builder_end_object (b);
  mc_json_add_string_or_null (b, "catalog_etag", server->catalog_etag);

  json_builder_set_member_name (b, "limits");
  json_builder_begin_object (b);
  add_int (b, "max_attachment_size", server->max_attachment_size);
  add_int (b, "max_attachments_per_dossier", MS_MAX_ATTACHMENTS);
  add_int (b, "max_body_size", MS_MAX_BODY_SIZE);
  add_int (b, "upload_chunk_size", MIN (MS_UPLOAD_CHUNK_SIZE, server->max_attachment_size));
  add_int (b, "max_chunk_size", MS_MAX_CHUNK_SIZE);
  add_int (b, "max_concurrent_requests", server->max_concurrent);
  add_int (b, "incomplete_upload_ttl", MS_UPLOAD_TTL);
  add_int (b, "changes_page_max", MS_CHANGES_PAGE_MAX);
  add_int (b, "changes_poll_interval", MS_CHANGES_POLL_INTERVAL);
  add_int (b, "clock_skew_warning", MS_CLOCK_SKEW_WARNING);
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  ms_reply_json (msg, SOUP_STATUS_OK, root);
}

static gboolean
etag_matches (const char *if_none_match,
              const char *etag)
{
  g_auto(GStrv) tags = g_strsplit (if_none_match, ",", -1);

  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, "*") || g_str_equal (tag, etag))
        return TRUE;
    }
  return FALSE;
}

static void
handle_catalog (MsServer          *server,
                SoupServerMessage *msg)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *inm = soup_message_headers_get_one (request, "If-None-Match");
  gsize size;
  const char *data = g_bytes_get_data (server->catalog_body, &size);

  soup_message_headers_replace (response, "ETag", server->catalog_etag);
  soup_message_headers_replace (response, "Cache-Control", "no-cache");
  if (inm != NULL && etag_matches (inm, server->catalog_etag))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, data, size);
}

/* ---- dispatch ---------------------------------------------------------- */

static void
handler_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  MsServer *server = user_data;
  MsRequest *req = ms_request_get (msg);
  const char *m;

  if (req == NULL || req->dropped)
    return;
  m = req->method;

  switch (req->route)
    {
    case MS_ROUTE_INFO:
      if (ms_enrol_bind (server, msg, req))
        handle_info (server, msg, req);
      break;
    case MS_ROUTE_CATALOG:
      handle_catalog (server, msg);
      break;
    case MS_ROUTE_ATTACHMENT:
      ms_attachment_head (server, msg, req->arg1);
      break;
    case MS_ROUTE_UPLOADS:
    case MS_ROUTE_UPLOAD:
      if (g_str_equal (m, "OPTIONS"))
        ms_tus_options (server, msg);
      else if (g_str_equal (m, "POST"))
        ms_pool_run (server, msg, ms_tus_create, NULL, NULL, NULL);
      else if (g_str_equal (m, "HEAD"))
        ms_tus_head (server, msg, req->arg1);
      else
        ms_tus_patch_finish (server, msg);
      break;
    case MS_ROUTE_DOSSIER:
      ms_pool_run (server, msg, g_str_equal (m, "PUT") ? ms_dossier_put : ms_dossier_get, NULL, NULL, NULL);
      break;
    case MS_ROUTE_ACTION:
      ms_pool_run (server, msg, ms_action_put, NULL, NULL, NULL);
      break;
    case MS_ROUTE_CHANGES:
      ms_pool_run (server, msg, ms_changes_get, NULL, NULL, NULL);
      break;
    case MS_ROUTE_FORWARD_FILE:
      ms_forward_file_get (server, msg, req->arg1, query);
      break;
    case MS_ROUTE_NONE:
    default:
      ms_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "Không có địa chỉ này trên máy chủ.", NULL);
    }
}

/* ---- start ------------------------------------------------------------- */

static GSocketAddress *
parse_listen (const char  *listen,
              GError     **error)
{
  const char *colon = strrchr (listen, ':');
  g_autofree char *host = NULL;
  guint64 port;
  GSocketAddress *address;

  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    goto bad;
  host = g_strndup (listen, colon - listen);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = inner;
    }
  if (g_str_equal (host, "localhost"))
    {
      g_free (host);
      host = g_strdup ("127.0.0.1");
    }
  address = g_inet_socket_address_new_from_string (host, (guint) port);
  if (address == NULL)
    goto bad;
  return address;

bad:
  g_set_error (error, MS_ERROR, MS_ERROR_FAILED,
               "--listen phải có dạng ĐỊA-CHỈ-IP:CỔNG, ví dụ 127.0.0.1:8443 (được: %s)", listen);
  return NULL;
}

gboolean
ms_server_start (MsServer    *server,
                 const char  *listen,
                 const char  *tls_cert,
                 const char  *tls_key,
                 GError     **error)
{
  g_autoptr(GSocketAddress) address = parse_listen (listen, error);
  g_autoptr(GSocket) listener = NULL;
  SoupServerListenOptions options = 0;
  g_autofree char *host = NULL;
  GSList *uris;
  int port;

  if (address == NULL)
    return FALSE;

  server->soup = soup_server_new ("server-header", "motcua-server/" PACKAGE_VERSION " ", NULL);
  if (tls_cert != NULL)
    {
      g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_files (tls_cert, tls_key, error);

      if (cert == NULL)
        return FALSE;
      soup_server_set_tls_certificate (server->soup, cert);
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }
  soup_server_add_early_handler (server->soup, NULL, early_handler_cb, server, NULL);
  ms_conns_init (server);
  soup_server_add_handler (server->soup, NULL, handler_cb, server, NULL);

  listener = ms_listen_socket (address, error);
  if (listener == NULL || !soup_server_listen_socket (server->soup, listener, options, error))
    return FALSE;

  uris = soup_server_get_uris (server->soup);
  port = uris != NULL ? g_uri_get_port (uris->data) : 0;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  host = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
  g_print (strchr (host, ':') != NULL ? "listening on %s://[%s]:%d/\n" : "listening on %s://%s:%d/\n",
           tls_cert != NULL ? "https" : "http", host, port);
  fflush (stdout);
  return TRUE;
}
