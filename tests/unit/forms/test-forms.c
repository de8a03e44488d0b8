/* test-forms.c — the form renderer: rules, layout inside the page, flow, CSV, ledger order */
#include "test-util.h"

#include <string.h>

#include "mc-forms.h"
#include "mc-forms-private.h"

static McStation station = { (char *) "000.00.12.H29", (char *) "UBND xã Tân Lập", 2 };

static GDateTime *
vn_time (int y, int m, int d, int h, int min)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();

  return g_date_time_new (tz, y, m, d, h, min, 0);
}

static void
test_rules (void)
{
  /* Circular 03/2025's forms from 15 September 2025, Vietnam time. */
  g_autoptr(GDateTime) before = vn_time (2025, 9, 14, 23, 59);
  g_autoptr(GDateTime) after = vn_time (2025, 9, 15, 0, 0);
  g_autoptr(GError) error = NULL;
  const McFormInfo *info;
  guint n = 0;

  g_assert_cmpstr (mc_forms_rule_for (before), ==, "tt01-2018");
  g_assert_cmpstr (mc_forms_rule_for (after), ==, "tt03-2025");

  mc_forms_list (before, &n);
  g_assert_cmpuint (n, ==, 6);
  mc_forms_list (after, &n);
  g_assert_cmpuint (n, ==, 7);

  info = mc_forms_lookup (before, "04", &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->kind, ==, MC_FORM_APOLOGY);
  g_assert_cmpstr (info->title, ==, "Phiếu xin lỗi và hẹn lại ngày trả kết quả");
  info = mc_forms_lookup (before, "05", &error);
  g_assert_cmpint (info->kind, ==, MC_FORM_CONTROL_SLIP);
  info = mc_forms_lookup (before, "06", &error);
  g_assert_cmpint (info->kind, ==, MC_FORM_LEDGER);
  g_assert_cmpint (info->default_page, ==, MC_PAGE_A4_LANDSCAPE);

  info = mc_forms_lookup (after, "05", &error);
  g_assert_cmpint (info->kind, ==, MC_FORM_STOP_NOTICE);
  info = mc_forms_lookup (after, "06", &error);
  g_assert_cmpint (info->kind, ==, MC_FORM_CONTROL_SLIP);
  info = mc_forms_lookup (after, "07", &error);
  g_assert_cmpint (info->kind, ==, MC_FORM_LEDGER);
  info = mc_forms_lookup (after, "1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->kind, ==, MC_FORM_RECEIPT);
  g_assert_cmpint (info->default_page, ==, MC_PAGE_A5);

  g_assert_null (mc_forms_lookup (before, "07", &error));
  g_assert_error (error, MC_FORMS_ERROR, MC_FORMS_ERROR_UNKNOWN_FORM);
  g_clear_error (&error);
  g_assert_null (mc_forms_lookup (after, "99", &error));
  g_assert_error (error, MC_FORMS_ERROR, MC_FORMS_ERROR_UNKNOWN_FORM);
}

static void
test_page_sizes (void)
{
  double w, h;

  mc_page_size_get (MC_PAGE_A5, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, 419.53, 0.01);
  g_assert_cmpfloat_with_epsilon (h, 595.28, 0.01);
  mc_page_size_get (MC_PAGE_A4_LANDSCAPE, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, 841.89, 0.01);
  g_assert_cmpfloat_with_epsilon (h, 595.28, 0.01);
}

static McDossier *
long_dossier (void)
{
  McDossier *d = mc_test_sample_dossier ("Nguyễn Thị", "001185012345", "2026-02-12T09:30:00+07:00");
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) address = g_string_new (NULL);

  while (g_utf8_strlen (name->str, -1) < 200)
    g_string_append (name, "Hoàng Phương Thảo ");
  g_string_truncate (name, 0);
  for (guint i = 0; g_utf8_strlen (name->str, -1) < 200; i++)
    g_string_append (name, i % 2 ? "Tôn Nữ " : "Nguyễn ");
  while (g_utf8_strlen (address->str, -1) < 280)
    g_string_append (address, "thôn Đông Hạ, xã Tân Lập, ");
  mc_dossier_set_applicant_name (d, name->str);
  mc_dossier_set_address (d, address->str);
  mc_dossier_set_code (d, "000.00.12.H29-260212-2000");
  mc_dossier_set_state (d, MC_DOSSIER_STATE_RECEIVED);
  for (guint i = 3; i <= 30; i++)
    {
      g_autofree char *paper = g_strdup_printf ("Giấy tờ số %u: bản trích lục hộ tịch kèm theo xác nhận "
                                                "của cơ quan có thẩm quyền", i);
      mc_dossier_add_paper (d, mc_paper_new (paper, i % 3, 1 + i % 2));
    }
  return d;
}

