/* test-server-concurrency.c — motcua-server serving requests side by side
 *
 * - A dossier PUT held inside its write transaction (--fault hold=FILE:
 *   a slow disk, made deterministic) does not hold up the others: /info,
 *   /changes, a GET of a dossier and a tus HEAD answer while it waits, and
 *   a second PUT waits its turn and then commits after it.
 * - A tus PATCH arriving while the previous PATCH of the same upload is
 *   being finished (held) waits before its body, then starts from the
 *   committed offset (409 offset_mismatch for a resent chunk), and the
 *   upload completes.
 * - Eight clients at once (each its own station and connection) upload
 *   attachments (tus) and put dossiers: every one is stored exactly once,
 *   replays answer the stored result byte for byte, a changed body is a
 *   409 body_conflict, each station's change feed lists its dossiers once.
 * - The same load with the server killed (SIGKILL) in the middle: after a
 *   restart every dossier acknowledged before the kill is still there (its
 *   resend is a replay), and the rest go in exactly once.
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "server-test-util.h"

#define N_CLIENTS 8

/* ---- a client: its own thread, session and station ---------------------- */

typedef struct
{
  guint       index;
  char       *token;
  const char *url;            /* the server's, set before each run */
  guint       n;
  char      **uuids;
  char      **codes;
  char      **files;          /* attachment contents */
  char      **results;        /* the first stored result of each (NULL: none) */
  gboolean   *acked;          /* 201/200 received */
  gboolean   *replay_expected;/* acknowledged before a kill: the resend must be a replay */
  gint       *acked_total;    /* shared, atomic */
  gboolean    check_replays;
  char       *failure;        /* a protocol failure (not a transport error) */
} Client;

static guint
send_request (SoupSession        *session,
              const char         *url,
              const char         *method,
              const char         *path,
              const char         *token,
              const char         *content_type,
              GBytes             *body,
              const char * const *extra,
              char              **body_out,
              SoupMessageHeaders **headers_out)
{
  g_autofree char *full = g_strconcat (url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, full);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GBytes) response = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_replace (headers, "Authorization", auth);
  for (guint i = 0; extra != NULL && extra[i] != NULL; i += 2)
    soup_message_headers_replace (headers, extra[i], extra[i + 1]);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  response = soup_session_send_and_read (session, msg, NULL, NULL);
  if (response == NULL)
    return 0;   /* the server is gone */
  if (body_out != NULL)
    *body_out = g_strndup (g_bytes_get_data (response, NULL), g_bytes_get_size (response));
  if (headers_out != NULL)
    *headers_out = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return soup_message_get_status (msg);
}

/* The attachment is on the server (HEAD), or uploaded now (tus). */
static guint
ensure_attachment (Client      *c,
                   SoupSession *session,
                   const char  *data,
                   const char  *sha)
{
  g_autofree char *head_path = g_strconcat ("api/v1/attachments/", sha, NULL);
  g_autofree char *len = g_strdup_printf ("%" G_GSIZE_FORMAT, strlen (data));
  g_autofree char *fn = b64 ("giay-to.pdf"), *ft = b64 ("application/pdf"), *sh = b64 (sha);
  g_autofree char *meta = g_strdup_printf ("filename %s,filetype %s,sha256 %s", fn, ft, sh);
  const char *create[] = { "Tus-Resumable", "1.0.0", "Upload-Length", len, "Upload-Metadata", meta, NULL };
  const char *patch[] = { "Tus-Resumable", "1.0.0", "Upload-Offset", "0", NULL };
  g_autoptr(SoupMessageHeaders) created = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (data, strlen (data));
  const char *location;
  guint status;

  status = send_request (session, c->url, "HEAD", head_path, c->token, NULL, NULL, NULL, NULL, NULL);
  if (status != 404)
    return status;
  status = send_request (session, c->url, "POST", "api/v1/uploads", c->token, NULL, NULL, create, NULL, &created);
  if (status != 201)
    return status;
  location = soup_message_headers_get_one (created, "Location");
  if (location == NULL || !g_str_has_prefix (location, "/"))
    return 1;
  status = send_request (session, c->url, "PATCH", location + 1, c->token, "application/offset+octet-stream",
                         bytes, patch, NULL, NULL);
  return status == 204 ? 200 : status;
}

