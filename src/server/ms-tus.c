/* ms-tus.c — attachments: tus 1.0 (core, creation, checksum, expiration) and
 * HEAD /api/v1/attachments/{sha256} (docs/sync-protocol.md §7.3–7.4)
 *
 * A PATCH body goes straight to uploads/<id>.part at the upload's offset as
 * it arrives (memory does not grow with the chunk); the chunk counts only
 * once its checksum is verified, the file fsynced and the new offset
 * committed. Anything written past the committed offset is cut off again
 * by the next PATCH, so a chunk is applied whole or not at all.
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "ms-server.h"

#define MSG_UPLOAD_GONE "Phiên tải tệp này không còn trên máy chủ; máy trạm sẽ tải lại từ đầu."

struct _MsPatch
{
  MsServer  *server;
  char      *upload_id;
  int        fd;
  gint64     start;       /* committed offset when the PATCH began */
  gint64     length;      /* Content-Length */
  gint64     received;
  GChecksum *checksum;    /* NULL without Upload-Checksum */
  guint8     expected[32];
  gsize      expected_len;
  gboolean   superseded;  /* a newer PATCH of the same upload took over */
  gboolean   failed;
};

static char *
part_path (MsServer   *server,
           const char *id)
{
  g_autofree char *name = g_strconcat (id, ".part", NULL);

  return g_build_filename (server->uploads_dir, name, NULL);
}

static char *
expires_string (gint64 expires_at)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (expires_at);

  return soup_date_time_to_string (dt, SOUP_DATE_HTTP);
}

static void
set_header (SoupServerMessage *msg,
            const char        *name,
            const char        *value)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), name, value);
}

static void
set_header_int (SoupServerMessage *msg,
                const char        *name,
                gint64             value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  set_header (msg, name, text);
}

static void
reply_too_large (SoupServerMessage *msg,
                 gint64             limit,
                 const char        *message)
{
  g_autoptr(JsonNode) details = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "limit", limit);
  json_node_take_object (details, o);
  ms_reply_error_full (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large", message, NULL, NULL, details);
}

static gboolean
is_hex_id (const char *id)
{
  if (strlen (id) != 32)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

void
ms_tus_options (MsServer          *server,
                SoupServerMessage *msg)
{
  set_header (msg, "Tus-Resumable", "1.0.0");
  set_header (msg, "Tus-Version", "1.0.0");
  set_header (msg, "Tus-Extension", "creation,checksum,expiration");
  set_header (msg, "Tus-Checksum-Algorithm", "sha256,sha1");
  set_header_int (msg, "Tus-Max-Size", server->max_attachment_size);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

gboolean
ms_tus_check_version (MsServer          *server,
                      SoupServerMessage *msg)
{
  const char *version = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                      "Tus-Resumable");

  set_header (msg, "Tus-Resumable", "1.0.0");
  if (version == NULL || !g_str_equal (version, "1.0.0"))
    {
      set_header (msg, "Tus-Version", "1.0.0");
      ms_reply_error (msg, SOUP_STATUS_PRECONDITION_FAILED, "unsupported_version",
                      "Máy chủ chỉ hỗ trợ tus 1.0.0 (thiếu hoặc sai Tus-Resumable).", NULL);
      return FALSE;
    }
  return TRUE;
}

/* ---- creation ----------------------------------------------------------- */

static gboolean
is_base64 (const char *text)
{
  if (*text == '\0' || strlen (text) % 4 != 0)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
      return FALSE;
  return TRUE;
}

/* Upload-Metadata: "key base64,key base64"; returns key → decoded text. */
static GHashTable *
parse_metadata (const char *header)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = g_strsplit (header, ",", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (g_strstrip (pairs[i]), " ", -1);
      g_autofree guchar *decoded = NULL;
      gsize len;
      guint n = g_strv_length (kv);

      if (n < 1 || n > 2 || *kv[0] == '\0' || g_hash_table_contains (table, kv[0]))
        return NULL;
      if (n == 1)
        {
          g_hash_table_insert (table, g_strdup (kv[0]), g_strdup (""));
          continue;
        }
      if (!is_base64 (kv[1]))
        return NULL;
      decoded = g_base64_decode (kv[1], &len);
      if (memchr (decoded, '\0', len) != NULL || !g_utf8_validate ((const char *) decoded, len, NULL))
        return NULL;
      g_hash_table_insert (table, g_strdup (kv[0]), g_strndup ((const char *) decoded, len));
    }
  return g_steal_pointer (&table);
}

