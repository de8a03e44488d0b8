/* bench-search.c — search and paging over 100 000 dossiers
 *
 * Builds a store of --count dossiers quickly: mc_store_open() creates the
 * schema and the station, then a raw connection bulk-inserts realistic
 * rows (Vietnamese names, CCCD numbers, codes unique per day, three years
 * of receipts) in one transaction, letting the store's triggers fill the
 * FTS5 index. The store is then reopened and every query runs through the
 * public API — mc_store_list_dossiers (first page of 100) plus
 * mc_store_count_dossiers, as the GUI's lazy list needs both — against a
 * baseline in the same run: a naive scan, search_text LIKE '%term%' in
 * newest-first order with LIMIT 100 (and the same rows turned into
 * McDossier objects). Also times the unfiltered first page and a deep page.
 */
#define G_LOG_DOMAIN "motcua-bench"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "bench-search.h"
#include "bench-stats.h"
#include "mc-core.h"
#include "test-util.h"

#define FRAME_MS 16.7   /* not a DESIGN target: one frame at 60 Hz, for reference */

/* ---- statistics ---------------------------------------------------------- */

/* @us: the first run, then the repeats; in milliseconds. */
Stats
bench_compute_stats (GArray *us)
{
  Stats s = { 0 };
  BenchStats rest;

  if (us->len == 0)
    return s;
  s.first = g_array_index (us, gint64, 0) / 1000.0;
  g_array_remove_index (us, 0);
  rest = bench_stats_ms (us);
  s.median = rest.median;
  s.max = rest.max;
  return s;
}

/* ---- the baseline: a naive scan ------------------------------------------ */

#define SCAN_SQL \
  "SELECT d.id, d.uuid, d.code, d.state, d.procedure_code, d.procedure_name, d.processing_days, " \
  "d.applicant_name, d.id_kind, d.id_number, d.date_of_birth, d.phone, d.address, d.email, " \
  "d.received_at, d.backdate_reason, d.due_date, d.sets, d.notes " \
  "FROM dossiers d WHERE d.search_text LIKE ?1 ORDER BY d.received_ts DESC, d.id DESC LIMIT ?2"

/* The same objects the store returns, so both sides do the same work
 * apart from finding the rows. */
static McDossier *
dossier_from_scan (sqlite3_stmt *stmt)
{
  McDossier *d = mc_dossier_new ();
  McDossierState state = MC_DOSSIER_STATE_RECEIVED;
  McIdKind kind = MC_ID_KIND_CCCD;
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 ((const char *) sqlite3_column_text (stmt, 14), NULL);

  mc_dossier_set_row_id (d, sqlite3_column_int64 (stmt, 0));
  mc_dossier_set_uuid (d, (const char *) sqlite3_column_text (stmt, 1));
  mc_dossier_set_code (d, (const char *) sqlite3_column_text (stmt, 2));
  mc_dossier_state_from_string ((const char *) sqlite3_column_text (stmt, 3), &state);
  mc_dossier_set_state (d, state);
  mc_dossier_set_procedure (d, (const char *) sqlite3_column_text (stmt, 4),
                            (const char *) sqlite3_column_text (stmt, 5), sqlite3_column_int (stmt, 6));
  mc_dossier_set_applicant_name (d, (const char *) sqlite3_column_text (stmt, 7));
  mc_id_kind_from_string ((const char *) sqlite3_column_text (stmt, 8), &kind);
  mc_dossier_set_id (d, kind, (const char *) sqlite3_column_text (stmt, 9));
  mc_dossier_set_date_of_birth (d, (const char *) sqlite3_column_text (stmt, 10));
  mc_dossier_set_phone (d, (const char *) sqlite3_column_text (stmt, 11));
  mc_dossier_set_address (d, (const char *) sqlite3_column_text (stmt, 12));
  mc_dossier_set_email (d, (const char *) sqlite3_column_text (stmt, 13));
  mc_dossier_set_received_at (d, at);
  mc_dossier_set_backdate_reason (d, (const char *) sqlite3_column_text (stmt, 15));
  mc_dossier_set_due_date (d, (const char *) sqlite3_column_text (stmt, 16));
  mc_dossier_set_sets (d, sqlite3_column_int (stmt, 17));
  mc_dossier_set_notes (d, (const char *) sqlite3_column_text (stmt, 18));
  return d;
}

