/* mc-dossier-actions.h — the details pane's decisions (private)
 *
 * "Request a Supplement…", "Refuse…", "Give a New Date…" and "Stop
 * Processing…": the actions details.supplement, details.refuse,
 * details.new-date and details.stop of McDossierDetails, each with its
 * dialog asking for the clerk's reason and printing the matching form.
 */
#pragma once

#include "mc-dossier-details.h"

G_BEGIN_DECLS

/* From class_init: installs the four actions. */
void        mc_dossier_actions_class_init  (GtkWidgetClass   *widget_class);
/* From init: the actions follow the dossier shown (disabled when none,
 * or when it is done, returned or rejected). */
void        mc_dossier_actions_init        (McDossierDetails *self);
/* From dispose: closes a dialog still open and forgets a save under way. */
void        mc_dossier_actions_dispose     (McDossierDetails *self);

/* In mc-dossier-details.c. */
McContext  *mc_dossier_details_get_context (McDossierDetails *self);

G_END_DECLS
