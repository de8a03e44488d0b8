/* test-server-tus.c — attachments against the real motcua-server: tus
 * uploads (docs/sync-protocol.md §7.3–7.4), a wrong sha256, a dropped
 * connection mid-chunk
 */
#include "config.h"

#include <string.h>

#include "server-test-util.h"

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

/* Chunks checked with SHA-1 as well as SHA-256 (both offered in
 * Tus-Checksum-Algorithm), over several of the server's 1 MiB reads
 * starting off a boundary; then the whole file against its SHA-256. */
static void
test_tus_checksums (void)
{
  gsize len = 3 * 1024 * 1024 + 4321, first = 1024 * 1024 + 17, second = 2 * 1024 * 1024 + 999;
  g_autofree char *data = g_malloc (len + 1);
  g_autofree char *sha = NULL;
  g_autofree char *upload = NULL;
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  gsize stored_len = 0;

  for (gsize i = 0; i < len; i++)
    data[i] = 'a' + (char) ((i * 7 + i / 4099) % 26);
  data[len] = '\0';
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, data, (gssize) len);
  upload = tus_create (token_a, len, sha);
  {
    g_auto(Reply) r = tus_patch_with (token_a, upload, data, 0, first, G_CHECKSUM_SHA1, FALSE, FALSE);

    g_assert_cmpuint (r.status, ==, 204);
  }
  {
    g_auto(Reply) r = tus_patch_with (token_a, upload, data, first, second, G_CHECKSUM_SHA1, TRUE, FALSE);

    g_assert_cmpuint (r.status, ==, 460);
    g_assert_cmpstr (error_code (&r), ==, "checksum_mismatch");
  }
  g_assert_cmpint (tus_offset (token_a, upload), ==, (gint64) first);
  {
    g_auto(Reply) r = tus_patch_with (token_a, upload, data, first, second, G_CHECKSUM_SHA256, TRUE, FALSE);

    g_assert_cmpuint (r.status, ==, 460);
  }
  {
    g_auto(Reply) r = tus_patch_with (token_a, upload, data, first, second, G_CHECKSUM_SHA256, FALSE, FALSE);

    g_assert_cmpuint (r.status, ==, 204);
  }
  {
    g_auto(Reply) r = tus_patch_with (token_a, upload, data, second, len, G_CHECKSUM_SHA1, FALSE, FALSE);

    g_assert_cmpuint (r.status, ==, 204);
  }
  g_assert_cmpint (tus_offset (token_a, upload), ==, -404);
  file = g_build_filename (shared->data_dir, "files", sha, NULL);
  g_assert_true (g_file_get_contents (file, &contents, &stored_len, NULL));
  g_assert_cmpuint (stored_len, ==, len);
  g_assert_true (memcmp (contents, data, len) == 0);
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
  server_test_init (&argc, &argv);

  g_test_add_func ("/server/tus", test_tus);
  g_test_add_func ("/server/tus-wrong-sha256", test_tus_wrong_sha256);
  g_test_add_func ("/server/tus-checksums", test_tus_checksums);
  g_test_add_func ("/server/fault-drop", test_fault_drop);

  return server_test_run ();
}
