/* ms-tus.c — attachments: tus 1.0 (core, creation, checksum, expiration) and
 * HEAD /api/v1/attachments/{sha256} (docs/sync-protocol.md §7.3–7.4);
 * the PATCH body itself is ms-tus-patch.c
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <nettle/sha1.h>
#include <nettle/sha2.h>

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "ms-tus-headers.h"
#include "ms-tus-private.h"

#define MSG_UPLOAD_GONE "Phiên tải tệp này không còn trên máy chủ; máy trạm sẽ tải lại từ đầu."

char *
ms_tus_part_path (MsServer   *server,
                  const char *id)
{
  g_autofree char *name = g_strconcat (id, ".part", NULL);

  return g_build_filename (server->uploads_dir, name, NULL);
}

char *
ms_tus_expires_string (gint64 expires_at)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (expires_at);

  return soup_date_time_to_string (dt, SOUP_DATE_HTTP);
}

void
ms_tus_set_header (SoupServerMessage *msg,
                   const char        *name,
                   const char        *value)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), name, value);
}

void
ms_tus_set_header_int (SoupServerMessage *msg,
                       const char        *name,
                       gint64             value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  ms_tus_set_header (msg, name, text);
}

void
ms_tus_too_large (MsAnswer   *answer,
                  gint64      limit,
                  const char *message)
{
  g_autoptr(JsonNode) details = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "limit", limit);
  json_node_take_object (details, o);
  ms_answer_error_full (answer, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large", message, NULL, NULL, details);
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
  ms_tus_set_header (msg, "Tus-Resumable", "1.0.0");
  ms_tus_set_header (msg, "Tus-Version", "1.0.0");
  ms_tus_set_header (msg, "Tus-Extension", "creation,checksum,expiration");
  ms_tus_set_header (msg, "Tus-Checksum-Algorithm", "sha256,sha1");
  ms_tus_set_header_int (msg, "Tus-Max-Size", server->max_attachment_size);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

gboolean
ms_tus_check_version (MsServer          *server,
                      SoupServerMessage *msg)
{
  const char *version = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                      "Tus-Resumable");

  ms_tus_set_header (msg, "Tus-Resumable", "1.0.0");
  if (!ms_tus_headers_version_ok (version))
    {
      ms_tus_set_header (msg, "Tus-Version", "1.0.0");
      ms_reply_error (msg, SOUP_STATUS_PRECONDITION_FAILED, "unsupported_version",
                      "Máy chủ chỉ hỗ trợ tus 1.0.0 (thiếu hoặc sai Tus-Resumable).", NULL);
      return FALSE;
    }
  return TRUE;
}

/* ---- creation ----------------------------------------------------------- */

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

