/* mc-intake-form-id-card.h — the citizen's ID card QR in the intake form, without any widget
 *
 * A USB 2D reader types the card's QR line into whatever field has the
 * focus, like a keyboard. mc_intake_split_id_card_text () finds that line
 * in the field's text and what the field held around it; the form is then
 * filled from the parsed card (mc-id-card.h) and can be put back as it was
 * (the clerk's undo). No GTK here: tested without a display.
 */
#pragma once

#include "mc-intake-form.h"

G_BEGIN_DECLS

/* The applicant part of a form (name, ID kind and number, date of birth,
 * address) as it was before a card filled it. */
typedef struct _McFormApplicant McFormApplicant;

void mc_form_applicant_free (McFormApplicant *applicant);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McFormApplicant, mc_form_applicant_free)

/* Looks in @text (a field's text as typed) for a card's QR line: from the
 * 12 digits before its first "|" (fewer if fewer were typed) to the end
 * of the issue date after the sixth "|", or to the end of @text while it
 * is still being typed. Returns FALSE when @text has no "|". Else sets
 * *@out_kept (nullable) to @text without the line (what the field held),
 * *@out_payload (nullable) to the line, and *@out_complete (nullable) to
 * whether it has its seven fields and the issue date's eight digits. */
gboolean          mc_intake_split_id_card_text       (const char         *text,
                                                      char              **out_kept,
                                                      char              **out_payload,
                                                      gboolean           *out_complete);

/* Fills name, ID kind (CCCD) and number, date of birth (dd/mm/yyyy) and
 * address from @card ("changed" once per field that changes). Returns
 * what they held before, for mc_intake_form_restore_applicant (). */
McFormApplicant  *mc_intake_form_fill_from_id_card   (McIntakeForm       *self,
                                                      const McIdCard     *card);
/* Whether the form's applicant fields held something the card replaced
 * (not empty, not the same). */
gboolean          mc_form_applicant_was_replaced     (const McFormApplicant *before,
                                                      McIntakeForm          *form);
void              mc_intake_form_restore_applicant   (McIntakeForm          *self,
                                                      const McFormApplicant *before);

G_END_DECLS
