/* test-server-keepalive.c — a kept-alive connection after a 204
 *
 * libsoup 3.2's server closed the connection after every 204 answer (each
 * tus PATCH, OPTIONS) without saying so in a "Connection: close". A client
 * that keeps the connection, as HTTP/1.1 lets it, sent its next request
 * into a socket the server had closed and got "Connection reset by peer":
 * curl's second 8 MB PATCH in bench-sync-goodput, in 4 of 20 dossiers.
 * Here the requests go by hand on raw sockets, several big PATCHes on one
 * connection and on new ones, so that no client library quietly opens a
 * new connection in between.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "server-test-util.h"

#define BIG_SIZE (8 * 1000 * 1000)

typedef struct
{
  GSocketConnection *conn;
  GDataInputStream  *in;
  GOutputStream     *out;
} Conn;

typedef struct
{
  guint  status;      /* 0: the connection ended (closed or reset) first */
  char  *location;
  gboolean closing;   /* the answer said "Connection: close" */
} Answer;

static void
conn_free (Conn *c)
{
  g_object_unref (c->in);
  g_object_unref (c->conn);
  g_free (c);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Conn, conn_free)

static void
answer_clear (Answer *a)
{
  g_clear_pointer (&a->location, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static Conn *
conn_open (void)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GUri) uri = g_uri_parse (shared->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  Conn *c = g_new0 (Conn, 1);

  g_socket_client_set_timeout (client, 60);
  c->conn = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  c->in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (c->conn)));
  g_data_input_stream_set_newline_type (c->in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  c->out = g_io_stream_get_output_stream (G_IO_STREAM (c->conn));
  return c;
}

/* The request's head, then @body. FALSE if the server reset the
 * connection meanwhile. */
static gboolean
conn_send (Conn         *c,
           const char   *method,
           const char   *path,
           const char   *headers,
           const guint8 *body,
           gsize         length)
{
  g_autofree char *head = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                                           "Tus-Resumable: 1.0.0\r\n%sContent-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                                           method, path, token_a, headers, length);

  return g_output_stream_write_all (c->out, head, strlen (head), NULL, NULL, NULL) &&
         (length == 0 || g_output_stream_write_all (c->out, body, length, NULL, NULL, NULL));
}

/* Reads one answer and its body (none for a 204); @has_body FALSE for HEAD. */
static Answer
conn_read (Conn     *c,
           gboolean  has_body)
{
  Answer a = { 0 };
  g_autofree char *status_line = g_data_input_stream_read_line (c->in, NULL, NULL, NULL);
  gint64 length = 0;
  char *line;

  if (status_line == NULL || !g_str_has_prefix (status_line, "HTTP/1.1 ") || strlen (status_line) < 12)
    return a;
  a.status = (guint) g_ascii_strtoull (status_line + 9, NULL, 10);
  while ((line = g_data_input_stream_read_line (c->in, NULL, NULL, NULL)) != NULL && *line != '\0')
    {
      if (g_ascii_strncasecmp (line, "Content-Length:", 15) == 0)
        length = g_ascii_strtoll (line + 15, NULL, 10);
      else if (g_ascii_strncasecmp (line, "Location:", 9) == 0)
        a.location = g_strdup (g_strstrip (line + 9));
      else if (g_ascii_strncasecmp (line, "Connection:", 11) == 0 && strstr (line + 11, "close") != NULL)
        a.closing = TRUE;
      g_free (line);
    }
  if (line == NULL)
    {
      a.status = 0;
      return a;
    }
  g_free (line);
  if (has_body && length > 0)
    {
      g_autofree char *body = g_malloc (length);
      gsize n = 0;

      g_assert_cmpint (length, <, 1024 * 1024);
      if (!g_input_stream_read_all (G_INPUT_STREAM (c->in), body, length, &n, NULL, NULL) || (gint64) n != length)
        a.status = 0;
    }
  return a;
}

