/* mc-dossier-row.h — one item of the dossier list, for binding
 *
 * A row starts as a placeholder (loaded = FALSE, empty strings) until the
 * list model has read its page; it is then filled in place, so a bound
 * widget updates without the list changing. Also the words and formats the
 * dossier views share (state labels, dates, history entries).
 */
#pragma once

#include <gio/gio.h>

#include "mc-core.h"

G_BEGIN_DECLS

#define MC_TYPE_DOSSIER_ROW (mc_dossier_row_get_type ())
G_DECLARE_FINAL_TYPE (McDossierRow, mc_dossier_row, MC, DOSSIER_ROW, GObject)

McDossierRow *mc_dossier_row_new_placeholder (void);
/* Fills the row from @dossier (papers are not needed); @today is the
 * date in Vietnam time, for "overdue" (NULL: now). */
void          mc_dossier_row_set_dossier     (McDossierRow *self,
                                              McDossier    *dossier,
                                              const GDate  *today);

gboolean      mc_dossier_row_get_loaded         (McDossierRow *self);
const char   *mc_dossier_row_get_uuid           (McDossierRow *self);
const char   *mc_dossier_row_get_code           (McDossierRow *self);
const char   *mc_dossier_row_get_applicant_name (McDossierRow *self);
const char   *mc_dossier_row_get_id_number      (McDossierRow *self);
const char   *mc_dossier_row_get_procedure_name (McDossierRow *self);
const char   *mc_dossier_row_get_state          (McDossierRow *self);  /* "received", … */
const char   *mc_dossier_row_get_state_label    (McDossierRow *self);
const char   *mc_dossier_row_get_sync_label     (McDossierRow *self);  /* nullable: "Waiting", … */
const char   *mc_dossier_row_get_server_label   (McDossierRow *self);  /* nullable: "Payment requested" */
const char   *mc_dossier_row_get_received       (McDossierRow *self);  /* dd/mm/yyyy HH:MM */
const char   *mc_dossier_row_get_due_date       (McDossierRow *self);  /* dd/mm/yyyy */
gboolean      mc_dossier_row_get_overdue        (McDossierRow *self);

/* A short translated name of @state for pills and filters ("Received"). */
const char   *mc_dossier_row_state_label        (McDossierState state);
/* The upload badge of @dossier ("Waiting", …) and its colour class, or
 * NULL for both when the state says it already. */
void          mc_dossier_row_sync_badge         (McDossier    *dossier,
                                                 const char  **label,
                                                 const char  **css_class);
/* The server's state in words where it says more than the local state. */
const char   *mc_dossier_row_server_label       (McDossier    *dossier);
/* Today in Vietnam time. */
void          mc_dossier_row_get_today          (GDate        *out);
/* "2026-11-24" → "24/11/2026"; NULL or malformed → NULL. */
char         *mc_dossier_row_format_date        (const char   *iso_date);
/* A time in Vietnam time as "23/11/2026 09:15"; NULL → NULL. */
char         *mc_dossier_row_format_time        (GDateTime    *time);
/* What an event of the history says, in words (translated): "Received",
 * "Corrected: full name, phone — “typo”", "State: Received → Uploaded". */
char         *mc_dossier_row_describe_event     (const McEvent *event);

G_END_DECLS
