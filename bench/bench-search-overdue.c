/* bench-search-overdue.c — the dossiers view's "Overdue" filter
 *
 * Through the store's API (the partial index of schema 8) against the
 * newest-first walk of every dossier it replaced, in the same run.
 */
#define G_LOG_DOMAIN "motcua-bench"

#include <gio/gio.h>
#include <sqlite3.h>

#include "bench-search.h"
#include "mc-core.h"

/* ---- the "Overdue" filter ------------------------------------------------ */

/* Baseline: what the filter cost before schema 8 — the newest-first walk
 * of every dossier (dossiers_by_received) with the due date and state
 * tested on each row, for the page and the capped count. */
#define OVERDUE_WALK \
  "FROM dossiers d INDEXED BY dossiers_by_received WHERE d.received_ts > -274877906944 " \
  "AND d.due_date < ?1 AND d.state NOT IN ('done', 'returned', 'rejected', 'withdrawn', 'stopped') "

static gboolean
time_overdue_walk (sqlite3     *db,
                   const char  *day,
                   gint64      *out_us,
                   gint64      *out_count,
                   GError     **error)
{
  static const char *sql[] = {
    "SELECT d.id, d.uuid, d.code, d.state, d.applicant_name, d.due_date " OVERDUE_WALK
    "ORDER BY d.received_ts DESC, d.id DESC LIMIT 100",
    "SELECT count(*) FROM (SELECT 1 " OVERDUE_WALK "LIMIT 10000)",
  };
  gint64 t0 = g_get_monotonic_time ();

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = NULL;
      int rc;

      if (sqlite3_prepare_v2 (db, sql[i], -1, &stmt, NULL) != SQLITE_OK)
        return bench_sql_error (db, "preparing the overdue walk", error);
      sqlite3_bind_text (stmt, 1, day, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        if (i == 1)
          *out_count = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return bench_sql_error (db, "the overdue walk", error);
    }
  *out_us = g_get_monotonic_time () - t0;
  return TRUE;
}

/* The dossiers view's "Overdue" button (due before today, not finished),
 * alone, with a search and with a state, and on a day when few are late. */
gboolean
bench_run_overdue (McStore  *store,
                   sqlite3  *scan_db,
                   guint     repeat,
                   gboolean *all_pass,
                   GError  **error)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+07:00");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  struct
  {
    const char     *label;
    McDossierQuery  query;
    gboolean        baseline;
  } rows[] = {
    { "overdue today", { .overdue_on = today }, TRUE },
    { "overdue on 2025-12-01 (fewer late)", { .overdue_on = (char *) "2025-12-01" }, TRUE },
    { "overdue today + state processing", { .overdue_on = today, .has_state = TRUE,
                                             .state = MC_DOSSIER_STATE_PROCESSING }, FALSE },
    { "overdue today + 'nguyen'", { .overdue_on = today, .search = (char *) "nguyen" }, FALSE },
    { "overdue today + 'khong'", { .overdue_on = today, .search = (char *) "khong" }, FALSE },
  };

  g_print ("\n  the Overdue filter: first page of %d + count (capped), %u repeats (ms);\n"
           "  walk = baseline, the filter before schema 8 (newest-first walk of every dossier)\n", PAGE, repeat);
  g_print ("  %-44s %7s %7s %7s %7s %8s %7s %7s  %s\n",
           "query", "hits", "first", "median", "max", "walk", "ratio", "states", "< 50 ms");
  for (guint q = 0; q < G_N_ELEMENTS (rows); q++)
    {
      g_autoptr(GArray) page = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) walk = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 hits = 0, walk_hits = 0;
      Stats p, w = { 0 }, st;

      for (guint r = 0; r <= repeat; r++)
        {
          gint64 us, t0, counts[MC_DOSSIER_N_STATES];

          if (!bench_time_store_page (store, &rows[q].query, 0, TRUE, &us, NULL, &hits, error))
            return FALSE;
          g_array_append_val (page, us);
          t0 = g_get_monotonic_time ();
          if (!mc_store_count_by_state_upto (store, &rows[q].query, COUNT_CAP, counts, error))
            return FALSE;
          us = g_get_monotonic_time () - t0;
          g_array_append_val (states, us);
          /* The walk is slow: three runs are enough for its median. */
          if (rows[q].baseline && r < 3)
            {
              if (!time_overdue_walk (scan_db, rows[q].query.overdue_on, &us, &walk_hits, error))
                return FALSE;
              g_array_append_val (walk, us);
            }
        }
      p = bench_compute_stats (page);
      st = bench_compute_stats (states);
      if (walk->len > 0)
        {
          w = bench_compute_stats (walk);
          if (walk_hits != hits)
            g_print ("  (note: the walk counted %" G_GINT64_FORMAT ", the store %" G_GINT64_FORMAT ")\n",
                     walk_hits, hits);
        }
      if (p.median >= TARGET_SEARCH_MS)
        *all_pass = FALSE;
      g_print ("  %-44s %6" G_GINT64_FORMAT "%s %7.2f %7.2f %7.2f %8.2f %7.2f %7.2f  %s\n",
               rows[q].label, hits, hits >= COUNT_CAP ? "+" : " ", p.first, p.median, p.max, w.median,
               w.median > 0 ? p.median / w.median : 0.0, st.median,
               p.median < TARGET_SEARCH_MS ? "PASS" : "FAIL");
    }
  return TRUE;
}
