/* mc-sync-http.c — the desk's HTTP transport (docs/sync-protocol.md §3, §5, §9.4)
 *
 * One SoupSession per worker thread, used with the blocking API. The token
 * is added to each request (same origin only) and never logged. Failures
 * are sorted into the classes of §9.4 here, once, for every caller.
 */
#define G_LOG_DOMAIN "motcua-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-json.h"
#include "mc-limits.h"
#include "mc-sync-deadline.h"
#include "mc-sync-engine-private.h"
#include "mc-sync-private.h"

#define CONNECT_TIMEOUT_MS (15 * 1000)
#define IO_TIMEOUT_S       30
#define MAX_REDIRECTS      3
#define DAY_SECONDS        (24 * 60 * 60)

struct _McSyncHttp
{
  SoupSession *session;
  GUri        *base;
  char        *base_str;
  char        *origin;
  char        *token;
  gint64       skew;
  /* The cancellable of this session's requests, one at a time, reset
   * between them, with its wakeup fd held open (a new GCancellable a
   * request made and closed an eventfd at each wait for the socket). */
  GCancellable *request;
  gint          request_busy;
  GCancellable *parent;        /* the caller's; cancels @request */
  gulong        parent_id;
};

/* --- classes and backoff ------------------------------------------------- */

const char *
mc_sync_class_to_string (McSyncClass klass)
{
  static const char *names[] = {
    "ok", "unreachable", "transient", "busy", "resumable", "blocked", "permanent", "cancelled",
  };
  g_return_val_if_fail (klass < G_N_ELEMENTS (names), "?");
  return names[klass];
}

McSyncClass
mc_sync_classify (McSyncRequestKind  kind,
                  guint              status,
                  const char        *code)
{
  if (status == 0)
    return MC_SYNC_CLASS_UNREACHABLE;
  if (status >= 200 && status < 300)
    return MC_SYNC_CLASS_OK;
  if (status == 304 && kind == MC_SYNC_REQUEST_CATALOG)
    return MC_SYNC_CLASS_OK;
  if (status >= 300 && status < 400)
    return MC_SYNC_CLASS_BLOCKED;  /* redirects we may follow are followed before this */
  if (status == 429 || status == 503)
    return MC_SYNC_CLASS_BUSY;
  if (status == 501 || status == 505)
    return MC_SYNC_CLASS_BLOCKED;
  if (status >= 500 || status == 408)
    return MC_SYNC_CLASS_TRANSIENT;
  if (status == 401 || status == 412)
    return MC_SYNC_CLASS_BLOCKED;
  if (status == 403)
    return g_strcmp0 (code, "forbidden") == 0 ? MC_SYNC_CLASS_PERMANENT : MC_SYNC_CLASS_BLOCKED;

  switch (kind)
    {
    case MC_SYNC_REQUEST_INFO:
      /* 409: another PC holds this station identity (§4.1). */
      return status == 404 || status == 409 ? MC_SYNC_CLASS_BLOCKED : MC_SYNC_CLASS_PERMANENT;
    case MC_SYNC_REQUEST_ATTACHMENT_HEAD:
      return status == 404 ? MC_SYNC_CLASS_RESUMABLE : MC_SYNC_CLASS_PERMANENT;
    case MC_SYNC_REQUEST_TUS_HEAD:
      return status == 404 || status == 410 ? MC_SYNC_CLASS_RESUMABLE : MC_SYNC_CLASS_PERMANENT;
    case MC_SYNC_REQUEST_TUS_PATCH:
      if (status == 409 || status == 404 || status == 410 || status == 413 || status == 460)
        return MC_SYNC_CLASS_RESUMABLE;
      if (status == 422 && g_strcmp0 (code, "sha256_mismatch") == 0)
        return MC_SYNC_CLASS_RESUMABLE;
      return MC_SYNC_CLASS_PERMANENT;
    case MC_SYNC_REQUEST_DOSSIER_PUT:
      if (status == 422 && g_strcmp0 (code, "attachments_missing") == 0)
        return MC_SYNC_CLASS_RESUMABLE;
      return MC_SYNC_CLASS_PERMANENT;
    case MC_SYNC_REQUEST_ACTION_PUT:
      if (status == 404 && g_strcmp0 (code, "dossier_not_found") == 0)
        return MC_SYNC_CLASS_RESUMABLE;
      return MC_SYNC_CLASS_PERMANENT;
    case MC_SYNC_REQUEST_CHANGES:
      if ((status == 400 && g_strcmp0 (code, "invalid_cursor") == 0) ||
          (status == 410 && g_strcmp0 (code, "cursor_expired") == 0))
        return MC_SYNC_CLASS_RESUMABLE;
      return MC_SYNC_CLASS_PERMANENT;
    case MC_SYNC_REQUEST_CATALOG:
    case MC_SYNC_REQUEST_TUS_OPTIONS:
    case MC_SYNC_REQUEST_TUS_CREATE:
    default:
      return MC_SYNC_CLASS_PERMANENT;
    }
}

