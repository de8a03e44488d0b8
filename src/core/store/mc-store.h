/* mc-store.h — the durable local store
 *
 * One SQLite database per data dir (WAL, synchronous=FULL, foreign keys),
 * forward-only migrations by user_version, the blob store beside it, an
 * event table that records every state change. All SQL lives in
 * mc-store*.c. An McStore may be used from several threads: each call
 * takes the store's lock.
 */
#pragma once

#include <gio/gio.h>

#include "mc-blobs.h"
#include "mc-calendar-edits.h"
#include "mc-catalog.h"
#include "mc-dossier.h"

G_BEGIN_DECLS

/* Process-wide SQLite settings, before its first use (mc_store_open does
 * it; the reference server calls it too): page caches without an initial
 * bulk allocation — each ephemeral table a statement opens (an IN list of
 * more than two values) paid for one, 0.4–0.5 ms of CPU per state change
 * of a dossier on the test machines (bench/bench-pagecache.c; sorts use
 * memory of their own and are not affected). */
void mc_store_configure_sqlite (void);

#define MC_STORE_ERROR (mc_store_error_quark ())
GQuark mc_store_error_quark (void);

typedef enum
{
  MC_STORE_ERROR_IO,
  MC_STORE_ERROR_CORRUPT,
  MC_STORE_ERROR_TOO_NEW,          /* the database was written by a newer MotCua Desk */
  MC_STORE_ERROR_NOT_INITIALIZED,  /* `motcua init` has not been run */
  MC_STORE_ERROR_NOT_FOUND,
  MC_STORE_ERROR_CONFLICT,
  MC_STORE_ERROR_INVALID,
} McStoreError;

#define MC_STORE_SCHEMA_VERSION 11

typedef struct
{
  char  *agency_code;
  char  *agency_name;
  guint  station;
} McStation;

void mc_station_free (McStation *station);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McStation, mc_station_free)

typedef struct
{
  char           *search;      /* nullable: words matched (prefix, folded) against code, name, ID number, phone */
  gboolean        has_state;
  McDossierState  state;
  char           *from_date;   /* nullable YYYY-MM-DD, received on or after (Vietnam time) */
  char           *to_date;     /* nullable YYYY-MM-DD, received on or before */
  char           *overdue_on;  /* nullable YYYY-MM-DD (today): due before it and not finished */
} McDossierQuery;

void mc_dossier_query_clear (McDossierQuery *query);

typedef struct
{
  gint64  id;
  char   *at;          /* ISO 8601 */
  char   *actor;
  char   *kind;        /* "received", "corrected", "state", … */
  char   *from_state;  /* nullable */
  char   *to_state;    /* nullable */
  char   *detail;      /* nullable JSON text */
} McEvent;

void mc_event_free (McEvent *event);

typedef struct
{
  char *uuid;
  char *updated_at;
  char *data;          /* JSON text, as the form saved it */
} McDraft;

void mc_draft_free (McDraft *draft);

#define MC_TYPE_STORE (mc_store_get_type ())
G_DECLARE_FINAL_TYPE (McStore, mc_store, MC, STORE, GObject)

/* Opens (creating, 0700) the data dir and its database, migrating it. */
McStore    *mc_store_open               (const char     *data_dir,
                                         GError        **error);
/* Opens the database file @path and migrates it to at most @version
 * (for tests of migrations; 0 < version ≤ MC_STORE_SCHEMA_VERSION). */
McStore    *mc_store_open_at_version    (const char     *data_dir,
                                         int             version,
                                         GError        **error);
/* A second connection to @self's database that only reads (query_only):
 * in WAL mode its reads see the last commit and never wait behind a
 * write on @self, so a search is not queued behind a save. Its own lock
 * and statements; use it from one thread at a time, like any McStore. */
McStore    *mc_store_open_reader        (McStore        *self,
                                         GError        **error);
const char *mc_store_get_data_dir       (McStore        *self);
McBlobs    *mc_store_get_blobs          (McStore        *self);
int         mc_store_get_schema_version (McStore        *self);
/* PRAGMA integrity_check; TRUE when "ok". */
gboolean    mc_store_check_integrity    (McStore        *self,
                                         GError        **error);

