/* test-forward.c — desks → motcua-server → a simulated one-stop system
 *
 * /forward/config: a bad --forward config is refused at start, naming the
 *   field; the password never shows.
 * /forward/hundred: 100 dossiers (and desk actions: supplements, a new date) through HTTP 500s,
 *   answers lost after the record was stored, sessions expiring every few
 *   calls and a refusal: each reaches the simulator exactly once, every
 *   mapped field equal to the desk's dossier, attachments fetchable at
 *   their signed URL; statuses 4, 5, 9, 10 set there arrive in the desks'
 *   history; the refused one needs attention and the desk sees the refusal.
 * /forward/supersede: a corrected revision replaces a refused one in the queue.
 * /forward/tls: https to the one-stop system is verified; ca_file trusts a CA.
 */
#include "forward-util.h"

#define N_DOSSIERS 100

static void
expect_refused (const char *dir,
                const char *config_text,
                const char *field)
{
  g_autofree char *path = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *needle = g_strdup_printf ("“%s”", field);
  McResult r;

  g_assert_true (g_file_set_contents (path, config_text, -1, NULL));
  r = mc_server_cmd (dir, 30000, MC_SYNC_ARGS ("serve", "--listen", "127.0.0.1:0", "--forward", path));
  g_test_message ("%s → %d: %s", field, r.status, r.err);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, needle));
  g_assert_null (strstr (r.out, "listening on"));
  mc_result_clear (&r);
}

static void
test_config (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *good = mc_forward_config (dir, NULL, NULL);
  g_autofree char *password = g_build_filename (dir, "dvcqg-password", NULL);

  expect_refused (dir, "{\"kind\": \"dvcqg\"}", "adapter_url");
  expect_refused (dir, "{\"kind\": \"igate\"}", "kind");
  {
    g_autofree char *c = NULL;

    g_assert_true (g_file_get_contents (good, &c, NULL, NULL));
    expect_refused (dir, "{\"kind\": \"dvcqg\", \"adapter_url\": \"http://192.0.2.10/\", \"auth_endpoint\": \"/auth\","
                         " \"integration_endpoint\": \"/api\", \"dstcode\": \"D\", \"madonvi\": \"M\","
                         " \"username\": \"u\", \"password_file\": \"dvcqg-password\"}", "adapter_url");
    expect_refused (dir, "{\"kind\": \"dvcqg\", \"adapter_url\": \"https://dvc.example.vn/\", \"auth_endpoint\": \"/auth\","
                         " \"integration_endpoint\": \"/api\", \"dstcode\": \"D\", \"madonvi\": \"M\","
                         " \"username\": \"u\"}", "password_file");
    expect_refused (dir, "{\"kind\": \"dvcqg\", \"adapter_url\": \"https://dvc.example.vn/\", \"auth_endpoint\": \"/auth\","
                         " \"integration_endpoint\": \"/api\", \"dstcode\": \"D\", \"madonvi\": \"M\","
                         " \"username\": \"u\", \"password_file\": \"dvcqg-password\", \"poll_seconds\": 0}", "poll_seconds");
    expect_refused (dir, "{\"kind\": \"dvcqg\", \"adapter_url\": \"https://dvc.example.vn/\", \"auth_endpoint\": \"/auth\","
                         " \"integration_endpoint\": \"/api\", \"dstcode\": \"D\", \"madonvi\": \"M\","
                         " \"username\": \"u\", \"password_file\": \"dvcqg-password\", \"ca_file\": \"missing.pem\"}", "ca_file");
    expect_refused (dir, "{\"kind\": \"dvcqg\", \"adapter_url\": \"https://dvc.example.vn/\", \"auth_endpoint\": \"/auth\","
                         " \"integration_endpoint\": \"/api\", \"dstcode\": \"D\", \"madonvi\": \"M\","
                         " \"username\": \"u\", \"password_file\": \"dvcqg-password\", \"ca_fle\": \"ca.pem\"}", "ca_fle");
    g_assert_cmpint (g_chmod (password, 0644), ==, 0);
    expect_refused (dir, "{\"kind\": \"dvcqg\", \"adapter_url\": \"https://dvc.example.vn/\", \"auth_endpoint\": \"/auth\","
                         " \"integration_endpoint\": \"/api\", \"dstcode\": \"D\", \"madonvi\": \"M\","
                         " \"username\": \"u\", \"password_file\": \"dvcqg-password\"}", "password_file");
  }
  mc_test_rm_rf (dir);
}

