/* sync-fake.h — a small in-process protocol server for the engine's unit
 * tests: a SoupServer on a loopback port, in a thread of its own (the
 * engine blocks the test's thread), speaking just enough of
 * docs/sync-protocol.md (§7.1 /info, §7.3 HEAD, §7.4 tus, §7.5–7.6 PUT,
 * §7.8 /changes) to script the failures the real motcua-server cannot:
 * a 500 on the first PUTs, a forgotten dossier, a 422 sha256_mismatch, a
 * PATCH that never gets its answer. Every request is logged as
 * "METHOD /path STATUS".
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

G_BEGIN_DECLS

typedef struct
{
  gint64      length;
  char       *sha256;     /* declared in Upload-Metadata */
  GByteArray *data;
} McFakeUpload;

typedef struct
{
  GMutex        mutex;
  GCond         cond;
  GMainContext *ctx;
  GMainLoop    *loop;
  GThread      *thread;
  SoupServer   *server;
  char         *url;            /* http://127.0.0.1:PORT/ */

  GPtrArray    *log;            /* "METHOD /path STATUS" */
  GArray       *ports;          /* guint: the client's port of each log line (its connection) */
  GHashTable   *dossiers;       /* uuids the server holds */
  GHashTable   *attachments;    /* sha256 the server holds */
  GHashTable   *uploads;        /* "N" → McFakeUpload */
  guint         next_upload;
  GPtrArray    *stalled;        /* paused PATCHes (SoupServerMessage) */

  /* The script, set by the test (under the mutex once running). */
  guint         put_failures;     /* dossier PUTs answered 500 first */
  guint         busy;             /* requests answered 429 + Retry-After first */
  guint         retry_after;      /* seconds */
  guint         sha_mismatches;   /* completed uploads answered 422 sha256_mismatch first */
  gboolean      stall_patch;      /* PATCHes never answered */
  gint64        skew;             /* server_time = desk time + skew (s) */
  gint64        poll_interval;    /* limits.changes_poll_interval; 0: left out */
  gint64        flood;            /* > 0: /info answers this many bytes of JSON-ish junk */
  gboolean      flood_declared;   /* … with Content-Length (else chunked) */
  gint64        flood_sent;       /* bytes of it written so far */
  guint         drip_ms;          /* > 0: /info answers a byte every drip_ms, never all of it */
} McFake;

static inline void
mc_fake_upload_free (gpointer data)
{
  McFakeUpload *u = data;

  g_free (u->sha256);
  g_byte_array_unref (u->data);
  g_free (u);
}

static inline void
mc_fake_reply (SoupServerMessage *msg,
               guint              status,
               const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  if (json != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static inline void
mc_fake_error (SoupServerMessage *msg,
               guint              status,
               const char        *code)
{
  g_autofree char *json = g_strdup_printf ("{\"error\":{\"code\":\"%s\",\"message\":\"Lỗi %s\"}}", code, code);

  mc_fake_reply (msg, status, json);
}

static inline void
mc_fake_info (McFake            *fake,
              SoupServerMessage *msg)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) server_now = g_date_time_add_seconds (now, (gdouble) fake->skew);
  g_autofree char *time = g_date_time_format_iso8601 (server_now);
  g_autofree char *poll = fake->poll_interval > 0
                          ? g_strdup_printf (",\"changes_poll_interval\":%" G_GINT64_FORMAT, fake->poll_interval)
                          : g_strdup ("");
  g_autofree char *json = g_strdup_printf (
    "{\"protocol_version\":\"1.0\",\"server\":{\"name\":\"fake\",\"version\":\"0\"},\"server_time\":\"%s\","
    "\"station\":{\"name\":\"fake-station\",\"agency_code\":null,\"station_number\":null},"
    "\"attachments\":{\"tus_endpoint\":\"/api/v1/uploads\",\"tus_version\":\"1.0.0\",\"checksum_algorithm\":\"sha256\"},"
    "\"catalog_etag\":null,\"limits\":{\"max_concurrent_requests\":2,\"clock_skew_warning\":300%s}}",
    time, poll);

  mc_fake_reply (msg, SOUP_STATUS_OK, json);
}

