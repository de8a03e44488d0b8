/* bench-forward.c — forwarding to a one-stop system: its throughput, and
 * what it adds to the desks' upload path
 *
 * N dossiers (--n, default 200) with one small scan each, on three
 * identical desks (copies of one data dir), each uploaded by `motcua sync`
 * to a fresh motcua-server on loopback:
 *  - plain: a server without --forward (the baseline);
 *  - forwarding: a server with --forward to dvcqg-sim (no faults), which
 *    forwards while the desk uploads;
 *  - throughput: a server with --forward whose one-stop system is down
 *    while the desk uploads; then it comes up (restart with its address)
 *    and the time until every dossier is `sent` is measured.
 * Prints the upload times and their ratio (forwarding / plain; target
 * ≈ 1: forwarding is asynchronous), and the forwarding rate in dossiers/s
 * with its ratio to the plain upload rate.
 */
#include "../../tests/forward/forward-util.h"

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static double
timed_sync (McDesk *desk)
{
  double t0 = now_s ();

  mc_desk_sync_until_done (desk, 1800000);
  return now_s () - t0;
}

int
main (int    argc,
      char **argv)
{
  gint64 n = 200;
  GOptionEntry entries[] = {
    { "n", 0, 0, G_OPTION_ARG_INT64, &n, "dossiers", "N" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— forwarding bench");
  McDesk *base, *desks[3];
  McSim *sim;
  double t_plain, t_fwd, t_forwarding, t0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, NULL) || n < 1 || n > 100000)
    return 2;
  g_test_init (&argc, &argv, NULL);   /* g_test_rand_* for the generated dossiers */
  mc_sync_quiet = TRUE;

  g_print ("making %" G_GINT64_FORMAT " dossiers…\n", n);
  base = mc_desk_new ();
  for (gint64 i = 0; i < n; i++)
    {
      gint64 size = 20 * 1024;

      mc_desk_add_dossier (base, NULL, &size, 1);
    }
  for (guint i = 0; i < 3; i++)
    desks[i] = mc_desk_copy (base);
  sim = mc_sim_start (NULL);

  /* plain */
  {
    g_autofree char *dir = mc_test_make_tmp_dir ();
    McServer *server = mc_server_start (dir, NULL);

    mc_desk_enrol (desks[0], server);
    t_plain = timed_sync (desks[0]);
    g_assert_cmpuint (mc_server_count (dir), ==, (guint) n);
    mc_server_free (server);
    mc_test_rm_rf (dir);
  }
  /* forwarding while uploading */
  {
    g_autofree char *dir = mc_test_make_tmp_dir ();
    g_autofree char *config = mc_forward_config (dir, sim, "\"poll_seconds\": 3600");
    McServer *server = mc_server_start (dir, MC_SYNC_ARGS ("--forward", config));

    mc_desk_enrol (desks[1], server);
    t_fwd = timed_sync (desks[1]);
    mc_forwards_wait (dir, (guint) n, 0, 1800000);
    mc_server_free (server);
    mc_test_rm_rf (dir);
  }
  /* forwarding throughput: the system comes up with everything queued */
  {
    g_autofree char *dir = mc_test_make_tmp_dir ();
    g_autofree char *config = mc_forward_config (dir, NULL, "\"poll_seconds\": 3600");
    McServer *server = mc_server_start (dir, MC_SYNC_ARGS ("--forward", config));
    McSim *fresh = mc_sim_start (NULL);

    mc_desk_enrol (desks[2], server);
    timed_sync (desks[2]);
    mc_server_stop (server);
    g_free (mc_forward_config (dir, fresh, "\"poll_seconds\": 3600"));
    t0 = now_s ();
    mc_server_restart (server, NULL);
    mc_forwards_wait (dir, (guint) n, 0, 1800000);
    t_forwarding = now_s () - t0;
    mc_server_free (server);
    mc_sim_free (fresh);
    mc_test_rm_rf (dir);
  }

  g_print ("forward: %" G_GINT64_FORMAT " dossiers, one 20 KiB scan each\n", n);
  g_print ("  upload, plain server:       %.2f s (%.1f dossiers/s)\n", t_plain, n / t_plain);
  g_print ("  upload, server forwarding:  %.2f s (%.1f dossiers/s)\n", t_fwd, n / t_fwd);
  g_print ("  upload time ratio forwarding / plain: %.2f (target ≈ 1: forwarding is asynchronous)\n",
           t_fwd / t_plain);
  g_print ("  forwarding to dvcqg-sim:    %.2f s (%.1f dossiers/s, including the server's start)\n",
           t_forwarding, n / t_forwarding);
  g_print ("  rate ratio forwarding / plain upload: %.2f\n", (n / t_forwarding) / (n / t_plain));

  mc_sim_free (sim);
  for (guint i = 0; i < 3; i++)
    mc_desk_free (desks[i]);
  mc_desk_free (base);
  return mc_sync_done (0);
}
