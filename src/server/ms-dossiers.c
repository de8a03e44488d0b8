/* ms-dossiers.c — PUT/GET /api/v1/dossiers/{uuid} (actions: ms-actions.c)
 * (docs/sync-protocol.md §7.5–7.7)
 *
 * Idempotency: the canonical body hash (§6) of each acknowledged revision or
 * action is stored with its result text, which a replay returns byte for
 * byte. Checks, storage and the first change happen in one IMMEDIATE
 * transaction; the answer is sent only after its commit (synchronous=FULL).
 * Both run on a worker (ms-pool.c): they fill the job's answer.
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <string.h>

#include "mc-canon.h"
#include "mc-codes.h"
#include "ms-forward.h"
#include "ms-dossiers-private.h"

/* Facts printed on the receipt (Mẫu 01): a later revision may not change them. */
static const char *receipt_members[] = {
  "code", "procedure_code", "procedure_national_code", "procedure_name", "procedure_field",
  "processing_days", "received_at", "received_by", "backdate_reason", "due_date", NULL,
};

/* A token bound to an agency code and a station number (`token
 * --agency-code C --station-number N`) may only send codes of that
 * station's range; a token with a name alone sends any code. */
static gboolean
code_in_station_range (const MsStation *station,
                       const char      *code)
{
  g_autofree char *agency = NULL;
  guint sequence = 0, first = 0, last = 0;

  if (station->agency_code == NULL || station->station_number < MC_CODES_MIN_STATION ||
      station->station_number > MC_CODES_MAX_STATION)
    return TRUE;
  if (!mc_codes_parse (code, &agency, NULL, &sequence, NULL))
    return FALSE;
  mc_codes_station_range ((guint) station->station_number, &first, &last);
  return g_str_equal (agency, station->agency_code) && sequence >= first && sequence <= last;
}

/* The first receipt member whose canonical value differs, or NULL. */
static const char *
changed_receipt_member (JsonObject *stored,
                        JsonObject *body)
{
  for (guint i = 0; receipt_members[i] != NULL; i++)
    {
      JsonNode *a = json_object_get_member (stored, receipt_members[i]);
      JsonNode *b = json_object_get_member (body, receipt_members[i]);
      g_autoptr(GBytes) ca = NULL;
      g_autoptr(GBytes) cb = NULL;

      if (a != NULL && JSON_NODE_HOLDS_NULL (a))
        a = NULL;
      if (b != NULL && JSON_NODE_HOLDS_NULL (b))
        b = NULL;
      if (a == NULL || b == NULL)
        {
          if (a != b)
            return receipt_members[i];
          continue;
        }
      ca = mc_canon_from_node (a, NULL);
      cb = mc_canon_from_node (b, NULL);
      if (ca == NULL || cb == NULL || !g_bytes_equal (ca, cb))
        return receipt_members[i];
    }
  return NULL;
}

