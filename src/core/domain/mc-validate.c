/* mc-validate.c — checks of what the clerk types */
#define G_LOG_DOMAIN "motcua-validate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-core-env.h"
#include "mc-text.h"
#include "mc-validate-private.h"


/* Place-of-birth-registration codes of the 63 provinces and cities as they
 * were when the CCCD scheme was defined (Circular 07/2016/TT-BCA). They stay
 * valid after the 2025 mergers: they record where the birth was registered. */
static const char * const cccd_provinces[] = {
  [1] = "Hà Nội", [2] = "Hà Giang", [4] = "Cao Bằng", [6] = "Bắc Kạn",
  [8] = "Tuyên Quang", [10] = "Lào Cai", [11] = "Điện Biên", [12] = "Lai Châu",
  [14] = "Sơn La", [15] = "Yên Bái", [17] = "Hòa Bình", [19] = "Thái Nguyên",
  [20] = "Lạng Sơn", [22] = "Quảng Ninh", [24] = "Bắc Giang", [25] = "Phú Thọ",
  [26] = "Vĩnh Phúc", [27] = "Bắc Ninh", [30] = "Hải Dương", [31] = "Hải Phòng",
  [33] = "Hưng Yên", [34] = "Thái Bình", [35] = "Hà Nam", [36] = "Nam Định",
  [37] = "Ninh Bình", [38] = "Thanh Hóa", [40] = "Nghệ An", [42] = "Hà Tĩnh",
  [44] = "Quảng Bình", [45] = "Quảng Trị", [46] = "Thừa Thiên Huế", [48] = "Đà Nẵng",
  [49] = "Quảng Nam", [51] = "Quảng Ngãi", [52] = "Bình Định", [54] = "Phú Yên",
  [56] = "Khánh Hòa", [58] = "Ninh Thuận", [60] = "Bình Thuận", [62] = "Kon Tum",
  [64] = "Gia Lai", [66] = "Đắk Lắk", [67] = "Đắk Nông", [68] = "Lâm Đồng",
  [70] = "Bình Phước", [72] = "Tây Ninh", [74] = "Bình Dương", [75] = "Đồng Nai",
  [77] = "Bà Rịa - Vũng Tàu", [79] = "TP Hồ Chí Minh", [80] = "Long An", [82] = "Tiền Giang",
  [83] = "Bến Tre", [84] = "Trà Vinh", [86] = "Vĩnh Long", [87] = "Đồng Tháp",
  [89] = "An Giang", [91] = "Kiên Giang", [92] = "Cần Thơ", [93] = "Hậu Giang",
  [94] = "Sóc Trăng", [95] = "Bạc Liêu", [96] = "Cà Mau",
};

/* ---- identity numbers ------------------------------------------------- */

static const char * const id_kind_names[] = {
  [MC_ID_KIND_CCCD] = "cccd",
  [MC_ID_KIND_CMND] = "cmnd",
  [MC_ID_KIND_PASSPORT] = "passport",
};

const char *
mc_id_kind_to_string (McIdKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (id_kind_names), NULL);

  return id_kind_names[kind];
}

gboolean
mc_id_kind_from_string (const char *str,
                        McIdKind   *out)
{
  int i = mc_text_index_of ((const char * const *) id_kind_names, G_N_ELEMENTS (id_kind_names), str);

  if (i >= 0 && out != NULL)
    *out = (McIdKind) i;
  return i >= 0;
}

const char *
mc_id_kind_get_label (McIdKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (id_kind_names), NULL);

  if (kind == MC_ID_KIND_CCCD)
    return _("CCCD / personal ID number");
  if (kind == MC_ID_KIND_CMND)
    return _("Old ID card (CMND)");
  return _("Passport");
}

