/* test-canon.c — canonical JSON and the body hash (docs/sync-protocol.md §6) */
#include "config.h"

#include <string.h>

#include "mc-canon.h"

static char *
canon_text (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = mc_canon_from_data (json, -1, &error);
  gsize size;
  const char *data;

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &size);
  return g_strndup (data, size);
}

static void
assert_canon (const char *json,
              const char *expected)
{
  g_autofree char *text = canon_text (json);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_invalid (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = mc_canon_from_data (json, -1, &error);

  g_assert_null (bytes);
  g_assert_error (error, MC_CANON_ERROR, MC_CANON_ERROR_INVALID);
}

static void
test_canon_vector (void)
{
  /* The vector of §6, with "Á" decomposed as A + U+0301. */
  const char *input = "{ \"b\": \"Ti\xe1\xba\xbfp nh\xe1\xba\xadn\",\n"
                      "  \"a\": [2, {\"y\": null, \"x\": \"A\\u0301nh\"}] }";
  static const guint8 expected[] = {
    0x7b, 0x22, 0x61, 0x22, 0x3a, 0x5b, 0x32, 0x2c, 0x7b, 0x22, 0x78, 0x22,
    0x3a, 0x22, 0xc3, 0x81, 0x6e, 0x68, 0x22, 0x7d, 0x5d, 0x2c, 0x22, 0x62,
    0x22, 0x3a, 0x22, 0x54, 0x69, 0xe1, 0xba, 0xbf, 0x70, 0x20, 0x6e, 0x68,
    0xe1, 0xba, 0xad, 0x6e, 0x22, 0x7d,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = mc_canon_from_data (input, -1, &error);
  g_autofree char *hash = NULL;
  gsize size;
  const guint8 *data;

  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &size);
  g_assert_cmpmem (data, size, expected, sizeof expected);
  g_assert_cmpuint (size, ==, 42);

  hash = mc_canon_sha256_hex (bytes);
  g_assert_cmpstr (hash, ==, "2cd48674f4cd564be862d4fdfa8bb3007ed83a471d31faf8c4b4c3728533b4b5");
}

static void
test_canon_dossier_example (void)
{
  /* The dossier example of §7.5. */
  const char *input =
    "{\n"
    "  \"uuid\": \"3f1c9a52-8d47-4b1e-9f0a-6c2d5e7b8a19\",\n"
    "  \"revision\": 1,\n"
    "  \"code\": \"000.00.12.H29-261123-1000\",\n"
    "  \"procedure_code\": \"HT-KS\",\n"
    "  \"procedure_national_code\": \"1.001193\",\n"
    "  \"procedure_name\": \"\xc4""\x90""\xc4""\x83""ng k\xc3""\xbd"" khai sinh\",\n"
    "  \"procedure_field\": \"H\xe1""\xbb""\x99"" t\xe1""\xbb""\x8b""ch\",\n"
    "  \"processing_days\": 0,\n"
    "  \"applicant\": {\n"
    "    \"full_name\": \"\xc4""\x90""\xe1""\xba""\xb7""ng Th\xe1""\xbb""\x8b"" \xc3""\x81""nh\",\n"
    "    \"id_kind\": \"cccd\",\n"
    "    \"id_number\": \"001185012345\",\n"
    "    \"date_of_birth\": \"1985-03-02\",\n"
    "    \"phone\": \"0912345678\",\n"
    "    \"address\": \"Th\xc3""\xb4""n 3, x\xc3""\xa3"" T\xc3""\xa2""n L\xe1""\xba""\xad""p\",\n"
    "    \"email\": null\n"
    "  },\n"
    "  \"received_at\": \"2026-11-23T09:15:00+07:00\",\n"
    "  \"received_by\": \"lan.nt\",\n"
    "  \"backdate_reason\": \"M\xe1""\xba""\xa5""t m\xe1""\xba""\xa1""ng, nh\xe1""\xba""\xad""n h\xe1""\xbb""\x93"" s\xc6""\xa1"" gi\xe1""\xba""\xa5""y\",\n"
    "  \"due_date\": \"2026-11-23\",\n"
    "  \"sets\": 1,\n"
    "  \"papers\": [\n"
    "    {\"name\": \"T\xe1""\xbb""\x9d"" khai \xc4""\x91""\xc4""\x83""ng k\xc3""\xbd"" khai sinh\", \"form\": \"original\", \"copies\": 1},\n"
    "    {\"name\": \"Gi\xe1""\xba""\xa5""y ch\xe1""\xbb""\xa9""ng sinh\", \"form\": \"original\", \"copies\": 1}\n"
    "  ],\n"
    "  \"notes\": null,\n"
    "  \"attachments\": [\n"
    "    {\"name\": \"giay-chung-sinh.pdf\",\n"
    "     \"sha256\": \"9b2f6c1e0d8a4f3b7c5e2a1d0f9e8c7b6a5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b\",\n"
    "     \"size\": 482133, \"mime_type\": \"application/pdf\", \"paper\": \"Gi\xe1""\xba""\xa5""y ch\xe1""\xbb""\xa9""ng sinh\"}\n"
    "  ]\n"
    "}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = mc_canon_from_data (input, -1, &error);
  g_autofree char *hash = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 920);
  hash = mc_canon_sha256_hex (bytes);
  g_assert_cmpstr (hash, ==, "561a9b033e8a68cbd48f2a9a1d4333cdd5aafa15aff807d7f84f2bb0b433594e");
}

