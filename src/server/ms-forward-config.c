/* ms-forward-config.c — reading and checking a --forward CONFIG.json
 *
 * Shared by every connector kind: each refusal names the field at fault.
 * Secrets come from files that only their owner may read, and never
 * appear in a message.
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mc-json.h"
#include "mc-limits.h"
#include "ms-forward.h"

#define MAX_CONFIG_SIZE  (64 * 1024)
#define MAX_SECRET_SIZE  4096
#define HTTP_TIMEOUT_S   30

static gboolean
fail (GError    **error,
      const char *field,
      const char *why)
{
  g_set_error (error, MS_ERROR, MS_ERROR_FAILED, "--forward: trường “%s”: %s", field, why);
  return FALSE;
}

JsonObject *
ms_forward_config_load (const char  *path,
                        GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize size;

  data = mc_json_read_file (path, MAX_CONFIG_SIZE, &size, &local);
  if (data == NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_FAILED, "--forward: không đọc được %s: %s", path, local->message);
      return NULL;
    }
  root = mc_json_parse (data, (gssize) size, MAX_CONFIG_SIZE, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_FAILED,
                   "--forward: %s không phải một đối tượng JSON (tối đa 64 KiB)", path);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* The string member @field: NULL with @error when required and missing,
 * NULL without error when optional and missing. */
const char *
ms_forward_config_string (JsonObject  *config,
                          const char  *field,
                          gboolean     required,
                          GError     **error)
{
  JsonNode *node = json_object_get_member (config, field);
  const char *value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        fail (error, field, "thiếu (bắt buộc)");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      fail (error, field, "phải là một chuỗi");
      return NULL;
    }
  value = json_node_get_string (node);
  if (*value == '\0' || strlen (value) > 2048)
    {
      fail (error, field, "rỗng hoặc quá dài");
      return NULL;
    }
  return value;
}

static gboolean
is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* https://…, or http://… to this machine only. */
gboolean
ms_forward_config_url (JsonObject  *config,
                       const char  *field,
                       GError     **error)
{
  const char *text = ms_forward_config_string (config, field, TRUE, error);
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (text == NULL)
    return FALSE;
  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return fail (error, field, "không phải địa chỉ http(s):// hợp lệ");
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (is_loopback (g_uri_get_host (uri)))
        return TRUE;
      return fail (error, field, "http:// không mã hóa chỉ được dùng tới chính máy này; hãy dùng https://");
    }
  return fail (error, field, "phải bắt đầu bằng https://");
}

/* The first line of @path, which must be a regular file only its owner can
 * read or write (0600 or stricter). */
char *
ms_forward_read_secret (const char  *path,
                        const char  *field,
                        GError     **error)
{
  struct stat st;
  g_autofree char *data = NULL;
  gsize size;
  char *newline;

  if (stat (path, &st) != 0)
    {
      g_autofree char *why = g_strdup_printf ("không đọc được %s: %s", path, g_strerror (errno));

      fail (error, field, why);
      return NULL;
    }
  if (!S_ISREG (st.st_mode) || (st.st_mode & 077) != 0 || st.st_uid != geteuid ())
    {
      g_autofree char *why = g_strdup_printf ("%s phải là tệp của người chạy máy chủ, quyền 0600 (chmod 600)", path);

      fail (error, field, why);
      return NULL;
    }
  if (st.st_size > MAX_SECRET_SIZE || !g_file_get_contents (path, &data, &size, NULL))
    {
      fail (error, field, "tệp quá lớn hoặc không đọc được");
      return NULL;
    }
  newline = strpbrk (data, "\r\n");
  if (newline != NULL)
    *newline = '\0';
  if (*data == '\0')
    {
      fail (error, field, "tệp rỗng");
      return NULL;
    }
  return g_steal_pointer (&data);
}

/* A session that verifies certificates: the system's CAs, or only
 * `ca_file` (PEM) when given. */
SoupSession *
ms_forward_session_new (JsonObject  *config,
                        const char  *config_dir,
                        GError     **error)
{
  g_autoptr(GError) local = NULL;
  const char *ca_file = ms_forward_config_string (config, "ca_file", FALSE, &local);
  SoupSession *session;

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  session = soup_session_new_with_options ("timeout", HTTP_TIMEOUT_S, "idle-timeout", 60,
                                           "user-agent", "motcua-server/" PACKAGE_VERSION " ",
                                           "max-conns-per-host", 2, NULL);
  if (ca_file != NULL)
    {
      g_autofree char *path = g_path_is_absolute (ca_file) ? g_strdup (ca_file)
                                                           : g_build_filename (config_dir, ca_file, NULL);
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (path, &local);

      if (database == NULL)
        {
          g_autofree char *why = g_strdup_printf ("không đọc được chứng chỉ CA %s: %s", path, local->message);

          g_object_unref (session);
          fail (error, "ca_file", why);
          return NULL;
        }
      soup_session_set_tls_database (session, database);
    }
  return session;
}

void
ms_forward_status_clear (MsForwardStatus *status)
{
  g_clear_pointer (&status->handler_name, g_free);
  g_clear_pointer (&status->handler_title, g_free);
  g_clear_pointer (&status->handler_unit, g_free);
  g_clear_pointer (&status->message, g_free);
}

/* An answer from the other system, hostile until checked: read by the
 * one bounded JSON reader (mc-json.h: size, nesting counted before
 * json-glib recurses, trailing bytes, NUL), and a JSON object. Every
 * connector parses its answers here. */
JsonNode *
ms_forward_parse_answer (const char  *data,
                         gsize        size,
                         GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonNode) root = mc_json_parse (data, (gssize) size, MC_LIMIT_ANSWER_SIZE, &local);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_FAILED, "Trả lời không phải một đối tượng JSON%s%s",
                   local != NULL ? ": " : "", local != NULL ? local->message : "");
      return NULL;
    }
  return g_steal_pointer (&root);
}
