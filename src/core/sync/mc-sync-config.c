/* mc-sync-config.c — enrolment: the server's URL, its CA, the token
 *
 * The token is a secret: it goes to the Secret Service (GUI) or to a 0600
 * file in the data dir (headless CLI), never to a log or a command line.
 * TLS is always verified; a configured CA file replaces the system store
 * for this server; plain http only to loopback (protocol §3, §4).
 */
#define G_LOG_DOMAIN "motcua-sync"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mc-json.h"
#include "mc-limits.h"
#include "mc-sync-private.h"

/* How long a Secret Service that does not answer may hold up a sync. */
#define SECRET_TIMEOUT_US (3 * G_USEC_PER_SEC)
#define MAX_TOKEN_LENGTH 512

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    MC_SYNC_SECRET_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };
  return &schema;
}

/* --- URLs ----------------------------------------------------------- */

static gboolean
bad_url (GError    **error,
         const char *url,
         const char *why)
{
  g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BAD_URL, _("Server address “%s”: %s"), url, why);
  return FALSE;
}

static gboolean
is_loopback_literal (const char *host)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

char *
mc_sync_normalize_url (const char  *url,
                       GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) normal = NULL;
  g_autofree char *path = NULL;
  g_autofree char *trimmed = NULL;
  const char *scheme, *host;
  gboolean https;
  int port;

  g_return_val_if_fail (url != NULL, NULL);

  trimmed = g_strstrip (g_strdup (url));
  uri = g_uri_parse (trimmed, G_URI_FLAGS_SCHEME_NORMALIZE, NULL);
  if (uri == NULL)
    {
      bad_url (error, trimmed, _("it is not a web address; write it like https://motcua.example.gov.vn/"));
      return NULL;
    }
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  https = g_ascii_strcasecmp (scheme, "https") == 0;
  if (!https && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      bad_url (error, trimmed, _("only https:// addresses can be used"));
      return NULL;
    }
  if (host == NULL || *host == '\0')
    {
      bad_url (error, trimmed, _("the server's name is missing"));
      return NULL;
    }
  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      bad_url (error, trimmed, _("give only the server's base address, without a user name, “?” or “#”"));
      return NULL;
    }

  /* Plain http only to this PC; "localhost" is mapped here so it never
   * goes to DNS. */
  if (!https)
    {
      if (g_ascii_strcasecmp (host, "localhost") == 0)
        host = "127.0.0.1";
      else if (!is_loopback_literal (host))
        {
          bad_url (error, trimmed,
                   _("plain http:// is only allowed to this PC (127.0.0.1, ::1 or localhost); use https://"));
          return NULL;
        }
    }

  path = g_str_has_suffix (g_uri_get_path (uri), "/") ? g_strdup (g_uri_get_path (uri))
                                                        : g_strconcat (g_uri_get_path (uri), "/", NULL);
  /* SCHEME_NORMALIZE reports the scheme's default port when none is given. */
  port = g_uri_get_port (uri);
  if (port == (https ? 443 : 80))
    port = -1;
  normal = g_uri_build (G_URI_FLAGS_NONE, https ? "https" : "http", NULL, host, port, path, NULL, NULL);
  return g_uri_to_string (normal);
}

char *
mc_sync_get_server_url (McStore *store)
{
  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  return mc_store_get_setting (store, MC_SYNC_SETTING_SERVER);
}

/* --- the token file ------------------------------------------------- */

static char *
token_file_path (McStore *store)
{
  return g_build_filename (mc_store_get_data_dir (store), MC_SYNC_TOKEN_FILE_NAME, NULL);
}

/* RFC 6750 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" */
static gboolean
check_token (const char  *token,
             GError     **error)
{
  gsize len = token != NULL ? strlen (token) : 0;
  gsize i = 0;

  if (len == 0 || len > MAX_TOKEN_LENGTH)
    goto bad;
  while (i < len && (g_ascii_isalnum (token[i]) || strchr ("-._~+/", token[i]) != NULL))
    i++;
  if (i == 0)
    goto bad;
  while (i < len && token[i] == '=')
    i++;
  if (i == len)
    return TRUE;

bad:
  g_set_error_literal (error, MC_SYNC_ERROR, MC_SYNC_ERROR_TOKEN_FILE,
                       _("The access token is not valid: it must be the text the province issued "
                         "(letters, digits and - . _ ~ + /, at most 512), on one line"));
  return FALSE;
}

