/* test-id-card.c — the chip ID card's QR text: real-format payloads, what
 * readers add to them, and what is refused (with the reason)
 *
 * The people below are made up; their numbers follow the CCCD structure.
 */
#include "config.h"

#include <string.h>

#include "mc-id-card.h"
#include "mc-validate.h"

#define ANH  "001185012345|012345678|Đặng Thị Ánh|02031985|Nữ|Thôn 3, xã Tân Lập, huyện Đan Phượng, Hà Nội|10052021"
#define MINH "049202001234||Lê Văn Minh|24022002|Nam|Cẩm Yên, Thạch Thất, Hà Nội|31052021"

static GDate today;

static char *
iso (const GDate *date)
{
  char buf[16];

  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", date);
  return g_strdup (buf);
}

static McIdCard *
parse_ok (const char *payload,
          gssize      length)
{
  g_autoptr(GError) error = NULL;
  McIdCard *card = mc_id_card_parse (payload, length, &today, &error);

  g_assert_no_error (error);
  g_assert_nonnull (card);
  return card;
}

static void
assert_anh (const McIdCard *card)
{
  g_autofree char *dob = iso (&card->date_of_birth);
  g_autofree char *issued = iso (&card->issue_date);

  g_assert_cmpstr (card->id_number, ==, "001185012345");
  g_assert_cmpstr (card->old_id_number, ==, "012345678");
  g_assert_cmpstr (card->full_name, ==, "Đặng Thị Ánh");
  g_assert_cmpstr (dob, ==, "1985-03-02");
  g_assert_cmpint (card->gender, ==, MC_GENDER_FEMALE);
  g_assert_cmpstr (mc_gender_to_string (card->gender), ==, "female");
  g_assert_cmpstr (card->address, ==, "Thôn 3, xã Tân Lập, huyện Đan Phượng, Hà Nội");
  g_assert_cmpstr (issued, ==, "2021-05-10");
}

static void
test_real_format (void)
{
  g_autoptr(McIdCard) anh = parse_ok (ANH, -1);
  g_autoptr(McIdCard) minh = parse_ok (MINH, -1);
  g_autofree char *dob = iso (&minh->date_of_birth);

  assert_anh (anh);

  /* No old number: the field is empty, not missing. */
  g_assert_null (minh->old_id_number);
  g_assert_cmpstr (minh->id_number, ==, "049202001234");
  g_assert_cmpstr (minh->full_name, ==, "Lê Văn Minh");
  g_assert_cmpstr (dob, ==, "2002-02-24");
  g_assert_cmpint (minh->gender, ==, MC_GENDER_MALE);
  g_assert_cmpstr (mc_gender_to_string (minh->gender), ==, "male");
}

/* What USB readers and phones actually send around the same text. */
static void
test_reader_variants (void)
{
  g_autofree char *nfd = g_utf8_normalize (ANH, -1, G_NORMALIZE_NFD);
  static const char *const wrapped[] = {
    ANH "\r\n", ANH "\n", ANH "\r", "  " ANH "  \r\n", "\xef\xbb\xbf" ANH "\r\n", "\t" ANH "\t",
  };
  g_autofree char *upper = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (wrapped); i++)
    {
      g_autoptr(McIdCard) card = parse_ok (wrapped[i], -1);
      assert_anh (card);
    }

  /* NFD (decomposed) marks: the same card, stored in NFC. */
  g_assert_cmpstr (nfd, !=, ANH);
  {
    g_autoptr(McIdCard) card = parse_ok (nfd, -1);
    assert_anh (card);
  }

  /* An explicit length that stops before the reader's line ending. */
  {
    g_autoptr(McIdCard) card = parse_ok (ANH "\r\nGARBAGE", (gssize) strlen (ANH));
    assert_anh (card);
  }

  /* Gender as "NỮ" or, from a reader that cannot type "ữ", "Nu"; spaces
   * around a field are not part of it. */
  {
    g_autoptr(McIdCard) card = parse_ok ("001185012345|012345678| Đặng Thị Ánh |02031985|NỮ|Thôn 3|10052021", -1);
    g_assert_cmpint (card->gender, ==, MC_GENDER_FEMALE);
    g_assert_cmpstr (card->full_name, ==, "Đặng Thị Ánh");
  }
  {
    g_autoptr(McIdCard) card = parse_ok ("049202001234||Lê Văn Minh|24022002|NAM|Thạch Thất|31052021", -1);
    g_assert_cmpint (card->gender, ==, MC_GENDER_MALE);
  }
  upper = g_strdup ("001185012345||Dang Thi Anh|02031985|Nu|Thon 3|10052021");
  {
    g_autoptr(McIdCard) card = parse_ok (upper, -1);
    g_assert_cmpint (card->gender, ==, MC_GENDER_FEMALE);
    g_assert_null (card->old_id_number);
  }
}

