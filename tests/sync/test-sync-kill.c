/* test-sync-kill.c — `motcua sync` SIGKILLed at random moments, 20 times
 *
 * 40 dossiers; the server reads request bodies at 1 MB/s so the batch
 * takes a few seconds and the kills (20–400 ms after start) land in every
 * phase: start-up, probe, tus create, mid-PATCH, PUT, the bookkeeping after
 * an acknowledgement. After each kill the server holds no dossier twice and
 * none the desk did not make, and never more than the desk has; then a
 * last run finishes and everything is there exactly once, byte-identical,
 * with the outbox empty.
 */
#include "sync-util.h"

#define N_DOSSIERS 40
#define N_KILLS    20

static void
test_kill (void)
{
  McDesk *desk = mc_desk_new ();
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--seed", "3", "--fault", "bandwidth=1000000"));
  guint killed_mid = 0, finished = 0, before = 0;

  mc_desk_enrol (desk, server);
  mc_desk_add_mixed (desk, N_DOSSIERS, 1024 * 1024);

  for (guint k = 0; k < N_KILLS; k++)
    {
      McProc *p = mc_proc_spawn (mc_sync_cli_exe (), desk->dir, MC_SYNC_ARGS ("sync"));
      guint delay = (guint) g_test_rand_int_range (20, 401);
      McResult r;
      guint held;

      g_usleep (delay * 1000);
      if (g_subprocess_get_identifier (p->proc) == NULL)
        {
          r = mc_proc_finish (p, 1000);
          finished++;
          g_test_message ("kill %u: sync had already ended (%d) after %u ms", k, r.status, delay);
          if (r.status != 0 && r.status != 75)
            g_error ("motcua sync: exit %d\n%s", r.status, r.err);
        }
      else
        {
          r = mc_proc_kill (p);
          killed_mid++;
        }
      mc_result_clear (&r);
      mc_proc_free (p);

      held = mc_sync_verify (desk, server_dir, FALSE);
      g_assert_cmpuint (held, <=, desk->made->len);
      g_assert_cmpuint (held, >=, before);   /* acknowledged stays acknowledged */
      g_test_message ("kill %u after %u ms: the server holds %u of %u", k, delay, held, desk->made->len);
      before = held;
    }
  g_test_message ("%u runs killed mid-way, %u ended by themselves", killed_mid, finished);
  g_assert_cmpuint (killed_mid, >, N_KILLS / 2);

  mc_desk_sync_until_done (desk, 180000);
  mc_sync_finish (desk, server, server_dir, N_DOSSIERS);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/kill/client", test_kill);
  return mc_sync_done (g_test_run ());
}