/* ---- the hundred ----------------------------------------------------------------- */

static const char *
rec_str (JsonObject *record,
         const char *member)
{
  return json_object_get_string_member_with_default (record, member, "(absent)");
}

static char *
portal_time (GDateTime *t)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (7 * 3600);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (t, tz);

  return g_date_time_format (local, "%Y%m%d%H%M%S");
}

static void
check_record (McStore    *store,
              McMade     *m,
              JsonObject *record,
              const char *national_code,
              const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) d = mc_store_load_dossier (store, m->uuid, &error);
  g_autofree char *received = NULL;
  g_autofree char *due = NULL;
  g_autofree char *summary = NULL;
  GPtrArray *atts;
  GPtrArray *papers;
  JsonArray *files = json_object_get_array_member (record, "TaiLieuNop");
  JsonArray *others = json_object_get_array_member (record, "DanhSachTepDinhKemKhac");
  JsonArray *ids = json_object_get_array_member (record, "DinhDanhCHS");

  g_assert_no_error (error);
  received = portal_time (mc_dossier_get_received_at (d));
  due = g_strdup_printf ("%.4s%.2s%.2s170000", mc_dossier_get_due_date (d), mc_dossier_get_due_date (d) + 5,
                         mc_dossier_get_due_date (d) + 8);
  summary = g_strdup_printf ("%s - %s", mc_dossier_get_procedure_name (d), mc_dossier_get_applicant_name (d));

  g_assert_cmpstr (rec_str (record, "MaHoSo"), ==, mc_dossier_get_code (d));
  g_assert_cmpstr (rec_str (record, "MaTTHC"), ==, national_code);
  g_assert_cmpstr (rec_str (record, "TenTTHC"), ==, mc_dossier_get_procedure_name (d));
  g_assert_cmpstr (rec_str (record, "MaLinhVuc"), ==, "");
  g_assert_cmpstr (rec_str (record, "TenLinhVuc"), ==, field);
  g_assert_cmpstr (rec_str (record, "ChuHoSo"), ==, mc_dossier_get_applicant_name (d));
  g_assert_cmpstr (rec_str (record, "ChuHoSo"), ==, m->name);
  g_assert_cmpstr (rec_str (record, "LoaiDoiTuong"), ==, "1");
  g_assert_cmpstr (rec_str (record, "MaDoiTuong"), ==, mc_dossier_get_id_number (d));
  g_assert_cmpstr (rec_str (record, "SoGiayToChuHoSo"), ==, mc_dossier_get_id_number (d));
  g_assert_cmpuint (json_array_get_length (ids), ==, 1);
  g_assert_cmpstr (rec_str (json_array_get_object_element (ids, 0), "SoDinhDanh"), ==, mc_dossier_get_id_number (d));
  g_assert_cmpstr (rec_str (record, "Email"), ==, mc_dossier_get_email (d) != NULL ? mc_dossier_get_email (d) : "");
  g_assert_cmpstr (rec_str (record, "SoDienThoai"), ==, mc_dossier_get_phone (d) != NULL ? mc_dossier_get_phone (d) : "");
  g_assert_cmpstr (rec_str (record, "TrichYeuHoSo"), ==, summary);
  g_assert_cmpstr (rec_str (record, "NgayTiepNhan"), ==, received);
  g_assert_cmpstr (rec_str (record, "NgayNopHoSo"), ==, received);
  g_assert_cmpstr (rec_str (record, "NgayHenTra"), ==, due);
  g_assert_cmpstr (rec_str (record, "HinhThuc"), ==, "1");
  g_assert_cmpstr (rec_str (record, "KenhThucHien"), ==, "1");
  g_assert_cmpstr (rec_str (record, "DonViXuLy"), ==, SIM_MADONVI);
  g_assert_cmpstr (rec_str (record, "GhiChu"), ==, mc_dossier_get_notes (d) != NULL ? mc_dossier_get_notes (d) : "");

  atts = mc_dossier_get_attachments (d);
  g_assert_cmpuint (json_array_get_length (files), ==, atts->len);
  g_assert_cmpstr (rec_str (record, "HoSoCoThanhPhanSoHoa"), ==, atts->len > 0 ? "1" : "0");
  for (guint j = 0; j < atts->len; j++)
    {
      McAttachment *a = atts->pdata[j];
      JsonObject *f = json_array_get_object_element (files, j);

      g_assert_cmpstr (rec_str (f, "TepDinhKemId"), ==, a->sha256);
      g_assert_cmpstr (rec_str (f, "TenTepDinhKem"), ==, a->name);
      g_assert_cmpstr (rec_str (f, "TenThanhPhanHoSo"), ==, a->paper != NULL ? a->paper : "");
      g_assert_cmpstr (rec_str (f, "MaThanhPhanHoSo"), ==, "");
      g_assert_true (g_str_has_prefix (rec_str (f, "DuongDanTaiTepTin"), "http://127.0.0.1:"));
    }
  papers = mc_dossier_get_papers (d);
  g_assert_cmpuint (json_array_get_length (others), ==, papers->len);
  for (guint j = 0; j < papers->len; j++)
    {
      McPaper *p = papers->pdata[j];
      JsonObject *o = json_array_get_object_element (others, j);

      g_assert_cmpstr (rec_str (o, "TenGiayTo"), ==, p->name);
      g_assert_cmpint (json_object_get_int_member (o, "SoLuong"), ==, p->copies);
      g_assert_cmpstr (rec_str (o, "LoaiGiayTo"), ==, p->form == MC_PAPER_FORM_ORIGINAL ? "1"
                                                     : p->form == MC_PAPER_FORM_CERTIFIED_COPY ? "2" : "3");
    }
  /* The fees collected, as the portal's LePhi (every member a string). */
  {
    JsonArray *fee_list = json_object_get_array_member (record, "DanhSachLePhi");
    GPtrArray *fees = mc_dossier_get_fees (d);

    g_assert_cmpuint (json_array_get_length (fee_list), ==, fees->len);
    for (guint j = 0; j < fees->len; j++)
      {
        McFee *fee = fees->pdata[j];
        JsonObject *o = json_array_get_object_element (fee_list, j);
        g_autofree char *price = g_strdup_printf ("%" G_GINT64_FORMAT, fee->amount);

        g_assert_true (g_str_has_prefix (rec_str (o, "TenPhiLePhi"), fee->name));
        if (fee->exempt)
          g_assert_nonnull (strstr (rec_str (o, "TenPhiLePhi"), fee->reason));
        g_assert_cmpstr (rec_str (o, "Gia"), ==, price);
        g_assert_cmpstr (rec_str (o, "LoaiPhiLePhi"), ==, "1");
        g_assert_cmpstr (rec_str (o, "MaPhiLePhi"), ==, "");
        g_assert_cmpstr (rec_str (o, "HinhThucThu"), ==, "");
      }
  }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (record, "DanhSachGiayToKetQua")), ==, 0);
  g_assert_cmpstr (rec_str (record, "NgayTra"), ==, "");
  g_assert_cmpstr (rec_str (record, "NgayKetThucXuLy"), ==, "");
}

