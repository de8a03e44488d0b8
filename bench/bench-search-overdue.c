/* bench-search-overdue.c — the dossiers view's "Overdue" filter
 *
 * Through the store's API (the partial index of schema 8) against the
 * newest-first walk of every dossier it replaced, in the same run; and
 * combined with each search of bench-search, through the search index of
 * the unfinished dossiers (schema 11) against the query it replaced (every
 * match of the word in the whole index, kept when overdue), in the same run.
 */
#define G_LOG_DOMAIN "motcua-bench"

#include <gio/gio.h>
#include <sqlite3.h>

#include "bench-search.h"
#include "mc-core.h"
#include "mc-store-private.h"

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

/* Baseline of a search among the overdue: the store's query before schema
 * 11 — every match of the search in the whole index (dossier_search),
 * newest first, kept when its key is in the overdue list built from
 * dossiers_open; the page, the capped count and the per-state counts. */
#define OVERDUE_MATCHES_BEFORE_11 \
  "FROM dossier_search s JOIN dossiers d ON d.id = s.rowid % 16777216 " \
  "WHERE s.dossier_search MATCH ?1 AND s.rowid >= ?2 AND s.rowid < ?3 " \
  "AND +s.rowid IN (SELECT o.received_ts * 16777216 + o.id % 16777216 FROM dossiers o " \
  "WHERE o.state NOT IN ('done', 'returned', 'rejected', 'withdrawn', 'stopped') AND o.due_date < ?4) "

static gboolean
time_overdue_matches_before (sqlite3     *db,
                             const char  *search,
                             const char  *day,
                             gint64      *out_us,
                             gint64      *out_states_us,
                             gint64      *out_count,
                             GError     **error)
{
  static const char *sql[] = {
    "SELECT " MC_STORE_DOSSIER_COLUMNS OVERDUE_MATCHES_BEFORE_11 "ORDER BY s.rowid DESC LIMIT 100",
    "SELECT count(*) FROM (SELECT 1 " OVERDUE_MATCHES_BEFORE_11 "LIMIT 10000)",
    "SELECT state, count(*) FROM (SELECT d.state AS state " OVERDUE_MATCHES_BEFORE_11
    "ORDER BY s.rowid DESC LIMIT 10000) GROUP BY state",
  };
  g_autofree char *match = mc_store_search_match (search);
  gint64 t0 = g_get_monotonic_time ();

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = NULL;
      int rc;

      if (i == 2)
        {
          *out_us = g_get_monotonic_time () - t0;
          t0 = g_get_monotonic_time ();
        }
      if (sqlite3_prepare_v2 (db, sql[i], -1, &stmt, NULL) != SQLITE_OK)
        return bench_sql_error (db, "preparing the search among the overdue", error);
      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, -(G_GINT64_CONSTANT (1) << 62));
      sqlite3_bind_int64 (stmt, 3, G_GINT64_CONSTANT (1) << 62);
      sqlite3_bind_text (stmt, 4, day, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        if (i == 0)
          g_object_unref (mc_store_dossier_from_row (stmt));
        else if (i == 1)
          *out_count = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return bench_sql_error (db, "the search among the overdue", error);
    }
  *out_states_us = g_get_monotonic_time () - t0;
  return TRUE;
}

/* Each search of bench-search combined with "Overdue", through the store,
 * against the query before schema 11 (interleaved, its first runs). */
static gboolean
run_overdue_searches (McStore      *store,
                      sqlite3      *scan_db,
                      const char   *today,
                      const Picks  *picks,
                      guint         repeat,
                      gboolean     *all_pass,
                      GError      **error)
{
  const char *searches[] = {
    "nguyen", "dang van duc", "khong", picks->id_prefix, picks->code, "xyzzy",
    "n", "ng", "0", "001",
  };

  g_print ("\n  the Overdue filter + a search: first page of %d + count (capped), %u repeats (ms);\n"
           "  before = baseline, the query before schema 11 (every match in the whole index)\n", PAGE, repeat);
  g_print ("  %-44s %7s %7s %7s %7s %8s %7s %7s %8s  %s\n",
           "overdue today +", "hits", "first", "median", "max", "before", "ratio", "states", "before", "< 50 ms");
  for (guint q = 0; q < G_N_ELEMENTS (searches); q++)
    {
      McDossierQuery query = { .overdue_on = (char *) today, .search = (char *) searches[q] };
      g_autoptr(GArray) page = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) before = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) before_states = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autofree char *label = g_strdup_printf ("'%s'", searches[q]);
      gint64 hits = 0, before_hits = 0;
      Stats p, b, st, bst;
      gboolean pass;

      for (guint r = 0; r <= repeat; r++)
        {
          gint64 us, states_us, t0, counts[MC_DOSSIER_N_STATES];

          if (!bench_time_store_page (store, &query, 0, TRUE, &us, NULL, &hits, error))
            return FALSE;
          g_array_append_val (page, us);
          t0 = g_get_monotonic_time ();
          if (!mc_store_count_by_state_upto (store, &query, COUNT_CAP, counts, error))
            return FALSE;
          us = g_get_monotonic_time () - t0;
          g_array_append_val (states, us);
          /* The old query is slow: five runs are enough for its median. */
          if (r < 5)
            {
              if (!time_overdue_matches_before (scan_db, searches[q], today, &us, &states_us, &before_hits, error))
                return FALSE;
              g_array_append_val (before, us);
              g_array_append_val (before_states, states_us);
            }
        }
      p = bench_compute_stats (page);
      b = bench_compute_stats (before);
      st = bench_compute_stats (states);
      bst = bench_compute_stats (before_states);
      if (before_hits != hits)
        g_print ("  (note: the query before schema 11 counted %" G_GINT64_FORMAT ", the store %" G_GINT64_FORMAT ")\n",
                 before_hits, hits);
      pass = p.median < TARGET_SEARCH_MS && st.median < TARGET_SEARCH_MS;
      if (!pass)
        *all_pass = FALSE;
      g_print ("  %-44s %6" G_GINT64_FORMAT "%s %7.2f %7.2f %7.2f %8.2f %7.3f %7.2f %8.2f  %s\n",
               label, hits, hits >= COUNT_CAP ? "+" : " ", p.first, p.median, p.max, b.median,
               b.median > 0 ? p.median / b.median : 0.0, st.median, bst.median, pass ? "PASS" : "FAIL");
    }
  return TRUE;
}

/* The dossiers view's "Overdue" button (due before today, not finished),
 * alone, with a search and with a state, and on a day when few are late. */
gboolean
bench_run_overdue (McStore      *store,
                   sqlite3      *scan_db,
                   const Picks  *picks,
                   guint         repeat,
                   gboolean     *all_pass,
                   GError      **error)
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
  return run_overdue_searches (store, scan_db, today, picks, repeat, all_pass, error);
}