/* A job (ms-pool.c): POST /uploads (tus creation). */
void
ms_tus_create (MsJob   *job,
               sqlite3 *db)
{
  MsServer *server = job->server;
  MsAnswer *answer = &job->answer;
  SoupMessageHeaders *headers = job->headers;
  const char *length_text = soup_message_headers_get_one (headers, "Upload-Length");
  const char *meta_text = soup_message_headers_get_one (headers, "Upload-Metadata");
  g_autoptr(GHashTable) meta = NULL;
  g_autoptr(MsUpload) upload = g_new0 (MsUpload, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *location = NULL;
  g_autofree char *expires = NULL;
  const char *sha256, *filename, *filetype, *dossier_uuid;
  gint64 length;
  int fd;

  if (soup_message_headers_get_one (headers, "Upload-Defer-Length") != NULL)
    {
      ms_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "bad_request",
                      "Máy chủ không hỗ trợ Upload-Defer-Length; hãy gửi Upload-Length.", NULL);
      return;
    }
  if (!ms_tus_headers_parse_length (length_text, &length))
    {
      ms_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "bad_request",
                      "Thiếu hoặc sai Upload-Length (số byte của tệp, ít nhất 1).", NULL);
      return;
    }
  if (length > server->max_attachment_size)
    {
      ms_tus_too_large (answer, server->max_attachment_size,
                              "Tệp đính kèm lớn hơn giới hạn của máy chủ.");
      return;
    }
  meta = ms_tus_headers_parse_metadata (meta_text);
  sha256 = meta != NULL ? g_hash_table_lookup (meta, "sha256") : NULL;
  filename = meta != NULL ? g_hash_table_lookup (meta, "filename") : NULL;
  filetype = meta != NULL ? g_hash_table_lookup (meta, "filetype") : NULL;
  dossier_uuid = meta != NULL ? g_hash_table_lookup (meta, "dossier_uuid") : NULL;
  if (sha256 == NULL || !ms_is_sha256 (sha256) || filename == NULL || !ms_tus_headers_filename_ok (filename) ||
      filetype == NULL || (dossier_uuid != NULL && !ms_is_uuid (dossier_uuid)))
    {
      ms_answer_error (answer, SOUP_STATUS_BAD_REQUEST, "bad_request",
                      "Upload-Metadata thiếu hoặc sai: cần filename, filetype và sha256 (64 chữ số hex thường).",
                      NULL);
      return;
    }
  if (!ms_tus_headers_filetype_ok (filetype))
    {
      ms_answer_error (answer, SOUP_STATUS_UNPROCESSABLE_ENTITY, "validation_failed",
                      "Chỉ nhận tệp PDF, JPEG hoặc PNG.", "filetype");
      return;
    }

  upload->id = random_id ();
  upload->station_id = job->station->id;
  upload->length = length;
  upload->offset = 0;
  upload->metadata = g_strdup (meta_text);
  upload->sha256 = g_strdup (sha256);
  upload->filetype = g_strdup (filetype);
  upload->expires_at = g_get_real_time () / G_USEC_PER_SEC + MS_UPLOAD_TTL;

  path = ms_tus_part_path (server, upload->id);
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (&error, MS_ERROR, MS_ERROR_FAILED, "%s: %s", path, g_strerror (errno));
      ms_answer_internal (answer, error);
      return;
    }
  close (fd);
  if (!ms_db_begin (db, &error) || !ms_db_upload_insert (db, upload, &error) || !ms_db_commit (db, &error))
    {
      ms_db_rollback (db);
      g_unlink (path);
      ms_answer_internal (answer, error);
      return;
    }

  location = g_strconcat ("/api/v1/uploads/", upload->id, NULL);
  expires = ms_tus_expires_string (upload->expires_at);
  ms_answer_set_header (answer, "Location", location);
  ms_answer_set_header (answer, "Upload-Expires", expires);
  ms_answer_set_header_int (answer, "Upload-Offset", 0);
  ms_answer_set_status (answer, SOUP_STATUS_CREATED);
}

/* ---- HEAD ---------------------------------------------------------------- */

/* The upload @id if this station may use it; else replies and returns NULL. */
MsUpload *
ms_tus_lookup_upload (MsServer          *server,
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
  g_autoptr(MsUpload) upload = ms_tus_lookup_upload (server, msg, id);
  g_autofree char *expires = NULL;

  ms_tus_set_header (msg, "Cache-Control", "no-store");
  if (upload == NULL)
    return;
  expires = ms_tus_expires_string (upload->expires_at);
  ms_tus_set_header_int (msg, "Upload-Offset", upload->offset);
  ms_tus_set_header_int (msg, "Upload-Length", upload->length);
  ms_tus_set_header (msg, "Upload-Metadata", upload->metadata);
  ms_tus_set_header (msg, "Upload-Expires", expires);
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
gboolean
ms_tus_complete_upload (MsServer       *server,
                        sqlite3        *db,
                        const MsUpload *upload,
                        GError        **error)
{
  g_autofree char *part = ms_tus_part_path (server, upload->id);
  g_autofree char *final = g_build_filename (server->files_dir, upload->sha256, NULL);

  if (g_file_test (final, G_FILE_TEST_EXISTS))
    g_unlink (part);
  else if (g_rename (part, final) != 0 || !fsync_dir (server->files_dir))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_FAILED, "%s: %s", final, g_strerror (errno));
      return FALSE;
    }
  if (!ms_db_begin (db, error))
    return FALSE;
  if (!ms_db_file_add (db, upload->sha256, upload->length, upload->filetype, error) ||
      !ms_db_upload_delete (db, upload->id, error))
    {
      ms_db_rollback (db);
      return FALSE;
    }
  return ms_db_commit (db, error);
}

