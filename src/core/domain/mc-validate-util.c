/* mc-validate-util.c — the helpers every check uses: errors, echoes of what
 * was typed, dates for messages */
#define G_LOG_DOMAIN "motcua-validate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-core-env.h"
#include "mc-text.h"
#include "mc-validate-private.h"

/* Error codes: REQUIRED nothing entered; FORMAT cannot be a value of that
 * kind (characters, length, shape, unknown CCCD province code, not a real
 * date); INCONSISTENT disagrees with another field (CCCD vs date of birth);
 * RANGE well formed but implausible (birth year in the future, date of birth
 * after today or > 130 years ago, received time in the future or < 2000). */
G_DEFINE_QUARK (mc-validate-error-quark, mc_validate_error)

/* Sets an MC_VALIDATE_ERROR and returns FALSE, so checks read as
 * "if (bad) return mc_validate_fail (…);". */
gboolean
mc_validate_fail (GError          **error,
      McValidateError   code,
      const char       *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, MC_VALIDATE_ERROR, code, message);
  return FALSE;
}

/* Dates are shown to the clerk the Vietnamese way, dd/mm/yyyy. */
const char *
mc_validate_format_date (const GDate *date,
             char         buf[16])
{
  g_snprintf (buf, 16, "%02u/%02u/%04u", (guint) g_date_get_day (date),
              (guint) g_date_get_month (date), (guint) g_date_get_year (date));
  return buf;
}

/* Times likewise, in Vietnam time. */
const char *
mc_validate_format_time (GDateTime *time,
             char       buf[32])
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) local = g_date_time_to_timezone (time, tz);
  g_autofree char *text = g_date_time_format (local, "%d/%m/%Y %H:%M:%S");

  g_strlcpy (buf, text != NULL ? text : "?", 32);
  return buf;
}

/* Today in Vietnam, whatever the PC's time zone setting. */
void
mc_validate_get_today (GDate *today)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);

  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

/* What the clerk typed, cut short enough to fit in a message. */
const char *
mc_validate_shorten (const char *text,
         char        buf[ECHO_BUF_SIZE])
{
  if (g_utf8_strlen (text, -1) <= ECHO_MAX_CHARS)
    return text;

  g_utf8_strncpy (buf, text, ECHO_MAX_CHARS);
  g_strlcat (buf, "…", ECHO_BUF_SIZE);
  return buf;
}

/* A character for a message: itself if visible, else its code point. */
const char *
mc_validate_describe_char (gunichar ch,
               char     buf[16])
{
  if (g_unichar_isgraph (ch))
    buf[g_unichar_to_utf8 (ch, buf)] = '\0';
  else
    g_snprintf (buf, 16, "U+%04X", (guint) ch);
  return buf;
}

/* Removes white space (ASCII or Unicode, e.g. NBSP) from a valid UTF-8
 * string: ID numbers are often typed in groups. */
char *
mc_validate_strip_spaces (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_len (out, p, g_utf8_next_char (p) - p);

  return g_string_free (out, FALSE);
}

/* The first character of @text that is not an ASCII digit, or 0. */
gunichar
mc_validate_first_non_digit (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_ascii_isdigit (*p))
      return g_utf8_get_char (p);
  return 0;
}

gboolean
mc_validate_is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}
