/* test-server-changes.c — what a station reads from the real
 * motcua-server (docs/sync-protocol.md): info and tokens, the changes
 * feed, the catalog, and a server that says "later" (429, 503)
 */
#include "config.h"

#include <string.h>

#include "server-test-util.h"

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

int
main (int   argc,
      char *argv[])
{
  server_test_init (&argc, &argv);

  g_test_add_func ("/server/info-auth", test_info_auth);
  g_test_add_func ("/server/token-revokes", test_token_revokes);
  g_test_add_func ("/server/changes", test_changes);
  g_test_add_func ("/server/catalog", test_catalog);
  g_test_add_func ("/server/fault-429", test_fault_429);
  g_test_add_func ("/server/fault-503", test_fault_503);

  return server_test_run ();
}