static gboolean
valid_filename (const char *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > 255 || strchr (name, '/') != NULL)
    return FALSE;
  for (const unsigned char *p = (const unsigned char *) name; *p != '\0'; p++)
    if (*p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

static gboolean
valid_filetype (const char *type)
{
  return g_str_equal (type, "application/pdf") || g_str_equal (type, "image/jpeg") ||
         g_str_equal (type, "image/png") || g_str_equal (type, "application/octet-stream");
}

static char *
random_id (void)
{
  guint8 bytes[16];
  GString *out = g_string_new (NULL);

  if (getrandom (bytes, sizeof bytes, 0) != sizeof bytes)
    g_error ("getrandom failed");
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (out, "%02x", bytes[i]);
  return g_string_free (out, FALSE);
}

void
ms_tus_create (MsServer          *server,
               SoupServerMessage *msg)
{
  MsRequest *req = ms_request_get (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *length_text = soup_message_headers_get_one (headers, "Upload-Length");
  const char *meta_text = soup_message_headers_get_one (headers, "Upload-Metadata");
  g_autoptr(GHashTable) meta = NULL;
  g_autoptr(MsUpload) upload = g_new0 (MsUpload, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *location = NULL;
  g_autofree char *expires = NULL;
  const char *sha256, *filename, *filetype, *dossier_uuid;
  guint64 length;
  int fd;

  if (soup_message_headers_get_one (headers, "Upload-Defer-Length") != NULL)
    {
      ms_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                      "Máy chủ không hỗ trợ Upload-Defer-Length; hãy gửi Upload-Length.", NULL);
      return;
    }
  if (length_text == NULL || !g_ascii_string_to_unsigned (length_text, 10, 1, G_MAXINT64, &length, NULL))
    {
      ms_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                      "Thiếu hoặc sai Upload-Length (số byte của tệp, ít nhất 1).", NULL);
      return;
    }
  if ((gint64) length > server->max_attachment_size)
    {
      reply_too_large (msg, server->max_attachment_size,
                       "Tệp đính kèm lớn hơn giới hạn của máy chủ.");
      return;
    }
  meta = meta_text != NULL ? parse_metadata (meta_text) : NULL;
  sha256 = meta != NULL ? g_hash_table_lookup (meta, "sha256") : NULL;
  filename = meta != NULL ? g_hash_table_lookup (meta, "filename") : NULL;
  filetype = meta != NULL ? g_hash_table_lookup (meta, "filetype") : NULL;
  dossier_uuid = meta != NULL ? g_hash_table_lookup (meta, "dossier_uuid") : NULL;
  if (sha256 == NULL || !ms_is_sha256 (sha256) || filename == NULL || !valid_filename (filename) ||
      filetype == NULL || (dossier_uuid != NULL && !ms_is_uuid (dossier_uuid)))
    {
      ms_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                      "Upload-Metadata thiếu hoặc sai: cần filename, filetype và sha256 (64 chữ số hex thường).",
                      NULL);
      return;
    }
  if (!valid_filetype (filetype))
    {
      ms_reply_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "validation_failed",
                      "Chỉ nhận tệp PDF, JPEG hoặc PNG.", "filetype");
      return;
    }

  upload->id = random_id ();
  upload->station_id = req->station->id;
  upload->length = (gint64) length;
  upload->offset = 0;
  upload->metadata = g_strdup (meta_text);
  upload->sha256 = g_strdup (sha256);
  upload->filetype = g_strdup (filetype);
  upload->expires_at = g_get_real_time () / G_USEC_PER_SEC + MS_UPLOAD_TTL;

  path = part_path (server, upload->id);
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (&error, MS_ERROR, MS_ERROR_FAILED, "%s: %s", path, g_strerror (errno));
      ms_reply_internal (msg, error);
      return;
    }
  close (fd);
  if (!ms_db_upload_insert (server->db, upload, &error))
    {
      g_unlink (path);
      ms_reply_internal (msg, error);
      return;
    }

  location = g_strconcat ("/api/v1/uploads/", upload->id, NULL);
  expires = expires_string (upload->expires_at);
  set_header (msg, "Location", location);
  set_header (msg, "Upload-Expires", expires);
  set_header_int (msg, "Upload-Offset", 0);
  soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
}

