/* test-server.c — the protocol (docs/sync-protocol.md) against the real
 * motcua-server process on a loopback port chosen at run time
 */
#include "config.h"

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include "test-util.h"

typedef struct
{
  GSubprocess *proc;
  char        *data_dir;
  char        *url;        /* "http://127.0.0.1:PORT/" */
} Server;

/* The shared server of most tests, its two stations and a session. */
static Server *shared;
static char *token_a;
static char *token_b;
static SoupSession *session;

/* ---- processes ------------------------------------------------------------- */

static char *
run_admin (int         *status,
           const char  *first,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("MOTCUA_SERVER"));
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (proc);
  if (*status != 0)
    g_test_message ("stderr: %s", err);
  return out;
}

static char *
new_token (const char *data_dir,
           const char *station)
{
  int status;
  g_autofree char *out = run_admin (&status, "token", "--data-dir", data_dir, "--station", station,
                                    "--agency-code", "000.00.12.H29", "--station-number", "1", NULL);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "mct_"));
  g_assert_cmpuint (strlen (out), ==, 4 + 43 + 1);
  return g_strstrip (g_strdup (out));
}

/* The server dies with the test, even if the test crashes. */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static Server *
server_start (const char *data_dir,
              const char *fault)
{
  Server *s = g_new0 (Server, 1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  s->data_dir = g_strdup (data_dir);
  g_ptr_array_add (argv, (gpointer) g_getenv ("MOTCUA_SERVER"));
  g_ptr_array_add (argv, (gpointer) "serve");
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, (gpointer) data_dir);
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1:0");
  g_ptr_array_add (argv, (gpointer) "--seed");
  g_ptr_array_add (argv, (gpointer) "1");
  if (fault != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--fault");
      g_ptr_array_add (argv, (gpointer) fault);
    }
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  s->proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s->proc));
  line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (line, "/"));
  s->url = g_strdup (line + strlen ("listening on "));
  return s;
}

static void
server_stop (Server *s)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (s->proc, SIGTERM);
  g_subprocess_wait (s->proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (s->proc));
  g_assert_cmpint (g_subprocess_get_exit_status (s->proc), ==, 0);
  g_object_unref (s->proc);
  g_free (s->url);
  g_free (s->data_dir);
  g_free (s);
}

/* ---- HTTP ---------------------------------------------------------------------- */

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  char               *body;
  JsonNode           *json;
} Reply;

static void
reply_clear (Reply *r)
{
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_pointer (&r->body, g_free);
  g_clear_pointer (&r->json, json_node_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

/* @extra: NULL-terminated header name/value pairs. */
static Reply
request_full (Server             *s,
              const char         *method,
              const char         *path,
              const char         *token,
              const char         *content_type,
              GBytes             *body,
              const char * const *extra)
{
  g_autofree char *url = g_strconcat (s->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  Reply r = { 0 };

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", auth);
    }
  for (guint i = 0; extra != NULL && extra[i] != NULL; i += 2)
    soup_message_headers_replace (headers, extra[i], extra[i + 1]);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);

  response = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  r.status = soup_message_get_status (msg);
  r.headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  r.body = g_bytes_get_size (response) > 0
           ? g_strndup (g_bytes_get_data (response, NULL), g_bytes_get_size (response))
           : g_strdup ("");
  if (*r.body == '{' || *r.body == '[')
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      json_parser_load_from_data (parser, r.body, -1, &error);
      g_assert_no_error (error);
      r.json = json_node_copy (json_parser_get_root (parser));
    }
  return r;
}

static Reply
request (const char *method,
         const char *path,
         const char *token)
{
  return request_full (shared, method, path, token, NULL, NULL, NULL);
}

static Reply
put_json (Server     *s,
          const char *path,
          const char *token,
          const char *json)
{
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

  return request_full (s, "PUT", path, token, "application/json", body, NULL);
}

static const char *
error_code (Reply *r)
{
  g_assert_nonnull (r->json);
  return json_object_get_string_member (json_object_get_object_member (json_node_get_object (r->json), "error"),
                                        "code");
}

static const char *
error_field (Reply *r)
{
  JsonObject *e = json_object_get_object_member (json_node_get_object (r->json), "error");

  return json_object_get_string_member_with_default (e, "field", NULL);
}

static JsonObject *
obj (Reply *r)
{
  g_assert_nonnull (r->json);
  return json_node_get_object (r->json);
}

/* ---- tus helpers ------------------------------------------------------------------ */

static char *
b64 (const char *text)
{
  return g_base64_encode ((const guchar *) text, strlen (text));
}

