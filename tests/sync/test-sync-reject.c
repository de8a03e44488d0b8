/* test-sync-reject.c — one dossier refused 422, the others still go
 *
 * The server refuses any dossier whose applicant is named "…TUCHOI…"
 * (--fault reject=TUCHOI: 422 validation_failed, field
 * applicant.full_name). Of 10 dossiers the 9 others reach the server and
 * `motcua sync` exits 1; the outbox shows the refused one as
 * needs_attention with the server's message and the field. The clerk
 * corrects the name and re-queues it; the next sync sends it: 10 on the
 * server, exit 0. The refused revision was not stored, so the fix goes
 * as that same revision 1 (§9.1), not as revision 2. `motcua requeue` of a
 * dossier with nothing needing attention exits 65.
 */
#include "sync-util.h"
#include "mc-sync.h"

#define N_DOSSIERS 10
#define REFUSED    4

/* The CLI's way to correct an applicant's name, if it has one. */
static gboolean
cli_has_command (const char *command)
{
  McResult r = mc_cli_run (NULL, 30000, MC_SYNC_ARGS ("--help"));
  g_autofree char *pattern = g_strdup_printf ("(?m)^\\s+%s\\b", command);
  gboolean has = g_regex_match_simple (pattern, r.out, 0, 0) || g_regex_match_simple (pattern, r.err, 0, 0);

  mc_result_clear (&r);
  return has;
}

static void
correct_name (McDesk     *desk,
              const char *uuid,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (desk->dir, &error);
  g_autoptr(McDossier) d = NULL;

  g_assert_no_error (error);
  d = mc_store_load_dossier (store, uuid, &error);
  g_assert_no_error (error);
  mc_dossier_set_applicant_name (d, name);
  g_assert_true (mc_store_update_dossier (store, d, "test", "Sửa tên theo CCCD", &error));
  g_assert_no_error (error);
}

static void
test_reject (void)
{
  McDesk *desk = mc_desk_new ();
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--seed", "1", "--fault", "reject=TUCHOI"));
  g_autoptr(JsonNode) outbox = NULL;
  JsonObject *item;
  McMade *refused = NULL;
  McResult r = { 0 };
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  mc_desk_enrol (desk, server);
  for (guint i = 0; i < N_DOSSIERS; i++)
    {
      McMade *m = mc_desk_add_dossier (desk, i == REFUSED ? "Nguyen Van TUCHOI" : NULL,
                                       (const gint64[]) { 2048 + i * 1000, -20000 }, i % 3);
      if (i == REFUSED)
        refused = m;
    }

  /* 75 would mean "try again"; the refusal is 1. */
  do
    {
      mc_result_clear (&r);
      r = mc_cli_run (desk->dir, 120000, MC_SYNC_ARGS ("sync"));
    }
  while (r.status == 75 && g_get_monotonic_time () < deadline);
  if (r.status != 1)
    g_error ("motcua sync with one refused dossier: exit %d, expected 1\n%s", r.status, r.err);
  mc_result_clear (&r);

  outbox = mc_desk_outbox (desk);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (outbox)), ==, 1);
  item = json_array_get_object_element (json_node_get_array (outbox), 0);
  g_assert_cmpstr (json_object_get_string_member (item, "uuid"), ==, refused->uuid);
  g_assert_cmpstr (json_object_get_string_member (item, "code"), ==, refused->code);
  g_assert_cmpstr (json_object_get_string_member (item, "state"), ==, "needs_attention");
  g_assert_false (json_node_is_null (json_object_get_member (item, "last_error")));
  g_assert_cmpstr (json_object_get_string_member (item, "last_error"), !=, "");
  g_test_message ("the server's message: %s", json_object_get_string_member (item, "last_error"));
  g_assert_cmpstr (json_object_get_string_member (item, "last_error_field"), ==, "applicant.full_name");

  /* The nine others are there, the refused one is not. */
  {
    g_autoptr(JsonNode) held = mc_server_dossiers (server_dir);
    JsonArray *a = json_node_get_array (held);

    g_assert_cmpuint (mc_sync_verify (desk, server_dir, FALSE), ==, N_DOSSIERS - 1);
    for (guint i = 0; i < json_array_get_length (a); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (a, i), "uuid"), !=, refused->uuid);
  }

  /* Running again does not send it again on its own. */
  r = mc_cli_expect (desk->dir, 1, 60000, MC_SYNC_ARGS ("sync", "--once"));
  mc_result_clear (&r);

  /* The clerk corrects the name (the CLI has no command for it: the core
   * API, as the GUI's correction form does) and re-queues the dossier. */
  correct_name (desk, refused->uuid, "Nguyễn Văn Tuấn");
  if (cli_has_command ("requeue"))
    {
      r = mc_cli_expect (desk->dir, 0, 30000, MC_SYNC_ARGS ("requeue", refused->code));
      mc_result_clear (&r);
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(McStore) store = mc_store_open (desk->dir, &error);

      g_test_message ("no `motcua requeue`: re-queued with mc_store_requeue()");
      g_assert_no_error (error);
      g_assert_true (mc_store_requeue (store, refused->uuid, "test", &error));
      g_assert_no_error (error);
    }

  mc_desk_sync_until_done (desk, 120000);
  g_assert_cmpuint (mc_sync_verify (desk, server_dir, TRUE), ==, N_DOSSIERS);
  g_assert_cmpuint (mc_desk_outbox_count (desk), ==, 0);

  /* The fix went as revision 1 (when the server says which it holds). */
  {
    g_autoptr(JsonNode) held = mc_server_dossiers (server_dir);
    JsonArray *a = json_node_get_array (held);

    for (guint i = 0; i < json_array_get_length (a); i++)
      {
        JsonObject *o = json_array_get_object_element (a, i);

        if (g_strcmp0 (json_object_get_string_member (o, "uuid"), refused->uuid) == 0 &&
            json_object_has_member (o, "revision"))
          g_assert_cmpint (json_object_get_int_member (o, "revision"), ==, 1);
      }
  }

  /* Nothing needs attention any more. */
  if (cli_has_command ("requeue"))
    {
      r = mc_cli_expect (desk->dir, 65, 30000, MC_SYNC_ARGS ("requeue", refused->code));
      g_assert_nonnull (strstr (r.err, refused->code));
      mc_result_clear (&r);
    }

  mc_server_free (server);
  mc_desk_free (desk);
  mc_test_rm_rf (server_dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/reject/one-needs-attention", test_reject);
  return mc_sync_done (g_test_run ());
}
