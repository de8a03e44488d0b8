/* mc-forms-slips.c — the slips for one dossier: Mẫu 01 receipt, supplement
 * request, refusal, apology, notice of stopping, control slip
 *
 * The printed text is the circulars' Vietnamese whatever the UI language;
 * only the errors a clerk sees are translatable.
 */
#define G_LOG_DOMAIN "motcua-forms"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mc-core-env.h"
#include "mc-fees.h"
#include "mc-json.h"
#include "mc-limits.h"
#include "mc-forms-private.h"
#include "mc-text.h"
#include "mc-validate.h"

/* The end of the working day, printed as the time the result is returned
 * ("17 giờ 00 phút"): the due date is a day, and the citizen may come for
 * the result until the office closes. */
#define RETURN_TIME "17 giờ 00 phút"

static const char *
state_label_vi (const char *state)
{
  static const struct { const char *state, *label; } labels[] = {
    { "draft", "Nháp" },
    { "received", "Tiếp nhận hồ sơ" },
    { "uploading", "Đang chuyển lên hệ thống" },
    { "retry_wait", "Chờ chuyển lại" },
    { "needs_attention", "Cần xử lý lỗi khi chuyển" },
    { "uploaded", "Đã chuyển đến cơ quan giải quyết" },
    { "processing", "Đang giải quyết" },
    { "supplement_requested", "Yêu cầu bổ sung hồ sơ" },
    { "rejected", "Từ chối giải quyết" },
    { "done", "Đã giải quyết xong" },
    { "returned", "Đã trả kết quả" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (state, labels[i].state) == 0)
      return labels[i].label;
  return state != NULL ? state : "";
}

/* A string member of the event's detail JSON, or NULL. */
static char *
event_detail_string (const McEvent *e,
                     const char    *member)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *obj;
  JsonNode *m;

  if (e->detail == NULL)
    return NULL;
  node = mc_json_parse (e->detail, -1, MC_LIMIT_BODY_SIZE, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  obj = json_node_get_object (node);
  m = json_object_get_member (obj, member);
  if (m == NULL || !JSON_NODE_HOLDS_VALUE (m))
    return NULL;
  if (json_node_get_value_type (m) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (m) ? "true" : NULL);
  if (json_node_get_value_type (m) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (m));
}

static char *
event_message (const McEvent *e)
{
  char *text = event_detail_string (e, "message");

  return text != NULL ? text : event_detail_string (e, "reason");
}

/* The latest event that moved the dossier to @state. */
static const McEvent *
last_event_to (McFormDoc  *doc,
               const char *state)
{
  for (guint i = doc->events != NULL ? doc->events->len : 0; i > 0; i--)
    {
      const McEvent *e = g_ptr_array_index (doc->events, i - 1);
      if (g_strcmp0 (e->to_state, state) == 0)
        return e;
    }
  return NULL;
}

/* The latest event whose detail has @member. */
static const McEvent *
last_event_with (McFormDoc  *doc,
                 const char *member)
{
  for (guint i = doc->events != NULL ? doc->events->len : 0; i > 0; i--)
    {
      const McEvent *e = g_ptr_array_index (doc->events, i - 1);
      g_autofree char *value = event_detail_string (e, member);
      if (value != NULL)
        return e;
    }
  return NULL;
}

static char *
today_iso (void)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);

  return g_date_time_format (now, "%Y-%m-%d");
}

static gboolean
is_overdue (McDossier *d)
{
  McDossierState s = mc_dossier_get_state (d);
  g_autofree char *today = today_iso ();
  const char *due = mc_dossier_get_due_date (d);

  return due != NULL && strcmp (today, due) > 0 &&
         s != MC_DOSSIER_STATE_DONE && s != MC_DOSSIER_STATE_RETURNED && s != MC_DOSSIER_STATE_REJECTED;
}

