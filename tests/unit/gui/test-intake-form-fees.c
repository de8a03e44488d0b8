/* test-intake-form-fees.c — the intake form's fee lines in its draft, without a display */
#include "config.h"

#include <string.h>

#include "mc-intake-form.h"
#include "mc-intake-form-fees.h"

/* A draft keeps each fee line as the clerk left it: a changed amount, an
 * exemption with its reason (the catalog amount kept underneath, should
 * the exemption be undone), a line left empty. */
static void
test_draft_round_trip (void)
{
  g_autoptr(McCatalog) catalog = mc_catalog_new_bundled ();
  g_autoptr(McIntakeForm) form = mc_intake_form_new ();
  g_autoptr(McIntakeForm) back = NULL;
  g_autoptr(GPtrArray) fees = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  const McFormFee *fee;

  mc_intake_form_set_procedure (form, mc_catalog_lookup (catalog, "CT-HD"));
  g_assert_cmpuint (mc_intake_form_get_n_fees (form), ==, 2);
  mc_intake_form_set_fee_exempt (form, 0, TRUE);
  mc_intake_form_set_fee_reason (form, 0, "Người có công với cách mạng");
  mc_intake_form_set_fee_amount (form, 1, "25.000");

  json = mc_intake_form_to_json (form);
  back = mc_intake_form_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_intake_form_get_n_fees (back), ==, 2);
  fee = mc_intake_form_get_fee (back, 0);
  g_assert_cmpstr (fee->name, ==, "Phí chứng thực hợp đồng, giao dịch");
  g_assert_cmpstr (fee->note, ==, mc_intake_form_get_fee (form, 0)->note);
  g_assert_true (fee->exempt);
  g_assert_cmpstr (fee->reason, ==, "Người có công với cách mạng");
  g_assert_cmpstr (fee->amount, ==, "50000");
  fee = mc_intake_form_get_fee (back, 1);
  g_assert_false (fee->exempt);
  g_assert_cmpstr (fee->amount, ==, "25.000");
  g_assert_cmpstr (fee->reason, ==, "");

  /* What it would save is what the clerk confirmed. */
  fees = mc_intake_form_build_fees (back);
  g_assert_nonnull (fees);
  g_assert_cmpuint (fees->len, ==, 2);
  g_assert_true (((McFee *) fees->pdata[0])->exempt);
  g_assert_cmpint (((McFee *) fees->pdata[1])->amount, ==, 25000);

  again = mc_intake_form_to_json (back);
  g_assert_cmpstr (again, ==, json);
}

/* Damaged fee lines are skipped one by one, never the rest of the draft;
 * a draft from before fees were kept has none; at most MC_LIMIT_FEES lines. */
static void
test_draft_damaged (void)
{
  g_autoptr(McIntakeForm) form = NULL;
  g_autoptr(GString) many = g_string_new ("{\"full_name\":\"Lê Văn Bình\",\"fees\":[");
  g_autoptr(GError) error = NULL;

  form = mc_intake_form_new_from_json ("{\"full_name\":\"Lê Văn Bình\","
                                       "\"fees\":[1,{\"amount\":\"5\"},{\"name\":\"\"},"
                                       "{\"name\":\"Lệ phí\",\"amount\":7,\"exempt\":\"yes\",\"reason\":null},"
                                       "\"Phí\"]}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_intake_form_get_text (form, MC_FORM_FIELD_FULL_NAME), ==, "Lê Văn Bình");
  g_assert_cmpuint (mc_intake_form_get_n_fees (form), ==, 1);
  g_assert_cmpstr (mc_intake_form_get_fee (form, 0)->name, ==, "Lệ phí");
  g_assert_cmpstr (mc_intake_form_get_fee (form, 0)->amount, ==, "");
  g_assert_false (mc_intake_form_get_fee (form, 0)->exempt);
  g_assert_cmpstr (mc_intake_form_get_fee (form, 0)->reason, ==, "");
  g_clear_object (&form);

  form = mc_intake_form_new_from_json ("{\"full_name\":\"Lê Văn Bình\",\"fees\":{}}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_intake_form_get_n_fees (form), ==, 0);
  g_clear_object (&form);

  for (guint i = 0; i < MC_LIMIT_FEES + 5; i++)
    g_string_append_printf (many, "%s{\"name\":\"Phí %u\",\"amount\":\"1000\"}", i > 0 ? "," : "", i);
  g_string_append (many, "]}");
  form = mc_intake_form_new_from_json (many->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_intake_form_get_n_fees (form), ==, MC_LIMIT_FEES);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/intake-form-fees/draft/round-trip", test_draft_round_trip);
  g_test_add_func ("/intake-form-fees/draft/damaged", test_draft_damaged);
  return g_test_run ();
}
