/* test-scanner.c — McScanner against SANE's test backend, McPage, PDF, sessions
 *
 * SANE reads its configuration once, at sane_init(), so every test that
 * scans runs in a subprocess of its own with SANE_CONFIG_DIR set to one of
 * the folders of tests/scan/ (dll.conf naming the test backend, test.conf
 * making it busy, jammed or slow).
 */
#include "test-util.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "mc-scan.h"

#define MM_PX(mm, dpi) ((int) ((mm) / 25.4 * (dpi)))

/* Runs the current test again in a subprocess using the SANE configuration
 * tests/scan/@config; returns TRUE in that subprocess. */
static gboolean
in_sane_subprocess (const char *config)
{
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC,
                              G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return FALSE;
    }
  {
    const char *base = g_getenv ("MC_SCAN_TEST_DIR");
    g_autofree char *dir = g_build_filename (base, config, NULL);

    g_assert_nonnull (base);
    g_setenv ("SANE_CONFIG_DIR", dir, TRUE);
  }
  return TRUE;
}

typedef struct
{
  GPtrArray    *result;
  GError       *error;
  gboolean      done;
  guint         pages_seen;
  guint         cancel_after;   /* cancel when this many pages have arrived (0: never) */
  guint         kill_after;     /* die (SIGKILL) when this many pages have arrived (0: never) */
  GCancellable *cancellable;
  double        last_progress;
  guint         progress_count;
} Run;

static void
on_page_done (McScanner *scanner,
              McPage    *page,
              Run       *run)
{
  g_assert_true (MC_IS_PAGE (page));
  run->pages_seen++;
  if (run->cancel_after > 0 && run->pages_seen == run->cancel_after)
    g_cancellable_cancel (run->cancellable);
  /* A crash or a power cut in the middle of a batch. */
  if (run->kill_after > 0 && run->pages_seen == run->kill_after)
    kill (getpid (), SIGKILL);
}

static void
on_progress (McScanner *scanner,
             double     fraction,
             Run       *run)
{
  g_assert_cmpfloat (fraction, >=, 0.0);
  g_assert_cmpfloat (fraction, <=, 1.0);
  run->last_progress = fraction;
  run->progress_count++;
}

static void
on_scanned (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Run *run = data;

  run->result = mc_scanner_scan_finish (MC_SCANNER (source), result, &run->error);
  run->done = TRUE;
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Run *run = data;

  run->result = mc_scanner_list_devices_finish (MC_SCANNER (source), result, &run->error);
  run->done = TRUE;
}

static void
run_scan_device (Run          *run,
                 const char   *device,
                 McScanSource  source,
                 int           dpi,
                 gboolean      color,
                 guint         max_pages,
                 const char   *autosave)
{
  McScanner *scanner = mc_scanner_get_default ();
  gulong h1 = g_signal_connect (scanner, "page-done", G_CALLBACK (on_page_done), run);
  gulong h2 = g_signal_connect (scanner, "progress", G_CALLBACK (on_progress), run);

  run->cancellable = g_cancellable_new ();
  mc_scanner_scan_async (scanner, device, source, dpi, color, max_pages, autosave,
                         run->cancellable, on_scanned, run);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (scanner, h1);
  g_signal_handler_disconnect (scanner, h2);
}

#define run_scan(run, ...) run_scan_device ((run), "test:0", __VA_ARGS__)

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->result, g_ptr_array_unref);
  g_clear_error (&run->error);
  g_clear_object (&run->cancellable);
}

static guint
count_pngs (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "page-") && g_str_has_suffix (name, ".png"))
      n++;
  return n;
}

static void
test_list_devices (void)
{
  Run run = { 0 };
  McScanDevice *dev;

  if (!in_sane_subprocess ("."))
    return;
  mc_scanner_list_devices_async (mc_scanner_get_default (), NULL, on_listed, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.result->len, ==, 2);
  dev = g_ptr_array_index (run.result, 0);
  g_assert_cmpstr (dev->name, ==, "test:0");
  g_assert_true (dev->has_adf);
  g_assert_false (dev->has_duplex);
  run_clear (&run);
}

