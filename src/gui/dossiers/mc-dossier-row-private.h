/* mc-dossier-row-private.h — shared by mc-dossier-row.c (the list item)
 * and mc-dossier-row-state.c (a state's words and colours) */
#pragma once

#include "mc-dossier-row.h"

G_BEGIN_DECLS

/* The state pill's colour class ("accent", "warning", …) or NULL. */
const char *_mc_dossier_row_state_color_class (McDossierState state);

G_END_DECLS
