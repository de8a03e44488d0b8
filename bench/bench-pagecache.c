/* bench-pagecache.c — SQLite page caches with and without the initial bulk
 *
 * mc_store_configure_sqlite () sets SQLITE_CONFIG_PAGECACHE with no buffer
 * and N = 0, so that a page cache (also that of each ephemeral table a
 * statement opens: an IN list of more than two values, the NOT IN of the
 * triggers and partial indexes; a sorter has memory of its own) does not
 * allocate and set up a bulk of 20 page slots when it opens. The setting
 * must come before any other SQLite call of a process, so each side runs
 * in a child process of its own (this program, --child): "with" opens the
 * store as the desk does (mc_store_open () calls the setting first);
 * "without" initialises SQLite before it, which makes the setting too
 * late (checked: sqlite3_config () then refuses). Both children start from
 * a copy of the same store: --count dossiers of history (bench-search's
 * generator, as a sync leaves them: bench-uploaded.h) and --pending new
 * dossiers waiting in the outbox (mc_store_insert_dossier ()).
 *
 * Each child measures CPU time (CLOCK_PROCESS_CPUTIME_ID) per operation:
 *  - reads, --reads times each, the queue full: the Overdue list's first
 *    page (NOT IN of five states, read from the partial index: no
 *    ephemeral table, the control), its counts by state (GROUP BY: a
 *    sorter), the outbox list (a sorter and an IN list of three states)
 *    and the outbox counts the status bar shows (an IN list);
 *  - then the upload engine's steps for every waiting dossier:
 *    mc_store_sync_claim () (the head item found and sorted; mark_sending:
 *    the item 'sending', the dossier's state 'uploading', its outbox
 *    summary refreshed; one commit, not waited for; the engine's claim,
 *    mc_store_sync_claim_frozen (), also freezes the body in it and waits
 *    for the disk: what the cache setting changes is the same, the fsync
 *    is left out of the figure), the body frozen (untimed), and
 *    mc_store_sync_acknowledge () (the item done, the state 'uploaded'
 *    with its event, the summary refreshed; one durable commit).
 * --rounds pairs of children, the order alternating in each round; each
 * round's medians, the medians of the rounds and the ratio with / without
 * are printed. Not a test: no verdict, the ratio is the figure.
 */
#define G_LOG_DOMAIN "motcua-bench"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "bench-search.h"
#include "bench-stats.h"
#include "mc-core.h"
#include "test-util.h"

enum
{
  OP_CLAIM,
  OP_ACK,
  OP_OVERDUE_PAGE,
  OP_OVERDUE_COUNTS,
  OP_OUTBOX,
  OP_SYNC_COUNT,
  N_OPS,
  FIG_FAULTS = N_OPS,   /* minor page faults per uploaded dossier */
  N_FIGURES
};

static const char *op_keys[N_FIGURES] = {
  "claim", "acknowledge", "overdue-page", "overdue-counts", "outbox", "sync-count", "faults",
};
static const char *op_labels[N_OPS] = {
  "claim (mark_sending, state uploading)",
  "acknowledge (done, state uploaded, event)",
  "Overdue: first page of 100",
  "Overdue: counts by state",
  "outbox list",
  "outbox counts (status bar)",
};

static const char *modes[] = { "with", "without" };

static gint64
cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static void
add_sample (GArray *v,
            gint64  t0)
{
  gint64 ns = cpu_ns () - t0;

  g_array_append_val (v, ns);
}

/* ---- the child: one side, one store ------------------------------------- */

