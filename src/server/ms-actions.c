/* ms-actions.c — PUT /api/v1/dossiers/{uuid}/actions/{action_uuid}
 * (docs/sync-protocol.md §7.7): the desk's decisions, idempotent like the
 * revisions (ms-dossiers.c)
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <string.h>

#include "ms-dossiers-private.h"
#include "ms-forward.h"

static gboolean
is_final_state (gint64 code)
{
  return code == 3 || code == 7 || code == 8 || code == 9 || code == 10;
}

static char *
build_action_result (const char      *action_uuid,
                     const MsDossier *d,
                     gint64           position)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *change_id = g_strdup_printf ("c1-%012" G_GINT64_FORMAT, position);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "action_uuid");
  json_builder_add_string_value (b, action_uuid);
  json_builder_set_member_name (b, "uuid");
  json_builder_add_string_value (b, d->uuid);
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, ms_state_name (d->state_code));
  json_builder_set_member_name (b, "state_code");
  json_builder_add_int_value (b, d->state_code);
  json_builder_set_member_name (b, "due_date");
  json_builder_add_string_value (b, d->due_date);
  json_builder_set_member_name (b, "change_id");
  json_builder_add_string_value (b, change_id);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static gboolean
action_in_transaction (MsJob             *job,
                       sqlite3           *db,
                       MsBody            *body,
                       GError           **error)
{
  MsServer *server = job->server;
  MsAnswer *answer = &job->answer;
  MsStation *station = job->station;
  const char *uuid = job->arg1;
  const char *action_uuid = job->arg2;
  JsonObject *o = body->object;
  const char *action = json_object_get_string_member (o, "action");
  const char *new_due = json_object_get_string_member_with_default (o, "new_due_date", NULL);
  g_autoptr(MsDossier) d = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *stored_uuid = NULL;
  g_autofree char *stored_hash = NULL;
  g_autofree char *stored_result = NULL;
  g_autofree char *now = ms_now_string ();
  g_autofree char *handler = NULL;
  g_autofree char *result = NULL;
  g_autofree char *message = NULL;
  MsChange change = { 0 };
  gint64 position;

  d = ms_db_dossier_get (db, uuid, &local);
  if (d == NULL)
    {
      if (!g_error_matches (local, MS_ERROR, MS_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        ms_answer_error (answer, SOUP_STATUS_NOT_FOUND, "dossier_not_found",
                        "Máy chủ chưa có hồ sơ này; máy trạm sẽ gửi hồ sơ trước.", NULL);
      return FALSE;
    }
  if (d->station_id != station->id)
    {
      ms_answer_error (answer, SOUP_STATUS_FORBIDDEN, "forbidden", "Hồ sơ này thuộc một máy trạm khác.", NULL);
      return FALSE;
    }

  if (ms_db_action_lookup (db, action_uuid, &stored_uuid, &stored_hash, &stored_result, error))
    {
      ms_reply_replay (answer, g_str_equal (stored_uuid, uuid) && g_str_equal (stored_hash, body->sha256),
                       stored_hash, stored_result,
                       "Thao tác này đã được máy chủ nhận với nội dung khác. Hãy liên hệ bộ phận một cửa của tỉnh.");
      return FALSE;
    }
  if (error != NULL && *error != NULL)
    return FALSE;

  /* A hand-over follows "done" (9) and nothing else; every other
   * decision is refused once the dossier is final (§8). */
  if (g_str_equal (action, "return") ? d->state_code != 9 : is_final_state (d->state_code))
    {
      g_autoptr(JsonNode) details = json_node_new (JSON_NODE_OBJECT);
      JsonObject *det = json_object_new ();
      g_autofree char *message =
        g_str_equal (action, "return") && d->state_code != 10
        ? g_strdup_printf ("Máy chủ ghi hồ sơ ở trạng thái “%s”, chưa xử lý xong: chưa thể trả kết quả. Hãy liên hệ bộ phận một cửa của tỉnh.",
                           ms_state_name (d->state_code))
        : g_strdup_printf ("Máy chủ đã ghi hồ sơ ở trạng thái “%s”, không nhận thêm thao tác. Hãy liên hệ bộ phận một cửa của tỉnh.",
                           ms_state_name (d->state_code));

      json_object_set_string_member (det, "state", ms_state_name (d->state_code));
      json_object_set_int_member (det, "state_code", d->state_code);
      json_node_take_object (details, det);
      ms_answer_error_full (answer, SOUP_STATUS_CONFLICT, "state_conflict", message, NULL, NULL, details);
      return FALSE;
    }

  if (new_due != NULL && strncmp (new_due, d->received_at, 10) <= 0)
    {
      ms_answer_error (answer, SOUP_STATUS_UNPROCESSABLE_ENTITY, "validation_failed",
                      "Ngày hẹn mới phải sau ngày tiếp nhận hồ sơ.", "new_due_date");
      return FALSE;
    }

  if (g_str_equal (action, "supplement"))
    d->state_code = 5;
  else if (g_str_equal (action, "refuse"))
    d->state_code = 3;
  else if (g_str_equal (action, "stop"))
    d->state_code = 8;
  else if (g_str_equal (action, "return"))
    d->state_code = 10;
  else
    ms_set_str (&d->due_date, new_due);
  d->last_seq++;

  handler = ms_json_handler (json_object_get_string_member (o, "actor"), NULL, station->agency_name);
  change.station_id = d->station_id;
  change.uuid = d->uuid;
  change.seq = d->last_seq;
  change.kind = (char *) (new_due != NULL ? "due_date" : "state");
  change.at = now;
  change.state_code = d->state_code;
  change.due_date = d->due_date;
  change.source = (char *) "desk";
  change.action_uuid = (char *) action_uuid;
  change.handler = handler;
  change.message = (char *) json_object_get_string_member_with_default (o, "reason", NULL);
  if (g_str_equal (action, "return") && change.message == NULL)
    change.message = message = g_strdup_printf ("Đã trả kết quả cho %s",
                                                 json_object_get_string_member (o, "received_by"));
  position = ms_db_change_insert (db, &change, error);
  if (position == 0)
    return FALSE;

  result = build_action_result (action_uuid, d, position);
  if (!ms_db_action_insert (db, action_uuid, uuid, body->sha256, body->canonical, result, error) ||
      !ms_db_dossier_update (db, d, error))
    return FALSE;
  if (server->forward != NULL &&
      !ms_db_forward_enqueue (db, d->uuid, d->code, "action", d->revision, action_uuid,
                              d->state_code, d->due_date, now, error))
    return FALSE;
  if (!ms_db_commit (db, error))
    return FALSE;
  job->kick_forward = TRUE;
  ms_reply_stored (answer, SOUP_STATUS_CREATED, result, FALSE);
  return TRUE;
}

/* A job (ms-pool.c): PUT /dossiers/{uuid}/actions/{action_uuid}. */
void
ms_action_put (MsJob   *job,
               sqlite3 *db)
{
  MsAnswer *answer = &job->answer;
  const char *uuid = job->arg1;
  const char *action_uuid = job->arg2;
  g_auto(MsBody) body = { 0 };
  g_autoptr(GError) error = NULL;
  MsInvalid invalid = { 0 };

  if (!ms_is_uuid (uuid) || !ms_is_uuid (action_uuid))
    {
      ms_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "bad_request", "UUID trong địa chỉ không đúng dạng.", NULL);
      return;
    }
  if (!ms_body_read (answer, job->body, &body))
    return;
  if (!ms_validate_action (body.object, &invalid))
    {
      ms_reply_invalid (answer, &invalid);
      return;
    }
  if (!ms_db_begin (db, &error))
    {
      ms_answer_internal (answer, error);
      return;
    }
  ms_pool_fault_hold (job->server);
  if (!action_in_transaction (job, db, &body, &error))
    {
      ms_db_rollback (db);
      if (error != NULL)
        ms_answer_internal (answer, error);
    }
}