void
ms_tus_discard_upload (MsServer   *server,
                       sqlite3    *db,
                       const char *id)
{
  g_autofree char *part = ms_tus_part_path (server, id);

  if (ms_db_begin (db, NULL))
    {
      if (ms_db_upload_delete (db, id, NULL))
        ms_db_commit (db, NULL);
      else
        ms_db_rollback (db);
    }
  g_unlink (part);
}

/* The @checksum of the bytes [@from, @from + @length) of @path (@length
 * -1: to the end). */
gboolean
ms_tus_hash_range (const char    *path,
                   gint64         from,
                   gint64         length,
                   GChecksumType  type,
                   guint8         digest[32],
                   gsize         *digest_len,
                   GError       **error)
{
  g_autofree guint8 *buffer = g_malloc (1024 * 1024);
  struct sha256_ctx sha256;
  struct sha1_ctx sha1;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gint64 left = length;
  ssize_t n;

  g_return_val_if_fail (type == G_CHECKSUM_SHA256 || type == G_CHECKSUM_SHA1, FALSE);
  sha256_init (&sha256);
  sha1_init (&sha1);
  if (fd < 0)
    goto fail;
  while (left != 0)
    {
      gsize want = left < 0 ? 1024 * 1024 : (gsize) MIN (left, 1024 * 1024);

      n = pread (fd, buffer, want, from);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto fail;
      if (n == 0)
        {
          if (left < 0)
            break;
          close (fd);
          g_set_error (error, MS_ERROR, MS_ERROR_FAILED, "%s: shorter than expected", path);
          return FALSE;
        }
      if (type == G_CHECKSUM_SHA256)
        sha256_update (&sha256, (size_t) n, buffer);
      else
        sha1_update (&sha1, (size_t) n, buffer);
      from += n;
      if (left > 0)
        left -= n;
    }
  close (fd);
  if (type == G_CHECKSUM_SHA256)
    sha256_digest (&sha256, SHA256_DIGEST_SIZE, digest), *digest_len = SHA256_DIGEST_SIZE;
  else
    sha1_digest (&sha1, SHA1_DIGEST_SIZE, digest), *digest_len = SHA1_DIGEST_SIZE;
  return TRUE;

fail:
  g_set_error (error, MS_ERROR, MS_ERROR_FAILED, "%s: %s", path, g_strerror (errno));
  if (fd >= 0)
    close (fd);
  return FALSE;
}

/* The SHA-256 (hex) of the whole file at @path. */
char *
ms_tus_hash_file (const char  *path,
                  GError     **error)
{
  guint8 digest[32];
  gsize len = 0;
  GString *hex = g_string_sized_new (2 * sizeof digest);

  if (!ms_tus_hash_range (path, 0, -1, G_CHECKSUM_SHA256, digest, &len, error))
    return (g_string_free (hex, TRUE), NULL);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (hex, "%02x", digest[i]);
  return g_string_free (hex, FALSE);
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
    if (!g_hash_table_contains (server->active_patches, ids->pdata[i]) &&
        (server->finishing == NULL || !g_hash_table_contains (server->finishing, ids->pdata[i])))
      ms_tus_discard_upload (server, server->db, ids->pdata[i]);
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
      g_autofree char *part = ms_tus_part_path (server, ids->pdata[i]);
      g_autofree char *final = NULL;
      g_autofree char *hash = NULL;

      if (upload == NULL)
        continue;
      final = g_build_filename (server->files_dir, upload->sha256, NULL);
      if (g_file_test (part, G_FILE_TEST_EXISTS))
        hash = ms_tus_hash_file (part, NULL);
      else if (g_file_test (final, G_FILE_TEST_EXISTS))
        hash = g_strdup (upload->sha256);

      if (hash != NULL && g_str_equal (hash, upload->sha256) &&
          ms_tus_complete_upload (server, server->db, upload, NULL))
        continue;
      ms_tus_discard_upload (server, server->db, upload->id);
    }
}