static gboolean
scan_page (sqlite3       *db,
           sqlite3_stmt  *stmt,
           const char    *search,
           guint         *n_rows,
           GError       **error)
{
  g_autofree char *folded = mc_text_fold (search);
  g_autofree char *pattern = g_strdup_printf ("%%%s%%", folded);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, PAGE);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, dossier_from_scan (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return bench_sql_error (db, "scan", error);
  *n_rows = rows->len;
  return TRUE;
}

/* ---- timing -------------------------------------------------------------- */

typedef struct
{
  const char *label;
  char       *search;
} Query;

gboolean
bench_time_store_page (McStore              *store,
                       const McDossierQuery *query,
                       guint                 offset,
                       gboolean              with_count,
                       gint64               *out_us,
                       gint64               *out_list_us,
                       gint64               *out_count,
                       GError              **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) anchor = NULL;
  gint64 t0, t1, t2;

  /* A deep page the way the list asks for it: after the last row of the
   * page before (keyset), which is fetched untimed. */
  if (offset > 0)
    {
      anchor = mc_store_list_dossiers (store, query, offset - 1, 1, error);
      if (anchor == NULL)
        return FALSE;
    }
  t0 = g_get_monotonic_time ();
  if (anchor != NULL && anchor->len > 0)
    rows = mc_store_list_dossiers_after (store, query, g_ptr_array_index (anchor, 0), PAGE, error);
  else
    rows = mc_store_list_dossiers (store, query, offset, PAGE, error);
  t1 = g_get_monotonic_time ();
  if (rows == NULL)
    return FALSE;
  if (with_count)
    {
      /* Capped: the list says "more than 10 000" beyond. */
      *out_count = mc_store_count_dossiers_upto (store, query, COUNT_CAP, error);
      if (*out_count < 0)
        return FALSE;
    }
  t2 = g_get_monotonic_time ();
  *out_us = t2 - t0;
  if (out_list_us != NULL)
    *out_list_us = t1 - t0;
  return TRUE;
}

static gboolean
run_queries (McStore     *store,
             sqlite3     *scan_db,
             const char  *title,
             Query       *queries,
             guint        n_queries,
             guint        repeat,
             gboolean    *all_pass,
             GError     **error)
{
  sqlite3_stmt *scan = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (scan_db, SCAN_SQL, -1, &scan, NULL) != SQLITE_OK)
    return bench_sql_error (scan_db, "preparing the scan", error);

  g_print ("\n  %s: first page of %d + count, %u repeats after one first run (ms)\n", title, PAGE, repeat);
  g_print ("  %-44s %7s %7s %7s %7s %7s %8s %7s %7s  %s\n",
           "query", "hits", "first", "list", "median", "max", "scan", "ratio", "states", "< 50 ms");

  for (guint q = 0; q < n_queries; q++)
    {
      McDossierQuery query = { .search = queries[q].search };
      g_autoptr(GArray) fts = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) naive = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autofree char *label = g_strdup_printf ("%s '%s'", queries[q].label, queries[q].search);
      gint64 hits = 0;
      guint scan_rows = 0;
      Stats f, l, s, st;

      for (guint r = 0; r <= repeat; r++)
        {
          gint64 us, list_us, t0;

          if (!bench_time_store_page (store, &query, 0, TRUE, &us, &list_us, &hits, error))
            goto out;
          g_array_append_val (fts, us);
          g_array_append_val (list, list_us);

          {
            gint64 counts[MC_DOSSIER_N_STATES];

            t0 = g_get_monotonic_time ();
            if (!mc_store_count_by_state_upto (store, &query, COUNT_CAP, counts, error))
              goto out;
            us = g_get_monotonic_time () - t0;
            g_array_append_val (states, us);
          }

          t0 = g_get_monotonic_time ();
          if (!scan_page (scan_db, scan, queries[q].search, &scan_rows, error))
            goto out;
          us = g_get_monotonic_time () - t0;
          g_array_append_val (naive, us);
        }
      f = bench_compute_stats (fts);
      l = bench_compute_stats (list);
      s = bench_compute_stats (naive);
      st = bench_compute_stats (states);
      if (f.median >= TARGET_SEARCH_MS)
        *all_pass = FALSE;
      g_print ("  %-44s %6" G_GINT64_FORMAT "%s %7.2f %7.2f %7.2f %7.2f %8.2f %7.2f %7.2f  %s\n",
               label, hits, hits >= COUNT_CAP ? "+" : " ", f.first, l.median, f.median, f.max, s.median,
               s.median > 0 ? f.median / s.median : 0.0, st.median,
               f.median < TARGET_SEARCH_MS ? "PASS" : "FAIL");
      if (MIN (hits, PAGE) != scan_rows && hits < COUNT_CAP)
        g_print ("  (note: the scan found %u rows on its first page, FTS %" G_GINT64_FORMAT ")\n",
                 scan_rows, MIN (hits, PAGE));
    }
  ok = TRUE;