/* The first attachment link of @record opens, with the right bytes; a
 * changed signature does not. */
static void
check_link (JsonObject *record)
{
  JsonObject *f = json_array_get_object_element (json_object_get_array_member (record, "TaiLieuNop"), 0);
  const char *url = rec_str (f, "DuongDanTaiTepTin");
  g_autofree char *forged = g_strdup (url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) refused = NULL;
  g_autofree char *sum = NULL;
  guint status = 0;

  body = mc_http ("GET", url, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
  g_assert_cmpstr (sum, ==, rec_str (f, "TepDinhKemId"));
  forged[strlen (forged) - 1] = forged[strlen (forged) - 1] == '0' ? '1' : '0';
  refused = mc_http ("GET", forged, NULL, &status);
  g_assert_cmpuint (status, ==, 403);
}

static const char *
catalog_member (McDesk     *desk,
                const char *code,
                const char *member,
                char      **out)
{
  McResult r = mc_cli_expect (desk->dir, 0, 30000, MC_SYNC_ARGS ("catalog", "list", "--json"));
  g_autoptr(JsonNode) node = mc_sync_parse_json ("motcua catalog list --json", r.out);
  JsonArray *a = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node)
                                               : json_object_get_array_member (json_node_get_object (node), "procedures");

  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *p = json_array_get_object_element (a, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (p, "code", NULL), code) == 0)
        *out = g_strdup (json_object_get_string_member_with_default (p, member, ""));
    }
  mc_result_clear (&r);
  g_assert_nonnull (*out);
  return *out;
}