static guint8 *
make_data (guint seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint32 *data = g_new (guint32, BIG_SIZE / 4);

  for (guint i = 0; i < BIG_SIZE / 4; i++)
    data[i] = g_rand_int (rand);
  return (guint8 *) data;
}

static char *
checksum_header (const guint8 *data,
                 gsize         length)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autofree char *b64 = NULL;

  g_checksum_update (checksum, data, length);
  g_checksum_get_digest (checksum, digest, &digest_len);
  b64 = g_base64_encode (digest, digest_len);
  return g_strdup_printf ("Upload-Checksum: sha256 %s\r\n", b64);
}

/* tus POST on @c; returns the upload's path. */
static char *
create_upload (Conn       *c,
               const char *sha)
{
  g_autofree char *fn = b64 ("giay-to.pdf"), *ft = b64 ("application/pdf"), *sh = b64 (sha);
  g_autofree char *headers = g_strdup_printf ("Upload-Length: %d\r\nUpload-Metadata: filename %s,filetype %s,sha256 %s\r\n",
                                              BIG_SIZE, fn, ft, sh);
  g_auto(Answer) a = { 0 };

  g_assert_true (conn_send (c, "POST", "/api/v1/uploads", headers, NULL, 0));
  a = conn_read (c, TRUE);
  g_assert_cmpuint (a.status, ==, 201);
  g_assert_false (a.closing);
  g_assert_true (g_str_has_prefix (a.location, "/api/v1/uploads/"));
  return g_steal_pointer (&a.location);
}

/* PATCH of @data[from, to): sent whole, then its answer read. */
static Answer
patch (Conn         *c,
       const char   *upload,
       const guint8 *data,
       gsize         from,
       gsize         to,
       const char   *extra)
{
  g_autofree char *sum = checksum_header (data + from, to - from);
  g_autofree char *headers = g_strdup_printf ("Content-Type: application/offset+octet-stream\r\n"
                                              "Upload-Offset: %" G_GSIZE_FORMAT "\r\n%s%s",
                                              from, sum, extra);
  Answer none = { 0 };

  if (!conn_send (c, "PATCH", upload, headers, data + from, to - from))
    return none;
  return conn_read (c, TRUE);
}

static void
assert_stored (const char *sha)
{
  g_autofree char *file = g_build_filename (shared->data_dir, "files", sha, NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, BIG_SIZE);
}

/* Three 8 MB uploads, each in two PATCHes (the second completes it) and a
 * HEAD of the attachment, every request on the connection the previous
 * answer came on; @fresh: a new connection for each upload. */
static void
uploads (guint    seed,
         gboolean fresh)
{
  g_autoptr(Conn) c = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree guint8 *data = make_data (seed + i);
      g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, BIG_SIZE);
      g_autofree char *upload = NULL;
      g_autofree char *att = g_strconcat ("/api/v1/attachments/", sha, NULL);

      if (c == NULL || fresh)
        {
          g_clear_pointer (&c, conn_free);
          c = conn_open ();
        }
      upload = create_upload (c, sha);
      for (guint half = 0; half < 2; half++)
        {
          g_auto(Answer) a = patch (c, upload, data, half * (BIG_SIZE / 2), (half + 1) * (BIG_SIZE / 2), "");

          if (a.status != 204)
            g_error ("upload %u, PATCH %u: %u (0: the connection was closed or reset)", i, half + 1, a.status);
          g_assert_false (a.closing);
        }
      {
        g_auto(Answer) a = { 0 };

        g_assert_true (conn_send (c, "HEAD", att, "", NULL, 0));
        a = conn_read (c, FALSE);
        g_assert_cmpuint (a.status, ==, 200);
      }
      assert_stored (sha);
    }
}

static void
test_patches_one_connection (void)
{
  uploads (100, FALSE);
}

static void
test_patches_new_connections (void)
{
  uploads (200, TRUE);
}

