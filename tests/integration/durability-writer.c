/* durability-writer.c — saves dossiers in a loop until it is killed
 *
 * Usage: durability-writer DATA_DIR SCRATCH_DIR DAYS_AGO
 * After each save returns, prints "UUID CODE SHA256" and flushes: a line
 * on stdout is a promise that the dossier is durable.
 */
#include "test-util.h"
#include "attachment-util.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McCatalog) catalog = NULL;
  g_autoptr(McCalendar) calendar = NULL;

  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) received_at = NULL;

  if (argc != 4)
    {
      g_printerr ("usage: %s DATA_DIR SCRATCH_DIR DAYS_AGO\n", argv[0]);
      return 2;
    }
  /* Each round receives on its own day: a station issues at most 1 000
   * codes a day, and the rounds together save more than that. */
  received_at = g_date_time_add_days (now, -(int) g_ascii_strtoll (argv[3], NULL, 10));

  store = mc_store_open (argv[1], &error);
  if (store == NULL)
    g_error ("%s", error->message);
  catalog = mc_store_load_catalog (store, &error);
  calendar = mc_intake_load_calendar (store, &error);
  if (catalog == NULL || calendar == NULL)
    g_error ("%s", error->message);

  for (guint i = 0; i < 100000; i++)
    {
      g_autoptr(McDossier) d = mc_dossier_new ();
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *name = g_strdup_printf ("Nguyễn Văn Bền %u", i);
      g_autofree char *scan = g_strdup_printf ("%s/scan-%d-%u.pdf", argv[2], (int) getpid (), i);
      g_autofree char *content = g_strdup_printf ("page of dossier %u written by %d", i, (int) getpid ());
      McAttachment *a;

      name[strlen ("Nguyễn Văn Bền")] = '\0';   /* names are letters only */
      mc_test_write_pdf (scan, content);   /* attachments are checked: a real PDF */
      g_ptr_array_add (paths, g_strdup (scan));

      mc_dossier_set_procedure (d, "HT-KS", NULL, 0);
      mc_dossier_set_received_at (d, received_at);
      mc_dossier_set_applicant_name (d, name);
      mc_dossier_set_id (d, MC_ID_KIND_CCCD, "001085012345");
      mc_dossier_set_address (d, "Thôn 3, xã Tân Lập");
      mc_dossier_add_paper (d, mc_paper_new ("Tờ khai", MC_PAPER_FORM_ORIGINAL, 1));

      if (!mc_intake_receive (store, catalog, calendar, d, paths, NULL, NULL, &error))
        {
          /* Exit (not abort): the test fails when a writer ends by itself. */
          g_printerr ("save %u failed: %s\n", i, error->message);
          return 3;
        }

      a = g_ptr_array_index (mc_dossier_get_attachments (d), 0);
      printf ("%s %s %s\n", mc_dossier_get_uuid (d), mc_dossier_get_code (d), a->sha256);
      fflush (stdout);
      g_unlink (scan);
    }
  return 0;
}
