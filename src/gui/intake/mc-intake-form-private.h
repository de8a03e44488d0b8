/* mc-intake-form-private.h — shared by mc-intake-form.c and mc-intake-form-check.c */
#pragma once

#include "mc-intake-form.h"

G_BEGIN_DECLS

struct _McIntakeForm
{
  GObject      parent_instance;

  char        *uuid;
  GDateTime   *now;                      /* pinned by tests; NULL: the clock */

  /* Indexed by McFormField; NULL for the fields that are not text. */
  char        *text[MC_FORM_N_FIELDS];
  char        *procedure_name;
  McIdKind     id_kind;
  guint        sets;
  gboolean     received_earlier;
  GPtrArray   *papers;                   /* McFormPaper */
  GPtrArray   *attachments;              /* McFormAttachment */
  GPtrArray   *fees;                     /* McFormFee (mc-intake-form-fees.c) */
};

/* Now in Vietnam time (the pinned one in tests). */
GDateTime *mc_intake_form_get_now         (McIntakeForm  *self);
/* Empty or only white space. */
gboolean   mc_intake_form_is_blank        (const char    *text);
/* The backdated receipt in Vietnam time, or NULL with the time field's
 * message in *@message (NULL too when the date is what is wrong). */
GDateTime *mc_intake_form_get_received_at (McIntakeForm  *self,
                                           char         **message);

G_END_DECLS
