/* mc-intake-form-id-card.c — the citizen's ID card QR in the intake form, without any widget */
#define G_LOG_DOMAIN "motcua-intake-form"

#include "config.h"

#include <string.h>

#include "mc-intake-form-id-card.h"

/* The fields a card fills, in reading order. */
static const McFormField card_fields[] = {
  MC_FORM_FIELD_FULL_NAME, MC_FORM_FIELD_ID_NUMBER, MC_FORM_FIELD_DATE_OF_BIRTH, MC_FORM_FIELD_ADDRESS,
};

#define N_CARD_FIELDS G_N_ELEMENTS (card_fields)
#define ID_DIGITS     12
#define DATE_DIGITS   8

struct _McFormApplicant
{
  char     *text[N_CARD_FIELDS];
  McIdKind  id_kind;
};

void
mc_form_applicant_free (McFormApplicant *applicant)
{
  if (applicant == NULL)
    return;
  for (guint i = 0; i < N_CARD_FIELDS; i++)
    g_free (applicant->text[i]);
  g_free (applicant);
}

gboolean
mc_intake_split_id_card_text (const char  *text,
                              char       **out_kept,
                              char       **out_payload,
                              gboolean    *out_complete)
{
  const char *bar, *start, *end, *p;
  guint bars = 0, digits = 0;

  bar = text != NULL ? strchr (text, '|') : NULL;
  if (bar == NULL)
    return FALSE;

  /* The reader typed the ID number just before the first "|": whatever
   * digits the field held before that are the field's own. */
  start = bar;
  while (start > text && g_ascii_isdigit (start[-1]) && bar - start < ID_DIGITS)
    start--;

  /* The line ends after the issue date; until it is all there, at the end
   * of the text (the reader types at the cursor, normally the end). */
  end = text + strlen (text);
  for (p = bar; *p != '\0' && bars < MC_ID_CARD_N_FIELDS - 1; p++)
    if (*p == '|')
      bars++;
  if (bars == MC_ID_CARD_N_FIELDS - 1)
    {
      while (digits < DATE_DIGITS && g_ascii_isdigit (p[digits]))
        digits++;
      if (digits == DATE_DIGITS)
        end = p + digits;
    }

  if (out_kept != NULL)
    *out_kept = g_strdup_printf ("%.*s%s", (int) (start - text), text, end);
  if (out_payload != NULL)
    *out_payload = g_strndup (start, (gsize) (end - start));
  if (out_complete != NULL)
    *out_complete = digits == DATE_DIGITS;
  return TRUE;
}

McFormApplicant *
mc_intake_form_fill_from_id_card (McIntakeForm   *self,
                                  const McIdCard *card)
{
  McFormApplicant *before;
  char dob[16];

  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), NULL);
  g_return_val_if_fail (card != NULL, NULL);

  before = g_new0 (McFormApplicant, 1);
  for (guint i = 0; i < N_CARD_FIELDS; i++)
    before->text[i] = g_strdup (mc_intake_form_get_text (self, card_fields[i]));
  before->id_kind = mc_intake_form_get_id_kind (self);

  g_date_strftime (dob, sizeof dob, "%d/%m/%Y", &card->date_of_birth);
  mc_intake_form_set_text (self, MC_FORM_FIELD_FULL_NAME, card->full_name);
  mc_intake_form_set_id_kind (self, MC_ID_KIND_CCCD);
  mc_intake_form_set_text (self, MC_FORM_FIELD_ID_NUMBER, card->id_number);
  mc_intake_form_set_text (self, MC_FORM_FIELD_DATE_OF_BIRTH, dob);
  mc_intake_form_set_text (self, MC_FORM_FIELD_ADDRESS, card->address);
  return before;
}

gboolean
mc_form_applicant_was_replaced (const McFormApplicant *before,
                                McIntakeForm          *form)
{
  g_return_val_if_fail (before != NULL, FALSE);
  g_return_val_if_fail (MC_IS_INTAKE_FORM (form), FALSE);

  for (guint i = 0; i < N_CARD_FIELDS; i++)
    {
      g_autofree char *was = g_strstrip (g_strdup (before->text[i]));

      if (*was != '\0' && g_strcmp0 (before->text[i], mc_intake_form_get_text (form, card_fields[i])) != 0)
        return TRUE;
    }
  return FALSE;
}

void
mc_intake_form_restore_applicant (McIntakeForm          *self,
                                  const McFormApplicant *before)
{
  g_return_if_fail (MC_IS_INTAKE_FORM (self));
  g_return_if_fail (before != NULL);

  for (guint i = 0; i < N_CARD_FIELDS; i++)
    mc_intake_form_set_text (self, card_fields[i], before->text[i]);
  mc_intake_form_set_id_kind (self, before->id_kind);
}