/* The desk's history holds a server change to @state with @message. */
static void
check_history (McDesk     *desk,
               const char *code,
               int         state,
               const char *message,
               const char *handler)   /* nullable: none expected */
{
  g_autoptr(JsonNode) shown = mc_desk_show (desk, code);
  JsonObject *o = json_node_get_object (shown);
  JsonArray *history = json_object_get_array_member (o, "history");
  gboolean found = FALSE;

  g_assert_cmpint (json_object_get_int_member (o, "server_state_code"), ==, state);
  for (guint i = 0; i < json_array_get_length (history); i++)
    {
      JsonObject *h = json_array_get_object_element (history, i);
      JsonObject *detail = json_object_get_object_member (h, "detail");

      if (g_str_equal (json_object_get_string_member (h, "kind"), "server") && detail != NULL &&
          json_object_get_int_member_with_default (detail, "state_code", 0) == state &&
          g_strcmp0 (json_object_get_string_member_with_default (detail, "message", NULL), message) == 0)
        {
          JsonNode *h_node = json_object_get_member (detail, "handler");

          found = TRUE;
          if (handler == NULL)
            g_assert_true (h_node == NULL || JSON_NODE_HOLDS_NULL (h_node));
          else
            {
              JsonObject *ho;

              g_assert_true (h_node != NULL && JSON_NODE_HOLDS_OBJECT (h_node));
              ho = json_node_get_object (h_node);
              g_assert_cmpstr (json_object_get_string_member (ho, "name"), ==, handler);
              g_assert_cmpstr (json_object_get_string_member (ho, "title"), ==, "Chuyên viên");
              g_assert_cmpstr (json_object_get_string_member (ho, "unit"), ==, "Phòng Tư pháp");
            }
        }
    }
  if (!found)
    {
      g_autofree char *text = json_to_string (shown, TRUE);

      g_error ("%s: no server change to %d (“%s”) in the history:\n%s", code, state, message, text);
    }
}