/* A hostile /info: @fake->flood bytes, written a block at a time as the
 * client takes them, so what was sent tells what the client read. */
#define MC_FAKE_FLOOD_BLOCK (256 * 1024)

static inline void
mc_fake_flood_next (SoupServerMessage *msg,
                    McFake            *fake)
{
  static char block[MC_FAKE_FLOOD_BLOCK];
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  gint64 n;

  g_mutex_lock (&fake->mutex);
  n = MIN ((gint64) sizeof block, fake->flood - fake->flood_sent);
  fake->flood_sent += n;
  g_cond_broadcast (&fake->cond);
  g_mutex_unlock (&fake->mutex);
  if (n > 0)
    {
      memset (block, ' ', sizeof block);
      block[0] = '[';
      soup_message_body_append (body, SOUP_MEMORY_STATIC, block, (gsize) n);
    }
  else
    soup_message_body_complete (body);
}

static inline void
mc_fake_flood_chunk_cb (SoupServerMessage *msg,
                        guint              size,
                        gpointer           data)
{
  (void) size;
  mc_fake_flood_next (msg, data);
}

static inline void
mc_fake_flood_start (McFake            *fake,
                     SoupServerMessage *msg)
{
  SoupMessageHeaders *out = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (out, "application/json", NULL);
  if (fake->flood_declared)
    soup_message_headers_set_content_length (out, fake->flood);
  else
    soup_message_headers_set_encoding (out, SOUP_ENCODING_CHUNKED);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (mc_fake_flood_chunk_cb), fake);
  /* Under the handler's lock already: the first block is counted here. */
  fake->flood_sent += MC_FAKE_FLOOD_BLOCK;
  {
    static char first[MC_FAKE_FLOOD_BLOCK];

    memset (first, ' ', sizeof first);
    first[0] = '[';
    soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                              first, sizeof first);
  }
}

/* The attachments a dossier body names that the server lacks, as a JSON array. */
static inline char *
mc_fake_missing (McFake *fake,
                 GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) missing = g_string_new (NULL);
  JsonObject *root;
  JsonArray *atts;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  atts = json_object_get_array_member (root, "attachments");
  for (guint i = 0; atts != NULL && i < json_array_get_length (atts); i++)
    {
      const char *sha = json_object_get_string_member (json_array_get_object_element (atts, i), "sha256");

      if (!g_hash_table_contains (fake->attachments, sha))
        g_string_append_printf (missing, "%s\"%s\"", missing->len > 0 ? "," : "", sha);
    }
  return missing->len > 0 ? g_strdup_printf ("[%s]", missing->str) : NULL;
}

static inline void
mc_fake_put (McFake            *fake,
             SoupServerMessage *msg,
             const char        *path)
{
  g_auto(GStrv) parts = g_strsplit (path + strlen ("/api/v1/dossiers/"), "/", -1);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *missing = NULL;

  if (g_strv_length (parts) == 3 && g_str_equal (parts[1], "actions"))
    {
      g_autofree char *json = NULL;

      if (!g_hash_table_contains (fake->dossiers, parts[0]))
        {
          mc_fake_error (msg, SOUP_STATUS_NOT_FOUND, "dossier_not_found");
          return;
        }
      json = g_strdup_printf ("{\"action_uuid\":\"%s\",\"uuid\":\"%s\",\"state_code\":5}", parts[2], parts[0]);
      mc_fake_reply (msg, SOUP_STATUS_CREATED, json);
      return;
    }
  if (fake->put_failures > 0)
    {
      fake->put_failures--;
      mc_fake_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal");
      return;
    }
  missing = mc_fake_missing (fake, body);
  if (missing != NULL)
    {
      g_autofree char *json = g_strdup_printf ("{\"error\":{\"code\":\"attachments_missing\",\"message\":\"Thiếu tệp\","
                                               "\"missing\":%s}}", missing);
      mc_fake_reply (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, json);
      return;
    }
  g_hash_table_add (fake->dossiers, g_strdup (parts[0]));
  {
    g_autofree char *json = g_strdup_printf ("{\"uuid\":\"%s\",\"server_ref\":\"HS-%s\"}", parts[0], parts[0]);
    mc_fake_reply (msg, SOUP_STATUS_CREATED, json);
  }
}

