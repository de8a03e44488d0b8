/* ms-forward-dvcqg-record.c — a desk dossier as a DongBoHoSoMC record, and
 * a TraCuuHoSo record read back as a status
 *
 * Every mapping, and every field left empty with its reason, is in
 * docs/connectors.md ("dvcqg: field mapping"); keep the two together.
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <string.h>

#include "ms-forward-dvcqg.h"

/* "" for a missing or null member: the portal wants strings, not nulls. */
static const char *
str (JsonObject *o,
     const char *member)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

static void
add (JsonBuilder *b,
     const char  *name,
     const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value != NULL ? value : "");
}

/* yyyyMMddHHmmss in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
char *
ms_dvcqg_time (const char *rfc3339)
{
  g_autoptr(GDateTime) t = rfc3339 != NULL && *rfc3339 != '\0' ? g_date_time_new_from_iso8601 (rfc3339, NULL) : NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (7 * 3600);
  g_autoptr(GDateTime) local = NULL;

  if (t == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (t, tz);
  return g_date_time_format (local, "%Y%m%d%H%M%S");
}

/* A date YYYY-MM-DD as yyyyMMdd + @hhmmss. */
static char *
date_at (const char *date,
         const char *hhmmss)
{
  if (date == NULL || strlen (date) != 10)
    return g_strdup ("");
  return g_strdup_printf ("%.4s%.2s%.2s%s", date, date + 5, date + 8, hhmmss);
}

static const char *
paper_kind (const char *form)
{
  if (g_strcmp0 (form, "certified_copy") == 0)
    return "2";
  if (g_strcmp0 (form, "copy") == 0)
    return "3";
  return "1";
}

