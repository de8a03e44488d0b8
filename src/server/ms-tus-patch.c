/* ms-tus-patch.c — a tus PATCH (docs/sync-protocol.md §7.3)
 *
 * A PATCH body goes straight to uploads/<id>.part at the upload's offset as
 * it arrives (memory does not grow with the chunk); the chunk counts only
 * once its checksum is verified, the file fsynced and the new offset
 * committed. Anything written past the committed offset is cut off again
 * by the next PATCH, so a chunk is applied whole or not at all.
 *
 * The end of a PATCH (checksum, fsync, commit, and for the last chunk the
 * whole file's hash and its move into files/) runs on a worker
 * (ms-pool.c). Meanwhile the upload is "finishing": a new PATCH of the
 * same upload waits, paused before its body, until the finish is
 * committed, and then begins from the committed offset. So the finish of
 * one chunk and the start of the next never overlap on the file.
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
  GChecksumType checksum_type;
  gboolean   has_checksum; /* Upload-Checksum given: verified at the end */
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
  patch->checksum_type = type;
  patch->has_checksum = TRUE;
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
  GPtrArray *waiting;
  gint64 offset;
  goffset length;

  waiting = server->finishing != NULL ? g_hash_table_lookup (server->finishing, id) : NULL;
  if (waiting != NULL)
    {
      /* Begun again by finish_done (). */
      req->deferred = TRUE;
      soup_server_message_pause (msg);
      g_ptr_array_add (waiting, g_object_ref (msg));
      return;
    }
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
      MsAnswer answer;

      ms_answer_init (&answer, FALSE);
      ms_tus_too_large (&answer, MS_MAX_CHUNK_SIZE, "Phần tệp gửi lên lớn hơn giới hạn của máy chủ.");
      ms_answer_send (&answer, msg);
      ms_answer_clear (&answer);
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
  patch->received += size;
}

/* ---- the end of a PATCH, on a worker -------------------------------------- */

typedef struct
{
  char          *upload_id;
  gint64         start;
  gint64         length;
  gboolean       has_checksum;
  GChecksumType  checksum_type;
  guint8         expected[32];
  gsize          expected_len;
} Finish;

static void
finish_free (gpointer data)
{
  Finish *f = data;

  g_free (f->upload_id);
  g_free (f);
}

static void
reply_patched (MsAnswer *answer,
               gint64    offset,
               gint64    expires_at)
{
  g_autofree char *expires = ms_tus_expires_string (expires_at);

  ms_answer_set_header_int (answer, "Upload-Offset", offset);
  ms_answer_set_header (answer, "Upload-Expires", expires);
  ms_answer_set_status (answer, SOUP_STATUS_NO_CONTENT);
}

static gboolean
checksum_matches (Finish      *f,
                  const char  *path,
                  GError     **error)
{
  guint8 digest[32];
  gsize digest_len = 0;

  if (!ms_tus_hash_range (path, f->start, f->length, f->checksum_type, digest, &digest_len, error))
    return FALSE;
  return digest_len == f->expected_len && memcmp (digest, f->expected, digest_len) == 0;
}

/* Cuts the file at @offset and makes it durable. */
static gboolean
truncate_and_sync (const char  *path,
                   gint64       offset,
                   gboolean     sync,
                   GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_CLOEXEC, 0);
  gboolean ok = fd >= 0 && ftruncate (fd, offset) == 0 && (!sync || fsync (fd) == 0);

  if (!ok)
    g_set_error (error, MS_ERROR, MS_ERROR_FAILED, "%s: %s", path, g_strerror (errno));
  if (fd >= 0)
    close (fd);
  return ok;
}

