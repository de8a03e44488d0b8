/* test-forward-kill.c — motcua-server SIGKILLed while it forwards
 *
 * 40 dossiers reach the server; the simulated one-stop system answers
 * slowly (and loses some answers) so forwarding takes seconds, and the
 * server is SIGKILLed 6 times in the middle of it and started again. After
 * each kill no dossier was created twice there; at the end every dossier
 * is there exactly once and the outbox is empty: nothing lost, nothing
 * duplicated.
 */
#include "forward-util.h"

#define N_DOSSIERS 40
#define N_KILLS    6

static guint
created (McSim  *sim,
         McDesk *desk)
{
  g_autoptr(JsonNode) state = mc_sim_state (sim);
  JsonObject *records = json_object_get_object_member (json_node_get_object (state), "records");
  guint n = 0;

  for (guint i = 0; i < desk->made->len; i++)
    {
      const char *code = ((McMade *) desk->made->pdata[i])->code;
      gint64 creates = mc_sim_count (state, "creates", code);

      if (creates > 1)
        g_error ("%s was created %" G_GINT64_FORMAT " times in the one-stop system", code, creates);
      if (json_object_has_member (records, code))
        n++;
    }
  g_assert_cmpuint (json_object_get_size (records), ==, n);
  return n;
}

static void
test_kill (void)
{
  McDesk *desk = mc_desk_new ();
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McSim *sim = mc_sim_start (MC_SYNC_ARGS ("--seed", "4", "--latency", "60", "--lose", "0.1"));
  g_autofree char *config = mc_forward_config (server_dir, NULL, NULL);   /* a closed port */
  McServer *server = NULL;
  guint before = 0, mid = 0;

  /* The dossiers reach the server while the one-stop system is down: all
   * of them wait in the forwarding outbox. */
  server = mc_server_start (server_dir, MC_SYNC_ARGS ("--forward", config));
  mc_desk_enrol (desk, server);
  mc_desk_add_mixed (desk, N_DOSSIERS, 16 * 1024);
  mc_desk_sync_until_done (desk, 120000);
  mc_server_stop (server);
  g_assert_cmpuint (created (sim, desk), ==, 0);

  /* The system is back: forwarding starts, and is killed in the middle. */
  g_free (mc_forward_config (server_dir, sim, NULL));
  mc_server_restart (server, NULL);

  for (guint k = 0; k < N_KILLS; k++)
    {
      guint delay = (guint) g_test_rand_int_range (150, 700);
      guint now;

      g_usleep (delay * 1000);
      mc_server_kill (server);
      now = created (sim, desk);
      g_test_message ("kill %u after %u ms: %u of %u in the one-stop system", k, delay, now, N_DOSSIERS);
      g_assert_cmpuint (now, >=, before);
      if (now > before && now < N_DOSSIERS)
        mid++;
      before = now;
      mc_server_restart (server, NULL);
    }
  g_assert_cmpuint (mid, >=, 2);   /* the kills landed while it forwarded */

  mc_forwards_wait (server_dir, N_DOSSIERS, 0, 120000);
  g_assert_cmpuint (created (sim, desk), ==, N_DOSSIERS);
  {
    g_autoptr(JsonNode) state = mc_sim_state (sim);

    for (guint i = 0; i < desk->made->len; i++)
      g_assert_cmpint (mc_sim_count (state, "creates", ((McMade *) desk->made->pdata[i])->code), ==, 1);
    g_test_message ("%" G_GINT64_FORMAT " answers lost, %" G_GINT64_FORMAT " “đã tồn tại”, %" G_GINT64_FORMAT " lookups",
                    mc_sim_count (state, "counts", "lost"), mc_sim_count (state, "counts", "exists"),
                    mc_sim_count (state, "counts", "lookups"));
  }

  mc_server_free (server);
  mc_sim_free (sim);
  mc_desk_free (desk);
  mc_test_rm_rf (server_dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/forward/kill", test_kill);
  return mc_sync_done (g_test_run ());
}
