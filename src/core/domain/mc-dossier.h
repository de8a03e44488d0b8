/* mc-dossier.h — one administrative-procedure dossier (hồ sơ)
 *
 * A plain value object: the store loads and saves it, the intake checks it,
 * the CLI and GUI show it. Its identity is the client UUID, created once and
 * used as the upload idempotency key forever.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mc-catalog.h"
#include "mc-outbox-state.h"
#include "mc-validate.h"

G_BEGIN_DECLS

typedef enum
{
  MC_DOSSIER_STATE_DRAFT,
  MC_DOSSIER_STATE_RECEIVED,
  MC_DOSSIER_STATE_UPLOADING,
  MC_DOSSIER_STATE_RETRY_WAIT,
  MC_DOSSIER_STATE_NEEDS_ATTENTION,
  MC_DOSSIER_STATE_UPLOADED,
  MC_DOSSIER_STATE_PROCESSING,
  MC_DOSSIER_STATE_SUPPLEMENT_REQUESTED,
  MC_DOSSIER_STATE_REJECTED,
  MC_DOSSIER_STATE_DONE,
  MC_DOSSIER_STATE_RETURNED,
  MC_DOSSIER_STATE_WITHDRAWN,   /* the citizen withdrew it (server state 7) */
  MC_DOSSIER_STATE_STOPPED,     /* processing stopped (Mẫu 05; server state 8) */
} McDossierState;

#define MC_DOSSIER_N_STATES (MC_DOSSIER_STATE_STOPPED + 1)

const char *mc_dossier_state_to_string   (McDossierState state);  /* "received", … */
gboolean    mc_dossier_state_from_string (const char *str, McDossierState *out);
const char *mc_dossier_state_get_label   (McDossierState state);  /* translated */

typedef struct
{
  char        *name;
  McPaperForm  form;
  guint        copies;
} McPaper;

McPaper *mc_paper_new  (const char *name, McPaperForm form, guint copies);
void     mc_paper_free (McPaper *paper);

typedef struct
{
  char   *name;       /* file name shown to people */
  char   *sha256;     /* hex, names the blob */
  gint64  size;
  char   *mime_type;
  char   *paper;      /* nullable: the checklist paper it belongs to */
} McAttachment;

McAttachment *mc_attachment_copy (const McAttachment *a);
void          mc_attachment_free (McAttachment *a);

#define MC_TYPE_DOSSIER (mc_dossier_get_type ())
G_DECLARE_FINAL_TYPE (McDossier, mc_dossier, MC, DOSSIER, GObject)

McDossier     *mc_dossier_new (void);

/* Identity and bookkeeping (set by the store) */
const char    *mc_dossier_get_uuid            (McDossier *self);
void           mc_dossier_set_uuid            (McDossier *self, const char *uuid);
gint64         mc_dossier_get_row_id          (McDossier *self);
void           mc_dossier_set_row_id          (McDossier *self, gint64 id);
const char    *mc_dossier_get_code            (McDossier *self);
void           mc_dossier_set_code            (McDossier *self, const char *code);
McDossierState mc_dossier_get_state           (McDossier *self);
void           mc_dossier_set_state           (McDossier *self, McDossierState state);

/* Procedure (a snapshot of the catalog entry at receipt) */
const char    *mc_dossier_get_procedure_code  (McDossier *self);
const char    *mc_dossier_get_procedure_name  (McDossier *self);
guint          mc_dossier_get_processing_days (McDossier *self);
void           mc_dossier_set_procedure       (McDossier *self, const char *code, const char *name, guint processing_days);

/* Applicant */
const char    *mc_dossier_get_applicant_name  (McDossier *self);
void           mc_dossier_set_applicant_name  (McDossier *self, const char *name);
McIdKind       mc_dossier_get_id_kind         (McDossier *self);
const char    *mc_dossier_get_id_number       (McDossier *self);
void           mc_dossier_set_id              (McDossier *self, McIdKind kind, const char *number);
const char    *mc_dossier_get_date_of_birth   (McDossier *self);   /* YYYY-MM-DD or NULL */
void           mc_dossier_set_date_of_birth   (McDossier *self, const char *date);
const char    *mc_dossier_get_phone           (McDossier *self);
void           mc_dossier_set_phone           (McDossier *self, const char *phone);
const char    *mc_dossier_get_address         (McDossier *self);
void           mc_dossier_set_address         (McDossier *self, const char *address);
const char    *mc_dossier_get_email           (McDossier *self);
void           mc_dossier_set_email           (McDossier *self, const char *email);