/* Creates an upload; returns its path (no leading slash). */
static char *
tus_create (const char *token,
            gsize       length,
            const char *sha256)
{
  g_autofree char *len = g_strdup_printf ("%" G_GSIZE_FORMAT, length);
  g_autofree char *fn = b64 ("giay-to.pdf");
  g_autofree char *ft = b64 ("application/pdf");
  g_autofree char *sh = b64 (sha256);
  g_autofree char *meta = g_strdup_printf ("filename %s,filetype %s,sha256 %s", fn, ft, sh);
  const char *extra[] = { "Tus-Resumable", "1.0.0", "Upload-Length", len, "Upload-Metadata", meta, NULL };
  g_auto(Reply) r = request_full (shared, "POST", "api/v1/uploads", token, NULL, NULL, extra);
  const char *location;

  g_assert_cmpuint (r.status, ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (r.headers, "Tus-Resumable"), ==, "1.0.0");
  g_assert_nonnull (soup_message_headers_get_one (r.headers, "Upload-Expires"));
  location = soup_message_headers_get_one (r.headers, "Location");
  g_assert_true (g_str_has_prefix (location, "/api/v1/uploads/"));
  return g_strdup (location + 1);
}

static gint64
tus_offset (const char *token,
            const char *upload)
{
  const char *extra[] = { "Tus-Resumable", "1.0.0", NULL };
  g_auto(Reply) r = request_full (shared, "HEAD", upload, token, NULL, NULL, extra);

  if (r.status != 200)
    return -(gint64) r.status;
  g_assert_cmpstr (soup_message_headers_get_one (r.headers, "Cache-Control"), ==, "no-store");
  return g_ascii_strtoll (soup_message_headers_get_one (r.headers, "Upload-Offset"), NULL, 10);
}

/* Sends @data[from, to) as one PATCH; @corrupt sends a wrong checksum. */
static Reply
tus_patch (const char *token,
           const char *upload,
           const char *data,
           gsize       from,
           gsize       to,
           gboolean    corrupt,
           gboolean    override)
{
  g_autoptr(GBytes) chunk = g_bytes_new (data + from, to - from);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autofree char *digest_b64 = NULL;
  g_autofree char *header = NULL;
  g_autofree char *offset = g_strdup_printf ("%" G_GSIZE_FORMAT, from);
  const char *extra[] = { "Tus-Resumable", "1.0.0", "Upload-Offset", offset, "Upload-Checksum", NULL,
                          override ? "X-HTTP-Method-Override" : NULL, "PATCH", NULL };

  g_checksum_update (checksum, (const guchar *) data + from, to - from);
  g_checksum_get_digest (checksum, digest, &digest_len);
  if (corrupt)
    digest[0] ^= 0xff;
  digest_b64 = g_base64_encode (digest, digest_len);
  header = g_strconcat ("sha256 ", digest_b64, NULL);
  extra[5] = header;
  return request_full (shared, override ? "POST" : "PATCH", upload, token,
                       "application/offset+octet-stream", chunk, extra);
}

/* Uploads @data completely; returns its sha256. */
static char *
upload_file (const char *token,
             const char *data)
{
  char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, data, -1);
  g_autofree char *upload = tus_create (token, strlen (data), sha);
  g_auto(Reply) r = tus_patch (token, upload, data, 0, strlen (data), FALSE, FALSE);

  g_assert_cmpuint (r.status, ==, 204);
  return sha;
}

/* ---- dossier bodies ---------------------------------------------------------------- */

typedef struct
{
  const char *uuid;
  int         revision;
  const char *code;
  const char *full_name;
  const char *phone;          /* NULL: null member */
  const char *received_at;
  const char *sha[2];         /* attachments (NULL: fewer) */
  gsize       size[2];
  gboolean    omit_nulls;
} Doc;

static char *
dossier_json (const Doc *d)
{
  g_autoptr(GString) att = g_string_new (NULL);
  g_autofree char *phone = d->phone != NULL ? g_strdup_printf ("\"%s\"", d->phone) : g_strdup ("null");

  for (int i = 0; i < 2 && d->sha[i] != NULL; i++)
    g_string_append_printf (att, "%s{\"name\": \"tep-%d.pdf\", \"sha256\": \"%s\", \"size\": %" G_GSIZE_FORMAT ","
                                 " \"mime_type\": \"application/pdf\"%s}",
                            i > 0 ? "," : "", i, d->sha[i], d->size[i],
                            d->omit_nulls ? "" : ", \"paper\": null");
  return g_strdup_printf ("{\"uuid\": \"%s\", \"revision\": %d, \"code\": \"%s\","
                          " \"procedure_code\": \"HT-KS\", \"procedure_national_code\": \"1.001193\","
                          " \"procedure_name\": \"Đăng ký khai sinh\", \"procedure_field\": \"Hộ tịch\","
                          " \"processing_days\": 0,"
                          " \"applicant\": {\"full_name\": \"%s\", \"id_kind\": \"cccd\","
                          " \"id_number\": \"001185012345\", \"date_of_birth\": \"1985-03-02\","
                          " \"phone\": %s, \"address\": \"Thôn 3, xã Tân Lập\"%s},"
                          " \"received_at\": \"%s\", \"received_by\": \"lan.nt\",%s"
                          " \"due_date\": \"2026-11-23\", \"sets\": 1,"
                          " \"papers\": [{\"name\": \"Tờ khai\", \"form\": \"original\", \"copies\": 1}],"
                          " %s \"attachments\": [%s]}",
                          d->uuid, d->revision, d->code, d->full_name, phone,
                          d->omit_nulls ? "" : ", \"email\": null",
                          d->received_at,
                          d->omit_nulls ? "" : " \"backdate_reason\": null,",
                          d->omit_nulls ? "" : "\"notes\": null,", att->str);
}