static gboolean
child_reads (McStore  *store,
             int       reads,
             GArray  **samples,
             GError  **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  McDossierQuery overdue = { .overdue_on = today };

  for (int i = 0; i < reads; i++)
    {
      g_autoptr(GPtrArray) page = NULL;
      g_autoptr(GPtrArray) outbox = NULL;
      gint64 counts[MC_DOSSIER_N_STATES];
      McSyncCounts sync_counts;
      gint64 t0 = cpu_ns ();

      page = mc_store_list_dossiers (store, &overdue, 0, PAGE, error);
      if (page == NULL)
        return FALSE;
      add_sample (samples[OP_OVERDUE_PAGE], t0);

      t0 = cpu_ns ();
      if (!mc_store_count_by_state (store, &overdue, counts, error))
        return FALSE;
      add_sample (samples[OP_OVERDUE_COUNTS], t0);

      t0 = cpu_ns ();
      outbox = mc_store_list_outbox (store, error);
      if (outbox == NULL)
        return FALSE;
      add_sample (samples[OP_OUTBOX], t0);

      t0 = cpu_ns ();
      if (!mc_store_sync_count (store, g_get_real_time () / 1000, &sync_counts, error))
        return FALSE;
      add_sample (samples[OP_SYNC_COUNT], t0);
    }
  return TRUE;
}

static glong
minor_faults (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_minflt;
}

static gboolean
child_uploads (McStore  *store,
               GArray  **samples,
               glong    *faults,
               GError  **error)
{
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"revision\":1}", 14);
  const char *sha = "5f5bd6d7a5e8e1c3b0f6c2b3a3a1e6f0d3c5b2a1f0e9d8c7b6a5f4e3d2c1b0a9";
  gint64 now_ms = g_get_real_time () / 1000 + 60000;
  glong faults0 = minor_faults ();

  for (;;)
    {
      g_autoptr(McSyncItem) item = NULL;
      g_autofree char *result = NULL;
      g_autofree char *ref = NULL;
      gint64 t0 = cpu_ns ();

      item = mc_store_sync_claim (store, now_ms, NULL, error);
      if (item == NULL)
        {
          *faults = minor_faults () - faults0;
          return error == NULL || *error == NULL;
        }
      add_sample (samples[OP_CLAIM], t0);
      if (!mc_store_sync_freeze (store, item, body, sha, error))
        return FALSE;
      ref = g_strdup_printf ("S-%" G_GINT64_FORMAT, item->dossier_id);
      result = g_strdup_printf ("{\"uuid\":\"%s\",\"revision\":1,\"server_ref\":\"%s\",\"state_code\":1}",
                                item->uuid, ref);
      t0 = cpu_ns ();
      if (!mc_store_sync_acknowledge (store, item, result, ref, "bench", error))
        return FALSE;
      add_sample (samples[OP_ACK], t0);
    }
}

/* Prints "key samples median_ns" per operation on stdout, then "faults
 * dossiers faults_per_dossier". */
static int
run_child (const char *mode,
           const char *store_dir,
           int         reads)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  GArray *samples[N_OPS];
  glong faults = 0;
  guint dossiers;

  if (g_strcmp0 (mode, "with") == 0)
    mc_store_configure_sqlite ();
  else if (g_strcmp0 (mode, "without") == 0)
    {
      /* SQLite in use before the store: the store's setting comes too late. */
      if (sqlite3_initialize () != SQLITE_OK ||
          sqlite3_config (SQLITE_CONFIG_PAGECACHE, NULL, 0, 0) != SQLITE_MISUSE)
        {
          g_printerr ("bench-pagecache: the page-cache setting still took effect\n");
          return 1;
        }
    }
  else
    {
      g_printerr ("bench-pagecache: --child with|without\n");
      return 2;
    }

  store = mc_store_open (store_dir, &error);
  for (guint i = 0; i < N_OPS; i++)
    samples[i] = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (store == NULL || !child_reads (store, reads, samples, &error) || !child_uploads (store, samples, &faults, &error))
    {
      g_printerr ("bench-pagecache (%s): %s\n", mode, error->message);
      return 1;
    }
  dossiers = samples[OP_CLAIM]->len;
  for (guint i = 0; i < N_OPS; i++)
    {
      g_print ("%s %u %.0f\n", op_keys[i], samples[i]->len, bench_median_gint64 (samples[i]));
      g_array_unref (samples[i]);
    }
  g_print ("%s %u %.1f\n", op_keys[FIG_FAULTS], dossiers, dossiers > 0 ? (double) faults / dossiers : 0.0);
  return 0;
}

/* ---- the parent: the store, the children, the tables --------------------- */