static void
test_hundred (void)
{
  McDesk *desk = mc_desk_new ();
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McSim *sim = mc_sim_start (MC_SYNC_ARGS ("--seed", "11", "--fail-500", "0.1", "--lose", "0.15",
                                           "--session-calls", "7", "--refuse", "Từ Chối"));
  g_autofree char *config = mc_forward_config (server_dir, sim, NULL);
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--forward", config));
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonNode) forwards = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autofree char *national = NULL;
  g_autofree char *field = NULL;
  JsonObject *records;
  McMade *refused;
  const char *supplemented[3];
  static const int states[] = { 4, 5, 9, 10 };
  static const char *notes[] = { "Đã chuyển phòng chuyên môn", "Cần bổ sung bản sao giấy đăng ký kết hôn",
                                 "Đã ký giấy khai sinh", "Đã trả kết quả cho công dân" };
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (7 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 40);
  g_autofree char *new_due = g_date_time_format (later, "%Y-%m-%d");
  g_autofree char *new_due_portal = g_date_time_format (later, "%Y%m%d170000");
  McResult r;

  catalog_member (desk, "HT-KS", "national_code", &national);
  catalog_member (desk, "HT-KS", "field", &field);
  mc_desk_enrol (desk, server);
  mc_desk_add_mixed (desk, N_DOSSIERS, 48 * 1024);
  refused = mc_desk_add_dossier (desk, "Lê Từ Chối", NULL, 0);
  mc_desk_sync_until_done (desk, 240000);

  /* Desk decisions after the upload: forwarded in order behind the records. */
  for (guint i = 0; i < G_N_ELEMENTS (supplemented); i++)
    {
      McMade *m = desk->made->pdata[10 + i];

      supplemented[i] = m->code;
      r = mc_cli_expect (desk->dir, 0, 30000, MC_SYNC_ARGS ("action", m->code, "supplement", "--reason", "Thiếu bản chính giấy chứng sinh"));
      mc_result_clear (&r);
    }
  {
    McMade *m = desk->made->pdata[40];

    r = mc_cli_expect (desk->dir, 0, 30000, MC_SYNC_ARGS ("action", m->code, "new-date", "--reason", "Cần xác minh nơi sinh", "--new-due-date", new_due));
    mc_result_clear (&r);
  }
  mc_desk_sync_until_done (desk, 60000);

  mc_forwards_wait (server_dir, N_DOSSIERS, 1, 240000);

  /* Exactly once: one create per dossier, none for the refused one. */
  state = mc_sim_state (sim);
  records = json_object_get_object_member (json_node_get_object (state), "records");
  g_assert_cmpuint (json_object_get_size (records), ==, N_DOSSIERS);
  store = mc_store_open (desk->dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_DOSSIERS; i++)
    {
      McMade *m = desk->made->pdata[i];
      JsonObject *record = json_object_get_object_member (records, m->code);

      if (record == NULL)
        g_error ("%s never reached the one-stop system", m->code);
      g_assert_cmpint (mc_sim_count (state, "creates", m->code), ==, 1);
      check_record (store, m, record, national, field);
      if (i == 40)
        g_assert_cmpstr (rec_str (record, "NgayHenTra"), ==, new_due_portal);
      g_assert_cmpstr (rec_str (record, "TrangThaiHoSo"), ==, i >= 10 && i < 13 ? "5" : "2");
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (record, "DanhSachHoSoBoSung")), ==,
                        i >= 10 && i < 13 ? 1 : 0);
      if (i >= 10 && i < 13)
        {
          JsonObject *s = json_array_get_object_element (json_object_get_array_member (record, "DanhSachHoSoBoSung"), 0);

          g_assert_cmpstr (rec_str (s, "NoiDungBoSung"), ==, "Thiếu bản chính giấy chứng sinh");
          g_assert_cmpuint (strlen (rec_str (s, "NgayBoSung")), ==, 14);
        }
    }
  g_assert_null (json_object_get_member (records, refused->code));
  g_test_message ("simulator: %" G_GINT64_FORMAT " HTTP 500, %" G_GINT64_FORMAT " answers lost, %" G_GINT64_FORMAT
                  " sessions expired, %" G_GINT64_FORMAT " “đã tồn tại”, %" G_GINT64_FORMAT " lookups, %" G_GINT64_FORMAT " logins",
                  mc_sim_count (state, "counts", "500"), mc_sim_count (state, "counts", "lost"),
                  mc_sim_count (state, "counts", "expired"), mc_sim_count (state, "counts", "exists"),
                  mc_sim_count (state, "counts", "lookups"), mc_sim_count (state, "counts", "logins"));
  /* Every fault happened, more than once. */
  g_assert_cmpint (mc_sim_count (state, "counts", "500"), >, 5);
  g_assert_cmpint (mc_sim_count (state, "counts", "lost"), >, 5);
  g_assert_cmpint (mc_sim_count (state, "counts", "expired"), >, 5);
  g_assert_cmpint (mc_sim_count (state, "counts", "refused"), >=, 1);
  g_assert_cmpint (mc_sim_count (state, "counts", "bad_dstcode"), ==, 0);
  for (guint i = 0; i < N_DOSSIERS; i++)
    {
      JsonObject *record = json_object_get_object_member (records, ((McMade *) desk->made->pdata[i])->code);

      if (json_array_get_length (json_object_get_array_member (record, "TaiLieuNop")) > 0)
        {
          check_link (record);
          break;
        }
    }

  /* The refusal: needs attention with the system's message; the desk sees it. */
  forwards = mc_forwards (server_dir);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (forwards)); i++)
    {
      JsonObject *f = json_array_get_object_element (json_node_get_array (forwards), i);

      if (g_str_equal (json_object_get_string_member (f, "code"), refused->code))
        {
          g_assert_cmpstr (json_object_get_string_member (f, "state"), ==, "needs_attention");
          g_assert_nonnull (strstr (json_object_get_string_member (f, "last_error"), "không khớp"));
        }
      else
        g_assert_true (json_node_is_null (json_object_get_member (f, "last_error")));
    }

  /* Statuses from the one-stop system back to the desk. */
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    mc_sim_set_status (sim, ((McMade *) desk->made->pdata[20 + i])->code, states[i], "Trần Văn Bình", notes[i]);
  {
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    guint arrived = 0;

    while (arrived < G_N_ELEMENTS (states))
      {
        g_autoptr(JsonNode) f = mc_forwards (server_dir);
        JsonArray *a = json_node_get_array (f);

        arrived = 0;
        for (guint i = 0; i < json_array_get_length (a); i++)
          for (guint k = 0; k < G_N_ELEMENTS (states); k++)
            {
              JsonObject *o = json_array_get_object_element (a, i);

              if (g_str_equal (json_object_get_string_member (o, "code"), ((McMade *) desk->made->pdata[20 + k])->code) &&
                  json_object_get_int_member_with_default (o, "remote_state_code", 0) == states[k])
                arrived++;
            }
        if (g_get_monotonic_time () > deadline)
          g_error ("only %u of the statuses were polled back within 60 s", arrived);
        g_usleep (200000);
      }
  }
  mc_desk_sync_until_done (desk, 60000);
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    check_history (desk, ((McMade *) desk->made->pdata[20 + i])->code, states[i], notes[i], "Trần Văn Bình");
  check_history (desk, refused->code, 3,
                 "Hệ thống một cửa của tỉnh không nhận hồ sơ: Dữ liệu không hợp lệ: chủ hồ sơ không khớp cơ sở dữ liệu dân cư",
                 NULL);
  /* A dossier nobody touched there stays as it was. */
  {
    g_autoptr(JsonNode) shown = mc_desk_show (desk, ((McMade *) desk->made->pdata[30])->code);

    g_assert_cmpint (json_object_get_int_member (json_node_get_object (shown), "server_state_code"), ==, 2);
  }

  /* forward-retry: only what needs attention. Retried while the system
   * still refuses, it needs attention again; once the province settled it
   * there, it goes through, once. */
  r = mc_server_cmd (server_dir, 30000, MC_SYNC_ARGS ("forward-retry", ((McMade *) desk->made->pdata[0])->code));
  g_assert_cmpint (r.status, ==, 1);
  mc_result_clear (&r);
  r = mc_server_cmd (server_dir, 30000, MC_SYNC_ARGS ("forward-retry", refused->code));
  g_assert_cmpint (r.status, ==, 0);
  mc_result_clear (&r);
  {
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

    for (;;)
      {
        g_autoptr(JsonNode) after = mc_sim_state (sim);

        if (mc_sim_count (after, "counts", "refused") > mc_sim_count (state, "counts", "refused"))
          break;
        if (g_get_monotonic_time () > deadline)
          g_error ("forward-retry sent nothing within 60 s");
        g_usleep (100000);
      }
  }
  mc_forwards_wait (server_dir, N_DOSSIERS, 1, 60000);
  {
    g_autofree char *url = g_strconcat (sim->url, "admin/refuse", NULL);
    g_autoptr(GBytes) none = NULL;
    guint status = 0;

    none = mc_http ("POST", url, "{\"text\": \"\"}", &status);
    g_assert_cmpuint (status, ==, 204);
  }
  r = mc_server_cmd (server_dir, 30000, MC_SYNC_ARGS ("forward-retry", refused->code));
  g_assert_cmpint (r.status, ==, 0);
  mc_result_clear (&r);
  mc_forwards_wait (server_dir, N_DOSSIERS + 1, 0, 60000);
  {
    g_autoptr(JsonNode) after = mc_sim_state (sim);
    JsonObject *now = json_object_get_object_member (json_node_get_object (after), "records");

    g_assert_cmpint (mc_sim_count (after, "creates", refused->code), ==, 1);
    check_record (store, refused, json_object_get_object_member (now, refused->code), national, field);
    g_assert_cmpint (mc_sim_count (after, "creates", supplemented[0]), ==, 1);
    g_assert_cmpuint (json_object_get_size (now), ==, N_DOSSIERS + 1);
  }

  mc_server_free (server);   /* its output is checked for the password and tokens */
  mc_sim_free (sim);
  mc_desk_free (desk);
  mc_test_rm_rf (server_dir);
}