const char *
mc_cccd_province_name (const char *code)
{
  guint index;

  if (code == NULL || strlen (code) != 3 || !g_ascii_isdigit (code[0]) ||
      !g_ascii_isdigit (code[1]) || !g_ascii_isdigit (code[2]))
    return NULL;

  index = (guint) ((code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0'));
  if (index >= G_N_ELEMENTS (cccd_provinces))
    return NULL;

  return cccd_provinces[index];
}

/* @digits: 12 ASCII digits with a known province code. Digit 4 gives
 * gender and century (0/1 → 1900s, 2/3 → 2000s, …), digits 5–6 the year. */
static gboolean
check_cccd_birth (const char   *digits,
                  const GDate  *date_of_birth,
                  GError      **error)
{
  char century_digit = digits[3];
  guint century = 1900 + (guint) (century_digit - '0') / 2 * 100;
  guint year_digits = (guint) ((digits[4] - '0') * 10 + (digits[5] - '0'));
  guint birth_year = century + year_digits;
  char dob[16];
  GDate today;

  if (date_of_birth != NULL)
    {
      guint dob_year = g_date_get_year (date_of_birth);

      mc_validate_format_date (date_of_birth, dob);
      if (dob_year / 100 * 100 != century)
        return mc_validate_fail (error, MC_VALIDATE_ERROR_INCONSISTENT,
                     /* Translators: "%c" is the digit, then the range of birth
                      * years it stands for, then the date of birth (dd/mm/yyyy). */
                     _("CCCD number: the 4th digit (gender and century), %c, means born %u–%u, "
                       "but the date of birth is %s; check the number and the date of birth"),
                     century_digit, century, century + 99, dob);
      if (dob_year % 100 != year_digits)
        return mc_validate_fail (error, MC_VALIDATE_ERROR_INCONSISTENT,
                     /* Translators: the two digits, the birth year they stand for,
                      * then the date of birth (dd/mm/yyyy). */
                     _("CCCD number: the 5th and 6th digits, %02u, mean born in %u, "
                       "but the date of birth is %s; check the number and the date of birth"),
                     year_digits, birth_year, dob);
      return TRUE;
    }

  mc_validate_get_today (&today);
  if (birth_year > g_date_get_year (&today))
    return mc_validate_fail (error, MC_VALIDATE_ERROR_RANGE,
                 /* Translators: "%u" is a year. */
                 _("CCCD number: the 4th to 6th digits mean born in %u, which is in the future; "
                   "check the number"),
                 birth_year);

  return TRUE;
}

static gboolean
validate_cccd (const char   *digits,
               const GDate  *date_of_birth,
               GError      **error)
{
  gunichar bad = mc_validate_first_non_digit (digits);
  char buf[16];
  char code[4];
  guint len;

  if (bad != 0)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT,
                 _("CCCD number: may contain only digits; remove “%s”"),
                 mc_validate_describe_char (bad, buf));

  len = (guint) strlen (digits);
  if (len == 9)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT, "%s",
                 _("CCCD number: must be exactly 12 digits; 9 entered. "
                   "For an old 9-digit ID card choose “Old ID card (CMND)”"));
  if (len != 12)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT,
                 _("CCCD number: must be exactly 12 digits; %u entered"), len);

  memcpy (code, digits, 3);
  code[3] = '\0';
  if (mc_cccd_province_name (code) == NULL)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT,
                 /* Translators: "%s" is three digits, e.g. 099. */
                 _("CCCD number: the first 3 digits, %s, are not a province code "
                   "(001 Hà Nội to 096 Cà Mau); check the number"),
                 code);

  return check_cccd_birth (digits, date_of_birth, error);
}

static gboolean
validate_cmnd (const char  *digits,
               GError     **error)
{
  gunichar bad = mc_validate_first_non_digit (digits);
  char buf[16];
  guint len;

  if (bad != 0)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT,
                 _("CMND number: may contain only digits; remove “%s”"),
                 mc_validate_describe_char (bad, buf));

  len = (guint) strlen (digits);
  /* The 12-digit CMND issued 2012–2016 has the CCCD structure and is
   * entered and checked as one. */
  if (len == 12)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT, "%s",
                 _("CMND number: a 12-digit number is a personal ID number; "
                   "choose “CCCD / personal ID number” as the ID kind"));
  if (len != 9)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT,
                 _("CMND number: must be exactly 9 digits; %u entered"), len);

  return TRUE;
}

/* @number: without spaces, upper-cased in place. Vietnamese passports are
 * one letter and 7 digits (C1234567); foreign ones vary, so accept 6–12
 * letters and digits with at least one digit, which includes ours. */
static gboolean
validate_passport (char    *number,
                   GError **error)
{
  gboolean has_digit = FALSE;
  char buf[16];
  guint len = 0;

  for (char *p = number; *p != '\0'; p = g_utf8_next_char (p), len++)
    {
      if (g_ascii_isdigit (*p))
        has_digit = TRUE;
      else if (g_ascii_isalpha (*p))
        *p = g_ascii_toupper (*p);
      else
        return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT,
                     _("Passport number: may contain only letters A–Z and digits; remove “%s”"),
                     mc_validate_describe_char (g_utf8_get_char (p), buf));
    }

  if (len < 6 || len > 12)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT,
                 _("Passport number: must be 6 to 12 letters and digits "
                   "(a Vietnamese passport is one letter and 7 digits, e.g. C1234567); %u entered"),
                 len);
  if (!has_digit)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT, "%s",
                 _("Passport number: must contain digits "
                   "(a Vietnamese passport is one letter and 7 digits, e.g. C1234567)"));

  return TRUE;
}

