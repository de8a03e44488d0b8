/* test-validate.c — checks of what the clerk types */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "mc-validate.h"

/* Asserts that @error is set with @code, that its message starts with the
 * field name @field and, if given, contains @fragment. Clears @error. */
#define assert_failed(error, code, field, fragment) \
  assert_failed_impl (&(error), (code), (field), (fragment), G_STRLOC)

static void
assert_failed_impl (GError     **error,
                    int          code,
                    const char  *field,
                    const char  *fragment,
                    const char  *where)
{
  if (*error == NULL)
    g_error ("%s: expected an error with code %d, got none", where, code);
  if (!g_error_matches (*error, MC_VALIDATE_ERROR, code))
    g_error ("%s: expected code %d, got %s %d: %s", where, code,
             g_quark_to_string ((*error)->domain), (*error)->code, (*error)->message);
  if (!g_str_has_prefix ((*error)->message, field))
    g_error ("%s: message does not name the field “%s”: %s", where, field, (*error)->message);
  if (fragment != NULL && strstr ((*error)->message, fragment) == NULL)
    g_error ("%s: message lacks “%s”: %s", where, fragment, (*error)->message);
  g_clear_error (error);
}

static GDate *
make_date (guint year, guint month, guint day)
{
  return g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/* ---- identity numbers ------------------------------------------------- */

static void
test_id_kind (void)
{
  static const McIdKind kinds[] = { MC_ID_KIND_CCCD, MC_ID_KIND_CMND, MC_ID_KIND_PASSPORT };
  McIdKind kind = MC_ID_KIND_PASSPORT;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      McIdKind back = MC_ID_KIND_CCCD;
      g_assert_true (mc_id_kind_from_string (mc_id_kind_to_string (kinds[i]), &back));
      g_assert_cmpint (back, ==, kinds[i]);
    }

  g_assert_cmpstr (mc_id_kind_to_string (MC_ID_KIND_CCCD), ==, "cccd");
  g_assert_cmpstr (mc_id_kind_to_string (MC_ID_KIND_CMND), ==, "cmnd");
  g_assert_cmpstr (mc_id_kind_to_string (MC_ID_KIND_PASSPORT), ==, "passport");
  g_assert_false (mc_id_kind_from_string ("CCCD", &kind));
  g_assert_false (mc_id_kind_from_string ("", &kind));
  g_assert_false (mc_id_kind_from_string (NULL, &kind));
  g_assert_cmpint (kind, ==, MC_ID_KIND_PASSPORT);

  g_assert_cmpstr (mc_id_kind_get_label (MC_ID_KIND_CCCD), ==, "CCCD / personal ID number");
  g_assert_cmpstr (mc_id_kind_get_label (MC_ID_KIND_CMND), ==, "Old ID card (CMND)");
  g_assert_cmpstr (mc_id_kind_get_label (MC_ID_KIND_PASSPORT), ==, "Passport");
}

static void
test_cccd_provinces (void)
{
  guint n_known = 0;

  g_assert_cmpstr (mc_cccd_province_name ("001"), ==, "Hà Nội");
  g_assert_cmpstr (mc_cccd_province_name ("031"), ==, "Hải Phòng");
  g_assert_cmpstr (mc_cccd_province_name ("046"), ==, "Thừa Thiên Huế");
  g_assert_cmpstr (mc_cccd_province_name ("048"), ==, "Đà Nẵng");
  g_assert_cmpstr (mc_cccd_province_name ("077"), ==, "Bà Rịa - Vũng Tàu");
  g_assert_cmpstr (mc_cccd_province_name ("079"), ==, "TP Hồ Chí Minh");
  g_assert_cmpstr (mc_cccd_province_name ("096"), ==, "Cà Mau");

  g_assert_null (mc_cccd_province_name ("000"));
  g_assert_null (mc_cccd_province_name ("003"));
  g_assert_null (mc_cccd_province_name ("097"));
  g_assert_null (mc_cccd_province_name ("79"));
  g_assert_null (mc_cccd_province_name ("0790"));
  g_assert_null (mc_cccd_province_name ("07a"));
  g_assert_null (mc_cccd_province_name (""));
  g_assert_null (mc_cccd_province_name (NULL));

  for (guint i = 0; i < 1000; i++)
    {
      char code[8];
      g_snprintf (code, sizeof code, "%03u", i);
      if (mc_cccd_province_name (code) != NULL)
        n_known++;
    }
  g_assert_cmpuint (n_known, ==, 63);
}