static void
assert_inside (McFormDoc *doc)
{
  cairo_rectangle_t area;
  guint n = mc_form_doc_get_n_pages (doc);

  mc_form_doc_get_printable (doc, &area);
  for (guint p = 0; p < n; p++)
    {
      g_autoptr(GArray) boxes = mc_form_doc_get_boxes (doc, p);

      g_assert_cmpuint (boxes->len, >, 0);
      for (guint i = 0; i < boxes->len; i++)
        {
          cairo_rectangle_t *b = &g_array_index (boxes, cairo_rectangle_t, i);

          if (b->x < area.x - 0.01 || b->y < area.y - 0.01 ||
              b->x + b->width > area.x + area.width + 0.01 ||
              b->y + b->height > area.y + area.height + 0.01)
            g_error ("page %u box %u (%.1f, %.1f, %.1f × %.1f) leaves the printable area "
                     "(%.1f, %.1f, %.1f × %.1f)", p + 1, i, b->x, b->y, b->width, b->height,
                     area.x, area.y, area.width, area.height);
        }
    }
}

static void
test_layout_inside (void)
{
  g_autoptr(McDossier) d = long_dossier ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McFormDoc) doc = mc_form_doc_new_for_dossier (MC_FORM_RECEIPT, d, &station, NULL, &error);
  static const McPageSize sizes[] = { MC_PAGE_A5, MC_PAGE_A4 };

  g_assert_no_error (error);
  g_assert_cmpint (mc_form_doc_get_default_page (doc), ==, MC_PAGE_A5);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      double w, h;
      guint n;

      mc_page_size_get (sizes[s], &w, &h);
      n = mc_form_doc_paginate (doc, w, h);
      /* 30 papers do not fit one page: the table flows on. */
      g_assert_cmpuint (n, >=, 2);
      assert_inside (doc);
    }
}

static void
test_short_receipt_one_page (void)
{
  g_autoptr(McDossier) d = mc_test_sample_dossier ("Đặng Thị Ánh", "001185012345", "2026-02-12T09:30:00+07:00");
  g_autoptr(McFormDoc) doc = NULL;
  double w, h;

  mc_dossier_set_code (d, "000.00.12.H29-260212-2000");
  mc_dossier_set_state (d, MC_DOSSIER_STATE_RECEIVED);
  doc = mc_form_doc_new_for_dossier (MC_FORM_RECEIPT, d, &station, NULL, NULL);
  g_assert_nonnull (doc);
  mc_page_size_get (MC_PAGE_A5, &w, &h);
  g_assert_cmpuint (mc_form_doc_paginate (doc, w, h), ==, 1);
  assert_inside (doc);
}

/* The two copies of a receipt say which is the citizen's and which is
 * filed (read back with pdftotext, from poppler-utils in .ci/install-deps). */
