/* ms-tus-patch.c — a tus PATCH (docs/sync-protocol.md §7.3)
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
#include <unistd.h>

#include "ms-tus-headers.h"
#include "ms-tus-private.h"

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
  GChecksumType type;

  if (!ms_tus_headers_parse_checksum (header, &type, patch->expected, &patch->expected_len))
    return FALSE;
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
  gint64 offset;
  goffset length;

  upload = ms_tus_lookup_upload (server, msg, id);
  if (upload == NULL)
    return;
  if (!ms_tus_headers_patch_type_ok (type))
    {
      ms_reply_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                      "PATCH phải có Content-Type: application/offset+octet-stream.", NULL);
      return;
    }
  if (!ms_tus_headers_parse_offset (offset_text, &offset))
    {
      ms_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "Thiếu hoặc sai Upload-Offset.", NULL);
      return;
    }
  if (offset != upload->offset)
    {
      ms_tus_set_header_int (msg, "Upload-Offset", upload->offset);
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
      ms_tus_reply_too_large (msg, MS_MAX_CHUNK_SIZE, "Phần tệp gửi lên lớn hơn giới hạn của máy chủ.");
      return;
    }
  if (offset + length > upload->length)
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

  path = ms_tus_part_path (server, upload->id);
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
  g_autofree char *expires = ms_tus_expires_string (expires_at);

  ms_tus_set_header_int (msg, "Upload-Offset", offset);
  ms_tus_set_header (msg, "Upload-Expires", expires);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
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
      ms_tus_discard_upload (c->server, c->upload->id);
      ms_reply_error (c->msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "sha256_mismatch",
                      "Tệp nhận được không khớp mã SHA-256 đã khai báo; máy chủ đã bỏ phiên tải này.",
                      NULL);
    }
  else if (!ms_tus_complete_upload (c->server, c->upload, &error))
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
    g_task_set_task_data (task, ms_tus_part_path (server, c->upload->id), g_free);
    req->async = TRUE;
    soup_server_message_pause (msg);
    g_task_run_in_thread (task, ms_tus_hash_file_thread);
  }
}
