/* ms-validate.c — checks of dossier and action bodies (§5.2, §7.5, §7.6)
 *
 * Nothing here is stricter than the desk's own intake rules (docs/cli.md);
 * the messages are for the clerk, in Vietnamese.
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mc-fees.h"
#include "mc-limits.h"
#include "mc-validate.h"
#include "ms-server.h"

typedef enum
{
  K_STRING,
  K_INT,
  K_OBJECT,
  K_ARRAY,
  K_BOOL,
} Kind;

typedef struct
{
  const char *name;
  Kind        kind;
  gboolean    required;   /* FALSE: may be null or absent */
} Spec;

static const Spec dossier_spec[] = {
  { "uuid", K_STRING, TRUE },
  { "revision", K_INT, TRUE },
  { "code", K_STRING, TRUE },
  { "procedure_code", K_STRING, TRUE },
  { "procedure_national_code", K_STRING, FALSE },
  { "procedure_name", K_STRING, TRUE },
  { "procedure_field", K_STRING, FALSE },
  { "processing_days", K_INT, TRUE },
  { "applicant", K_OBJECT, TRUE },
  { "received_at", K_STRING, TRUE },
  { "received_by", K_STRING, FALSE },
  { "backdate_reason", K_STRING, FALSE },
  { "due_date", K_STRING, TRUE },
  { "sets", K_INT, TRUE },
  { "papers", K_ARRAY, TRUE },
  { "notes", K_STRING, FALSE },
  { "fees", K_ARRAY, FALSE },
  { "attachments", K_ARRAY, TRUE },
  { NULL, 0, FALSE },
};

static const Spec applicant_spec[] = {
  { "full_name", K_STRING, TRUE },
  { "id_kind", K_STRING, TRUE },
  { "id_number", K_STRING, TRUE },
  { "date_of_birth", K_STRING, FALSE },
  { "phone", K_STRING, FALSE },
  { "address", K_STRING, TRUE },
  { "email", K_STRING, FALSE },
  { NULL, 0, FALSE },
};

static const Spec paper_spec[] = {
  { "name", K_STRING, TRUE },
  { "form", K_STRING, TRUE },
  { "copies", K_INT, TRUE },
  { NULL, 0, FALSE },
};

static const Spec fee_spec[] = {
  { "name", K_STRING, TRUE },
  { "amount", K_INT, TRUE },
  { "exempt", K_BOOL, FALSE },
  { "reason", K_STRING, FALSE },
  { NULL, 0, FALSE },
};

static const Spec attachment_spec[] = {
  { "name", K_STRING, TRUE },
  { "sha256", K_STRING, TRUE },
  { "size", K_INT, TRUE },
  { "mime_type", K_STRING, TRUE },
  { "paper", K_STRING, FALSE },
  { NULL, 0, FALSE },
};

static const Spec action_spec[] = {
  { "action", K_STRING, TRUE },
  { "at", K_STRING, TRUE },
  { "actor", K_STRING, TRUE },
  { "reason", K_STRING, FALSE },   /* required but for return (below) */
  { "new_due_date", K_STRING, FALSE },
  { "received_by", K_STRING, FALSE },
  { NULL, 0, FALSE },
};

void
ms_invalid_clear (MsInvalid *invalid)
{
  g_clear_pointer (&invalid->message, g_free);
  g_clear_pointer (&invalid->field, g_free);
}

