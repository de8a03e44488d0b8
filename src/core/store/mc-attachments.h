/* mc-attachments.h — checking a file before it becomes an attachment
 *
 * An attachment is a PDF, JPEG or PNG file, recognised by its content, not
 * by its name: a renamed PDF is a PDF, a ZIP called “x.pdf” is refused. A
 * file that is cut short or damaged is refused too (PDF: its end and its
 * cross-reference are found; images: decoded whole), so a dossier never
 * names a scan nobody can open.
 */
#pragma once

#include <gio/gio.h>

#include "mc-blobs.h"
#include "mc-dossier.h"

G_BEGIN_DECLS

#define MC_ATTACHMENT_ERROR (mc_attachment_error_quark ())
GQuark mc_attachment_error_quark (void);

typedef enum
{
  MC_ATTACHMENT_ERROR_UNSUPPORTED,  /* not a PDF, JPEG or PNG; the message says what it looks like */
  MC_ATTACHMENT_ERROR_CORRUPT,      /* truncated or damaged */
  MC_ATTACHMENT_ERROR_TOO_LARGE,    /* over the size limit (or an image too big to open) */
  MC_ATTACHMENT_ERROR_EMPTY,
  MC_ATTACHMENT_ERROR_IO,           /* cannot be read, or not a regular file */
} McAttachmentError;

#define MC_ATTACHMENT_MIME_PDF  "application/pdf"
#define MC_ATTACHMENT_MIME_JPEG "image/jpeg"
#define MC_ATTACHMENT_MIME_PNG  "image/png"

/* Checks @file by its content. @max_size ≤ 0: no limit. On success
 * *@out_mime (nullable) receives one of the MC_ATTACHMENT_MIME_* types.
 * Reads the whole file (images are decoded): call it off the GUI thread.
 * Messages name the file and say what to do. */
gboolean    mc_attachment_check_file  (GFile       *file,
                                       gint64       max_size,
                                       char       **out_mime,
                                       GError     **error);

/* Copies @source into a pending blob of @blobs, then checks the copy by
 * its content with @source's name in the messages, so a file truncated or
 * rewritten while it is read is never stored as checked. The caller
 * commits it (mc_blobs_pending_commit) once the dossier may name it. */
McBlobsPending *mc_attachment_copy_checked (McBlobs      *blobs,
                                            GFile        *source,
                                            gint64        max_size,
                                            char        **out_mime,
                                            GCancellable *cancellable,
                                            GError      **error);

/* The file's name as people see it (UTF-8), stored as the attachment's name. */
char       *mc_attachment_get_display_name (GFile *file);

/* "PDF document", "JPEG image", "PNG image" (translated), else @mime_type itself. */
const char *mc_attachment_describe_mime (const char *mime_type);

/* The name of the paper of @dossier that @paper names (spaces, case and
 * Vietnamese diacritics ignored), or NULL if none does. */
const char *mc_attachment_find_paper  (McDossier   *dossier,
                                       const char  *paper);

/* The dossier's papers for a message: "“A”, “B”", or a translated
 * "(none)". */
char       *mc_attachment_list_papers (McDossier   *dossier);

G_END_DECLS