static const char *
id_required_message (McIdKind kind)
{
  if (kind == MC_ID_KIND_CCCD)
    return _("CCCD number: it is required; enter the 12 digits on the card");
  if (kind == MC_ID_KIND_CMND)
    return _("CMND number: it is required; enter the 9 digits on the card");
  return _("Passport number: it is required");
}

gboolean
mc_validate_id_number (McIdKind      kind,
                       const char   *number,
                       const GDate  *date_of_birth,
                       char        **normalized,
                       GError      **error)
{
  g_autofree char *compact = NULL;
  gboolean ok;

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (id_kind_names), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A cleared GDate means "not entered". */
  if (date_of_birth != NULL && !g_date_valid (date_of_birth))
    date_of_birth = NULL;

  if (number != NULL && !g_utf8_validate (number, -1, NULL))
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT, "%s",
                 _("ID number: contains invalid characters; type it again"));

  compact = mc_validate_strip_spaces (number != NULL ? number : "");
  if (*compact == '\0')
    return mc_validate_fail (error, MC_VALIDATE_ERROR_REQUIRED, "%s", id_required_message (kind));

  if (kind == MC_ID_KIND_CCCD)
    ok = validate_cccd (compact, date_of_birth, error);
  else if (kind == MC_ID_KIND_CMND)
    ok = validate_cmnd (compact, error);
  else
    ok = validate_passport (compact, error);

  if (ok && normalized != NULL)
    *normalized = g_steal_pointer (&compact);
  return ok;
}

/* ---- phone and email -------------------------------------------------- */

/* Collects the digits of @phone into @digits; FALSE with @error on a
 * character that has no place in a phone number. */
static gboolean
collect_phone_digits (const char  *phone,
                      GString     *digits,
                      gboolean    *has_plus,
                      GError     **error)
{
  char buf[16];

  *has_plus = FALSE;
  for (const char *p = phone; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (ch == '+' && digits->len == 0 && !*has_plus)
        *has_plus = TRUE;
      else if (!(g_unichar_isspace (ch) || ch == '.' || ch == '-' || ch == '(' || ch == ')'))
        return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT,
                     _("Phone number: may contain only digits, spaces, dots, dashes "
                       "and a leading +; remove “%s”"),
                     mc_validate_describe_char (ch, buf));
    }

  return TRUE;
}

/* Rewrites @digits in national form, with a leading 0. */
static gboolean
to_national (GString   *digits,
             gboolean   has_plus,
             GError   **error)
{
  if (g_str_has_prefix (digits->str, "0084"))
    g_string_erase (digits, 0, 4);
  else if (g_str_has_prefix (digits->str, "84"))
    g_string_erase (digits, 0, 2);
  else if (has_plus)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT, "%s",
                 _("Phone number: only Vietnamese numbers (+84) are accepted"));
  else if (digits->str[0] != '0')
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT, "%s",
                 _("Phone number: must start with 0 or +84, e.g. 0912 345 678"));

  /* "+84 (0) 912 …" is common: the 0 is then already there. */
  if (digits->str[0] != '0')
    g_string_prepend_c (digits, '0');
  return TRUE;
}

static gboolean
check_national_phone (const char  *national,
                      GError     **error)
{
  guint len = (guint) strlen (national);
  /* A lone "0" is reported as a too short mobile number. */
  char second = len >= 2 ? national[1] : '9';

  if (strchr ("35789", second) != NULL)
    return len == 10 ||
           mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT,
                 _("Phone number: a mobile number has 10 digits, e.g. 0912 345 678; %u entered"),
                 len);
  if (second == '2')
    return len == 10 || len == 11 ||
           mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT,
                 _("Phone number: a landline number has 10 or 11 digits with the area code, "
                   "e.g. 024 3825 1234; %u entered"),
                 len);
  if (second == '1')
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT, "%s",
                 _("Phone number: numbers starting with 01 were changed in 2018; "
                   "ask for the new 10-digit number"));

  return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT,
               /* Translators: "%c" is a digit; "0%c" is the start of the number. */
               _("Phone number: 0%c is not a Vietnamese prefix; a mobile number starts with "
                 "03, 05, 07, 08 or 09 and a landline with 02"),
               second);
}