static gboolean
rejected_by_fault (MsServer   *server,
                   JsonObject *body)
{
  JsonObject *applicant = json_object_get_object_member (body, "applicant");
  g_autofree char *nfc = NULL;
  g_autofree char *folded = NULL;

  if (server->fault_reject->len == 0)
    return FALSE;
  nfc = g_utf8_normalize (json_object_get_string_member (applicant, "full_name"), -1, G_NORMALIZE_NFC);
  folded = g_utf8_casefold (nfc, -1);
  for (guint i = 0; i < server->fault_reject->len; i++)
    if (strstr (folded, server->fault_reject->pdata[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* Every attachment must be held, with the stated size; replies if not. */
static gboolean
check_attachments (sqlite3           *db,
                   MsAnswer          *answer,
                   JsonArray         *attachments,
                   GError           **error)
{
  g_autoptr(JsonArray) missing = json_array_new ();
  g_autoptr(JsonNode) missing_node = NULL;
  g_autofree char *message = NULL;
  gint mismatch = -1;

  for (guint i = 0; i < json_array_get_length (attachments); i++)
    {
      JsonObject *a = json_array_get_object_element (attachments, i);
      const char *sha = json_object_get_string_member (a, "sha256");
      gint64 size = 0;

      if (ms_db_file_lookup (db, sha, &size, error))
        {
          if (size != json_object_get_int_member (a, "size") && mismatch < 0)
            mismatch = i;
        }
      else if (error != NULL && *error != NULL)
        return FALSE;
      else
        json_array_add_string_element (missing, sha);
    }

  if (json_array_get_length (missing) > 0)
    {
      message = g_strdup_printf ("Máy chủ chưa có %u tệp đính kèm của hồ sơ; máy trạm sẽ gửi lại.",
                                 json_array_get_length (missing));
      missing_node = json_node_new (JSON_NODE_ARRAY);
      json_node_set_array (missing_node, missing);
      ms_answer_error_full (answer, SOUP_STATUS_UNPROCESSABLE_ENTITY, "attachments_missing", message,
                           NULL, missing_node, NULL);
      return FALSE;
    }
  if (mismatch >= 0)
    {
      g_autofree char *field = g_strdup_printf ("attachments[%d].size", mismatch);

      ms_answer_error (answer, SOUP_STATUS_UNPROCESSABLE_ENTITY, "attachment_mismatch",
                      "Kích thước tệp đính kèm khác với tệp máy chủ đã nhận; hãy đính kèm lại tệp này.",
                      field);
      return FALSE;
    }
  return TRUE;
}

static char *
build_result (const char *uuid,
              gint64      revision,
              const char *code,
              const char *sha256,
              const char *accepted_at,
              const char *server_ref)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "uuid");
  json_builder_add_string_value (b, uuid);
  json_builder_set_member_name (b, "revision");
  json_builder_add_int_value (b, revision);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "body_sha256");
  json_builder_add_string_value (b, sha256);
  json_builder_set_member_name (b, "accepted_at");
  json_builder_add_string_value (b, accepted_at);
  json_builder_set_member_name (b, "server_ref");
  json_builder_add_string_value (b, server_ref);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* Inside the transaction: stores revision @body; returns the status to answer. */
static guint
store_revision (MsServer   *server,
                sqlite3    *db,
                MsStation  *station,
                MsDossier  *existing,
                MsBody       *body,
                char      **result_out,
                GError    **error)
{
  JsonObject *o = body->object;
  const char *uuid = json_object_get_string_member (o, "uuid");
  gint64 revision = json_object_get_int_member (o, "revision");
  g_autofree char *now = ms_now_string ();
  g_autoptr(MsDossier) fresh = NULL;
  MsDossier *d = existing;
  MsChange change = { 0 };
  g_autofree char *result = NULL;

  if (d == NULL)
    {
      fresh = g_new0 (MsDossier, 1);
      d = fresh;
      d->uuid = g_strdup (uuid);
      d->station_id = station->id;
      d->code = g_strdup (json_object_get_string_member (o, "code"));
      d->server_ref = g_strdup (uuid);
      d->state_code = 2;
      d->due_date = g_strdup (json_object_get_string_member (o, "due_date"));
      d->received_at = g_strdup (json_object_get_string_member (o, "received_at"));
      d->body = g_strdup (body->canonical);
      d->body_sha256 = g_strdup (body->sha256);
      d->accepted_at = g_strdup (now);
      d->revision = revision;
      d->last_seq = 1;
      if (!ms_db_dossier_insert (db, d, error))
        return 0;
      g_free (d->server_ref);
      d->server_ref = g_strdup_printf ("HS-%.4s-%06" G_GINT64_FORMAT, now, d->rowid);
      change.kind = (char *) "accepted";
      change.source = (char *) "desk";
    }
  else
    {
      ms_set_str (&d->body, body->canonical);
      ms_set_str (&d->body_sha256, body->sha256);
      ms_set_str (&d->accepted_at, now);
      d->revision = revision;
      d->last_seq++;
      /* A new revision of a dossier waiting for papers is the supplement. */
      if (d->state_code == 5)
        {
          d->state_code = 4;
          change.kind = (char *) "state";
          change.source = (char *) "server";
          change.message = (char *) "Đã nhận hồ sơ bổ sung; hồ sơ tiếp tục được xử lý.";
        }
      else
        {
          change.kind = (char *) "accepted";
          change.source = (char *) "desk";
        }
    }

  if (!ms_db_dossier_update (db, d, error))
    return 0;
  result = build_result (uuid, revision, d->code, body->sha256, now, d->server_ref);
  if (!ms_db_revision_insert (db, uuid, revision, body->sha256, body->canonical, result, now, error))
    return 0;

  change.station_id = d->station_id;
  change.uuid = d->uuid;
  change.seq = d->last_seq;
  change.at = now;
  change.state_code = d->state_code;
  change.due_date = d->due_date;
  if (ms_db_change_insert (db, &change, error) == 0)
    return 0;
  if (server->forward != NULL &&
      !ms_db_forward_enqueue (db, d->uuid, d->code, "revision", revision, NULL,
                              d->state_code, d->due_date, now, error))
    return 0;

  *result_out = g_steal_pointer (&result);
  return existing == NULL ? SOUP_STATUS_CREATED : SOUP_STATUS_OK;
}

/* Inside the transaction: everything of §7.5 after syntax. Returns TRUE to commit. */
static gboolean
put_in_transaction (MsJob             *job,
                    sqlite3           *db,
                    const char        *uuid,
                    MsBody            *body,
                    GError           **error)
{
  MsServer *server = job->server;
  MsAnswer *answer = &job->answer;
  MsStation *station = job->station;
  JsonObject *o = body->object;
  gint64 revision = json_object_get_int_member (o, "revision");
  g_autoptr(MsDossier) dossier = NULL;
  g_autoptr(MsDossier) other = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *stored_hash = NULL;
  g_autofree char *stored_result = NULL;
  g_autofree char *result = NULL;
  guint status;

  dossier = ms_db_dossier_get (db, uuid, &local);
  if (dossier == NULL && !g_error_matches (local, MS_ERROR, MS_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (dossier != NULL && dossier->station_id != station->id)
    {
      ms_answer_error (answer, SOUP_STATUS_FORBIDDEN, "forbidden", "Hồ sơ này thuộc một máy trạm khác.", NULL);
      return FALSE;
    }

  if (ms_db_revision_lookup (db, uuid, revision, &stored_hash, &stored_result, error))
    {
      ms_reply_replay (answer, g_str_equal (stored_hash, body->sha256), stored_hash, stored_result,
                       "Lần gửi này của hồ sơ đã được máy chủ nhận với nội dung khác. Hãy liên hệ bộ phận một cửa của tỉnh.");
      return FALSE;
    }
  if (error != NULL && *error != NULL)
    return FALSE;

  if (dossier != NULL)
    {
      g_autoptr(JsonNode) stored = NULL;
      g_autoptr(GBytes) stored_bytes = NULL;
      const char *changed;

      if (revision < dossier->revision)
        {
          g_autoptr(JsonNode) details = ms_details_int ("latest_revision", dossier->revision);

          ms_answer_error_full (answer, SOUP_STATUS_CONFLICT, "stale_revision",
                               "Máy chủ đã nhận một lần gửi mới hơn của hồ sơ này.", NULL, NULL, details);
          return FALSE;
        }
      stored_bytes = g_bytes_new_static (dossier->body, strlen (dossier->body));
      stored = ms_parse_json (stored_bytes, error);
      if (stored == NULL)
        return FALSE;
      changed = changed_receipt_member (json_node_get_object (stored), o);
      if (changed != NULL)
        {
          g_autofree char *message =
            g_strdup_printf ("Không được sửa “%s” vì đã in trên giấy tiếp nhận. Hãy trả lại giá trị cũ; nếu nó sai, liên hệ bộ phận một cửa của tỉnh.",
                             changed);

          ms_answer_error (answer, SOUP_STATUS_UNPROCESSABLE_ENTITY, "immutable_field", message, changed);
          return FALSE;
        }
    }

  if (rejected_by_fault (server, o))
    {
      ms_answer_error (answer, SOUP_STATUS_UNPROCESSABLE_ENTITY, "validation_failed",
                      "Họ tên người nộp hồ sơ không được máy chủ chấp nhận; hãy kiểm tra, sửa lại và gửi lại.",
                      "applicant.full_name");
      return FALSE;
    }

  if (!code_in_station_range (station, json_object_get_string_member (o, "code")))
    {
      g_autofree char *message =
        g_strdup_printf ("Mã hồ sơ không thuộc dải mã của máy trạm này (máy trạm số %" G_GINT64_FORMAT
                         " của đơn vị %s). Hãy kiểm tra mã đơn vị và số máy trạm đã cài đặt trên máy; "
                         "hai máy không được dùng cùng một số máy trạm.",
                         station->station_number, station->agency_code);

      ms_answer_error (answer, SOUP_STATUS_FORBIDDEN, "code_out_of_range", message, "code");
      return FALSE;
    }

  other = ms_db_dossier_get_by_code (db, json_object_get_string_member (o, "code"), NULL);
  if (other != NULL && !g_str_equal (other->uuid, uuid))
    {
      /* Another station's dossier is not named to this one. */
      g_autoptr(JsonNode) details = other->station_id == station->id
                                      ? ms_details_string ("other_uuid", other->uuid) : NULL;

      ms_answer_error_full (answer, SOUP_STATUS_CONFLICT, "code_conflict",
                           "Mã hồ sơ này đã được dùng cho một hồ sơ khác trên máy chủ. Hãy liên hệ bộ phận một cửa của tỉnh.",
                           "code", NULL, details);
      return FALSE;
    }

  if (!check_attachments (db, answer, json_object_get_array_member (o, "attachments"), error))
    return FALSE;

  status = store_revision (server, db, station, dossier, body, &result, error);
  if (status == 0)
    return FALSE;
  if (!ms_db_commit (db, error))
    return FALSE;
  job->kick_forward = TRUE;
  ms_reply_stored (answer, status, result, FALSE);
  return TRUE;
}

/* A job (ms-pool.c): PUT /dossiers/{uuid}. */
void
ms_dossier_put (MsJob   *job,
                sqlite3 *db)
{
  MsServer *server = job->server;
  MsAnswer *answer = &job->answer;
  const char *uuid = job->arg1;
  g_auto(MsBody) body = { 0 };
  g_autoptr(GError) error = NULL;
  MsInvalid invalid = { 0 };
  JsonNode *body_uuid;

  if (!ms_is_uuid (uuid))
    {
      ms_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "bad_request", "UUID trong địa chỉ không đúng dạng.", NULL);
      return;
    }
  if (!ms_body_read (answer, job->body, &body))
    return;
  body_uuid = json_object_get_member (body.object, "uuid");
  if (body_uuid != NULL && JSON_NODE_HOLDS_VALUE (body_uuid) &&
      json_node_get_value_type (body_uuid) == G_TYPE_STRING &&
      !g_str_equal (json_node_get_string (body_uuid), uuid))
    {
      ms_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "uuid_mismatch",
                      "UUID trong nội dung khác UUID trong địa chỉ.", "uuid");
      return;
    }
  if (!ms_validate_dossier (body.object, server->max_attachment_size, &invalid))
    {
      ms_reply_invalid (answer, &invalid);
      return;
    }

  if (!ms_db_begin (db, &error))
    {
      ms_answer_internal (answer, error);
      return;
    }
  ms_pool_fault_hold (server);
  if (!put_in_transaction (job, db, uuid, &body, &error))
    {
      ms_db_rollback (db);
      if (error != NULL)
        ms_answer_internal (answer, error);
    }
}

/* ---- GET ------------------------------------------------------------------ */

/* A job: GET /dossiers/{uuid}. */
void
ms_dossier_get (MsJob   *job,
                sqlite3 *db)
{
  MsAnswer *answer = &job->answer;
  MsStation *station = job->station;
  const char *uuid = job->arg1;
  g_autoptr(MsDossier) d = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (!ms_is_uuid (uuid))
    {
      ms_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "bad_request", "UUID trong địa chỉ không đúng dạng.", NULL);
      return;
    }
  d = ms_db_dossier_get (db, uuid, &error);
  if (d == NULL)
    {
      if (g_error_matches (error, MS_ERROR, MS_ERROR_NOT_FOUND))
        ms_answer_error (answer, SOUP_STATUS_NOT_FOUND, "not_found", "Máy chủ chưa có hồ sơ này.", NULL);
      else
        ms_answer_internal (answer, error);
      return;
    }
  if (d->station_id != station->id)
    {
      ms_answer_error (answer, SOUP_STATUS_FORBIDDEN, "forbidden", "Hồ sơ này thuộc một máy trạm khác.", NULL);
      return;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "uuid");
  json_builder_add_string_value (b, d->uuid);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, d->code);
  json_builder_set_member_name (b, "revision");
  json_builder_add_int_value (b, d->revision);
  json_builder_set_member_name (b, "body_sha256");
  json_builder_add_string_value (b, d->body_sha256);
  json_builder_set_member_name (b, "accepted_at");
  json_builder_add_string_value (b, d->accepted_at);
  json_builder_set_member_name (b, "server_ref");
  json_builder_add_string_value (b, d->server_ref);
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, ms_state_name (d->state_code));
  json_builder_set_member_name (b, "state_code");
  json_builder_add_int_value (b, d->state_code);
  json_builder_set_member_name (b, "due_date");
  json_builder_add_string_value (b, d->due_date);
  json_builder_set_member_name (b, "last_change_seq");
  json_builder_add_int_value (b, d->last_seq);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  ms_answer_json (answer, SOUP_STATUS_OK, root);
}

