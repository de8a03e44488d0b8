/* bench-sync-history.c — upload cost per dossier against history and backlog
 *
 * Two comparisons, each in one run, each desk syncing to its own fresh
 * motcua-server on loopback with `motcua sync` (whole run timed):
 *  - history: --count new dossiers (default 300) in a desk that already
 *    holds --history dossiers (default 300 000) as an upload leaves them
 *    (bench-uploaded.h: outbox items done with their bodies, events,
 *    attachments rows), against the same new dossiers in a fresh desk
 *    (baseline). Target: ≤ 1.3× the fresh desk's time.
 *  - backlog: --large dossiers waiting (default 900) against --small
 *    (default 90, baseline), time per dossier. Target: ≤ 1.3×. (A station
 *    issues at most 999 codes a day, and the dossiers are taken in today:
 *    2 000 against 200 needs two days of intake; the ratio is the same 10.)
 * Each new dossier carries one attachment of --size bytes (default 4 KiB:
 * the per-dossier cost, not the bytes, is what is measured).
 */
#include "sync-util.h"

#include <stdio.h>

#include "bench-uploaded.h"

#define TARGET 1.3

static void
add_history (McDesk *desk,
             guint   n)
{
  g_autofree char *path = g_build_filename (desk->dir, "motcua.db", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (!bench_sql (db, "PRAGMA synchronous = OFF; BEGIN", &error) ||
      !bench_insert_plain (db, n, &error) ||
      !bench_mark_uploaded (db, &error) ||
      !bench_sql (db, "COMMIT; PRAGMA wal_checkpoint (TRUNCATE)", &error))
    g_error ("history: %s", error->message);
  sqlite3_close (db);
}

/* A desk enrolled with its own server, @n new dossiers queued. */
static McDesk *
make_desk (McServer **server,
           char     **server_dir,
           guint      history,
           guint      n,
           gint64     size)
{
  McDesk *desk = mc_desk_new ();

  *server_dir = mc_test_make_tmp_dir ();
  *server = mc_server_start (*server_dir, MC_SYNC_ARGS ("--seed", "1"));
  mc_desk_enrol (desk, *server);
  if (history > 0)
    add_history (desk, history);
  for (guint i = 0; i < n; i++)
    mc_desk_add_dossier (desk, NULL, (const gint64[]) { size }, 1);
  return desk;
}

static double
sync_desk (McDesk *desk)
{
  McResult r = mc_cli_expect (desk->dir, 0, 3600000, MC_SYNC_ARGS ("sync"));
  double seconds = r.seconds;
  g_autoptr(JsonNode) left = NULL;

  mc_result_clear (&r);
  left = mc_desk_outbox (desk);
  if (json_array_get_length (json_node_get_array (left)) != 0)
    g_error ("the outbox is not empty after the sync");
  return seconds;
}

static void
drop (McDesk   *desk,
      McServer *server,
      char     *server_dir)
{
  mc_server_free (server);
  mc_desk_free (desk);
  mc_test_rm_rf (server_dir);
  g_free (server_dir);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  int count = 300, history = 300000, small = 90, large = 900;
  gint64 size = 4096;
  gboolean skip_backlog = FALSE, skip_history = FALSE;
  gboolean pass = TRUE;
  GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "New dossiers in the history comparison (default 300)", "N" },
    { "history", 0, 0, G_OPTION_ARG_INT, &history, "Uploaded dossiers already held (default 300000)", "N" },
    { "small", 0, 0, G_OPTION_ARG_INT, &small, "Backlog of the baseline (default 90)", "N" },
    { "large", 0, 0, G_OPTION_ARG_INT, &large, "Backlog compared with it (default 900, at most 999)", "N" },
    { "size", 0, 0, G_OPTION_ARG_INT64, &size, "Bytes of each dossier's attachment (default 4096)", "BYTES" },
    { "no-backlog", 0, 0, G_OPTION_ARG_NONE, &skip_backlog, "Only the history comparison", NULL },
    { "no-history", 0, 0, G_OPTION_ARG_NONE, &skip_history, "Only the backlog comparison", NULL },
    { NULL },
  };

  g_test_init (&argc, &argv, NULL);
  g_log_set_debug_enabled (FALSE);
  setvbuf (stdout, NULL, _IOLBF, 0);   /* each comparison's lines, even if the next one fails */
  context = g_option_context_new ("- upload cost per dossier against history and backlog");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || count < 1 || history < 0 || small < 1 ||
      large < 1 || large > 999 || small > 999 || size < 1)
    {
      g_printerr ("bench-sync-history: %s\n", error ? error->message : "bad arguments");
      return 2;
    }
  mc_sync_quiet = TRUE;

  if (!skip_history)
    {
      McServer *fs, *hs;
      char *fs_dir, *hs_dir;
      McDesk *fresh, *old;
      double t_fresh, t_old, ratio;
      gint64 t0 = g_get_monotonic_time ();

      fresh = make_desk (&fs, &fs_dir, 0, count, size);
      old = make_desk (&hs, &hs_dir, history, count, size);
      g_print ("bench-sync-history: %d new dossiers x %" G_GINT64_FORMAT " bytes; desks made in %.0f s (untimed)\n",
               count, size, (g_get_monotonic_time () - t0) / 1e6);
      t_fresh = sync_desk (fresh);
      t_old = sync_desk (old);
      ratio = t_old / t_fresh;
      g_print ("  %-50s %8s %10s\n", "history", "s", "dossiers/s");
      g_print ("  %-50s %8.2f %10.1f\n", "baseline: fresh desk", t_fresh, count / t_fresh);
      g_print ("  %-50s %8.2f %10.1f\n", g_strdup_printf ("desk holding %d uploaded", history), t_old, count / t_old);
      g_print ("  ratio %.2f, target <= %.1f: %s\n", ratio, TARGET, ratio <= TARGET ? "PASS" : "FAIL");
      pass = pass && ratio <= TARGET;
      drop (fresh, fs, fs_dir);
      drop (old, hs, hs_dir);
    }

  if (!skip_backlog)
    {
      McServer *ss, *ls;
      char *ss_dir, *ls_dir;
      McDesk *s, *l;
      double t_s, t_l, ratio;

      s = make_desk (&ss, &ss_dir, 0, small, size);
      l = make_desk (&ls, &ls_dir, 0, large, size);
      t_s = sync_desk (s);
      t_l = sync_desk (l);
      ratio = (t_l / large) / (t_s / small);
      g_print ("  %-50s %8s %10s %10s\n", "backlog", "s", "dossiers/s", "ms each");
      g_print ("  %-50s %8.2f %10.1f %10.2f\n", g_strdup_printf ("baseline: %d waiting", small), t_s, small / t_s,
               1000 * t_s / small);
      g_print ("  %-50s %8.2f %10.1f %10.2f\n", g_strdup_printf ("%d waiting", large), t_l, large / t_l,
               1000 * t_l / large);
      g_print ("  ratio per dossier %.2f, target <= %.1f: %s\n", ratio, TARGET, ratio <= TARGET ? "PASS" : "FAIL");
      pass = pass && ratio <= TARGET;
      drop (s, ss, ss_dir);
      drop (l, ls, ls_dir);
    }
  g_print ("  verdict: %s\n", pass ? "PASS" : "FAIL");
  return mc_sync_done (0);
}
