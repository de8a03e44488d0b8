/* ms-forward-dvcqg.c — connector "dvcqg": the national-portal dossier sync
 * interface (DongBoHoSoMC / TraCuuHoSo) that provincial one-stop systems
 * speak (docs/connectors.md)
 *
 *   login:  POST adapter_url + auth_endpoint  {"username","password"}  → {"session","error_code"}
 *   calls:  POST adapter_url + integration_endpoint {"session","madonvi","service",…}
 *   both with header dstcode; answers {"error_code" (0 = success),"message",…},
 *   errors usually with HTTP 200.
 *
 * A create whose earlier answer may have been lost asks TraCuuHoSo first and
 * updates instead when the record is there; a create answered "đã tồn tại"
 * is sent again as an update. An answer saying the session expired logs in
 * again (once per operation). The record itself is built in
 * ms-forward-dvcqg-record.c.
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <string.h>

#include "ms-forward-dvcqg.h"

#define MAX_ANSWER  (4 * 1024 * 1024)
#define NO_CODE     (-1000)    /* error_code missing or not an integer */
#define DEFAULT_ANSWER_TIMEOUT_S 120

typedef struct
{
  SoupSession *session;
  char        *auth_url;
  char        *call_url;
  char        *dstcode;
  char        *madonvi;
  char        *username;
  char        *password;
  char        *token;       /* the gateway's session; NULL: log in first */
  guint        answer_timeout_s;
} Dvcqg;

typedef enum
{
  STEP_LOGIN,
  STEP_LOOKUP,
  STEP_SYNC,
} Step;

typedef struct
{
  Dvcqg               *self;
  const MsForwardItem *item;          /* send; NULL for a status lookup */
  char                *code;
  Step                 step;
  Step                 after_login;
  gboolean             relogged;
  gboolean             update;        /* isUpdating "True" */
  gboolean             exists_retried;
  gboolean             maybe_sent;
  MsForwardSendDone    send_done;
  MsForwardLookupDone  lookup_done;
  gpointer             user_data;
  SoupMessage         *msg;
  GInputStream        *stream;
  guint8              *buffer;
  gsize                got;
  GCancellable        *cancel;        /* of the exchange under way */
  guint                deadline;      /* its whole-exchange timer */
  gboolean             timed_out;
} Op;

static void op_step (Op *op);

/* ---- config ---------------------------------------------------------------------- */

static void
dvcqg_free (gpointer data)
{
  Dvcqg *self = data;

  if (self == NULL)
    return;
  g_clear_object (&self->session);
  g_free (self->auth_url);
  g_free (self->call_url);
  g_free (self->dstcode);
  g_free (self->madonvi);
  g_free (self->username);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->token);
  g_free (self);
}

static char *
join_url (const char *base,
          const char *endpoint)
{
  gsize n = strlen (base);

  while (n > 0 && base[n - 1] == '/')
    n--;
  while (*endpoint == '/')
    endpoint++;
  return g_strdup_printf ("%.*s/%s", (int) n, base, endpoint);
}

static gpointer
dvcqg_create (JsonObject  *config,
              const char  *config_dir,
              GError     **error)
{
  Dvcqg *self = g_new0 (Dvcqg, 1);
  static const char *required[] = { "auth_endpoint", "integration_endpoint", "dstcode", "madonvi",
                                    "username", "password_file", NULL };
  g_autofree char *password_path = NULL;
  const char *adapter;

  if (!ms_forward_config_url (config, "adapter_url", error))
    goto fail;
  for (guint i = 0; required[i] != NULL; i++)
    if (ms_forward_config_string (config, required[i], TRUE, error) == NULL)
      goto fail;
  adapter = json_object_get_string_member (config, "adapter_url");
  self->auth_url = join_url (adapter, json_object_get_string_member (config, "auth_endpoint"));
  self->call_url = join_url (adapter, json_object_get_string_member (config, "integration_endpoint"));
  if (!g_uri_is_valid (self->auth_url, G_URI_FLAGS_NONE, NULL) ||
      !g_uri_is_valid (self->call_url, G_URI_FLAGS_NONE, NULL))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_FAILED,
                   "--forward: trường “auth_endpoint”/“integration_endpoint”: không tạo được địa chỉ hợp lệ");
      goto fail;
    }
  self->dstcode = g_strdup (json_object_get_string_member (config, "dstcode"));
  self->madonvi = g_strdup (json_object_get_string_member (config, "madonvi"));
  self->username = g_strdup (json_object_get_string_member (config, "username"));
  password_path = g_strdup (json_object_get_string_member (config, "password_file"));
  if (!g_path_is_absolute (password_path))
    {
      char *full = g_build_filename (config_dir, password_path, NULL);

      g_free (password_path);
      password_path = full;
    }
  self->password = ms_forward_read_secret (password_path, "password_file", error);
  if (self->password == NULL)
    goto fail;
  {
    JsonNode *node = json_object_get_member (config, "answer_timeout_seconds");

    self->answer_timeout_s = DEFAULT_ANSWER_TIMEOUT_S;
    if (node != NULL)
      {
        if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
            json_node_get_int (node) < 1 || json_node_get_int (node) > 3600)
          {
            g_set_error (error, MS_ERROR, MS_ERROR_FAILED,
                         "--forward: trường “answer_timeout_seconds”: phải là số nguyên từ 1 đến 3600");
            goto fail;
          }
        self->answer_timeout_s = (guint) json_node_get_int (node);
      }
  }
  self->session = ms_forward_session_new (config, config_dir, error);
  if (self->session == NULL)
    goto fail;
  return self;