static gboolean
fail (MsInvalid  *out,
      const char *code,
      char       *field,
      const char *format,
      ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (MsInvalid  *out,
      const char *code,
      char       *field,
      const char *format,
      ...)
{
  va_list args;

  out->status = 422;
  out->code = code;
  out->field = field;
  va_start (args, format);
  out->message = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

static char *
path_join (const char *prefix,
           const char *name)
{
  return prefix != NULL ? g_strconcat (prefix, ".", name, NULL) : g_strdup (name);
}

gboolean
ms_is_uuid (const char *text)
{
  if (text == NULL || strlen (text) != 36)
    return FALSE;
  for (int i = 0; i < 36; i++)
    {
      char c = text[i];

      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (c != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (c) || g_ascii_isupper (c))
        return FALSE;
    }
  return TRUE;
}

gboolean
ms_is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

/* @text matches @pattern where 'd' is a digit and anything else itself. */
static gboolean
matches (const char *text,
         const char *pattern)
{
  for (; *pattern != '\0'; text++, pattern++)
    {
      if (*pattern == 'd' ? !g_ascii_isdigit (*text) : *text != *pattern)
        return FALSE;
    }
  return *text == '\0';
}

gboolean
ms_is_date (const char *text)
{
  if (text == NULL || !matches (text, "dddd-dd-dd"))
    return FALSE;
  return g_date_valid_dmy (atoi (text + 8), atoi (text + 5), atoi (text));
}

gboolean
ms_is_time (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *head = NULL;

  if (text == NULL || strlen (text) < 20)
    return FALSE;
  head = g_strndup (text, 19);
  if (!matches (head, "dddd-dd-ddTdd:dd:dd"))
    return FALSE;
  if (!g_str_equal (text + 19, "Z") && !matches (text + 19, "+dd:dd") && !matches (text + 19, "-dd:dd"))
    return FALSE;
  dt = mc_validate_parse_time (text, NULL);
  return dt != NULL;
}

/* Types, unknown members, required members, empty texts. */
static gboolean
check_members (JsonObject  *object,
               const Spec  *spec,
               const char  *prefix,
               MsInvalid   *out)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    {
      gboolean known = FALSE;

      for (const Spec *s = spec; s->name != NULL && !known; s++)
        known = g_str_equal (s->name, l->data);
      if (!known)
        return fail (out, "unknown_member", path_join (prefix, l->data),
                     "Trường “%s” không có trong giao thức phiên bản này.", (const char *) l->data);
    }

  for (const Spec *s = spec; s->name != NULL; s++)
    {
      JsonNode *node = json_object_get_member (object, s->name);
      gboolean ok;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          if (s->required)
            return fail (out, "validation_failed", path_join (prefix, s->name),
                         "Thiếu thông tin bắt buộc “%s”.", s->name);
          continue;
        }
      switch (s->kind)
        {
        case K_STRING:
          ok = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
          if (ok && *json_node_get_string (node) == '\0')
            return fail (out, "validation_failed", path_join (prefix, s->name),
                         "“%s” không được để trống.", s->name);
          break;
        case K_INT:
          ok = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
          break;
        case K_OBJECT:
          ok = JSON_NODE_HOLDS_OBJECT (node);
          break;
        case K_BOOL:
          ok = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
          break;
        case K_ARRAY:
        default:
          ok = JSON_NODE_HOLDS_ARRAY (node);
          break;
        }
      if (!ok)
        return fail (out, "validation_failed", path_join (prefix, s->name),
                     "“%s” có kiểu dữ liệu không đúng.", s->name);
    }
  return TRUE;
}

