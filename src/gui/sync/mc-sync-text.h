/* mc-sync-text.h — the words the desk uses for uploads
 *
 * Pure functions (no widgets, no display): what the sync indicator says
 * for an McSyncStatus, the badge of a dossier's upload state, the labels
 * of the server's states and of the protocol's field paths. Tested
 * without a window in tests/ui/test-sync.c.
 */
#pragma once

#include <glib.h>

#include "mc-core.h"
#include "mc-sync.h"

G_BEGIN_DECLS

typedef struct
{
  char       *text;       /* the indicator's label: "Offline · 12 waiting" */
  char       *details;    /* nullable: a line or two for the popover (why, when) */
  char       *clock_warning; /* nullable: "This computer's clock is 12 minutes off the server's" (§9.6) */
  const char *icon_name;
  gboolean    warning;    /* attention > 0, or blocked: draw it in the warning colour */
  gboolean    busy;       /* uploading */
} McSyncSummary;

void        mc_sync_summary_clear        (McSyncSummary *summary);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (McSyncSummary, mc_sync_summary_clear)

/* Fills @out for @status; @now is unix seconds (for "next attempt in …"). */
void        mc_sync_summarize            (const McSyncStatus *status,
                                          gint64              now,
                                          McSyncSummary      *out);

/* "about 1 minute left" (translated); @seconds < 0: NULL. */
char       *mc_sync_format_time_left     (gint64 seconds);
/* A unix time as "23/11/2026 09:15" in Vietnam time; "today 09:15" is not
 * used on purpose: the clerk reads it beside the receipts. 0 → NULL. */
char       *mc_sync_format_unix_time     (gint64 unix_time);

/* The badge of a dossier's pending upload: "Waiting", "Uploading",
 * "Retry", "Needs attention" (translated). */
const char *mc_sync_outbox_badge_label   (McOutboxState state);
/* Its colour class for the pill ("warning", "accent") or NULL. */
const char *mc_sync_outbox_badge_class   (McOutboxState state);

/* The server's state code 1–10 (protocol §8) in words: "Payment
 * requested"; NULL for anything else. */
const char *mc_sync_server_state_label   (int code);
/* The local state the desk shows for the server's @code (protocol §8). */
gboolean    mc_sync_server_state_local   (int             code,
                                          McDossierState *out);

/* A protocol field path ("applicant.id_number", "papers[2].name") as the
 * form names it ("ID number"), or NULL when the desk has no such field. */
const char *mc_sync_field_get_label      (const char *path);

G_END_DECLS