/* Station identity (set once by `motcua init`, changed in Preferences). */
gboolean    mc_store_set_station        (McStore        *self,
                                         const char     *agency_code,
                                         const char     *agency_name,
                                         guint           station,
                                         GError        **error);
McStation  *mc_store_get_station        (McStore        *self,
                                         GError        **error);

/* The receiving clerk's full name (NULL when none is set). Opening the
 * store makes it the process's clerk (mc_core_set_clerk ()), so it is the
 * actor of the history and of uploads unless $MOTCUA_ACTOR is set; it is
 * printed in the forms' "Người tiếp nhận hồ sơ" signature block. */
char       *mc_store_get_clerk          (McStore        *self);
/* Checks @full_name as a person's name (mc_validate_full_name ()), keeps it
 * normalised and makes it the process's clerk; NULL or "" removes it. */
gboolean    mc_store_set_clerk          (McStore        *self,
                                         const char     *full_name,
                                         GError        **error);

/* The clerks' names used lately at this desk, most recent first (at most
 * MC_CLERKS_RECENT_MAX; mc-store-clerks.c). Never NULL. */
GStrv       mc_store_get_recent_clerks  (McStore        *self);
/* Checks @full_name as a person's name and puts it first in that list. */
gboolean    mc_store_remember_clerk     (McStore        *self,
                                         const char     *full_name,
                                         GError        **error);

char       *mc_store_get_setting        (McStore        *self,
                                         const char     *key);
gboolean    mc_store_set_setting        (McStore        *self,
                                         const char     *key,
                                         const char     *value,
                                         GError        **error);
/* Deletes a setting (no error when it is not set). */
gboolean    mc_store_delete_setting     (McStore        *self,
                                         const char     *key,
                                         GError        **error);

/* Catalog: the imported replacement, else the bundled sample. */
McCatalog  *mc_store_load_catalog       (McStore        *self,
                                         GError        **error);
/* Checks @data as a catalog and keeps it; on error nothing changes. */
gboolean    mc_store_import_catalog     (McStore        *self,
                                         const char     *data,
                                         gsize           length,
                                         const char     *source,
                                         GError        **error);

/* Official holiday data replacing the bundled one (NULL if none). */
char       *mc_store_get_holiday_data   (McStore        *self);
/* Checks @data as holiday data (mc_calendar_load_data) and keeps it; on
 * error nothing changes. */
gboolean    mc_store_import_holiday_data (McStore       *self,
                                          const char    *data,
                                          gsize          length,
                                          const char    *source,
                                          GError       **error);

/* The working-day calendar of this desk (mc-store-calendar.c): the
 * bundled holiday data, or the imported one, with the desk's calendar
 * edits on top (mc-calendar-edits.h). */
McCalendar *mc_store_load_calendar      (McStore        *self,
                                         GError        **error);
/* The calendar edits' history, in recording order (McCalendarEdit). */
GPtrArray  *mc_store_list_calendar_edits (McStore       *self,
                                          GError       **error);
/* Checks @edit against the calendar as it stands (mc_calendar_check_edit
 * ()) and appends it to the history; on error nothing changes. Due dates
 * of dossiers already saved do not change. */
gboolean    mc_store_record_calendar_edit (McStore        *self,
                                           McCalendarEdit *edit,
                                           GError        **error);

/* A short fingerprint of what the calendar is made of (the official
 * holiday data kept, the edits' history): when it changes, the calendar
 * must be loaded again (a sync brought newer data, an edit was recorded
 * here or by another program). */
char       *mc_store_get_calendar_stamp (McStore        *self);

/* Saves a new dossier as received, in one transaction: assigns its UUID
 * (if unset), its code from this station's range, records the event and
 * deletes the draft @draft_uuid (nullable), and queues revision 1 for
 * upload (the outbox, mc-sync.h). The attachments' blobs must already be
 * in the blob store. On error nothing is saved. */
gboolean    mc_store_insert_dossier     (McStore        *self,
                                         McDossier      *dossier,
                                         const char     *draft_uuid,
                                         const char     *actor,
                                         GError        **error);

/* Saves corrections to a received dossier (applicant, papers, notes) and
 * records them in the history with the changed fields; queues the next
 * revision for upload (unless the queued one was never sent). */
