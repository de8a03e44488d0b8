/* mc-id-card.c — the text of the QR code on a chip ID card
 *
 * Checked once, here, in this order: size and bytes (the text comes from a
 * reader or a file), shape (seven fields), then each field with the intake
 * checks of mc-validate.c, then the fields against each other (number vs
 * date of birth, number vs gender, issue date vs date of birth). The
 * payload is personal data: it is never logged.
 */
#define G_LOG_DOMAIN "motcua-id-card"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-core-env.h"
#include "mc-id-card.h"
#include "mc-text.h"
#include "mc-validate.h"

G_DEFINE_QUARK (mc-id-card-error-quark, mc_id_card_error)

#define ADDRESS_MAX_CHARS 300   /* as intake (mc-intake.c) */
#define BOM               0xFEFF

enum { F_ID, F_OLD_ID, F_NAME, F_DOB, F_GENDER, F_ADDRESS, F_ISSUED };

G_GNUC_PRINTF (3, 4) static gboolean
fail (GError        **error,
      McIdCardError   code,
      const char     *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: "%s" is what is wrong, e.g. "the date of birth is empty". */
  g_set_error (error, MC_ID_CARD_ERROR, code, _("ID card QR: %s"), message);
  return FALSE;
}

/* A validation error of a field, passed on with its reason. */
static gboolean
fail_field (GError **error,
            GError  *cause)
{
  return fail (error, MC_ID_CARD_ERROR_INVALID, "%s", cause->message);
}

const char *
mc_gender_to_string (McGender gender)
{
  return gender == MC_GENDER_FEMALE ? "female" : "male";
}

void
mc_id_card_free (McIdCard *card)
{
  if (card == NULL)
    return;
  g_free (card->id_number);
  g_free (card->old_id_number);
  g_free (card->full_name);
  g_free (card->address);
  g_free (card);
}

static void
get_today (GDate *today)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);

  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

/* ---- the bytes --------------------------------------------------------- */

static gboolean
is_trimmed (gunichar ch)
{
  return g_unichar_isspace (ch) || ch == BOM;
}

/* The text between the leading and trailing white space (a reader's CR/LF,
 * a BOM some readers put first), as a new NUL-terminated string. */