/* ---- HEAD ---------------------------------------------------------------- */

/* The upload @id if this station may use it; else replies and returns NULL. */
static MsUpload *
lookup_upload (MsServer          *server,
               SoupServerMessage *msg,
               const char        *id)
{
  MsRequest *req = ms_request_get (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsUpload) upload = NULL;

  if (!is_hex_id (id))
    {
      ms_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", MSG_UPLOAD_GONE, NULL);
      return NULL;
    }
  upload = ms_db_upload_get (server->db, id, &error);
  if (upload == NULL)
    {
      if (g_error_matches (error, MS_ERROR, MS_ERROR_NOT_FOUND))
        ms_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", MSG_UPLOAD_GONE, NULL);
      else
        ms_reply_internal (msg, error);
      return NULL;
    }
  if (upload->station_id != req->station->id)
    {
      ms_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                      "Phiên tải tệp này thuộc một máy trạm khác.", NULL);
      return NULL;
    }
  if (upload->expires_at < g_get_real_time () / G_USEC_PER_SEC)
    {
      ms_reply_error (msg, SOUP_STATUS_GONE, "upload_expired", MSG_UPLOAD_GONE, NULL);
      return NULL;
    }
  return g_steal_pointer (&upload);
}

void
ms_tus_head (MsServer          *server,
             SoupServerMessage *msg,
             const char        *id)
{
  g_autoptr(MsUpload) upload = lookup_upload (server, msg, id);
  g_autofree char *expires = NULL;

  set_header (msg, "Cache-Control", "no-store");
  if (upload == NULL)
    return;
  expires = expires_string (upload->expires_at);
  set_header_int (msg, "Upload-Offset", upload->offset);
  set_header_int (msg, "Upload-Length", upload->length);
  set_header (msg, "Upload-Metadata", upload->metadata);
  set_header (msg, "Upload-Expires", expires);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

void
ms_attachment_head (MsServer          *server,
                    SoupServerMessage *msg,
                    const char        *sha256)
{
  g_autoptr(GError) error = NULL;
  gint64 size = 0;

  if (!ms_is_sha256 (sha256))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
      return;
    }
  if (ms_db_file_lookup (server->db, sha256, &size, &error))
    {
      soup_message_headers_set_content_length (soup_server_message_get_response_headers (msg), size);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    }
  else if (error != NULL)
    ms_reply_internal (msg, error);
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

/* ---- PATCH ----------------------------------------------------------------- */

void
ms_patch_free (MsPatch *patch)
{
  if (patch == NULL)
    return;
  if (g_hash_table_lookup (patch->server->active_patches, patch->upload_id) == patch)
    g_hash_table_remove (patch->server->active_patches, patch->upload_id);
  if (patch->fd >= 0)
    close (patch->fd);
  g_clear_pointer (&patch->checksum, g_checksum_free);
  g_free (patch->upload_id);
  g_free (patch);
}

static gboolean
parse_checksum (const char *header,
                MsPatch    *patch)
{
  g_auto(GStrv) parts = g_strsplit (header, " ", 2);
  g_autofree guchar *digest = NULL;
  GChecksumType type;
  gsize expected_len, len;

  if (g_strv_length (parts) != 2 || !is_base64 (parts[1]))
    return FALSE;
  if (g_str_equal (parts[0], "sha256"))
    type = G_CHECKSUM_SHA256, expected_len = 32;
  else if (g_str_equal (parts[0], "sha1"))
    type = G_CHECKSUM_SHA1, expected_len = 20;
  else
    return FALSE;
  digest = g_base64_decode (parts[1], &len);
  if (len != expected_len)
    return FALSE;
  memcpy (patch->expected, digest, len);
  patch->expected_len = len;
  patch->checksum = g_checksum_new (type);
  return TRUE;
}

void
ms_tus_patch_begin (MsServer          *server,
                    SoupServerMessage *msg,
                    const char        *id)
{
  MsRequest *req = ms_request_get (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  const char *offset_text = soup_message_headers_get_one (headers, "Upload-Offset");
  const char *checksum = soup_message_headers_get_one (headers, "Upload-Checksum");
  g_autoptr(MsUpload) upload = NULL;
  g_autofree char *path = NULL;
  MsPatch *patch, *previous;
  guint64 offset;
  goffset length;

  upload = lookup_upload (server, msg, id);
  if (upload == NULL)
    return;
  if (type == NULL || g_ascii_strcasecmp (type, "application/offset+octet-stream") != 0)
    {
      ms_reply_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                      "PATCH phải có Content-Type: application/offset+octet-stream.", NULL);
      return;
    }
  if (offset_text == NULL || !g_ascii_string_to_unsigned (offset_text, 10, 0, G_MAXINT64, &offset, NULL))
    {
      ms_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "Thiếu hoặc sai Upload-Offset.", NULL);
      return;
    }
  if ((gint64) offset != upload->offset)
    {
      set_header_int (msg, "Upload-Offset", upload->offset);
      ms_reply_error (msg, SOUP_STATUS_CONFLICT, "offset_mismatch",
                      "Vị trí tải tiếp không khớp với máy chủ; máy trạm sẽ hỏi lại vị trí.", NULL);
      return;
    }
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    {
      ms_reply_error (msg, SOUP_STATUS_LENGTH_REQUIRED, "bad_request", "PATCH phải có Content-Length.", NULL);
      return;
    }
  length = soup_message_headers_get_content_length (headers);
  if (length > MS_MAX_CHUNK_SIZE)
    {
      reply_too_large (msg, MS_MAX_CHUNK_SIZE, "Phần tệp gửi lên lớn hơn giới hạn của máy chủ.");
      return;
    }
  if ((gint64) offset + length > upload->length)
    {
      ms_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                      "Phần tệp gửi lên vượt quá Upload-Length.", NULL);
      return;
    }

  patch = g_new0 (MsPatch, 1);
  patch->server = server;
  patch->upload_id = g_strdup (upload->id);
  patch->start = upload->offset;
  patch->length = length;
  patch->fd = -1;
  if (checksum != NULL && !parse_checksum (checksum, patch))
    {
      ms_patch_free (patch);
      ms_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                      "Upload-Checksum phải là \"sha256 <Base64>\" hoặc \"sha1 <Base64>\".", NULL);
      return;
    }

  path = part_path (server, upload->id);
  patch->fd = g_open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  /* Bytes past the committed offset are a chunk that never counted. */
  if (patch->fd < 0 || ftruncate (patch->fd, upload->offset) != 0)
    {
      g_autoptr(GError) error = g_error_new (MS_ERROR, MS_ERROR_FAILED, "%s: %s", path, g_strerror (errno));

      ms_patch_free (patch);
      ms_reply_internal (msg, error);
      return;
    }

  /* A client that lost its connection resumes before we notice: the newest
   * PATCH wins, the older one stops writing and counts for nothing. */
  previous = g_hash_table_lookup (server->active_patches, upload->id);
  if (previous != NULL)
    previous->superseded = TRUE;
  g_hash_table_replace (server->active_patches, g_strdup (upload->id), patch);
  req->patch = patch;
}

