/* mc-validate-private.h — what the checks of mc-validate*.c share
 *
 * The helpers (mc-validate-util.c) are the leaf: the identity, phone,
 * e-mail and name checks (mc-validate.c) and the date and time checks
 * (mc-validate-dates.c) use them, and they use neither.
 */
#pragma once

#include "mc-validate.h"

G_BEGIN_DECLS

#define NAME_MAX_CHARS       100
#define EMAIL_MAX_CHARS      254
#define DOB_MAX_AGE_YEARS    130
#define CLOCK_SKEW_TOLERANCE (5 * G_TIME_SPAN_MINUTE)
#define ECHO_MAX_CHARS       40
#define ECHO_BUF_SIZE        (ECHO_MAX_CHARS * 4 + sizeof "…")

/* Sets an MC_VALIDATE_ERROR and returns FALSE, so checks read as
 * "if (bad) return mc_validate_fail (…);". */
gboolean     mc_validate_fail            (GError          **error,
                                          McValidateError   code,
                                          const char       *format,
                                          ...) G_GNUC_PRINTF (3, 4);
const char  *mc_validate_format_date     (const GDate *date,
                                          char         buf[16]);   /* dd/mm/yyyy */
const char  *mc_validate_format_time     (GDateTime   *time,
                                          char         buf[32]);   /* Vietnam time */
void         mc_validate_get_today       (GDate       *today);     /* in Vietnam */
const char  *mc_validate_shorten         (const char  *text,
                                          char         buf[ECHO_BUF_SIZE]);
const char  *mc_validate_describe_char   (gunichar     ch,
                                          char         buf[16]);
char        *mc_validate_strip_spaces    (const char  *text);
gunichar     mc_validate_first_non_digit (const char  *text);
gboolean     mc_validate_is_empty        (const char  *text);

G_END_DECLS