gboolean    mc_store_update_dossier     (McStore        *self,
                                         McDossier      *dossier,
                                         const char     *actor,
                                         const char     *reason,
                                         GError        **error);

gboolean    mc_store_set_dossier_state  (McStore        *self,
                                         const char     *uuid,
                                         McDossierState  state,
                                         const char     *actor,
                                         const char     *detail_json,
                                         GError        **error);

/* What the desk decides about a received dossier, each printed on its form. */
typedef enum
{
  MC_DESK_ACTION_SUPPLEMENT,  /* supplement requested (Mẫu 02): state supplement_requested */
  MC_DESK_ACTION_REFUSE,      /* refused (Mẫu 03): state rejected */
  MC_DESK_ACTION_NEW_DATE,    /* apology and a new appointment date (Mẫu 04) */
  MC_DESK_ACTION_STOP,        /* processing stopped (Mẫu 05 of Circular 03/2025) */
  MC_DESK_ACTION_RETURN,      /* the result handed over (trả kết quả): mc_store_record_return () */
} McDeskAction;

const char *mc_desk_action_to_string   (McDeskAction action);  /* "supplement", "refuse", "new-date", "stop", "return" */
gboolean    mc_desk_action_from_string (const char *str, McDeskAction *out);

/* Whether the desk can take @action on @dossier as it is now: a hand-over
 * only once the province finished it (done), the other decisions only
 * while it is still moving (not done, returned, rejected, withdrawn or a
 * draft). Else FALSE with why, as a clerk reads it (MC_STORE_ERROR_INVALID).
 * The rule the two functions below apply, for the views to offer only
 * what can be saved. Pure. */
gboolean    mc_desk_action_check       (McDeskAction   action,
                                        McDossier     *dossier,
                                        GError       **error);

/* Records @action on the dossier @uuid_or_code with the clerk's @reason
 * (required, printed on the form), in one transaction with its history
 * row. MC_DESK_ACTION_NEW_DATE needs @new_due_date (YYYY-MM-DD, after the
 * current due date), which becomes the dossier's appointment date (the
 * printed due date stays). A stop sets the state stopped. The action is
 * queued for upload with a new action UUID. Refused for dossiers already
 * finished (done, returned, rejected, withdrawn). */
gboolean    mc_store_record_desk_action (McStore      *self,
                                         const char   *uuid_or_code,
                                         McDeskAction  action,
                                         const char   *reason,
                                         const char   *new_due_date,
                                         const char   *actor,
                                         GError      **error);

/* Records that the result of dossier @uuid_or_code was handed over to
 * @received_by (a person's name, checked as one) now, by @actor, with an
 * optional @note: state returned, returned_at/returned_to set, a "return"
 * history event (detail {"action", "received_by", "reason"?}) and the
 * action queued for upload (§7.6, server state 10). Only from state done
 * (the province finished it, status 9): refused when already returned
 * (saying to whom and when) and in any other state. */
gboolean    mc_store_record_return      (McStore      *self,
                                         const char   *uuid_or_code,
                                         const char   *received_by,
                                         const char   *note,
                                         const char   *actor,
                                         GError      **error);

/* Notes in the history of dossier @uuid_or_code that it was taken in
 * without the required papers @missing (NULL-terminated, not empty):
 * event kind "incomplete", detail {"missing": [names]}. */
gboolean    mc_store_note_incomplete    (McStore            *self,
                                         const char         *uuid_or_code,
                                         const char * const *missing,
                                         const char         *actor,
                                         GError            **error);

/* Attachments (mc-store-attachments.c). Checks @file by its content
 * (mc_attachment_check_file, MC_INTAKE_MAX_ATTACHMENT_SIZE), copies it into
 * the blob store, then in one transaction appends it to the dossier
 * @uuid_or_code, linked to its paper @paper (nullable; matched against the
 * dossier's papers, case and diacritics ignored), with an "attached"
 * history event. Refused for finished dossiers (done, returned, rejected)
 * and for a file already attached. On error nothing changes. Returns the
 * new attachment (free with mc_attachment_free). */
McAttachment *mc_store_add_attachment   (McStore        *self,
                                         const char     *uuid_or_code,
                                         GFile          *file,
                                         const char     *paper,
                                         const char     *actor,
                                         GCancellable   *cancellable,
                                         GError        **error);