static void
client_fail (Client     *c,
             const char *what,
             guint       i,
             guint       status)
{
  if (c->failure == NULL)
    c->failure = g_strdup_printf ("client %u, dossier %u: %s (status %u)", c->index, i, what, status);
}

/* Sends every dossier not acknowledged yet; stops at the first transport
 * error (the server killed). */
static gpointer
client_run (gpointer data)
{
  Client *c = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);

  for (guint i = 0; i < c->n && c->failure == NULL; i++)
    {
      g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, c->files[i], -1);
      Doc d = { c->uuids[i], 1, c->codes[i], "Nguyễn Văn Đức", NULL, "2026-11-23T09:15:00+07:00",
                { sha, NULL }, { strlen (c->files[i]), 0 }, FALSE };
      g_autofree char *json = dossier_json (&d);
      g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
      g_autofree char *path = dossier_path (c->uuids[i]);
      g_autoptr(SoupMessageHeaders) headers = NULL;
      g_autofree char *result = NULL;
      guint status;

      if (c->acked[i] && !c->replay_expected[i])
        continue;
      status = ensure_attachment (c, session, c->files[i], sha);
      if (status == 0)
        return NULL;
      if (status != 200)
        {
          client_fail (c, "attachment", i, status);
          return NULL;
        }
      status = send_request (session, c->url, "PUT", path, c->token, "application/json", body, NULL, &result, &headers);
      if (status == 0)
        return NULL;
      if (c->replay_expected[i])
        {
          /* Acknowledged before the kill: durable, so this is a replay. */
          if (status != 200 || g_strcmp0 (soup_message_headers_get_one (headers, "MotCua-Replayed"), "true") != 0 ||
              g_strcmp0 (result, c->results[i]) != 0)
            client_fail (c, "an acknowledged dossier was not replayed after the kill", i, status);
          c->replay_expected[i] = FALSE;
          continue;
        }
      if (status != 201 && status != 200)
        {
          client_fail (c, "PUT", i, status);
          return NULL;
        }
      c->results[i] = g_steal_pointer (&result);
      c->acked[i] = TRUE;
      g_atomic_int_inc (c->acked_total);

      if (c->check_replays)
        {
          g_autofree char *again = NULL;
          g_autoptr(SoupMessageHeaders) again_headers = NULL;
          g_autofree char *changed = NULL;
          g_autoptr(GBytes) changed_body = NULL;
          g_autofree char *conflict = NULL;

          status = send_request (session, c->url, "PUT", path, c->token, "application/json", body, NULL,
                                 &again, &again_headers);
          if (status != 200 || g_strcmp0 (again, c->results[i]) != 0 ||
              g_strcmp0 (soup_message_headers_get_one (again_headers, "MotCua-Replayed"), "true") != 0)
            client_fail (c, "replay", i, status);
          d.full_name = "Nguyễn Văn Đông";
          changed = dossier_json (&d);
          changed_body = g_bytes_new (changed, strlen (changed));
          status = send_request (session, c->url, "PUT", path, c->token, "application/json", changed_body, NULL,
                                 &conflict, NULL);
          if (status != 409 || strstr (conflict, "\"body_conflict\"") == NULL)
            client_fail (c, "changed body", i, status);
        }
    }
  return NULL;
}