static void
assert_refused (const char *payload,
                gssize      length,
                int         code,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McIdCard) card = mc_id_card_parse (payload, length, &today, &error);

  if (card != NULL)
    g_error ("accepted: %s", payload);
  g_assert_error (error, MC_ID_CARD_ERROR, code);
  g_assert_true (g_str_has_prefix (error->message, "ID card QR: "));
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” lacks “%s”", error->message, fragment);
}

static void
test_refused_shape (void)
{
  g_autofree char *huge = g_strnfill (MC_ID_CARD_MAX_BYTES + 1, '1');
  static const char with_nul[] = ANH "\0" "1";

  assert_refused ("", -1, MC_ID_CARD_ERROR_FORMAT, "empty");
  assert_refused (" \r\n", -1, MC_ID_CARD_ERROR_FORMAT, "empty");
  assert_refused (huge, -1, MC_ID_CARD_ERROR_FORMAT, "too long");
  assert_refused (with_nul, sizeof with_nul - 1, MC_ID_CARD_ERROR_FORMAT, "UTF-8");
  assert_refused ("001185012345|\xff\xfe|Anh|02031985|Nữ|Thôn 3|10052021", -1, MC_ID_CARD_ERROR_FORMAT, "UTF-8");
  /* Controls and invisible characters inside the line. */
  assert_refused ("001185012345|012345678|Đặng Thị\tÁnh|02031985|Nữ|Thôn 3|10052021", -1,
                  MC_ID_CARD_ERROR_FORMAT, "U+0009");
  assert_refused ("001185012345|012345678|Đặng Thị Ánh|02031985|Nữ|Thôn 3\r\nxã|10052021", -1,
                  MC_ID_CARD_ERROR_FORMAT, "U+000D");
  assert_refused ("001185012345|012345678|Đặng\xe2\x80\x8bThị Ánh|02031985|Nữ|Thôn 3|10052021", -1,
                  MC_ID_CARD_ERROR_FORMAT, "U+200B");
  assert_refused ("\x1b[2J" ANH, -1, MC_ID_CARD_ERROR_FORMAT, "U+001B");
  /* Field count. */
  assert_refused ("001185012345|Đặng Thị Ánh|02031985|Nữ|Thôn 3|10052021", -1,
                  MC_ID_CARD_ERROR_FORMAT, "has 6 fields");
  assert_refused (ANH "|05052031", -1, MC_ID_CARD_ERROR_FORMAT, "has 8 fields");
  assert_refused ("hello world", -1, MC_ID_CARD_ERROR_FORMAT, "has 1 field ");
}

