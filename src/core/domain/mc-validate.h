/* mc-validate.h — checks of what the clerk types
 *
 * Every failure sets an MC_VALIDATE_ERROR whose message is translatable,
 * names the field and says what is wrong, e.g.
 * "CCCD number: the gender/century digit 2 means born 2000–2099, but the date of birth is 1985-03-02".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_VALIDATE_ERROR (mc_validate_error_quark ())
GQuark mc_validate_error_quark (void);

typedef enum
{
  MC_VALIDATE_ERROR_REQUIRED,
  MC_VALIDATE_ERROR_FORMAT,
  MC_VALIDATE_ERROR_INCONSISTENT,
  MC_VALIDATE_ERROR_RANGE,
} McValidateError;

typedef enum
{
  MC_ID_KIND_CCCD,
  MC_ID_KIND_CMND,
  MC_ID_KIND_PASSPORT,
} McIdKind;

const char *mc_id_kind_to_string   (McIdKind    kind);   /* "cccd", "cmnd", "passport" */
gboolean    mc_id_kind_from_string (const char *str,
                                    McIdKind   *out);
/* Translated label of the kind, e.g. "CCCD / personal ID number". */
const char *mc_id_kind_get_label   (McIdKind    kind);

/* Name of the province/city for a 3-digit CCCD place code ("079" → "TP Hồ Chí Minh"), or NULL. */
const char *mc_cccd_province_name  (const char *code);

/* @date_of_birth may be NULL (then only the structure is checked).
 * On success *@normalized (if not NULL) receives the number without spaces,
 * upper-cased for passports. */
gboolean mc_validate_id_number     (McIdKind      kind,
                                    const char   *number,
                                    const GDate  *date_of_birth,
                                    char        **normalized,
                                    GError      **error);

/* Vietnamese mobile (10 digits: 03/05/07/08/09) or landline (02x…: 10–11
 * digits); accepts +84/84 prefixes, spaces, dots and dashes. Normalised to
 * the national form starting with 0. */
gboolean mc_validate_phone         (const char   *phone,
                                    char        **normalized,
                                    GError      **error);

gboolean mc_validate_email         (const char   *email,
                                    GError      **error);

/* Strict YYYY-MM-DD and a real calendar date. @field_label names the field
 * in the message (translated by the caller). */
gboolean mc_validate_date          (const char   *field_label,
                                    const char   *text,
                                    GDate        *out,
                                    GError      **error);

/* A date of birth: a real date, not after @today, not more than 130 years before it. */
gboolean mc_validate_date_of_birth (const char   *text,
                                    const GDate  *today,
                                    GDate        *out,
                                    GError      **error);

/* g_date_time_new_from_iso8601 () that refuses a second of 60 (which GLib
 * would read as 59). */
GDateTime *mc_validate_parse_time   (const char   *text,
                                     GTimeZone    *default_tz);

/* Parses ISO 8601 with an explicit offset ("2026-11-23T09:15:00+07:00" or "Z").
 * Rejects a time more than 5 minutes after @now (clock skew tolerance) and
 * before 2000-01-01. */
gboolean mc_validate_received_at   (const char   *text,
                                    GDateTime    *now,
                                    GDateTime   **out,
                                    GError      **error);
/* The same check on an already parsed time. */
gboolean mc_validate_received_time (GDateTime    *received_at,
                                    GDateTime    *now,
                                    GError      **error);

/* A person's full name: not empty after trimming, at most 100 characters,
 * letters (any script, with diacritics), spaces, apostrophes, dots and hyphens only. */
gboolean mc_validate_full_name     (const char   *name,
                                    GError      **error);

G_END_DECLS