gboolean
mc_forms_slip_check (McFormDoc  *doc,
                     GError    **error)
{
  McDossier *d = doc->dossier;
  McDossierState s = mc_dossier_get_state (d);
  const char *code = mc_dossier_get_code (d);

  switch (doc->kind)
    {
    case MC_FORM_RECEIPT:
      if (s == MC_DOSSIER_STATE_DRAFT || mc_dossier_get_received_at (d) == NULL)
        break;
      return TRUE;
    case MC_FORM_SUPPLEMENT:
      if (s == MC_DOSSIER_STATE_SUPPLEMENT_REQUESTED || last_event_to (doc, "supplement_requested") != NULL)
        return TRUE;
      g_set_error (error, MC_FORMS_ERROR, MC_FORMS_ERROR_NOT_APPLICABLE,
                   _("No supplement was requested for dossier %s (state: %s); the supplement request form "
                     "is printed once the dossier is marked “supplement requested”"),
                   code, mc_dossier_state_get_label (s));
      return FALSE;
    case MC_FORM_REFUSAL:
      if (s == MC_DOSSIER_STATE_REJECTED || last_event_to (doc, "rejected") != NULL)
        return TRUE;
      g_set_error (error, MC_FORMS_ERROR, MC_FORMS_ERROR_NOT_APPLICABLE,
                   _("Dossier %s was not refused (state: %s); the refusal form is printed once the "
                     "dossier is marked “rejected”"),
                   code, mc_dossier_state_get_label (s));
      return FALSE;
    case MC_FORM_APOLOGY:
      if (is_overdue (d) || last_event_with (doc, "new_due_date") != NULL)
        return TRUE;
      g_set_error (error, MC_FORMS_ERROR, MC_FORMS_ERROR_NOT_APPLICABLE,
                   _("Dossier %s is not overdue (due %s, state: %s); the apology form is for dossiers "
                     "past their due date or given a new date"),
                   code, mc_dossier_get_due_date (d) ? mc_dossier_get_due_date (d) : "—",
                   mc_dossier_state_get_label (s));
      return FALSE;
    case MC_FORM_STOP_NOTICE:
      if (last_event_with (doc, "stop") != NULL)
        return TRUE;
      g_set_error (error, MC_FORMS_ERROR, MC_FORMS_ERROR_NOT_APPLICABLE,
                   _("Processing of dossier %s was not stopped; the notice of stopping is printed once "
                     "the dossier's history records a stop"),
                   code);
      return FALSE;
    case MC_FORM_CONTROL_SLIP:
      return TRUE;
    case MC_FORM_LEDGER:
    default:
      break;
    }
  g_set_error (error, MC_FORMS_ERROR, MC_FORMS_ERROR_NOT_APPLICABLE,
               _("Dossier %s has not been received yet; save it first"), code ? code : "");
  return FALSE;
}

/* ---- common parts ---- */

static void
add_heading (McFormDoc  *doc,
             const char *number,
             GDateTime  *at)
{
  McFormBlock *b = mc_form_add_block (doc, MC_BLOCK_HEADING);
  g_autofree char *unit = mc_forms_unit_name (doc->station);
  g_autofree char *upper = g_utf8_strup (unit, -1);
  g_autofree char *place = mc_forms_place_date (doc->station, at);

  b->markup[0] = g_markup_printf_escaped ("<b>%s</b>", upper);
  b->markup[1] = g_strdup ("<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>\n<b>Độc lập - Tự do - Hạnh phúc</b>");
  b->markup[2] = g_markup_printf_escaped ("Số: %s", number);
  b->markup[3] = g_markup_printf_escaped ("<i>%s</i>", place);
}

static void
add_title (McFormDoc  *doc,
           const char *title,
           const char *subtitle)
{
  McFormBlock *b = mc_form_add_para (doc, NULL);
  g_autofree char *upper = g_utf8_strup (title, -1);

  g_free (b->markup[0]);
  b->markup[0] = subtitle != NULL
    ? g_markup_printf_escaped ("<b>%s</b>\n<i>%s</i>", upper, subtitle)
    : g_markup_printf_escaped ("<b>%s</b>", upper);
  b->align = PANGO_ALIGN_CENTER;
  b->scale = 1.15;
  b->space_before = 12;
  b->keep_with_next = TRUE;
  mc_form_add_space (doc, 6);
}