static char *
dossier_path (const char *uuid)
{
  return g_strconcat ("api/v1/dossiers/", uuid, NULL);
}

static int code_counter = 1000;

static char *
new_code (void)
{
  return g_strdup_printf ("000.00.12.H29-261123-%d", code_counter++);
}

/* Puts a fresh dossier (revision 1, no attachments) for station A. */
static char *
put_simple_dossier (char **code_out)
{
  char *uuid = g_uuid_string_random ();
  g_autofree char *code = new_code ();
  Doc d = { uuid, 1, code, "Đặng Thị Ánh", "0912345678", "2026-11-23T09:15:00+07:00", { NULL }, { 0 }, FALSE };
  g_autofree char *json = dossier_json (&d);
  g_autofree char *path = dossier_path (uuid);
  g_auto(Reply) r = put_json (shared, path, token_a, json);

  g_assert_cmpuint (r.status, ==, 201);
  if (code_out != NULL)
    *code_out = g_steal_pointer (&code);
  return uuid;
}

/* ---- tests --------------------------------------------------------------------------- */

static void
test_info_auth (void)
{
  g_auto(Reply) none = request ("GET", "api/v1/info", NULL);
  g_auto(Reply) wrong = request ("GET", "api/v1/info", "mct_not-a-real-token");
  g_auto(Reply) ok = request ("GET", "api/v1/info", token_a);
  const char *www;

  g_assert_cmpuint (none.status, ==, 401);
  www = soup_message_headers_get_one (none.headers, "WWW-Authenticate");
  g_assert_cmpstr (www, ==, "Bearer realm=\"motcua\", error=\"invalid_token\"");
  g_assert_cmpstr (error_code (&none), ==, "unauthorized");
  g_assert_cmpuint (wrong.status, ==, 401);

  g_assert_cmpuint (ok.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (obj (&ok), "protocol_version"), ==, "1.0");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj (&ok), "station"), "name"),
                   ==, "station-a");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (obj (&ok), "station"),
                                               "station_number"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (obj (&ok), "limits"),
                                               "max_attachment_size"), ==, 209715200);
}

static void
test_token_revokes (void)
{
  g_autofree char *t1 = new_token (shared->data_dir, "station-c");
  g_autofree char *t2 = new_token (shared->data_dir, "station-c");
  g_auto(Reply) old = request ("GET", "api/v1/info", t1);
  g_auto(Reply) fresh = request ("GET", "api/v1/info", t2);

  g_assert_cmpstr (t1, !=, t2);
  g_assert_cmpuint (old.status, ==, 401);
  g_assert_cmpuint (fresh.status, ==, 200);
}

static void
test_tus (void)
{
  const char *data = "Giấy chứng sinh — nội dung thử nghiệm của một tệp PDF giả, đủ dài để chia phần.";
  gsize len = strlen (data), half = len / 2;
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, data, -1);
  g_autofree char *upload = NULL;
  g_autofree char *att_path = g_strconcat ("api/v1/attachments/", sha, NULL);
  const char *tus[] = { "Tus-Resumable", "1.0.0", NULL };

  {
    g_auto(Reply) opt = request_full (shared, "OPTIONS", "api/v1/uploads", NULL, NULL, NULL, NULL);
    g_auto(Reply) head = request ("HEAD", att_path, token_a);

    g_assert_cmpuint (opt.status, ==, 204);
    g_assert_cmpstr (soup_message_headers_get_one (opt.headers, "Tus-Version"), ==, "1.0.0");
    g_assert_nonnull (strstr (soup_message_headers_get_one (opt.headers, "Tus-Checksum-Algorithm"), "sha256"));
    g_assert_cmpstr (soup_message_headers_get_one (opt.headers, "Tus-Max-Size"), ==, "209715200");
    g_assert_cmpuint (head.status, ==, 404);
  }

  upload = tus_create (token_a, len, sha);
  g_assert_cmpint (tus_offset (token_a, upload), ==, 0);
  {
    g_auto(Reply) r = tus_patch (token_a, upload, data, 0, half, FALSE, FALSE);
    g_autofree char *expected = g_strdup_printf ("%" G_GSIZE_FORMAT, half);

    g_assert_cmpuint (r.status, ==, 204);
    g_assert_cmpstr (soup_message_headers_get_one (r.headers, "Upload-Offset"), ==, expected);
  }
  g_assert_cmpint (tus_offset (token_a, upload), ==, (gint64) half);
  /* Another station may not see or touch it; a missing version is refused. */
  g_assert_cmpint (tus_offset (token_b, upload), ==, -403);
  {
    g_auto(Reply) r = request_full (shared, "HEAD", upload, token_a, NULL, NULL, NULL);

    g_assert_cmpuint (r.status, ==, 412);
  }
  /* A damaged chunk: 460, nothing stored. */
  {
    g_auto(Reply) r = tus_patch (token_a, upload, data, half, len, TRUE, FALSE);

    g_assert_cmpuint (r.status, ==, 460);
    g_assert_cmpstr (error_code (&r), ==, "checksum_mismatch");
  }
  g_assert_cmpint (tus_offset (token_a, upload), ==, (gint64) half);
  /* Wrong offset: 409 */
  {
    g_auto(Reply) r = tus_patch (token_a, upload, data, 0, half, FALSE, FALSE);

    g_assert_cmpuint (r.status, ==, 409);
    g_assert_cmpstr (error_code (&r), ==, "offset_mismatch");
  }
  /* Resume at the server's offset, through X-HTTP-Method-Override. */
  {
    g_auto(Reply) r = tus_patch (token_a, upload, data, half, len, FALSE, TRUE);

    g_assert_cmpuint (r.status, ==, 204);
  }
  g_assert_cmpint (tus_offset (token_a, upload), ==, -404);
  {
    g_auto(Reply) head = request_full (shared, "HEAD", att_path, token_a, NULL, NULL, tus);
    g_autofree char *size = g_strdup_printf ("%" G_GSIZE_FORMAT, len);

    g_assert_cmpuint (head.status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_one (head.headers, "Content-Length"), ==, size);
  }
  /* The file is stored under its sha256, byte for byte. */
  {
    g_autofree char *file = g_build_filename (shared->data_dir, "files", sha, NULL);
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, data);
  }
}