gboolean
mc_validate_phone (const char  *phone,
                   char       **normalized,
                   GError     **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean has_plus;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (phone != NULL && !g_utf8_validate (phone, -1, NULL))
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT, "%s",
                 _("Phone number: contains invalid characters; type it again"));

  if (!collect_phone_digits (phone != NULL ? phone : "", digits, &has_plus, error))
    return FALSE;
  if (digits->len == 0)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_REQUIRED, "%s", _("Phone number: it is empty"));

  if (!to_national (digits, has_plus, error) || !check_national_phone (digits->str, error))
    return FALSE;

  if (normalized != NULL)
    *normalized = g_string_free (g_steal_pointer (&digits), FALSE);
  return TRUE;
}

static gboolean
is_domain (const char *domain)
{
  return strchr (domain, '.') != NULL && domain[0] != '.' &&
         domain[strlen (domain) - 1] != '.' && strstr (domain, "..") == NULL;
}

gboolean
mc_validate_email (const char  *email,
                   GError     **error)
{
  char shown[ECHO_BUF_SIZE];
  const char *at;
  glong n_chars;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (mc_validate_is_empty (email))
    return mc_validate_fail (error, MC_VALIDATE_ERROR_REQUIRED, "%s", _("Email address: it is empty"));
  if (!g_utf8_validate (email, -1, NULL))
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT, "%s",
                 _("Email address: contains invalid characters; type it again"));

  n_chars = g_utf8_strlen (email, -1);
  if (n_chars > EMAIL_MAX_CHARS)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT,
                 _("Email address: too long (%u characters); at most 254 are allowed"),
                 (guint) n_chars);

  for (const char *p = email; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT, "%s",
                   _("Email address: must not contain spaces"));

  at = strchr (email, '@');
  if (at == NULL || strchr (at + 1, '@') != NULL)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT, "%s",
                 _("Email address: must contain exactly one “@”, as in name@example.com"));
  if (at == email)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT, "%s",
                 _("Email address: the name before “@” is missing, as in name@example.com"));
  if (at[1] == '\0')
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT, "%s",
                 _("Email address: the domain after “@” is missing, as in name@example.com"));

  if (!is_domain (at + 1))
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT,
                 _("Email address: “%s” after the “@” is not a domain such as example.com"),
                 mc_validate_shorten (at + 1, shown));

  return TRUE;
}

/* ---- names ------------------------------------------------------------ */

static gboolean
is_name_char (gunichar ch)
{
  return g_unichar_isalpha (ch) || g_unichar_ismark (ch) ||
         g_unichar_type (ch) == G_UNICODE_SPACE_SEPARATOR ||
         ch == '\'' || ch == 0x2019 /* ’ */ || ch == '.' ||
         ch == '-' || ch == 0x2010 /* ‐ */;
}

gboolean
mc_validate_full_name (const char  *name,
                       GError     **error)
{
  g_autofree char *clean = NULL;
  gboolean has_letter = FALSE;
  char buf[16];
  glong n_chars;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (name != NULL && !g_utf8_validate (name, -1, NULL))
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT, "%s",
                 _("Full name: contains invalid characters; type it again"));

  /* Checked as it will be stored: NFC (so "ễ" counts as one character
   * however it was typed), trimmed, inner spaces collapsed. */
  clean = mc_text_normalize (name);
  if (*clean == '\0')
    return mc_validate_fail (error, MC_VALIDATE_ERROR_REQUIRED, "%s", _("Full name: it is required"));

  n_chars = g_utf8_strlen (clean, -1);
  if (n_chars > NAME_MAX_CHARS)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT,
                 _("Full name: too long (%u characters); at most 100 are allowed"),
                 (guint) n_chars);

  for (const char *p = clean; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (!is_name_char (ch))
        return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT,
                     _("Full name: “%s” is not allowed; use only letters, spaces, "
                       "apostrophes, dots and hyphens"),
                     mc_validate_describe_char (ch, buf));
      has_letter |= g_unichar_isalpha (ch);
    }

  if (!has_letter)
    return mc_validate_fail (error, MC_VALIDATE_ERROR_FORMAT, "%s", _("Full name: must contain letters"));

  return TRUE;
}
