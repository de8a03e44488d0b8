/* bench-sync-history.c — upload cost per dossier against history and backlog
 *
 * Two comparisons, each in one run, each desk syncing to its own fresh
 * motcua-server on loopback with `motcua sync` (whole run timed):
 *  - history: --count new dossiers (default 300) in a desk that already
 *    holds --history dossiers (default 300 000) as an upload leaves them
 *    (bench-uploaded.h: outbox items done with their bodies, events,
 *    attachments rows), against the same new dossiers in a fresh desk
 *    (baseline). Target: ≤ 1.3× the fresh desk's time.
 *  - backlog: --large dossiers waiting (default 2 000) against --small
 *    (default 200, baseline), time per dossier. Target: ≤ 1.3×. A desk
 *    offline for days holds them from several days (a station issues at
 *    most 999 codes a day): both desks take theirs in through `motcua
 *    intake` spread evenly over the --days working days (default 3) before
 *    today, with `received_at` on those days (the intake's back-dating,
 *    which gives each day's codes and due dates as that day's intake did),
 *    oldest first. --rounds R repeats the pair with new desks and servers,
 *    the order of the two syncs alternating.
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

/* The @days working days (Monday to Friday) before today, Vietnam time,
 * oldest first, as "YYYY-MM-DD". */
static GPtrArray *
working_days_before_today (guint days)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+07:00");
  g_autoptr(GDateTime) day = g_date_time_new_now (tz);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  while (out->len < days)
    {
      GDateTime *before = g_date_time_add_days (day, -1);

      g_date_time_unref (day);
      day = before;
      if (g_date_time_get_day_of_week (day) <= 5)
        g_ptr_array_insert (out, 0, g_date_time_format (day, "%Y-%m-%d"));
    }
  return out;
}

/* A desk enrolled with its own server, @n dossiers taken in over @days
 * working days before today (evenly, oldest first, 08:00 onwards, 10 s
 * apart), as a desk offline those days holds them. */
static McDesk *
make_backlog_desk (McServer **server,
                   char     **server_dir,
                   guint      n,
                   guint      days,
                   gint64     size)
{
  McDesk *desk = make_desk (server, server_dir, 0, 0, size);
  g_autoptr(GPtrArray) dates = working_days_before_today (days);

  for (guint i = 0; i < n; i++)
    {
      guint day = (guint) ((guint64) i * days / n);
      guint first = (guint) (((guint64) day * n + days - 1) / days);   /* first i of this day */
      guint j = i - first;

      g_free (desk->received_at);
      desk->received_at = g_strdup_printf ("%sT%02u:%02u:%02u+07:00", (const char *) dates->pdata[day],
                                           8 + j * 10 / 3600, j * 10 / 60 % 60, j * 10 % 60);
      mc_desk_add_dossier (desk, NULL, (const gint64[]) { size }, 1);
    }
  g_clear_pointer (&desk->received_at, g_free);
  g_print ("  %u taken in over %s .. %s: codes %s .. %s\n", n, (const char *) dates->pdata[0],
           (const char *) dates->pdata[days - 1], ((McMade *) desk->made->pdata[0])->code,
           ((McMade *) desk->made->pdata[n - 1])->code);
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
  int count = 300, history = 300000, small = 200, large = 2000, days = 3, rounds = 1;
  gint64 size = 4096;
  gboolean skip_backlog = FALSE, skip_history = FALSE;
  gboolean pass = TRUE;
  GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "New dossiers in the history comparison (default 300)", "N" },
    { "history", 0, 0, G_OPTION_ARG_INT, &history, "Uploaded dossiers already held (default 300000)", "N" },
    { "small", 0, 0, G_OPTION_ARG_INT, &small, "Backlog of the baseline (default 200)", "N" },
    { "large", 0, 0, G_OPTION_ARG_INT, &large, "Backlog compared with it (default 2000, at most 999 a day)", "N" },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, "Working days before today the backlogs were taken in (default 3)", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Backlog comparisons, each with new desks (default 1)", "R" },
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
      large < 1 || small < 1 || days < 1 || days > 30 || rounds < 1 || rounds > 10 ||
      (large + days - 1) / days > 999 || (small + days - 1) / days > 999 || size < 1)
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

  for (int round = 0; !skip_backlog && round < rounds; round++)
    {
      McServer *ss, *ls;
      char *ss_dir, *ls_dir;
      McDesk *s, *l;
      double t_s, t_l, ratio;
      gint64 t0 = g_get_monotonic_time ();

      s = make_backlog_desk (&ss, &ss_dir, small, days, size);
      l = make_backlog_desk (&ls, &ls_dir, large, days, size);
      g_print ("bench-sync-history: backlog round %d of %d, taken in over %d working days in %.0f s (untimed)\n",
               round + 1, rounds, days, (g_get_monotonic_time () - t0) / 1e6);
      if (round % 2 == 0)
        {
          t_s = sync_desk (s);
          t_l = sync_desk (l);
        }
      else
        {
          t_l = sync_desk (l);
          t_s = sync_desk (s);
        }
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