/* ---- a corrected revision after a refusal ------------------------------------------- */

static guint
put_revision (McServer   *server,
              const char *token,
              const char *uuid,
              int         revision,
              const char *code,
              const char *phone)
{
  g_autofree char *url = g_strdup_printf ("%sapi/v1/dossiers/%s", server->url, uuid);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
  g_autofree char *json = g_strdup_printf (
    "{\"uuid\": \"%s\", \"revision\": %d, \"code\": \"%s\", \"procedure_code\": \"HT-KS\","
    " \"procedure_national_code\": \"1.001193\", \"procedure_name\": \"Đăng ký khai sinh\","
    " \"procedure_field\": \"Hộ tịch\", \"processing_days\": 0,"
    " \"applicant\": {\"full_name\": \"Lê Từ Chối\", \"id_kind\": \"cccd\", \"id_number\": \"001185012345\","
    " \"date_of_birth\": null, \"phone\": \"%s\", \"address\": \"Thôn 3, xã Tân Lập\", \"email\": null},"
    " \"received_at\": \"2026-11-23T09:15:00+07:00\", \"received_by\": \"lan.nt\", \"backdate_reason\": null,"
    " \"due_date\": \"2026-11-23\", \"sets\": 1, \"papers\": [], \"notes\": null, \"attachments\": []}",
    uuid, revision, code, phone);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("PUT", url);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  return soup_message_get_status (msg);
}

