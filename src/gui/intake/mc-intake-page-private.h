/* mc-intake-page-private.h — shared by mc-intake-page.c (the fields),
 * mc-intake-page-papers.c (the papers checklist), mc-intake-page-attach.c
 * (each paper's files) and mc-intake-page-actions.c (saving, drafts,
 * leaving), as GNOME Text Editor splits its page */
#pragma once

#include "mc-intake-form.h"
#include "mc-intake-page.h"
#include "mc-procedure-chooser.h"

G_BEGIN_DECLS

/* What happens to a dossier saved with required papers not ticked. */
typedef enum
{
  MC_INTAKE_MISSING_NONE,        /* all there */
  MC_INTAKE_MISSING_INCOMPLETE,  /* taken in as it is, noted in the history */
  MC_INTAKE_MISSING_SUPPLEMENT,  /* a supplement request (Form 02) recorded with it */
} McIntakeMissing;

typedef struct _McIntakeIdCard McIntakeIdCard;

struct _McIntakePage
{
  AdwBin               parent_instance;

  /* Template */
  AdwWindowTitle      *window_title;
  GtkWidget           *cancel_button;
  GtkWidget           *save_button;
  GtkWidget           *sync_indicator;
  GtkStack            *stack;
  GtkWidget           *form_scroller;
  AdwClamp            *clamp;
  GtkBox              *columns;
  McProcedureChooser  *procedure_chooser;
  GtkLabel            *procedure_error;
  AdwEntryRow         *full_name_row;
  GtkLabel            *full_name_error;
  AdwComboRow         *id_kind_row;
  AdwEntryRow         *id_number_row;
  GtkLabel            *id_number_error;
  AdwEntryRow         *date_of_birth_row;
  GtkLabel            *date_of_birth_error;
  AdwEntryRow         *phone_row;
  GtkLabel            *phone_error;
  AdwEntryRow         *address_row;
  GtkLabel            *address_error;
  AdwEntryRow         *email_row;
  GtkLabel            *email_error;
  AdwPreferencesGroup *papers_list;
  GtkLabel            *papers_error;
  GtkSpinButton       *sets_spin;
  AdwExpanderRow      *received_earlier_row;
  AdwEntryRow         *received_date_row;
  GtkLabel            *received_date_error;
  AdwEntryRow         *received_time_row;
  GtkLabel            *received_time_error;
  AdwEntryRow         *backdate_reason_row;
  GtkLabel            *backdate_reason_error;
  GtkTextView         *notes_view;
  GtkLabel            *notes_error;
  GtkLabel            *result_code_label;
  GtkLabel            *result_due_label;
  GtkLabel            *result_applicant_label;
  GtkLabel            *result_procedure_label;
  GtkLabel            *result_missing_label;
  GtkWidget           *supplement_button;
  GtkWidget           *new_button;

  McContext           *context;
  McIntakeForm        *form;
  McDossier           *saving;       /* being received; then shown on the result page */
  GPtrArray           *paper_rows;   /* GtkWidget, children of papers_list */
  GPtrArray           *attachment_rows;  /* per paper: the row listing its files (also in paper_rows) */
  GHashTable          *attach_messages;  /* paper name → what went wrong attaching to it */
  GCancellable        *cancellable;
  GtkWidget           *focus_before_busy;  /* weak */
  gboolean             touched[MC_FORM_N_FIELDS];   /* its message may show */
  gboolean             edited[MC_FORM_N_FIELDS];    /* typed in, not left yet */
  gboolean             show_all;     /* a save was attempted: every message shows */
  gboolean             loading;      /* widgets are being filled from the form */
  gboolean             busy;
  gboolean             draft_saved;  /* the store may hold a draft of this form */
  gboolean             notes_enter;  /* a plain Enter is being handled in the notes */
  guint                autosave_id;
  guint                relayout_id;
  /* A save in flight: the receipt, then one job per attachment. */
  guint                save_pending;
  GError              *save_error;
  GString             *not_attached;
  /* Required papers not ticked, as the clerk chose to take it in. */
  McIntakeMissing      save_missing;
  GStrv                missing_papers;
  GError              *followup_error;   /* the note or the supplement request */
  McIntakeIdCard      *id_card;          /* mc-intake-id-card.c */
};

/* mc-intake-page.c */
gboolean _mc_intake_page_showing_form      (McIntakePage   *self);
void     _mc_intake_page_update_actions    (McIntakePage   *self);
void     _mc_intake_page_reveal_all_errors (McIntakePage   *self);
void     _mc_intake_page_set_form          (McIntakePage   *self,
                                            McIntakeForm   *form,
                                            gboolean        restored);
void     _mc_intake_page_emit_close        (McIntakePage   *self);
void     _mc_intake_page_emit_saved        (McIntakePage   *self,
                                            McDossier      *dossier);

/* mc-intake-page-papers.c: the papers checklist */
void     _mc_intake_page_rebuild_papers            (McIntakePage   *self);
void     _mc_intake_page_update_papers_description (McIntakePage   *self);
void     _mc_intake_page_init_papers               (McIntakePage   *self);

/* mc-intake-page-fees.c: the fees collected, under the papers */
void     _mc_intake_page_rebuild_fees              (McIntakePage   *self);

/* mc-intake-page-attach.c: each paper's scans and files */
void       _mc_intake_page_class_attach_init       (GtkWidgetClass *widget_class);
void       _mc_intake_page_add_attach_controls     (McIntakePage   *self,
                                                    GtkWidget      *paper_row,
                                                    guint           index);
GtkWidget *_mc_intake_page_create_attachments_row  (McIntakePage   *self,
                                                    guint           index);
void       _mc_intake_page_update_attachments      (McIntakePage   *self);
/* Queues one mc_context_attach_async per attachment of the form for the
 * dossier @dossier (its UUID set); each completion calls
 * _mc_intake_page_save_step_done. Returns how many were queued. */
guint      _mc_intake_page_queue_attachments       (McIntakePage   *self,
                                                    McDossier      *dossier);

/* mc-intake-page-actions.c */
void     _mc_intake_page_class_actions_init (GtkWidgetClass *widget_class);
void     _mc_intake_page_schedule_autosave (McIntakePage   *self);
void     _mc_intake_page_flush_autosave    (McIntakePage   *self);
void     _mc_intake_page_try_save          (McIntakePage   *self);
void     _mc_intake_page_tick_required     (McIntakePage   *self);
void     _mc_intake_page_save_step_done    (McIntakePage   *self);

/* mc-intake-id-card.c: the citizen's ID card QR, typed by a reader */
void     _mc_intake_page_class_id_card_init (GtkWidgetClass *widget_class);
void     _mc_intake_page_init_id_card      (McIntakePage   *self);
void     _mc_intake_page_dispose_id_card   (McIntakePage   *self);
/* @field's text changed: TRUE when it holds a card's line being typed,
 * which must not reach the form. */
gboolean _mc_intake_page_id_card_typed     (McIntakePage   *self,
                                            GtkWidget      *field);
/* Enter in @field or the focus leaving it: TRUE when it held a card's
 * line, now taken out of it (and the applicant filled, or the reason shown). */
gboolean _mc_intake_page_id_card_finish    (McIntakePage   *self,
                                            GtkWidget      *field);

G_END_DECLS