/* "<b>Label</b> value", value escaped; NULL or empty values print dots. */
static void
add_field (McFormDoc  *doc,
           const char *label,
           const char *value)
{
  g_autofree char *markup = g_markup_printf_escaped ("%s <b>%s</b>", label,
                                                     value != NULL && *value != '\0' ? value : "……………………");
  mc_form_add_para (doc, markup);
}

static void
add_text (McFormDoc  *doc,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static void
add_text (McFormDoc  *doc,
          const char *format,
          ...)
{
  g_autofree char *markup = NULL;
  va_list args;

  va_start (args, format);
  markup = g_markup_vprintf_escaped (format, args);
  va_end (args);
  mc_form_add_para (doc, markup);
}

/* A clerk's full name as the history records it: the actor, when it is a
 * person's name (two words or more, valid as a full name) rather than a
 * login ("lan.nt") from before a clerk was set or from $MOTCUA_ACTOR. */
static const char *
clerk_name (const McEvent *e)
{
  const char *actor = e != NULL ? e->actor : NULL;

  if (actor == NULL || strchr (actor, ' ') == NULL || !mc_validate_full_name (actor, NULL))
    return NULL;
  return actor;
}

/* The clerk who did @e (nullable), else the one at the desk now: a form
 * printed before it is saved. */
static const char *
signer (const McEvent *e)
{
  const char *name = clerk_name (e);

  return name != NULL || e != NULL ? name : mc_core_get_clerk ();
}

/* @name (nullable) is printed under the room to sign. */
static void
add_signatures (McFormDoc  *doc,
                const char *left,
                const char *right,
                const char *name)
{
  McFormBlock *b = mc_form_add_block (doc, MC_BLOCK_SIGNATURES);
  guint right_col = left != NULL ? 1 : 0;

  b->n_cols = left != NULL ? 2 : 1;
  if (left != NULL)
    b->markup[0] = g_strdup_printf ("<b>%s</b>\n<i>(Ký và ghi rõ họ tên)</i>", left);
  b->markup[right_col] = g_strdup_printf ("<b>%s</b>\n<i>%s</i>", right,
                                          g_str_has_prefix (right, "THỦ TRƯỞNG")
                                          ? "(Ký, ghi rõ họ tên và đóng dấu)" : "(Ký và ghi rõ họ tên)");
  if (name != NULL)
    {
      g_autofree char *signed_by = g_markup_printf_escaped ("\n\n\n\n\n<b>%s</b>", name);
      char *markup = g_strconcat (b->markup[right_col], signed_by, NULL);

      g_free (b->markup[right_col]);
      b->markup[right_col] = markup;
    }
  b->space_before = 10;
  b->min_height = MC_MM (22);
}

static const char *
display_code (McDossier *d)
{
  return mc_dossier_get_code (d) != NULL ? mc_dossier_get_code (d) : "";
}

static void
add_applicant (McFormDoc *doc)
{
  McDossier *d = doc->dossier;
  const char *email = mc_dossier_get_email (d);
  const char *phone = mc_dossier_get_phone (d);

  add_field (doc, "Ông/Bà:", mc_dossier_get_applicant_name (d));
  add_field (doc, "Số định danh cá nhân/Giấy tờ tùy thân:", mc_dossier_get_id_number (d));
  add_field (doc, "Địa chỉ:", mc_dossier_get_address (d));
  add_text (doc, "Số điện thoại: <b>%s</b>      Email: <b>%s</b>",
            phone != NULL && *phone != '\0' ? phone : "…………………",
            email != NULL && *email != '\0' ? email : "…………………");
  add_field (doc, "Nội dung yêu cầu giải quyết:", mc_dossier_get_procedure_name (d));
}

static char *
result_place (McFormDoc *doc)
{
  g_autofree char *unit = mc_forms_unit_name (doc->station);

  if (doc->result_place != NULL && *doc->result_place != '\0')
    return g_strdup (doc->result_place);
  return g_strdup_printf ("Bộ phận Một cửa – %s", unit);
}

/* ---- Mẫu 01 ---- */

/* Between the receipt's lines (points): tighter than other forms', so an
 * ordinary dossier with fees and a few papers stays on one A5 page. */
#define RECEIPT_LINE_SPACE 0.0

/* The space between the receipt's lines, from @first (an index of the
 * doc's blocks) to the last block added. */
static void
tighten_lines (McFormDoc *doc,
               guint      first)
{
  for (guint i = first; i < doc->blocks->len; i++)
    {
      McFormBlock *b = g_ptr_array_index (doc->blocks, i);

      if (b->kind == MC_BLOCK_PARA)
        b->space_before = MIN (b->space_before, RECEIPT_LINE_SPACE);
    }
}

static void
add_papers_table (McFormDoc *doc)
{
  /* Wide enough that "Bản sao chứng thực" and "Số lượng" fit on one line. */
  static const double weights[] = { 0.07, 0.49, 0.28, 0.16 };
  static const PangoAlignment aligns[] = { PANGO_ALIGN_CENTER, PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_CENTER };
  static const char *header[] = { "TT", "Tên giấy tờ", "Hình thức", "Số lượng" };
  GPtrArray *papers = mc_dossier_get_papers (doc->dossier);
  McFormBlock *table = mc_form_add_table (doc, 4, weights, aligns, header);

  table->scale = 0.9;
  for (guint i = 0; i < papers->len; i++)
    {
      McPaper *p = g_ptr_array_index (papers, i);
      char **row = g_new0 (char *, 5);

      row[0] = g_strdup_printf ("%u", i + 1);
      row[1] = g_markup_escape_text (p->name, -1);
      row[2] = g_strdup (mc_forms_paper_form_label (p->form));
      row[3] = g_strdup_printf ("%u", p->copies);
      mc_form_table_add_row (table, row);
    }
  if (papers->len == 0)
    mc_form_table_add_row (table, g_strdupv ((char *[]) { "", "<i>(không có giấy tờ)</i>", "", "", NULL }));
}

/* Fees collected (lệ phí, phí) in one short paragraph, so the slip stays
 * on one A5 page: the total first, then each fee with its amount or
 * "Miễn" and why. Nothing for a dossier with no fee recorded. */
static void
add_fees (McFormDoc *doc)
{
  GPtrArray *fees = mc_dossier_get_fees (doc->dossier);
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *total_text = NULL;
  McFormBlock *b;
  gint64 total = 0;

  if (fees->len == 0)
    return;
  for (guint i = 0; i < fees->len; i++)
    {
      const McFee *fee = g_ptr_array_index (fees, i);
      g_autofree char *amount = mc_fees_format_amount (fee->amount);
      g_autofree char *item = fee->exempt ? g_markup_printf_escaped ("%s: <b>Miễn</b> – %s", fee->name, fee->reason)
                                          : g_markup_printf_escaped ("%s: %s", fee->name, amount);

      g_string_append_printf (list, "%s%s", i > 0 ? "; " : "", item);
    }
  /* Validated at intake; a total that does not add up is not printed. */
  if (mc_fees_total (fees, &total, NULL))
    total_text = mc_fees_format_amount (total);
  b = mc_form_add_para (doc, NULL);
  b->markup[0] = g_strdup_printf ("Phí, lệ phí đã thu: tổng cộng <b>%s</b> (%s).",
                                  total_text != NULL ? total_text : "…", list->str);
  b->space_before = RECEIPT_LINE_SPACE;
  b->scale = 0.95;
}

static void
build_receipt (McFormDoc *doc)
{
  McDossier *d = doc->dossier;
  g_autofree char *unit = mc_forms_unit_name (doc->station);
  g_autofree char *number = doc->entry > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT "/TNHS", doc->entry)
                                           : g_strdup ("………/TNHS");
  g_autofree char *received = mc_forms_format_time (mc_dossier_get_received_at (d));
  g_autofree char *due = mc_text_format_iso_date (mc_dossier_get_due_date (d));
  g_autofree char *place = result_place (doc);
  guint days = mc_dossier_get_processing_days (d);
  g_autofree char *days_text = days == 0 ? g_strdup ("trong ngày") : g_strdup_printf ("%u ngày làm việc", days);
  McFormBlock *qr;
  McFormBlock *b;
  guint first;

  add_heading (doc, number, mc_dossier_get_received_at (d));
  add_title (doc, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", NULL);
  ((McFormBlock *) g_ptr_array_index (doc->blocks, doc->blocks->len - 1))->space_before = 2;

  qr = mc_form_add_block (doc, MC_BLOCK_QR);
  qr->markup[0] = g_markup_printf_escaped ("Mã hồ sơ: <b>%s</b>\n"
                                           "<i>(Dùng mã hồ sơ hoặc quét mã QR để tra cứu tình trạng giải quyết hồ sơ)</i>\n"
                                           "%s tiếp nhận hồ sơ của:",
                                           display_code (d), unit);
  qr->qr_text = g_strdup (display_code (d));
  qr->space_before = 4;

  first = doc->blocks->len;
  add_applicant (doc);
  b = mc_form_add_para (doc, "1. Thành phần hồ sơ nộp gồm:");
  b->keep_with_next = TRUE;
  add_papers_table (doc);
  add_text (doc, "2. Số lượng hồ sơ: <b>%u</b> bộ.", MAX (mc_dossier_get_sets (d), 1u));
  add_text (doc, "3. Thời gian giải quyết hồ sơ theo quy định: <b>%s</b>.", days_text);
  add_text (doc, "4. Thời gian nhận hồ sơ: <b>%s</b>.", received);
  add_text (doc, "5. Thời gian trả kết quả giải quyết hồ sơ: <b>%s, ngày %s</b>.", RETURN_TIME, due);
  add_text (doc, "6. Nơi nhận kết quả: <b>%s</b>.", place);
  add_fees (doc);
  if (doc->book > 0 && doc->entry > 0)
    add_text (doc, "Vào Sổ theo dõi hồ sơ, Quyển số: <b>%d</b>   Số thứ tự: <b>%" G_GINT64_FORMAT "</b>",
              doc->book, doc->entry);
  else
    add_text (doc, "Vào Sổ theo dõi hồ sơ, Quyển số: ……   Số thứ tự: ……");
  tighten_lines (doc, first);
  add_signatures (doc, "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", signer (last_event_to (doc, "received")));
  ((McFormBlock *) g_ptr_array_index (doc->blocks, doc->blocks->len - 1))->space_before = 4;
}

/* ---- the slips made from the dossier's actions ---- */

static void
add_received_summary (McFormDoc *doc)
{
  McDossier *d = doc->dossier;
  g_autofree char *unit = mc_forms_unit_name (doc->station);
  g_autofree char *received = mc_forms_format_date (mc_dossier_get_received_at (d));

  add_text (doc, "Ngày %s, %s tiếp nhận hồ sơ mã số <b>%s</b> của:", received, unit, display_code (d));
  add_applicant (doc);
}

static void
add_message (McFormDoc     *doc,
             const char    *intro,
             const McEvent *e)
{
  g_autofree char *message = e != NULL ? event_message (e) : NULL;
  McFormBlock *b;

  b = mc_form_add_para (doc, intro);
  b->keep_with_next = TRUE;
  b = mc_form_add_para (doc, NULL);
  b->markup[0] = g_markup_printf_escaped ("%s", message != NULL && *message != '\0'
                                                ? message : "…………………………………………………………\n…………………………………………………………");
  b->indent = MC_MM (5);
}

static void
build_supplement (McFormDoc *doc)
{
  g_autofree char *unit = mc_forms_unit_name (doc->station);

  add_heading (doc, "………/YCBS", NULL);
  add_title (doc, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", NULL);
  add_received_summary (doc);
  add_message (doc, "Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
               last_event_to (doc, "supplement_requested"));
  add_text (doc, "Lý do: Hồ sơ chưa đầy đủ, hợp lệ theo quy định.");
  add_text (doc, "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với %s để được hướng dẫn.",
            unit);
  add_signatures (doc, NULL, "NGƯỜI HƯỚNG DẪN", signer (last_event_to (doc, "supplement_requested")));
}

static void
build_refusal (McFormDoc *doc)
{
  g_autofree char *unit = mc_forms_unit_name (doc->station);

  add_heading (doc, "………/TCTN", NULL);
  add_title (doc, "Phiếu từ chối tiếp nhận giải quyết hồ sơ", NULL);
  add_received_summary (doc);
  add_message (doc, "Qua xem xét, cơ quan có thẩm quyền thông báo không tiếp nhận, giải quyết hồ sơ này "
                    "với lý do cụ thể như sau:",
               last_event_to (doc, "rejected"));
  add_text (doc, "Xin thông báo để Ông/Bà được biết và thực hiện./.");
  (void) unit;
  add_signatures (doc, NULL, "NGƯỜI TIẾP NHẬN HỒ SƠ", signer (last_event_to (doc, "rejected")));
}

static void
build_apology (McFormDoc *doc)
{
  McDossier *d = doc->dossier;
  gboolean new_rule = g_str_equal (doc->rule, "tt03-2025");
  const McEvent *e = last_event_with (doc, "new_due_date");
  g_autofree char *new_due = e != NULL ? event_detail_string (e, "new_due_date") : NULL;
  g_autofree char *new_due_text = mc_text_format_iso_date (new_due);
  g_autofree char *due = mc_text_format_iso_date (mc_dossier_get_due_date (d));
  g_autofree char *unit = mc_forms_unit_name (doc->station);
  const McFormInfo *info = mc_forms_lookup (mc_dossier_get_received_at (d), doc->number, NULL);

  add_heading (doc, "………/XL", NULL);
  add_title (doc, info->title, NULL);
  add_received_summary (doc);
  add_text (doc, "Thời hạn trả kết quả ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả: <b>ngày %s</b>.", due);
  add_text (doc, "Tuy nhiên đến nay, cơ quan giải quyết chưa giải quyết xong hồ sơ của Ông/Bà.");
  add_message (doc, "Lý do:", e);
  add_text (doc, "Sự chậm trễ này đã gây phiền hà cho Ông/Bà. %s xin lỗi Ông/Bà và %s: <b>ngày %s</b>.",
            unit,
            new_rule ? "đề nghị gia hạn thời gian giải quyết, hẹn trả kết quả vào" : "xin hẹn lại thời gian trả kết quả",
            *new_due_text != '\0' ? new_due_text : "……/……/………");
  add_text (doc, "Xin trân trọng cảm ơn Ông/Bà./.");
  add_signatures (doc, NULL, "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", NULL);
}

static void
build_stop_notice (McFormDoc *doc)
{
  add_heading (doc, "………/TB", NULL);
  add_title (doc, "Thông báo dừng giải quyết hồ sơ", NULL);
  add_received_summary (doc);
  add_message (doc, "Cơ quan có thẩm quyền thông báo dừng giải quyết hồ sơ nêu trên với lý do như sau:",
               last_event_with (doc, "stop"));
  add_text (doc, "Xin thông báo để Ông/Bà được biết./.");
  add_signatures (doc, NULL, "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", NULL);
}

static char *
event_time (const McEvent *e)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) at = e->at != NULL ? g_date_time_new_from_iso8601 (e->at, tz) : NULL;
  g_autoptr(GDateTime) local = at != NULL ? g_date_time_to_timezone (at, tz) : NULL;

  return local != NULL ? g_date_time_format (local, "%H:%M %d/%m/%Y") : g_strdup (e->at ? e->at : "");
}