/* The completing PATCH and the next request written back to back: the
 * server must answer both, not close with the second one unread (which
 * resets the connection). */
static void
test_pipelined_after_patch (void)
{
  g_autoptr(Conn) c = conn_open ();
  g_autofree guint8 *data = make_data (300);
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, BIG_SIZE);
  g_autofree char *upload = create_upload (c, sha);
  g_autofree char *sum = checksum_header (data, BIG_SIZE);
  g_autofree char *headers = g_strdup_printf ("Content-Type: application/offset+octet-stream\r\n"
                                              "Upload-Offset: 0\r\n%s", sum);
  g_autofree char *att = g_strconcat ("/api/v1/attachments/", sha, NULL);
  g_auto(Answer) first = { 0 };
  g_auto(Answer) second = { 0 };

  g_assert_true (conn_send (c, "PATCH", upload, headers, data, BIG_SIZE));
  g_assert_true (conn_send (c, "HEAD", att, "", NULL, 0));
  first = conn_read (c, TRUE);
  second = conn_read (c, FALSE);
  g_assert_cmpuint (first.status, ==, 204);
  g_assert_cmpuint (second.status, ==, 200);
  assert_stored (sha);
}

/* A PATCH refused on its head (unknown upload) still has its 8 MB body
 * read, not left unread in a closing socket: the next request on the
 * connection is answered. */
static void
test_refused_patch (void)
{
  g_autoptr(Conn) c = conn_open ();
  g_autofree guint8 *data = make_data (500);

  for (guint i = 0; i < 2; i++)
    {
      g_auto(Answer) refused = patch (c, "/api/v1/uploads/0123456789abcdef0123456789abcdef", data, 0, BIG_SIZE, "");
      g_auto(Answer) next = { 0 };

      g_assert_cmpuint (refused.status, ==, 404);
      g_assert_false (refused.closing);
      g_assert_true (conn_send (c, "OPTIONS", "/api/v1/uploads", "", NULL, 0));
      next = conn_read (c, TRUE);
      g_assert_cmpuint (next.status, ==, 204);
    }
}

/* Any 204, not only a PATCH's. */
static void
test_options_twice (void)
{
  g_autoptr(Conn) c = conn_open ();

  for (guint i = 0; i < 3; i++)
    {
      g_auto(Answer) a = { 0 };

      g_assert_true (conn_send (c, "OPTIONS", "/api/v1/uploads", "", NULL, 0));
      a = conn_read (c, TRUE);
      g_assert_cmpuint (a.status, ==, 204);
    }
}

/* A client that asks for the close still gets it, after the answer. */
static void
test_close_asked (void)
{
  g_autoptr(Conn) c = conn_open ();
  g_autofree guint8 *data = make_data (400);
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, BIG_SIZE);
  g_autofree char *upload = create_upload (c, sha);
  g_auto(Answer) a = patch (c, upload, data, 0, BIG_SIZE, "Connection: close\r\n");
  g_autoptr(GError) error = NULL;
  char byte;

  g_assert_cmpuint (a.status, ==, 204);
  g_assert_cmpint (g_input_stream_read (G_INPUT_STREAM (c->in), &byte, 1, NULL, &error), ==, 0);
  g_assert_no_error (error);
  assert_stored (sha);
}

int
main (int   argc,
      char *argv[])
{
  server_test_init (&argc, &argv);

  g_test_add_func ("/server/keepalive/patches-one-connection", test_patches_one_connection);
  g_test_add_func ("/server/keepalive/patches-new-connections", test_patches_new_connections);
  g_test_add_func ("/server/keepalive/pipelined-after-patch", test_pipelined_after_patch);
  g_test_add_func ("/server/keepalive/refused-patch", test_refused_patch);
  g_test_add_func ("/server/keepalive/options", test_options_twice);
  g_test_add_func ("/server/keepalive/close-asked", test_close_asked);

  return server_test_run ();
}
