/* test-dossier-row.c — what a row of the dossier list and its counts show, without a display
 *
 * A row's overdue flag and dates, the history's lines, and the counts
 * under the list and in the state filter ("More than 10 000 dossiers").
 */
#include "test-util.h"

#include "mc-dossier-count.h"
#include "mc-dossier-row.h"

/* What the list and the state filter show. */
static void
test_count_labels (void)
{
  g_autofree char *zero = mc_dossier_count_format_number (0);
  g_autofree char *small = mc_dossier_count_format_number (999);
  g_autofree char *cap = mc_dossier_count_format_number (10000);
  g_autofree char *million = mc_dossier_count_format_number (1234567);
  g_autofree char *one = mc_dossier_count_label (1, 0);
  g_autofree char *twelve = mc_dossier_count_label (12, MC_DOSSIER_COUNT_CAP);
  g_autofree char *at_cap = mc_dossier_count_label (10000, MC_DOSSIER_COUNT_CAP);
  g_autofree char *over = mc_dossier_count_label (10001, MC_DOSSIER_COUNT_CAP);
  g_autofree char *uncapped = mc_dossier_count_label (10001, 0);
  g_autofree char *item = mc_dossier_count_item ("Received", 12, MC_DOSSIER_COUNT_CAP);
  g_autofree char *item_over = mc_dossier_count_item ("All states", 10001, MC_DOSSIER_COUNT_CAP);
  g_autofree char *item_unknown = mc_dossier_count_item ("Received", -1, MC_DOSSIER_COUNT_CAP);

  g_assert_cmpstr (zero, ==, "0");
  g_assert_cmpstr (small, ==, "999");
  g_assert_cmpstr (cap, ==, "10\u00a0000");
  g_assert_cmpstr (million, ==, "1\u00a0234\u00a0567");
  g_assert_cmpstr (one, ==, "1 dossier");
  g_assert_cmpstr (twelve, ==, "12 dossiers");
  g_assert_cmpstr (at_cap, ==, "10\u00a0000 dossiers");
  g_assert_cmpstr (over, ==, "More than 10\u00a0000 dossiers");
  g_assert_cmpstr (uncapped, ==, "10\u00a0001 dossiers");
  g_assert_cmpstr (item, ==, "Received (12)");
  g_assert_cmpstr (item_over, ==, "All states (more than 10\u00a0000)");
  g_assert_cmpstr (item_unknown, ==, "Received");
}

static void
test_overdue (void)
{
  g_autoptr(McDossier) d = mc_test_sample_dossier ("Lê Văn Cường", "001085000001", "2026-11-01T08:00:00+07:00");
  g_autoptr(McDossierRow) row = mc_dossier_row_new_placeholder ();
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 25, 11, 2026);   /* the sample is due on 24/11/2026 */
  mc_dossier_set_state (d, MC_DOSSIER_STATE_PROCESSING);
  mc_dossier_row_set_dossier (row, d, &today);
  g_assert_true (mc_dossier_row_get_overdue (row));
  g_assert_cmpstr (mc_dossier_row_get_received (row), ==, "01/11/2026 08:00");

  mc_dossier_set_state (d, MC_DOSSIER_STATE_DONE);
  mc_dossier_row_set_dossier (row, d, &today);
  g_assert_false (mc_dossier_row_get_overdue (row));

  g_date_set_dmy (&today, 24, 11, 2026);
  mc_dossier_set_state (d, MC_DOSSIER_STATE_RECEIVED);
  mc_dossier_row_set_dossier (row, d, &today);
  g_assert_false (mc_dossier_row_get_overdue (row));
}

