/* mc-dossier-details-private.h — shared by mc-dossier-details.c (showing a
 * dossier, printing) and mc-dossier-correct.c (the "Correct…" dialog), as
 * GNOME Text Editor splits its page */
#pragma once

#include "mc-dossier-details.h"

G_BEGIN_DECLS

struct _McDossierDetails
{
  AdwBin          parent_instance;

  GtkStack       *stack;
  AdwWindowTitle *title_widget;
  AdwStatusPage  *error_page;
  GtkScrolledWindow *scrolled_window;
  GtkLabel       *details_code_label;
  GtkLabel       *state_label;
  GtkLabel       *overdue_label;
  GtkLabel       *procedure_label;
  GtkLabel       *received_label;
  GtkLabel       *due_label;
  GtkLabel       *sets_label;
  AdwActionRow   *fees_row;
  GtkLabel       *fees_label;
  AdwActionRow   *backdate_row;
  GtkLabel       *backdate_label;
  GtkLabel       *details_applicant_label;
  AdwActionRow   *id_row;
  GtkLabel       *id_label;
  GtkLabel       *dob_label;
  GtkLabel       *phone_label;
  GtkLabel       *address_label;
  GtkLabel       *email_label;
  GtkLabel       *notes_label;
  GtkListBox     *papers_list;
  GtkListBox     *attachments_list;
  GtkWidget      *attach_button;
  GtkLabel       *province_message_label;
  GtkListBox     *history_list;
  AdwSplitButton *print_button;

  /* Upload (mc-dossier-sync.c) */
  GtkLabel       *server_badge;
  GtkLabel       *sync_badge;
  GtkWidget      *attention_box;
  GtkLabel       *attention_message;
  GtkLabel       *attention_field;
  GtkWidget      *attention_correct_button;
  GtkLabel       *upload_state_label;
  AdwActionRow   *attempts_row;
  GtkLabel       *attempts_label;
  AdwActionRow   *next_attempt_row;
  GtkLabel       *next_attempt_label;
  AdwActionRow   *server_ref_row;
  GtkLabel       *server_ref_label;
  AdwActionRow   *server_state_row;
  GtkLabel       *server_state_label;
  GCancellable   *outbox_cancellable;
  GCancellable   *requeue_cancellable;

  McContext      *context;
  McDossier      *dossier;
  char           *requested;        /* what was asked for: UUID or code */
  GCancellable   *load_cancellable;
  gboolean        loading;
  gboolean        show_back_button;

  /* The print button's menu: its "other forms" section follows the dossier. */
  GMenu          *forms_section;
  GCancellable   *forms_cancellable;

  /* The correction dialog (in the template; hidden, not destroyed, on close) */
  AdwMessageDialog *correct_dialog;
  AdwEntryRow    *name_row;
  AdwComboRow    *id_kind_row;
  AdwEntryRow    *id_number_row;
  AdwEntryRow    *dob_row;
  AdwEntryRow    *phone_row;
  AdwEntryRow    *address_row;
  AdwEntryRow    *email_row;
  AdwEntryRow    *notes_row;
  AdwEntryRow    *reason_row;
  GtkLabel       *correct_error_label;
  McDossier      *corrected_from;   /* the dossier the open correction started from */
  GCancellable   *update_cancellable;
};

/* mc-dossier-correct.c: the "Correct…" dialog (action details.correct) */
/* From class_init: binds the dialog's template children and callbacks and
 * installs the action. */
void _mc_dossier_details_class_correct_init (GtkWidgetClass   *widget_class);
/* From init: fills the dialog's ID kinds. */
void _mc_dossier_details_correct_init       (McDossierDetails *self);

/* mc-dossier-sync.c: the dossier's upload, and "Send Again" */
void _mc_dossier_details_class_sync_init (GtkWidgetClass   *widget_class);
/* Shows the upload state of self->dossier (NULL: nothing to show). */
void _mc_dossier_details_show_sync       (McDossierDetails *self);
void _mc_dossier_details_sync_dispose    (McDossierDetails *self);

G_END_DECLS