static Client *
client_new (guint       index,
            const char *data_dir,
            guint       n,
            gint       *acked_total,
            int        *code_serial)
{
  Client *c = g_new0 (Client, 1);
  g_autofree char *station = g_strdup_printf ("station-%u", index);

  c->index = index;
  c->token = new_token (data_dir, station);
  c->n = n;
  c->uuids = g_new0 (char *, n + 1);
  c->codes = g_new0 (char *, n + 1);
  c->files = g_new0 (char *, n + 1);
  c->results = g_new0 (char *, n + 1);
  c->acked = g_new0 (gboolean, n);
  c->replay_expected = g_new0 (gboolean, n);
  c->acked_total = acked_total;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GString) file = g_string_new (NULL);

      c->uuids[i] = g_uuid_string_random ();
      c->codes[i] = station_code (station, (guint) (*code_serial)++);
      for (guint k = 0; k < 64; k++)
        g_string_append_printf (file, "tệp %u của hồ sơ %u, dòng %u\n", index, i, k);
      c->files[i] = g_string_free (g_steal_pointer (&file), FALSE);
    }
  return c;
}

static void
client_free (Client *c)
{
  g_free (c->token);
  g_strfreev (c->uuids);
  g_strfreev (c->codes);
  g_strfreev (c->files);
  for (guint i = 0; i < c->n; i++)
    g_free (c->results[i]);
  g_free (c->results);
  g_free (c->acked);
  g_free (c->replay_expected);
  g_free (c->failure);
  g_free (c);
}

static void
run_clients (Client **clients,
             Server  *server)
{
  GThread *threads[N_CLIENTS];

  for (guint k = 0; k < N_CLIENTS; k++)
    {
      clients[k]->url = server->url;
      threads[k] = g_thread_new ("client", client_run, clients[k]);
    }
  for (guint k = 0; k < N_CLIENTS; k++)
    g_thread_join (threads[k]);
}

/* Each dossier of @clients is on the server once, with its code; each
 * station's feed lists each of its dossiers once. */
static void
verify_exactly_once (Client **clients,
                     Server  *server)
{
  int status;
  g_autofree char *out = run_admin (&status, "dossiers", "--data-dir", server->data_dir, "--json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) s = soup_session_new ();
  JsonArray *array;
  guint total = 0;

  g_assert_cmpint (status, ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      g_assert_true (g_hash_table_add (seen, (gpointer) json_object_get_string_member (o, "uuid")));
    }
  for (guint k = 0; k < N_CLIENTS; k++)
    {
      Client *c = clients[k];
      g_autofree char *feed = NULL;
      const char *extra[] = { NULL };
      guint st = send_request (s, server->url, "GET", "api/v1/changes?limit=500", c->token, NULL, NULL, extra,
                               &feed, NULL);

      g_assert_cmpuint (st, ==, 200);
      for (guint i = 0; i < c->n; i++)
        {
          g_autofree char *needle = g_strdup_printf ("\"uuid\":\"%s\"", c->uuids[i]);
          const char *first;

          g_assert_true (c->acked[i]);
          g_assert_true (g_hash_table_contains (seen, c->uuids[i]));
          first = strstr (feed, needle);
          g_assert_nonnull (first);
          g_assert_null (strstr (first + 1, needle));
          total++;
        }
    }
  g_assert_cmpuint (json_array_get_length (array), ==, total);
}

static int code_serial = 100;

static void
test_clients_exactly_once (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  Client *clients[N_CLIENTS];
  gint acked = 0;
  Server *server;

  for (guint k = 0; k < N_CLIENTS; k++)
    {
      clients[k] = client_new (k, dir, 12, &acked, &code_serial);
      clients[k]->check_replays = TRUE;
    }
  server = server_start (dir, NULL);
  run_clients (clients, server);
  for (guint k = 0; k < N_CLIENTS; k++)
    g_assert_null (clients[k]->failure);
  g_assert_cmpint (acked, ==, N_CLIENTS * 12);
  verify_exactly_once (clients, server);
  server_stop (server);
  for (guint k = 0; k < N_CLIENTS; k++)
    client_free (clients[k]);
  mc_test_rm_rf (dir);
}

static void
test_clients_killed_server (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  Client *clients[N_CLIENTS];
  GThread *threads[N_CLIENTS];
  gint acked = 0;
  gint64 deadline;
  Server *server;
  guint before = 0;

  for (guint k = 0; k < N_CLIENTS; k++)
    clients[k] = client_new (k, dir, 25, &acked, &code_serial);
  server = server_start (dir, NULL);
  for (guint k = 0; k < N_CLIENTS; k++)
    {
      clients[k]->url = server->url;
      threads[k] = g_thread_new ("client", client_run, clients[k]);
    }
  /* Killed once about a quarter is in: requests are under way on every
   * connection. */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_atomic_int_get (&acked) < N_CLIENTS * 25 / 4 && g_get_monotonic_time () < deadline)
    g_usleep (2000);
  g_subprocess_force_exit (server->proc);
  for (guint k = 0; k < N_CLIENTS; k++)
    g_thread_join (threads[k]);
  g_subprocess_wait (server->proc, NULL, NULL);
  g_object_unref (server->proc);
  g_free (server->url);
  g_free (server->data_dir);
  g_free (server);

  for (guint k = 0; k < N_CLIENTS; k++)
    {
      g_assert_null (clients[k]->failure);
      for (guint i = 0; i < clients[k]->n; i++)
        {
          clients[k]->replay_expected[i] = clients[k]->acked[i];
          before += clients[k]->acked[i];
        }
    }
  g_test_message ("%u of %u dossiers acknowledged before the kill", before, N_CLIENTS * 25);
  g_assert_cmpuint (before, >, 0);
  g_assert_cmpuint (before, <, N_CLIENTS * 25);

  server = server_start (dir, NULL);
  run_clients (clients, server);
  for (guint k = 0; k < N_CLIENTS; k++)
    {
      g_assert_null (clients[k]->failure);
      for (guint i = 0; i < clients[k]->n; i++)
        g_assert_false (clients[k]->replay_expected[i]);
    }
  verify_exactly_once (clients, server);
  server_stop (server);
  for (guint k = 0; k < N_CLIENTS; k++)
    client_free (clients[k]);
  mc_test_rm_rf (dir);
}

