/* mc-incoming.h — files waiting to be attached
 *
 * A scan or an imported file is copied into the data dir's incoming/
 * folder (incoming/<random>/<name>) as soon as the clerk adds it, so it
 * survives a crash with the draft that names it, and stays there until
 * mc_context_attach_async has put it in the blob store. All disk work runs
 * on the context's worker.
 */
#pragma once

#include "mc-context.h"

G_BEGIN_DECLS

typedef struct
{
  char *path;        /* in incoming/ */
  char *name;        /* its base name: what the clerk sees */
  char *mime_type;   /* MC_ATTACHMENT_MIME_* */
} McIncomingFile;

void            mc_incoming_file_free      (McIncomingFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McIncomingFile, mc_incoming_file_free)

/* A new path incoming/<random>/@name (nothing is created). */
char           *mc_incoming_new_path       (McContext      *context,
                                            const char     *name);
/* TRUE if @path is in @context's incoming/ folder. */
gboolean        mc_incoming_contains       (McContext      *context,
                                            const char     *path);
/* Removes a file of incoming/ with its folder; call on the worker. */
void            mc_incoming_remove_now     (McContext      *context,
                                            const char     *path);

/* Checks @source's content (PDF, JPEG, PNG: mc_attachment_check_file) and
 * copies it into incoming/. The error says, in the clerk's words, what is
 * wrong with the file. */
void            mc_incoming_import_async   (McContext           *context,
                                            GFile               *source,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
McIncomingFile *mc_incoming_import_finish  (McContext           *context,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Writes @pages (McPage) as one PDF incoming/<random>/@name. */
void            mc_incoming_write_pdf_async  (McContext           *context,
                                              GPtrArray           *pages,
                                              const char          *name,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
McIncomingFile *mc_incoming_write_pdf_finish (McContext           *context,
                                              GAsyncResult        *result,
                                              GError             **error);

/* Forgets a file the clerk removed before saving (on the worker; errors
 * are only logged). */
void            mc_incoming_discard        (McContext      *context,
                                            const char     *path);

/* "Tờ khai / bản sao" → "Tờ khai - bản sao": a paper name made fit for a
 * file name. */
char           *mc_incoming_file_name_for  (const char     *paper,
                                            const char     *extension);

G_END_DECLS
