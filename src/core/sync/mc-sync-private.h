/* mc-sync-private.h — shared by mc-sync-*.c (and mc-store-sync.c)
 *
 * Owners: mc-sync-body.c and mc-sync-config.c (the outbox helper) define
 * what is declared here; mc-sync-info.c defines
 * mc_sync_error_quark (). mc-store-outbox.c defines mc_outbox_state_*,
 * mc_outbox_item_free, mc_store_list_outbox and mc_store_requeue.
 *
 * Store layout (schema 5, see mc-store-schema.c): table outbox, table
 * tus_uploads, dossiers.sync_* / server_* / printed_due_date columns;
 * settings keys below. After changing outbox rows, call
 * mc_store_outbox_refresh_dossier () (mc-store-private.h) in the same
 * transaction.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "mc-sync.h"

G_BEGIN_DECLS

/* Settings keys (mc_store_get_setting / mc_store_set_setting). */
#define MC_SYNC_SETTING_SERVER        "sync.server"        /* normalised base URL, ends in "/" */
#define MC_SYNC_SETTING_CA_FILE       "sync.ca_file"       /* absolute path of <data dir>/sync-ca.pem */
#define MC_SYNC_SETTING_CATALOG_ETAG  "sync.catalog_etag"
#define MC_SYNC_SETTING_PAUSED        "sync.paused"        /* "1" / "0" */

/* Files in the data dir. */
#define MC_SYNC_TOKEN_FILE_NAME       "sync-token"         /* the token + "\n", mode 0600, owned by the user */
#define MC_SYNC_CA_FILE_NAME          "sync-ca.pem"
#define MC_SYNC_LOCK_FILE_NAME        "sync.lock"

/* libsecret schema of the token: attribute "server" = the base URL. */
#define MC_SYNC_SECRET_SCHEMA_NAME    "io.github.motcua.Desk.SyncToken"

/* --- bodies (mc-sync-body.c) ----------------------------------------- */

/* The protocol §7.5 body of @dossier (loaded with papers and attachments):
 * mc_dossier_to_json () without the local members (state, sync_*,
 * server_*, printed_due_date), with @revision, @procedure_national_code,
 * @procedure_field and @received_by (each nullable → null), and
 * "due_date" = the printed due date. Canonicalise with mc_canon_from_node (). */
JsonNode     *mc_dossier_to_upload_json     (McDossier    *dossier,
                                             int           revision,
                                             const char   *procedure_national_code,
                                             const char   *procedure_field,
                                             const char   *received_by);

/* Convenience: loads the dossier @uuid from @store and builds its §7.5
 * body for @revision: received_by = actor of its "received" event, the
 * national code and field looked up in the store's catalog by the
 * dossier's procedure code (NULL when the catalog does not know it). */
JsonNode     *mc_sync_build_revision_body   (McStore      *store,
                                             const char   *uuid,
                                             int           revision,
                                             GError      **error);
/* The same with the catalog already loaded (nullable): the engine loads it
 * once a batch rather than parsing it again for every dossier. */
JsonNode     *mc_sync_build_revision_body_with (McStore      *store,
                                                McCatalog    *catalog,
                                                const char   *uuid,
                                                int           revision,
                                                GError      **error);

/* --- enrolment and secrets (mc-sync-config.c) ------------------------ */

/* The token for @server (a normalised base URL): the Secret Service first
 * (skipped silently when there is none, or it does not answer within a
 * few seconds), then <data dir>/sync-token (checked: a regular file, not a
 * symlink, owned by the user, no group/other permission bits — else
 * MC_SYNC_ERROR_TOKEN_FILE with a message saying to chmod 600). No token
 * anywhere: NULL with MC_SYNC_ERROR_NOT_ENROLLED. Never logged. */
char         *mc_sync_load_token            (McStore      *store,
                                             const char   *server,
                                             GError      **error);

/* Reads and checks a token file as above (used by mc_sync_load_token). */
char         *mc_sync_read_token_file       (const char   *path,
                                             GError      **error);

/* The CA to trust for the server, when one is configured (sync.ca_file):
 * a GTlsFileDatabase, to set as the SoupSession's tls-database so that
 * only it is trusted. NULL with no error when none is configured; NULL
 * with an error when the file cannot be loaded. */
GTlsDatabase *mc_sync_load_ca               (McStore      *store,
                                             GError      **error);

/* A SoupSession set up for the protocol: the CA database from
 * mc_sync_load_ca () when configured (only it trusted), User-Agent
 * MotCuaDesk/<version>, I/O timeout 30 s. Certificates are always
 * verified (libsoup's default; nothing here turns it off). */
SoupSession  *mc_sync_session_new           (McStore      *store,
                                             GError      **error);

/* --- station identity (mc-sync-info.c) -------------------------------- */

/* @obj's string member @member, or NULL (absent, null, not a string). */
const char   *mc_sync_json_string           (JsonObject   *obj,
                                             const char   *member);

/* The value of `MotCua-Station` for GET /api/v1/info: "<agency code>/<N>"
 * from the store's station, or NULL when it has none. */
char         *mc_sync_station_header        (McStore      *store);

/* The clerk's message for a refusal of /info with error code @code when it
 * is about the station identity (409 station_taken), saying what to
 * change; NULL for any other code. */
char         *mc_sync_station_refusal       (McStore      *store,
                                             const char   *code);

/* Checks the /api/v1/info object against the store's station (§4.1):
 * protocol_version "1.x", station.agency_code and station.station_number
 * when not null. @station_label (nullable out) gets station.name.
 * Error: MC_SYNC_ERROR_BLOCKED with the clerk's message. */
gboolean      mc_sync_check_info            (McStore      *store,
                                             JsonObject   *info,
                                             char        **station_label,
                                             GError      **error);

/* --- answers (mc-sync-read.c) --------------------------------------- */

/* Sends @msg and reads its answer whole, but never more than @cap bytes:
 * a Content-Length above @cap fails before the body is read, a longer
 * body (chunked, or decoded from gzip) fails as soon as it passes @cap,
 * with G_IO_ERROR_MESSAGE_TOO_LARGE; the connection is then dropped.
 * Other failures as soup_session_send (). */
GBytes       *mc_sync_send_and_read_bounded (SoupSession  *session,
                                             SoupMessage  *msg,
                                             gsize         cap,
                                             GCancellable *cancellable,
                                             GError      **error);

/* "http://localhost…" becomes "http://127.0.0.1…" in
 * mc_sync_normalize_url (), so no loopback name ever goes to DNS. */

G_END_DECLS
