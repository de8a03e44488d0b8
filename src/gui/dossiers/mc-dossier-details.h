/* mc-dossier-details.h — one dossier: receipt, applicant, papers, attachments, history
 *
 * Loads the dossier on the context's worker and reloads it when dossiers
 * change. The "details.correct" action opens the correction dialog; the
 * correction is saved with its reason and shows up in the history.
 */
#pragma once

#include <adwaita.h>

#include "mc-context.h"

G_BEGIN_DECLS

#define MC_TYPE_DOSSIER_DETAILS (mc_dossier_details_get_type ())
G_DECLARE_FINAL_TYPE (McDossierDetails, mc_dossier_details, MC, DOSSIER_DETAILS, AdwBin)

GtkWidget  *mc_dossier_details_new          (void);
void        mc_dossier_details_set_context  (McDossierDetails *self,
                                             McContext        *context);
/* Shows the dossier @uuid_or_code once read; NULL shows the placeholder. */
void        mc_dossier_details_load         (McDossierDetails *self,
                                             const char       *uuid_or_code);
/* Reads the dossier shown again, by its UUID (it changed elsewhere, out of
 * sight of "dossiers-changed"); nothing when none is shown. */
void        mc_dossier_details_reload       (McDossierDetails *self);
/* The dossier shown, or NULL. */
McDossier  *mc_dossier_details_get_dossier  (McDossierDetails *self);
/* TRUE if @uuid_or_code is the dossier shown or being read. */
gboolean    mc_dossier_details_is_showing   (McDossierDetails *self,
                                             const char       *uuid_or_code);

G_END_DECLS