static void
test_cccd_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) dob_1985 = make_date (1985, 3, 2);
  g_autoptr(GDate) dob_2003 = make_date (2003, 5, 10);
  GDate cleared;
  char *normalized = NULL;

  /* Male, born 1985, birth registered in Hà Nội. */
  g_assert_true (mc_validate_id_number (MC_ID_KIND_CCCD, "001085012345", dob_1985, &normalized, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, "001085012345");
  g_clear_pointer (&normalized, g_free);

  /* Typed in groups, and with an NBSP pasted from a document. */
  g_assert_true (mc_validate_id_number (MC_ID_KIND_CCCD, " 001 085 012\xc2\xa0" "345 ", dob_1985, &normalized, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, "001085012345");
  g_clear_pointer (&normalized, g_free);

  /* Female, born 1985. */
  g_assert_true (mc_validate_id_number (MC_ID_KIND_CCCD, "001185012345", dob_1985, NULL, &error));
  g_assert_no_error (error);

  /* Male, born 2003 in TP Hồ Chí Minh; with and without a date of birth. */
  g_assert_true (mc_validate_id_number (MC_ID_KIND_CCCD, "079203001234", dob_2003, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mc_validate_id_number (MC_ID_KIND_CCCD, "079203001234", NULL, NULL, &error));
  g_assert_no_error (error);
  /* Female born 2003, Cà Mau. */
  g_assert_true (mc_validate_id_number (MC_ID_KIND_CCCD, "096303001234", NULL, NULL, &error));
  g_assert_no_error (error);

  /* A cleared GDate means the date of birth was not entered. */
  g_date_clear (&cleared, 1);
  g_assert_true (mc_validate_id_number (MC_ID_KIND_CCCD, "079203001234", &cleared, NULL, &error));
  g_assert_no_error (error);
}

static void
test_cccd_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) dob_1985 = make_date (1985, 3, 2);
  g_autoptr(GDate) dob_1986 = make_date (1986, 3, 2);
  g_autoptr(GDate) dob_2085 = make_date (2085, 3, 2);
  char *normalized = NULL;

  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, NULL, NULL, &normalized, &error));
  assert_failed (error, MC_VALIDATE_ERROR_REQUIRED, "CCCD number:", NULL);
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_REQUIRED, "CCCD number:", "12 digits");
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "   ", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_REQUIRED, "CCCD number:", NULL);

  /* Not digits: the offending character is named. */
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "00108501234a", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "CCCD number:", "“a”");
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "001-085-012345", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "CCCD number:", "“-”");
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "00108501234O", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "CCCD number:", "only digits");
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "001085\xff" "12345", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "ID number:", NULL);

  /* Wrong length: how many were entered. */
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "00108501234", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "CCCD number:", "11 entered");
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "0010850123456", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "CCCD number:", "13 entered");
  /* 9 digits: point to the old ID card kind. */
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "123456789", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "CCCD number:", "CMND");

  /* Unknown province codes: gaps in the list and beyond 096. */
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "003085012345", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "CCCD number:", "003");
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "000085012345", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "CCCD number:", "province");
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "099085012345", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "CCCD number:", "099");

  /* Century digit against the date of birth. */
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "079203001234", dob_1985, &normalized, &error));
  assert_failed (error, MC_VALIDATE_ERROR_INCONSISTENT, "CCCD number:", "4th digit");
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "079285001234", dob_1985, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_INCONSISTENT, "CCCD number:", "2000–2099");
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "079285001234", dob_1985, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_INCONSISTENT, "CCCD number:", "02/03/1985");
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "001085012345", dob_2085, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_INCONSISTENT, "CCCD number:", "1900–1999");

  /* Year digits against the date of birth. */
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "001085012345", dob_1986, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_INCONSISTENT, "CCCD number:", "born in 1985");
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "001085012345", dob_1986, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_INCONSISTENT, "CCCD number:", "02/03/1986");

  /* No date of birth: a birth year in the future. */
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "001485012345", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_RANGE, "CCCD number:", "2185");
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CCCD, "001899012345", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_RANGE, "CCCD number:", "future");

  g_assert_null (normalized);
}