/* ---- a held writer does not hold up the others --------------------------------- */

typedef struct
{
  const char *url;
  const char *token;
  char       *path;
  char       *json;
  guint       status;
  gint        done;
} HeldPut;

static gpointer
held_put_run (gpointer data)
{
  HeldPut *h = data;
  g_autoptr(SoupSession) s = soup_session_new_with_options ("timeout", 120, NULL);
  g_autoptr(GBytes) body = g_bytes_new (h->json, strlen (h->json));

  h->status = send_request (s, h->url, "PUT", h->path, h->token, "application/json", body, NULL, NULL, NULL);
  g_atomic_int_set (&h->done, 1);
  return NULL;
}

static HeldPut *
held_put_new (const char *url,
              const char *token,
              int        *serial)
{
  HeldPut *h = g_new0 (HeldPut, 1);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *code = station_code ("station-held", (guint) (*serial)++);
  Doc d = { uuid, 1, code, "Trần Thị Bình", "0912345678", "2026-11-23T09:15:00+07:00", { NULL }, { 0 }, FALSE };

  h->url = url;
  h->token = token;
  h->path = dossier_path (uuid);
  h->json = dossier_json (&d);
  return h;
}

static void
held_put_free (HeldPut *h)
{
  g_free (h->path);
  g_free (h->json);
  g_free (h);
}

static gboolean
wait_for_file (const char *path,
               guint       seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (5000);
    }
  return TRUE;
}