static gboolean
add_pending (const char  *data_dir,
             guint        pending,
             GError     **error)
{
  g_autoptr(McStore) store = mc_store_open (data_dir, error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (store == NULL)
    return FALSE;
  for (guint i = 0; i < pending; i++)
    {
      /* A station has 1000 codes a day: a day back every 900. */
      g_autoptr(GDateTime) at = g_date_time_add_days (now, -(int) (i / 900));
      g_autofree char *iso = g_date_time_format_iso8601 (at);
      g_autofree char *cccd = g_strdup_printf ("0010850%05u", i % 100000);
      g_autoptr(McDossier) d = mc_test_sample_dossier ("Nguyễn Văn Đức", cccd, iso);

      if (!mc_store_insert_dossier (store, d, NULL, "bench", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
copy_store (const char  *from_dir,
            const char  *to_dir,
            GError     **error)
{
  static const char *files[] = { "motcua.db", "motcua.db-wal" };

  if (g_mkdir_with_parents (to_dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", to_dir, g_strerror (errno));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (from_dir, files[i], NULL);
      g_autofree char *to = g_build_filename (to_dir, files[i], NULL);
      g_autoptr(GFile) src = g_file_new_for_path (from);
      g_autoptr(GFile) dst = g_file_new_for_path (to);

      if (g_file_test (from, G_FILE_TEST_EXISTS) &&
          !g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* Runs one child on a fresh copy of the store; @out: median ns per op. */
static gboolean
run_side (const char  *self_exe,
          const char  *base_dir,
          const char  *run_dir,
          const char  *mode,
          int          reads,
          double      *out,
          guint       *n_out,
          GError     **error)
{
  g_autofree char *reads_arg = g_strdup_printf ("%d", reads);
  const char *argv[] = { self_exe, "--child", mode, "--store", run_dir, "--reads", reads_arg, NULL };
  g_autofree char *child_out = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;
  guint found = 0;

  if (!copy_store (base_dir, run_dir, error) ||
      !g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_CHILD_INHERITS_STDERR, NULL, NULL, &child_out, NULL,
                     &status, error) ||
      !g_spawn_check_wait_status (status, error))
    return FALSE;
  mc_test_rm_rf (run_dir);

  lines = g_strsplit (child_out, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      g_auto(GStrv) f = g_strsplit (lines[l], " ", -1);

      for (guint i = 0; g_strv_length (f) == 3 && i < N_FIGURES; i++)
        if (g_strcmp0 (f[0], op_keys[i]) == 0)
          {
            n_out[i] = (guint) g_ascii_strtoull (f[1], NULL, 10);
            out[i] = g_ascii_strtod (f[2], NULL);
            found++;
          }
    }
  if (found != N_FIGURES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the %s child printed %u of %d figures", mode, found,
                   N_FIGURES);
      return FALSE;
    }
  return TRUE;
}

/* Takes @title. */
static void
print_table_head (char *title)
{
  g_print ("  %-42s %10s %10s %8s\n", title, "with", "without", "with/w.o");
  g_free (title);
}

static void
print_table_row (const char *label,
                 double      with_ns,
                 double      without_ns)
{
  g_print ("  %-42s %10.1f %10.1f %8.2f\n", label, with_ns / 1000, without_ns / 1000,
           without_ns > 0 ? with_ns / without_ns : 0);
}

static void
print_faults_row (double with,
                  double without)
{
  g_print ("  %-42s %10.1f %10.1f %8.3f\n", "page faults per uploaded dossier", with, without,
           without > 0 ? with / without : 0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base_dir = NULL;
  g_autofree char *self_exe = NULL;
  g_auto(Picks) picks = { 0 };
  char *parent = NULL;
  char *child = NULL;
  char *child_store = NULL;
  int count = 20000, pending = 400, reads = 100, rounds = 3, seed = 12;
  gboolean keep = FALSE;
  double figures[2][10][N_FIGURES];
  guint samples[N_FIGURES] = { 0 };
  gint64 t0;
  GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Dossiers of history in the store (default 20000)", "N" },
    { "pending", 'p', 0, G_OPTION_ARG_INT, &pending, "Dossiers waiting to be uploaded (default 400)", "N" },
    { "reads", 'r', 0, G_OPTION_ARG_INT, &reads, "Times each read is run (default 100)", "R" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Pairs of children, order alternating (default 3, at most 10)", "R" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the generated history (default 12)", "S" },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &parent, "Make the temporary dir in DIR (default: the system temp dir)", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the temporary dir (the store as built)", NULL },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &child, "Run one side: with or without", "MODE" },
    { "store", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &child_store, "The child's data dir", "DIR" },
    { NULL },
  };

  context = g_option_context_new ("- SQLite page caches with and without the initial bulk");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || count < 1 || pending < 1 || pending > 90000 ||
      reads < 1 || rounds < 1 || rounds > 10)
    {
      g_printerr ("bench-pagecache: %s\n", error ? error->message : "bad arguments");
      return 2;
    }
  if (child != NULL)
    return child_store != NULL ? run_child (child, child_store, reads) : 2;

  self_exe = g_file_read_link ("/proc/self/exe", &error);
  if (parent != NULL)
    g_setenv ("TMPDIR", parent, TRUE);
  dir = g_dir_make_tmp ("bench-pagecache-XXXXXX", &error);
  if (self_exe == NULL || dir == NULL)
    {
      g_printerr ("bench-pagecache: %s\n", error->message);
      return 1;
    }
  base_dir = g_build_filename (dir, "base", NULL);
  t0 = g_get_monotonic_time ();
  if (!bench_build_database (base_dir, (guint) count, (guint32) seed, TRUE, &picks, &error) ||
      !add_pending (base_dir, (guint) pending, &error))
    {
      g_printerr ("bench-pagecache: %s\n", error->message);
      return 1;
    }
  g_print ("bench-pagecache: SQLite %s; store of %d uploaded + %d waiting dossiers built in %.1f s (untimed)\n",
           sqlite3_libversion (), count, pending, (g_get_monotonic_time () - t0) / 1e6);
  g_print ("  CPU time per operation, us (median); with = mc_store_configure_sqlite (), "
           "without = SQLite initialised before it\n");

  for (int r = 0; r < rounds; r++)
    {
      for (int k = 0; k < 2; k++)
        {
          int m = (r % 2 == 0) ? k : 1 - k;
          g_autofree char *run_dir = g_strdup_printf ("%s/run-%d-%s", dir, r, modes[m]);

          if (!run_side (self_exe, base_dir, run_dir, modes[m], reads, figures[m][r], samples, &error) ||
              samples[OP_CLAIM] != (guint) pending)
            {
              if (error == NULL)
                g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "the %s child uploaded %u of %d dossiers",
                             modes[m], samples[OP_CLAIM], pending);
              g_printerr ("bench-pagecache: %s\n", error->message);
              return 1;
            }
        }
      g_print ("\n");
      print_table_head (g_strdup_printf ("round %d of %d (%s first)", r + 1, rounds, modes[r % 2]));
      for (guint i = 0; i < N_OPS; i++)
        print_table_row (op_labels[i], figures[0][r][i], figures[1][r][i]);
      print_faults_row (figures[0][r][FIG_FAULTS], figures[1][r][FIG_FAULTS]);
    }

  g_print ("\n");
  print_table_head (g_strdup_printf ("median of %d rounds", rounds));
  for (guint i = 0; i < N_FIGURES; i++)
    {
      double with[10], without[10];

      for (int r = 0; r < rounds; r++)
        {
          with[r] = figures[0][r][i];
          without[r] = figures[1][r][i];
        }
      if (i == FIG_FAULTS)
        print_faults_row (bench_median_double (with, rounds), bench_median_double (without, rounds));
      else
        print_table_row (op_labels[i], bench_median_double (with, rounds), bench_median_double (without, rounds));
    }
  g_print ("  (per child: %u claims and acknowledgements, %u of each read)\n", samples[OP_CLAIM],
           samples[OP_OVERDUE_PAGE]);
  if (keep)
    g_print ("  kept: %s\n", base_dir);
  else
    mc_test_rm_rf (dir);
  return 0;
}
