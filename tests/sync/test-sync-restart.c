/* test-sync-restart.c — the server SIGKILLed mid-batch and restarted on the
 * same port with the same data dir
 *
 * `motcua sync` runs a batch of 40 dossiers (request bodies read at
 * 3 MB/s, so it takes a few seconds); once the server holds a few, it is
 * killed with SIGKILL (uploads half-written, a PUT maybe in flight). The
 * desk reports the server unreachable (exit 75); what the server kept is
 * consistent. The server starts again on the same port and data dir and
 * the desk finishes: every dossier exactly once, byte-identical.
 *
 * Server lost (§7.6): the desk uploaded a dossier, then the province's
 * server is replaced by an empty one (a restore, a new server) and the
 * desk enrolled with it; a desk decision recorded meanwhile is answered
 * 404 dossier_not_found, so the desk PUTs the dossier (and its files)
 * again first, then the decision, in one `motcua sync --once`.
 */
#include "sync-util.h"

#define N_DOSSIERS 40

static void
test_restart (void)
{
  McDesk *desk = mc_desk_new ();
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--seed", "5", "--fault", "bandwidth=3000000"));
  gint64 deadline;
  guint held = 0;
  McProc *p;
  McResult r;

  mc_desk_enrol (desk, server);
  mc_desk_add_mixed (desk, N_DOSSIERS, 1024 * 1024);

  p = mc_proc_spawn (mc_sync_cli_exe (), desk->dir, MC_SYNC_ARGS ("sync"));
  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while ((held = mc_server_count (server_dir)) < 5)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the server holds %u dossiers after 120 s of sync", held);
      if (g_subprocess_get_identifier (p->proc) == NULL)
        {
          r = mc_proc_finish (p, 1000);
          g_error ("motcua sync ended (%d) before the server held 5 dossiers:\n%s", r.status, r.err);
        }
      g_usleep (50000);
    }
  /* A little later, so the kill is not right after an acknowledgement. */
  g_usleep (g_test_rand_int_range (0, 300) * 1000);
  mc_server_kill (server);
  g_test_message ("server killed holding at least %u dossiers", held);

  r = mc_proc_finish (p, 120000);
  mc_proc_free (p);
  if (r.status != 75)
    g_error ("motcua sync after the server died: exit %d, expected 75\n%s", r.status, r.err);
  mc_result_clear (&r);

  held = mc_sync_verify (desk, server_dir, FALSE);
  g_assert_cmpuint (held, <, N_DOSSIERS);
  g_assert_cmpuint (mc_desk_outbox_count (desk), >=, N_DOSSIERS - held);

  mc_server_restart (server, NULL);
  mc_desk_sync_until_done (desk, 180000);
  mc_sync_finish (desk, server, server_dir, N_DOSSIERS);
}

static void
test_server_lost_dossier (void)
{
  McDesk *desk = mc_desk_new ();
  g_autofree char *first_dir = mc_test_make_tmp_dir ();
  g_autofree char *second_dir = mc_test_make_tmp_dir ();
  McServer *first = mc_server_start (first_dir, MC_SYNC_ARGS ("--seed", "5"));
  McServer *second;
  g_autoptr(JsonNode) held = NULL;
  JsonObject *o;
  McMade *m;
  McResult r;

  mc_desk_enrol (desk, first);
  m = mc_desk_add_dossier (desk, NULL, (const gint64[]) { 30000, 70000 }, 2);
  mc_desk_sync_until_done (desk, 60000);
  g_assert_cmpuint (mc_sync_verify (desk, first_dir, TRUE), ==, 1);
  mc_server_free (first);

  r = mc_cli_expect (desk->dir, 0, 30000, MC_SYNC_ARGS ("action", m->code, "supplement", "--reason", "Thiếu giấy chứng sinh bản chính"));
  mc_result_clear (&r);
  second = mc_server_start (second_dir, MC_SYNC_ARGS ("--seed", "5"));
  mc_desk_enrol (desk, second);

  r = mc_cli_run (desk->dir, 60000, MC_SYNC_ARGS ("sync", "--once"));
  if (r.status != 0)
    g_error ("motcua sync --once with a decision on a dossier the server lacks: exit %d\n%s", r.status, r.err);
  mc_result_clear (&r);
  g_assert_cmpuint (mc_desk_outbox_count (desk), ==, 0);
  g_assert_cmpuint (mc_sync_verify (desk, second_dir, TRUE), ==, 1);
  held = mc_server_dossiers (second_dir);
  o = json_array_get_object_element (json_node_get_array (held), 0);
  if (json_object_has_member (o, "state_code"))
    g_assert_cmpint (json_object_get_int_member (o, "state_code"), ==, 5);   /* supplement requested */

  mc_server_free (second);
  mc_desk_free (desk);
  mc_test_rm_rf (first_dir);
  mc_test_rm_rf (second_dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/restart/server-killed", test_restart);
  g_test_add_func ("/sync/restart/server-lost-dossier", test_server_lost_dossier);
  return mc_sync_done (g_test_run ());
}