static void
test_held_writer (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *hold = g_build_filename (dir, "hold", NULL);
  g_autofree char *held = g_build_filename (dir, "hold.held", NULL);
  g_autofree char *fault = g_strconcat ("hold=", hold, NULL);
  g_autofree char *token = new_token (dir, "station-held");
  g_autoptr(SoupSession) s = soup_session_new_with_options ("timeout", 20, NULL);
  g_autofree char *existing = NULL;
  g_autofree char *feed = NULL;
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "chưa có", -1);
  g_autofree char *head_path = g_strconcat ("api/v1/attachments/", sha, NULL);
  HeldPut *first, *second;
  GThread *t1, *t2;
  Server *server;
  int serial = 900;
  const char *p1, *p2;

  server = server_start (dir, fault);
  /* A dossier stored before the hold, for the GET below. */
  {
    HeldPut *h = held_put_new (server->url, token, &serial);

    held_put_run (h);
    g_assert_cmpuint (h->status, ==, 201);
    existing = g_strdup (h->path);
    held_put_free (h);
  }

  g_assert_true (g_file_set_contents (hold, "", 0, NULL));
  first = held_put_new (server->url, token, &serial);
  t1 = g_thread_new ("held-put", held_put_run, first);
  g_assert_true (wait_for_file (held, 30));

  /* The first PUT waits inside its transaction, holding the write lock.
   * Before, the whole server waited with it: these would time out. */
  g_assert_cmpuint (send_request (s, server->url, "GET", "api/v1/info", token, NULL, NULL, NULL, NULL, NULL), ==, 200);
  g_assert_cmpuint (send_request (s, server->url, "GET", existing, token, NULL, NULL, NULL, NULL, NULL), ==, 200);
  g_assert_cmpuint (send_request (s, server->url, "GET", "api/v1/changes", token, NULL, NULL, NULL, NULL, NULL), ==, 200);
  g_assert_cmpuint (send_request (s, server->url, "HEAD", head_path, token, NULL, NULL, NULL, NULL, NULL), ==, 404);
  g_assert_cmpint (g_atomic_int_get (&first->done), ==, 0);

  /* A second writer waits its turn (the first one still holds the lock). */
  second = held_put_new (server->url, token, &serial);
  t2 = g_thread_new ("second-put", held_put_run, second);
  g_usleep (200000);
  g_assert_cmpint (g_atomic_int_get (&second->done), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&first->done), ==, 0);

  g_assert_cmpint (g_unlink (hold), ==, 0);
  g_thread_join (t1);
  g_thread_join (t2);
  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpuint (second->status, ==, 201);

  /* Both in the feed, the held one first: positions follow commits. */
  g_assert_cmpuint (send_request (s, server->url, "GET", "api/v1/changes", token, NULL, NULL, NULL, &feed, NULL), ==, 200);
  p1 = strstr (feed, first->path + strlen ("api/v1/dossiers/"));
  p2 = strstr (feed, second->path + strlen ("api/v1/dossiers/"));
  g_assert_nonnull (p1);
  g_assert_nonnull (p2);
  g_assert_true (p1 < p2);

  held_put_free (first);
  held_put_free (second);
  server_stop (server);
  mc_test_rm_rf (dir);
}

/* ---- a PATCH waits while the previous one of its upload is being finished ---- */

typedef struct
{
  const char *url;
  const char *token;
  const char *upload;
  const char *data;
  gsize       from;
  gsize       to;
  guint       status;
  char       *offset;     /* Upload-Offset of the answer */
  gint        done;
} Patch;

static gpointer
patch_run (gpointer data)
{
  Patch *p = data;
  g_autoptr(SoupSession) s = soup_session_new_with_options ("timeout", 120, NULL);
  g_autoptr(GBytes) chunk = g_bytes_new (p->data + p->from, p->to - p->from);
  g_autofree char *offset = g_strdup_printf ("%" G_GSIZE_FORMAT, p->from);
  g_autoptr(SoupMessageHeaders) headers = NULL;
  const char *extra[] = { "Tus-Resumable", "1.0.0", "Upload-Offset", offset, NULL };

  p->status = send_request (s, p->url, "PATCH", p->upload, p->token, "application/offset+octet-stream", chunk,
                            extra, NULL, &headers);
  if (headers != NULL)
    p->offset = g_strdup (soup_message_headers_get_one (headers, "Upload-Offset"));
  g_atomic_int_set (&p->done, 1);
  return NULL;
}

