/* ms-forward-files.c — forwarded attachments at unguessable, expiring URLs
 *
 *   GET BASE/forward/files/<sha256>?exp=<unix seconds>&sig=<hex HMAC-SHA256>
 *
 * The HMAC covers the digest and the expiry, keyed with a server secret
 * (meta "forward_file_key"), so only URLs this server handed to the
 * one-stop system open, and only until they expire. No token: the
 * signature is the authorisation.
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <string.h>

#include "ms-forward.h"

#define PATH_PREFIX "/forward/files/"

static char *
signature (GBytes     *key,
           const char *sha256,
           gint64      expires_at)
{
  g_autofree char *text = g_strdup_printf ("%s:%" G_GINT64_FORMAT, sha256, expires_at);
  gsize len;
  const guint8 *data = g_bytes_get_data (key, &len);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, data, len, text, -1);
}

char *
ms_forward_file_url (GBytes     *key,
                     const char *base_url,
                     const char *sha256,
                     gint64      expires_at)
{
  g_autofree char *sig = signature (key, sha256, expires_at);
  gsize n = strlen (base_url);

  while (n > 0 && base_url[n - 1] == '/')
    n--;
  return g_strdup_printf ("%.*s" PATH_PREFIX "%s?exp=%" G_GINT64_FORMAT "&sig=%s",
                          (int) n, base_url, sha256, expires_at, sig);
}

gboolean
ms_forward_file_path (const char  *path,
                      char       **sha256_out)
{
  if (!g_str_has_prefix (path, PATH_PREFIX) || !ms_is_sha256 (path + strlen (PATH_PREFIX)))
    return FALSE;
  *sha256_out = g_strdup (path + strlen (PATH_PREFIX));
  return TRUE;
}

static gboolean
equal_in_constant_time (const char *a,
                        const char *b)
{
  gsize n = strlen (a);
  guint8 diff = 0;

  if (strlen (b) != n)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    diff |= (guint8) (a[i] ^ b[i]);
  return diff == 0;
}

void
ms_forward_file_get (MsServer          *server,
                     SoupServerMessage *msg,
                     const char        *sha256,
                     GHashTable        *query)
{
  const char *exp_text = query != NULL ? g_hash_table_lookup (query, "exp") : NULL;
  const char *sig = query != NULL ? g_hash_table_lookup (query, "sig") : NULL;
  g_autofree char *expected = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint64 expires_at;

  if (server->file_key == NULL || exp_text == NULL || sig == NULL ||
      !g_ascii_string_to_unsigned (exp_text, 10, 0, G_MAXINT64, &expires_at, NULL))
    {
      ms_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", "Đường dẫn tệp không hợp lệ.", NULL);
      return;
    }
  expected = signature (server->file_key, sha256, (gint64) expires_at);
  if (!equal_in_constant_time (expected, sig))
    {
      ms_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", "Đường dẫn tệp không hợp lệ.", NULL);
      return;
    }
  if ((gint64) expires_at < g_get_real_time () / G_USEC_PER_SEC)
    {
      ms_reply_error (msg, SOUP_STATUS_GONE, "expired", "Đường dẫn tệp đã hết hạn.", NULL);
      return;
    }
  path = g_build_filename (server->files_dir, sha256, NULL);
  file = g_mapped_file_new (path, FALSE, NULL);
  if (file == NULL)
    {
      ms_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "Máy chủ không còn giữ tệp này.", NULL);
      return;
    }
  bytes = g_mapped_file_get_bytes (file);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "application/octet-stream", NULL);
  if (g_str_equal (soup_server_message_get_method (msg), "HEAD"))
    soup_message_headers_set_content_length (soup_server_message_get_response_headers (msg),
                                             (goffset) g_bytes_get_size (bytes));
  else
    soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
}
