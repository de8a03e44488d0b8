/* server-test-util.h — what the motcua-server test binaries share: the
 * real server process on a loopback port chosen at run time, requests to
 * it, tus uploads and dossier bodies (docs/sync-protocol.md)
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "test-util.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *proc;
  char        *data_dir;
  char        *url;        /* "http://127.0.0.1:PORT/" */
} Server;

/* The shared server of most tests, its two stations and a session. */
extern Server      *shared;
extern char        *token_a;
extern char        *token_b;
extern SoupSession *session;

/* ---- processes ---- */

/* Runs `motcua-server @first …` (NULL-terminated); returns its stdout. */
char       *run_admin          (int                *status,
                                const char         *first,
                                ...) G_GNUC_NULL_TERMINATED;
/* The same, and its stderr in @err_out. */
char       *run_admin_err      (int                *status,
                                char              **err_out,
                                const char         *first,
                                ...) G_GNUC_NULL_TERMINATED;
/* The agency code and number new_token() registers @station with: its own
 * in this process (station-a, the first, is number 1 of 000.00.12.H29). */
char       *station_identity   (const char         *station,
                                guint              *number_out);
/* A dossier code of @station's range (@serial < 1000), as of 2026-11-23. */
char       *station_code       (const char         *station,
                                guint               serial);
/* A fresh token for @station (revokes its previous one), with the
 * identity above. */
char       *new_token          (const char         *data_dir,
                                const char         *station);
/* @fault: a --fault argument, or NULL. */
Server     *server_start       (const char         *data_dir,
                                const char         *fault);
/* SIGTERM, and asserts a clean exit. */
void        server_stop        (Server             *s);

/* ---- HTTP ---- */

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  char               *body;
  JsonNode           *json;
} Reply;

void        reply_clear        (Reply              *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

/* @extra: NULL-terminated header name/value pairs. */
Reply       request_full       (Server             *s,
                                const char         *method,
                                const char         *path,
                                const char         *token,
                                const char         *content_type,
                                GBytes             *body,
                                const char * const *extra);
/* To the shared server. */
Reply       request            (const char         *method,
                                const char         *path,
                                const char         *token);
Reply       put_json           (Server             *s,
                                const char         *path,
                                const char         *token,
                                const char         *json);
const char *error_code         (Reply              *r);
const char *error_field        (Reply              *r);
JsonObject *obj                (Reply              *r);

/* ---- tus (on the shared server) ---- */

char       *b64                (const char         *text);
/* Creates an upload; returns its path (no leading slash). */
char       *tus_create         (const char         *token,
                                gsize               length,
                                const char         *sha256);
/* The upload's offset, or minus the HTTP status. */
gint64      tus_offset         (const char         *token,
                                const char         *upload);
/* Sends @data[from, to) as one PATCH; @corrupt sends a wrong checksum. */
Reply       tus_patch          (const char         *token,
                                const char         *upload,
                                const char         *data,
                                gsize               from,
                                gsize               to,
                                gboolean            corrupt,
                                gboolean            override);
/* The same with an Upload-Checksum of @type (G_CHECKSUM_SHA256 or SHA1). */
Reply       tus_patch_with     (const char         *token,
                                const char         *upload,
                                const char         *data,
                                gsize               from,
                                gsize               to,
                                GChecksumType       type,
                                gboolean            corrupt,
                                gboolean            override);
/* Uploads @data completely; returns its sha256. */
char       *upload_file        (const char         *token,
                                const char         *data);

/* ---- dossier bodies ---- */

typedef struct
{
  const char *uuid;
  int         revision;
  const char *code;
  const char *full_name;
  const char *phone;          /* NULL: null member */
  const char *received_at;
  const char *sha[2];         /* attachments (NULL: fewer) */
  gsize       size[2];
  gboolean    omit_nulls;
} Doc;

char       *dossier_json       (const Doc          *d);
char       *dossier_path       (const char         *uuid);
/* A receipt code of station A not used before in this process. */
char       *new_code           (void);
/* Puts a fresh dossier (revision 1, no attachments) for station A. */
char       *put_simple_dossier (char              **code_out);

/* ---- main ---- */

/* g_test_init, then two stations and the shared server in a new data dir. */
void        server_test_init   (int                *argc,
                                char             ***argv);
/* g_test_run, then stops the shared server and removes its data dir. */
int         server_test_run    (void);

G_END_DECLS
