/* mc-intake-form-check.c — checking the intake form field by field
 *
 * Dates and times are typed the Vietnamese way (dd/mm/yyyy, 9h30); the
 * messages are the core's (mc-validate) wherever it has one, so the GUI,
 * the CLI and the server say the same thing.
 */
#define G_LOG_DOMAIN "motcua-intake-form"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-intake-form-fees.h"
#include "mc-intake-form-private.h"

#define MAX_ADDRESS_CHARS   300   /* as mc_intake_validate () */
#define MAX_NOTES_CHARS     2000
#define MAX_REASON_CHARS    500

/* ---- parsing what clerks type ----------------------------------------- */

/* Reads 1..@max_digits ASCII digits; the count in *@n_digits. */
static const char *
read_number (const char *p,
             guint       max_digits,
             guint      *value,
             guint      *n_digits)
{
  *value = 0;
  *n_digits = 0;
  while (g_ascii_isdigit (*p) && *n_digits < max_digits)
    {
      *value = *value * 10 + (guint) (*p - '0');
      (*n_digits)++;
      p++;
    }
  return p;
}

char *
mc_intake_form_parse_date (const char *text)
{
  g_autofree char *s = g_strstrip (g_strdup (text != NULL ? text : ""));
  guint a, b, c, na, nb, nc;
  const char *p = s;
  char sep;

  p = read_number (p, 4, &a, &na);
  sep = *p;
  if (na == 0 || (sep != '/' && sep != '.' && sep != '-'))
    return NULL;
  p = read_number (p + 1, 2, &b, &nb);
  if (nb == 0 || *p != sep)
    return NULL;
  p = read_number (p + 1, 4, &c, &nc);
  if (nc == 0 || *p != '\0')
    return NULL;

  if (na == 4 && sep == '-' && nc <= 2)
    return g_strdup_printf ("%04u-%02u-%02u", a, b, c);
  if (na <= 2 && nc == 4)
    return g_strdup_printf ("%04u-%02u-%02u", c, b, a);
  return NULL;
}

int
mc_intake_form_parse_time (const char *text)
{
  g_autofree char *s = g_strstrip (g_strdup (text != NULL ? text : ""));
  guint h, m = 0, nh, nm = 0;
  const char *p;
  char sep;

  p = read_number (s, 2, &h, &nh);
  sep = *p;
  if (nh == 0 || (sep != ':' && sep != '.' && sep != 'h' && sep != 'H'))
    return -1;
  p = read_number (p + 1, 2, &m, &nm);
  /* "9h" is how a time is often written; "9:" is not a time. */
  if (*p != '\0' || (nm != 2 && !(nm == 0 && (sep == 'h' || sep == 'H'))))
    return -1;
  if (h > 23 || m > 59)
    return -1;
  return (int) (h * 60 + m);
}

/* ---- time ------------------------------------------------------------- */

/* Now, in Vietnam time. */
GDateTime *
mc_intake_form_get_now (McIntakeForm *self)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();

  if (self->now != NULL)
    return g_date_time_to_timezone (self->now, tz);
  return g_date_time_new_now (tz);
}

static void
get_today (McIntakeForm *self,
           GDate        *today)
{
  g_autoptr(GDateTime) now = mc_intake_form_get_now (self);

  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
}

/* ---- checks ----------------------------------------------------------- */

static char *
take_message (GError *error)
{
  char *message = g_strdup (error->message);

  g_error_free (error);
  return message;
}

gboolean
mc_intake_form_is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* Parses a typed date (dd/mm/yyyy, d/m/yyyy or yyyy-mm-dd) into @out;
 * else the message, naming the field by @label. */
