/* ms-dossiers-body.c — a dossier or action request's body, read once, and
 * the answers the handlers share */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <string.h>

#include "mc-canon.h"
#include "ms-dossiers-private.h"

void
ms_body_clear (MsBody *body)
{
  g_clear_pointer (&body->root, json_node_unref);
  g_clear_pointer (&body->canonical, g_free);
  g_clear_pointer (&body->sha256, g_free);
}


void
ms_set_str (char       **target,
            const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*target);
  *target = copy;
}

char *
ms_bytes_to_string (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return g_strndup (data, size);
}

/* Parses and canonicalises the request body; answers on failure. */
gboolean
ms_body_read (MsAnswer *answer,
              GBytes   *bytes,
              MsBody   *body)
{
  g_autoptr(GBytes) canon = NULL;
  g_autoptr(GError) error = NULL;

  if (g_bytes_get_size (bytes) > MS_MAX_BODY_SIZE)
    {
      ms_answer_error (answer, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                      "Nội dung hồ sơ vượt quá giới hạn 1 MiB của máy chủ.", NULL);
      return FALSE;
    }
  body->root = ms_parse_json (bytes, &error);
  if (body->root == NULL)
    {
      ms_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "invalid_json",
                      "Nội dung gửi lên không phải JSON hợp lệ (hoặc có tên trường lặp lại).", NULL);
      return FALSE;
    }
  body->object = json_node_get_object (body->root);
  canon = mc_canon_from_node (body->root, &error);
  if (canon == NULL)
    {
      ms_answer_error (answer, SOUP_STATUS_UNPROCESSABLE_ENTITY, "validation_failed",
                      "Nội dung có số không nguyên, số quá lớn hoặc giá trị null trong danh sách.", NULL);
      return FALSE;
    }
  body->canonical = ms_bytes_to_string (canon);
  body->sha256 = mc_canon_sha256_hex (canon);
  return TRUE;
}

void
ms_reply_invalid (MsAnswer  *answer,
                  MsInvalid *invalid)
{
  ms_answer_error (answer, invalid->status, invalid->code, invalid->message, invalid->field);
  ms_invalid_clear (invalid);
}

JsonNode *
ms_details_string (const char *name,
                   const char *value)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, name, value);
  json_node_take_object (node, o);
  return node;
}

JsonNode *
ms_details_int (const char *name,
                gint64      value)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, name, value);
  json_node_take_object (node, o);
  return node;
}

void
ms_reply_stored (MsAnswer   *answer,
                 guint       status,
                 const char *result,
                 gboolean    replayed)
{
  if (replayed)
    ms_answer_set_header (answer, "MotCua-Replayed", "true");
  ms_answer_json_text (answer, status, result);
}

void
ms_reply_replay (MsAnswer   *answer,
                 gboolean    same,
                 const char *stored_hash,
                 const char *stored_result,
                 const char *conflict_message)
{
  g_autoptr(JsonNode) details = NULL;

  if (same)
    {
      ms_reply_stored (answer, SOUP_STATUS_OK, stored_result, TRUE);
      return;
    }
  details = ms_details_string ("stored_body_sha256", stored_hash);
  ms_answer_error_full (answer, SOUP_STATUS_CONFLICT, "body_conflict", conflict_message, NULL, NULL, details);
}
