/* bench-sync-rss.c — peak memory of `motcua sync` uploading a 1 GiB attachment
 *
 * A dossier with one 1 GiB PDF (--size) is saved through the core API —
 * mc_blobs_add_file() without a size limit and mc_store_insert_dossier(),
 * which queues it — because `motcua intake`/`attach` refuse files over
 * 200 MiB; motcua-server runs with --max-attachment-size 2147483648. The
 * chunk size is the server's (8 MiB). Measured with wait4() (ru_maxrss):
 *  - baseline: `motcua outbox` on the same data dir (the CLI idle: libraries,
 *    store opened, one query);
 *  - `motcua sync` uploading the file.
 * Prints both peaks, the ratio and the difference; the target is that
 * memory does not grow with the file: sync peak − idle peak ≤ 64 MiB
 * (a few chunks' worth of buffers) for a 1 GiB file.
 */
#include "sync-util.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>

extern char **environ;

#define TARGET_GROWTH_KB (64 * 1024)

/* Runs `motcua ARGS --data-dir DIR`; returns its peak RSS in KiB. */
static long
peak_rss (const char         *data_dir,
          const char * const *args,
          int                *status_out,
          double             *seconds)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  posix_spawn_file_actions_t actions;
  struct rusage ru = { 0 };
  pid_t pid;
  int status = 0;
  gint64 t0 = g_get_monotonic_time ();
  g_autofree char *err_path = g_build_filename (mc_sync_scratch_dir (), "rss.err", NULL);

  g_ptr_array_add (argv, (gpointer) mc_sync_cli_exe ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, (gpointer) data_dir);
  g_ptr_array_add (argv, NULL);

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen (&actions, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (posix_spawn (&pid, argv->pdata[0], &actions, NULL, (char * const *) argv->pdata, environ) != 0)
    g_error ("cannot run %s", (char *) argv->pdata[0]);
  posix_spawn_file_actions_destroy (&actions);
  if (wait4 (pid, &status, 0, &ru) != pid)
    g_error ("wait4: %s", g_strerror (errno));
  *seconds = (g_get_monotonic_time () - t0) / 1e6;
  *status_out = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
  if (*status_out != 0)
    {
      g_autofree char *err = mc_sync_read_file (err_path);
      g_error ("motcua %s: exit %d: %s", args[0], *status_out, err);
    }
  return ru.ru_maxrss;
}

static void
insert_big_dossier (McDesk *desk,
                    gint64  size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (desk->dir, &error);
  g_autofree char *path = g_build_filename (desk->work, "ho-so-lon.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(McDossier) d = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (mc_core_vietnam_tz ());
  g_autofree char *iso = g_date_time_format_iso8601 (now);
  McAttachment *a = g_new0 (McAttachment, 1);
  McMade *m = g_new0 (McMade, 1);
  gint64 stored = 0;

  g_assert_no_error (error);
  mc_sync_write_pdf (path, size, 42);
  a->sha256 = mc_blobs_add_file (mc_store_get_blobs (store), file, 0, &stored, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored, ==, size);
  g_unlink (path);
  a->name = g_strdup ("ho-so-lon.pdf");
  a->size = size;
  a->mime_type = g_strdup ("application/pdf");
  d = mc_test_sample_dossier ("Nguyễn Văn Lớn", "001185000001", iso);
  m->sha256 = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (m->sha256, g_strdup (a->sha256));
  mc_dossier_add_attachment (d, a);
  if (!mc_store_insert_dossier (store, d, NULL, "bench", &error))
    g_error ("insert: %s", error->message);
  m->uuid = g_strdup (mc_dossier_get_uuid (d));
  m->code = g_strdup (mc_dossier_get_code (d));
  m->name = g_strdup ("Nguyễn Văn Lớn");
  g_ptr_array_add (desk->made, m);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *server_dir = NULL;
  McServer *server;
  McDesk *desk;
  gint64 size = G_GINT64_CONSTANT (1) << 30;
  long idle_kb, sync_kb;
  int status;
  double t_idle, t_sync, t0;
  GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_INT64, &size, "Attachment bytes (default 1 GiB)", "BYTES" },
    { NULL },
  };

  g_test_init (&argc, &argv, NULL);
  g_log_set_debug_enabled (FALSE);   /* g_test_init turns on every debug message */
  context = g_option_context_new ("- peak RSS of motcua sync uploading one big attachment");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || size < 1024)
    {
      g_printerr ("bench-sync-rss: %s\n", error ? error->message : "bad --size");
      return 2;
    }
  mc_sync_quiet = TRUE;
  g_unsetenv ("MOTCUA_SYNC_CHUNK_SIZE");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  desk = mc_desk_new ();
  server_dir = mc_test_make_tmp_dir ();
  server = mc_server_start (server_dir, MC_SYNC_ARGS ("--max-attachment-size", "2147483648"));
  mc_desk_enrol (desk, server);
  t0 = g_get_monotonic_time ();
  insert_big_dossier (desk, size);
  g_assert_cmpuint (mc_desk_outbox_count (desk), ==, 1);

  idle_kb = peak_rss (desk->dir, MC_SYNC_ARGS ("outbox"), &status, &t_idle);
  sync_kb = peak_rss (desk->dir, MC_SYNC_ARGS ("sync"), &status, &t_sync);
  mc_sync_verify (desk, server_dir, TRUE);

  g_print ("bench-sync-rss: one %" G_GINT64_FORMAT "-byte attachment (made in %.1f s, untimed), chunk size the server's\n",
           size, (g_get_monotonic_time () - t0) / 1e6 - t_idle - t_sync);
  g_print ("  %-40s %10s %8s\n", "", "peak KiB", "s");
  g_print ("  %-40s %10ld %8.2f\n", "baseline: motcua outbox (idle)", idle_kb, t_idle);
  g_print ("  %-40s %10ld %8.2f  (%.0f MB/s)\n", "motcua sync (uploading)", sync_kb, t_sync, size / 1e6 / t_sync);
  g_print ("  ratio sync / idle: %.2f; growth %ld KiB (%.3f %% of the file)\n",
           (double) sync_kb / idle_kb, sync_kb - idle_kb, (sync_kb - idle_kb) * 1024.0 * 100 / size);
  g_print ("  target: growth <= %d MiB for the file: %s\n", TARGET_GROWTH_KB / 1024,
           sync_kb - idle_kb <= TARGET_GROWTH_KB ? "PASS" : "FAIL");

  mc_server_free (server);
  mc_desk_free (desk);
  mc_test_rm_rf (server_dir);
  return mc_sync_done (0);
}