static void
test_receipt_copy_marks (void)
{
  g_autoptr(McDossier) d = mc_test_sample_dossier ("Đặng Thị Ánh", "001185012345", "2026-02-12T09:30:00+07:00");
  g_autoptr(McFormDoc) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "receipt.pdf", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) pages = NULL;
  int status = 0;

  g_assert_cmpstr (mc_form_copy_mark (MC_FORM_RECEIPT, 0, 2), ==, "Bản giao người nộp");
  g_assert_cmpstr (mc_form_copy_mark (MC_FORM_RECEIPT, 1, 2), ==, "Bản lưu");
  g_assert_null (mc_form_copy_mark (MC_FORM_RECEIPT, 0, 1));
  g_assert_null (mc_form_copy_mark (MC_FORM_SUPPLEMENT, 0, 2));

  mc_dossier_set_code (d, "000.00.12.H29-260212-2000");
  mc_dossier_set_state (d, MC_DOSSIER_STATE_RECEIVED);
  doc = mc_form_doc_new_for_dossier (MC_FORM_RECEIPT, d, &station, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (mc_form_doc_write_pdf (doc, MC_PAGE_A5, 2, path, &error));
  g_assert_no_error (error);
  {
    const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, &text, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  /* pdftotext ends each page with a form feed. */
  pages = g_strsplit (text, "\f", -1);
  g_assert_cmpuint (g_strv_length (pages), >=, 2);
  g_assert_nonnull (strstr (pages[0], "Bản giao người nộp"));
  g_assert_null (strstr (pages[0], "Bản lưu"));
  g_assert_nonnull (strstr (pages[1], "Bản lưu"));
  g_assert_null (strstr (pages[1], "Bản giao người nộp"));
  /* And the mark does not stay on the document. */
  g_assert_true (mc_form_doc_write_pdf (doc, MC_PAGE_A5, 1, path, &error));
  g_clear_pointer (&text, g_free);
  {
    const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, &text, NULL, &status, &error));
  }
  g_assert_null (strstr (text, "Bản lưu"));
  g_assert_null (strstr (text, "Bản giao"));
  mc_test_rm_rf (dir);
}

static McEvent *
event (const char *to_state,
       const char *detail)
{
  McEvent *e = g_new0 (McEvent, 1);

  e->at = g_strdup ("2026-02-13T10:00:00+07:00");
  e->actor = g_strdup ("clerk");
  e->kind = g_strdup ("state");
  e->from_state = g_strdup ("received");
  e->to_state = g_strdup (to_state);
  e->detail = g_strdup (detail);
  return e;
}