void
ms_tus_patch_got_chunk (MsServer          *server,
                        SoupServerMessage *msg,
                        GBytes            *chunk)
{
  MsRequest *req = ms_request_get (msg);
  MsPatch *patch = req->patch;
  gsize size;
  const guint8 *data = g_bytes_get_data (chunk, &size);
  gsize done = 0;

  if (patch->superseded || patch->failed)
    return;
  if (patch->received + (gint64) size > patch->length)
    {
      patch->failed = TRUE;
      return;
    }
  while (done < size)
    {
      ssize_t n = pwrite (patch->fd, data + done, size - done, patch->start + patch->received + done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_warning ("writing upload %s: %s", patch->upload_id, g_strerror (errno));
          patch->failed = TRUE;
          return;
        }
      done += n;
    }
  if (patch->checksum != NULL)
    g_checksum_update (patch->checksum, data, size);
  patch->received += size;
}

static void
reply_patched (SoupServerMessage *msg,
               gint64             offset,
               gint64             expires_at)
{
  g_autofree char *expires = expires_string (expires_at);

  set_header_int (msg, "Upload-Offset", offset);
  set_header (msg, "Upload-Expires", expires);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static gboolean
fsync_dir (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

/* Moves a complete, verified upload to files/<sha256> and registers it. */
static gboolean
complete_upload (MsServer       *server,
                 const MsUpload *upload,
                 GError        **error)
{
  g_autofree char *part = part_path (server, upload->id);
  g_autofree char *final = g_build_filename (server->files_dir, upload->sha256, NULL);

  if (g_file_test (final, G_FILE_TEST_EXISTS))
    g_unlink (part);
  else if (g_rename (part, final) != 0 || !fsync_dir (server->files_dir))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_FAILED, "%s: %s", final, g_strerror (errno));
      return FALSE;
    }
  if (!ms_db_begin (server->db, error))
    return FALSE;
  if (!ms_db_file_add (server->db, upload->sha256, upload->length, upload->filetype, error) ||
      !ms_db_upload_delete (server->db, upload->id, error))
    {
      ms_db_rollback (server->db);
      return FALSE;
    }
  return ms_db_commit (server->db, error);
}