static inline char *
mc_fake_metadata (const char *header,
                  const char *key)
{
  g_auto(GStrv) pairs = g_strsplit (header != NULL ? header : "", ",", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (g_strstrip (pairs[i]), " ", 2);
      gsize len = 0;

      if (kv[0] != NULL && g_str_equal (kv[0], key) && kv[1] != NULL)
        {
          guchar *text = g_base64_decode (kv[1], &len);
          char *value = g_strndup ((char *) text, len);

          g_free (text);
          return value;
        }
    }
  return NULL;
}

static inline void
mc_fake_tus (McFake            *fake,
             SoupServerMessage *msg,
             const char        *method,
             const char        *path)
{
  SoupMessageHeaders *in = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *out = soup_server_message_get_response_headers (msg);
  const char *id = path + strlen ("/api/v1/uploads");
  McFakeUpload *u;

  soup_message_headers_replace (out, "Tus-Resumable", "1.0.0");
  if (g_str_equal (method, "POST") && *id == '\0')
    {
      g_autofree char *key = g_strdup_printf ("%u", ++fake->next_upload);
      g_autofree char *location = g_strdup_printf ("/api/v1/uploads/%s", key);

      u = g_new0 (McFakeUpload, 1);
      u->length = g_ascii_strtoll (soup_message_headers_get_one (in, "Upload-Length"), NULL, 10);
      u->sha256 = mc_fake_metadata (soup_message_headers_get_one (in, "Upload-Metadata"), "sha256");
      u->data = g_byte_array_new ();
      g_hash_table_insert (fake->uploads, g_steal_pointer (&key), u);
      soup_message_headers_replace (out, "Location", location);
      soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
      return;
    }
  u = *id == '/' ? g_hash_table_lookup (fake->uploads, id + 1) : NULL;
  if (u == NULL)
    {
      mc_fake_error (msg, SOUP_STATUS_NOT_FOUND, "not_found");
      return;
    }
  if (g_str_equal (method, "HEAD"))
    {
      g_autofree char *offset = g_strdup_printf ("%u", u->data->len);
      g_autofree char *length = g_strdup_printf ("%" G_GINT64_FORMAT, u->length);

      soup_message_headers_replace (out, "Upload-Offset", offset);
      soup_message_headers_replace (out, "Upload-Length", length);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      return;
    }
  if (fake->stall_patch)
    {
      /* Never answered: the desk's request stays in flight. */
      soup_server_message_pause (msg);
      g_ptr_array_add (fake->stalled, g_object_ref (msg));
      return;
    }
  {
    SoupMessageBody *body = soup_server_message_get_request_body (msg);
    g_autoptr(GBytes) chunk = soup_message_body_flatten (body);
    gint64 offset = g_ascii_strtoll (soup_message_headers_get_one (in, "Upload-Offset"), NULL, 10);
    g_autofree char *new_offset = NULL;

    if (offset != (gint64) u->data->len)
      {
        mc_fake_error (msg, SOUP_STATUS_CONFLICT, "offset_mismatch");
        return;
      }
    g_byte_array_append (u->data, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
    if ((gint64) u->data->len >= u->length)
      {
        g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, u->data->data, u->data->len);
        g_autofree char *sha = g_strdup (u->sha256);

        g_hash_table_remove (fake->uploads, id + 1);
        if (fake->sha_mismatches > 0 || g_strcmp0 (sum, sha) != 0)
          {
            if (fake->sha_mismatches > 0)
              fake->sha_mismatches--;
            mc_fake_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "sha256_mismatch");
            return;
          }
        g_hash_table_add (fake->attachments, g_steal_pointer (&sha));
        soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
        return;
      }
    new_offset = g_strdup_printf ("%u", u->data->len);
    soup_message_headers_replace (out, "Upload-Offset", new_offset);
    soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  }
}

