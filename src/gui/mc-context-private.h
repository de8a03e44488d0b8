/* mc-context-private.h — shared by mc-context.c (opening, the store
 * worker, dossiers and drafts) and mc-context-sync.c (the upload agent
 * and the server's enrolment), as GNOME Text Editor splits its page */
#pragma once

#include "mc-context.h"

G_BEGIN_DECLS

struct _McContext
{
  GObject       parent_instance;

  McStore      *store;
  McCatalog    *catalog;
  McCalendar   *calendar;     /* replaced on the worker only (mc-context-calendar.c) */
  McStation    *station;

  /* The clerks (mc-context-clerk.c), main thread: the default kept in the
   * store, and the names used lately. */
  char         *default_clerk;
  GStrv         recent_clerks;

  /* The calendar (mc-context-calendar.c): the store's stamp of what it
   * was loaded from (worker only); calendars replaced by a reload, kept
   * so that a pointer handed out stays valid; the pending look after a
   * sync. */
  char         *calendar_stamp;
  GPtrArray    *old_calendars;
  guint         calendar_check_source;

  /* One worker thread: store work runs in the order it was asked for, so
   * autosaves of a draft never overtake each other. */
  GThreadPool  *worker;

  /* Reads (lists, searches, counts): their own thread and their own
   * connection (mc_store_open_reader), so a search never waits behind a
   * save and a save never waits behind a count. */
  McStore      *read_store;
  GThreadPool  *reader;

  /* Uploads: its own thread; its news reach the views coalesced. */
  McSyncAgent  *sync_agent;
  guint         sync_changed_source;
  guint         sync_start_source;
  /* The token is in the 0600 file (no keyring): set on the threads that
   * enrol or read the enrolment, read on the main thread. */
  gint          token_in_file;
};

/* mc-context.c */
/* Emits "dossiers-changed" (main thread). */
void _mc_context_emit_dossiers_changed (McContext *self);
/* From the worker, after a write that queued outbox work: on the main
 * thread, "dossiers-changed" and a kick of the agent. */
void _mc_context_queued_work_later     (McContext *self);

/* Emits "clerk-changed" / "calendar-changed" (main thread). */
void _mc_context_emit_clerk_changed    (McContext *self);
void _mc_context_emit_calendar_changed (McContext *self);

/* mc-context-calendar.c */
/* On the worker: loads the calendar again when the store's stamp moved
 * (or @force); TRUE when it was replaced. */
gboolean _mc_context_reload_calendar   (McContext  *self,
                                        gboolean    force,
                                        GError    **error);
/* On the main thread, after the agent reported: looks again soon. */
void _mc_context_check_calendar_later  (McContext *self);

/* mc-context-sync.c */
/* On the main thread: creates and starts the agent. */
void _mc_context_start_sync            (McContext *self);
/* Stops the agent and drops a pending "dossiers-changed"; idempotent. */
void _mc_context_stop_sync             (McContext *self);

G_END_DECLS