static void
discard_upload (MsServer   *server,
                const char *id)
{
  g_autofree char *part = part_path (server, id);

  ms_db_upload_delete (server->db, id, NULL);
  g_unlink (part);
}

static void
hash_file_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (1024 * 1024);
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  ssize_t n;

  if (fd < 0)
    {
      g_task_return_new_error (task, MS_ERROR, MS_ERROR_FAILED, "%s: %s", path, g_strerror (errno));
      return;
    }
  while ((n = read (fd, buffer, 1024 * 1024)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          close (fd);
          g_task_return_new_error (task, MS_ERROR, MS_ERROR_FAILED, "%s: %s", path, g_strerror (errno));
          return;
        }
      g_checksum_update (checksum, buffer, n);
    }
  close (fd);
  g_task_return_pointer (task, g_strdup (g_checksum_get_string (checksum)), g_free);
}

typedef struct
{
  MsServer          *server;
  SoupServerMessage *msg;
  MsUpload          *upload;
} Completion;

static void
completion_free (Completion *c)
{
  g_object_unref (c->msg);
  ms_upload_free (c->upload);
  g_free (c);
}

static void
on_hashed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Completion *c = user_data;
  MsRequest *req = ms_request_get (c->msg);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = g_task_propagate_pointer (G_TASK (result), &error);

  if (hash == NULL)
    ms_reply_internal (c->msg, error);
  else if (!g_str_equal (hash, c->upload->sha256))
    {
      discard_upload (c->server, c->upload->id);
      ms_reply_error (c->msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "sha256_mismatch",
                      "Tệp nhận được không khớp mã SHA-256 đã khai báo; máy chủ đã bỏ phiên tải này.",
                      NULL);
    }
  else if (!complete_upload (c->server, c->upload, &error))
    ms_reply_internal (c->msg, error);
  else
    reply_patched (c->msg, c->upload->length, c->upload->expires_at);

  if (!req->finished)
    soup_server_message_unpause (c->msg);
  completion_free (c);
}

