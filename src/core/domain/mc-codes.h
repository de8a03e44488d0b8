/* mc-codes.h — dossier codes (mã hồ sơ)
 *
 * Rule "tt01-2018" (Circular 01/2018/TT-VPCP art. 19, kept by Circular
 * 03/2025 until a new format is confirmed):
 *   <agency code>-<yymmdd of receipt, Vietnam time>-<4-digit sequence>
 * Offline stations never collide: station N (1–9) issues sequences
 * N000–N999 of each day; 0001–0999 are left to the provincial online
 * system. See docs/dossier-codes.md.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_CODES_ERROR (mc_codes_error_quark ())
GQuark mc_codes_error_quark (void);

typedef enum
{
  MC_CODES_ERROR_INVALID_AGENCY,
  MC_CODES_ERROR_INVALID_STATION,
  MC_CODES_ERROR_EXHAUSTED,
  MC_CODES_ERROR_INVALID_CODE,
} McCodesError;

#define MC_CODES_MIN_STATION 1
#define MC_CODES_MAX_STATION 9
#define MC_CODES_RANGE_SIZE  1000

/* The rule in force on a date (Vietnam time). */
const char *mc_codes_rule_for_date   (GDateTime   *received_at);

/* An agency identifier code such as "000.00.12.H29": dot-separated groups
 * of letters and digits, no '-' (it separates the parts of a dossier code). */
gboolean    mc_codes_validate_agency (const char  *agency_code,
                                      GError     **error);
gboolean    mc_codes_validate_station(guint        station,
                                      GError     **error);

/* First and last sequence a station may issue in a day. */
void        mc_codes_station_range   (guint        station,
                                      guint       *first,
                                      guint       *last);

/* The next sequence after @last_issued (0 = none yet today) for @station. */
gboolean    mc_codes_next_sequence   (guint        station,
                                      guint        last_issued,
                                      guint       *out_sequence,
                                      GError     **error);

/* "yymmdd" of @received_at in Vietnam time. */
char       *mc_codes_day_key         (GDateTime   *received_at);

char       *mc_codes_format          (const char  *agency_code,
                                      GDateTime   *received_at,
                                      guint        sequence);

/* Splits a code; any out parameter may be NULL. */
gboolean    mc_codes_parse           (const char  *code,
                                      char       **agency_code,
                                      char       **day_key,
                                      guint       *sequence,
                                      GError     **error);

G_END_DECLS
