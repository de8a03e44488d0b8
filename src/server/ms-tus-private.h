/* ms-tus-private.h — what ms-tus.c and ms-tus-patch.c share */
#pragma once

#include "ms-server.h"

G_BEGIN_DECLS

/* uploads/<id>.part */
char     *ms_tus_part_path         (MsServer          *server,
                                    const char        *id);
char     *ms_tus_expires_string    (gint64             expires_at);
void      ms_tus_set_header        (SoupServerMessage *msg,
                                    const char        *name,
                                    const char        *value);
void      ms_tus_set_header_int    (SoupServerMessage *msg,
                                    const char        *name,
                                    gint64             value);
void      ms_tus_too_large         (MsAnswer          *answer,
                                    gint64             limit,
                                    const char        *message);
/* The upload @id if this station may use it; else replies and returns NULL. */
MsUpload *ms_tus_lookup_upload     (MsServer          *server,
                                    SoupServerMessage *msg,
                                    const char        *id);
/* Moves a complete, verified upload to files/<sha256> and registers it. */
gboolean  ms_tus_complete_upload   (MsServer          *server,
                                    sqlite3           *db,
                                    const MsUpload    *upload,
                                    GError           **error);
void      ms_tus_discard_upload    (MsServer          *server,
                                    sqlite3           *db,
                                    const char        *id);
/* The @type digest (SHA-256 or SHA-1) of bytes [@from, @from + @length)
 * of @path (@length -1: to the end) into @digest, its length in
 * @digest_len; blocking, for workers. Nettle's hashes: 5–15× GLib's
 * GChecksum on these machines, and every uploaded byte is hashed twice. */
gboolean  ms_tus_hash_range        (const char        *path,
                                    gint64             from,
                                    gint64             length,
                                    GChecksumType      type,
                                    guint8             digest[32],
                                    gsize             *digest_len,
                                    GError           **error);
/* The sha256 (hex) of the file at @path; blocking, for workers. */
char     *ms_tus_hash_file         (const char        *path,
                                    GError           **error);

G_END_DECLS
