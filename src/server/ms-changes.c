/* ms-changes.c — states (§8), the change feed GET /api/v1/changes (§7.8) and
 * the server-side status change of the set-status command
 *
 * A cursor is "c1." + base64url (station id, last position, HMAC of both
 * with a key kept in the database): opaque, unforgeable, per station.
 * Positions are assigned inside IMMEDIATE transactions, so they follow
 * commit order and a cursor never passes an uncommitted change.
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <string.h>

#include "mc-core.h"
#include "ms-server.h"

#define CURSOR_PREFIX "c1."
#define CURSOR_MAC_LEN 12

static const char *state_names[] = {
  NULL, "registered", "accepted", "refused", "processing", "supplement_requested",
  "payment_requested", "withdrawn", "stopped", "done", "returned",
};

const char *
ms_state_name (gint64 code)
{
  if (code < 1 || code > 10)
    return "unknown";
  return state_names[code];
}

gint64
ms_state_from_string (const char *text)
{
  guint64 code;

  if (g_ascii_string_to_unsigned (text, 10, 1, 10, &code, NULL))
    return (gint64) code;
  for (gint64 i = 1; i <= 10; i++)
    if (g_str_equal (text, state_names[i]))
      return i;
  return 0;
}

char *
ms_now_string (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return mc_core_format_time (now);
}

/* ---- cursors ----------------------------------------------------------------- */

static void
put_be64 (guint8 *out,
          gint64  value)
{
  for (int i = 7; i >= 0; i--, value >>= 8)
    out[i] = (guint8) (value & 0xff);
}

static gint64
get_be64 (const guint8 *in)
{
  guint64 value = 0;

  for (int i = 0; i < 8; i++)
    value = (value << 8) | in[i];
  return (gint64) value;
}

static void
cursor_mac (GBytes       *key,
            const guint8 *payload,
            guint8       *mac)
{
  g_autoptr(GHmac) hmac = NULL;
  gsize key_len;
  const guint8 *key_data = g_bytes_get_data (key, &key_len);
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  hmac = g_hmac_new (G_CHECKSUM_SHA256, key_data, key_len);
  g_hmac_update (hmac, payload, 16);
  g_hmac_get_digest (hmac, digest, &digest_len);
  memcpy (mac, digest, CURSOR_MAC_LEN);
}

static char *
cursor_encode (GBytes *key,
               gint64  station_id,
               gint64  position)
{
  guint8 raw[16 + CURSOR_MAC_LEN];
  g_autofree char *b64 = NULL;
  GString *out;

  put_be64 (raw, station_id);
  put_be64 (raw + 8, position);
  cursor_mac (key, raw, raw + 16);
  b64 = g_base64_encode (raw, sizeof raw);
  out = g_string_new (CURSOR_PREFIX);
  for (const char *p = b64; *p != '\0' && *p != '='; p++)
    g_string_append_c (out, *p == '+' ? '-' : *p == '/' ? '_' : *p);
  return g_string_free (out, FALSE);
}

typedef enum
{
  CURSOR_OK,
  CURSOR_INVALID,
  CURSOR_OTHER_STATION,
} CursorResult;

static CursorResult
cursor_decode (GBytes     *key,
               const char *cursor,
               gint64      station_id,
               gint64     *position)
{
  g_autoptr(GString) b64 = NULL;
  g_autofree guint8 *raw = NULL;
  guint8 mac[CURSOR_MAC_LEN];
  guint8 diff = 0;
  gsize len;

  if (!g_str_has_prefix (cursor, CURSOR_PREFIX) || strlen (cursor) > 256)
    return CURSOR_INVALID;
  b64 = g_string_new (NULL);
  for (const char *p = cursor + strlen (CURSOR_PREFIX); *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        return CURSOR_INVALID;
      g_string_append_c (b64, *p == '-' ? '+' : *p == '_' ? '/' : *p);
    }
  while (b64->len % 4 != 0)
    g_string_append_c (b64, '=');
  raw = g_base64_decode (b64->str, &len);
  if (len != 16 + CURSOR_MAC_LEN)
    return CURSOR_INVALID;
  cursor_mac (key, raw, mac);
  for (int i = 0; i < CURSOR_MAC_LEN; i++)
    diff |= mac[i] ^ raw[16 + i];
  if (diff != 0)
    return CURSOR_INVALID;
  if (get_be64 (raw) != station_id)
    return CURSOR_OTHER_STATION;
  *position = get_be64 (raw + 8);
  return *position >= 0 ? CURSOR_OK : CURSOR_INVALID;
}

/* ---- GET /changes ------------------------------------------------------------- */