/* "Trước hạn" / "Đúng hạn" / "Quá hạn" for the events that finish the work. */
static const char *
timeliness (McFormDoc     *doc,
            const McEvent *e)
{
  const char *due = mc_dossier_get_due_date (doc->dossier);
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) at = NULL;
  int cmp;

  if (due == NULL || e->at == NULL ||
      (g_strcmp0 (e->to_state, "done") != 0 && g_strcmp0 (e->to_state, "returned") != 0))
    return "";
  at = g_date_time_new_from_iso8601 (e->at, tz);
  if (at == NULL)
    return "";
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (at, tz);
    g_autofree char *iso = g_date_time_format (local, "%Y-%m-%d");
    cmp = strcmp (iso, due);
  }
  return cmp < 0 ? "Trước hạn" : cmp == 0 ? "Đúng hạn" : "Quá hạn";
}

static void
build_control_slip (McFormDoc *doc)
{
  static const double weights[] = { 0.06, 0.16, 0.28, 0.14, 0.13, 0.23 };
  static const PangoAlignment aligns[] = { PANGO_ALIGN_CENTER, PANGO_ALIGN_CENTER, PANGO_ALIGN_LEFT,
                                           PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_LEFT };
  static const char *header[] = { "TT", "Thời gian giao, nhận", "Nội dung xử lý", "Người thực hiện",
                                  "Kết quả", "Ghi chú" };
  McDossier *d = doc->dossier;
  g_autofree char *received = mc_forms_format_time (mc_dossier_get_received_at (d));
  g_autofree char *due = mc_text_format_iso_date (mc_dossier_get_due_date (d));
  McFormBlock *table;

  add_heading (doc, "………/KSQT", NULL);
  add_title (doc, "Phiếu kiểm soát quá trình giải quyết hồ sơ", NULL);
  add_field (doc, "Mã hồ sơ:", display_code (d));
  add_field (doc, "Ông/Bà:", mc_dossier_get_applicant_name (d));
  add_field (doc, "Nội dung yêu cầu giải quyết:", mc_dossier_get_procedure_name (d));
  add_field (doc, "Thời gian nhận hồ sơ:", received);
  add_field (doc, "Thời gian trả kết quả:", due);
  add_field (doc, "Cơ quan (bộ phận) giải quyết hồ sơ:", NULL);
  add_field (doc, "Cơ quan phối hợp giải quyết hồ sơ:", NULL);

  table = mc_form_add_table (doc, 6, weights, aligns, header);
  table->scale = 0.85;
  for (guint i = 0; doc->events != NULL && i < doc->events->len; i++)
    {
      const McEvent *e = g_ptr_array_index (doc->events, i);
      g_autofree char *message = event_message (e);
      char **row = g_new0 (char *, 7);

      row[0] = g_strdup_printf ("%u", i + 1);
      row[1] = event_time (e);
      row[2] = g_markup_escape_text (e->to_state != NULL ? state_label_vi (e->to_state)
                                     : g_strcmp0 (e->kind, "corrected") == 0 ? "Sửa thông tin hồ sơ"
                                     : e->kind != NULL ? e->kind : "", -1);
      row[3] = g_markup_escape_text (e->actor != NULL ? e->actor : "", -1);
      row[4] = g_strdup (timeliness (doc, e));
      row[5] = g_markup_escape_text (message != NULL ? message : "", -1);
      mc_form_table_add_row (table, row);
    }
  /* Blank rows for the hand-offs still to come, signed on paper. */
  for (guint i = 0; i < 3; i++)
    mc_form_table_add_row (table, g_strdupv ((char *[]) { "", "\n", "", "", "", "", NULL }));
}

void
mc_forms_build_slip (McFormDoc *doc)
{
  switch (doc->kind)
    {
    case MC_FORM_RECEIPT: build_receipt (doc); break;
    case MC_FORM_SUPPLEMENT: build_supplement (doc); break;
    case MC_FORM_REFUSAL: build_refusal (doc); break;
    case MC_FORM_APOLOGY: build_apology (doc); break;
    case MC_FORM_STOP_NOTICE: build_stop_notice (doc); break;
    case MC_FORM_CONTROL_SLIP: build_control_slip (doc); break;
    case MC_FORM_LEDGER:
    default: g_assert_not_reached ();
    }
}
