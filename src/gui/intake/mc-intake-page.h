/* mc-intake-page.h — taking a new dossier in (the intake form) */
#pragma once

#include <adwaita.h>

#include "mc-context.h"

G_BEGIN_DECLS

#define MC_TYPE_INTAKE_PAGE (mc_intake_page_get_type ())
G_DECLARE_FINAL_TYPE (McIntakePage, mc_intake_page, MC, INTAKE_PAGE, AdwBin)

GtkWidget *mc_intake_page_new         (void);
void       mc_intake_page_set_context (McIntakePage  *self,
                                       McContext     *context);
/* Starts a dossier: an empty form, or the form as @draft (nullable) left it
 * (a draft that survived a crash). Focuses the procedure field. */
void       mc_intake_page_start       (McIntakePage  *self,
                                       const McDraft *draft);

/* Writes the pending autosave now (before quitting). */
void       mc_intake_page_flush_draft (McIntakePage  *self);

/* Fills the applicant from the ID card QR in the image @file (a photo or
 * scan of the card), read on a worker thread; what the "Scan ID Card"
 * popover's file chooser does. */
void       mc_intake_page_read_id_card_image (McIntakePage *self,
                                              GFile        *file);

/* Signals:
 *  "close"  ()                 — the clerk is done with the page (after a save, or cancelled);
 *  "saved"  (McDossier *dossier) — a dossier was saved, with its code and due date. */

G_END_DECLS