static const char *
get_string (JsonObject *o,
            const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static gint64
get_int (JsonObject *o,
         const char *name)
{
  return json_object_get_int_member (o, name);
}

static gboolean
all_digits (const char *s)
{
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

static gboolean
all_alnum (const char *s)
{
  for (; *s != '\0'; s++)
    if (!g_ascii_isalnum (*s))
      return FALSE;
  return TRUE;
}

static gboolean
validate_applicant (JsonObject *a,
                    MsInvalid  *out)
{
  const char *kind, *number, *dob, *phone;

  if (!check_members (a, applicant_spec, "applicant", out))
    return FALSE;
  if (g_utf8_strlen (get_string (a, "full_name"), -1) > 100)
    return fail (out, "validation_failed", g_strdup ("applicant.full_name"),
                 "Họ và tên dài quá 100 ký tự.");
  kind = get_string (a, "id_kind");
  number = get_string (a, "id_number");
  if (g_str_equal (kind, "cccd"))
    {
      if (strlen (number) != 12 || !all_digits (number))
        return fail (out, "validation_failed", g_strdup ("applicant.id_number"),
                     "Số định danh cá nhân phải có 12 chữ số.");
    }
  else if (g_str_equal (kind, "cmnd"))
    {
      if (strlen (number) != 9 || !all_digits (number))
        return fail (out, "validation_failed", g_strdup ("applicant.id_number"),
                     "Số chứng minh nhân dân phải có 9 chữ số.");
    }
  else if (g_str_equal (kind, "passport"))
    {
      if (strlen (number) < 6 || strlen (number) > 12 || !all_alnum (number))
        return fail (out, "validation_failed", g_strdup ("applicant.id_number"),
                     "Số hộ chiếu phải có từ 6 đến 12 chữ cái hoặc chữ số.");
    }
  else
    return fail (out, "validation_failed", g_strdup ("applicant.id_kind"),
                 "Loại giấy tờ tùy thân phải là cccd, cmnd hoặc passport.");
  dob = get_string (a, "date_of_birth");
  if (dob != NULL && !ms_is_date (dob))
    return fail (out, "validation_failed", g_strdup ("applicant.date_of_birth"),
                 "Ngày sinh phải có dạng YYYY-MM-DD.");
  phone = get_string (a, "phone");
  if (phone != NULL && (phone[0] != '0' || !all_digits (phone)))
    return fail (out, "validation_failed", g_strdup ("applicant.phone"),
                 "Số điện thoại chỉ gồm chữ số và bắt đầu bằng 0.");
  if (g_utf8_strlen (get_string (a, "address"), -1) > MC_LIMIT_ADDRESS_CHARS)
    return fail (out, "validation_failed", g_strdup ("applicant.address"),
                 "Địa chỉ dài quá 300 ký tự.");
  return TRUE;
}

static gboolean
validate_papers (JsonArray *papers,
                 MsInvalid *out)
{
  for (guint i = 0; i < json_array_get_length (papers); i++)
    {
      JsonNode *node = json_array_get_element (papers, i);
      g_autofree char *prefix = g_strdup_printf ("papers[%u]", i);
      JsonObject *p;
      const char *form;
      gint64 copies;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (out, "validation_failed", g_strdup (prefix), "Mỗi giấy tờ phải là một đối tượng.");
      p = json_node_get_object (node);
      if (!check_members (p, paper_spec, prefix, out))
        return FALSE;
      if (g_utf8_strlen (get_string (p, "name"), -1) > MC_LIMIT_PAPER_NAME_CHARS)
        return fail (out, "validation_failed", path_join (prefix, "name"), "Tên giấy tờ dài quá 300 ký tự.");
      form = get_string (p, "form");
      if (!g_str_equal (form, "original") && !g_str_equal (form, "certified_copy") && !g_str_equal (form, "copy"))
        return fail (out, "validation_failed", path_join (prefix, "form"),
                     "Hình thức giấy tờ phải là bản chính, bản sao có chứng thực hoặc bản sao.");
      copies = get_int (p, "copies");
      if (copies < 1 || copies > 99)
        return fail (out, "validation_failed", path_join (prefix, "copies"), "Số bản phải từ 1 đến 99.");
    }
  return TRUE;
}

static gboolean
validate_attachments (JsonArray *attachments,
                      gint64     max_size,
                      MsInvalid *out)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = json_array_get_length (attachments);

  if (n > MS_MAX_ATTACHMENTS)
    return fail (out, "validation_failed", g_strdup ("attachments"),
                 "Hồ sơ có quá %d tệp đính kèm.", MS_MAX_ATTACHMENTS);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (attachments, i);
      g_autofree char *prefix = g_strdup_printf ("attachments[%u]", i);
      JsonObject *a;
      const char *name, *sha, *mime;
      gint64 size;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (out, "validation_failed", g_strdup (prefix), "Mỗi tệp đính kèm phải là một đối tượng.");
      a = json_node_get_object (node);
      if (!check_members (a, attachment_spec, prefix, out))
        return FALSE;
      name = get_string (a, "name");
      if (strlen (name) > MC_LIMIT_ATTACHMENT_NAME_BYTES || strchr (name, '/') != NULL)
        return fail (out, "validation_failed", path_join (prefix, "name"),
                     "Tên tệp đính kèm dài quá 255 byte hoặc có ký tự “/”.");
      sha = get_string (a, "sha256");
      if (!ms_is_sha256 (sha))
        return fail (out, "validation_failed", path_join (prefix, "sha256"),
                     "Mã SHA-256 của tệp phải gồm 64 chữ số hex thường.");
      if (g_hash_table_contains (seen, sha))
        return fail (out, "validation_failed", path_join (prefix, "sha256"),
                     "Một tệp được đính kèm hai lần.");
      g_hash_table_add (seen, (gpointer) sha);
      size = get_int (a, "size");
      if (size < 1 || size > max_size)
        return fail (out, "validation_failed", path_join (prefix, "size"),
                     "Kích thước tệp đính kèm không hợp lệ hoặc vượt quá giới hạn.");
      mime = get_string (a, "mime_type");
      if (!g_str_equal (mime, "application/pdf") && !g_str_equal (mime, "image/jpeg") &&
          !g_str_equal (mime, "image/png"))
        return fail (out, "validation_failed", path_join (prefix, "mime_type"),
                     "Tệp đính kèm phải là PDF, JPEG hoặc PNG.");
    }
  return TRUE;
}