static void
test_describe_event (void)
{
  McEvent received = { .kind = "received", .to_state = "received" };
  McEvent backdated = { .kind = "received", .detail = "{\"backdated\":true}" };
  McEvent corrected = { .kind = "corrected",
                        .detail = "{\"reason\":\"Sai dấu\",\"changes\":{\"applicant_name\":{\"from\":\"A\",\"to\":\"B\"},"
                                  "\"phone\":{\"from\":null,\"to\":\"0912345678\"}}}" };
  McEvent state = { .kind = "state", .from_state = "received", .to_state = "uploaded" };
  McEvent refused = { .kind = "state", .from_state = "uploading", .to_state = "needs_attention",
                      .detail = "{\"message\":\"Thiếu số CCCD\"}" };
  McEvent broken = { .kind = "corrected", .detail = "not json" };
  McEvent supplement = { .kind = "supplement", .detail = "{\"action\":\"supplement\",\"reason\":\"Thiếu bản sao CCCD\"}" };
  McEvent refuse = { .kind = "refuse", .detail = "{\"reason\":\"Không thuộc thẩm quyền\"}" };
  McEvent new_date = { .kind = "new-date",
                       .detail = "{\"reason\":\"Chờ xác minh\",\"old_due_date\":\"2026-11-25\",\"new_due_date\":\"2026-11-30\"}" };
  McEvent stop = { .kind = "stop", .detail = "{\"reason\":\"Công dân rút hồ sơ\",\"stop\":true}" };
  McEvent bare_stop = { .kind = "stop" };
  g_autofree char *a = mc_dossier_row_describe_event (&received);
  g_autofree char *b = mc_dossier_row_describe_event (&backdated);
  g_autofree char *c = mc_dossier_row_describe_event (&corrected);
  g_autofree char *d = mc_dossier_row_describe_event (&state);
  g_autofree char *e = mc_dossier_row_describe_event (&refused);
  g_autofree char *f = mc_dossier_row_describe_event (&broken);
  g_autofree char *g = mc_dossier_row_describe_event (&supplement);
  g_autofree char *h = mc_dossier_row_describe_event (&refuse);
  g_autofree char *i = mc_dossier_row_describe_event (&new_date);
  g_autofree char *j = mc_dossier_row_describe_event (&stop);
  g_autofree char *k = mc_dossier_row_describe_event (&bare_stop);

  g_assert_cmpstr (a, ==, "Received");
  g_assert_cmpstr (b, ==, "Received (entered later, with the earlier receipt time)");
  /* Old and new values, so the history shows what was there before. */
  g_assert_cmpstr (c, ==, "Corrected: full name: A → B, phone: — → 0912345678 — “Sai dấu”");
  g_assert_cmpstr (d, ==, "State: Received → Uploaded");
  g_assert_cmpstr (e, ==, "State: Uploading → Needs attention — Thiếu số CCCD");
  g_assert_cmpstr (f, ==, "Corrected");
  g_assert_cmpstr (g, ==, "Supplement requested — “Thiếu bản sao CCCD”");
  g_assert_cmpstr (h, ==, "Refused — “Không thuộc thẩm quyền”");
  g_assert_cmpstr (i, ==, "New appointment date 30/11/2026 — “Chờ xác minh”");
  g_assert_cmpstr (j, ==, "Processing stopped — “Công dân rút hồ sơ”");
  g_assert_cmpstr (k, ==, "Processing stopped");
}

/* An event detail is read by the bounded reader: 100 000 levels of
 * nesting (json-glib's recursion crashed on it), a duplicate member and
 * trailing text are no detail at all. */
static void
test_describe_event_hostile (void)
{
  g_autoptr(GString) deep = g_string_new ("{\"message\":");
  McEvent nested = { .kind = "state", .from_state = "uploading", .to_state = "needs_attention" };
  McEvent twice = { .kind = "state", .from_state = "uploading", .to_state = "needs_attention",
                    .detail = "{\"message\":\"a\",\"message\":\"b\"}" };
  McEvent trailing = { .kind = "refuse", .detail = "{\"reason\":\"x\"} {}" };
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  nested.detail = deep->str;
  a = mc_dossier_row_describe_event (&nested);
  b = mc_dossier_row_describe_event (&twice);
  c = mc_dossier_row_describe_event (&trailing);
  g_assert_cmpstr (a, ==, "State: Uploading → Needs attention");
  g_assert_cmpstr (b, ==, "State: Uploading → Needs attention");
  g_assert_cmpstr (c, ==, "Refused");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dossier-row/count-labels", test_count_labels);
  g_test_add_func ("/dossier-row/overdue", test_overdue);
  g_test_add_func ("/dossier-row/describe-event", test_describe_event);
  g_test_add_func ("/dossier-row/describe-event-hostile", test_describe_event_hostile);

  return g_test_run ();
}
