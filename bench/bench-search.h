/* bench-search.h — what the parts of bench-search share
 *
 * bench-search.c: options, the search and paging tables, the naive-scan
 * baseline; bench-search-gen.c: the generated store (names, procedures,
 * CCCD numbers, the bulk insert); bench-search-overdue.c: the Overdue
 * filter against the walk it replaced.
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "mc-core.h"

#define TARGET_SEARCH_MS 50.0
#define PAGE             100
#define AGENCY           "000.00.12.H29"
/* Counts stop here (mc_store_count_dossiers_upto). */
#define COUNT_CAP        10000

typedef struct
{
  double first;    /* the first, untimed-for-median run (cold statement cache) */
  double median;
  double max;
} Stats;

/* A code and an ID prefix that exist in the store, to search for. */
typedef struct
{
  char *code;       /* a full code that exists */
  char *id_prefix;  /* the first 7 digits of an existing CCCD */
} Picks;

void     picks_clear           (Picks                *p);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Picks, picks_clear)

gboolean bench_sql_error       (sqlite3              *db,
                                const char           *what,
                                GError              **error);
Stats    bench_compute_stats   (GArray               *us);
gboolean bench_time_store_page (McStore              *store,
                                const McDossierQuery *query,
                                guint                 offset,
                                gboolean              with_count,
                                gint64               *out_us,
                                gint64               *out_list_us,
                                gint64               *out_count,
                                GError              **error);

/* bench-search-gen.c */
gboolean bench_build_database  (const char           *data_dir,
                                guint                 count,
                                guint32               seed,
                                gboolean              uploaded,
                                Picks                *picks,
                                GError              **error);
gboolean bench_read_picks      (const char           *db_path,
                                Picks                *picks,
                                int                  *count,
                                GError              **error);

/* bench-search-overdue.c */
gboolean bench_run_overdue     (McStore              *store,
                                sqlite3              *scan_db,
                                const Picks          *picks,
                                guint                 repeat,
                                gboolean             *all_pass,
                                GError              **error);