static void
test_tus_wrong_sha256 (void)
{
  const char *data = "nội dung thật";
  g_autofree char *lie = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "nội dung khác", -1);
  g_autofree char *upload = tus_create (token_a, strlen (data), lie);
  g_auto(Reply) r = tus_patch (token_a, upload, data, 0, strlen (data), FALSE, FALSE);
  g_autofree char *att_path = g_strconcat ("api/v1/attachments/", lie, NULL);
  g_auto(Reply) head = request ("HEAD", att_path, token_a);

  g_assert_cmpuint (r.status, ==, 422);
  g_assert_cmpstr (error_code (&r), ==, "sha256_mismatch");
  g_assert_cmpint (tus_offset (token_a, upload), ==, -404);
  g_assert_cmpuint (head.status, ==, 404);
}

static void
test_put_idempotency (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *code = new_code ();
  g_autofree char *path = dossier_path (uuid);
  g_autofree char *sha1 = upload_file (token_a, "tệp thứ nhất");
  g_autofree char *sha2 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "tệp thứ hai", -1);
  Doc d = { uuid, 1, code, "Đặng Thị Ánh", "0912345678", "2026-11-23T09:15:00+07:00",
            { sha1, sha2 }, { strlen ("tệp thứ nhất"), strlen ("tệp thứ hai") }, FALSE };
  g_autofree char *json = dossier_json (&d);
  g_autofree char *first_body = NULL;

  /* Exactly the missing attachment is listed; nothing stored. */
  {
    g_auto(Reply) r = put_json (shared, path, token_a, json);
    JsonArray *missing;

    g_assert_cmpuint (r.status, ==, 422);
    g_assert_cmpstr (error_code (&r), ==, "attachments_missing");
    missing = json_object_get_array_member (json_object_get_object_member (obj (&r), "error"), "missing");
    g_assert_cmpuint (json_array_get_length (missing), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (missing, 0), ==, sha2);
  }
  {
    g_auto(Reply) r = request ("GET", path, token_a);

    g_assert_cmpuint (r.status, ==, 404);
  }
  g_free (upload_file (token_a, "tệp thứ hai"));

  /* A size that differs from the stored file. */
  {
    Doc bad = d;
    g_autofree char *bad_json = NULL;

    bad.size[1] = 3;
    bad_json = dossier_json (&bad);
    {
      g_auto(Reply) r = put_json (shared, path, token_a, bad_json);

      g_assert_cmpuint (r.status, ==, 422);
      g_assert_cmpstr (error_code (&r), ==, "attachment_mismatch");
      g_assert_cmpstr (error_field (&r), ==, "attachments[1].size");
    }
  }

  {
    g_auto(Reply) r = put_json (shared, path, token_a, json);

    g_assert_cmpuint (r.status, ==, 201);
    g_assert_null (soup_message_headers_get_one (r.headers, "MotCua-Replayed"));
    g_assert_cmpstr (json_object_get_string_member (obj (&r), "uuid"), ==, uuid);
    g_assert_cmpint (json_object_get_int_member (obj (&r), "revision"), ==, 1);
    first_body = g_strdup (r.body);
  }
  /* Same body again, and the same body without its null members. */
  for (int i = 0; i < 2; i++)
    {
      Doc same = d;
      g_autofree char *same_json = NULL;

      same.omit_nulls = i == 1;
      same_json = dossier_json (&same);
      {
        g_auto(Reply) r = put_json (shared, path, token_a, same_json);

        g_assert_cmpuint (r.status, ==, 200);
        g_assert_cmpstr (soup_message_headers_get_one (r.headers, "MotCua-Replayed"), ==, "true");
        g_assert_cmpstr (r.body, ==, first_body);
      }
    }
  /* Same revision, another body: 409. */
  {
    Doc other = d;
    g_autofree char *other_json = NULL;

    other.phone = "0987654321";
    other_json = dossier_json (&other);
    {
      g_auto(Reply) r = put_json (shared, path, token_a, other_json);
      JsonObject *details;

      g_assert_cmpuint (r.status, ==, 409);
      g_assert_cmpstr (error_code (&r), ==, "body_conflict");
      details = json_object_get_object_member (json_object_get_object_member (obj (&r), "error"), "details");
      g_assert_cmpuint (strlen (json_object_get_string_member (details, "stored_body_sha256")), ==, 64);
    }
  }
  /* Revision 2 may change the phone, not the receipt time. */
  {
    Doc r2 = d;
    g_autofree char *r2_json = NULL;

    r2.revision = 2;
    r2.phone = "0987654321";
    r2_json = dossier_json (&r2);
    {
      g_auto(Reply) r = put_json (shared, path, token_a, r2_json);

      g_assert_cmpuint (r.status, ==, 200);
      g_assert_cmpint (json_object_get_int_member (obj (&r), "revision"), ==, 2);
    }
    r2.revision = 3;
    r2.received_at = "2026-11-23T10:15:00+07:00";
    g_free (r2_json);
    r2_json = dossier_json (&r2);
    {
      g_auto(Reply) r = put_json (shared, path, token_a, r2_json);

      g_assert_cmpuint (r.status, ==, 422);
      g_assert_cmpstr (error_code (&r), ==, "immutable_field");
      g_assert_cmpstr (error_field (&r), ==, "received_at");
    }
  }
  /* Revision 1 is still replayed as first acknowledged. */
  {
    g_auto(Reply) r = put_json (shared, path, token_a, json);
    g_auto(Reply) get = request ("GET", path, token_a);

    g_assert_cmpuint (r.status, ==, 200);
    g_assert_cmpstr (r.body, ==, first_body);
    g_assert_cmpuint (get.status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (obj (&get), "revision"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (obj (&get), "state_code"), ==, 2);
  }
}