/* By UUID or code; with papers and attachments. */
McDossier  *mc_store_load_dossier       (McStore        *self,
                                         const char     *uuid_or_code,
                                         GError        **error);

/* Lists and counts (mc-store-search.c). Newest received first (received
 * time, then row id). @limit ≤ 0: all. Papers/attachments not loaded.
 * A deep page is better asked for by keyset: @after, the last dossier of
 * the page before (as listed: its received time and row id), costs the
 * same at any depth; an @offset reads and drops the rows before it. */
GPtrArray  *mc_store_list_dossiers      (McStore              *self,
                                         const McDossierQuery *query,
                                         guint                 offset,
                                         int                   limit,
                                         GError              **error);
GPtrArray  *mc_store_list_dossiers_after (McStore              *self,
                                          const McDossierQuery *query,
                                          McDossier            *after,
                                          int                   limit,
                                          GError              **error);
/* Called for each dossier in list order; FALSE stops. The dossier is
 * freed after the call unless the function takes a reference. */
typedef gboolean (*McStoreDossierFunc) (McDossier *dossier,
                                        gpointer   user_data);
/* Streams the list without holding it (`motcua list --json` of a million
 * dossiers): as mc_store_list_dossiers (), @after as above (nullable). */
gboolean    mc_store_each_dossier       (McStore              *self,
                                         const McDossierQuery *query,
                                         McDossier            *after,
                                         guint                 offset,
                                         gint64                limit,
                                         McStoreDossierFunc    func,
                                         gpointer              user_data,
                                         GError              **error);
gint64      mc_store_count_dossiers     (McStore              *self,
                                         const McDossierQuery *query,
                                         GError              **error);
/* Counts at most @cap (> 0) dossiers: a result of @cap means "@cap or
 * more" (the list shows "more than …"), in time bounded by @cap whatever
 * the store holds. @cap ≤ 0: exact, as mc_store_count_dossiers (). */
gint64      mc_store_count_dossiers_upto (McStore              *self,
                                          const McDossierQuery *query,
                                          gint64                cap,
                                          GError              **error);
/* Counts per state for the query's other filters; array indexed by McDossierState. */
gboolean    mc_store_count_by_state     (McStore              *self,
                                         const McDossierQuery *query,
                                         gint64                counts[MC_DOSSIER_N_STATES],
                                         GError              **error);
/* The same, bounded by @cap: without a search each state's count stops at
 * @cap; with one, the newest @cap matches are counted by state (exact
 * when fewer match; mc_store_count_dossiers_upto () tells). */
gboolean    mc_store_count_by_state_upto (McStore              *self,
                                          const McDossierQuery *query,
                                          gint64                cap,
                                          gint64                counts[MC_DOSSIER_N_STATES],
                                          GError              **error);

/* History of a dossier, oldest first; element type McEvent. */
GPtrArray  *mc_store_list_events        (McStore        *self,
                                         const char     *uuid,
                                         GError        **error);

/* The ledger (mc-store-ledger.c). A dossier's place in the Sổ theo dõi hồ
 * sơ: @book is the year of receipt (Vietnam time), @entry its 1-based
 * position among that year's dossiers by receipt time, then row id. */
gboolean    mc_store_get_ledger_entry   (McStore        *self,
                                         const char     *uuid,
                                         int            *book,
                                         gint64         *entry,
                                         GError        **error);
/* Dossiers received from @from to @to (YYYY-MM-DD, Vietnam time, both
 * inclusive), oldest first (receipt time, then row id), with their papers.
 * Element type McDossier. */
GPtrArray  *mc_store_list_for_ledger    (McStore        *self,
                                         const char     *from,
                                         const char     *to,
                                         GError        **error);

/* Drafts: what the form holds, autosaved. */
gboolean    mc_store_save_draft         (McStore        *self,
                                         const char     *uuid,
                                         const char     *data,
                                         GError        **error);
GPtrArray  *mc_store_list_drafts        (McStore        *self,
                                         GError        **error);
gboolean    mc_store_delete_draft       (McStore        *self,
                                         const char     *uuid,
                                         GError        **error);

/* Deletes blobs no dossier refers to (older than an hour). */
guint       mc_store_collect_blobs      (McStore        *self,
                                         GError        **error);

G_END_DECLS