/* The last chunk: hash the whole file, answer once it is in files/. */
static void
complete (MsServer *server,
          sqlite3  *db,
          MsAnswer *answer,
          MsUpload *upload,
          const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = ms_tus_hash_file (path, &error);

  if (hash == NULL)
    ms_answer_internal (answer, error);
  else if (!g_str_equal (hash, upload->sha256))
    {
      ms_tus_discard_upload (server, db, upload->id);
      ms_answer_error (answer, SOUP_STATUS_UNPROCESSABLE_ENTITY, "sha256_mismatch",
                       "Tệp nhận được không khớp mã SHA-256 đã khai báo; máy chủ đã bỏ phiên tải này.",
                       NULL);
    }
  else if (!ms_tus_complete_upload (server, db, upload, &error))
    ms_answer_internal (answer, error);
  else
    reply_patched (answer, upload->length, upload->expires_at);
}

static void
finish_job (MsJob   *job,
            sqlite3 *db)
{
  Finish *f = job->data;
  MsServer *server = job->server;
  MsAnswer *answer = &job->answer;
  g_autofree char *path = ms_tus_part_path (server, f->upload_id);
  g_autoptr(MsUpload) upload = NULL;
  g_autoptr(GError) error = NULL;
  gint64 offset = f->start + f->length;
  gint64 expires_at = g_get_real_time () / G_USEC_PER_SEC + MS_UPLOAD_TTL;

  ms_pool_fault_hold (server);
  if (f->has_checksum && !checksum_matches (f, path, &error))
    {
      if (error != NULL)
        ms_answer_internal (answer, error);
      else
        {
          (void) truncate_and_sync (path, f->start, FALSE, NULL);
          ms_answer_error (answer, 460, "checksum_mismatch",
                           "Phần tệp bị hỏng trên đường truyền (sai Upload-Checksum); máy trạm sẽ gửi lại phần này.",
                           NULL);
        }
      return;
    }

  if (!truncate_and_sync (path, offset, TRUE, &error) ||
      !ms_db_begin (db, &error) ||
      !ms_db_upload_set_offset (db, f->upload_id, offset, expires_at, &error) ||
      !ms_db_commit (db, &error))
    {
      ms_db_rollback (db);
      ms_answer_internal (answer, error);
      return;
    }

  upload = ms_db_upload_get (db, f->upload_id, &error);
  if (upload == NULL)
    ms_answer_internal (answer, error);
  else if (offset < upload->length)
    reply_patched (answer, offset, expires_at);
  else
    complete (server, db, answer, upload, path);
}

/* Main thread: the upload may take its next PATCH. */
static void
finish_done (MsJob *job)
{
  Finish *f = job->data;
  MsServer *server = job->server;
  g_autoptr(GPtrArray) waiting = NULL;

  g_hash_table_steal_extended (server->finishing, f->upload_id, NULL, (gpointer *) &waiting);
  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    {
      SoupServerMessage *msg = waiting->pdata[i];
      MsRequest *req = ms_request_get (msg);

      if (req == NULL || req->finished)
        continue;
      req->deferred = FALSE;
      ms_tus_patch_begin (server, msg, req->arg1);
      if (!req->deferred)
        soup_server_message_unpause (msg);
    }
}

void
ms_tus_patch_finish (MsServer          *server,
                     SoupServerMessage *msg)
{
  MsRequest *req = ms_request_get (msg);
  MsPatch *patch = req->patch;
  g_autoptr(GError) error = NULL;
  Finish *f;

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

  f = g_new0 (Finish, 1);
  f->upload_id = g_strdup (patch->upload_id);
  f->start = patch->start;
  f->length = patch->length;
  f->has_checksum = patch->has_checksum;
  f->checksum_type = patch->checksum_type;
  memcpy (f->expected, patch->expected, sizeof f->expected);
  f->expected_len = patch->expected_len;
  if (server->finishing == NULL)
    server->finishing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_ptr_array_unref);
  g_hash_table_insert (server->finishing, g_strdup (f->upload_id),
                       g_ptr_array_new_with_free_func (g_object_unref));
  ms_pool_run (server, msg, finish_job, finish_done, f, finish_free);
}