char *
mc_sync_read_token_file (const char  *path,
                         GError     **error)
{
  GStatBuf st;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;

  if (g_lstat (path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT)
        g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_NOT_ENROLLED,
                     _("This PC is not enrolled for upload: run “motcua enrol --server URL --token-file FILE”"));
      else
        g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_TOKEN_FILE,
                     _("The token file “%s” cannot be read: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_TOKEN_FILE,
                   _("The token file “%s” is not a plain file (a link or a folder?); remove it and enrol again"), path);
      return NULL;
    }
  if (st.st_uid != getuid ())
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_TOKEN_FILE,
                   _("The token file “%s” belongs to another user; remove it and enrol again"), path);
      return NULL;
    }
  if ((st.st_mode & 077) != 0)
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_TOKEN_FILE,
                   _("The token file “%s” can be read by other users (mode %04o): run “chmod 600 %s”, "
                     "or ask the province for a new token if others may have seen it"),
                   path, (unsigned) (st.st_mode & 07777), path);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_TOKEN_FILE,
                   _("The token file “%s” cannot be read: %s"), path, local_error->message);
      return NULL;
    }
  g_strstrip (contents);
  if (!check_token (contents, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

/* Written whole to a temporary 0600 file, then renamed over the old one. */
static gboolean
write_token_file (McStore     *store,
                  const char  *token,
                  GError     **error)
{
  g_autofree char *path = token_file_path (store);
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  g_autofree char *line = g_strconcat (token, "\n", NULL);
  gsize len = strlen (line), done = 0;
  int saved = 0;
  int fd;

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved = errno;
      goto fail;
    }
  while (done < len)
    {
      gssize n = write (fd, line + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved = errno;
          break;
        }
      done += n;
    }
  if (saved == 0 && fsync (fd) != 0)
    saved = errno;
  close (fd);
  if (saved == 0 && g_rename (tmp, path) != 0)
    saved = errno;
  if (saved == 0)
    return TRUE;
  g_unlink (tmp);

fail:
  g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_TOKEN_FILE,
               _("The token cannot be saved in “%s”: %s"), path, g_strerror (saved));
  return FALSE;
}

/* --- the Secret Service --------------------------------------------- */

/* Without a session bus there is no Secret Service; do not let libsecret
 * try to autolaunch one (a headless CLI, a cron job). */
static gboolean
session_bus_available (void)
{
  g_autofree char *socket = NULL;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL)
    return TRUE;
  socket = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);
  return g_file_test (socket, G_FILE_TEST_EXISTS);
}

typedef struct
{
  gatomicrefcount  ref;
  GMutex           mutex;
  GCond            cond;
  gboolean         done;
  char            *server;
  char            *token;
  GCancellable    *cancellable;
} SecretLookup;

static void
secret_lookup_unref (SecretLookup *lookup)
{
  if (!g_atomic_ref_count_dec (&lookup->ref))
    return;
  g_mutex_clear (&lookup->mutex);
  g_cond_clear (&lookup->cond);
  g_free (lookup->server);
  if (lookup->token != NULL)
    secret_password_free (lookup->token);
  g_clear_object (&lookup->cancellable);
  g_free (lookup);
}

static gpointer
secret_lookup_thread (gpointer data)
{
  SecretLookup *lookup = data;
  g_autoptr(GError) error = NULL;
  char *token;

  token = secret_password_lookup_sync (token_schema (), lookup->cancellable, &error,
                                       "server", lookup->server, NULL);
  if (error != NULL)
    g_debug ("No token from the Secret Service: %s", error->message);
  g_mutex_lock (&lookup->mutex);
  lookup->token = token;
  lookup->done = TRUE;
  g_cond_signal (&lookup->cond);
  g_mutex_unlock (&lookup->mutex);
  secret_lookup_unref (lookup);
  return NULL;
}

/* The token stored for @server, or NULL (none, no Secret Service, or it
 * did not answer in time). Runs the lookup on its own thread so a hung
 * keyring daemon cannot hold the caller for more than a few seconds. */