static void
test_adf_batch (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) restored = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { 0 };

  if (!in_sane_subprocess ("."))
    return;
  dir = mc_test_make_tmp_dir ();
  run_scan (&run, MC_SCAN_SOURCE_ADF, 200, FALSE, 3, dir);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.result->len, ==, 3);
  g_assert_cmpuint (run.pages_seen, ==, 3);
  g_assert_cmpuint (run.progress_count, >, 3);
  g_assert_cmpfloat (run.last_progress, ==, 1.0);
  for (guint i = 0; i < 3; i++)
    {
      McPage *page = g_ptr_array_index (run.result, i);

      /* The test backend's whole area: 200 × 200 mm. */
      g_assert_cmpint (mc_page_get_dpi (page), ==, 200);
      g_assert_cmpint (ABS (mc_page_get_width (page) - MM_PX (200, 200)), <=, 1);
      g_assert_cmpint (ABS (mc_page_get_height (page) - MM_PX (200, 200)), <=, 1);
      g_assert_cmpint (mc_page_get_format (page), ==, MC_PAGE_FORMAT_GREY);
    }

  /* Autosaved as they arrived, and read back the same. */
  g_assert_cmpuint (count_pngs (dir), ==, 3);
  restored = mc_scan_session_restore (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (restored->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      McPage *a = g_ptr_array_index (run.result, i), *b = g_ptr_array_index (restored, i);

      g_assert_cmpint (mc_page_get_width (b), ==, mc_page_get_width (a));
      g_assert_cmpint (mc_page_get_dpi (b), ==, 200);
      g_assert_cmpint (mc_page_get_format (b), ==, MC_PAGE_FORMAT_GREY);
      g_assert_true (g_bytes_equal (mc_page_get_pixels (a), mc_page_get_pixels (b)));
    }

  pdf = mc_scan_pdf_to_bytes (run.result, &error);
  g_assert_no_error (error);
  g_assert_true (memcmp (g_bytes_get_data (pdf, NULL), "%PDF-", 5) == 0);
  /* A grey page stays within the 150 KB budget. */
  g_assert_cmpuint (g_bytes_get_size (pdf), <=, 3 * 150 * 1024);

  run_clear (&run);
  mc_test_rm_rf (dir);
}

static void
test_feeder_until_empty (void)
{
  Run run = { 0 };

  if (!in_sane_subprocess ("."))
    return;
  /* The test backend's feeder runs empty after 10 sheets. */
  run_scan (&run, MC_SCAN_SOURCE_ADF, 50, FALSE, 0, NULL);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.result->len, ==, 10);
  run_clear (&run);
}

static void
test_flatbed_color (void)
{
  Run run = { 0 };
  McPage *page;

  if (!in_sane_subprocess ("."))
    return;
  /* Flatbed gives one page whatever max_pages says. */
  run_scan (&run, MC_SCAN_SOURCE_FLATBED, 100, TRUE, 5, NULL);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.result->len, ==, 1);
  page = g_ptr_array_index (run.result, 0);
  g_assert_cmpint (mc_page_get_format (page), ==, MC_PAGE_FORMAT_RGB);
  g_assert_cmpint (mc_page_get_dpi (page), ==, 100);
  run_clear (&run);
}

static void
test_duplex_unavailable (void)
{
  Run run = { 0 };

  if (!in_sane_subprocess ("."))
    return;
  run_scan (&run, MC_SCAN_SOURCE_ADF_DUPLEX, 100, FALSE, 1, NULL);
  g_assert_error (run.error, MC_SCAN_ERROR, MC_SCAN_ERROR_INVALID);
  run_clear (&run);
}

static void
test_cancel_mid_batch (void)
{
  g_autofree char *dir = NULL;
  Run run = { 0 };

  if (!in_sane_subprocess ("slow"))
    return;
  dir = mc_test_make_tmp_dir ();
  run.cancel_after = 2;
  run_scan (&run, MC_SCAN_SOURCE_ADF, 100, FALSE, 0, dir);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (run.result);
  /* The pages done before the cancel are kept on disk. */
  g_assert_cmpuint (count_pngs (dir), >=, 2);
  g_assert_cmpuint (count_pngs (dir), <, 10);
  g_assert_false (mc_scanner_is_scanning (mc_scanner_get_default ()));
  run_clear (&run);
  mc_test_rm_rf (dir);
}

/* The desk dies in the middle of a feeder batch; at the next start the
 * pages are found and restored, and discarding removes them. */
