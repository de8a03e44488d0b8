/* test-json.c — the bounded JSON reader (issue 13, rows 1, 2, 10 and 12) */
#include <string.h>

#include "mc-canon.h"
#include "mc-catalog.h"
#include "mc-calendar.h"
#include "mc-json.h"
#include "mc-limits.h"
#include "mc-validate.h"

static char *
nested (guint depth)
{
  GString *s = g_string_new ("{\"a\":");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  g_string_append_c (s, '1');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

static void
assert_refused (const char *text,
                McJsonError code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = mc_json_parse (text, -1, 1024 * 1024, &error);

  if (node != NULL)
    g_error ("accepted: %s", text);
  g_assert_error (error, MC_JSON_ERROR, (gint) code);
}

static void
assert_accepted (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = mc_json_parse (text, -1, 1024 * 1024, &error);

  if (error != NULL)
    g_error ("refused %s: %s", text, error->message);
  g_assert_nonnull (node);
}

/* Row 1/2: 100 000 levels crashed json-glib (stack overflow). */
static void
test_json_depth (void)
{
  g_autofree char *deep = nested (100000);
  g_autofree char *at_limit = nested (MC_LIMIT_JSON_DEPTH - 1);
  g_autofree char *over = nested (MC_LIMIT_JSON_DEPTH);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) canon = NULL;
  g_autoptr(McCatalog) catalog = NULL;
  g_autoptr(McCalendar) calendar = mc_calendar_new ();

  assert_refused (deep, MC_JSON_ERROR_TOO_DEEP);
  assert_accepted (at_limit);
  assert_refused (over, MC_JSON_ERROR_TOO_DEEP);

  /* Every reader of outside JSON goes through it. */
  canon = mc_canon_parse (deep, -1, &error);
  g_assert_null (canon);
  g_assert_error (error, MC_CANON_ERROR, MC_CANON_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "deep"));
  g_clear_error (&error);
  catalog = mc_catalog_new_from_data (deep, -1, &error);
  g_assert_null (catalog);
  g_assert_error (error, MC_CATALOG_ERROR, MC_CATALOG_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_false (mc_calendar_load_data (calendar, deep, -1, &error));
  g_assert_nonnull (error);
}

/* Row 12: trailing text, a second document, comments, NUL. */
static void
test_json_strict (void)
{
  assert_accepted (" {\"a\": [1, -2.5e3, true, false, null, \"x\\u00e9\\n\"]}\n ");
  assert_accepted ("[]");
  assert_accepted ("{}");
  assert_accepted ("\"s\"");
  assert_refused ("{\"a\":1} x", MC_JSON_ERROR_INVALID);
  assert_refused ("{\"a\":1}{}", MC_JSON_ERROR_INVALID);
  assert_refused ("{\"a\":1} /* c */", MC_JSON_ERROR_INVALID);
  assert_refused ("{\"name\":\"Nguy\\u0000n\"}", MC_JSON_ERROR_INVALID);
  assert_refused ("{\"a\":\"tab\there\"}", MC_JSON_ERROR_INVALID);
  assert_refused ("{\"a\":1,}", MC_JSON_ERROR_INVALID);
  assert_refused ("[1,]", MC_JSON_ERROR_INVALID);
  assert_refused ("{\"a\" 1}", MC_JSON_ERROR_INVALID);
  assert_refused ("{\"a\":01}", MC_JSON_ERROR_INVALID);
  assert_refused ("{\"a\":\"x\\q\"}", MC_JSON_ERROR_INVALID);
  assert_refused ("{\"a\":\"x", MC_JSON_ERROR_INVALID);
  assert_refused ("[[[", MC_JSON_ERROR_INVALID);
  assert_refused ("{\"a\":1]", MC_JSON_ERROR_INVALID);
  assert_refused ("", MC_JSON_ERROR_INVALID);
  assert_refused ("{\"a\":1,\"a\":2}", MC_JSON_ERROR_INVALID);

  {
    /* A NUL byte inside the given length. */
    g_autoptr(GError) error = NULL;
    g_assert_null (mc_json_parse ("{\"a\":\"x\0y\"}", 11, 1024, &error));
    g_assert_error (error, MC_JSON_ERROR, MC_JSON_ERROR_INVALID);
  }
}

static void
test_json_size (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = mc_json_parse ("[1, 2, 3]", -1, 8, &error);

  g_assert_null (node);
  g_assert_error (error, MC_JSON_ERROR, MC_JSON_ERROR_TOO_LARGE);
}

/* Row 10: /dev/zero is refused at the cap, not read forever. */
static void
test_json_read_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gint64 start = g_get_monotonic_time ();
  gsize len = 0;

  data = mc_json_read_file ("/dev/zero", 1024 * 1024, &len, &error);
  g_assert_null (data);
  g_assert_error (error, MC_JSON_ERROR, MC_JSON_ERROR_TOO_LARGE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
  g_clear_error (&error);

  data = mc_json_read_file ("/nonexistent/x.json", 1024, &len, &error);
  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* Row 12: T09:15:60 was read as :59. */
static void
test_leap_second (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 24, 0, 0, 0);
  g_autoptr(GDateTime) ok = NULL;
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (mc_validate_received_at ("2026-11-23T09:15:60+07:00", now, &parsed, &error));
  g_assert_error (error, MC_VALIDATE_ERROR, MC_VALIDATE_ERROR_FORMAT);
  g_assert_null (parsed);
  g_clear_error (&error);
  g_assert_null (mc_validate_parse_time ("2026-11-23T091560+07:00", NULL));
  g_assert_true (mc_validate_received_at ("2026-11-23T09:15:59+07:00", now, &ok, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_date_time_get_second (ok), ==, 59);
  g_clear_pointer (&ok, g_date_time_unref);
  ok = mc_validate_parse_time ("2026-11-23T09:06:00+07:00", NULL);
  g_assert_nonnull (ok);
  g_assert_cmpint (g_date_time_get_minute (ok), ==, 6);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json/depth", test_json_depth);
  g_test_add_func ("/json/strict", test_json_strict);
  g_test_add_func ("/json/size", test_json_size);
  g_test_add_func ("/json/read-file", test_json_read_file);
  g_test_add_func ("/json/leap-second", test_leap_second);
  return g_test_run ();
}