/* A dossier the one-stop system refused needs attention; the next revision
 * replaces the refused one in the queue (it carries the whole record), so
 * once the system accepts, the dossier is created once, with the new data,
 * and the refused revision is not sent again. */
static void
test_supersede (void)
{
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McSim *sim = mc_sim_start (MC_SYNC_ARGS ("--refuse", "Từ Chối"));
  g_autofree char *config = mc_forward_config (server_dir, sim, NULL);
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--forward", config));
  g_autofree char *token = mc_server_token (server_dir, "xa-tan-lap");
  g_autofree char *uuid = g_uuid_string_random ();
  const char *code = "000.00.12.H29-261123-9001";
  g_autoptr(JsonNode) state = NULL;
  g_autofree char *url = g_strconcat (sim->url, "admin/refuse", NULL);
  g_autoptr(GBytes) none = NULL;
  guint status = 0;

  g_assert_cmpuint (put_revision (server, token, uuid, 1, code, "0912345678"), ==, 201);
  mc_forwards_wait (server_dir, 0, 1, 60000);
  none = mc_http ("POST", url, "{\"text\": \"\"}", &status);
  g_assert_cmpuint (status, ==, 204);
  g_assert_cmpuint (put_revision (server, token, uuid, 2, code, "0987654321"), ==, 200);
  mc_forwards_wait (server_dir, 1, 0, 60000);

  state = mc_sim_state (sim);
  g_assert_cmpint (mc_sim_count (state, "creates", code), ==, 1);
  g_assert_cmpint (mc_sim_count (state, "updates", code), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (
                     json_node_get_object (state), "records"), code), "SoDienThoai"), ==, "0987654321");

  mc_server_free (server);
  mc_sim_free (sim);
  mc_test_rm_rf (server_dir);
}