/* A slow /info: it declares 64 KiB and sends a byte every @fake->drip_ms,
 * so that no I/O timeout ever fires: only a limit on the whole exchange
 * ends it. */
static inline gboolean
mc_fake_drip_cb (gpointer data)
{
  SoupServerMessage *msg = data;

  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC, " ", 1);
  soup_server_message_unpause (msg);
  return G_SOURCE_CONTINUE;
}

static inline void
mc_fake_drip_finished_cb (SoupServerMessage *msg,
                          gpointer           data)
{
  (void) msg;
  g_source_destroy (data);   /* the client went away */
}

static inline void
mc_fake_drip_start (McFake            *fake,
                    SoupServerMessage *msg)
{
  SoupMessageHeaders *out = soup_server_message_get_response_headers (msg);
  GSource *source = g_timeout_source_new (fake->drip_ms);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (out, "application/json", NULL);
  soup_message_headers_set_content_length (out, 64 * 1024);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC, "{", 1);
  g_source_set_callback (source, mc_fake_drip_cb, g_object_ref (msg), g_object_unref);
  g_source_attach (source, fake->ctx);
  g_signal_connect_data (msg, "finished", G_CALLBACK (mc_fake_drip_finished_cb), source,
                         (GClosureNotify) (void (*) (void)) g_source_unref, 0);
}

static inline void
mc_fake_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  McFake *fake = user_data;
  const char *method = soup_server_message_get_method (msg);

  (void) server;
  (void) query;
  g_mutex_lock (&fake->mutex);
  if (fake->busy > 0)
    {
      g_autofree char *after = g_strdup_printf ("%u", fake->retry_after);

      fake->busy--;
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", after);
      mc_fake_error (msg, 429, "rate_limited");
    }
  else if (g_str_equal (path, "/api/v1/info") && fake->flood > 0)
    mc_fake_flood_start (fake, msg);
  else if (g_str_equal (path, "/api/v1/info") && fake->drip_ms > 0)
    mc_fake_drip_start (fake, msg);
  else if (g_str_equal (path, "/api/v1/info"))
    mc_fake_info (fake, msg);
  else if (g_str_equal (path, "/api/v1/changes"))
    mc_fake_reply (msg, SOUP_STATUS_OK, "{\"changes\":[],\"next_cursor\":\"c1\",\"has_more\":false}");
  else if (g_str_equal (path, "/api/v1/catalog"))
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
  else if (g_str_has_prefix (path, "/api/v1/attachments/"))
    soup_server_message_set_status (msg, g_hash_table_contains (fake->attachments, path + strlen ("/api/v1/attachments/"))
                                         ? SOUP_STATUS_OK : SOUP_STATUS_NOT_FOUND, NULL);
  else if (g_str_has_prefix (path, "/api/v1/uploads"))
    mc_fake_tus (fake, msg, method, path);
  else if (g_str_has_prefix (path, "/api/v1/dossiers/") && g_str_equal (method, "PUT"))
    mc_fake_put (fake, msg, path);
  else
    mc_fake_error (msg, SOUP_STATUS_NOT_FOUND, "not_found");
  g_ptr_array_add (fake->log, g_strdup_printf ("%s %s %u", method, path, soup_server_message_get_status (msg)));
  {
    GSocketAddress *peer = soup_server_message_get_remote_address (msg);
    guint port = G_IS_INET_SOCKET_ADDRESS (peer) ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (peer)) : 0;

    g_array_append_val (fake->ports, port);
  }
  g_cond_broadcast (&fake->cond);
  g_mutex_unlock (&fake->mutex);
}

