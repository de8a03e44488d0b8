/* bench-sync-resend.c — bytes sent again after a cut connection
 *
 * One dossier with one 24 MiB attachment (--size), chunks of 1 MiB
 * (MOTCUA_SYNC_CHUNK_SIZE, --chunk), uploaded twice from identical desks
 * (a copy of the data dir) through a byte-counting TCP proxy in this
 * process (bench-proxy.h with a counting hook; desk → proxy → motcua-server; the desk is enrolled with the
 * proxy's URL, the server's Location headers are relative):
 *  - baseline: a server without faults: U0 bytes from the desk;
 *  - cut: a server with --fault drop=N (N = 2.5 chunks by default, so the
 *    cuts fall mid-chunk), `motcua sync` run again until done: U1 bytes,
 *    and C connections closed by the server first (the cuts; cross-checked
 *    with the server's request log, G_MESSAGES_DEBUG).
 * Re-sent = U1 − U0: the partial chunks lost at each cut plus the request
 * headers of the requests made again (probe, HEAD, …: a few hundred
 * bytes each, so this slightly overstates the re-sent body bytes).
 * Prints re-sent bytes, per cut, and per cut in chunks (target ≤ 1 chunk).
 */
#include "sync-util.h"
#include "bench-proxy.h"

#include <stdlib.h>

/* What the proxy saw: bytes from the desk, and connections the server
 * ended first (the cuts, and ordinary closes). */
typedef struct
{
  gint64 up;                    /* atomic */
  gint   server_closed_first;   /* atomic */
} Counts;

static void
count_chunk (BenchProxy          *proxy,
             BenchProxyDirection  dir,
             gsize                len)
{
  Counts *counts = proxy->user_data;

  if (dir == BENCH_PROXY_UP)
    __atomic_add_fetch (&counts->up, (gint64) len, __ATOMIC_SEQ_CST);
}

static void
count_ended (BenchProxy     *proxy,
             BenchProxySide  side)
{
  Counts *counts = proxy->user_data;

  if (side == BENCH_PROXY_SERVER)
    g_atomic_int_inc (&counts->server_closed_first);
}