fail:
  dvcqg_free (self);
  return NULL;
}

/* ---- one HTTP exchange --------------------------------------------------------------- */

static void
op_free (Op *op)
{
  g_clear_handle_id (&op->deadline, g_source_remove);
  g_clear_object (&op->cancel);
  g_clear_object (&op->msg);
  g_clear_object (&op->stream);
  g_free (op->buffer);
  g_free (op->code);
  g_free (op);
}

static void
op_finish_send (Op               *op,
                MsForwardOutcome  outcome,
                const char       *message)
{
  MsForwardResult result = { outcome, op->maybe_sent, (char *) message };

  op->send_done (&result, op->user_data);
  op_free (op);
}

static void
op_finish_lookup (Op              *op,
                  MsForwardStatus *status,
                  const char      *message)
{
  op->lookup_done (status, message, op->user_data);
  op_free (op);
}

/* Transport failure, HTTP error or unreadable answer: try again later. */
static void
op_transient (Op         *op,
              const char *message)
{
  if (op->step == STEP_SYNC)
    op->maybe_sent = TRUE;
  if (op->item != NULL)
    op_finish_send (op, MS_FORWARD_RETRY, message);
  else
    op_finish_lookup (op, NULL, message);
}

static gint64
answer_error_code (JsonObject *answer)
{
  JsonNode *node = json_object_get_member (answer, "error_code");
  gint64 code;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NO_CODE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING &&
      g_ascii_string_to_signed (json_node_get_string (node), 10, G_MININT32, G_MAXINT32, &code, NULL))
    return code;
  return NO_CODE;
}

static char *
answer_message (JsonObject *answer)
{
  JsonNode *node = json_object_get_member (answer, "message");
  const char *text = node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
                     json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : "";

  return g_utf8_make_valid (text, MIN (strlen (text), 1000));
}

static gboolean
contains_folded (const char *text,
                 const char *needle)
{
  g_autofree char *nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  g_autofree char *folded = nfc != NULL ? g_utf8_casefold (nfc, -1) : NULL;

  return folded != NULL && strstr (folded, needle) != NULL;
}

/* "phiên" is also the first word of "phiên bản" (version): a refusal that
 * names a version is no expired session and must not be retried for ever. */
static gboolean
names_session (const char *message)
{
  g_autofree char *nfc = g_utf8_normalize (message, -1, G_NORMALIZE_NFC);
  g_autofree char *folded = nfc != NULL ? g_utf8_casefold (nfc, -1) : NULL;

  if (folded == NULL)
    return FALSE;
  if (strstr (folded, "session") != NULL)
    return TRUE;
  for (const char *p = strstr (folded, "phiên"); p != NULL; p = strstr (p + 1, "phiên"))
    if (!g_str_has_prefix (p + strlen ("phiên"), " bản"))
      return TRUE;
  return FALSE;
}

static gboolean
session_expired (gint64      code,
                 const char *message)
{
  return code != 0 && names_session (message);
}

/* A TraCuuHoSo error that only says the record is not there. */
static gboolean
not_found (const char *message)
{
  return contains_folded (message, "không tìm thấy") || contains_folded (message, "không tồn tại") ||
         contains_folded (message, "not found");
}

static void on_answer (Op *op, JsonObject *answer);