static char *
check_typed_date (const char *text,
                  const char *label,
                  GDate      *out)
{
  g_autofree char *iso = NULL;
  guint y, m, d;

  if (mc_intake_form_is_blank (text))
    return g_strdup_printf (/* Translators: "%s" is the field, e.g. "Date of birth". */
                            _("%s: it is required; enter it as dd/mm/yyyy, e.g. 02/03/1985"),
                            label);
  iso = mc_intake_form_parse_date (text);
  if (iso == NULL)
    return g_strdup_printf (/* Translators: "%s" is the field, e.g. "Date of birth". */
                            _("%s: write the date as dd/mm/yyyy, e.g. 02/03/1985"), label);

  y = (guint) g_ascii_strtoull (iso, NULL, 10);
  m = (guint) g_ascii_strtoull (iso + 5, NULL, 10);
  d = (guint) g_ascii_strtoull (iso + 8, NULL, 10);
  if (y < 1 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    {
      g_autofree char *shown = g_strstrip (g_strdup (text));

      return g_strdup_printf (/* Translators: the field, then the date as typed. */
                              _("%s: %s is not a real date; check the day and the month"),
                              label, shown);
    }

  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return NULL;
}

/* The date of birth as a GDate if it is valid. */
static char *
check_date_of_birth (McIntakeForm *self,
                     GDate        *out)
{
  g_autofree char *iso = NULL;
  GError *error = NULL;
  GDate today, parsed;
  char *message;

  message = check_typed_date (self->text[MC_FORM_FIELD_DATE_OF_BIRTH], _("Date of birth"), &parsed);
  if (message != NULL)
    return message;

  get_today (self, &today);
  iso = mc_intake_form_parse_date (self->text[MC_FORM_FIELD_DATE_OF_BIRTH]);
  if (!mc_validate_date_of_birth (iso, &today, out, &error))
    return take_message (error);
  return NULL;
}

static char *
check_id_number (McIntakeForm *self)
{
  g_autofree char *dob_message = NULL;
  GError *error = NULL;
  GDate dob;

  /* Checked against the date of birth only when that one is right, so
   * that a mistake is reported once, where it is. */
  dob_message = check_date_of_birth (self, &dob);
  if (!mc_validate_id_number (self->id_kind, self->text[MC_FORM_FIELD_ID_NUMBER],
                              dob_message == NULL ? &dob : NULL, NULL, &error))
    return take_message (error);
  return NULL;
}

static char *
check_address (McIntakeForm *self)
{
  g_autofree char *address = mc_text_normalize (self->text[MC_FORM_FIELD_ADDRESS]);

  if (*address == '\0')
    return g_strdup (_("Address: it is required"));
  if (g_utf8_strlen (address, -1) > MAX_ADDRESS_CHARS)
    return g_strdup (_("Address: it is too long; shorten it"));
  return NULL;
}

static char *
check_optional (McFormField  field,
                const char  *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  GError *error = NULL;

  if (*trimmed == '\0')
    return NULL;
  if (field == MC_FORM_FIELD_PHONE ? !mc_validate_phone (trimmed, NULL, &error)
                                   : !mc_validate_email (trimmed, &error))
    return take_message (error);
  return NULL;
}

static char *
check_papers (McIntakeForm *self)
{
  for (guint i = 0; i < self->papers->len; i++)
    {
      McFormPaper *paper = g_ptr_array_index (self->papers, i);

      if (paper->checked && (paper->copies < 1 || paper->copies > MC_INTAKE_FORM_MAX_COPIES))
        return g_strdup_printf (/* Translators: "%s" is the paper, "%d" the largest number. */
                                _("Papers received: the number of copies of “%s” must be from 1 to %d"),
                                paper->name, MC_INTAKE_FORM_MAX_COPIES);
    }
  return NULL;
}

static char *
format_dmy (const GDate *date)
{
  return g_strdup_printf ("%02u/%02u/%04u", (guint) g_date_get_day (date),
                          (guint) g_date_get_month (date), (guint) g_date_get_year (date));
}

/* The backdated receipt day: a real date from today back to the limit. */
static char *
check_received_date (McIntakeForm *self,
                     GDate        *out)
{
  g_autofree char *shown = NULL;
  GDate today, earliest;
  char *message;

  message = check_typed_date (self->text[MC_FORM_FIELD_RECEIVED_DATE], _("Received date"), out);
  if (message != NULL)
    return message;

  get_today (self, &today);
  earliest = today;
  g_date_subtract_days (&earliest, MC_INTAKE_FORM_MAX_BACKDATE_DAYS);
  shown = format_dmy (out);
  if (g_date_compare (out, &today) > 0)
    return g_strdup_printf (/* Translators: a date, dd/mm/yyyy. */
                            _("Received date: %s is after today; enter the day the papers were taken"),
                            shown);
  if (g_date_compare (out, &earliest) < 0)
    return g_strdup_printf (/* Translators: a date (dd/mm/yyyy), then a number of days. */
                            _("Received date: %s is more than %d days ago; check the date"),
                            shown, MC_INTAKE_FORM_MAX_BACKDATE_DAYS);
  return NULL;
}

/* The backdated receipt as a time in Vietnam, or NULL with *@message. */
GDateTime *
mc_intake_form_get_received_at (McIntakeForm  *self,
                                char         **message)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autofree char *date_message = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) at = NULL;
  const char *text = self->text[MC_FORM_FIELD_RECEIVED_TIME];
  GDate date;
  int minutes;

  *message = NULL;
  if (mc_intake_form_is_blank (text))
    {
      *message = g_strdup (_("Received time: it is required; enter it as hh:mm, e.g. 08:30"));
      return NULL;
    }
  minutes = mc_intake_form_parse_time (text);
  if (minutes < 0)
    {
      *message = g_strdup (_("Received time: write the time as hh:mm, e.g. 08:30"));
      return NULL;
    }

  /* A wrong date is reported on the date field. */
  date_message = check_received_date (self, &date);
  if (date_message != NULL)
    return NULL;

  at = g_date_time_new (tz, (int) g_date_get_year (&date), (int) g_date_get_month (&date),
                        (int) g_date_get_day (&date), minutes / 60, minutes % 60, 0);
  now = mc_intake_form_get_now (self);
  if (g_date_time_compare (at, now) > 0)
    {
      g_autofree char *shown = g_date_time_format (at, "%H:%M");

      *message = g_strdup_printf (/* Translators: a time, hh:mm. */
                                  _("Received time: %s today is later than now; "
                                    "enter the time the papers were taken"),
                                  shown);
      return NULL;
    }
  return g_steal_pointer (&at);
}