static void
test_patch_waits_for_finish (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *hold = g_build_filename (dir, "hold", NULL);
  g_autofree char *held = g_build_filename (dir, "hold.held", NULL);
  g_autofree char *fault = g_strconcat ("hold=", hold, NULL);
  g_autofree char *token = new_token (dir, "station-patch");
  g_autoptr(SoupSession) s = soup_session_new_with_options ("timeout", 20, NULL);
  g_autoptr(GString) data = g_string_new (NULL);
  g_autofree char *sha = NULL;
  g_autofree char *len = NULL;
  g_autofree char *fn = b64 ("giay-to.pdf"), *ft = b64 ("application/pdf"), *sh = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *head_path = NULL;
  g_autoptr(SoupMessageHeaders) created = NULL;
  Patch first = { 0 }, second = { 0 }, last = { 0 };
  GThread *t1, *t2;
  Server *server;
  char *upload;

  while (data->len < 8192)
    g_string_append (data, "một phần của tệp đính kèm; ");
  g_string_truncate (data, 8192);
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, data->str, data->len);
  sh = b64 (sha);
  len = g_strdup_printf ("%" G_GSIZE_FORMAT, data->len);
  meta = g_strdup_printf ("filename %s,filetype %s,sha256 %s", fn, ft, sh);
  head_path = g_strconcat ("api/v1/attachments/", sha, NULL);

  server = server_start (dir, fault);
  {
    const char *extra[] = { "Tus-Resumable", "1.0.0", "Upload-Length", len, "Upload-Metadata", meta, NULL };

    g_assert_cmpuint (send_request (s, server->url, "POST", "api/v1/uploads", token, NULL, NULL, extra, NULL, &created),
                      ==, 201);
  }
  upload = (char *) soup_message_headers_get_one (created, "Location") + 1;

  /* The first chunk's end waits; the same chunk again (a client that
   * gave up and resumed) must not touch the file meanwhile. */
  g_assert_true (g_file_set_contents (hold, "", 0, NULL));
  first = (Patch) { server->url, token, upload, data->str, 0, 4096, 0, NULL, 0 };
  t1 = g_thread_new ("first-patch", patch_run, &first);
  g_assert_true (wait_for_file (held, 30));
  second = (Patch) { server->url, token, upload, data->str, 0, 4096, 0, NULL, 0 };
  t2 = g_thread_new ("second-patch", patch_run, &second);
  g_usleep (300000);
  g_assert_cmpint (g_atomic_int_get (&second.done), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&first.done), ==, 0);
  /* The server still answers meanwhile. */
  g_assert_cmpuint (send_request (s, server->url, "GET", "api/v1/info", token, NULL, NULL, NULL, NULL, NULL), ==, 200);

  g_assert_cmpint (g_unlink (hold), ==, 0);
  g_thread_join (t1);
  g_thread_join (t2);
  g_assert_cmpuint (first.status, ==, 204);
  g_assert_cmpstr (first.offset, ==, "4096");
  /* It began after the first one's commit: the offset moved on. */
  g_assert_cmpuint (second.status, ==, 409);
  g_assert_cmpstr (second.offset, ==, "4096");

  last = (Patch) { server->url, token, upload, data->str, 4096, 8192, 0, NULL, 0 };
  patch_run (&last);
  g_assert_cmpuint (last.status, ==, 204);
  g_assert_cmpstr (last.offset, ==, "8192");
  g_assert_cmpuint (send_request (s, server->url, "HEAD", head_path, token, NULL, NULL, NULL, NULL, NULL), ==, 200);

  g_free (first.offset);
  g_free (second.offset);
  g_free (last.offset);
  server_stop (server);
  mc_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  server_test_init (&argc, &argv);
  g_test_add_func ("/server/concurrency/held-writer", test_held_writer);
  g_test_add_func ("/server/concurrency/patch-waits-for-finish", test_patch_waits_for_finish);
  g_test_add_func ("/server/concurrency/clients-exactly-once", test_clients_exactly_once);
  g_test_add_func ("/server/concurrency/clients-server-killed", test_clients_killed_server);
  return server_test_run ();
}