/* The same bounds as the desk's (mc-fees.c, mc-limits.h); the total is
 * summed with mc_fees_add (), which refuses before it could overflow. */
static gboolean
validate_fees (JsonArray *fees,
               MsInvalid *out)
{
  gint64 total = 0;

  if (fees == NULL)
    return TRUE;
  if (json_array_get_length (fees) > MC_LIMIT_FEES)
    return fail (out, "validation_failed", g_strdup ("fees"), "Nhiều nhất %d khoản phí, lệ phí.", MC_LIMIT_FEES);
  for (guint i = 0; i < json_array_get_length (fees); i++)
    {
      JsonNode *node = json_array_get_element (fees, i);
      g_autofree char *prefix = g_strdup_printf ("fees[%u]", i);
      JsonObject *f;
      gint64 amount;
      gboolean exempt;
      const char *reason;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (out, "validation_failed", g_strdup (prefix), "Mỗi khoản phí, lệ phí phải là một đối tượng.");
      f = json_node_get_object (node);
      if (!check_members (f, fee_spec, prefix, out))
        return FALSE;
      if (g_utf8_strlen (get_string (f, "name"), -1) > MC_LIMIT_FEE_NAME_CHARS)
        return fail (out, "validation_failed", path_join (prefix, "name"),
                     "Tên khoản phí dài quá %d ký tự.", MC_LIMIT_FEE_NAME_CHARS);
      amount = get_int (f, "amount");
      if (amount < 0 || amount > MC_LIMIT_FEE_AMOUNT)
        return fail (out, "validation_failed", path_join (prefix, "amount"),
                     "Số tiền phải là số đồng nguyên từ 0 đến %lld.", (long long) MC_LIMIT_FEE_AMOUNT);
      exempt = json_object_has_member (f, "exempt") && !json_object_get_null_member (f, "exempt") &&
               json_object_get_boolean_member (f, "exempt");
      reason = get_string (f, "reason");
      if (exempt && (amount != 0 || reason == NULL))
        return fail (out, "validation_failed", path_join (prefix, exempt && amount != 0 ? "amount" : "reason"),
                     "Khoản được miễn phải có số tiền 0 và ghi lý do miễn.");
      if (!exempt && reason != NULL)
        return fail (out, "validation_failed", path_join (prefix, "reason"), "Chỉ ghi lý do cho khoản được miễn.");
      if (reason != NULL && g_utf8_strlen (reason, -1) > MC_LIMIT_REASON_CHARS)
        return fail (out, "validation_failed", path_join (prefix, "reason"),
                     "Lý do miễn dài quá %d ký tự.", MC_LIMIT_REASON_CHARS);
      if (!mc_fees_add (total, amount, &total))
        return fail (out, "validation_failed", g_strdup ("fees"), "Tổng phí, lệ phí vượt quá giới hạn.");
    }
  return TRUE;
}

