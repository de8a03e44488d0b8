/* bench-save.c — dossier save latency with fsync, against bare SQLite
 *
 * Times N calls of mc_store_insert_dossier() (one transaction: code
 * counter, dossier row + FTS triggers, papers, event; WAL with
 * synchronous=FULL as the store sets it) and, in the same run, in the same
 * directory (so the same filesystem and disk), N single-row autocommit
 * INSERTs into a bare SQLite database with the same pragmas. The two are
 * interleaved one for one so that a noisy neighbour on a shared machine
 * hits both alike. Prints median, p95 and max of each, the ratio of the
 * medians and the DESIGN §6 target (save ≤ 20 ms) for the absolute median.
 */
#define G_LOG_DOMAIN "motcua-bench"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "bench-stats.h"
#include "mc-core.h"
#include "test-util.h"

#define TARGET_SAVE_MS 20.0
#define N_WARMUP       5

static const char *names[] = {
  "Nguyễn Văn Đức", "Trần Thị Hương", "Lê Hoàng Nam", "Phạm Thị Thu Hà",
  "Đặng Văn Dũng", "Huỳnh Ngọc Ánh", "Vũ Đình Đạt", "Bùi Thị Diễm",
};

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql, msg ? msg : "?");
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

/* The baseline: one small table, the store's durability pragmas. */
static sqlite3 *
open_baseline (const char  *path,
               GError     **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open (path, &db) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path, sqlite3_errmsg (db));
      sqlite3_close (db);
      return NULL;
    }
  if (!exec_sql (db,
                 "PRAGMA journal_mode = WAL;"
                 "PRAGMA synchronous = FULL;"
                 "CREATE TABLE rows (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL, name TEXT NOT NULL, at INTEGER NOT NULL);",
                 error))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

static gboolean
baseline_insert (sqlite3       *db,
                 sqlite3_stmt  *stmt,
                 guint          i,
                 GError       **error)
{
  g_autofree char *uuid = g_uuid_string_random ();
  int rc;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, names[i % G_N_ELEMENTS (names)], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "baseline INSERT: %s", sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

/* A dossier like the intake form saves: two papers, no attachment. The
 * receipt day moves back every 900 saves so a station's 1000 codes a day
 * never run out, whatever --count is. */
static McDossier *
make_dossier (guint      i,
              GDateTime *now)
{
  g_autoptr(GDateTime) at = g_date_time_add_days (now, -(int) (i / 900));
  g_autofree char *iso = g_date_time_format_iso8601 (at);
  g_autofree char *cccd = g_strdup_printf ("0010850%05u", i % 100000);
  McDossier *d = mc_test_sample_dossier (names[i % G_N_ELEMENTS (names)], cccd, iso);

  return d;
}

static void
print_row (const char       *label,
           const BenchStats *s)
{
  g_print ("  %-38s %8.2f %8.2f %8.2f\n", label, s->median, s->p95, s->max);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GArray) store_us = NULL;
  g_autoptr(GArray) base_us = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *store_dir = NULL;
  g_autofree char *base_path = NULL;
  g_autofree char *fs = NULL;
  sqlite3 *base_db = NULL;
  sqlite3_stmt *base_stmt = NULL;
  char *parent = NULL;
  int count = 200;
  gboolean keep = FALSE;
  gboolean strict = FALSE;
  BenchStats ss, bs;
  int status = EXIT_SUCCESS;
  GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Saves to time (default 200)", "N" },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &parent, "Make the temporary dir in DIR (default: the system temp dir)", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the temporary dir", NULL },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict, "Exit with 1 when the target is missed", NULL },
    { NULL },
  };

  context = g_option_context_new ("- dossier save latency against bare SQLite");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || count < 1)
    {
      g_printerr ("bench-save: %s\n", error ? error->message : "--count must be at least 1");
      return 2;
    }

  if (parent != NULL)
    {
      g_autofree char *tmpl = g_build_filename (parent, "motcua-bench-XXXXXX", NULL);
      dir = g_mkdtemp (g_steal_pointer (&tmpl));
    }
  else
    dir = g_dir_make_tmp ("motcua-bench-XXXXXX", &error);
  g_free (parent);
  if (dir == NULL)
    {
      g_printerr ("bench-save: cannot make a temporary dir: %s\n", error ? error->message : g_strerror (errno));
      return 2;
    }
  store_dir = g_build_filename (dir, "store", NULL);
  base_path = g_build_filename (dir, "baseline.db", NULL);
  fs = bench_filesystem_type (dir);

  store = mc_store_open (store_dir, &error);
  if (store == NULL ||
      !mc_store_set_station (store, "000.00.12.H29", "UBND xã Tân Lập", 1, &error))
    goto fail;
  base_db = open_baseline (base_path, &error);
  if (base_db == NULL)
    goto fail;
  if (sqlite3_prepare_v2 (base_db, "INSERT INTO rows (uuid, name, at) VALUES (?1, ?2, ?3)", -1, &base_stmt, NULL) != SQLITE_OK)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (base_db));
      goto fail;
    }

  now = g_date_time_new_now (mc_core_vietnam_tz ());
  store_us = g_array_sized_new (FALSE, FALSE, sizeof (gint64), count);
  base_us = g_array_sized_new (FALSE, FALSE, sizeof (gint64), count);

  /* Warm-up (statement caches, WAL files created, page cache), untimed. */
  for (guint i = 0; i < N_WARMUP + (guint) count; i++)
    {
      g_autoptr(McDossier) d = make_dossier (i, now);
      gint64 t0, store_t = 0, base_t = 0;

      /* Alternate which goes first, so neither always follows the other's fsync. */
      for (guint k = 0; k < 2; k++)
        {
          gboolean do_store = (k == 0) == (i % 2 == 0);

          t0 = g_get_monotonic_time ();
          if (do_store ? !mc_store_insert_dossier (store, d, NULL, "bench", &error)
                       : !baseline_insert (base_db, base_stmt, i, &error))
            goto fail;
          if (do_store)
            store_t = g_get_monotonic_time () - t0;
          else
            base_t = g_get_monotonic_time () - t0;
        }

      if (i < N_WARMUP)
        continue;
      g_array_append_val (store_us, store_t);
      g_array_append_val (base_us, base_t);
    }

  ss = bench_stats_ms (store_us);
  bs = bench_stats_ms (base_us);

  g_print ("bench-save: %d saves each (after %d untimed), interleaved, in %s (%s)\n",
           count, N_WARMUP, dir, fs);
  g_print ("  %-38s %8s %8s %8s\n", "ms", "median", "p95", "max");
  print_row ("baseline: bare SQLite INSERT (WAL,FULL)", &bs);
  print_row ("mc_store_insert_dossier", &ss);
  g_print ("  ratio of medians (store / baseline): %.2f\n", bs.median > 0 ? ss.median / bs.median : 0.0);
  g_print ("  DESIGN 6 target: save <= %.0f ms; median %.2f ms: %s\n",
           TARGET_SAVE_MS, ss.median, ss.median <= TARGET_SAVE_MS ? "PASS" : "FAIL");
  if (strict && ss.median > TARGET_SAVE_MS)
    status = EXIT_FAILURE;
  goto out;

fail:
  g_printerr ("bench-save: %s\n", error ? error->message : "failed");
  status = 2;

out:
  sqlite3_finalize (base_stmt);
  sqlite3_close (base_db);
  g_clear_object (&store);
  if (keep)
    g_print ("  kept %s\n", dir);
  else
    mc_test_rm_rf (dir);
  return status;
}