McSyncClass
mc_sync_classify_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return MC_SYNC_CLASS_CANCELLED;
  if (error->domain == G_TLS_ERROR &&
      (error->code == G_TLS_ERROR_BAD_CERTIFICATE || error->code == G_TLS_ERROR_CERTIFICATE_REQUIRED ||
       error->code == G_TLS_ERROR_NOT_TLS))
    return MC_SYNC_CLASS_BLOCKED;
  return MC_SYNC_CLASS_UNREACHABLE;
}

static gint64
env_ms (const char *name,
        gint64      fallback)
{
  const char *value = g_getenv (name);
  gint64 v;
  char *end = NULL;

  if (value == NULL || *value == '\0')
    return fallback;
  v = g_ascii_strtoll (value, &end, 10);
  if (end == value || *end != '\0' || v < 0)
    return fallback;
  return v;
}

guint
mc_sync_concurrency (void)
{
  return (guint) CLAMP (env_ms ("MOTCUA_SYNC_CONCURRENCY", 2), 1, MC_SYNC_MAX_WORKERS);
}

gint64 mc_sync_backoff_base_ms (void) { return env_ms ("MOTCUA_SYNC_BACKOFF_BASE_MS", 2000); }
gint64 mc_sync_backoff_cap_ms (void)  { return env_ms ("MOTCUA_SYNC_BACKOFF_CAP_MS", 900000); }
gint64 mc_sync_probe_cap_ms (void)    { return env_ms ("MOTCUA_SYNC_PROBE_CAP_MS", 300000); }
gint64
mc_sync_answer_limit_ms (void)
{
  gint64 ms = env_ms ("MOTCUA_SYNC_ANSWER_LIMIT_MS", 60000);

  return ms > 0 ? MIN (ms, G_MAXINT) : 60000;   /* 0: no limit is not offered */
}

gint64
mc_sync_changes_poll_ms (gint64 server_seconds)
{
  return env_ms ("MOTCUA_SYNC_CHANGES_POLL_MS", MAX (server_seconds, 1) * 1000);
}

gint64
mc_sync_backoff_ms (guint   n,
                    gint64  base_ms,
                    gint64  cap_ms)
{
  gint64 ceiling = base_ms;

  if (n == 0)
    n = 1;
  for (guint i = 1; i < n && ceiling < cap_ms; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, cap_ms);
  if (ceiling <= 0)
    return 0;
  /* g_random_int_range's upper bound is exclusive; ceilings fit in 32 bits
   * for any sane cap, larger ones are scaled. */
  if (ceiling < G_MAXINT32)
    return g_random_int_range (0, (gint32) ceiling + 1);
  return (gint64) (g_random_double () * (double) ceiling);
}

gboolean
mc_sync_parse_retry_after (const char *value,
                           gint64      now_unix,
                           gint64      skew,
                           gint64     *out_seconds)
{
  gint64 seconds;

  if (value == NULL)
    return FALSE;
  while (g_ascii_isspace (*value))
    value++;
  if (*value == '\0')
    return FALSE;

  if (g_ascii_isdigit (*value))
    {
      char *end = NULL;
      guint64 v = g_ascii_strtoull (value, &end, 10);

      while (end != NULL && g_ascii_isspace (*end))
        end++;
      if (end == NULL || *end != '\0')
        return FALSE;
      seconds = v > (guint64) DAY_SECONDS ? DAY_SECONDS : (gint64) v;
    }
  else
    {
      g_autoptr(GDateTime) date = soup_date_time_new_from_http_string (value);

      if (date == NULL)
        return FALSE;
      /* The date is on the server's clock: compare with server "now". */
      seconds = g_date_time_to_unix (date) - (now_unix + skew);
    }

  *out_seconds = CLAMP (seconds, 1, DAY_SECONDS);
  return TRUE;
}

