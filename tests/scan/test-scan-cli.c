/* test-scan-cli.c — `motcua scan`, run as a real process on SANE's test backend */
#include "test-util.h"
#include "cli-util.h"

#include <string.h>

#define ARGS(...) ((const char * const[]) { __VA_ARGS__, NULL })

/* `motcua ARGS…` with SANE_CONFIG_DIR = tests/scan/@config. */
static McRun
run_scan (const char         *data_dir,
          const char         *config,
          const char * const *args)
{
  g_autofree char *dir = g_build_filename (g_getenv ("MC_SCAN_TEST_DIR"), config, NULL);

  g_setenv ("SANE_CONFIG_DIR", dir, TRUE);
  return mc_run_cli (data_dir, NULL, args);
}

static char *
pdfinfo (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;
  const char *argv[] = { "pdfinfo", path, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
test_list_devices (void)
{
  g_autofree char *data = mc_test_make_tmp_dir ();
  McRun r = run_scan (data, ".", ARGS ("scan", "--list-devices"));

  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "test:0\t"));
  g_assert_nonnull (strstr (r.out, "document feeder"));
  mc_run_clear (&r);

  r = run_scan (data, "empty", ARGS ("scan", "--list-devices"));
  g_assert_cmpint (r.status, ==, 74);
  g_assert_nonnull (strstr (r.err, "No scanner was found"));
  mc_run_clear (&r);
  mc_test_rm_rf (data);
}

static void
test_adf_to_pdf (void)
{
  g_autofree char *data = mc_test_make_tmp_dir ();
  g_autofree char *work = mc_test_make_tmp_dir ();
  g_autofree char *pdf = g_build_filename (work, "scan.pdf", NULL);
  g_autofree char *scans = g_build_filename (data, "scans", NULL);
  g_autofree char *info = NULL;
  g_autoptr(GDir) d = NULL;
  McRun r = run_scan (data, ".", ARGS ("scan", "--device", "test:0", "--source", "adf", "--pages", "3",
                                       "--resolution", "200", "--mode", "gray", "-o", pdf));

  if (r.status != 0)
    g_error ("scan failed (%d): %s", r.status, r.err);
  g_assert_cmpstr (r.out, ==, "3\n");
  mc_run_clear (&r);

  info = pdfinfo (pdf);
  g_assert_nonnull (strstr (info, "Pages:           3\n"));
  g_assert_nonnull (strstr (info, "595.28 x 841.89 pts"));

  /* The autosaved pages are removed once the PDF is written. */
  d = g_dir_open (scans, 0, NULL);
  g_assert_nonnull (d);
  g_assert_null (g_dir_read_name (d));
  mc_test_rm_rf (data);
  mc_test_rm_rf (work);
}

static void
test_errors (void)
{
  g_autofree char *data = mc_test_make_tmp_dir ();
  g_autofree char *work = mc_test_make_tmp_dir ();
  g_autofree char *pdf = g_build_filename (work, "scan.pdf", NULL);
  McRun r;

  r = run_scan (data, "busy", ARGS ("scan", "--device", "test:0", "--source", "adf", "-o", pdf));
  g_assert_cmpint (r.status, ==, 74);
  g_assert_nonnull (strstr (r.err, "The scanner is busy"));
  mc_run_clear (&r);

  r = run_scan (data, "jammed", ARGS ("scan", "--device", "test:0", "--source", "adf", "-o", pdf));
  g_assert_cmpint (r.status, ==, 74);
  g_assert_nonnull (strstr (r.err, "paper jam"));
  mc_run_clear (&r);

  /* (A "backend:" name is loaded even when dll.conf does not list it.) */
  r = run_scan (data, "empty", ARGS ("scan", "--device", "nosuch:0", "-o", pdf));
  g_assert_cmpint (r.status, ==, 74);
  g_assert_nonnull (strstr (r.err, "was not found"));
  mc_run_clear (&r);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));

  r = run_scan (data, ".", ARGS ("scan", "--device", "test:0", "--source", "tray", "-o", pdf));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);
  r = run_scan (data, ".", ARGS ("scan", "--device", "test:0", "--mode", "sepia", "-o", pdf));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);
  r = run_scan (data, ".", ARGS ("scan", "--device", "test:0", "--resolution", "5000", "-o", pdf));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);
  r = run_scan (data, ".", ARGS ("scan", "--device", "test:0"));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);
  r = run_scan (data, ".", ARGS ("scan", "--device", "test:0", "--source", "duplex", "-o", pdf));
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "cannot scan both sides"));
  mc_run_clear (&r);

  mc_test_rm_rf (data);
  mc_test_rm_rf (work);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scan-cli/list-devices", test_list_devices);
  g_test_add_func ("/scan-cli/adf-to-pdf", test_adf_to_pdf);
  g_test_add_func ("/scan-cli/errors", test_errors);
  return g_test_run ();
}
