/* test-sync-cli.c — the sync commands' contract (docs/cli.md)
 *
 * - `motcua sync` exits 78 when the desk is not enrolled; `outbox` works
 *   all the same.
 * - `motcua outbox` text and --json shapes.
 * - `motcua upload-file URL FILE` prints the upload URL and the server
 *   holds the file's bytes in files/<sha256> (also through cuts).
 * - The token is in no command's stdout/stderr (every run is checked, also
 *   the server's own output) and in no file of the data dir but
 *   sync-token, which is 0600.
 */
#include "sync-util.h"

static void
test_not_enrolled (void)
{
  McDesk *desk = mc_desk_new ();
  McMade *m;
  McResult r;

  m = mc_desk_add_dossier (desk, NULL, (const gint64[]) { 5000 }, 1);
  r = mc_cli_expect (desk->dir, 78, 30000, MC_SYNC_ARGS ("sync"));
  g_assert_cmpstr (r.err, !=, "");
  mc_result_clear (&r);
  r = mc_cli_expect (desk->dir, 78, 30000, MC_SYNC_ARGS ("sync", "--once"));
  mc_result_clear (&r);

  r = mc_cli_expect (desk->dir, 0, 30000, MC_SYNC_ARGS ("outbox"));
  g_assert_nonnull (strstr (r.out, m->code));
  mc_result_clear (&r);
  g_assert_cmpuint (mc_desk_outbox_count (desk), ==, 1);
  mc_desk_free (desk);
}

static void
check_item_shape (JsonObject *o)
{
  static const char *members[] = { "uuid", "code", "kind", "revision", "action", "state", "attempts",
                                   "next_attempt_at", "last_error", "last_error_field" };
  JsonNode *next;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (!json_object_has_member (o, members[i]))
      g_error ("outbox --json item without “%s”", members[i]);
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (o, "uuid")));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "code"), "000.00.12.H29-"));
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "revision");
  g_assert_cmpint (json_object_get_int_member (o, "revision"), ==, 1);
  g_assert_true (json_node_is_null (json_object_get_member (o, "action")));
  g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "queued");
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (o, "attempts")), ==, G_TYPE_INT64);
  next = json_object_get_member (o, "next_attempt_at");
  if (!json_node_is_null (next))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (json_node_get_string (next), NULL);

      g_assert_nonnull (dt);
      g_assert_true (g_str_has_suffix (json_node_get_string (next), "+07:00"));
    }
  g_assert_true (json_node_is_null (json_object_get_member (o, "last_error")));
}

static void
test_outbox_shapes (void)
{
  McDesk *desk = mc_desk_new ();
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--seed", "1"));
  g_autoptr(JsonNode) node = NULL;
  JsonArray *items;
  McResult r;

  r = mc_cli_expect (desk->dir, 0, 30000, MC_SYNC_ARGS ("outbox", "--json"));
  g_assert_cmpstr (g_strstrip (r.out), ==, "[]");
  mc_result_clear (&r);
  r = mc_cli_expect (desk->dir, 0, 30000, MC_SYNC_ARGS ("outbox"));
  mc_result_clear (&r);

  mc_desk_enrol (desk, server);
  mc_desk_add_dossier (desk, NULL, (const gint64[]) { 3000 }, 1);
  mc_desk_add_dossier (desk, NULL, (const gint64[]) { 4000, -30000 }, 2);
  mc_desk_add_dossier (desk, NULL, NULL, 0);

  node = mc_desk_outbox (desk);
  items = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);

      check_item_shape (o);
      /* Oldest first: the order they were taken in. */
      g_assert_cmpstr (json_object_get_string_member (o, "uuid"), ==, ((McMade *) desk->made->pdata[i])->uuid);
    }

  /* The table: one line per item, with its code and state (as a label). */
  r = mc_cli_expect (desk->dir, 0, 30000, MC_SYNC_ARGS ("outbox"));
  g_test_message ("outbox:\n%s", r.out);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *pattern = g_strdup_printf ("(?m)^.*%s.*(Waiting|queued).*$",
                                                  ((McMade *) desk->made->pdata[i])->code);
      g_assert_true (g_regex_match_simple (pattern, r.out, 0, 0));
    }
  mc_result_clear (&r);

  mc_desk_sync_until_done (desk, 60000);
  g_assert_cmpuint (mc_sync_verify (desk, server_dir, TRUE), ==, 3);
  r = mc_cli_expect (desk->dir, 0, 30000, MC_SYNC_ARGS ("outbox", "--json"));
  g_assert_cmpstr (g_strstrip (r.out), ==, "[]");
  mc_result_clear (&r);

  mc_server_free (server);
  mc_desk_free (desk);
  mc_test_rm_rf (server_dir);
}