gint64
mc_sync_retry_after_ms (gint64 seconds)
{
  gint64 ms = seconds * 1000;

  return ms + (gint64) (g_random_double () * 0.1 * (double) ms);
}

/* --- the session ------------------------------------------------------------ */

static void
redacting_printer (SoupLogger         *logger,
                   SoupLoggerLogLevel  level,
                   char                direction,
                   const char         *data,
                   gpointer            user_data)
{
  (void) logger;
  (void) level;
  (void) user_data;
  /* Never the token; never Upload-Metadata (it may name a citizen). */
  if (g_ascii_strncasecmp (data, "Authorization:", 14) == 0)
    g_debug ("%c Authorization: [redacted]", direction);
  else if (g_ascii_strncasecmp (data, "Upload-Metadata:", 16) == 0)
    g_debug ("%c Upload-Metadata: [redacted]", direction);
  else
    g_debug ("%c %s", direction, data);
}

McSyncHttp *
mc_sync_http_new (const char  *base_url,
                  const char   *token,
                  GTlsDatabase *ca,
                  GError      **error)
{
  g_autoptr(GUri) base = NULL;
  g_autofree char *agent = g_strdup_printf ("MotCuaDesk/%s", PACKAGE_VERSION);
  McSyncHttp *http;
  int port;

  base = g_uri_parse (base_url, G_URI_FLAGS_ENCODED, error);
  if (base == NULL)
    return NULL;
  if (g_strcmp0 (g_uri_get_host (base), "localhost") == 0)
    {
      /* §3: localhost means 127.0.0.1, never resolved by DNS. */
      GUri *fixed = soup_uri_copy (base, SOUP_URI_HOST, "127.0.0.1", SOUP_URI_NONE);
      g_uri_unref (base);
      base = fixed;
    }

  http = g_new0 (McSyncHttp, 1);
  http->session = soup_session_new_with_options ("user-agent", agent,
                                                 "timeout", IO_TIMEOUT_S,
                                                 "accept-language-auto", FALSE,
                                                 NULL);
  soup_session_set_accept_language (http->session, "vi");

  if (ca != NULL)
    soup_session_set_tls_database (http->session, ca);

  if (g_getenv ("MOTCUA_SYNC_HTTP_LOG") != NULL)
    {
      g_autoptr(SoupLogger) logger = soup_logger_new (SOUP_LOGGER_LOG_HEADERS);

      soup_logger_set_printer (logger, redacting_printer, NULL, NULL);
      soup_session_add_feature (http->session, SOUP_SESSION_FEATURE (logger));
    }

  http->base = g_steal_pointer (&base);
  http->base_str = g_uri_to_string (http->base);
  port = g_uri_get_port (http->base);
  if (port < 0)
    port = g_strcmp0 (g_uri_get_scheme (http->base), "https") == 0 ? 443 : 80;
  http->origin = g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (http->base),
                                  g_uri_get_host (http->base), port);
  http->token = g_strdup (token);
  return http;
}

void
mc_sync_http_free (McSyncHttp *http)
{
  if (http == NULL)
    return;
  g_clear_object (&http->session);
  if (http->parent_id != 0)
    g_cancellable_disconnect (http->parent, http->parent_id);
  g_clear_object (&http->parent);
  if (http->request != NULL)
    g_cancellable_release_fd (http->request);
  g_clear_object (&http->request);
  g_clear_pointer (&http->base, g_uri_unref);
  g_free (http->base_str);
  g_free (http->origin);
  if (http->token != NULL)
    memset (http->token, 0, strlen (http->token));
  g_free (http->token);
  g_free (http);
}

void        mc_sync_http_set_skew (McSyncHttp *http, gint64 skew) { http->skew = skew; }
gint64      mc_sync_http_get_skew (McSyncHttp *http) { return http->skew; }
const char *mc_sync_http_get_base (McSyncHttp *http) { return http->base_str; }
const char *mc_sync_http_get_origin (McSyncHttp *http) { return http->origin; }

GUri *
mc_sync_http_resolve (McSyncHttp  *http,
                      GUri        *relative_to,
                      const char  *ref,
                      GError     **error)
{
  return g_uri_parse_relative (relative_to != NULL ? relative_to : http->base, ref,
                               G_URI_FLAGS_ENCODED, error);
}

