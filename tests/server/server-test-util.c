/* server-test-util.c — the motcua-server test binaries' shared helpers:
 * the server process, HTTP requests, tus uploads, dossier bodies
 */
#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include "server-test-util.h"

Server *shared;
char *token_a;
char *token_b;
SoupSession *session;

static char *tmp_dir;

/* ---- processes ------------------------------------------------------------- */

static char *
run_admin_v (int         *status,
             char       **err_out,
             const char  *first,
             va_list      args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("MOTCUA_SERVER"));
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (proc);
  if (*status != 0)
    g_test_message ("stderr: %s", err);
  if (err_out != NULL)
    *err_out = g_steal_pointer (&err);
  return out;
}

char *
run_admin (int         *status,
           const char  *first,
           ...)
{
  va_list args;
  char *out;

  va_start (args, first);
  out = run_admin_v (status, NULL, first, args);
  va_end (args);
  return out;
}

char *
run_admin_err (int         *status,
               char       **err_out,
               const char  *first,
               ...)
{
  va_list args;
  char *out;

  va_start (args, first);
  out = run_admin_v (status, err_out, first, args);
  va_end (args);
  return out;
}

/* Station names in the order this process first saw them: the k-th (from
 * 0) is number 1 + k % 9 of agency 000.00.(12 + k / 9).H29. */
static GPtrArray *station_names;
G_LOCK_DEFINE_STATIC (station_names);

char *
station_identity (const char *station,
                  guint      *number_out)
{
  guint k;

  G_LOCK (station_names);
  if (station_names == NULL)
    station_names = g_ptr_array_new_with_free_func (g_free);
  if (!g_ptr_array_find_with_equal_func (station_names, station, g_str_equal, &k))
    {
      k = station_names->len;
      g_ptr_array_add (station_names, g_strdup (station));
    }
  G_UNLOCK (station_names);
  g_assert_cmpuint (k, <, 9 * 60);
  *number_out = 1 + k % 9;
  return g_strdup_printf ("000.00.%02u.H29", 12 + k / 9);
}

char *
station_code (const char *station,
              guint       serial)
{
  guint number;
  g_autofree char *agency = station_identity (station, &number);

  g_assert_cmpuint (serial, <, MC_CODES_RANGE_SIZE);
  return g_strdup_printf ("%s-261123-%u", agency, number * MC_CODES_RANGE_SIZE + serial);
}

char *
new_token (const char *data_dir,
           const char *station)
{
  int status;
  guint number;
  g_autofree char *agency = station_identity (station, &number);
  g_autofree char *number_text = g_strdup_printf ("%u", number);
  g_autofree char *out = run_admin (&status, "token", "--data-dir", data_dir, "--station", station,
                                    "--agency-code", agency, "--station-number", number_text, NULL);

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

Server *
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

void
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

void
reply_clear (Reply *r)
{
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_pointer (&r->body, g_free);
  g_clear_pointer (&r->json, json_node_unref);
}

/* @extra: NULL-terminated header name/value pairs. */
Reply
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

Reply
request (const char *method,
         const char *path,
         const char *token)
{
  return request_full (shared, method, path, token, NULL, NULL, NULL);
}

Reply
put_json (Server     *s,
          const char *path,
          const char *token,
          const char *json)
{
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

  return request_full (s, "PUT", path, token, "application/json", body, NULL);
}

const char *
error_code (Reply *r)
{
  g_assert_nonnull (r->json);
  return json_object_get_string_member (json_object_get_object_member (json_node_get_object (r->json), "error"),
                                        "code");
}

const char *
error_field (Reply *r)
{
  JsonObject *e = json_object_get_object_member (json_node_get_object (r->json), "error");

  return json_object_get_string_member_with_default (e, "field", NULL);
}

JsonObject *
obj (Reply *r)
{
  g_assert_nonnull (r->json);
  return json_node_get_object (r->json);
}

/* ---- tus helpers ------------------------------------------------------------------ */

char *
b64 (const char *text)
{
  return g_base64_encode ((const guchar *) text, strlen (text));
}

/* Creates an upload; returns its path (no leading slash). */
char *
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

gint64
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
Reply
tus_patch (const char *token,
           const char *upload,
           const char *data,
           gsize       from,
           gsize       to,
           gboolean    corrupt,
           gboolean    override)
{
  return tus_patch_with (token, upload, data, from, to, G_CHECKSUM_SHA256, corrupt, override);
}

Reply
tus_patch_with (const char    *token,
                const char    *upload,
                const char    *data,
                gsize          from,
                gsize          to,
                GChecksumType  type,
                gboolean       corrupt,
                gboolean       override)
{
  g_autoptr(GBytes) chunk = g_bytes_new (data + from, to - from);
  g_autoptr(GChecksum) checksum = g_checksum_new (type);
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
  header = g_strconcat (type == G_CHECKSUM_SHA1 ? "sha1 " : "sha256 ", digest_b64, NULL);
  extra[5] = header;
  return request_full (shared, override ? "POST" : "PATCH", upload, token,
                       "application/offset+octet-stream", chunk, extra);
}

/* Uploads @data completely; returns its sha256. */
char *
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

char *
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

char *
dossier_path (const char *uuid)
{
  return g_strconcat ("api/v1/dossiers/", uuid, NULL);
}

static guint code_counter;

char *
new_code (void)
{
  return station_code ("station-a", code_counter++);
}

/* Puts a fresh dossier (revision 1, no attachments) for station A. */
char *
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

/* ---- main ------------------------------------------------------------------------------ */

void
server_test_init (int    *argc,
                  char ***argv)
{
  g_test_init (argc, argv, NULL);
  g_assert_nonnull (g_getenv ("MOTCUA_SERVER"));

  tmp_dir = mc_test_make_tmp_dir ();
  token_a = new_token (tmp_dir, "station-a");
  token_b = new_token (tmp_dir, "station-b");
  shared = server_start (tmp_dir, NULL);
  session = soup_session_new_with_options ("timeout", 30, NULL);
}

int
server_test_run (void)
{
  int result = g_test_run ();

  g_object_unref (session);
  server_stop (shared);
  mc_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  g_free (token_a);
  g_free (token_b);
  return result;
}
