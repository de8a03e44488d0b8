/* test-sync-text.c — what the sync indicator says (no display needed) */
#include <glib.h>
#include <locale.h>

#include "mc-sync-text.h"

/* §9.6: a clock too far from the server's gets a line of its own in the
 * popover, in minutes, only above limits.clock_skew_warning. */
static void
test_clock_skew (void)
{
  McSyncStatus status = { .phase = MC_SYNC_PHASE_IDLE, .clock_skew = -722, .clock_skew_warning = 300 };
  g_auto(McSyncSummary) off = { 0 };
  g_auto(McSyncSummary) one = { 0 };
  g_auto(McSyncSummary) fine = { 0 };
  g_auto(McSyncSummary) fallback = { 0 };
  g_auto(McSyncSummary) raised = { 0 };

  mc_sync_summarize (&status, 0, &off);
  g_assert_cmpstr (off.text, ==, "All uploaded");
  g_assert_cmpstr (off.clock_warning, ==, "This computer's clock is 12 minutes off the server's");

  status.clock_skew = 61;
  status.clock_skew_warning = 60;
  mc_sync_summarize (&status, 0, &one);
  g_assert_cmpstr (one.clock_warning, ==, "This computer's clock is 1 minute off the server's");

  status.clock_skew = 290;
  status.clock_skew_warning = 300;
  mc_sync_summarize (&status, 0, &fine);
  g_assert_null (fine.clock_warning);

  /* A status that does not say the server's limit: the reference 300 s. */
  status.clock_skew = 301;
  status.clock_skew_warning = 0;
  mc_sync_summarize (&status, 0, &fallback);
  g_assert_cmpstr (fallback.clock_warning, ==, "This computer's clock is 5 minutes off the server's");

  status.clock_skew = 3000;
  status.clock_skew_warning = 3600;
  mc_sync_summarize (&status, 0, &raised);
  g_assert_null (raised.clock_warning);
}

int
main (int    argc,
      char **argv)
{
  /* The words are checked in English (the sources' language). */
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync-text/clock-skew", test_clock_skew);
  return g_test_run ();
}