JsonNode *
ms_change_to_json (const MsChange *c)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *id = g_strdup_printf ("c1-%012" G_GINT64_FORMAT, c->position);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "uuid");
  json_builder_add_string_value (b, c->uuid);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, c->code);
  json_builder_set_member_name (b, "seq");
  json_builder_add_int_value (b, c->seq);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, c->kind);
  json_builder_set_member_name (b, "at");
  json_builder_add_string_value (b, c->at);
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, ms_state_name (c->state_code));
  json_builder_set_member_name (b, "state_code");
  json_builder_add_int_value (b, c->state_code);
  json_builder_set_member_name (b, "due_date");
  json_builder_add_string_value (b, c->due_date);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, c->source);
  mc_json_add_string_or_null (b, "action_uuid", c->action_uuid);
  json_builder_set_member_name (b, "handler");
  if (c->handler != NULL)
    {
      JsonNode *handler = mc_json_parse (c->handler, -1, MC_LIMIT_BODY_SIZE, NULL);

      if (handler != NULL)
        json_builder_add_value (b, handler);
      else
        json_builder_add_null_value (b);
    }
  else
    json_builder_add_null_value (b);
  mc_json_add_string_or_null (b, "message", c->message);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* A job (ms-pool.c): GET /changes. */
void
ms_changes_get (MsJob   *job,
                sqlite3 *db)
{
  MsServer *server = job->server;
  MsAnswer *answer = &job->answer;
  MsStation *station = job->station;
  GHashTable *query = job->query;
  const char *since = query != NULL ? g_hash_table_lookup (query, "since") : NULL;
  const char *limit_text = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *next = NULL;
  g_autofree char *now = ms_now_string ();
  gint64 position = 0;
  guint64 limit = 100;
  gboolean has_more;

  if (limit_text != NULL && !g_ascii_string_to_unsigned (limit_text, 10, 1, G_MAXUINT32, &limit, NULL))
    {
      ms_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "bad_request",
                      "Tham số limit phải là số nguyên từ 1 trở lên.", NULL);
      return;
    }
  limit = MIN (limit, MS_CHANGES_PAGE_MAX);
  if (since != NULL && *since != '\0')
    {
      switch (cursor_decode (server->cursor_key, since, station->id, &position))
        {
        case CURSOR_OK:
          break;
        case CURSOR_OTHER_STATION:
          ms_answer_error (answer, SOUP_STATUS_FORBIDDEN, "forbidden",
                          "Con trỏ này thuộc một máy trạm khác.", NULL);
          return;
        case CURSOR_INVALID:
        default:
          ms_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "invalid_cursor",
                          "Con trỏ không do máy chủ này cấp; máy trạm sẽ đọc lại từ đầu.", NULL);
          return;
        }
    }

  changes = ms_db_change_list (db, station->id, position, (guint) limit + 1, &error);
  if (changes == NULL)
    {
      ms_answer_internal (answer, error);
      return;
    }
  has_more = changes->len > limit;
  if (has_more)
    g_ptr_array_set_size (changes, (guint) limit);
  if (changes->len > 0)
    position = ((MsChange *) changes->pdata[changes->len - 1])->position;
  next = cursor_encode (server->cursor_key, station->id, position);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "changes");
  json_builder_begin_array (b);
  for (guint i = 0; i < changes->len; i++)
    json_builder_add_value (b, ms_change_to_json (changes->pdata[i]));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "next_cursor");
  json_builder_add_string_value (b, next);
  json_builder_set_member_name (b, "has_more");
  json_builder_add_boolean_value (b, has_more);
  json_builder_set_member_name (b, "server_time");
  json_builder_add_string_value (b, now);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  ms_answer_set_header (answer, "Cache-Control", "no-store");
  ms_answer_json (answer, SOUP_STATUS_OK, root);
}

/* ---- set-status ----------------------------------------------------------------- */

gboolean
ms_set_status (sqlite3     *db,
               const char  *code,
               gint64       state_code,
               const char  *message,
               GError     **error)
{
  g_autoptr(MsDossier) d = NULL;
  g_autofree char *now = ms_now_string ();
  MsChange change = { 0 };

  if (!ms_db_begin (db, error))
    return FALSE;
  d = ms_db_dossier_get_by_code (db, code, error);
  if (d == NULL)
    goto fail;
  d->state_code = state_code;
  d->last_seq++;
  change.station_id = d->station_id;
  change.uuid = d->uuid;
  change.seq = d->last_seq;
  change.kind = (char *) "state";
  change.at = now;
  change.state_code = state_code;
  change.due_date = d->due_date;
  change.source = (char *) "server";
  change.message = (char *) message;
  if (!ms_db_dossier_update (db, d, error) || ms_db_change_insert (db, &change, error) == 0)
    goto fail;
  return ms_db_commit (db, error);

fail:
  ms_db_rollback (db);
  return FALSE;
}