gboolean
ms_validate_dossier (JsonObject *body,
                     gint64      max_attachment_size,
                     MsInvalid  *out)
{
  const char *code;
  gint64 days, sets;

  if (!check_members (body, dossier_spec, NULL, out))
    return FALSE;
  if (!ms_is_uuid (get_string (body, "uuid")))
    return fail (out, "validation_failed", g_strdup ("uuid"), "UUID của hồ sơ không đúng dạng.");
  if (get_int (body, "revision") < 1)
    return fail (out, "validation_failed", g_strdup ("revision"), "Số lần gửi (revision) phải từ 1 trở lên.");
  code = get_string (body, "code");
  if (g_utf8_strlen (code, -1) > MC_LIMIT_CODE_CHARS)
    return fail (out, "validation_failed", g_strdup ("code"), "Mã hồ sơ dài quá 64 ký tự.");
  days = get_int (body, "processing_days");
  if (days < 0 || days > 365)
    return fail (out, "validation_failed", g_strdup ("processing_days"),
                 "Thời hạn giải quyết phải từ 0 đến 365 ngày làm việc.");
  if (!ms_is_time (get_string (body, "received_at")))
    return fail (out, "validation_failed", g_strdup ("received_at"),
                 "Thời điểm tiếp nhận phải theo RFC 3339, ví dụ 2026-11-23T09:15:00+07:00.");
  if (!ms_is_date (get_string (body, "due_date")))
    return fail (out, "validation_failed", g_strdup ("due_date"), "Ngày hẹn trả phải có dạng YYYY-MM-DD.");
  if (!validate_applicant (json_object_get_object_member (body, "applicant"), out))
    return FALSE;
  sets = get_int (body, "sets");
  if (sets < 1 || sets > 99)
    return fail (out, "validation_failed", g_strdup ("sets"), "Số bộ hồ sơ phải từ 1 đến 99.");
  if (!validate_papers (json_object_get_array_member (body, "papers"), out))
    return FALSE;
  if (get_string (body, "notes") != NULL && g_utf8_strlen (get_string (body, "notes"), -1) > MC_LIMIT_NOTES_CHARS)
    return fail (out, "validation_failed", g_strdup ("notes"), "Ghi chú dài quá 2000 ký tự.");
  if (json_object_has_member (body, "fees") &&
      !validate_fees (json_object_get_array_member (body, "fees"), out))
    return FALSE;
  return validate_attachments (json_object_get_array_member (body, "attachments"), max_attachment_size, out);
}

/* §7.6: a hand-over names who received the result (a person's name, as
 * the desk checks it); the others carry a reason instead. */
static gboolean
validate_return (JsonObject *body,
                 gboolean    is_return,
                 MsInvalid  *out)
{
  const char *received_by = get_string (body, "received_by");

  if (!is_return && received_by != NULL)
    return fail (out, "unknown_member", g_strdup ("received_by"), "Chỉ thao tác return mới có người nhận kết quả.");
  if (!is_return && get_string (body, "reason") == NULL)
    return fail (out, "validation_failed", g_strdup ("reason"), "Thiếu thông tin bắt buộc “reason”.");
  if (is_return && (received_by == NULL || !mc_validate_full_name (received_by, NULL)))
    return fail (out, "validation_failed", g_strdup ("received_by"),
                 "Người nhận kết quả phải là họ tên một người (tối đa 100 ký tự).");
  return TRUE;
}

gboolean
ms_validate_action (JsonObject *body,
                    MsInvalid  *out)
{
  const char *action, *due;

  if (!check_members (body, action_spec, NULL, out))
    return FALSE;
  action = get_string (body, "action");
  if (!g_str_equal (action, "supplement") && !g_str_equal (action, "refuse") &&
      !g_str_equal (action, "new-date") && !g_str_equal (action, "stop") && !g_str_equal (action, "return"))
    return fail (out, "validation_failed", g_strdup ("action"),
                 "Thao tác phải là supplement, refuse, new-date, stop hoặc return.");
  if (!validate_return (body, g_str_equal (action, "return"), out))
    return FALSE;
  if (!ms_is_time (get_string (body, "at")))
    return fail (out, "validation_failed", g_strdup ("at"),
                 "Thời điểm phải theo RFC 3339, ví dụ 2026-11-27T15:20:00+07:00.");
  if (get_string (body, "reason") != NULL && g_utf8_strlen (get_string (body, "reason"), -1) > MC_LIMIT_REASON_CHARS)
    return fail (out, "validation_failed", g_strdup ("reason"), "Lý do dài quá 1000 ký tự.");
  due = get_string (body, "new_due_date");
  if (g_str_equal (action, "new-date"))
    {
      if (due == NULL || !ms_is_date (due))
        return fail (out, "validation_failed", g_strdup ("new_due_date"),
                     "Ngày hẹn mới phải có dạng YYYY-MM-DD.");
    }
  else if (due != NULL)
    return fail (out, "unknown_member", g_strdup ("new_due_date"),
                 "Chỉ thao tác new-date mới có ngày hẹn mới.");
  return TRUE;
}