static guint
count_lines (const char *path,
             const char *needle)
{
  g_autofree char *text = mc_sync_read_file (path);
  guint n = 0;

  for (const char *p = text; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

/* Uploads @desk through a proxy to a fresh server with @fault (nullable). */
static gint64
run_once (McDesk     *desk,
          const char *fault,
          guint      *cuts,
          guint      *logged_drops,
          guint      *runs,
          double     *seconds)
{
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McServer *server = mc_server_start (server_dir, fault != NULL ? MC_SYNC_ARGS ("--fault", fault) : MC_SYNC_ARGS ("--seed", "1"));
  static const BenchProxyHooks hooks = { .chunk = count_chunk, .ended = count_ended };
  Counts counts = { 0 };
  BenchProxy *proxy = bench_proxy_start ((guint16) server->port, &hooks, &counts);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/", proxy->port);
  g_autofree char *token = mc_server_token (server_dir, "bench");
  McResult r = mc_desk_enrol_run (desk, url, token, NULL);
  gint64 up0, t0;

  if (r.status != 0)
    g_error ("enrol through the proxy: %s", r.err);
  mc_result_clear (&r);
  up0 = __atomic_load_n (&counts.up, __ATOMIC_SEQ_CST);
  g_atomic_int_set (&counts.server_closed_first, 0);
  t0 = g_get_monotonic_time ();
  *runs = mc_desk_sync_until_done (desk, 600000);
  *seconds = (g_get_monotonic_time () - t0) / 1e6;
  *cuts = (guint) g_atomic_int_get (&counts.server_closed_first);
  mc_sync_verify (desk, server_dir, TRUE);
  g_usleep (100000);
  {
    gint64 up = __atomic_load_n (&counts.up, __ATOMIC_SEQ_CST) - up0;
    g_autofree char *log = g_strdup (server->p->out_path);
    g_autofree char *errlog = g_strdup (server->p->err_path);

    mc_server_stop (server);
    *logged_drops = count_lines (log, " dropped") + count_lines (errlog, " dropped");
    bench_proxy_stop (proxy);
    g_free (server->data_dir);
    g_free (server->listen);
    g_free (server->url);
    g_strfreev (server->args);
    g_free (server);
    mc_test_rm_rf (server_dir);
    return up;
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *chunk_text = NULL;
  g_autofree char *drop = NULL;
  McDesk *desk, *copy;
  gint64 size = 24 * 1024 * 1024, chunk = 1024 * 1024, drop_every = 0;
  gint64 u0, u1, resent;
  guint cuts0, cuts1, proxy_cuts, logged0, logged1, runs0, runs1;
  double s0, s1, per_cut;
  GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_INT64, &size, "Attachment bytes (default 24 MiB)", "BYTES" },
    { "chunk", 0, 0, G_OPTION_ARG_INT64, &chunk, "Chunk size the desk uses (default 1 MiB)", "BYTES" },
    { "drop", 0, 0, G_OPTION_ARG_INT64, &drop_every, "Server drops after every N body bytes (default 2.5 chunks)", "N" },
    { NULL },
  };

  g_test_init (&argc, &argv, NULL);
  g_log_set_debug_enabled (FALSE);   /* g_test_init turns on every debug message */
  context = g_option_context_new ("- bytes re-sent after cut connections");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || size < 1024 || chunk < 1024)
    {
      g_printerr ("bench-sync-resend: %s\n", error ? error->message : "bad option");
      return 2;
    }
  if (drop_every <= 0)
    drop_every = chunk * 5 / 2;
  mc_sync_quiet = TRUE;
  chunk_text = g_strdup_printf ("%" G_GINT64_FORMAT, chunk);
  g_setenv ("MOTCUA_SYNC_CHUNK_SIZE", chunk_text, TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "motcua-server", TRUE);   /* the server's request log */
  drop = g_strdup_printf ("drop=%" G_GINT64_FORMAT, drop_every);

  desk = mc_desk_new ();
  mc_desk_add_dossier (desk, NULL, (const gint64[]) { size }, 1);
  copy = mc_desk_copy (desk);

  u0 = run_once (desk, NULL, &cuts0, &logged0, &runs0, &s0);
  u1 = run_once (copy, drop, &cuts1, &logged1, &runs1, &s1);
  resent = u1 - u0;
  /* The server's log counts the cuts exactly; the proxy's count of
   * connections the server closed first also has ordinary closes in it. */
  proxy_cuts = cuts1;
  if (logged1 > 0)
    cuts1 = logged1;
  per_cut = cuts1 > 0 ? (double) resent / cuts1 : 0;

  g_print ("bench-sync-resend: one %" G_GINT64_FORMAT "-byte attachment, chunks of %" G_GINT64_FORMAT ", server %s\n",
           size, chunk, drop);
  g_print ("  baseline (no cut): %" G_GINT64_FORMAT " bytes from the desk (file + requests), %u sync run(s), %.2f s\n", u0, runs0, s0);
  g_print ("  with cuts:         %" G_GINT64_FORMAT " bytes, %u sync runs, %.2f s\n", u1, runs1, s1);
  g_print ("  cuts: %u (server log: %u connections dropped by the fault; proxy: %u closed by the server first)\n",
           cuts1, logged1, proxy_cuts);
  g_print ("  re-sent: %" G_GINT64_FORMAT " bytes = %.2f × the file; per cut %.0f bytes = %.2f chunks\n",
           resent, (double) resent / size, per_cut, per_cut / chunk);
  g_print ("  target: <= 1 chunk re-sent per cut: %s\n", cuts1 > 0 && per_cut <= chunk ? "PASS" : cuts1 == 0 ? "NO CUTS" : "FAIL");

  mc_desk_free (desk);
  mc_desk_free (copy);
  return mc_sync_done (0);
}