static void
test_put_errors (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *other = g_uuid_string_random ();
  g_autofree char *code = NULL;
  g_autofree char *taken_uuid = put_simple_dossier (&code);
  g_autofree char *path = dossier_path (uuid);
  Doc d = { uuid, 1, code, "Đặng Thị Ánh", NULL, "2026-11-23T09:15:00+07:00", { NULL }, { 0 }, FALSE };
  g_autofree char *json = dossier_json (&d);

  {
    g_auto(Reply) r = put_json (shared, path, token_a, json);

    g_assert_cmpuint (r.status, ==, 409);
    g_assert_cmpstr (error_code (&r), ==, "code_conflict");
  }
  {
    g_autofree char *other_path = dossier_path (other);
    g_auto(Reply) r = put_json (shared, other_path, token_a, json);

    g_assert_cmpuint (r.status, ==, 400);
    g_assert_cmpstr (error_code (&r), ==, "uuid_mismatch");
  }
  {
    g_auto(Reply) r = put_json (shared, path, token_a, "{\"uuid\": 1, \"uuid\": 2}");

    g_assert_cmpuint (r.status, ==, 400);
    g_assert_cmpstr (error_code (&r), ==, "invalid_json");
  }
  {
    g_autofree char *extra = g_strdup (json);
    g_autofree char *with_member = NULL;

    extra[strlen (extra) - 1] = '\0';
    with_member = g_strconcat (extra, ", \"colour\": \"blue\"}", NULL);
    {
      g_auto(Reply) r = put_json (shared, path, token_a, with_member);

      g_assert_cmpuint (r.status, ==, 422);
      g_assert_cmpstr (error_code (&r), ==, "unknown_member");
      g_assert_cmpstr (error_field (&r), ==, "colour");
    }
  }
  {
    g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
    g_auto(Reply) r = request_full (shared, "PUT", path, token_a, "text/plain", body, NULL);

    g_assert_cmpuint (r.status, ==, 415);
  }
}

static void
test_station_isolation (void)
{
  g_autofree char *uuid = put_simple_dossier (NULL);
  g_autofree char *path = dossier_path (uuid);
  g_auto(Reply) get = request ("GET", path, token_b);
  g_auto(Reply) mine = request ("GET", path, token_a);

  g_assert_cmpuint (get.status, ==, 403);
  g_assert_cmpstr (error_code (&get), ==, "forbidden");
  g_assert_cmpuint (mine.status, ==, 200);
}

