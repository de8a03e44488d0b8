/* ms-reply.c — answers (§5.3 error bodies included), built on any thread
 *
 * A request handled by a worker (ms-pool.c) may not touch its
 * SoupServerMessage: libsoup is not thread-safe. Its handler fills an
 * MsAnswer instead, which the main thread copies onto the message before it
 * unpauses it. Handlers on the main thread use the ms_reply_* wrappers,
 * which build an answer and send it at once.
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <string.h>

#include "ms-server.h"

void
ms_answer_init (MsAnswer *answer,
                gboolean  head)
{
  memset (answer, 0, sizeof *answer);
  answer->head = head;
  answer->headers = g_ptr_array_new_with_free_func (g_free);
}

void
ms_answer_clear (MsAnswer *answer)
{
  g_clear_pointer (&answer->content_type, g_free);
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_clear_pointer (&answer->headers, g_ptr_array_unref);
}

void
ms_answer_set_status (MsAnswer *answer,
                      guint     status)
{
  answer->status = status;
}

void
ms_answer_set_header (MsAnswer   *answer,
                      const char *name,
                      const char *value)
{
  g_ptr_array_add (answer->headers, g_strdup (name));
  g_ptr_array_add (answer->headers, g_strdup (value));
}

void
ms_answer_set_header_int (MsAnswer   *answer,
                          const char *name,
                          gint64      value)
{
  g_ptr_array_add (answer->headers, g_strdup (name));
  g_ptr_array_add (answer->headers, g_strdup_printf ("%" G_GINT64_FORMAT, value));
}

void
ms_answer_json_text (MsAnswer   *answer,
                     guint       status,
                     const char *text)
{
  answer->status = status;
  if (answer->head)
    return;
  g_free (answer->content_type);
  answer->content_type = g_strdup ("application/json");
  g_clear_pointer (&answer->body, g_bytes_unref);
  answer->body = g_bytes_new (text, strlen (text));
}

void
ms_answer_json (MsAnswer *answer,
                guint     status,
                JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  ms_answer_json_text (answer, status, text);
}

char *
ms_json_handler (const char *name,
                 const char *title,
                 const char *unit)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name != NULL ? name : "");
  mc_json_add_string_or_null (b, "title", title);
  mc_json_add_string_or_null (b, "unit", unit);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

void
ms_answer_error_full (MsAnswer   *answer,
                      guint       status,
                      const char *code,
                      const char *message,
                      const char *field,
                      JsonNode   *missing,
                      JsonNode   *details)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  if (field != NULL)
    {
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, field);
    }
  if (missing != NULL)
    {
      json_builder_set_member_name (builder, "missing");
      json_builder_add_value (builder, json_node_copy (missing));
    }
  if (details != NULL)
    {
      json_builder_set_member_name (builder, "details");
      json_builder_add_value (builder, json_node_copy (details));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  ms_answer_json (answer, status, root);
}

void
ms_answer_error (MsAnswer   *answer,
                 guint       status,
                 const char *code,
                 const char *message,
                 const char *field)
{
  ms_answer_error_full (answer, status, code, message, field, NULL, NULL);
}

void
ms_answer_internal (MsAnswer *answer,
                    GError   *error)
{
  g_warning ("internal error: %s", error != NULL ? error->message : "?");
  ms_answer_error (answer, SOUP_STATUS_INTERNAL_SERVER_ERROR, "server_error",
                   "Máy chủ gặp lỗi không mong muốn; chưa có gì được lưu. Máy trạm sẽ tự gửi lại sau.",
                   NULL);
}

/* Main thread only. */
void
ms_answer_send (MsAnswer          *answer,
                SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  guint status = answer->status;

  for (guint i = 0; i + 1 < answer->headers->len; i += 2)
    soup_message_headers_replace (headers, answer->headers->pdata[i], answer->headers->pdata[i + 1]);
  if (status == 0)
    return;
  soup_server_message_set_status (msg, status,
                                  status == 460 ? "Checksum Mismatch" :
                                  status == 429 ? "Too Many Requests" : NULL);
  /* The connection stays open after a 204 (ms-http.c): say so, so that a
   * client may send its next request on it (mc-sync-http.c). */
  if (status == SOUP_STATUS_NO_CONTENT)
    soup_message_headers_replace (headers, "Connection", "keep-alive");
  if (answer->body != NULL && !answer->head)
    {
      gsize size;
      const char *data = g_bytes_get_data (answer->body, &size);

      soup_server_message_set_response (msg, answer->content_type, SOUP_MEMORY_COPY, data, size);
    }
}

/* ---- on the main thread: answer at once ----------------------------------- */

static gboolean
is_head (SoupServerMessage *msg)
{
  return strcmp (soup_server_message_get_method (msg), SOUP_METHOD_HEAD) == 0;
}

void
ms_reply_json_text (SoupServerMessage *msg,
                    guint              status,
                    const char        *text)
{
  MsAnswer answer;

  ms_answer_init (&answer, is_head (msg));
  ms_answer_json_text (&answer, status, text);
  ms_answer_send (&answer, msg);
  ms_answer_clear (&answer);
}

void
ms_reply_json (SoupServerMessage *msg,
               guint              status,
               JsonNode          *node)
{
  MsAnswer answer;

  ms_answer_init (&answer, is_head (msg));
  ms_answer_json (&answer, status, node);
  ms_answer_send (&answer, msg);
  ms_answer_clear (&answer);
}

void
ms_reply_error_full (SoupServerMessage *msg,
                     guint              status,
                     const char        *code,
                     const char        *message,
                     const char        *field,
                     JsonNode          *missing,
                     JsonNode          *details)
{
  MsAnswer answer;

  ms_answer_init (&answer, is_head (msg));
  ms_answer_error_full (&answer, status, code, message, field, missing, details);
  ms_answer_send (&answer, msg);
  ms_answer_clear (&answer);
}

void
ms_reply_error (SoupServerMessage *msg,
                guint              status,
                const char        *code,
                const char        *message,
                const char        *field)
{
  ms_reply_error_full (msg, status, code, message, field, NULL, NULL);
}

void
ms_reply_internal (SoupServerMessage *msg,
                   GError            *error)
{
  MsAnswer answer;

  ms_answer_init (&answer, is_head (msg));
  ms_answer_internal (&answer, error);
  ms_answer_send (&answer, msg);
  ms_answer_clear (&answer);
}