static void
test_restore_after_crash (void)
{
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;
  McScanSessionInfo *info;
  Run run = { 0 };

  if (g_test_subprocess ())
    {
      g_autofree char *session = NULL;
      g_autofree char *config = g_build_filename (g_getenv ("MC_SCAN_TEST_DIR"), "slow", NULL);

      g_setenv ("SANE_CONFIG_DIR", config, TRUE);
      session = mc_scan_session_new_dir (g_getenv ("MC_TEST_DATA_DIR"), &error);
      g_assert_no_error (error);
      g_assert_true (mc_scan_session_set_note (session, "paper", "Tờ khai đăng ký khai sinh", &error));
      run.kill_after = 2;
      run_scan (&run, MC_SCAN_SOURCE_ADF, 100, FALSE, 0, session);
      g_assert_not_reached ();
    }

  data = mc_test_make_tmp_dir ();
  g_setenv ("MC_TEST_DATA_DIR", data, TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_failed ();  /* killed */

  /* The next start: one session, with the pages that had arrived. */
  left = mc_scan_sessions_find_left_over (data, NULL, NULL);
  g_assert_cmpuint (left->len, ==, 1);
  info = g_ptr_array_index (left, 0);
  g_assert_cmpuint (info->n_pages, >=, 2);
  g_assert_cmpuint (info->n_pages, <, 10);
  g_assert_cmpstr (info->paper, ==, "Tờ khai đăng ký khai sinh");
  g_assert_null (info->incoming);

  pages = mc_scan_session_restore (info->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, info->n_pages);
  for (guint i = 0; i < pages->len; i++)
    {
      McPage *page = g_ptr_array_index (pages, i);

      /* A4 asked, as wide as the test backend goes: 200 mm at 100 dpi. */
      g_assert_cmpint (mc_page_get_width (page), ==, MM_PX (200, 100));
      g_assert_cmpint (mc_page_get_dpi (page), ==, 100);
      g_assert_cmpint (mc_page_get_format (page), ==, MC_PAGE_FORMAT_GREY);
    }

  /* Discard: the pages and their folder go. */
  g_assert_true (mc_scan_session_remove (info->dir));
  g_assert_false (g_file_test (info->dir, G_FILE_TEST_EXISTS));
  g_clear_pointer (&left, g_ptr_array_unref);
  left = mc_scan_sessions_find_left_over (data, NULL, NULL);
  g_assert_cmpuint (left->len, ==, 0);
  mc_test_rm_rf (data);
}

static void
test_busy (void)
{
  Run run = { 0 }, second = { 0 };
  McScanner *scanner;

  if (!in_sane_subprocess ("busy"))
    return;
  run_scan (&run, MC_SCAN_SOURCE_ADF, 100, FALSE, 1, NULL);
  g_assert_error (run.error, MC_SCAN_ERROR, MC_SCAN_ERROR_BUSY);
  g_assert_nonnull (strstr (run.error->message, "busy"));
  run_clear (&run);

  /* A second scan while one runs is refused at once. */
  scanner = mc_scanner_get_default ();
  mc_scanner_scan_async (scanner, "test:0", MC_SCAN_SOURCE_FLATBED, 100, FALSE, 1, NULL, NULL, on_scanned, &run);
  g_assert_true (mc_scanner_is_scanning (scanner));
  mc_scanner_scan_async (scanner, "test:0", MC_SCAN_SOURCE_FLATBED, 100, FALSE, 1, NULL, NULL, on_scanned, &second);
  while (!run.done || !second.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (second.error, MC_SCAN_ERROR, MC_SCAN_ERROR_BUSY);
  run_clear (&run);
  run_clear (&second);
}

static void
test_jammed (void)
{
  Run run = { 0 };

  if (!in_sane_subprocess ("jammed"))
    return;
  run_scan (&run, MC_SCAN_SOURCE_ADF, 100, FALSE, 0, NULL);
  g_assert_error (run.error, MC_SCAN_ERROR, MC_SCAN_ERROR_JAMMED);
  g_assert_nonnull (strstr (run.error->message, "jam"));
  run_clear (&run);
}

static void
test_no_device (void)
{
  Run run = { 0 }, list = { 0 };

  if (!in_sane_subprocess ("empty"))
    return;
  mc_scanner_list_devices_async (mc_scanner_get_default (), NULL, on_listed, &list);
  while (!list.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (list.error);
  g_assert_cmpuint (list.result->len, ==, 0);
  /* A "backend:" name is loaded even when dll.conf does not list it. */
  run_scan_device (&run, "nosuch:0", MC_SCAN_SOURCE_FLATBED, 200, FALSE, 1, NULL);
  g_assert_error (run.error, MC_SCAN_ERROR, MC_SCAN_ERROR_NO_DEVICE);
  run_clear (&run);
  run_clear (&list);
  mc_scanner_shutdown (mc_scanner_get_default ());
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scan/list-devices", test_list_devices);
  g_test_add_func ("/scan/adf-batch", test_adf_batch);
  g_test_add_func ("/scan/feeder-until-empty", test_feeder_until_empty);
  g_test_add_func ("/scan/flatbed-color", test_flatbed_color);
  g_test_add_func ("/scan/duplex-unavailable", test_duplex_unavailable);
  g_test_add_func ("/scan/cancel-mid-batch", test_cancel_mid_batch);
  g_test_add_func ("/scan/restore-after-crash", test_restore_after_crash);
  g_test_add_func ("/scan/busy", test_busy);
  g_test_add_func ("/scan/jammed", test_jammed);
  g_test_add_func ("/scan/no-device", test_no_device);
  return g_test_run ();
}