static inline gpointer
mc_fake_thread (gpointer data)
{
  McFake *fake = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (fake->ctx);
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, mc_fake_handler, fake, NULL);
  if (!soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("fake server: %s", error->message);
  uris = soup_server_get_uris (fake->server);
  g_mutex_lock (&fake->mutex);
  fake->url = g_strdup_printf ("http://127.0.0.1:%d/", g_uri_get_port (uris->data));
  g_cond_broadcast (&fake->cond);
  g_mutex_unlock (&fake->mutex);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (fake->loop);

  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
  /* Closing connections finishes in idle callbacks: let them run. (libsoup
   * 3.2 still leaks a server connection the client closed while idle, and
   * its listener: fixed in 3.3, upstream commit d20c6601.) */
  while (g_main_context_iteration (fake->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (fake->ctx);
  return NULL;
}

static inline McFake *
mc_fake_start (void)
{
  McFake *fake = g_new0 (McFake, 1);

  g_mutex_init (&fake->mutex);
  g_cond_init (&fake->cond);
  fake->ctx = g_main_context_new ();
  fake->loop = g_main_loop_new (fake->ctx, FALSE);
  fake->log = g_ptr_array_new_with_free_func (g_free);
  fake->ports = g_array_new (FALSE, FALSE, sizeof (guint));
  fake->dossiers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fake->attachments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fake->uploads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, mc_fake_upload_free);
  fake->stalled = g_ptr_array_new_with_free_func (g_object_unref);
  fake->retry_after = 1;
  fake->thread = g_thread_new ("fake-server", mc_fake_thread, fake);
  g_mutex_lock (&fake->mutex);
  while (fake->url == NULL)
    g_cond_wait (&fake->cond, &fake->mutex);
  g_mutex_unlock (&fake->mutex);
  return fake;
}

static inline gboolean
mc_fake_quit_cb (gpointer data)
{
  McFake *fake = data;

  /* Answer the stalled PATCHes (nobody listens any more) so they are freed. */
  for (guint i = 0; i < fake->stalled->len; i++)
    {
      SoupServerMessage *msg = fake->stalled->pdata[i];

      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_unpause (msg);
    }
  g_main_loop_quit (fake->loop);
  return G_SOURCE_REMOVE;
}

static inline void
mc_fake_stop (McFake *fake)
{
  g_main_context_invoke (fake->ctx, mc_fake_quit_cb, fake);
  g_thread_join (fake->thread);
  g_ptr_array_unref (fake->stalled);
  g_main_loop_unref (fake->loop);
  g_main_context_unref (fake->ctx);
  g_ptr_array_unref (fake->log);
  g_array_unref (fake->ports);
  g_hash_table_unref (fake->dossiers);
  g_hash_table_unref (fake->attachments);
  g_hash_table_unref (fake->uploads);
  g_mutex_clear (&fake->mutex);
  g_cond_clear (&fake->cond);
  g_free (fake->url);
  g_free (fake);
}

/* Requests logged so far that start with @prefix ("PUT /api/v1/dossiers/"). */
static inline guint
mc_fake_count (McFake     *fake,
               const char *prefix)
{
  guint n = 0;

  g_mutex_lock (&fake->mutex);
  for (guint i = 0; i < fake->log->len; i++)
    if (g_str_has_prefix (fake->log->pdata[i], prefix))
      n++;
  g_mutex_unlock (&fake->mutex);
  return n;
}

/* The log, one request a line (for messages and order checks). */
static inline char *
mc_fake_log (McFake *fake)
{
  GString *s = g_string_new (NULL);

  g_mutex_lock (&fake->mutex);
  for (guint i = 0; i < fake->log->len; i++)
    g_string_append_printf (s, "%s\n", (char *) fake->log->pdata[i]);
  g_mutex_unlock (&fake->mutex);
  return g_string_free (s, FALSE);
}

G_END_DECLS