static void
add_files (JsonBuilder         *b,
           const MsForwardItem *item,
           JsonArray           *attachments)
{
  json_builder_set_member_name (b, "TaiLieuNop");
  json_builder_begin_array (b);
  for (guint i = 0; attachments != NULL && i < json_array_get_length (attachments); i++)
    {
      JsonObject *a = json_array_get_object_element (attachments, i);

      json_builder_begin_object (b);
      add (b, "TepDinhKemId", str (a, "sha256"));
      add (b, "TenTepDinhKem", str (a, "name"));
      add (b, "MaThanhPhanHoSo", "");
      add (b, "TenThanhPhanHoSo", str (a, "paper"));
      add (b, "DuongDanTaiTepTin", i < item->file_urls->len ? item->file_urls->pdata[i] : "");
      add (b, "DuocSoHoa", "1");
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_papers (JsonBuilder *b,
            JsonArray   *papers)
{
  json_builder_set_member_name (b, "DanhSachTepDinhKemKhac");
  json_builder_begin_array (b);
  for (guint i = 0; papers != NULL && i < json_array_get_length (papers); i++)
    {
      JsonObject *p = json_array_get_object_element (papers, i);

      json_builder_begin_object (b);
      add (b, "TenGiayTo", str (p, "name"));
      json_builder_set_member_name (b, "SoLuong");
      json_builder_add_int_value (b, json_object_get_int_member_with_default (p, "copies", 1));
      add (b, "LoaiGiayTo", paper_kind (str (p, "form")));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* LePhi as public DongBoHoSoMC integrations send it: every member a
 * string; Gia in whole đồng; LoaiPhiLePhi 1 = an ordinary fee. The desk has
 * no fee codes and no payment channel codes: those are left empty. An
 * exemption goes in the name, with Gia 0. */
static void
add_fees (JsonBuilder *b,
          JsonArray   *fees)
{
  json_builder_set_member_name (b, "DanhSachLePhi");
  json_builder_begin_array (b);
  for (guint i = 0; fees != NULL && i < json_array_get_length (fees); i++)
    {
      JsonObject *f = json_array_get_object_element (fees, i);
      gboolean exempt = json_object_get_boolean_member_with_default (f, "exempt", FALSE);
      g_autofree char *name = exempt ? g_strdup_printf ("%s (miễn: %s)", str (f, "name"), str (f, "reason"))
                                     : g_strdup (str (f, "name"));
      g_autofree char *price = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                json_object_get_int_member_with_default (f, "amount", 0));

      json_builder_begin_object (b);
      add (b, "TenPhiLePhi", name);
      add (b, "MaPhiLePhi", "");
      add (b, "HinhThucThu", "");
      add (b, "Gia", price);
      add (b, "LoaiPhiLePhi", "1");
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_supplements (JsonBuilder         *b,
                 const MsForwardItem *item)
{
  json_builder_set_member_name (b, "DanhSachHoSoBoSung");
  json_builder_begin_array (b);
  for (guint i = 0; item->supplements != NULL && i < item->supplements->len; i++)
    {
      JsonObject *s = item->supplements->pdata[i];
      g_autofree char *at = ms_dvcqg_time (str (s, "at"));

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "HoSoBoSungId");
      json_builder_add_int_value (b, i + 1);
      add (b, "NguoiYeuCauBoSung", str (s, "actor"));
      add (b, "NoiDungBoSung", str (s, "reason"));
      add (b, "NgayBoSung", at);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static char *
notes (JsonObject *d)
{
  const char *backdate = str (d, "backdate_reason");
  const char *text = str (d, "notes");

  if (*backdate != '\0' && *text != '\0')
    return g_strdup_printf ("Tiếp nhận khi mất mạng: %s. %s", backdate, text);
  if (*backdate != '\0')
    return g_strdup_printf ("Tiếp nhận khi mất mạng: %s", backdate);
  return g_strdup (text);
}

JsonNode *
ms_dvcqg_record (const MsForwardItem *item,
                 const char          *madonvi)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  JsonObject *d = item->dossier;
  JsonObject *applicant = json_object_get_object_member (d, "applicant");
  JsonArray *attachments = json_object_get_array_member (d, "attachments");
  const char *national = str (d, "procedure_national_code");
  const char *id_kind = str (applicant, "id_kind");
  g_autofree char *received = ms_dvcqg_time (str (d, "received_at"));
  g_autofree char *due = date_at (item->due_date, "170000");
  g_autofree char *summary = g_strdup_printf ("%s - %s", str (d, "procedure_name"), str (applicant, "full_name"));
  g_autofree char *state = g_strdup_printf ("%" G_GINT64_FORMAT, item->state_code);
  g_autofree char *note = notes (d);
  g_autofree char *refused_at = item->state_code == 3 && item->action != NULL ? ms_dvcqg_time (str (item->action, "at"))
                                                                              : g_strdup ("");
  /* The desk's hand-over (§7.6 return): when, and to whom. */
  gboolean returned = item->state_code == 10 && g_str_equal (str (item->action, "action"), "return");
  g_autofree char *returned_at = returned ? ms_dvcqg_time (str (item->action, "at")) : g_strdup ("");
  g_autofree char *returned_to = returned ? g_strdup_printf ("Người nhận kết quả: %s", str (item->action, "received_by"))
                                          : g_strdup ("");

  json_builder_begin_object (b);
  add (b, "MaHoSo", item->code);
  add (b, "MaTTHC", *national != '\0' ? national : str (d, "procedure_code"));
  add (b, "TenTTHC", str (d, "procedure_name"));
  add (b, "MaLinhVuc", "");
  add (b, "TenLinhVuc", str (d, "procedure_field"));
  add (b, "KenhThucHien", "1");
  add (b, "ChuHoSo", str (applicant, "full_name"));
  add (b, "LoaiDoiTuong", "1");
  add (b, "MaDoiTuong", str (applicant, "id_number"));
  add (b, "SoGiayToChuHoSo", str (applicant, "id_number"));
  json_builder_set_member_name (b, "DinhDanhCHS");
  json_builder_begin_array (b);
  if (g_str_equal (id_kind, "cccd"))
    {
      json_builder_begin_object (b);
      add (b, "LoaiDinhDanh", "1");
      add (b, "SoDinhDanh", str (applicant, "id_number"));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add (b, "Email", str (applicant, "email"));
  add (b, "SoDienThoai", str (applicant, "phone"));
  add (b, "TrichYeuHoSo", summary);
  add (b, "NgayNopHoSo", received);
  add (b, "NgayTiepNhan", received);
  add (b, "NgayHenTra", due);
  add (b, "TrangThaiHoSo", state);
  add (b, "NgayTuChoi", refused_at);
  add (b, "NgayTra", returned_at);
  add (b, "ThongTinTra", returned_to);
  add (b, "NgayKetThucXuLy", "");
  add (b, "HinhThuc", "1");
  add (b, "DonViXuLy", item->agency_code != NULL ? item->agency_code : madonvi);
  add (b, "GhiChu", note);
  add_files (b, item, attachments);
  add_papers (b, json_object_get_array_member (d, "papers"));
  add_fees (b, json_object_has_member (d, "fees") ? json_object_get_array_member (d, "fees") : NULL);
  add_supplements (b, item);
  json_builder_set_member_name (b, "DanhSachGiayToKetQua");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  add (b, "HoSoCoThanhPhanSoHoa", attachments != NULL && json_array_get_length (attachments) > 0 ? "1" : "0");
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
bounded (JsonObject *o,
         const char *member)
{
  const char *text = str (o, member);

  if (*text == '\0')
    return NULL;
  return g_utf8_make_valid (text, MIN (strlen (text), 500));
}

/* TrangThaiHoSo (a string or a number), and who acted with what message:
 * the record's last QuaTrinhXuLy entry, else its own NguoiXuLy… members. */
void
ms_dvcqg_read_status (JsonObject      *record,
                      MsForwardStatus *status)
{
  JsonNode *node = json_object_get_member (record, "TrangThaiHoSo");
  JsonArray *steps = NULL;
  JsonObject *from = record;
  gint64 code = 0;

  status->found = TRUE;
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      if (json_node_get_value_type (node) == G_TYPE_INT64)
        code = json_node_get_int (node);
      else if (json_node_get_value_type (node) == G_TYPE_STRING)
        g_ascii_string_to_signed (json_node_get_string (node), 10, 1, 10, &code, NULL);
    }
  status->state_code = code >= 1 && code <= 10 ? code : 0;

  node = json_object_get_member (record, "QuaTrinhXuLy");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    steps = json_node_get_array (node);
  if (steps != NULL && json_array_get_length (steps) > 0)
    {
      JsonNode *last = json_array_get_element (steps, json_array_get_length (steps) - 1);

      if (JSON_NODE_HOLDS_OBJECT (last))
        from = json_node_get_object (last);
    }
  status->handler_name = bounded (from, "NguoiXuLy");
  status->handler_title = bounded (from, "ChucDanh");
  status->handler_unit = bounded (from, "PhongBanXuLy");
  status->message = bounded (from, "NoiDungXuLy");
}