/* ---- TLS --------------------------------------------------------------------------- */

static char *
make_cert (const char *dir,
           char      **key_out)
{
  const char *openssl = g_getenv ("MOTCUA_OPENSSL");
  g_autofree char *found = NULL;
  char *cert = g_build_filename (dir, "cert.pem", NULL);
  char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (openssl == NULL)
    openssl = found = g_find_program_in_path ("openssl");
  g_assert_nonnull (openssl);   /* installed by .ci/install-deps */
  if (!g_spawn_sync (NULL,
                     (char *[]) { (char *) openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                                  "-keyout", key, "-out", cert, "-subj", "/CN=localhost",
                                  "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-days", "2", NULL },
                     NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("openssl req: %s\n%s", error->message, err);
  *key_out = key;
  return cert;
}

/* https to the one-stop system is verified: a self-signed certificate is
 * not trusted (nothing reaches it; the operator sees why) until it is
 * given as ca_file. */
static void
test_tls (void)
{
  McDesk *desk = mc_desk_new ();
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  g_autofree char *key = NULL;
  g_autofree char *cert = make_cert (desk->work, &key);
  McSim *sim = mc_sim_start (MC_SYNC_ARGS ("--tls-cert", cert, "--tls-key", key));
  g_autofree char *config = mc_forward_config (server_dir, sim, NULL);
  g_autofree char *ca = g_strdup_printf ("\"ca_file\": \"%s\"", cert);
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--forward", config));
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_assert_true (g_str_has_prefix (sim->url, "https://127.0.0.1:"));
  mc_desk_enrol (desk, server);
  mc_desk_add_dossier (desk, NULL, (const gint64[]) { 4000 }, 1);
  mc_desk_sync_until_done (desk, 60000);
  for (;;)
    {
      g_autoptr(JsonNode) f = mc_forwards (server_dir);
      JsonObject *row = json_array_get_object_element (json_node_get_array (f), 0);

      if (row != NULL && json_object_get_int_member (row, "attempts") >= 2)
        {
          g_autofree char *lower = g_utf8_strdown (json_object_get_string_member (row, "last_error"), -1);

          g_test_message ("untrusted: %s", json_object_get_string_member (row, "last_error"));
          g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "queued");
          g_assert_nonnull (strstr (lower, "certificate"));
          break;
        }
      if (g_get_monotonic_time () > deadline)
        g_error ("no failed attempt within 60 s");
      g_usleep (100000);
    }
  {
    g_autoptr(JsonNode) state = mc_sim_state_tls (sim, cert);

    g_assert_cmpint (mc_sim_count (state, "counts", "requests"), ==, 0);
  }

  mc_server_stop (server);
  g_free (mc_forward_config (server_dir, sim, ca));
  mc_server_restart (server, NULL);
  mc_forwards_wait (server_dir, 1, 0, 60000);
  {
    g_autoptr(JsonNode) state = mc_sim_state_tls (sim, cert);

    g_assert_cmpint (mc_sim_count (state, "creates", ((McMade *) desk->made->pdata[0])->code), ==, 1);
  }

  mc_server_free (server);
  mc_sim_free (sim);
  mc_desk_free (desk);
  mc_test_rm_rf (server_dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/forward/config", test_config);
  g_test_add_func ("/forward/hundred", test_hundred);
  g_test_add_func ("/forward/supersede", test_supersede);
  g_test_add_func ("/forward/tls", test_tls);
  return mc_sync_done (g_test_run ());
}
