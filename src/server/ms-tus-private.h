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
void      ms_tus_reply_too_large   (SoupServerMessage *msg,
                                    gint64             limit,
                                    const char        *message);
/* The upload @id if this station may use it; else replies and returns NULL. */
MsUpload *ms_tus_lookup_upload     (MsServer          *server,
                                    SoupServerMessage *msg,
                                    const char        *id);
/* Moves a complete, verified upload to files/<sha256> and registers it. */
gboolean  ms_tus_complete_upload   (MsServer          *server,
                                    const MsUpload    *upload,
                                    GError           **error);
void      ms_tus_discard_upload    (MsServer          *server,
                                    const char        *id);
/* A GTaskThreadFunc: the sha256 (hex) of the file at the task data's path. */
void      ms_tus_hash_file_thread  (GTask             *task,
                                    gpointer           source,
                                    gpointer           task_data,
                                    GCancellable      *cancellable);

G_END_DECLS