void
ms_tus_patch_finish (MsServer          *server,
                     SoupServerMessage *msg)
{
  MsRequest *req = ms_request_get (msg);
  MsPatch *patch = req->patch;
  g_autoptr(MsUpload) upload = NULL;
  g_autoptr(GError) error = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  gint64 offset, expires_at;

  if (patch == NULL || patch->failed)
    {
      g_set_error (&error, MS_ERROR, MS_ERROR_FAILED, "upload write failed");
      ms_reply_internal (msg, error);
      return;
    }
  if (patch->superseded || patch->received != patch->length)
    {
      ms_reply_error (msg, SOUP_STATUS_CONFLICT, "offset_mismatch",
                      "Một yêu cầu khác đã tiếp tục phiên tải này; máy trạm sẽ hỏi lại vị trí.", NULL);
      return;
    }
  if (patch->checksum != NULL)
    {
      g_checksum_get_digest (patch->checksum, digest, &digest_len);
      if (digest_len != patch->expected_len || memcmp (digest, patch->expected, digest_len) != 0)
        {
          (void) ftruncate (patch->fd, patch->start);
          ms_reply_error (msg, 460, "checksum_mismatch",
                          "Phần tệp bị hỏng trên đường truyền (sai Upload-Checksum); máy trạm sẽ gửi lại phần này.",
                          NULL);
          return;
        }
    }

  offset = patch->start + patch->length;
  expires_at = g_get_real_time () / G_USEC_PER_SEC + MS_UPLOAD_TTL;
  if (ftruncate (patch->fd, offset) != 0 || fsync (patch->fd) != 0 ||
      !ms_db_upload_set_offset (server->db, patch->upload_id, offset, expires_at, &error))
    {
      if (error == NULL)
        g_set_error (&error, MS_ERROR, MS_ERROR_FAILED, "fsync: %s", g_strerror (errno));
      ms_reply_internal (msg, error);
      return;
    }

  upload = ms_db_upload_get (server->db, patch->upload_id, &error);
  if (upload == NULL)
    {
      ms_reply_internal (msg, error);
      return;
    }
  if (offset < upload->length)
    {
      reply_patched (msg, offset, expires_at);
      return;
    }

  /* Complete: hash the whole file off the main loop, answer when durable. */
  {
    Completion *c = g_new0 (Completion, 1);
    g_autoptr(GTask) task = NULL;

    c->server = server;
    c->msg = g_object_ref (msg);
    c->upload = g_steal_pointer (&upload);
    task = g_task_new (NULL, NULL, on_hashed_cb, c);
    g_task_set_task_data (task, part_path (server, c->upload->id), g_free);
    req->async = TRUE;
    soup_server_message_pause (msg);
    g_task_run_in_thread (task, hash_file_thread);
  }
}

/* ---- housekeeping ---------------------------------------------------------- */

void
ms_tus_collect_expired (MsServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = ms_db_upload_list_expired (server->db, g_get_real_time () / G_USEC_PER_SEC,
                                                         &error);

  if (ids == NULL)
    {
      g_warning ("collecting expired uploads: %s", error->message);
      return;
    }
  for (guint i = 0; i < ids->len; i++)
    if (!g_hash_table_contains (server->active_patches, ids->pdata[i]))
      discard_upload (server, ids->pdata[i]);
}

/* A crash between the last PATCH's commit and the file's registration
 * leaves a complete upload behind: finish (or discard) it now. */
void
ms_tus_recover (MsServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = ms_db_upload_list_complete (server->db, &error);

  if (ids == NULL)
    {
      g_warning ("recovering uploads: %s", error->message);
      return;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(MsUpload) upload = ms_db_upload_get (server->db, ids->pdata[i], NULL);
      g_autofree char *part = part_path (server, ids->pdata[i]);
      g_autofree char *final = NULL;
      g_autoptr(GTask) task = NULL;
      g_autofree char *hash = NULL;

      if (upload == NULL)
        continue;
      final = g_build_filename (server->files_dir, upload->sha256, NULL);
      if (g_file_test (part, G_FILE_TEST_EXISTS))
        {
          task = g_task_new (NULL, NULL, NULL, NULL);
          g_task_set_task_data (task, g_strdup (part), g_free);
          g_task_run_in_thread_sync (task, hash_file_thread);
          hash = g_task_propagate_pointer (task, NULL);
        }
      else if (g_file_test (final, G_FILE_TEST_EXISTS))
        hash = g_strdup (upload->sha256);

      if (hash != NULL && g_str_equal (hash, upload->sha256) && complete_upload (server, upload, NULL))
        continue;
      discard_upload (server, upload->id);
    }
}
