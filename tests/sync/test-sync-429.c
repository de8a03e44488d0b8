/* test-sync-429.c — 429 with Retry-After is honoured
 *
 * In one run: `motcua sync` meets 429 + Retry-After: 2 on every request;
 * the server is restarted without the fault while the desk waits; the
 * server's request log (G_MESSAGES_DEBUG=motcua-server, ms timestamps)
 * shows no request from the desk within 2 s of the 429, and the batch
 * then goes through.
 *
 * Across runs (persisted):
 * The server answers every request 429 with Retry-After: 2
 * (--fault 429=1.0:2). `motcua sync --once` exits 75 and the outbox says
 * the next attempt is at least 2 s after the answer (1 s tolerance for
 * whole seconds). The server is restarted without the fault on the same
 * port: a run within those 2 s sends nothing (the server still holds no
 * dossier), and `motcua sync` finishes, but not before the 2 s are over.
 */
#include "sync-util.h"

#define N_DOSSIERS 3

static gint64
parse_time (const char *text)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (text, NULL);

  if (dt == NULL)
    g_error ("next_attempt_at “%s” is not RFC 3339", text);
  return g_date_time_to_unix (dt);
}

static void
test_retry_after (void)
{
  McDesk *desk = mc_desk_new ();
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--seed", "1"));
  g_autoptr(JsonNode) outbox = NULL;
  JsonArray *items;
  gint64 t_start, t_end, latest_next = 0;
  gint64 mono_end;
  McResult r;

  mc_desk_enrol (desk, server);
  for (guint i = 0; i < N_DOSSIERS; i++)
    mc_desk_add_dossier (desk, NULL, (const gint64[]) { 4096 + i }, 1);
  mc_server_restart (server, MC_SYNC_ARGS ("--seed", "1", "--fault", "429=1.0:2"));

  t_start = g_get_real_time () / G_USEC_PER_SEC;
  r = mc_cli_expect (desk->dir, 75, 60000, MC_SYNC_ARGS ("sync", "--once"));
  mono_end = g_get_monotonic_time ();
  t_end = g_get_real_time () / G_USEC_PER_SEC;
  g_test_message ("sync --once against 429: %.2f s; stderr: %s", r.seconds, r.err);
  mc_result_clear (&r);
  g_assert_cmpuint (mc_server_count (server_dir), ==, 0);

  outbox = mc_desk_outbox (desk);
  items = json_node_get_array (outbox);
  g_assert_cmpuint (json_array_get_length (items), ==, N_DOSSIERS);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);
      JsonNode *next = json_object_get_member (o, "next_attempt_at");

      g_assert_nonnull (next);
      if (JSON_NODE_HOLDS_NULL (next))
        continue;
      latest_next = MAX (latest_next, parse_time (json_node_get_string (next)));
    }
  g_test_message ("answered in [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "], next attempt at %" G_GINT64_FORMAT,
                  t_start, t_end, latest_next);
  if (latest_next == 0)
    g_error ("after a 429 with Retry-After: 2, no outbox item has a next_attempt_at");
  g_assert_cmpint (latest_next, >=, t_start + 2 - 1);
  g_assert_cmpint (latest_next, <=, t_end + 2 + 2);   /* Retry-After + 10 % jitter, whole seconds */

  /* The same server without the fault. */
  mc_server_restart (server, MC_SYNC_ARGS ("--seed", "1"));
  if ((g_get_monotonic_time () - mono_end) < 1200 * 1000)
    {
      r = mc_cli_run (desk->dir, 60000, MC_SYNC_ARGS ("sync", "--once"));
      if (g_get_monotonic_time () - mono_end < 1900 * 1000)
        {
          g_assert_cmpint (r.status, ==, 75);
          g_assert_cmpuint (mc_server_count (server_dir), ==, 0);
        }
      else
        g_test_message ("the early run took too long to tell (%.2f s)", r.seconds);
      mc_result_clear (&r);
    }
  else
    g_test_message ("restart took too long to check the early run");

  r = mc_cli_expect (desk->dir, 0, 60000, MC_SYNC_ARGS ("sync"));
  g_test_message ("sync finished %.2f s after the 429", (g_get_monotonic_time () - mono_end) / 1e6);
  g_assert_cmpint (g_get_real_time () / G_USEC_PER_SEC, >=, t_start + 2);
  g_assert_cmpint (g_get_monotonic_time () - mono_end, >=, 1000 * 1000);
  mc_result_clear (&r);

  mc_sync_finish (desk, server, server_dir, N_DOSSIERS);
}

static void
test_in_run (void)
{
  McDesk *desk = mc_desk_new ();
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McServer *server;
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GArray) after = NULL;
  gint64 first_429, last_429, first_after;
  McProc *p;
  McResult r;

  g_setenv ("G_MESSAGES_DEBUG", "motcua-server", TRUE);
  server = mc_server_start (server_dir, MC_SYNC_ARGS ("--seed", "1"));
  mc_desk_enrol (desk, server);
  for (guint i = 0; i < N_DOSSIERS; i++)
    mc_desk_add_dossier (desk, NULL, (const gint64[]) { 5000 + i }, 1);
  mc_server_restart (server, MC_SYNC_ARGS ("--seed", "1", "--fault", "429=1.0:2"));

  p = mc_proc_spawn (mc_sync_cli_exe (), desk->dir, MC_SYNC_ARGS ("sync"));
  g_usleep (600 * 1000);
  g_assert_nonnull (g_subprocess_get_identifier (p->proc));   /* still waiting */
  mc_server_restart (server, MC_SYNC_ARGS ("--seed", "1"));
  r = mc_proc_finish (p, 60000);
  mc_proc_free (p);
  g_test_message ("sync: exit %d after %.2f s: %s", r.status, r.seconds, r.err);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpfloat (r.seconds, >=, 2.0);
  mc_result_clear (&r);

  hits = mc_server_log_times (server->prev_out, server->prev_err, "→ 429");
  after = mc_server_log_times (server->p->out_path, server->p->err_path, NULL);
  if (hits->len == 0 || after->len == 0)
    g_error ("no request log (%u 429 lines, %u after the restart)", hits->len, after->len);
  first_429 = g_array_index (hits, gint64, 0);
  last_429 = g_array_index (hits, gint64, hits->len - 1);
  first_after = g_array_index (after, gint64, 0);
  for (guint i = 1; i < after->len; i++)
    first_after = MIN (first_after, g_array_index (after, gint64, i));
  g_test_message ("%u request(s) answered 429 within %" G_GINT64_FORMAT " ms; next request %" G_GINT64_FORMAT " ms after the last 429",
                  hits->len, last_429 - first_429, first_after - last_429);
  /* The first 429 pauses the whole station: no more requests after it
   * (a second one already in flight may still arrive). */
  g_assert_cmpint (last_429 - first_429, <, 200);
  g_assert_cmpint (first_after - last_429, >=, 2000 - 10);

  mc_sync_finish (desk, server, server_dir, N_DOSSIERS);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/429/in-run", test_in_run);
  g_test_add_func ("/sync/429/persisted", test_retry_after);
  return mc_sync_done (g_test_run ());
}