static void
test_slips_applicable (void)
{
  g_autoptr(McDossier) d = long_dossier ();
  g_autoptr(McDossier) old = mc_test_sample_dossier ("Lê Văn Tám", "001185012345", "2025-06-20T09:00:00+07:00");
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_event_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = mc_test_make_tmp_dir ();
  McFormDoc *doc;

  mc_dossier_set_due_date (d, "2099-01-01");
  /* Not refused, not asked for papers, not stopped, not late. */
  static const McFormKind not_yet[] = { MC_FORM_SUPPLEMENT, MC_FORM_REFUSAL, MC_FORM_STOP_NOTICE, MC_FORM_APOLOGY };
  for (guint i = 0; i < G_N_ELEMENTS (not_yet); i++)
    {
      g_assert_null (mc_form_doc_new_for_dossier (not_yet[i], d, &station, events, &error));
      g_assert_error (error, MC_FORMS_ERROR, MC_FORMS_ERROR_NOT_APPLICABLE);
      g_clear_error (&error);
    }
  g_assert_null (mc_form_doc_new_for_dossier (MC_FORM_LEDGER, d, &station, events, &error));
  g_assert_error (error, MC_FORMS_ERROR, MC_FORMS_ERROR_NOT_APPLICABLE);
  g_clear_error (&error);

  /* The control slip always is. */
  doc = mc_form_doc_new_for_dossier (MC_FORM_CONTROL_SLIP, d, &station, events, &error);
  g_assert_no_error (error);
  g_object_unref (doc);

  g_ptr_array_add (events, event ("supplement_requested", "{\"message\": \"Bổ sung bản sao giấy chứng sinh\"}"));
  g_ptr_array_add (events, event ("rejected", "{\"reason\": \"Không thuộc thẩm quyền\"}"));
  g_ptr_array_add (events, event ("processing", "{\"new_due_date\": \"2026-03-02\", \"reason\": \"Cần xác minh\", \"stop\": true}"));
  mc_dossier_set_state (d, MC_DOSSIER_STATE_REJECTED);
  static const McFormKind now_ok[] = { MC_FORM_SUPPLEMENT, MC_FORM_REFUSAL, MC_FORM_STOP_NOTICE,
                                       MC_FORM_APOLOGY, MC_FORM_CONTROL_SLIP };
  for (guint i = 0; i < G_N_ELEMENTS (now_ok); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/form-%u.pdf", dir, i);
      g_autofree char *data = NULL;
      gsize len = 0;
      double w, h;

      doc = mc_form_doc_new_for_dossier (now_ok[i], d, &station, events, &error);
      g_assert_no_error (error);
      mc_page_size_get (MC_PAGE_A5, &w, &h);
      g_assert_cmpuint (mc_form_doc_paginate (doc, w, h), >=, 1);
      assert_inside (doc);
      g_assert_true (mc_form_doc_write_pdf (doc, MC_PAGE_A5, 2, path, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      g_assert_true (g_str_has_prefix (data, "%PDF-"));
      g_object_unref (doc);
    }

  /* Circular 01/2018 had no notice of stopping. */
  g_assert_null (mc_form_doc_new_for_dossier (MC_FORM_STOP_NOTICE, old, &station, events, &error));
  g_assert_error (error, MC_FORMS_ERROR, MC_FORMS_ERROR_NOT_APPLICABLE);
  mc_test_rm_rf (dir);
}

static void
test_write_pdf_error (void)
{
  g_autoptr(McDossier) d = long_dossier ();
  g_autoptr(McFormDoc) doc = mc_form_doc_new_for_dossier (MC_FORM_RECEIPT, d, &station, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (mc_form_doc_write_pdf (doc, MC_PAGE_A5, 1, "/nonexistent/dir/x.pdf", &error));
  g_assert_nonnull (error);
}

static void
test_csv_round_trip (void)
{
  g_autoptr(GPtrArray) dossiers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  McDossier *d;

  d = mc_test_sample_dossier ("Đặng \"Bé\" Ánh", "001185012345", "2026-02-12T09:30:00+07:00");
  mc_dossier_set_code (d, "000.00.12.H29-260212-2000");
  mc_dossier_set_address (d, "Thôn 3,\r\nxã Tân Lập, \"Hà Nội\"");
  g_ptr_array_add (dossiers, d);
  d = mc_test_sample_dossier ("Lê Văn Tám ", "001185012345", "2026-02-13T14:00:00+07:00");
  mc_dossier_set_code (d, "000.00.12.H29-260213-2000");
  g_ptr_array_add (dossiers, d);

  g_assert_true (mc_ledger_write_csv (dossiers, out, &error));
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));

  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBFTT,Mã hồ sơ,"));
  g_assert_nonnull (strstr (text, "\r\n1,000.00.12.H29-260212-2000,"));
  g_assert_nonnull (strstr (text, "\"Đặng \"\"Bé\"\" Ánh\""));
  g_assert_true (g_str_has_suffix (text, "\r\n"));

  records = mc_csv_parse (text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_true (g_strv_equal (g_ptr_array_index (records, 0), (const char * const *) mc_ledger_columns ()));
  for (guint i = 0; i < dossiers->len; i++)
    {
      g_auto(GStrv) row = mc_ledger_row (g_ptr_array_index (dossiers, i), i + 1);
      g_assert_true (g_strv_equal (g_ptr_array_index (records, i + 1), (const char * const *) row));
    }
  g_assert_cmpstr (((char **) g_ptr_array_index (records, 1))[6], ==, "12/02/2026");
  g_assert_cmpstr (((char **) g_ptr_array_index (records, 1))[7], ==, "24/11/2026");
  g_assert_cmpstr (((char **) g_ptr_array_index (records, 2))[3], ==, "Lê Văn Tám ");

  g_assert_null (mc_csv_parse ("a,\"b", &error));
  g_assert_nonnull (error);
}

static void
insert (McStore    *store,
        const char *name,
        const char *at)
{
  g_autoptr(McDossier) d = mc_test_sample_dossier (name, "001185012345", at);
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_insert_dossier (store, d, NULL, "test", &error));
  g_assert_no_error (error);
}

static void
test_store_ledger (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(McStore) store = mc_test_open_store (dir, 1);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McFormDoc) doc = NULL;
  int book = 0;
  gint64 entry = 0;

  /* Saved out of order: the ledger goes by receipt time. */
  insert (store, "Ba", "2026-02-12T16:59:00+07:00");
  insert (store, "Một", "2026-02-10T07:30:00+07:00");
  insert (store, "Hai", "2026-02-11T23:59:59+07:00");
  insert (store, "Ngoài", "2026-02-13T00:00:00+07:00");   /* the next day in Vietnam */
  insert (store, "Năm trước", "2025-12-31T23:00:00+07:00");

  list = mc_store_list_for_ledger (store, "2026-02-10", "2026-02-12", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (mc_dossier_get_applicant_name (g_ptr_array_index (list, 0)), ==, "Một");
  g_assert_cmpstr (mc_dossier_get_applicant_name (g_ptr_array_index (list, 1)), ==, "Hai");
  g_assert_cmpstr (mc_dossier_get_applicant_name (g_ptr_array_index (list, 2)), ==, "Ba");
  g_assert_cmpuint (mc_dossier_get_papers (g_ptr_array_index (list, 0))->len, ==, 2);

  g_assert_true (mc_store_get_ledger_entry (store, mc_dossier_get_uuid (g_ptr_array_index (list, 2)),
                                            &book, &entry, &error));
  g_assert_cmpint (book, ==, 2026);
  g_assert_cmpint (entry, ==, 3);
  {
    g_autoptr(GPtrArray) older = mc_store_list_for_ledger (store, "2025-12-31", "2025-12-31", &error);
    g_assert_cmpuint (older->len, ==, 1);
    g_assert_true (mc_store_get_ledger_entry (store, mc_dossier_get_uuid (g_ptr_array_index (older, 0)),
                                              &book, &entry, &error));
    g_assert_cmpint (book, ==, 2025);
    g_assert_cmpint (entry, ==, 1);
  }

  g_assert_false (mc_store_get_ledger_entry (store, "no-such-uuid", &book, &entry, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (mc_store_list_for_ledger (store, "2026-02-12", "2026-02-10", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* The ledger document: landscape, page numbers, inside the page. */
  doc = mc_form_doc_new_ledger (list, &station, "2026-02-10", "2026-02-12");
  g_assert_cmpint (mc_form_doc_get_default_page (doc), ==, MC_PAGE_A4_LANDSCAPE);
  g_assert_cmpuint (mc_form_doc_paginate (doc, 841.89, 595.28), ==, 1);
  assert_inside (doc);
  mc_test_rm_rf (dir);
}

static void
test_ledger_flows (void)
{
  g_autoptr(GPtrArray) dossiers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(McFormDoc) doc = NULL;

  for (guint i = 0; i < 60; i++)
    {
      McDossier *d = long_dossier ();
      g_ptr_array_add (dossiers, d);
    }
  doc = mc_form_doc_new_ledger (dossiers, &station, "2026-02-01", "2026-02-28");
  g_assert_cmpuint (mc_form_doc_paginate (doc, 841.89, 595.28), >=, 3);
  assert_inside (doc);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/forms/rules", test_rules);
  g_test_add_func ("/forms/page-sizes", test_page_sizes);
  g_test_add_func ("/forms/layout-inside", test_layout_inside);
  g_test_add_func ("/forms/short-receipt-one-page", test_short_receipt_one_page);
  g_test_add_func ("/forms/receipt-copy-marks", test_receipt_copy_marks);
  g_test_add_func ("/forms/slips-applicable", test_slips_applicable);
  g_test_add_func ("/forms/write-pdf-error", test_write_pdf_error);
  g_test_add_func ("/forms/csv-round-trip", test_csv_round_trip);
  g_test_add_func ("/forms/store-ledger", test_store_ledger);
  g_test_add_func ("/forms/ledger-flows", test_ledger_flows);
  return g_test_run ();
}