out:
  sqlite3_finalize (scan);
  return ok;
}

typedef struct
{
  const char           *label;
  const McDossierQuery *query;
  guint                 offset;
  gboolean              with_count;
} Page;

static gboolean
run_pages (McStore  *store,
           guint     count,
           guint     repeat,
           GError  **error)
{
  McDossierQuery common = { .search = (char *) "nguyen" };
  gint64 n_common = mc_store_count_dossiers (store, &common, error);
  Page pages[] = {
    { "all, first page + count", NULL, 0, TRUE },
    { "all, first page", NULL, 0, FALSE },
    { "all, deep page", NULL, count * 9 / 10, FALSE },
    { "'nguyen', deep page", &common, (guint) (MAX (n_common, 0) * 9 / 10), FALSE },
  };

  if (n_common < 0)
    return FALSE;

  g_print ("\n  paging (the GUI's lazy list), %d rows a page, %u repeats (ms); no DESIGN number;\n"
           "  a page within one frame (%.1f ms) keeps scrolling smooth\n", PAGE, repeat, FRAME_MS);
  g_print ("  %-44s %7s %7s %7s %7s  %s\n", "page", "offset", "first", "median", "max", "< 1 frame");
  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    {
      g_autoptr(GArray) us = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 hits = 0;
      Stats s;

      for (guint r = 0; r <= repeat; r++)
        {
          gint64 t;

          if (!bench_time_store_page (store, pages[p].query, pages[p].offset, pages[p].with_count, &t, NULL, &hits, error))
            return FALSE;
          g_array_append_val (us, t);
        }
      s = bench_compute_stats (us);
      g_print ("  %-44s %7u %7.2f %7.2f %7.2f  %s\n", pages[p].label, pages[p].offset,
               s.first, s.median, s.max, s.median < FRAME_MS ? "yes" : "no");
    }
  return TRUE;
}

