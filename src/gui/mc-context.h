/* mc-context.h — the services the desk's widgets share
 *
 * One McContext per application: the store, the catalog, the calendar and
 * this PC's station. Everything that touches the disk runs on a GTask
 * thread; widgets call the _async functions and never block. Modelled on
 * GNOME Calendar's GcalContext.
 */
#pragma once

#include <gio/gio.h>

#include "mc-core.h"
#include "mc-sync.h"

G_BEGIN_DECLS

#define MC_TYPE_CONTEXT (mc_context_get_type ())
G_DECLARE_FINAL_TYPE (McContext, mc_context, MC, CONTEXT, GObject)

/* Opens the store of @data_dir (created if needed), its catalog and calendar. */
void        mc_context_open_async          (const char          *data_dir,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
McContext  *mc_context_open_finish         (GAsyncResult        *result,
                                            GError             **error);

/* Finishes every queued store job (autosaves included) and takes no more:
 * call on the main thread before quitting. Later _async calls fail with
 * G_IO_ERROR_CLOSED. */
void        mc_context_shutdown            (McContext *self);

McStore    *mc_context_get_store           (McContext *self);
McCatalog  *mc_context_get_catalog         (McContext *self);
McCalendar *mc_context_get_calendar        (McContext *self);
/* NULL until the station is set up (first run). */
const McStation *mc_context_get_station    (McContext *self);

/* Sets up or changes this PC's identity. Emits "station-changed". */
void        mc_context_set_station_async   (McContext           *self,
                                            const char          *agency_code,
                                            const char          *agency_name,
                                            guint                station,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    mc_context_set_station_finish  (McContext           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Takes @dossier in (mc_intake_receive) with the attachment files
 * @attachment_paths (nullable, element type char*); deletes the draft
 * @draft_uuid with it. On success the dossier has its code and due date,
 * and "dossiers-changed" is emitted. */
void        mc_context_receive_async       (McContext           *self,
                                            McDossier           *dossier,
                                            GPtrArray           *attachment_paths,
                                            const char          *draft_uuid,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    mc_context_receive_finish      (McContext           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Saves corrections (mc_store_update_dossier) with @reason; emits "dossiers-changed". */
void        mc_context_update_async        (McContext           *self,
                                            McDossier           *dossier,
                                            const char          *reason,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    mc_context_update_finish       (McContext           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Records the desk's decision @action on dossier @uuid with the clerk's
 * @reason (mc_store_record_desk_action); @new_due_date (YYYY-MM-DD) only
 * for MC_DESK_ACTION_NEW_DATE. Emits "dossiers-changed". */
void        mc_context_record_action_async (McContext           *self,
                                            const char          *uuid,
                                            McDeskAction         action,
                                            const char          *reason,
                                            const char          *new_due_date,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    mc_context_record_action_finish (McContext          *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Records that the result of dossier @uuid was handed over to
 * @received_by, with an optional @note (mc_store_record_return). Emits
 * "dossiers-changed". */
void        mc_context_record_return_async (McContext           *self,
                                            const char          *uuid,
                                            const char          *received_by,
                                            const char          *note,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    mc_context_record_return_finish (McContext          *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Attaches the file @path to the saved dossier @uuid_or_code as a copy
 * of its paper @paper (nullable): mc_store_add_attachment, which checks
 * the content and records an "attached" event. A file of the data dir's
 * incoming/ folder is removed once attached (else it is left alone).
 * Returns the new attachment; emits "dossiers-changed". */
void          mc_context_attach_async      (McContext           *self,
                                            const char          *uuid_or_code,
                                            const char          *path,
                                            const char          *paper,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
McAttachment *mc_context_attach_finish     (McContext           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Loads one dossier with papers and attachments, and its history
 * (*@out_events, element type McEvent). */
void        mc_context_load_async          (McContext           *self,
                                            const char          *uuid_or_code,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
McDossier  *mc_context_load_finish         (McContext           *self,
                                            GAsyncResult        *result,
                                            GPtrArray          **out_events,
                                            GError             **error);

/* Autosave: writes @data (JSON) as draft @uuid; failures are logged and
 * reported by the callback (nullable). Writes for one draft stay in order. */
void        mc_context_save_draft_async    (McContext           *self,
                                            const char          *uuid,
                                            const char          *data,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    mc_context_save_draft_finish   (McContext           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
void        mc_context_delete_draft_async  (McContext           *self,
                                            const char          *uuid,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    mc_context_delete_draft_finish (McContext           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* The drafts left by an earlier session (element type McDraft), newest first. */
void        mc_context_list_drafts_async   (McContext           *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray  *mc_context_list_drafts_finish  (McContext           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* The receiving clerk (mc-context-clerk.c). The clerk in effect is the
 * actor of everything the desk records and is printed on the forms
 * ($MOTCUA_ACTOR still overrides the actor, for scripts); NULL when none
 * is set (the login name is recorded then). */
const char *mc_context_get_clerk           (McContext *self);
/* The default, kept in the store (Setup, Preferences); NULL when none. */
const char *mc_context_get_default_clerk   (McContext *self);
/* Names used lately at this desk, most recent first; never NULL. */
const char * const *mc_context_get_recent_clerks (McContext *self);
/* Checks @full_name as a person's name, keeps it as the default and makes
 * it the clerk in effect; NULL or "" forgets the default. Emits
 * "clerk-changed". Finish with mc_context_set_clerk_finish (). */
void        mc_context_set_default_clerk_async (McContext           *self,
                                            const char          *full_name,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* The same for this session only: the default is unchanged and comes
 * back when the desk starts again (NULL or "": back to the default now). */
void        mc_context_switch_clerk_async  (McContext           *self,
                                            const char          *full_name,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    mc_context_set_clerk_finish    (McContext           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* The calendar (mc-context-calendar.c). mc_context_get_calendar () is the
 * one in use now; it is loaded again after an edit, after a sync brought
 * other holiday data, and before a dossier is received if another program
 * changed it ("calendar-changed" is emitted). Due dates already saved do
 * not change. */

/* Records @edit (mc_store_record_calendar_edit (), checked against the
 * calendar as it stands) and loads the calendar again: the next dossier
 * received counts it. */
void        mc_context_record_calendar_edit_async  (McContext           *self,
                                                    McCalendarEdit      *edit,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean    mc_context_record_calendar_edit_finish (McContext           *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* One year's special days and the edits recorded for it. */
typedef struct
{
  int         year;
  GPtrArray  *days;        /* McCalendarDay, by date */
  GPtrArray  *edits;       /* McCalendarEdit of this year, in recording order */
  GArray     *superseded;  /* gboolean per edit: newer official data wins */
  char       *source;      /* the official data's source, NULL: computed defaults */
  gboolean    verified;    /* that data was checked against an official text */
  gboolean    imported;    /* the official data came from the server (else: bundled) */
  GDate       updated;     /* the official data's "updated" date; invalid when it has none */
} McHolidayYear;

void        mc_holiday_year_free          (McHolidayYear *year);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McHolidayYear, mc_holiday_year_free)

void        mc_context_load_holiday_year_async  (McContext           *self,
                                                  int                  year,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
McHolidayYear *mc_context_load_holiday_year_finish (McContext       *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Uploading (mc-sync.h): the agent runs from the context's opening to
 * mc_context_shutdown (). NULL before mc_context_open_finish () and after
 * the shutdown. Its "dossier-changed" reaches the views as
 * "dossiers-changed", at most about three times a second. */
McSyncAgent *mc_context_get_sync_agent     (McContext *self);
/* New work for the outbox, or the enrolment changed: the agent looks again. */
void        mc_context_kick_sync           (McContext *self);

/* mc_sync_enrol () with the token in the Secret Service (else the file), off the main
 * thread (network): the station's label on the server on success. */
void        mc_context_enrol_async         (McContext           *self,
                                            const char          *server_url,
                                            const char          *token,
                                            const char          *ca_file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
char       *mc_context_enrol_finish        (McContext           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* mc_sync_unenrol (): forgets the server and its token; queued items stay. */
void        mc_context_unenrol_async       (McContext           *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    mc_context_unenrol_finish      (McContext           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* After an enrolment or mc_context_get_server_finish (): whether the
 * token is kept in the 0600 file, the desktop having no keyring. */
gboolean    mc_context_get_token_in_file   (McContext           *self);
/* The enrolled server's URL (NULL when not enrolled), read on the worker. */
void        mc_context_get_server_async    (McContext           *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
char       *mc_context_get_server_finish   (McContext           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* The clerk fixed a dossier that needs attention: mc_store_requeue () on
 * the worker, then the agent is kicked and "dossiers-changed" emitted. */
void        mc_context_requeue_async       (McContext           *self,
                                            const char          *uuid,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    mc_context_requeue_finish      (McContext           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* The outbox item of dossier @uuid that comes first (attempts, next
 * attempt), or NULL when nothing of it is pending. */
void          mc_context_outbox_item_async (McContext           *self,
                                            const char          *uuid,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
McOutboxItem *mc_context_outbox_item_finish (McContext          *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Runs @func (self's store, @task_data) on the context's worker thread
 * pool; for the widgets' own queries (list pages, counts). */
typedef gpointer (*McContextFunc) (McContext *self, gpointer task_data, GCancellable *cancellable, GError **error);
void        mc_context_run_async           (McContext           *self,
                                            McContextFunc        func,
                                            gpointer             task_data,
                                            GDestroyNotify       task_data_free,
                                            GDestroyNotify       result_free,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gpointer    mc_context_run_finish          (McContext           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* As mc_context_run_async (), on the reader thread and its read-only
 * connection (mc_context_get_store () answers it there): for lists,
 * searches and counts, which then never wait behind a save. Finish with
 * mc_context_run_finish (). */
void        mc_context_read_async          (McContext           *self,
                                            McContextFunc        func,
                                            gpointer             task_data,
                                            GDestroyNotify       task_data_free,
                                            GDestroyNotify       result_free,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);

G_END_DECLS