static char *
lookup_secret (const char *server)
{
  SecretLookup *lookup;
  char *token = NULL;
  gint64 deadline;

  if (!session_bus_available ())
    return NULL;

  lookup = g_new0 (SecretLookup, 1);
  g_atomic_ref_count_init (&lookup->ref);
  g_mutex_init (&lookup->mutex);
  g_cond_init (&lookup->cond);
  lookup->server = g_strdup (server);
  lookup->cancellable = g_cancellable_new ();

  g_atomic_ref_count_inc (&lookup->ref);
  g_thread_unref (g_thread_new ("motcua-secret", secret_lookup_thread, lookup));

  deadline = g_get_monotonic_time () + SECRET_TIMEOUT_US;
  g_mutex_lock (&lookup->mutex);
  while (!lookup->done)
    if (!g_cond_wait_until (&lookup->cond, &lookup->mutex, deadline))
      break;
  if (lookup->done && lookup->token != NULL)
    token = g_strdup (lookup->token);
  else if (!lookup->done)
    {
      g_debug ("The Secret Service did not answer in time; trying the token file");
      g_cancellable_cancel (lookup->cancellable);
    }
  g_mutex_unlock (&lookup->mutex);
  secret_lookup_unref (lookup);
  return token;
}

static void
forget_secrets (const char *server)
{
  g_autoptr(GError) error = NULL;

  if (!session_bus_available ())
    return;
  if (server != NULL)
    secret_password_clear_sync (token_schema (), NULL, &error, "server", server, NULL);
  else
    secret_password_clear_sync (token_schema (), NULL, &error, NULL);
  if (error != NULL)
    g_debug ("Clearing the Secret Service: %s", error->message);
}

char *
mc_sync_load_token (McStore     *store,
                    const char  *server,
                    GError     **error)
{
  g_autofree char *configured = NULL;
  g_autofree char *path = NULL;
  char *token;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  if (server == NULL)
    server = configured = mc_sync_get_server_url (store);
  if (server == NULL)
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_NOT_ENROLLED,
                   _("This PC is not enrolled for upload: enter the server and token in Preferences → Sync, "
                     "or run “motcua enrol --server URL --token-file FILE”"));
      return NULL;
    }

  token = lookup_secret (server);
  if (token != NULL)
    return token;

  path = token_file_path (store);
  return mc_sync_read_token_file (path, error);
}

/* --- TLS ------------------------------------------------------------ */

static GTlsDatabase *
load_ca_file (const char  *path,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GTlsDatabase *db = g_tls_file_database_new (path, &local_error);

  if (db == NULL)
    g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BLOCKED,
                 _("The CA file “%s” cannot be used: %s; it must hold the province's certificate authority in PEM"),
                 path, local_error->message);
  return db;
}

GTlsDatabase *
mc_sync_load_ca (McStore  *store,
                 GError  **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  path = mc_store_get_setting (store, MC_SYNC_SETTING_CA_FILE);
  if (path == NULL)
    return NULL;
  return load_ca_file (path, error);
}

static SoupSession *
session_new (GTlsDatabase *ca)
{
  SoupSession *session = soup_session_new_with_options ("user-agent", "MotCuaDesk/" PACKAGE_VERSION,
                                                        "timeout", 30,
                                                        NULL);

  /* Only the province's CA, not the system store, when it has one.
   * Verification itself is never turned off. */
  if (ca != NULL)
    soup_session_set_tls_database (session, ca);
  return session;
}