static gboolean
same_origin (McSyncHttp *http,
             GUri       *uri)
{
  int a = g_uri_get_port (http->base), b = g_uri_get_port (uri);
  gboolean https = g_strcmp0 (g_uri_get_scheme (uri), "https") == 0;

  if (a < 0)
    a = g_strcmp0 (g_uri_get_scheme (http->base), "https") == 0 ? 443 : 80;
  if (b < 0)
    b = https ? 443 : 80;
  return g_ascii_strcasecmp (g_uri_get_scheme (http->base), g_uri_get_scheme (uri)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (http->base), g_uri_get_host (uri)) == 0 && a == b;
}

void
mc_sync_response_free (McSyncResponse *r)
{
  if (r == NULL)
    return;
  g_free (r->code);
  g_free (r->message);
  g_free (r->field);
  g_free (r->request_id);
  g_strfreev (r->missing);
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->json, json_node_unref);
  g_free (r);
}

static gboolean
is_tus (McSyncRequestKind kind)
{
  return kind == MC_SYNC_REQUEST_TUS_OPTIONS || kind == MC_SYNC_REQUEST_TUS_CREATE ||
         kind == MC_SYNC_REQUEST_TUS_HEAD || kind == MC_SYNC_REQUEST_TUS_PATCH;
}

static void
parse_error_body (McSyncResponse *r)
{
  JsonObject *root, *err;
  JsonNode *node;

  if (r->json == NULL || !JSON_NODE_HOLDS_OBJECT (r->json))
    return;
  root = json_node_get_object (r->json);
  node = json_object_get_member (root, "error");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  err = json_node_get_object (node);
  r->code = g_strdup (json_object_get_string_member_with_default (err, "code", NULL));
  r->message = g_strdup (json_object_get_string_member_with_default (err, "message", NULL));
  r->field = g_strdup (json_object_get_string_member_with_default (err, "field", NULL));
  node = json_object_get_member (err, "missing");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          const char *s = json_node_get_string (json_array_get_element (a, i));
          if (s != NULL)
            g_strv_builder_add (b, s);
        }
      r->missing = g_strv_builder_end (b);
    }
}

static void
fill_response (McSyncHttp        *http,
               McSyncRequestKind  kind,
               SoupMessage       *msg,
               GBytes            *body,
               McSyncResponse    *r)
{
  const char *ctype;
  const char *retry;

  r->status = soup_message_get_status (msg);
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  r->body = body != NULL ? g_bytes_ref (body) : NULL;
  r->request_id = g_strdup (soup_message_headers_get_one (r->headers, "Request-Id"));

  ctype = soup_message_headers_get_content_type (r->headers, NULL);
  if (body != NULL && g_bytes_get_size (body) > 0 && g_strcmp0 (ctype, "application/json") == 0)
    {
      /* A server's answer is outside input too: bounded in size and depth. */
      r->json = mc_json_parse_bytes (body, MC_LIMIT_ANSWER_SIZE, NULL);
    }
  if (r->status >= 400)
    parse_error_body (r);

  retry = soup_message_headers_get_one (r->headers, "Retry-After");
  r->retry_after = -1;
  if (retry != NULL)
    {
      gint64 s;

      if (mc_sync_parse_retry_after (retry, g_get_real_time () / G_USEC_PER_SEC, http->skew, &s))
        r->retry_after = s;
    }

  r->klass = mc_sync_classify (kind, r->status, r->code);
  if (r->klass != MC_SYNC_CLASS_OK && r->message == NULL)
    {
      if (r->status == 401)
        r->message = g_strdup (_("The access token is not valid or was revoked: enrol this PC again"));
      else if (r->request_id != NULL)
        r->message = g_strdup_printf (_("The server answered HTTP %u (request %s)"), r->status, r->request_id);
      else
        r->message = g_strdup_printf (_("The server answered HTTP %u"), r->status);
    }
}

static void
on_wrote_headers_cb (SoupMessage *msg,
                     gpointer     user_data)
{
  (void) msg;
  mc_sync_deadline_connected (user_data);   /* connected: the connect limit no longer applies */
}

/* A 204 has no body and no Content-Length (RFC 9110 forbids one there),
 * which libsoup 3.2 takes for an answer ended by closing the connection:
 * it closes it, and the next request pays a new one (the PUT after every
 * tus PATCH). Kept open only when the server says it keeps it open
 * (Connection: keep-alive): a server that closes after a 204 (libsoup 3.2
 * servers, motcua-server before this) would have the next request sent on
 * a connection it is closing. */