static void
test_cmnd (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) dob = make_date (1985, 3, 2);
  char *normalized = NULL;

  g_assert_true (mc_validate_id_number (MC_ID_KIND_CMND, "123456789", NULL, &normalized, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, "123456789");
  g_clear_pointer (&normalized, g_free);

  /* The date of birth plays no part in a CMND. */
  g_assert_true (mc_validate_id_number (MC_ID_KIND_CMND, "012 345 678", dob, &normalized, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, "012345678");
  g_clear_pointer (&normalized, g_free);

  g_assert_false (mc_validate_id_number (MC_ID_KIND_CMND, "", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_REQUIRED, "CMND number:", NULL);
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CMND, "12345678", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "CMND number:", "8 entered");
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CMND, "1234567890", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "CMND number:", "10 entered");
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CMND, "12345678x", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "CMND number:", "“x”");
  /* 12 digits: enter it as a CCCD. */
  g_assert_false (mc_validate_id_number (MC_ID_KIND_CMND, "001085012345", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "CMND number:", "CCCD / personal ID number");
}

static void
test_passport (void)
{
  g_autoptr(GError) error = NULL;
  char *normalized = NULL;

  g_assert_true (mc_validate_id_number (MC_ID_KIND_PASSPORT, "C1234567", NULL, &normalized, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, "C1234567");
  g_clear_pointer (&normalized, g_free);

  g_assert_true (mc_validate_id_number (MC_ID_KIND_PASSPORT, " c 1234 567", NULL, &normalized, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, "C1234567");
  g_clear_pointer (&normalized, g_free);

  /* Foreign passports. */
  g_assert_true (mc_validate_id_number (MC_ID_KIND_PASSPORT, "ea123456", NULL, &normalized, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, "EA123456");
  g_clear_pointer (&normalized, g_free);
  g_assert_true (mc_validate_id_number (MC_ID_KIND_PASSPORT, "123456", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mc_validate_id_number (MC_ID_KIND_PASSPORT, "AB1234567890", NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (mc_validate_id_number (MC_ID_KIND_PASSPORT, NULL, NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_REQUIRED, "Passport number:", NULL);
  g_assert_false (mc_validate_id_number (MC_ID_KIND_PASSPORT, "C1234", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Passport number:", "5 entered");
  g_assert_false (mc_validate_id_number (MC_ID_KIND_PASSPORT, "AB12345678901", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Passport number:", "13 entered");
  g_assert_false (mc_validate_id_number (MC_ID_KIND_PASSPORT, "ABCDEFGH", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Passport number:", "digits");
  g_assert_false (mc_validate_id_number (MC_ID_KIND_PASSPORT, "C-1234567", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Passport number:", "“-”");
  g_assert_false (mc_validate_id_number (MC_ID_KIND_PASSPORT, "Đ1234567", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Passport number:", "“Đ”");

  g_assert_null (normalized);
}

/* ---- phone and email -------------------------------------------------- */

static void
assert_phone (const char *input,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  if (!mc_validate_phone (input, &normalized, &error))
    g_error ("“%s” rejected: %s", input, error->message);
  g_assert_cmpstr (normalized, ==, expected);
}

static void
test_phone_valid (void)
{
  assert_phone ("+84 912 345 678", "0912345678");
  assert_phone ("84912345678", "0912345678");
  assert_phone ("0912.345.678", "0912345678");
  assert_phone ("0912-345-678", "0912345678");
  assert_phone ("0912345678", "0912345678");
  assert_phone ("+84 (0) 912 345 678", "0912345678");
  assert_phone ("0084 912 345 678", "0912345678");
  assert_phone ("0398 765 432", "0398765432");
  assert_phone ("0523 456 789", "0523456789");
  assert_phone ("0708 123 456", "0708123456");
  assert_phone ("0845 678 901", "0845678901");
  /* Landlines: Hà Nội and TP HCM (024/028 + 8 digits), Đà Nẵng (0236 + 7). */
  assert_phone ("024 3825 1234", "02438251234");
  assert_phone ("(028) 3829 1234", "02838291234");
  assert_phone ("+84 236 3822 123", "02363822123");
  assert_phone ("0236 382 212", "0236382212");
}

static void
test_phone_invalid (void)
{
  g_autoptr(GError) error = NULL;
  char *normalized = NULL;

  g_assert_false (mc_validate_phone (NULL, &normalized, &error));
  assert_failed (error, MC_VALIDATE_ERROR_REQUIRED, "Phone number:", NULL);
  g_assert_false (mc_validate_phone ("  ", NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_REQUIRED, "Phone number:", NULL);
  g_assert_false (mc_validate_phone ("0912abc678", NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Phone number:", "“a”");
  g_assert_false (mc_validate_phone ("0912+345678", NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Phone number:", "“+”");
  g_assert_false (mc_validate_phone ("091234567", NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Phone number:", "9 entered");
  g_assert_false (mc_validate_phone ("09123456789", NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Phone number:", "11 entered");
  g_assert_false (mc_validate_phone ("+84 91 234 56", NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Phone number:", "mobile");
  g_assert_false (mc_validate_phone ("024 3825", NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Phone number:", "landline");
  g_assert_false (mc_validate_phone ("024 3825 12345", NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Phone number:", "12 entered");
  /* Pre-2018 11-digit mobile numbers. */
  g_assert_false (mc_validate_phone ("0169 123 4567", NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Phone number:", "2018");
  g_assert_false (mc_validate_phone ("0412 345 678", NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Phone number:", "04");
  g_assert_false (mc_validate_phone ("0612 345 678", NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Phone number:", "prefix");
  g_assert_false (mc_validate_phone ("0", NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Phone number:", "1 entered");
  g_assert_false (mc_validate_phone ("912 345 678", NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Phone number:", "+84");
  g_assert_false (mc_validate_phone ("+1 555 123 4567", NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Phone number:", "Vietnamese");
  g_assert_false (mc_validate_phone ("0912\xff" "345678", NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Phone number:", NULL);

  g_assert_null (normalized);
}

static void
test_email (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) long_address = g_string_new (NULL);

  g_assert_true (mc_validate_email ("nguyen.van.dung@example.com", &error));
  g_assert_no_error (error);
  g_assert_true (mc_validate_email ("a@ubnd.vn", &error));
  g_assert_no_error (error);
  g_assert_true (mc_validate_email ("dung+hoso@mail.example.gov.vn", &error));
  g_assert_no_error (error);

  g_assert_false (mc_validate_email (NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_REQUIRED, "Email address:", NULL);
  g_assert_false (mc_validate_email ("", &error));
  assert_failed (error, MC_VALIDATE_ERROR_REQUIRED, "Email address:", NULL);

  g_assert_false (mc_validate_email ("nguyen van@example.com", &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Email address:", "spaces");
  g_assert_false (mc_validate_email (" a@example.com", &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Email address:", "spaces");
  g_assert_false (mc_validate_email ("example.com", &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Email address:", "“@”");
  g_assert_false (mc_validate_email ("a@b@example.com", &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Email address:", "exactly one");
  g_assert_false (mc_validate_email ("@example.com", &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Email address:", "before");
  g_assert_false (mc_validate_email ("a@", &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Email address:", "domain");
  g_assert_false (mc_validate_email ("a@localhost", &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Email address:", "“localhost”");
  g_assert_false (mc_validate_email ("a@.example.com", &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Email address:", "domain");
  g_assert_false (mc_validate_email ("a@example.com.", &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Email address:", "domain");
  g_assert_false (mc_validate_email ("a@example..com", &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Email address:", "domain");

  /* 254 characters is the limit. */
  g_string_append (long_address, "a@");
  while (long_address->len < 250)
    g_string_append_c (long_address, 'b');
  g_string_append (long_address, ".com");
  g_assert_cmpuint (long_address->len, ==, 254);
  g_assert_true (mc_validate_email (long_address->str, &error));
  g_assert_no_error (error);
  g_string_prepend_c (long_address, 'x');
  g_assert_false (mc_validate_email (long_address->str, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Email address:", "255");
}

/* ---- dates and times -------------------------------------------------- */

static void
test_date (void)
{
  g_autoptr(GError) error = NULL;
  static const char * const bad_shapes[] = {
    "2025-7-1", "01/07/2025", "2025/07/01", "20250701", "2025-07-01 ",
    " 2025-07-01", "2025-07-01T00:00", "25-07-01", "2025-07-0a", "２０２５-07-01",
  };
  static const char * const unreal[] = {
    "2025-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "2025-01-00", "0000-01-01",
  };
  GDate date;

  g_assert_true (mc_validate_date ("Issue date", "2025-07-01", &date, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_date_get_year (&date), ==, 2025);
  g_assert_cmpuint (g_date_get_month (&date), ==, 7);
  g_assert_cmpuint (g_date_get_day (&date), ==, 1);
  g_assert_true (mc_validate_date ("Issue date", "2024-02-29", NULL, &error));
  g_assert_no_error (error);

  g_assert_false (mc_validate_date ("Issue date", NULL, &date, &error));
  assert_failed (error, MC_VALIDATE_ERROR_REQUIRED, "Issue date:", "YYYY-MM-DD");
  g_assert_false (mc_validate_date ("Issue date", "", &date, &error));
  assert_failed (error, MC_VALIDATE_ERROR_REQUIRED, "Issue date:", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_shapes); i++)
    {
      g_assert_false (mc_validate_date ("Issue date", bad_shapes[i], &date, &error));
      assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Issue date:", "YYYY-MM-DD");
    }

  for (guint i = 0; i < G_N_ELEMENTS (unreal); i++)
    {
      g_assert_false (mc_validate_date ("Issue date", unreal[i], &date, &error));
      assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Issue date:", unreal[i]);
    }
}

static void
test_date_of_birth (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) today = make_date (2025, 7, 1);
  GDate dob;

  g_assert_true (mc_validate_date_of_birth ("1985-03-02", today, &dob, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_date_get_year (&dob), ==, 1985);
  g_assert_cmpuint (g_date_get_month (&dob), ==, 3);
  g_assert_cmpuint (g_date_get_day (&dob), ==, 2);

  /* Born today; and exactly 130 years ago. */
  g_assert_true (mc_validate_date_of_birth ("2025-07-01", today, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mc_validate_date_of_birth ("1895-07-01", today, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (mc_validate_date_of_birth ("2025-07-02", today, &dob, &error));
  assert_failed (error, MC_VALIDATE_ERROR_RANGE, "Date of birth:", "02/07/2025 is after today (01/07/2025)");
  g_assert_false (mc_validate_date_of_birth ("1895-06-30", today, &dob, &error));
  assert_failed (error, MC_VALIDATE_ERROR_RANGE, "Date of birth:", "130 years");
  g_assert_false (mc_validate_date_of_birth ("02/03/1985", today, &dob, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Date of birth:", "YYYY-MM-DD");
  g_assert_false (mc_validate_date_of_birth ("1985-02-30", today, &dob, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Date of birth:", "not a real date");
  g_assert_false (mc_validate_date_of_birth ("", today, &dob, &error));
  assert_failed (error, MC_VALIDATE_ERROR_REQUIRED, "Date of birth:", NULL);

  /* Without @today the real date is used. */
  g_assert_true (mc_validate_date_of_birth ("1985-03-02", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (mc_validate_date_of_birth ("2999-01-01", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_RANGE, "Date of birth:", "after today");
  g_assert_false (mc_validate_date_of_birth ("1800-01-01", NULL, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_RANGE, "Date of birth:", "130 years");
}

static void
test_received_at (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-23T09:15:00+07:00", NULL);
  g_autoptr(GDateTime) parsed = NULL;
  static const char * const accepted[] = {
    "2026-11-23T09:15:00+07:00",
    "2026-11-23T02:15:00Z",
    "2026-11-23 09:15:00+07",
    "2026-11-23T09:20:00+07:00",   /* exactly 5 minutes ahead: clock skew */
    "2000-01-01T00:00:00+07:00",
    "2015-06-30T16:00:00.250+07:00",
  };

  g_assert_true (mc_validate_received_at ("2026-11-23T08:00:00+07:00", now, &parsed, &error));
  g_assert_no_error (error);
  g_assert_nonnull (parsed);
  g_assert_cmpint (g_date_time_to_unix (parsed), ==,
                   g_date_time_to_unix (now) - 75 * 60);
  g_clear_pointer (&parsed, g_date_time_unref);

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      if (!mc_validate_received_at (accepted[i], now, NULL, &error))
        g_error ("“%s” rejected: %s", accepted[i], error->message);
    }

  g_assert_false (mc_validate_received_at ("2026-11-23T09:20:01+07:00", now, &parsed, &error));
  assert_failed (error, MC_VALIDATE_ERROR_RANGE, "Received time:", "in the future (23/11/2026 09:20:01");
  g_assert_false (mc_validate_received_at ("2026-11-23T09:15:00-07:00", now, &parsed, &error));
  assert_failed (error, MC_VALIDATE_ERROR_RANGE, "Received time:", "check the PC's clock");
  g_assert_false (mc_validate_received_at ("1999-12-31T23:59:59+07:00", now, &parsed, &error));
  assert_failed (error, MC_VALIDATE_ERROR_RANGE, "Received time:", "2000");

  /* No offset: ambiguous once the dossier leaves this PC. */
  g_assert_false (mc_validate_received_at ("2026-11-23T09:15:00", now, &parsed, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Received time:", "offset");
  g_assert_false (mc_validate_received_at ("2026-11-23", now, &parsed, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Received time:", NULL);
  g_assert_false (mc_validate_received_at ("23/11/2026 09:15", now, &parsed, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Received time:", "“23/11/2026 09:15”");
  g_assert_false (mc_validate_received_at (NULL, now, &parsed, &error));
  assert_failed (error, MC_VALIDATE_ERROR_REQUIRED, "Received time:", NULL);
  g_assert_false (mc_validate_received_at ("", now, &parsed, &error));
  assert_failed (error, MC_VALIDATE_ERROR_REQUIRED, "Received time:", NULL);

  g_assert_null (parsed);
}

static void
test_received_time (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) real_now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) hour_ago = g_date_time_add_hours (real_now, -1);
  g_autoptr(GDateTime) hour_ahead = g_date_time_add_hours (real_now, 1);

  /* NULL @now means the PC's clock. */
  g_assert_true (mc_validate_received_time (hour_ago, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (mc_validate_received_time (hour_ahead, NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_RANGE, "Received time:", "future");
  g_assert_true (mc_validate_received_time (hour_ahead, hour_ahead, &error));
  g_assert_no_error (error);
}

/* ---- names ------------------------------------------------------------ */

static void
test_full_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  static const char * const accepted[] = {
    "Nguyễn Văn Dũng",
    "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n Du\xcc\x83ng",   /* typed with combining marks */
    "  Lê   Hữu\tPhước  ",
    "Đặng Thị Ánh-Tuyết",
    "H’Hen Niê",
    "Y'Moan Ênuôl",
    "Nguyễn V. Dũng",
    "Иван Петров",
    "李小龍",
    "Ông",
  };

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      if (!mc_validate_full_name (accepted[i], &error))
        g_error ("“%s” rejected: %s", accepted[i], error->message);
    }

  g_assert_false (mc_validate_full_name (NULL, &error));
  assert_failed (error, MC_VALIDATE_ERROR_REQUIRED, "Full name:", NULL);
  g_assert_false (mc_validate_full_name ("", &error));
  assert_failed (error, MC_VALIDATE_ERROR_REQUIRED, "Full name:", NULL);
  g_assert_false (mc_validate_full_name (" \t\xc2\xa0 ", &error));
  assert_failed (error, MC_VALIDATE_ERROR_REQUIRED, "Full name:", NULL);

  g_assert_false (mc_validate_full_name ("Nguyễn Văn 2", &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Full name:", "“2”");
  g_assert_false (mc_validate_full_name ("Nguyễn Văn Dũng (chồng)", &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Full name:", "“(”");
  g_assert_false (mc_validate_full_name ("Dũng, Nguyễn", &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Full name:", "“,”");
  g_assert_false (mc_validate_full_name ("Dũng\x01", &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Full name:", "U+0001");
  g_assert_false (mc_validate_full_name ("- . -", &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Full name:", "letters");
  g_assert_false (mc_validate_full_name ("Dũng\xff", &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Full name:", NULL);

  /* 100 characters, counted after composing: 100 × "ễ" typed decomposed. */
  for (guint i = 0; i < 100; i++)
    g_string_append (name, "e\xcc\x82\xcc\x83");
  g_assert_true (mc_validate_full_name (name->str, &error));
  g_assert_no_error (error);
  g_string_append (name, "a");
  g_assert_false (mc_validate_full_name (name->str, &error));
  assert_failed (error, MC_VALIDATE_ERROR_FORMAT, "Full name:", "101");
}

int
main (int   argc,
      char *argv[])
{
  /* The messages are checked in the source language. */
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/id-kind", test_id_kind);
  g_test_add_func ("/validate/cccd/provinces", test_cccd_provinces);
  g_test_add_func ("/validate/cccd/valid", test_cccd_valid);
  g_test_add_func ("/validate/cccd/invalid", test_cccd_invalid);
  g_test_add_func ("/validate/cmnd", test_cmnd);
  g_test_add_func ("/validate/passport", test_passport);
  g_test_add_func ("/validate/phone/valid", test_phone_valid);
  g_test_add_func ("/validate/phone/invalid", test_phone_invalid);
  g_test_add_func ("/validate/email", test_email);
  g_test_add_func ("/validate/date", test_date);
  g_test_add_func ("/validate/date-of-birth", test_date_of_birth);
  g_test_add_func ("/validate/received-at", test_received_at);
  g_test_add_func ("/validate/received-time", test_received_time);
  g_test_add_func ("/validate/full-name", test_full_name);

  return g_test_run ();
}