static void
test_refused_fields (void)
{
  /* The number contradicts the date of birth: year digits, then century. */
  assert_refused ("001185012345|012345678|Đặng Thị Ánh|02031986|Nữ|Thôn 3|10052021", -1,
                  MC_ID_CARD_ERROR_INVALID, "5th and 6th digits");
  assert_refused ("001385012345|012345678|Đặng Thị Ánh|02031985|Nữ|Thôn 3|10052021", -1,
                  MC_ID_CARD_ERROR_INVALID, "4th digit");
  /* …or the gender: 1 is a woman born in the 1900s. */
  assert_refused ("001185012345|012345678|Đặng Văn An|02031985|Nam|Thôn 3|10052021", -1,
                  MC_ID_CARD_ERROR_INVALID, "woman");
  assert_refused ("049202001234||Lê Thị Mai|24022002|Nữ|Thạch Thất|31052021", -1,
                  MC_ID_CARD_ERROR_INVALID, "man's");
  /* Each field as intake checks it. */
  assert_refused ("099185012345||Đặng Thị Ánh|02031985|Nữ|Thôn 3|10052021", -1,
                  MC_ID_CARD_ERROR_INVALID, "province code");
  assert_refused ("00118501234||Đặng Thị Ánh|02031985|Nữ|Thôn 3|10052021", -1,
                  MC_ID_CARD_ERROR_INVALID, "12 digits");
  assert_refused ("001185012345|01234567|Đặng Thị Ánh|02031985|Nữ|Thôn 3|10052021", -1,
                  MC_ID_CARD_ERROR_INVALID, "Old ID number");
  assert_refused ("001185012345||Đặng Thị Ánh 2|02031985|Nữ|Thôn 3|10052021", -1,
                  MC_ID_CARD_ERROR_INVALID, "Full name");
  assert_refused ("001185012345|||02031985|Nữ|Thôn 3|10052021", -1,
                  MC_ID_CARD_ERROR_INVALID, "Full name");
  assert_refused ("001185012345||Đặng Thị Ánh|2031985|Nữ|Thôn 3|10052021", -1,
                  MC_ID_CARD_ERROR_INVALID, "8 digits");
  assert_refused ("001185012345||Đặng Thị Ánh|1985-03-02|Nữ|Thôn 3|10052021", -1,
                  MC_ID_CARD_ERROR_INVALID, "8 digits");
  assert_refused ("001185012345||Đặng Thị Ánh|31021985|Nữ|Thôn 3|10052021", -1,
                  MC_ID_CARD_ERROR_INVALID, "31/02/1985 is not a real date");
  assert_refused ("001185012345||Đặng Thị Ánh|02031985|Khác|Thôn 3|10052021", -1,
                  MC_ID_CARD_ERROR_INVALID, "Gender");
  assert_refused ("001185012345||Đặng Thị Ánh|02031985|Nữ| |10052021", -1,
                  MC_ID_CARD_ERROR_INVALID, "Address");
  assert_refused ("001185012345||Đặng Thị Ánh|02031985|Nữ|Thôn 3|10051980", -1,
                  MC_ID_CARD_ERROR_INVALID, "before the date of birth");
  assert_refused ("001185012345||Đặng Thị Ánh|02031985|Nữ|Thôn 3|01012027", -1,
                  MC_ID_CARD_ERROR_INVALID, "after today");
  /* Born after "today" (2026-12-07 in these tests). */
  assert_refused ("001327012345||Đặng Thị Ánh|02032027|Nữ|Thôn 3|05122026", -1,
                  MC_ID_CARD_ERROR_INVALID, "Date of birth");
}

static void
test_looks_like (void)
{
  g_assert_true (mc_id_card_looks_like (ANH));
  g_assert_true (mc_id_card_looks_like (MINH));
  g_assert_true (mc_id_card_looks_like (ANH "\r\n"));
  g_assert_false (mc_id_card_looks_like ("Đặng Thị Ánh"));
  g_assert_false (mc_id_card_looks_like ("001185012345"));
  g_assert_false (mc_id_card_looks_like ("001185012345|012345678"));
  g_assert_false (mc_id_card_looks_like (ANH "|x"));
  g_assert_false (mc_id_card_looks_like (NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 7, G_DATE_DECEMBER, 2026);

  g_test_add_func ("/id-card/real-format", test_real_format);
  g_test_add_func ("/id-card/reader-variants", test_reader_variants);
  g_test_add_func ("/id-card/refused-shape", test_refused_shape);
  g_test_add_func ("/id-card/refused-fields", test_refused_fields);
  g_test_add_func ("/id-card/looks-like", test_looks_like);

  return g_test_run ();
}
