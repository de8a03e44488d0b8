/* mc-dossier-return.h — "Hand Over…" (Trả kết quả) in the details pane (private)
 *
 * The action details.return of McDossierDetails, enabled (and its header
 * button shown) only for a dossier the province finished (done): a dialog
 * asks who received the result — the applicant by default — and records
 * the hand-over (mc_store_record_return) on the writer thread.
 */
#pragma once

#include "mc-dossier-details.h"

G_BEGIN_DECLS

/* From class_init: installs details.return and binds "return_button". */
void  mc_dossier_return_class_init (GtkWidgetClass   *widget_class);
/* From init: the action follows the dossier shown. */
void  mc_dossier_return_init       (McDossierDetails *self);
/* From dispose: closes a dialog still open. */
void  mc_dossier_return_dispose    (McDossierDetails *self);

/* Who the dialog proposes as the receiver: the applicant's name, trimmed
 * (empty when none). Pure, for tests. */
char *mc_dossier_return_default_receiver (McDossier *dossier);

G_END_DECLS
