/* test-sync-inflight.c — dossiers in flight: as many as the server allows
 *
 * The server advertises how many requests a station may have in flight
 * (/info limits.max_concurrent_requests, `motcua-server --max-concurrent`);
 * the desk sends min(MOTCUA_SYNC_CONCURRENCY, that) dossiers at once. Each
 * answer is held 1 s (--fault latency=1000), so the dossiers sent at once
 * are those whose first request (the attachment's HEAD) is answered before
 * any dossier's second one (its tus POST) can be: counted in the server's
 * request log.
 *  - default server (4), the desk asking for 8: at most 4, never more;
 *  - --max-concurrent 8: the 8 go at once (at least 6 counted, in case the
 *    loaded machine starts a worker a whole second late).
 * Both uploads end exactly once.
 *
 * Connections: one dossier after another (MOTCUA_SYNC_CONCURRENCY=1), its
 * HEAD, tus POST, PATCH and PUT go on the connection the one before used
 * (counted by the server: "new connection" in its log). libsoup opened a
 * new one for each POST and PATCH, and both it and the server closed the
 * one a 204 (the PATCH's answer) came on: three per dossier, each a round
 * trip more on a slow link.
 *
 * A server that says keep-alive after a 204 and closes all the same (a
 * gateway dropping the connection; --fault close=204): the PUT that went
 * on it is sent again by libsoup on a new connection, body included (it
 * went out empty: 400, "needs attention"). All arrive once.
 */
#include "sync-util.h"

#define N_DOSSIERS 8

/* HEADs answered before the first POST was: the dossiers sent at once. */
static guint
first_wave (McServer *server)
{
  g_autoptr(GArray) heads = mc_server_log_times (server->p->out_path, server->p->err_path, "HEAD /api/v1/attachments/");
  g_autoptr(GArray) posts = mc_server_log_times (server->p->out_path, server->p->err_path, "POST /api/v1/uploads");
  gint64 first_post = G_MAXINT64;
  guint n = 0;

  g_assert_cmpuint (heads->len, ==, N_DOSSIERS);
  g_assert_cmpuint (posts->len, ==, N_DOSSIERS);
  for (guint i = 0; i < posts->len; i++)
    first_post = MIN (first_post, g_array_index (posts, gint64, i));
  for (guint i = 0; i < heads->len; i++)
    if (g_array_index (heads, gint64, i) < first_post)
      n++;
  return n;
}

static guint
sync_at_once (const char *max_concurrent)
{
  McDesk *desk = mc_desk_new ();
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McServer *server;
  McResult r;
  guint wave;

  /* NULL ends the arguments early: the server's default. */
  server = mc_server_start (server_dir, MC_SYNC_ARGS ("--seed", "1", "--fault", "latency=1000",
                                                      max_concurrent != NULL ? "--max-concurrent" : NULL,
                                                      max_concurrent));
  mc_desk_enrol (desk, server);
  for (guint i = 0; i < N_DOSSIERS; i++)
    mc_desk_add_dossier (desk, NULL, (const gint64[]) { 2048 + i }, 1);

  r = mc_cli_expect (desk->dir, 0, 120000, MC_SYNC_ARGS ("sync"));
  g_test_message ("server limit %s: sync %.2f s", max_concurrent != NULL ? max_concurrent : "default", r.seconds);
  mc_result_clear (&r);
  wave = first_wave (server);
  mc_sync_finish (desk, server, server_dir, N_DOSSIERS);
  return wave;
}

static void
test_server_limit (void)
{
  guint wave;

  g_setenv ("MOTCUA_SYNC_CONCURRENCY", "8", TRUE);
  wave = sync_at_once (NULL);
  g_test_message ("default server: %u dossiers at once", wave);
  g_assert_cmpuint (wave, >=, 1);
  g_assert_cmpuint (wave, <=, 4);

  wave = sync_at_once ("8");
  g_test_message ("--max-concurrent 8: %u dossiers at once", wave);
  g_assert_cmpuint (wave, >=, 6);
  g_assert_cmpuint (wave, <=, 8);
  g_unsetenv ("MOTCUA_SYNC_CONCURRENCY");
}

static void
test_bad_limit (void)
{
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  const char *bad[] = { "0", "17", "-1" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      McResult r = mc_server_cmd (server_dir, 30000, MC_SYNC_ARGS ("serve", "--data-dir", server_dir, "--listen",
                                                                   "127.0.0.1:0", "--max-concurrent", bad[i]));

      g_assert_cmpint (r.status, ==, 2);
      g_assert_nonnull (strstr (r.err, "--max-concurrent"));
      mc_result_clear (&r);
    }
  mc_test_rm_rf (server_dir);
}

static void
test_connections (void)
{
  McDesk *desk = mc_desk_new ();
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--seed", "1"));
  guint before, opened;
  McResult r;

  mc_desk_enrol (desk, server);
  for (guint i = 0; i < N_DOSSIERS; i++)
    mc_desk_add_dossier (desk, NULL, (const gint64[]) { 3000 + i }, 1);
  before = mc_server_log_count (server, "new connection");

  g_setenv ("MOTCUA_SYNC_CONCURRENCY", "1", TRUE);
  r = mc_cli_expect (desk->dir, 0, 120000, MC_SYNC_ARGS ("sync"));
  g_unsetenv ("MOTCUA_SYNC_CONCURRENCY");
  mc_result_clear (&r);
  g_assert_cmpuint (mc_sync_verify (desk, server_dir, TRUE), ==, N_DOSSIERS);
  g_assert_cmpuint (mc_server_log_count (server, "PATCH /"), ==, N_DOSSIERS);

  /* The engine's own (probe, /changes) and the worker's; one more if the
   * server's reaper or a slow start gets in the way. */
  opened = mc_server_log_count (server, "new connection") - before;
  g_test_message ("%u dossiers, 4 requests each: %u connections", N_DOSSIERS, opened);
  g_assert_cmpuint (opened, >=, 1);
  g_assert_cmpuint (opened, <=, 3);

  mc_server_free (server);
  mc_desk_free (desk);
  mc_test_rm_rf (server_dir);
}

static void
test_closed_after_204 (void)
{
  McDesk *desk = mc_desk_new ();
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--seed", "1", "--fault", "close=204"));
  McResult r;

  mc_desk_enrol (desk, server);
  for (guint i = 0; i < N_DOSSIERS; i++)
    mc_desk_add_dossier (desk, NULL, (const gint64[]) { 5000 + i }, 1);
  g_setenv ("MOTCUA_SYNC_CONCURRENCY", "1", TRUE);
  r = mc_cli_expect (desk->dir, 0, 120000, MC_SYNC_ARGS ("sync"));
  g_unsetenv ("MOTCUA_SYNC_CONCURRENCY");
  mc_result_clear (&r);
  g_assert_cmpuint (mc_server_log_count (server, "PUT /"), >=, N_DOSSIERS);
  mc_sync_finish (desk, server, server_dir, N_DOSSIERS);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/inflight/server-limit", test_server_limit);
  g_test_add_func ("/sync/inflight/bad-limit", test_bad_limit);
  g_test_add_func ("/sync/inflight/connections", test_connections);
  g_test_add_func ("/sync/inflight/closed-after-204", test_closed_after_204);
  return mc_sync_done (g_test_run ());
}