static void
on_read (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *why = NULL;
  gsize got = 0;

  g_clear_handle_id (&op->deadline, g_source_remove);
  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), res, &got, &error))
    {
      why = op->timed_out ? g_strdup_printf ("Hệ thống một cửa không trả lời hết trong %u giây",
                                             op->self->answer_timeout_s)
                          : g_strdup_printf ("Mất kết nối khi đọc trả lời: %s", error->message);
      op_transient (op, why);
      return;
    }
  g_input_stream_close (op->stream, NULL, NULL);
  if (got > MAX_ANSWER)
    {
      op_transient (op, "Trả lời quá lớn");
      return;
    }
  if (soup_message_get_status (op->msg) != SOUP_STATUS_OK)
    {
      why = g_strdup_printf ("Hệ thống một cửa trả lời HTTP %u", soup_message_get_status (op->msg));
      op_transient (op, why);
      return;
    }
  root = ms_forward_parse_answer ((const char *) op->buffer, got, &error);
  if (root == NULL)
    {
      op_transient (op, error->message);
      return;
    }
  on_answer (op, json_node_get_object (root));
}

static void
on_sent_request (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;

  op->stream = soup_session_send_finish (SOUP_SESSION (source), res, &error);
  if (op->stream == NULL)
    {
      why = op->timed_out ? g_strdup_printf ("Hệ thống một cửa không trả lời trong %u giây",
                                             op->self->answer_timeout_s)
                          : g_strdup_printf ("Không gửi được tới hệ thống một cửa: %s", error->message);
      op_transient (op, why);
      return;
    }
  op->buffer = g_malloc (MAX_ANSWER + 1);
  g_input_stream_read_all_async (op->stream, op->buffer, MAX_ANSWER + 1, G_PRIORITY_DEFAULT, op->cancel,
                                 on_read, op);
}

/* The session's timeout bounds each read, not an answer trickled a byte
 * at a time: the whole exchange gets answer_timeout_seconds. */
static gboolean
on_deadline (gpointer user_data)
{
  Op *op = user_data;

  op->deadline = 0;
  op->timed_out = TRUE;
  g_cancellable_cancel (op->cancel);
  return G_SOURCE_REMOVE;
}

static void
post (Op         *op,
      const char *url,
      JsonNode   *body)
{
  char *text = json_to_string (body, FALSE);
  g_autoptr(GBytes) bytes = g_bytes_new_take (text, strlen (text));

  g_clear_object (&op->msg);
  g_clear_object (&op->stream);
  g_clear_pointer (&op->buffer, g_free);
  op->msg = soup_message_new (SOUP_METHOD_POST, url);
  soup_message_headers_replace (soup_message_get_request_headers (op->msg), "dstcode", op->self->dstcode);
  soup_message_set_request_body_from_bytes (op->msg, "application/json", bytes);
  g_clear_handle_id (&op->deadline, g_source_remove);
  g_clear_object (&op->cancel);
  op->cancel = g_cancellable_new ();
  op->timed_out = FALSE;
  op->deadline = g_timeout_add_seconds (op->self->answer_timeout_s, on_deadline, op);
  soup_session_send_async (op->self->session, op->msg, G_PRIORITY_DEFAULT, op->cancel, on_sent_request, op);
}

/* ---- steps ----------------------------------------------------------------------------- */

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static void
call_service (Op         *op,
              const char *service)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (b);
  add_string (b, "session", op->self->token);
  add_string (b, "madonvi", op->self->madonvi);
  add_string (b, "service", service);
  if (g_str_equal (service, "TraCuuHoSo"))
    add_string (b, "mahoso", op->code);
  else
    {
      add_string (b, "isUpdating", op->update ? "True" : "False");
      json_builder_set_member_name (b, "data");
      json_builder_begin_array (b);
      json_builder_add_value (b, ms_dvcqg_record (op->item, op->self->madonvi));
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  post (op, op->self->call_url, body);
}

static void
op_step (Op *op)
{
  if (op->self->token == NULL && op->step != STEP_LOGIN)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) body = NULL;

      op->after_login = op->step;
      op->step = STEP_LOGIN;
      json_builder_begin_object (b);
      add_string (b, "username", op->self->username);
      add_string (b, "password", op->self->password);
      json_builder_end_object (b);
      body = json_builder_get_root (b);
      post (op, op->self->auth_url, body);
      return;
    }
  if (op->step == STEP_LOOKUP)
    call_service (op, "TraCuuHoSo");
  else
    call_service (op, "DongBoHoSoMC");
}

/* The first record of a TraCuuHoSo answer ("result" or "data", an array or
 * one object) whose MaHoSo is @code, or NULL. */