/* ---- main ---------------------------------------------------------------- */

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(McStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *fs = NULL;
  g_auto(Picks) picks = { 0 };
  sqlite3 *scan_db = NULL;
  char *parent = NULL;
  int count = 100000;
  int repeat = 20;
  int seed = 20251231;
  gboolean keep = FALSE;
  gboolean strict = FALSE;
  gboolean uploaded = FALSE;
  char *reuse = NULL;
  gboolean all_pass = TRUE;
  gboolean typing_pass = TRUE;
  gboolean overdue_pass = TRUE;
  int status = EXIT_SUCCESS;
  gint64 t0;
  GStatBuf st;
  GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Dossiers in the database (default 100000)", "N" },
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Timed runs of each query (default 20)", "R" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the generated data", "S" },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &parent, "Make the temporary dir in DIR (default: the system temp dir)", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the temporary dir (and its database)", NULL },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict, "Exit with 1 when a search misses the target", NULL },
    { "uploaded", 0, 0, G_OPTION_ARG_NONE, &uploaded,
      "Every dossier as an upload leaves it (outbox, events, papers, attachments rows)", NULL },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &reuse,
      "Use the data dir DIR built by an earlier run (with --keep) instead of building one; it is kept", "DIR" },
    { NULL },
  };

  context = g_option_context_new ("- search and paging over many dossiers");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || count < 1000 || repeat < 1)
    {
      g_printerr ("bench-search: %s\n", error ? error->message : "--count must be at least 1000, --repeat at least 1");
      return 2;
    }

  if (reuse != NULL)
    {
      dir = reuse;
      keep = TRUE;
      g_free (parent);
    }
  else if (parent != NULL)
    {
      g_autofree char *tmpl = g_build_filename (parent, "motcua-bench-XXXXXX", NULL);
      dir = g_mkdtemp (g_steal_pointer (&tmpl));
    }
  else
    dir = g_dir_make_tmp ("motcua-bench-XXXXXX", &error);
  if (reuse == NULL)
    g_free (parent);
  if (dir == NULL)
    {
      g_printerr ("bench-search: cannot make a temporary dir: %s\n", error ? error->message : g_strerror (errno));
      return 2;
    }
  fs = bench_filesystem_type (dir);
  db_path = g_build_filename (dir, "motcua.db", NULL);

  t0 = g_get_monotonic_time ();
  if (reuse != NULL)
    {
      if (!bench_read_picks (db_path, &picks, &count, &error))
        goto fail;
    }
  else if (!bench_build_database (dir, count, seed, uploaded, &picks, &error))
    goto fail;
  g_print ("bench-search: %d dossiers%s %s in %.1f s, %.1f MB, in %s (%s)\n",
           count, uploaded ? " (as uploaded)" : "", reuse != NULL ? "reused" : "built",
           (g_get_monotonic_time () - t0) / 1e6,
           g_stat (db_path, &st) == 0 ? st.st_size / 1e6 : 0.0, dir, fs);

  store = mc_store_open (dir, &error);
  if (store == NULL)
    goto fail;
  if (sqlite3_open_v2 (db_path, &scan_db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      bench_sql_error (scan_db, db_path, &error);
      goto fail;
    }

  g_print ("\n  first = first run; list = list alone; median/max = list + count;\n"
           "  scan = baseline, LIKE '%%term%%' newest first, one page; ratio = median / scan;\n"
           "  counts capped at %d (hits %d+ = more); states = per-state counts, capped, apart\n",
           COUNT_CAP, COUNT_CAP);
  {
    Query queries[] = {
      { "common family name", (char *) "nguyen" },
      { "full name, no diacritics", (char *) "dang van duc" },
      { "rare family name", (char *) "khong" },
      { "ID number prefix", picks.id_prefix },
      { "full code", picks.code },
      { "no match", (char *) "xyzzy" },
    };

    /* What a search-as-you-type box sends on the first keystrokes:
     * short prefixes that expand to many index terms. */
    Query typing[] = {
      { "first letter of a name", (char *) "n" },
      { "two letters", (char *) "ng" },
      { "first digit of an ID or phone", (char *) "0" },
      { "province of birth (CCCD)", (char *) "001" },
    };

    if (picks.id_prefix == NULL || picks.code == NULL)
      {
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "no sample code or ID number was generated");
        goto fail;
      }

    if (!run_queries (store, scan_db, "search", queries, G_N_ELEMENTS (queries), repeat, &all_pass, &error) ||
        !run_queries (store, scan_db, "as you type", typing, G_N_ELEMENTS (typing), repeat, &typing_pass, &error))
      goto fail;
  }
  if (!run_pages (store, count, repeat, &error))
    goto fail;
  if (!bench_run_overdue (store, scan_db, &picks, repeat, &overdue_pass, &error))
    goto fail;

  g_print ("\n  DESIGN 6 target: search answers < %.0f ms over %d dossiers: %s\n",
           TARGET_SEARCH_MS, count, all_pass ? "PASS" : "FAIL");
  g_print ("  (as-you-type prefixes, reported apart: %s)\n", typing_pass ? "PASS" : "FAIL");
  g_print ("  (the Overdue filter, reported apart: %s)\n", overdue_pass ? "PASS" : "FAIL");
  if (strict && !all_pass)
    status = EXIT_FAILURE;
  goto out;

fail:
  g_printerr ("bench-search: %s\n", error ? error->message : "failed");
  status = 2;

out:
  sqlite3_close (scan_db);
  g_clear_object (&store);
  if (keep)
    g_print ("  kept %s\n", dir);
  else
    mc_test_rm_rf (dir);
  return status;
}