SoupSession *
mc_sync_session_new (McStore  *store,
                     GError  **error)
{
  g_autoptr(GTlsDatabase) ca = NULL;
  g_autoptr(GError) local_error = NULL;

  ca = mc_sync_load_ca (store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return session_new (ca);
}

/* --- enrolment ------------------------------------------------------ */

/* The server's own message from an error body, if it has one; its code in @code. */
static char *
error_body_message (GBytes  *body,
                    char   **code)
{
  g_autoptr(JsonNode) root = NULL;
  JsonNode *err;
  const char *message;

  if (body == NULL)
    return NULL;
  root = mc_json_parse_bytes (body, MC_LIMIT_ANSWER_SIZE, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  err = json_object_get_member (json_node_get_object (root), "error");
  if (err == NULL || !JSON_NODE_HOLDS_OBJECT (err))
    return NULL;
  message = mc_sync_json_string (json_node_get_object (err), "message");
  *code = g_strdup (mc_sync_json_string (json_node_get_object (err), "code"));
  return g_strdup (message);
}

static gboolean
fail_status (McStore      *store,
             SoupMessage  *msg,
             GBytes       *body,
             const char   *server,
             GError      **error)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *code = NULL;
  g_autofree char *message = error_body_message (body, &code);
  g_autofree char *station_message = mc_sync_station_refusal (store, code);

  if (station_message != NULL)
    g_set_error_literal (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BLOCKED, station_message);
  else if (status == 401)
    g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BLOCKED,
                 _("The access token is not valid or has been revoked: ask the province for a new one"));
  else if (status == 403)
    g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BLOCKED,
                 _("The server refuses this station: %s"), message != NULL ? message : _("access denied"));
  else if (status == 404)
    g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BLOCKED,
                 _("%s does not offer sync protocol version 1: check the address, or the server needs "
                   "a different version of MotCua Desk"), server);
  else if (status >= 300 && status < 400)
    g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BLOCKED,
                 _("%s redirects elsewhere (HTTP %u): check the address with the province"), server, status);
  else if (message != NULL)
    g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_SERVER, "%s", message);
  else
    g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_SERVER, _("The server answered HTTP %u"), status);
  return FALSE;
}

/* GET {server}api/v1/info with @token; the parsed object. */
static JsonObject *
fetch_info (McStore       *store,
            const char    *server,
            const char    *token,
            GTlsDatabase  *ca,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(SoupSession) session = session_new (ca);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = g_strconcat (server, "api/v1/info", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *station = mc_sync_station_header (store);

  msg = soup_message_new (SOUP_METHOD_GET, url);
  if (msg == NULL)
    {
      bad_url (error, server, _("it is not a web address"));
      return NULL;
    }
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  if (station != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "MotCua-Station", station);

  g_debug ("GET %s", url);
  body = mc_sync_send_and_read_bounded (session, msg, MC_LIMIT_ANSWER_SIZE, cancellable, &local_error);
  if (body == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
        g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BLOCKED,
                     _("%s does not answer like a MotCua sync server (%s): check the address"),
                     server, local_error->message);
      else if (local_error->domain == G_TLS_ERROR || soup_message_get_tls_peer_certificate_errors (msg) != 0)
        g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BLOCKED,
                     _("The certificate of %s is not trusted (%s): check the address, or give the province's "
                       "CA file"), server, local_error->message);
      else
        g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_UNREACHABLE,
                     _("The server %s does not answer (%s): check the address and the network"),
                     server, local_error->message);
      return NULL;
    }
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      fail_status (store, msg, body, server, error);
      return NULL;
    }
  root = mc_json_parse_bytes (body, MC_LIMIT_ANSWER_SIZE, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BLOCKED,
                   _("%s does not answer like a MotCua sync server: check the address"), server);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* Copies @ca_file to <data dir>/sync-ca.pem (via a temporary file). */
static char *
install_ca (McStore     *store,
            const char  *ca_file,
            GError     **error)
{
  g_autofree char *dest = g_build_filename (mc_store_get_data_dir (store), MC_SYNC_CA_FILE_NAME, NULL);
  g_autofree char *tmp = g_strconcat (dest, ".new", NULL);
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (ca_file, &data, &len, error) ||
      !g_file_set_contents_full (tmp, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error))
    return NULL;
  if (g_rename (tmp, dest) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot save the CA file in “%s”: %s"), dest, g_strerror (saved));
      return NULL;
    }
  return g_steal_pointer (&dest);
}

static gboolean
save_settings (McStore     *store,
               const char  *server,
               const char  *ca_path,
               GError     **error)
{
  g_autofree char *previous = mc_sync_get_server_url (store);

  /* A cursor, an ETag or a Retry-After means nothing to another server. */
  if (g_strcmp0 (previous, server) != 0 &&
      (!mc_store_delete_setting (store, MC_SYNC_SETTING_CURSOR, error) ||
       !mc_store_delete_setting (store, MC_SYNC_SETTING_CATALOG_ETAG, error) ||
       !mc_store_delete_setting (store, MC_SYNC_SETTING_PAUSE_UNTIL, error)))
    return FALSE;
  if (ca_path != NULL)
    {
      if (!mc_store_set_setting (store, MC_SYNC_SETTING_CA_FILE, ca_path, error))
        return FALSE;
    }
  else if (!mc_store_delete_setting (store, MC_SYNC_SETTING_CA_FILE, error))
    return FALSE;
  return mc_store_set_setting (store, MC_SYNC_SETTING_SERVER, server, error);
}