static void
upload_one (McDesk     *desk,
            McServer   *server,
            gint64      size)
{
  g_autofree char *path = mc_desk_make_file (desk, size, FALSE);
  g_autofree char *sha = mc_sync_sha256_file (path);
  g_autofree char *endpoint = g_strconcat (server->url, "api/v1/uploads", NULL);
  g_autofree char *held = g_build_filename (server->data_dir, "files", sha, NULL);
  g_autofree char *held_sha = NULL;
  g_auto(GStrv) lines = NULL;
  McResult r;

  r = mc_cli_expect (desk->dir, 0, 120000, MC_SYNC_ARGS ("upload-file", endpoint, path));
  lines = g_strsplit (g_strstrip (r.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_test_message ("upload-file → %s", lines[0]);
  g_assert_true (g_str_has_prefix (lines[0], server->url));
  g_assert_true (g_str_has_prefix (lines[0] + strlen (server->url), "api/v1/uploads/"));
  mc_result_clear (&r);

  held_sha = mc_sync_sha256_file (held);
  if (held_sha == NULL)
    g_error ("upload-file %s: the server has no %s", path, held);
  g_assert_cmpstr (held_sha, ==, sha);
}

static void
test_upload_file (void)
{
  McDesk *desk = mc_desk_new ();
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--seed", "1"));

  mc_desk_enrol (desk, server);
  upload_one (desk, server, 1000);
  upload_one (desk, server, 1536 * 1024 + 17);   /* 25 chunks of 64 KiB, the last one short */

  /* Through cuts: the connection dropped every 200 000 bytes. */
  mc_server_restart (server, MC_SYNC_ARGS ("--seed", "1", "--fault", "drop=200000"));
  upload_one (desk, server, 1024 * 1024 + 3);

  mc_server_free (server);
  mc_desk_free (desk);
  mc_test_rm_rf (server_dir);
}

static void
test_token_secrecy (void)
{
  McDesk *desk = mc_desk_new ();
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--seed", "1"));
  g_autofree char *token = mc_server_token (server_dir, "xa-tan-lap");
  g_autofree char *token_file = g_build_filename (desk->dir, "sync-token", NULL);
  g_autofree char *stored = NULL;
  GStatBuf st;
  McResult r;

  r = mc_desk_enrol_run (desk, server->url, token, NULL);
  g_assert_cmpint (r.status, ==, 0);
  /* The headless CLI warns that the keyring is not used. */
  g_assert_cmpstr (r.err, !=, "");
  g_test_message ("enrol: %s%s", r.out, r.err);
  mc_result_clear (&r);

  g_assert_cmpint (g_stat (token_file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (token_file, &stored, NULL, NULL));
  g_assert_nonnull (strstr (stored, token));

  mc_desk_add_dossier (desk, NULL, (const gint64[]) { 70000, 2000 }, 2);
  mc_desk_sync_until_done (desk, 60000);
  /* Commands that might print settings: none may show the token (checked
   * on every run by sync-util.h). */
  r = mc_cli_run (desk->dir, 30000, MC_SYNC_ARGS ("outbox", "--json"));
  mc_result_clear (&r);
  r = mc_cli_run (desk->dir, 30000, MC_SYNC_ARGS ("outbox"));
  mc_result_clear (&r);
  r = mc_cli_run (desk->dir, 30000, MC_SYNC_ARGS ("list", "--json"));
  mc_result_clear (&r);
  r = mc_cli_run (desk->dir, 30000, MC_SYNC_ARGS ("sync", "--once"));
  mc_result_clear (&r);

  mc_server_stop (server);   /* its stdout/stderr are checked too */
  mc_sync_grep_dir (desk->dir, token, "sync-token");
  mc_sync_grep_dir (server_dir, token, NULL);

  mc_server_free (server);
  mc_desk_free (desk);
  mc_test_rm_rf (server_dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/cli/not-enrolled", test_not_enrolled);
  g_test_add_func ("/sync/cli/outbox", test_outbox_shapes);
  g_test_add_func ("/sync/cli/upload-file", test_upload_file);
  g_test_add_func ("/sync/cli/token-secrecy", test_token_secrecy);
  return mc_sync_done (g_test_run ());
}
