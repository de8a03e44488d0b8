/* mc-intake-form-fees.h — the fees section of the intake form, without
 * any widget
 *
 * One line per fee the catalog lists for the procedure, with its amount as
 * typed (the catalog's as the default; empty when the province sets it),
 * and "Miễn" with a required reason. A line left empty is not collected.
 * Changes emit the form's "changed" with MC_FORM_FIELD_PAPERS, and the
 * fees' message is that field's (mc_intake_form_validate_field).
 */
#pragma once

#include "mc-intake-form.h"

G_BEGIN_DECLS

typedef struct
{
  char     *name;
  char     *note;       /* nullable: how it is counted, who is exempt (catalog) */
  char     *amount;     /* as typed: "50000", "50.000"; "" = not collected */
  gboolean  exempt;
  char     *reason;     /* as typed */
} McFormFee;

guint            mc_intake_form_get_n_fees       (McIntakeForm *self);
const McFormFee *mc_intake_form_get_fee          (McIntakeForm *self,
                                                  guint         index);
void             mc_intake_form_set_fee_amount   (McIntakeForm *self,
                                                  guint         index,
                                                  const char   *amount);
void             mc_intake_form_set_fee_exempt   (McIntakeForm *self,
                                                  guint         index,
                                                  gboolean      exempt);
void             mc_intake_form_set_fee_reason   (McIntakeForm *self,
                                                  guint         index,
                                                  const char   *reason);
/* The first fee's message (translated), or NULL when they are fine. */
char            *mc_intake_form_check_fees       (McIntakeForm *self);
/* The fees collected (element type McFee); NULL when they are not valid. */
GPtrArray       *mc_intake_form_build_fees       (McIntakeForm *self);

/* For mc-intake-form.c: the lines for @procedure (NULL: none). */
void             _mc_intake_form_reset_fees      (McIntakeForm *self,
                                                  McProcedure  *procedure);
void             _mc_intake_form_fee_free        (McFormFee    *fee);
/* For the draft: the lines as typed, under "fees"; read back as they were
 * (a draft without the member keeps the lines it has). */
void             _mc_intake_form_fees_to_json    (McIntakeForm *self,
                                                  JsonBuilder  *b);
void             _mc_intake_form_fees_from_json  (McIntakeForm *self,
                                                  JsonObject   *root);

G_END_DECLS