gboolean
mc_sync_enrol (McStore           *store,
               const char        *server_url,
               const char        *token,
               const char        *ca_file,
               McSyncTokenStore   where,
               GCancellable      *cancellable,
               char             **station_label,
               GError           **error)
{
  g_autofree char *server = NULL;
  g_autofree char *label = NULL;
  g_autofree char *ca_path = NULL;
  g_autofree char *token_path = NULL;
  g_autoptr(GTlsDatabase) ca = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(McStation) station = NULL;
  g_autoptr(GError) keyring_error = NULL;
  g_autofree char *secret_label = NULL;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (server_url != NULL, FALSE);

  server = mc_sync_normalize_url (server_url, error);
  if (server == NULL || !check_token (token, error))
    return FALSE;
  station = mc_store_get_station (store, error);
  if (station == NULL)
    return FALSE;
  if (ca_file != NULL && (ca = load_ca_file (ca_file, error)) == NULL)
    return FALSE;

  info = fetch_info (store, server, token, ca, cancellable, error);
  if (info == NULL || !mc_sync_check_info (store, info, &label, error))
    return FALSE;

  if (ca_file != NULL && (ca_path = install_ca (store, ca_file, error)) == NULL)
    return FALSE;

  /* The keyring when the GUI has one (one place for the token: an older
   * file goes); else, and for the CLI, the 0600 file, so that a desktop
   * without a keyring (Xfce, a fresh account) still enrols. */
  token_path = token_file_path (store);
  secret_label = g_strdup_printf (_("MotCua Desk upload token for %s"), server);
  if (where == MC_SYNC_TOKEN_SECRET_SERVICE && session_bus_available () &&
      secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT, secret_label, token,
                                  cancellable, &keyring_error, "server", server, NULL))
    g_unlink (token_path);
  else if (!write_token_file (store, token, error))
    return FALSE;

  if (!save_settings (store, server, ca_path, error))
    return FALSE;
  if (ca_path == NULL)
    {
      g_autofree char *old_ca = g_build_filename (mc_store_get_data_dir (store), MC_SYNC_CA_FILE_NAME, NULL);
      g_unlink (old_ca);
    }

  g_debug ("Enrolled with %s as station “%s”", server, label != NULL ? label : "");
  if (station_label != NULL)
    *station_label = g_steal_pointer (&label);
  return TRUE;
}

gboolean
mc_sync_token_in_file (McStore *store)
{
  g_autofree char *path = token_file_path (store);

  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

gboolean
mc_sync_unenrol (McStore  *store,
                 GError  **error)
{
  g_autofree char *server = NULL;
  g_autofree char *token_path = NULL;
  g_autofree char *ca_path = NULL;

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  server = mc_sync_get_server_url (store);
  forget_secrets (server);
  token_path = token_file_path (store);
  if (g_unlink (token_path) != 0 && errno != ENOENT)
    {
      int saved = errno;
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_TOKEN_FILE,
                   _("The token file “%s” cannot be removed: %s"), token_path, g_strerror (saved));
      return FALSE;
    }
  ca_path = g_build_filename (mc_store_get_data_dir (store), MC_SYNC_CA_FILE_NAME, NULL);
  g_unlink (ca_path);

  return mc_store_delete_setting (store, MC_SYNC_SETTING_SERVER, error) &&
         mc_store_delete_setting (store, MC_SYNC_SETTING_CA_FILE, error) &&
         mc_store_delete_setting (store, MC_SYNC_SETTING_CURSOR, error) &&
         mc_store_delete_setting (store, MC_SYNC_SETTING_CATALOG_ETAG, error) &&
         mc_store_delete_setting (store, MC_SYNC_SETTING_PAUSE_UNTIL, error);
}