/* Receipt */
GDateTime     *mc_dossier_get_received_at     (McDossier *self);   /* nullable; transfer none */
void           mc_dossier_set_received_at     (McDossier *self, GDateTime *received_at);
const char    *mc_dossier_get_backdate_reason (McDossier *self);
void           mc_dossier_set_backdate_reason (McDossier *self, const char *reason);
const char    *mc_dossier_get_due_date        (McDossier *self);   /* YYYY-MM-DD or NULL */
void           mc_dossier_set_due_date        (McDossier *self, const char *due_date);
const char    *mc_dossier_get_notes           (McDossier *self);
void           mc_dossier_set_notes           (McDossier *self, const char *notes);
guint          mc_dossier_get_sets            (McDossier *self);   /* number of sets (bộ), default 1 */
void           mc_dossier_set_sets            (McDossier *self, guint sets);

/* The due date printed on the receipt (Mẫu 01); a new-date action changes
 * the due date only. NULL for a dossier not saved yet: then the due date. */
const char    *mc_dossier_get_printed_due_date (McDossier *self);
void           mc_dossier_set_printed_due_date (McDossier *self, const char *date);

/* Upload state (set by the store from the outbox, see mc-sync.h).
 * FALSE when nothing is waiting to be uploaded. */
gboolean       mc_dossier_get_sync_state       (McDossier *self, McOutboxState *out);
void           mc_dossier_set_sync_state       (McDossier *self, gboolean has, McOutboxState state);
const char    *mc_dossier_get_sync_error       (McDossier *self);   /* nullable: why the upload failed */
void           mc_dossier_set_sync_error       (McDossier *self, const char *message);
const char    *mc_dossier_get_sync_error_field (McDossier *self);   /* nullable: protocol field path, e.g. applicant.id_number */
void           mc_dossier_set_sync_error_field (McDossier *self, const char *field);
/* What the province's server says about it (pulled back from /changes). */
const char    *mc_dossier_get_server_ref        (McDossier *self);  /* nullable */
void           mc_dossier_set_server_ref        (McDossier *self, const char *ref);
int            mc_dossier_get_server_state_code (McDossier *self);  /* 1–10, 0 = none yet */
void           mc_dossier_set_server_state_code (McDossier *self, int code);
const char    *mc_dossier_get_server_message    (McDossier *self);  /* nullable */
void           mc_dossier_set_server_message    (McDossier *self, const char *message);
/* The hand-over (trả kết quả): when (RFC 3339, Vietnam time) and to whom
 * the result was given; NULL until then (the receiver also when the
 * province recorded the hand-over). */
const char    *mc_dossier_get_returned_at       (McDossier *self);
const char    *mc_dossier_get_returned_to       (McDossier *self);
void           mc_dossier_set_returned          (McDossier *self, const char *at, const char *to);

/* Element type McPaper / McAttachment; owned by the dossier. */
GPtrArray     *mc_dossier_get_papers          (McDossier *self);
void           mc_dossier_add_paper           (McDossier *self, McPaper *paper);         /* takes ownership */
GPtrArray     *mc_dossier_get_attachments     (McDossier *self);
/* Fees collected (element type McFee, mc-fees.h); owned by the dossier.
 * Setting copies @fees (nullable: none). */
GPtrArray     *mc_dossier_get_fees            (McDossier *self);
void           mc_dossier_set_fees            (McDossier *self, GPtrArray *fees);
void           mc_dossier_add_attachment      (McDossier *self, McAttachment *a);    /* takes ownership */

/* Received time formatted as ISO 8601 in Vietnam time, "2026-11-23T09:15:00+07:00". */
char          *mc_dossier_format_received_at  (McDossier *self);

/* Text that search looks in (folded): code, applicant name, ID number, phone. */
char          *mc_dossier_build_search_text   (McDossier *self);

/* Full JSON for `motcua show --json`, with the local bookkeeping
 * (state, printed_due_date, sync_*, server_*). The upload body is built
 * from it by mc_dossier_to_upload_json () (mc-sync-private.h). */
JsonNode      *mc_dossier_to_json             (McDossier *self);
/* The short form of `motcua list --json`. */
JsonNode      *mc_dossier_to_summary_json     (McDossier *self);

G_END_DECLS
