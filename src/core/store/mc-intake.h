/* mc-intake.h — taking a dossier in
 *
 * Parsing the intake JSON (the CLI's contract), checking every field with
 * the clerk's messages, computing the due date and saving.
 */
#pragma once

#include <gio/gio.h>

#include "mc-calendar.h"
#include "mc-catalog.h"
#include "mc-dossier.h"
#include "mc-limits.h"
#include "mc-store.h"

G_BEGIN_DECLS

#define MC_INTAKE_ERROR (mc_intake_error_quark ())
GQuark mc_intake_error_quark (void);

typedef enum
{
  MC_INTAKE_ERROR_PARSE,       /* not JSON, or not an object */
  MC_INTAKE_ERROR_INVALID,     /* a field is missing or wrong; the message names it */
  MC_INTAKE_ERROR_ATTACHMENT,  /* an attachment cannot be read */
} McIntakeError;

#define MC_INTAKE_MAX_ATTACHMENT_SIZE MC_LIMIT_ATTACHMENT_SIZE

/* A file to attach at intake, and the paper it belongs to (nullable). */
typedef struct
{
  char *path;
  char *paper;
} McIntakeFile;

McIntakeFile *mc_intake_file_new  (const char   *path,
                                   const char   *paper);
void          mc_intake_file_free (McIntakeFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McIntakeFile, mc_intake_file_free)

/* Builds a dossier from the intake JSON. Its `attachments` items are a
 * path, or {"path": …, "paper": …}; they are returned in @out_files
 * (element type McIntakeFile). Nothing is saved. */
McDossier *mc_intake_parse_json_files (const char   *data,
                                       gssize        length,
                                       McCatalog    *catalog,
                                       GPtrArray   **out_files,
                                       GError      **error);

/* The same, returning only the attachments' paths in
 * @out_attachment_paths (element type char*): their papers are dropped. */
McDossier *mc_intake_parse_json      (const char   *data,
                                      gssize        length,
                                      McCatalog    *catalog,
                                      GPtrArray   **out_attachment_paths,
                                      GError      **error);

/* Checks every field of @dossier against the catalog and @now; fills the
 * procedure snapshot and normalises (phone, ID number, names). */
gboolean   mc_intake_validate        (McDossier    *dossier,
                                      McCatalog    *catalog,
                                      GDateTime    *now,
                                      GError      **error);

/* Validates, checks each attachment file by its content
 * (mc_attachment_check_file) and copies it into the blob store, computes
 * the due date and saves the dossier as received. @files: element type
 * McIntakeFile; a paper named must be one of the dossier's papers. */
gboolean   mc_intake_receive_files   (McStore      *store,
                                      McCatalog    *catalog,
                                      McCalendar   *calendar,
                                      McDossier    *dossier,
                                      GPtrArray    *files,
                                      const char   *draft_uuid,
                                      GCancellable *cancellable,
                                      GError      **error);

/* The same with attachments given as paths (element type char*). */
gboolean   mc_intake_receive         (McStore      *store,
                                      McCatalog    *catalog,
                                      McCalendar   *calendar,
                                      McDossier    *dossier,
                                      GPtrArray    *attachment_paths,
                                      const char   *draft_uuid,
                                      GCancellable *cancellable,
                                      GError      **error);

/* The calendar with the store's official holiday data (or the bundled one)
 * and the desk's calendar edits: mc_store_load_calendar (). */
McCalendar *mc_intake_load_calendar  (McStore      *store,
                                      GError      **error);

G_END_DECLS