static void
on_got_headers_cb (SoupMessage *msg,
                   gpointer     user_data)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

  (void) user_data;
  if (soup_message_get_status (msg) == SOUP_STATUS_NO_CONTENT &&
      soup_message_headers_header_contains (headers, "Connection", "keep-alive"))
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_NONE);
}

typedef struct
{
  const char *content_type;
  GBytes     *body;
} Body;

/* libsoup sends an idempotent request again, on a new connection, when
 * the kept-alive one it went on turns out closed; the body stream was
 * read the first time: give it the body again (else the server gets an
 * empty PUT, 400, and the dossier "needs attention"). */
static void
on_restarted_cb (SoupMessage *msg,
                 gpointer     user_data)
{
  Body *b = user_data;

  soup_message_set_request_body_from_bytes (msg, b->content_type, b->body);
}

static void
on_parent_cancelled_cb (GCancellable *parent,
                        gpointer      user_data)
{
  (void) parent;
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* The cancellable for one request of @http, cancelled with @parent;
 * *@own_id: a handler request_done () disconnects. */
static GCancellable *
request_cancellable (McSyncHttp   *http,
                     GCancellable *parent,
                     gulong       *own_id)
{
  *own_id = 0;
  if (!g_atomic_int_compare_and_exchange (&http->request_busy, 0, 1))
    {
      /* In use (not the engine's way: one thread per session): its own. */
      GCancellable *c = g_cancellable_new ();

      if (parent != NULL)
        *own_id = g_cancellable_connect (parent, G_CALLBACK (on_parent_cancelled_cb), g_object_ref (c),
                                         g_object_unref);
      return c;
    }
  if (http->request == NULL)
    {
      GPollFD pfd;

      http->request = g_cancellable_new ();
      g_cancellable_make_pollfd (http->request, &pfd);   /* held until freed */
    }
  if (parent != http->parent)
    {
      if (http->parent_id != 0)
        g_cancellable_disconnect (http->parent, http->parent_id);
      g_clear_object (&http->parent);
      http->parent_id = 0;
      if (parent != NULL)
        {
          /* Already cancelled: 0, the request cancelled at once; no
           * parent kept, so that it is connected again next time. */
          http->parent_id = g_cancellable_connect (parent, G_CALLBACK (on_parent_cancelled_cb),
                                                   g_object_ref (http->request), g_object_unref);
          if (http->parent_id != 0)
            http->parent = g_object_ref (parent);
        }
    }
  /* Cancelled by the previous request's deadline, or by @parent: only a
   * deadline's cancellation is undone. */
  if (g_cancellable_is_cancelled (http->request) && (parent == NULL || !g_cancellable_is_cancelled (parent)))
    {
      g_cancellable_reset (http->request);
      if (parent != NULL && g_cancellable_is_cancelled (parent))
        g_cancellable_cancel (http->request);   /* cancelled meanwhile */
    }
  return g_object_ref (http->request);
}

static void
request_done (McSyncHttp   *http,
              GCancellable *c,
              GCancellable *parent,
              gulong        own_id)
{
  if (own_id != 0)
    g_cancellable_disconnect (parent, own_id);
  if (c == http->request)
    g_atomic_int_set (&http->request_busy, 0);
  g_object_unref (c);
}

/* One exchange, without following redirects. */
static McSyncResponse *
send_once (McSyncHttp        *http,
           McSyncRequestKind  kind,
           const char        *method,
           GUri              *uri,
           SoupMessageHeaders *extra,
           const char        *content_type,
           GBytes            *body,
           GCancellable      *cancellable)
{
  g_autoptr(SoupMessage) msg = soup_message_new_from_uri (method, uri);
  SoupMessageHeaders *h = soup_message_get_request_headers (msg);
  GCancellable *req_cancel = NULL;
  McSyncDeadline deadline;
  gboolean fired;
  gulong own_id;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  McSyncResponse *r = g_new0 (McSyncResponse, 1);
  Body resend = { content_type, body };

  r->retry_after = -1;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  /* libsoup opens a new connection for every POST and PATCH (a request
   * it may not send again): two more TCP handshakes, round trips on a slow
   * link, per dossier. Both may be sent again here: a second tus creation
   * is an unused upload the server lets expire, and a PATCH at an offset
   * already written is refused (409) and resumed from a HEAD; nothing of
   * the dossier's exactly-once rests on them (its PUT is idempotent). */
  if (kind == MC_SYNC_REQUEST_TUS_CREATE || kind == MC_SYNC_REQUEST_TUS_PATCH)
    soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  if (http->token != NULL && kind != MC_SYNC_REQUEST_TUS_OPTIONS && same_origin (http, uri))
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", http->token);
      soup_message_headers_replace (h, "Authorization", auth);
    }
  if (is_tus (kind))
    soup_message_headers_replace (h, "Tus-Resumable", "1.0.0");
  else
    soup_message_headers_replace (h, "Accept", "application/json");
  /* Accept-Encoding: gzip comes from the session's content decoder. */
  if (extra != NULL)
    {
      SoupMessageHeadersIter iter;
      const char *name, *value;

      soup_message_headers_iter_init (&iter, extra);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        soup_message_headers_replace (h, name, value);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  else if (g_strcmp0 (method, "POST") == 0 || g_strcmp0 (method, "PUT") == 0)
    soup_message_headers_set_content_length (h, 0);

  req_cancel = request_cancellable (http, cancellable, &own_id);
  mc_sync_deadline_arm (&deadline, req_cancel, CONNECT_TIMEOUT_MS,
                kind != MC_SYNC_REQUEST_TUS_PATCH ? (guint) mc_sync_answer_limit_ms () : 0);
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (on_wrote_headers_cb), &deadline);
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers_cb), NULL);
  if (body != NULL)
    g_signal_connect (msg, "restarted", G_CALLBACK (on_restarted_cb), &resend);

  answer = mc_sync_send_and_read_bounded (http->session, msg, MC_LIMIT_ANSWER_SIZE, req_cancel, &error);

  fired = mc_sync_deadline_disarm (&deadline);
  g_signal_handlers_disconnect_by_func (msg, on_wrote_headers_cb, &deadline);
  g_signal_handlers_disconnect_by_func (msg, on_restarted_cb, &resend);
  request_done (http, req_cancel, cancellable, own_id);

  if (answer == NULL)
    {
      gboolean timed_out = fired && !g_cancellable_is_cancelled (cancellable);

      r->status = 0;
      if (timed_out)
        {
          r->klass = MC_SYNC_CLASS_UNREACHABLE;
          r->message = g_strdup (_("The server does not answer (timed out)"));
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
        {
          /* Broken or hostile; a PUT may have been stored: sent again later (idempotent). */
          r->klass = MC_SYNC_CLASS_TRANSIENT;
          r->message = g_strdup_printf (_("The server's answer cannot be used: %s"), error->message);
        }
      else
        {
          r->klass = mc_sync_classify_error (error);
          if (r->klass == MC_SYNC_CLASS_BLOCKED)
            r->message = g_strdup_printf (_("The server's certificate is not trusted (%s): check the server "
                                            "address and the province's CA file"), error->message);
          else
            r->message = g_strdup_printf (_("The server does not answer: %s"), error->message);
        }
      g_debug ("%s %s: %s (%s)", method, g_uri_get_path (uri), error != NULL ? error->message : "timeout",
               mc_sync_class_to_string (r->klass));
    }
  else
    {
      fill_response (http, kind, msg, answer, r);
      g_debug ("%s %s → %u %s", method, g_uri_get_path (uri), r->status, mc_sync_class_to_string (r->klass));
    }

  return r;
}