static void
test_actions (void)
{
  g_autofree char *uuid = put_simple_dossier (NULL);
  g_autofree char *action = g_uuid_string_random ();
  g_autofree char *path = g_strdup_printf ("api/v1/dossiers/%s/actions/%s", uuid, action);
  const char *body = "{\"action\": \"new-date\", \"at\": \"2026-11-27T15:20:00+07:00\", \"actor\": \"lan.nt\","
                     " \"reason\": \"Cần xác minh thêm\", \"new_due_date\": \"2026-12-02\"}";
  g_autofree char *first = NULL;

  {
    g_auto(Reply) r = put_json (shared, path, token_a, body);

    g_assert_cmpuint (r.status, ==, 201);
    g_assert_cmpstr (json_object_get_string_member (obj (&r), "due_date"), ==, "2026-12-02");
    g_assert_cmpint (json_object_get_int_member (obj (&r), "state_code"), ==, 2);
    first = g_strdup (r.body);
  }
  {
    g_auto(Reply) r = put_json (shared, path, token_a, body);

    g_assert_cmpuint (r.status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_one (r.headers, "MotCua-Replayed"), ==, "true");
    g_assert_cmpstr (r.body, ==, first);
  }
  {
    g_auto(Reply) r = put_json (shared, path, token_a,
                                "{\"action\": \"refuse\", \"at\": \"2026-11-27T15:20:00+07:00\","
                                " \"actor\": \"lan.nt\", \"reason\": \"Khác\"}");

    g_assert_cmpuint (r.status, ==, 409);
    g_assert_cmpstr (error_code (&r), ==, "body_conflict");
  }
  /* Refuse (final), then anything else is a state conflict. */
  {
    g_autofree char *a2 = g_uuid_string_random ();
    g_autofree char *p2 = g_strdup_printf ("api/v1/dossiers/%s/actions/%s", uuid, a2);
    g_autofree char *a3 = g_uuid_string_random ();
    g_autofree char *p3 = g_strdup_printf ("api/v1/dossiers/%s/actions/%s", uuid, a3);
    g_auto(Reply) r = put_json (shared, p2, token_a,
                                "{\"action\": \"refuse\", \"at\": \"2026-11-27T15:20:00+07:00\","
                                " \"actor\": \"lan.nt\", \"reason\": \"Không đủ điều kiện\"}");
    g_auto(Reply) r3 = put_json (shared, p3, token_a,
                                 "{\"action\": \"stop\", \"at\": \"2026-11-27T15:20:00+07:00\","
                                 " \"actor\": \"lan.nt\", \"reason\": \"Dừng\"}");

    g_assert_cmpuint (r.status, ==, 201);
    g_assert_cmpint (json_object_get_int_member (obj (&r), "state_code"), ==, 3);
    g_assert_cmpuint (r3.status, ==, 409);
    g_assert_cmpstr (error_code (&r3), ==, "state_conflict");
  }
  {
    g_autofree char *unknown = g_uuid_string_random ();
    g_autofree char *a4 = g_uuid_string_random ();
    g_autofree char *p4 = g_strdup_printf ("api/v1/dossiers/%s/actions/%s", unknown, a4);
    g_auto(Reply) r = put_json (shared, p4, token_a, body);

    g_assert_cmpuint (r.status, ==, 404);
    g_assert_cmpstr (error_code (&r), ==, "dossier_not_found");
  }
}

/* Reads the whole feed of @token with pages of @limit; returns the changes. */
static JsonArray *
read_changes (Server     *s,
              const char *token,
              int         limit,
              char      **cursor_inout)
{
  JsonArray *all = json_array_new ();

  for (int page = 0; page < 1000; page++)
    {
      g_autofree char *escaped = g_uri_escape_string (*cursor_inout != NULL ? *cursor_inout : "", NULL, TRUE);
      g_autofree char *path = g_strdup_printf ("api/v1/changes?since=%s&limit=%d", escaped, limit);
      g_auto(Reply) r = request_full (s, "GET", path, token, NULL, NULL, NULL);
      JsonArray *changes;

      g_assert_cmpuint (r.status, ==, 200);
      changes = json_object_get_array_member (obj (&r), "changes");
      g_assert_cmpuint (json_array_get_length (changes), <=, (guint) limit);
      for (guint i = 0; i < json_array_get_length (changes); i++)
        json_array_add_element (all, json_node_copy (json_array_get_element (changes, i)));
      g_free (*cursor_inout);
      *cursor_inout = g_strdup (json_object_get_string_member (obj (&r), "next_cursor"));
      if (!json_object_get_boolean_member (obj (&r), "has_more"))
        return all;
    }
  g_assert_not_reached ();
}