static char *
check_received_time (McIntakeForm *self)
{
  g_autoptr(GDateTime) at = NULL;
  char *message;

  at = mc_intake_form_get_received_at (self, &message);
  return message;
}

static char *
check_reason (McIntakeForm *self)
{
  g_autofree char *reason = mc_text_normalize (self->text[MC_FORM_FIELD_BACKDATE_REASON]);

  if (*reason == '\0')
    return g_strdup (_("Reason: say why the dossier is entered late, e.g. power cut"));
  if (g_utf8_strlen (reason, -1) > MAX_REASON_CHARS)
    return g_strdup (_("Reason: it is too long; shorten it"));
  return NULL;
}

char *
mc_intake_form_validate_field (McIntakeForm *self,
                               McFormField   field)
{
  GError *error = NULL;
  GDate date;

  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), NULL);

  switch (field)
    {
    case MC_FORM_FIELD_PROCEDURE:
      if (mc_intake_form_is_blank (self->text[field]))
        return g_strdup (_("Procedure: choose the procedure of the dossier; type part of its name"));
      return NULL;
    case MC_FORM_FIELD_FULL_NAME:
      if (!mc_validate_full_name (self->text[field], &error))
        return take_message (error);
      return NULL;
    case MC_FORM_FIELD_ID_NUMBER:
      return check_id_number (self);
    case MC_FORM_FIELD_DATE_OF_BIRTH:
      return check_date_of_birth (self, &date);
    case MC_FORM_FIELD_PHONE:
    case MC_FORM_FIELD_EMAIL:
      return check_optional (field, self->text[field]);
    case MC_FORM_FIELD_ADDRESS:
      return check_address (self);
    case MC_FORM_FIELD_PAPERS:
      {
        char *message = check_papers (self);

        /* The fees sit under the papers and speak through their message. */
        return message != NULL ? message : mc_intake_form_check_fees (self);
      }
    case MC_FORM_FIELD_SETS:
      if (self->sets < 1 || self->sets > MC_INTAKE_FORM_MAX_SETS)
        return g_strdup_printf (_("Sets: must be from 1 to %d"), MC_INTAKE_FORM_MAX_SETS);
      return NULL;
    case MC_FORM_FIELD_RECEIVED_DATE:
      return self->received_earlier ? check_received_date (self, &date) : NULL;
    case MC_FORM_FIELD_RECEIVED_TIME:
      return self->received_earlier ? check_received_time (self) : NULL;
    case MC_FORM_FIELD_BACKDATE_REASON:
      return self->received_earlier ? check_reason (self) : NULL;
    case MC_FORM_FIELD_NOTES:
      if (g_utf8_strlen (self->text[field], -1) > MAX_NOTES_CHARS)
        return g_strdup (_("Notes: they are too long; shorten them"));
      return NULL;
    case MC_FORM_FIELD_ID_KIND:
    case MC_FORM_FIELD_RECEIVED_EARLIER:
    default:
      return NULL;
    }
}

int
mc_intake_form_get_first_invalid (McIntakeForm *self)
{
  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), -1);

  for (guint i = 0; i < MC_FORM_N_FIELDS; i++)
    {
      g_autofree char *message = mc_intake_form_validate_field (self, (McFormField) i);

      if (message != NULL)
        return (int) i;
    }
  return -1;
}

gboolean
mc_intake_form_is_valid (McIntakeForm *self)
{
  return mc_intake_form_get_first_invalid (self) < 0;
}