McSyncResponse *
mc_sync_http_send (McSyncHttp         *http,
                   McSyncRequestKind   kind,
                   const char         *method,
                   GUri               *uri,
                   SoupMessageHeaders *extra,
                   const char         *content_type,
                   GBytes             *body,
                   GCancellable       *cancellable)
{
  g_autoptr(GUri) current = g_uri_ref (uri);

  for (int hop = 0;; hop++)
    {
      McSyncResponse *r = send_once (http, kind, method, current, extra, content_type, body, cancellable);
      const char *location;
      g_autoptr(GUri) next = NULL;

      if (r->status != 307 && r->status != 308)
        return r;
      /* §3: 307/308 to the same origin only, at most 3 times. */
      location = soup_message_headers_get_one (r->headers, "Location");
      if (location != NULL)
        next = g_uri_parse_relative (current, location, G_URI_FLAGS_ENCODED, NULL);
      if (hop >= MAX_REDIRECTS || next == NULL || !same_origin (http, next))
        {
          r->klass = MC_SYNC_CLASS_BLOCKED;
          g_free (r->message);
          r->message = g_strdup (_("The server redirects to another address: check the server address "
                                   "in Preferences → Sync"));
          return r;
        }
      mc_sync_response_free (r);
      g_uri_unref (current);
      current = g_steal_pointer (&next);
    }
}