static void
test_canon_from_node (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "b");
  json_builder_add_string_value (builder, "Ti\xe1\xba\xbfp nh\xe1\xba\xadn");
  json_builder_set_member_name (builder, "a");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, 2);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "y");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "x");
  json_builder_add_string_value (builder, "A\xcc\x81nh");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  bytes = mc_canon_from_node (root, &error);
  g_assert_no_error (error);
  hash = mc_canon_sha256_hex (bytes);
  g_assert_cmpstr (hash, ==, "2cd48674f4cd564be862d4fdfa8bb3007ed83a471d31faf8c4b4c3728533b4b5");
}

static void
test_canon_escapes (void)
{
  assert_canon ("[\"a\\\"b\\\\c\"]", "[\"a\\\"b\\\\c\"]");
  assert_canon ("[\"\\b\\t\\n\\f\\r\"]", "[\"\\b\\t\\n\\f\\r\"]");
  assert_canon ("[\"\\u0001\\u001f\\u000B\"]", "[\"\\u0001\\u001f\\u000b\"]");
  /* No escapes for "/", DEL, non-ASCII, U+2028, U+2029. */
  assert_canon ("[\"\\/x\\u007f\\u00e9\\u2028\\u2029\"]",
                "[\"/x\x7f\xc3\xa9\xe2\x80\xa8\xe2\x80\xa9\"]");
  assert_canon ("[true,false,0,-0,-12,9007199254740992]",
                "[true,false,0,0,-12,9007199254740992]");
}

static void
test_canon_nfc (void)
{
  g_autofree char *nfd = canon_text ("{\"n\\u0301\": \"Vie\\u0323\\u0302t\"}");
  g_autofree char *nfc = canon_text ("{\"\\u0144\": \"Vi\xe1\xbb\x87t\"}");

  g_assert_cmpstr (nfd, ==, nfc);
  g_assert_cmpstr (nfc, ==, "{\"\xc5\x84\":\"Vi\xe1\xbb\x87t\"}");
}

static void
test_canon_nulls (void)
{
  g_autofree char *with_nulls = canon_text ("{\"a\": {\"b\": null, \"c\": [{\"d\": null, \"e\": 1}]}, \"z\": null}");
  g_autofree char *without = canon_text ("{\"a\": {\"c\": [{\"e\": 1}]}}");

  g_assert_cmpstr (with_nulls, ==, without);
  g_assert_cmpstr (without, ==, "{\"a\":{\"c\":[{\"e\":1}]}}");
  assert_canon ("{\"a\": {\"b\": null}}", "{\"a\":{}}");
}

static void
test_canon_sorting (void)
{
  assert_canon ("{\"b\": {\"z\": 1, \"a\": {\"y\": 2, \"B\": 3, \"_\": 4}}, \"a\": [3, 1, 2], \"A\": 0}",
                "{\"A\":0,\"a\":[3,1,2],\"b\":{\"a\":{\"B\":3,\"_\":4,\"y\":2},\"z\":1}}");
  /* Byte order of UTF-8, not code-point collation. */
  assert_canon ("{\"\xc3\xa9\": 1, \"z\": 2, \"e\": 3}", "{\"e\":3,\"z\":2,\"\xc3\xa9\":1}");
}

static void
test_canon_invalid (void)
{
  assert_invalid ("[1, null]");
  assert_invalid ("{\"a\": [null]}");
  assert_invalid ("{\"a\": 1.5}");
  assert_invalid ("{\"a\": 1e2}");
  assert_invalid ("{\"a\": 9007199254740993}");
  assert_invalid ("{\"a\": 1, \"a\": 2}");
  assert_invalid ("{\"b\": {\"a\": 1, \"a\": 1}}");
  /* Two names equal after NFC are duplicates too. */
  assert_invalid ("{\"\\u0144\": 1, \"n\\u0301\": 2}");
  assert_invalid ("{\"a\": ");
  assert_invalid ("");
  assert_invalid ("null");
  assert_invalid ("[\"\xff\"]");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/canon/vector", test_canon_vector);
  g_test_add_func ("/canon/from-node", test_canon_from_node);
  g_test_add_func ("/canon/dossier-example", test_canon_dossier_example);
  g_test_add_func ("/canon/escapes", test_canon_escapes);
  g_test_add_func ("/canon/nfc", test_canon_nfc);
  g_test_add_func ("/canon/nulls", test_canon_nulls);
  g_test_add_func ("/canon/sorting", test_canon_sorting);
  g_test_add_func ("/canon/invalid", test_canon_invalid);

  return g_test_run ();
}