static JsonObject *
found_record (JsonObject *answer,
              const char *code)
{
  static const char *members[] = { "result", "data", NULL };

  for (guint i = 0; members[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (answer, members[i]);

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *o = json_node_get_object (node);

          if (g_strcmp0 (json_object_get_string_member_with_default (o, "MaHoSo", NULL), code) == 0)
            return o;
        }
      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        for (guint j = 0; j < MIN (json_array_get_length (json_node_get_array (node)), 100); j++)
          {
            JsonNode *e = json_array_get_element (json_node_get_array (node), j);

            if (JSON_NODE_HOLDS_OBJECT (e) &&
                g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (e), "MaHoSo", NULL),
                           code) == 0)
              return json_node_get_object (e);
          }
    }
  return NULL;
}

static void
on_answer (Op         *op,
           JsonObject *answer)
{
  gint64 code = answer_error_code (answer);
  g_autofree char *message = answer_message (answer);

  if (op->step == STEP_LOGIN)
    {
      const char *token = json_object_get_string_member_with_default (answer, "session", NULL);

      if (code != 0 || token == NULL || *token == '\0' || strlen (token) > 4096)
        {
          g_autofree char *why = g_strdup_printf ("Đăng nhập hệ thống một cửa không được: %s", message);

          op_transient (op, why);
          return;
        }
      g_free (op->self->token);
      op->self->token = g_strdup (token);
      op->step = op->after_login;
      op_step (op);
      return;
    }

  /* An answer without a readable error_code says nothing: neither success
   * nor a refusal for good (which the desk would see as a refused dossier). */
  if (code == NO_CODE)
    {
      op_transient (op, "Trả lời không có error_code hợp lệ");
      return;
    }

  if (session_expired (code, message))
    {
      g_clear_pointer (&op->self->token, g_free);
      if (op->relogged)
        {
          op_transient (op, message);
          return;
        }
      op->relogged = TRUE;
      op_step (op);
      return;
    }

  if (op->step == STEP_LOOKUP)
    {
      JsonObject *record = code == 0 ? found_record (answer, op->code) : NULL;

      if (op->item == NULL)
        {
          MsForwardStatus status = { 0 };

          if (code != 0 && !not_found (message))
            {
              op_finish_lookup (op, NULL, message);
              return;
            }
          if (record != NULL)
            ms_dvcqg_read_status (record, &status);
          op_finish_lookup (op, &status, NULL);
          ms_forward_status_clear (&status);
          return;
        }
      if (code != 0 && !not_found (message))
        {
          op_transient (op, message);
          return;
        }
      op->update = record != NULL;
      op->step = STEP_SYNC;
      op_step (op);
      return;
    }

  /* DongBoHoSoMC */
  if (code == 0)
    {
      op_finish_send (op, MS_FORWARD_OK, NULL);
      return;
    }
  if (!op->update && !op->exists_retried && contains_folded (message, "đã tồn tại"))
    {
      op->exists_retried = TRUE;
      op->update = TRUE;
      op_step (op);
      return;
    }
  op_finish_send (op, MS_FORWARD_REFUSED, *message != '\0' ? message : "Bị từ chối (không có lời nhắn)");
}

static void
dvcqg_send (gpointer             data,
            const MsForwardItem *item,
            MsForwardSendDone    done,
            gpointer             user_data)
{
  Op *op = g_new0 (Op, 1);

  op->self = data;
  op->item = item;
  op->code = g_strdup (item->code);
  op->send_done = done;
  op->user_data = user_data;
  op->update = !item->create;
  op->step = item->create && item->maybe_sent ? STEP_LOOKUP : STEP_SYNC;
  op_step (op);
}

static void
dvcqg_lookup (gpointer             data,
              const char          *code,
              MsForwardLookupDone  done,
              gpointer             user_data)
{
  Op *op = g_new0 (Op, 1);

  op->self = data;
  op->code = g_strdup (code);
  op->lookup_done = done;
  op->user_data = user_data;
  op->step = STEP_LOOKUP;
  op_step (op);
}

static const char * const dvcqg_fields[] = {
  "adapter_url", "auth_endpoint", "integration_endpoint", "dstcode", "madonvi", "username",
  "password_file", "ca_file", "answer_timeout_seconds", NULL,
};

const MsConnectorClass ms_connector_dvcqg = {
  .kind = "dvcqg",
  .fields = dvcqg_fields,
  .create = dvcqg_create,
  .free = dvcqg_free,
  .send = dvcqg_send,
  .lookup = dvcqg_lookup,
};