static char *
trim (const char *text,
      gsize       length)
{
  const char *start = text, *end = text + length;

  while (start < end && is_trimmed (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!is_trimmed (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  return g_strndup (start, (gsize) (end - start));
}

/* Checks the raw bytes and returns the line, trimmed, in NFC. */
static char *
clean_payload (const char  *payload,
               gssize       length,
               GError     **error)
{
  g_autofree char *line = NULL;
  gsize n = length < 0 ? strlen (payload) : (gsize) length;

  if (n > MC_ID_CARD_MAX_BYTES)
    {
      fail (error, MC_ID_CARD_ERROR_FORMAT,
            _("the text is too long (%lu bytes, a card's is under %d); "
              "it is not an ID card's QR code"),
            (unsigned long) n, MC_ID_CARD_MAX_BYTES);
      return NULL;
    }
  if (memchr (payload, '\0', n) != NULL || !g_utf8_validate (payload, (gssize) n, NULL))
    {
      fail (error, MC_ID_CARD_ERROR_FORMAT, "%s",
            _("the text holds bytes that are not UTF-8 text; scan the card again"));
      return NULL;
    }

  line = trim (payload, n);
  if (*line == '\0')
    {
      fail (error, MC_ID_CARD_ERROR_FORMAT, "%s", _("the text is empty; scan the card again"));
      return NULL;
    }

  /* Inside the line, a control or invisible format character (a second
   * line, a tab, a zero-width space) is not from a card. */
  for (const char *p = line; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (ch);

      if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT)
        {
          fail (error, MC_ID_CARD_ERROR_FORMAT,
                /* Translators: "%04X" is a Unicode code point, e.g. U+0009. */
                _("the text holds the control character U+%04X; it is not an ID card's "
                  "QR code, or the reader added it: scan the card again"),
                (guint) ch);
          return NULL;
        }
    }

  return g_utf8_normalize (line, -1, G_NORMALIZE_NFC);
}

/* ---- the fields -------------------------------------------------------- */

/* "ddmmyyyy" to a date; @label names the field in the message. */
static gboolean
parse_card_date (const char  *text,
                 const char  *label,
                 GDate       *out,
                 GError     **error)
{
  guint day, month, year;

  if (strlen (text) != 8 || strspn (text, "0123456789") != 8)
    return fail (error, MC_ID_CARD_ERROR_INVALID,
                 /* Translators: the field (e.g. "Date of birth"), then the text read. */
                 _("%s: “%s” is not a date of 8 digits, day month year (ddmmyyyy)"),
                 label, text);

  day = (guint) ((text[0] - '0') * 10 + (text[1] - '0'));
  month = (guint) ((text[2] - '0') * 10 + (text[3] - '0'));
  year = (guint) g_ascii_strtoull (text + 4, NULL, 10);
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return fail (error, MC_ID_CARD_ERROR_INVALID,
                 /* Translators: the field, then day/month/year as read. */
                 _("%s: %02u/%02u/%04u is not a real date"),
                 label, day, month, year);

  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

static gboolean
parse_date_of_birth (const char   *text,
                     const GDate  *today,
                     GDate        *out,
                     GError      **error)
{
  g_autoptr(GError) e = NULL;
  GDate date;
  char iso[16];

  if (!parse_card_date (text, _("Date of birth"), &date, error))
    return FALSE;
  g_date_strftime (iso, sizeof iso, "%Y-%m-%d", &date);
  if (!mc_validate_date_of_birth (iso, today, out, &e))
    return fail_field (error, e);
  return TRUE;
}

static gboolean
parse_gender (const char  *text,
              McGender    *out,
              GError     **error)
{
  /* Folding takes case and diacritics off: "Nữ", "NỮ", NFD, or a reader
   * that cannot type "ữ" and sends "Nu". */
  g_autofree char *folded = mc_text_fold (text);

  if (g_str_equal (folded, "nam"))
    *out = MC_GENDER_MALE;
  else if (g_str_equal (folded, "nu"))
    *out = MC_GENDER_FEMALE;
  else
    return fail (error, MC_ID_CARD_ERROR_INVALID,
                 _("Gender: “%s” is neither “Nam” nor “Nữ”"), text);
  return TRUE;
}

/* The 4th digit of a personal ID number is even for a man, odd for a woman. */
static gboolean
check_gender_digit (const McIdCard  *card,
                    GError         **error)
{
  char digit = card->id_number[3];
  gboolean female = (digit - '0') % 2 == 1;

  if (female == (card->gender == MC_GENDER_FEMALE))
    return TRUE;
  if (female)
    return fail (error, MC_ID_CARD_ERROR_INVALID,
                 _("CCCD number: the 4th digit, %c, is a woman's, but the card says “Nam”; "
                   "the text was not read correctly: scan the card again"),
                 digit);
  return fail (error, MC_ID_CARD_ERROR_INVALID,
               _("CCCD number: the 4th digit, %c, is a man's, but the card says “Nữ”; "
                 "the text was not read correctly: scan the card again"),
               digit);
}

static gboolean
parse_old_number (const char  *text,
                  char       **out,
                  GError     **error)
{
  g_autoptr(GError) e = NULL;

  *out = NULL;
  if (*text == '\0')
    return TRUE;
  /* A 12-digit CMND (issued 2012–2016) has the structure of a CCCD number. */
  if (!mc_validate_id_number (strlen (text) == 12 ? MC_ID_KIND_CCCD : MC_ID_KIND_CMND,
                              text, NULL, out, &e))
    {
      g_prefix_error (&e, "%s", _("Old ID number: "));
      return fail_field (error, e);
    }
  return TRUE;
}

static gboolean
parse_address (const char  *text,
               char       **out,
               GError     **error)
{
  g_autofree char *clean = mc_text_normalize (text);

  if (*clean == '\0')
    return fail (error, MC_ID_CARD_ERROR_INVALID, "%s", _("Address: it is empty"));
  if (g_utf8_strlen (clean, -1) > ADDRESS_MAX_CHARS)
    return fail (error, MC_ID_CARD_ERROR_INVALID,
                 _("Address: too long (more than %d characters)"), ADDRESS_MAX_CHARS);
  *out = g_steal_pointer (&clean);
  return TRUE;
}

static gboolean
parse_issue_date (const char   *text,
                  const GDate  *date_of_birth,
                  const GDate  *today,
                  GDate        *out,
                  GError      **error)
{
  if (!parse_card_date (text, _("Issue date"), out, error))
    return FALSE;
  if (g_date_compare (out, today) > 0)
    return fail (error, MC_ID_CARD_ERROR_INVALID, "%s",
                 _("Issue date: it is after today; check the PC's clock, or scan the card again"));
  if (g_date_compare (out, date_of_birth) < 0)
    return fail (error, MC_ID_CARD_ERROR_INVALID, "%s",
                 _("Issue date: it is before the date of birth; scan the card again"));
  return TRUE;
}

static gboolean
parse_fields (char         **fields,
              const GDate   *today,
              McIdCard      *card,
              GError       **error)
{
  g_autoptr(GError) e = NULL;

  for (guint i = 0; i < MC_ID_CARD_N_FIELDS; i++)
    g_strstrip (fields[i]);

  if (!parse_date_of_birth (fields[F_DOB], today, &card->date_of_birth, error))
    return FALSE;
  /* The number with the date of birth: province, century and year digits. */
  if (!mc_validate_id_number (MC_ID_KIND_CCCD, fields[F_ID], &card->date_of_birth,
                              &card->id_number, &e))
    return fail_field (error, e);
  if (!parse_old_number (fields[F_OLD_ID], &card->old_id_number, error))
    return FALSE;
  if (!mc_validate_full_name (fields[F_NAME], &e))
    return fail_field (error, e);
  card->full_name = mc_text_normalize (fields[F_NAME]);
  if (!parse_gender (fields[F_GENDER], &card->gender, error) ||
      !check_gender_digit (card, error) ||
      !parse_address (fields[F_ADDRESS], &card->address, error))
    return FALSE;
  return parse_issue_date (fields[F_ISSUED], &card->date_of_birth, today, &card->issue_date, error);
}

McIdCard *
mc_id_card_parse (const char   *payload,
                  gssize        length,
                  const GDate  *today,
                  GError      **error)
{
  g_autoptr(McIdCard) card = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) fields = NULL;
  GDate now;
  guint n;

  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (today != NULL && g_date_valid (today))
    now = *today;
  else
    get_today (&now);

  line = clean_payload (payload, length, error);
  if (line == NULL)
    return NULL;

  n = 1;
  for (const char *p = line; *p != '\0'; p++)
    n += *p == '|';
  if (n != MC_ID_CARD_N_FIELDS)
    {
      fail (error, MC_ID_CARD_ERROR_FORMAT,
            /* Translators: "%u" is the number of fields read. */
            g_dngettext (GETTEXT_PACKAGE,
                         "the text has %u field separated by “|”, an ID card's QR code has 7 "
                         "(number|old number|name|date of birth|gender|address|issue date)",
                         "the text has %u fields separated by “|”, an ID card's QR code has 7 "
                         "(number|old number|name|date of birth|gender|address|issue date)", n),
            n);
      return NULL;
    }
  fields = g_strsplit (line, "|", -1);

  card = g_new0 (McIdCard, 1);
  if (!parse_fields (fields, &now, card, error))
    return NULL;
  return g_steal_pointer (&card);
}

gboolean
mc_id_card_looks_like (const char *text)
{
  guint bars = 0;

  if (text == NULL || strlen (text) < 13 || strspn (text, "0123456789") != 12 || text[12] != '|')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (*p == '|')
      bars++;
  return bars == MC_ID_CARD_N_FIELDS - 1;
}
