/* mc-id-card.h — the text of the QR code on a chip ID card (CCCD, thẻ Căn cước)
 *
 * The QR code printed on chip ID cards (Circular 06/2021/TT-BCA) holds one
 * line of seven fields separated by "|":
 *
 *   ID number|old ID number|full name|date of birth ddmmyyyy|gender|address|issue date ddmmyyyy
 *
 * e.g. "001185012345|012345678|Đặng Thị Ánh|02031985|Nữ|Thôn 3, xã Tân Lập|10052021";
 * the old (CMND) number is empty when the citizen never had one. USB 2D
 * readers type it as keystrokes ending with Enter (CR, LF or both), so the
 * parser trims the line ending and surrounding white space and normalises
 * the text to NFC (readers and phones send NFC or NFD). Everything else is
 * checked as intake checks it (mc-validate.h): a number that contradicts its
 * date of birth or its gender-century digit is refused with the reason.
 * The text comes from outside: it is bounded (MC_ID_CARD_MAX_BYTES) and
 * control characters are refused. See docs/cli.md (`motcua id-card`).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_ID_CARD_ERROR (mc_id_card_error_quark ())
GQuark mc_id_card_error_quark (void);

typedef enum
{
  MC_ID_CARD_ERROR_FORMAT,   /* not the card's QR text: size, bytes, number of fields */
  MC_ID_CARD_ERROR_INVALID,  /* a field fails the intake checks, or fields disagree */
} McIdCardError;

/* Far above a real card's text (about 250 bytes with a long address). */
#define MC_ID_CARD_MAX_BYTES  2048
#define MC_ID_CARD_N_FIELDS   7

typedef enum
{
  MC_GENDER_MALE,    /* "Nam" */
  MC_GENDER_FEMALE,  /* "Nữ" */
} McGender;

const char *mc_gender_to_string (McGender gender);   /* "male", "female" */

typedef struct
{
  char     *id_number;      /* 12 digits */
  char     *old_id_number;  /* 9 digits (or 12 for a 12-digit CMND), NULL when the card has none */
  char     *full_name;      /* NFC, trimmed, inner spaces collapsed */
  GDate     date_of_birth;
  McGender  gender;
  char     *address;        /* NFC, trimmed, inner spaces collapsed */
  GDate     issue_date;
} McIdCard;

void mc_id_card_free (McIdCard *card);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McIdCard, mc_id_card_free)

/* Parses and checks the QR text @payload of @length bytes (-1: NUL-terminated).
 * @today (nullable: today in Vietnam) bounds the dates. Returns NULL with an
 * MC_ID_CARD_ERROR whose translated message starts with "ID card QR:" and
 * says what is wrong. */
McIdCard   *mc_id_card_parse        (const char   *payload,
                                     gssize        length,
                                     const GDate  *today,
                                     GError      **error);

/* A cheap test for text typed into a field: TRUE when @text (after the line
 * ending) starts with 12 digits and a "|" and holds six "|" in all, i.e.
 * it was most likely typed by a QR reader. It does not check the fields. */
gboolean    mc_id_card_looks_like   (const char   *text);

G_END_DECLS