static void
test_changes (void)
{
  g_autofree char *code = NULL;
  g_autofree char *uuid = put_simple_dossier (&code);
  g_autofree char *cursor = NULL;
  g_autofree char *cursor2 = NULL;
  g_autoptr(JsonArray) whole = NULL;
  g_autoptr(JsonArray) paged = NULL;
  g_autoptr(JsonArray) after = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *out = NULL;
  JsonObject *last = NULL;
  int status;

  out = run_admin (&status, "set-status", "--data-dir", shared->data_dir, code, "processing",
                   "--message", "Đã chuyển cho công chức Tư pháp - Hộ tịch", NULL);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  out = run_admin (&status, "set-status", "--data-dir", shared->data_dir, "không-có-mã", "done", NULL);
  g_assert_cmpint (status, ==, 1);

  whole = read_changes (shared, token_a, 500, &cursor);
  paged = read_changes (shared, token_a, 1, &cursor2);
  g_assert_cmpuint (json_array_get_length (paged), ==, json_array_get_length (whole));
  g_assert_cmpstr (cursor, ==, cursor2);
  for (guint i = 0; i < json_array_get_length (paged); i++)
    {
      JsonObject *a = json_array_get_object_element (paged, i);
      JsonObject *b = json_array_get_object_element (whole, i);
      const char *id = json_object_get_string_member (a, "id");

      g_assert_cmpstr (id, ==, json_object_get_string_member (b, "id"));
      g_assert_false (g_hash_table_contains (ids, id));
      g_hash_table_add (ids, (gpointer) id);
      if (g_str_equal (json_object_get_string_member (a, "uuid"), uuid))
        last = a;
    }
  g_assert_nonnull (last);
  g_assert_cmpstr (json_object_get_string_member (last, "kind"), ==, "state");
  g_assert_cmpint (json_object_get_int_member (last, "state_code"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (last, "seq"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (last, "source"), ==, "server");
  g_assert_cmpstr (json_object_get_string_member (last, "message"), ==, "Đã chuyển cho công chức Tư pháp - Hộ tịch");
  g_assert_cmpstr (json_object_get_string_member (last, "code"), ==, code);

  /* Nothing new: an empty page with a cursor. */
  after = read_changes (shared, token_a, 10, &cursor);
  g_assert_cmpuint (json_array_get_length (after), ==, 0);
  g_assert_nonnull (cursor);

  /* Station B neither sees A's changes nor may use A's cursor. */
  {
    g_autofree char *escaped = g_uri_escape_string (cursor, NULL, TRUE);
    g_autofree char *path = g_strdup_printf ("api/v1/changes?since=%s", escaped);
    g_auto(Reply) r = request_full (shared, "GET", path, token_b, NULL, NULL, NULL);
    g_auto(Reply) bad = request_full (shared, "GET", "api/v1/changes?since=c1.AAAA", token_a, NULL, NULL, NULL);
    g_auto(Reply) limit = request_full (shared, "GET", "api/v1/changes?limit=0", token_a, NULL, NULL, NULL);

    g_assert_cmpuint (r.status, ==, 403);
    g_assert_cmpuint (bad.status, ==, 400);
    g_assert_cmpstr (error_code (&bad), ==, "invalid_cursor");
    g_assert_cmpuint (limit.status, ==, 400);
  }
}

static void
test_catalog (void)
{
  g_auto(Reply) r = request ("GET", "api/v1/catalog", token_a);
  g_auto(Reply) info = request ("GET", "api/v1/info", token_a);
  const char *etag = soup_message_headers_get_one (r.headers, "ETag");
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, r.body, -1);
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", hash);
  const char *extra[] = { "If-None-Match", etag, NULL };
  g_auto(Reply) again = request_full (shared, "GET", "api/v1/catalog", token_a, NULL, NULL, extra);

  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (etag, ==, quoted);
  g_assert_cmpstr (json_object_get_string_member (obj (&info), "catalog_etag"), ==, etag);
  g_assert_true (json_object_has_member (json_object_get_object_member (obj (&r), "catalog"), "procedures"));
  g_assert_nonnull (json_object_get_object_member (obj (&r), "holidays"));
  g_assert_cmpuint (again.status, ==, 304);
  g_assert_cmpstr (soup_message_headers_get_one (again.headers, "ETag"), ==, etag);
}

static void
test_dossiers_json (void)
{
  g_autofree char *code = NULL;
  g_autofree char *uuid = put_simple_dossier (&code);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  gboolean found = FALSE;
  JsonArray *list;
  int status;

  out = run_admin (&status, "dossiers", "--data-dir", shared->data_dir, "--json", NULL);
  g_assert_cmpint (status, ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  list = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *d = json_array_get_object_element (list, i);

      g_assert_true (json_object_has_member (d, "attachments"));
      g_assert_true (json_object_has_member (d, "received_at"));
      if (g_str_equal (json_object_get_string_member (d, "uuid"), uuid))
        {
          found = TRUE;
          g_assert_cmpstr (json_object_get_string_member (d, "code"), ==, code);
          g_assert_cmpstr (json_object_get_string_member (d, "received_at"), ==, "2026-11-23T09:15:00+07:00");
        }
    }
  g_assert_true (found);
}

static void
test_fault_reject (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *token = new_token (dir, "station-r");
  Server *s = server_start (dir, "reject=lỗi thử");
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *code = new_code ();
  g_autofree char *path = dossier_path (uuid);
  Doc d = { uuid, 1, code, "Nguyễn LỖI THỬ Văn", NULL, "2026-11-23T09:15:00+07:00", { NULL }, { 0 }, FALSE };
  g_autofree char *json = dossier_json (&d);

  {
    g_auto(Reply) r = put_json (s, path, token, json);

    g_assert_cmpuint (r.status, ==, 422);
    g_assert_cmpstr (error_code (&r), ==, "validation_failed");
    g_assert_cmpstr (error_field (&r), ==, "applicant.full_name");
  }
  d.full_name = "Nguyễn Văn An";
  g_free (json);
  json = dossier_json (&d);
  {
    g_auto(Reply) r = put_json (s, path, token, json);

    g_assert_cmpuint (r.status, ==, 201);
  }
  server_stop (s);
  mc_test_rm_rf (dir);
}

static void
test_fault_429 (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *token = new_token (dir, "station-x");
  Server *s = server_start (dir, "429=1:7");
  g_auto(Reply) r = request_full (s, "GET", "api/v1/info", token, NULL, NULL, NULL);
  g_auto(Reply) opt = request_full (s, "OPTIONS", "api/v1/uploads", NULL, NULL, NULL, NULL);

  g_assert_cmpuint (r.status, ==, 429);
  g_assert_cmpstr (error_code (&r), ==, "rate_limited");
  g_assert_cmpstr (soup_message_headers_get_one (r.headers, "Retry-After"), ==, "7");
  g_assert_cmpuint (opt.status, ==, 204);
  server_stop (s);
  mc_test_rm_rf (dir);
}

static void
test_fault_503 (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *token = new_token (dir, "station-x");
  Server *s = server_start (dir, "503=0.5");
  int ok = 0, unavailable = 0;

  for (int i = 0; i < 40; i++)
    {
      g_auto(Reply) r = request_full (s, "GET", "api/v1/info", token, NULL, NULL, NULL);

      if (r.status == 200)
        ok++;
      else
        {
          g_assert_cmpuint (r.status, ==, 503);
          g_assert_cmpstr (error_code (&r), ==, "unavailable");
          unavailable++;
        }
    }
  g_assert_cmpint (ok, >, 0);
  g_assert_cmpint (unavailable, >, 0);
  server_stop (s);
  mc_test_rm_rf (dir);
}

/* A drop cuts the upload mid-chunk; the server's offset stays at the last
 * whole chunk and the upload resumes from there. */
static void
test_fault_drop (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *token = new_token (dir, "station-d");
  Server *s = server_start (dir, "drop=45000");
  Server *saved = shared;
  g_autofree char *data = g_malloc (60000 + 1);
  g_autofree char *sha = NULL;
  g_autofree char *upload = NULL;
  gsize offset = 0;
  int drops = 0;

  for (int i = 0; i < 60000; i++)
    data[i] = 'a' + (i * 7) % 26;
  data[60000] = '\0';
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, data, -1);
  shared = s;
  upload = tus_create (token, 60000, sha);
  for (int attempt = 0; attempt < 20 && offset < 60000; attempt++)
    {
      g_autoptr(GBytes) chunk = NULL;
      gsize end = MIN (offset + 30000, 60000);
      g_autofree char *url = g_strconcat (s->url, upload, NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("PATCH", url);
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      g_autofree char *off = g_strdup_printf ("%" G_GSIZE_FORMAT, offset);
      g_autoptr(GBytes) response = NULL;
      g_autoptr(GError) error = NULL;
      gint64 now;

      chunk = g_bytes_new (data + offset, end - offset);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Tus-Resumable", "1.0.0");
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Upload-Offset", off);
      soup_message_set_request_body_from_bytes (msg, "application/offset+octet-stream", chunk);
      response = soup_session_send_and_read (session, msg, NULL, &error);
      if (error != NULL)
        drops++;
      else
        g_assert_cmpuint (soup_message_get_status (msg), ==, 204);
      now = tus_offset (token, upload);
      if (now == -404)
        break;   /* complete */
      g_assert_cmpint (now % 30000, ==, 0);
      offset = (gsize) now;
    }
  {
    g_autofree char *att_path = g_strconcat ("api/v1/attachments/", sha, NULL);
    g_auto(Reply) head = request_full (s, "HEAD", att_path, token, NULL, NULL, NULL);

    g_assert_cmpuint (head.status, ==, 200);
  }
  g_assert_cmpint (drops, >, 0);
  shared = saved;
  server_stop (s);
  mc_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("MOTCUA_SERVER"));

  dir = mc_test_make_tmp_dir ();
  token_a = new_token (dir, "station-a");
  token_b = new_token (dir, "station-b");
  shared = server_start (dir, NULL);
  session = soup_session_new_with_options ("timeout", 30, NULL);

  g_test_add_func ("/server/info-auth", test_info_auth);
  g_test_add_func ("/server/token-revokes", test_token_revokes);
  g_test_add_func ("/server/tus", test_tus);
  g_test_add_func ("/server/tus-wrong-sha256", test_tus_wrong_sha256);
  g_test_add_func ("/server/put-idempotency", test_put_idempotency);
  g_test_add_func ("/server/put-errors", test_put_errors);
  g_test_add_func ("/server/station-isolation", test_station_isolation);
  g_test_add_func ("/server/actions", test_actions);
  g_test_add_func ("/server/changes", test_changes);
  g_test_add_func ("/server/catalog", test_catalog);
  g_test_add_func ("/server/dossiers-json", test_dossiers_json);
  g_test_add_func ("/server/fault-reject", test_fault_reject);
  g_test_add_func ("/server/fault-429", test_fault_429);
  g_test_add_func ("/server/fault-503", test_fault_503);
  g_test_add_func ("/server/fault-drop", test_fault_drop);

  result = g_test_run ();

  g_object_unref (session);
  server_stop (shared);
  mc_test_rm_rf (dir);
  g_free (token_a);
  g_free (token_b);
  return result;
}
