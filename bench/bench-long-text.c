/* bench-long-text.c — laying out the receipt with one very long paper name
 *
 * Issue 13: a 40 000-character paper name took 5 s to render (quadratic in
 * its lines). Prints the time of a receipt with an N-character name for N =
 * 4 000 (the baseline) and 40 000: linear layout gives a ratio near 10,
 * quadratic near 100.
 */
#include "mc-core.h"
#include "mc-forms.h"
#include "test-util.h"

static McStation station = { (char *) "000.00.12.H29", (char *) "UBND xã Tân Lập", 2 };

static double
render_seconds (guint chars)
{
  g_autoptr(McDossier) d = mc_test_sample_dossier ("Đặng Thị Ánh", "001185012345", "2026-02-12T09:30:00+07:00");
  g_autoptr(McFormDoc) doc = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *pdf = g_build_filename (dir, "receipt.pdf", NULL);
  gint64 start;

  for (guint i = 0; i < chars; i++)
    g_string_append (name, "ả");   /* one long word: the worst case for breaking */
  mc_dossier_add_paper (d, mc_paper_new (name->str, MC_PAPER_FORM_COPY, 1));
  mc_dossier_set_code (d, "000.00.12.H29-260212-2000");
  mc_dossier_set_state (d, MC_DOSSIER_STATE_RECEIVED);

  start = g_get_monotonic_time ();
  doc = mc_form_doc_new_for_dossier (MC_FORM_RECEIPT, d, &station, NULL, NULL);
  g_assert_true (mc_form_doc_write_pdf (doc, MC_PAGE_A4, 1, pdf, NULL));
  mc_test_rm_rf (dir);
  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (void)
{
  double base = render_seconds (4000);
  double big = render_seconds (40000);

  g_print ("receipt, paper name of 4 000 characters: %.3f s (baseline)\n", base);
  g_print ("receipt, paper name of 40 000 characters: %.3f s, ratio %.1f (linear ≈ 10, quadratic ≈ 100)\n",
           big, big / base);
  return 0;
}
