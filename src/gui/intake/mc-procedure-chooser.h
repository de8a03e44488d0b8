/* mc-procedure-chooser.h — picking the procedure by typing part of its name */
#pragma once

#include <adwaita.h>

#include "mc-core.h"

G_BEGIN_DECLS

#define MC_TYPE_PROCEDURE_CHOOSER (mc_procedure_chooser_get_type ())
G_DECLARE_FINAL_TYPE (McProcedureChooser, mc_procedure_chooser, MC, PROCEDURE_CHOOSER, AdwBin)

GtkWidget   *mc_procedure_chooser_new           (void);

McCatalog   *mc_procedure_chooser_get_catalog   (McProcedureChooser *self);
void         mc_procedure_chooser_set_catalog   (McProcedureChooser *self,
                                                 McCatalog          *catalog);
/* The picked procedure (transfer none), or NULL. Notifies "procedure". */
McProcedure *mc_procedure_chooser_get_procedure (McProcedureChooser *self);
/* Shows @procedure (nullable) as picked; the entry shows its name. */
void         mc_procedure_chooser_set_procedure (McProcedureChooser *self,
                                                 McProcedure        *procedure);

/* "Same day", "Same day if received before 15:00", "5 working days" (translated). */
char        *mc_procedure_format_processing_time (McProcedure *procedure);

/* Keys, with the focus in the entry (buildable id "procedure_entry"):
 * typing filters the list ("procedure_list"), Down/Up move in it, Enter
 * picks and moves the focus on, Escape closes the list, or with the list
 * closed activates "intake.cancel". */

G_END_DECLS
