/* test-fees.c — fees (lệ phí, phí): the catalog's fee list (and its older
 * single fee), arithmetic with its caps, formatting in đồng, validation of
 * what the clerk collected and of a hostile `fees` array */
#include "config.h"

#include <string.h>

#include "mc-catalog.h"
#include "mc-fees.h"
#include "mc-limits.h"

static const char fees_doc[] =
  "{\"format\": 1, \"version\": \"f1\", \"procedures\": ["
  "  {\"code\": \"CT-HD\", \"name\": \"Chứng thực hợp đồng\", \"field\": \"Chứng thực\","
  "   \"processing_days\": 2, \"papers\": [],"
  "   \"fees\": [{\"name\": \"Phí chứng thực hợp đồng\", \"amount\": 50000, \"note\": \"đồng/hợp đồng\"},"
  "            {\"name\": \"Phí sửa đổi hợp đồng\", \"amount\": null, \"note\": \"theo HĐND tỉnh\"},"
  "            {\"name\": \"Lệ phí\", \"amount\": 0, \"exemption\": \"Người có công với cách mạng\"}]},"
  "  {\"code\": \"HT-B\", \"name\": \"Khai sinh\", \"field\": \"Hộ tịch\", \"processing_days\": 0,"
  "   \"fee\": 8000, \"fee_note\": \"đồng/bản\", \"papers\": []},"
  "  {\"code\": \"XH-1\", \"name\": \"Trợ cấp\", \"field\": \"Xã hội\", \"processing_days\": 0,"
  "   \"fees\": [], \"papers\": []}"
  "]}";

static McCatalog *
load (const char *doc)
{
  g_autoptr(GError) error = NULL;
  McCatalog *catalog = mc_catalog_new_from_data (doc, -1, &error);

  g_assert_no_error (error);
  return catalog;
}

static void
test_catalog_list (void)
{
  g_autoptr(McCatalog) catalog = load (fees_doc);
  McProcedure *p = mc_catalog_lookup (catalog, "CT-HD");
  GPtrArray *fees = mc_procedure_get_fees (p);
  McProcedureFee *f;

  g_assert_cmpuint (fees->len, ==, 3);
  f = fees->pdata[0];
  g_assert_cmpstr (f->name, ==, "Phí chứng thực hợp đồng");
  g_assert_cmpint (f->amount, ==, 50000);
  g_assert_cmpstr (f->note, ==, "đồng/hợp đồng");
  g_assert_null (f->exemption);
  f = fees->pdata[1];
  g_assert_cmpint (f->amount, ==, -1);
  f = fees->pdata[2];
  g_assert_cmpint (f->amount, ==, 0);
  g_assert_cmpstr (f->exemption, ==, "Người có công với cách mạng");

  /* The older form: one entry. */
  fees = mc_procedure_get_fees (mc_catalog_lookup (catalog, "HT-B"));
  g_assert_cmpuint (fees->len, ==, 1);
  g_assert_cmpint (((McProcedureFee *) fees->pdata[0])->amount, ==, 8000);
  g_assert_cmpstr (((McProcedureFee *) fees->pdata[0])->note, ==, "đồng/bản");

  /* Free: an empty list. */
  g_assert_cmpuint (mc_procedure_get_fees (mc_catalog_lookup (catalog, "XH-1"))->len, ==, 0);
}

static void
test_catalog_invalid (void)
{
  static const struct { const char *from; const char *to; const char *what; } cases[] = {
    { "\"amount\": 50000", "\"amount\": -1", "“amount”" },
    { "\"amount\": 50000", "\"amount\": 1000000001", "“amount”" },
    { "\"amount\": 50000", "\"amount\": \"50000\"", "“amount”" },
    { "\"amount\": 50000, ", "", "“amount”" },
    { "\"amount\": null, \"note\": \"theo HĐND tỉnh\"", "\"amount\": null", "“note”" },
    { "\"name\": \"Phí chứng thực hợp đồng\"", "\"name\": \"\"", "“name”" },
    { "\"note\": \"đồng/hợp đồng\"", "\"nota\": 1", "“nota”" },
    { "\"fees\": []", "\"fees\": [], \"fee\": 0", "not both" },
    { "\"fees\": []", "\"fees\": [1]", "JSON object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *doc = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(McCatalog) catalog = NULL;
      char *at = strstr (fees_doc, cases[i].from);

      g_assert_nonnull (at);
      doc = g_strdup_printf ("%.*s%s%s", (int) (at - fees_doc), fees_doc, cases[i].to, at + strlen (cases[i].from));
      catalog = mc_catalog_new_from_data (doc, -1, &error);
      g_test_message ("%s → %s: %s", cases[i].from, cases[i].to, error ? error->message : "(loaded)");
      g_assert_null (catalog);
      g_assert_error (error, MC_CATALOG_ERROR, MC_CATALOG_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].what));
    }
}

static void
test_catalog_too_many (void)
{
  g_autoptr(GString) doc = g_string_new ("{\"format\": 1, \"version\": \"x\", \"procedures\": [{\"code\": \"A\","
                                         " \"name\": \"A\", \"field\": \"B\", \"processing_days\": 0,"
                                         " \"papers\": [], \"fees\": [");
  g_autoptr(GError) error = NULL;
  g_autoptr(McCatalog) catalog = NULL;

  for (int i = 0; i <= MC_LIMIT_FEES; i++)
    g_string_append_printf (doc, "%s{\"name\": \"P%d\", \"amount\": 1}", i ? "," : "", i);
  g_string_append (doc, "]}]}");
  catalog = mc_catalog_new_from_data (doc->str, -1, &error);
  g_assert_null (catalog);
  g_assert_error (error, MC_CATALOG_ERROR, MC_CATALOG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“fees”"));
}

static void
test_defaults (void)
{
  g_autoptr(McCatalog) catalog = load (fees_doc);
  g_autoptr(GPtrArray) fees = mc_fees_from_procedure (mc_catalog_lookup (catalog, "CT-HD"));
  McFee *f;

  /* The amount the province sets is left for the clerk to type. */
  g_assert_cmpuint (fees->len, ==, 2);
  f = fees->pdata[0];
  g_assert_cmpstr (f->name, ==, "Phí chứng thực hợp đồng");
  g_assert_cmpint (f->amount, ==, 50000);
  g_assert_false (f->exempt);
  f = fees->pdata[1];
  g_assert_cmpstr (f->name, ==, "Lệ phí");
  g_assert_cmpint (f->amount, ==, 0);
}

static void
test_arithmetic (void)
{
  g_autoptr(GPtrArray) fees = mc_fees_new ();
  g_autoptr(GError) error = NULL;
  gint64 out = -7;

  g_assert_true (mc_fees_add (0, 0, &out));
  g_assert_cmpint (out, ==, 0);
  g_assert_true (mc_fees_add (MC_LIMIT_FEES_TOTAL - 1, 1, &out));
  g_assert_cmpint (out, ==, MC_LIMIT_FEES_TOTAL);
  out = -7;
  g_assert_false (mc_fees_add (MC_LIMIT_FEES_TOTAL, 1, &out));
  g_assert_false (mc_fees_add (1, G_MAXINT64, &out));
  g_assert_false (mc_fees_add (G_MAXINT64, G_MAXINT64, &out));
  g_assert_false (mc_fees_add (-1, 5, &out));
  g_assert_false (mc_fees_add (5, G_MININT64, &out));
  g_assert_cmpint (out, ==, -7);

  g_ptr_array_add (fees, mc_fee_new ("A", 50000, FALSE, NULL));
  g_ptr_array_add (fees, mc_fee_new ("B", 0, TRUE, "Hộ nghèo"));
  g_ptr_array_add (fees, mc_fee_new ("C", 2500, FALSE, NULL));
  g_assert_true (mc_fees_total (fees, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpint (out, ==, 52500);

  /* Amounts that pass the cap on purpose: refused, not wrapped. */
  for (int i = 0; i < 12; i++)
    g_ptr_array_add (fees, mc_fee_new ("Big", MC_LIMIT_FEE_AMOUNT, FALSE, NULL));
  g_assert_false (mc_fees_total (fees, &out, &error));
  g_assert_error (error, MC_FEES_ERROR, MC_FEES_ERROR_INVALID);
  g_assert_cmpint (out, ==, 52500);
}

static void
test_format (void)
{
  static const struct { gint64 amount; const char *text; } cases[] = {
    { 0, "0 đồng" }, { 5, "5 đồng" }, { 999, "999 đồng" }, { 1000, "1.000 đồng" },
    { 50000, "50.000 đồng" }, { 200000, "200.000 đồng" }, { 1234567, "1.234.567 đồng" },
    { 1000000000, "1.000.000.000 đồng" }, { G_MAXINT64, "9.223.372.036.854.775.807 đồng" },
    { -1500, "-1.500 đồng" }, { G_MININT64, "-9.223.372.036.854.775.808 đồng" },
  };
  g_autoptr(GPtrArray) fees = mc_fees_new ();
  g_autoptr(McFee) exempt = mc_fee_new ("Lệ phí", 0, TRUE, "Trẻ em");
  g_autofree char *list = NULL;
  g_autofree char *total = NULL;
  g_autofree char *exempt_text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = mc_fees_format_amount (cases[i].amount);

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  exempt_text = mc_fee_format (exempt);
  g_assert_cmpstr (exempt_text, ==, "Exempt");   /* "Miễn" in Vietnamese: checked by the CLI test */
  g_assert_null (mc_fees_format_list (fees));
  g_assert_null (mc_fees_format_total (fees));
  g_ptr_array_add (fees, mc_fee_copy (exempt));
  total = mc_fees_format_total (fees);
  g_assert_cmpstr (total, ==, "Exempt");
  g_clear_pointer (&total, g_free);
  g_ptr_array_add (fees, mc_fee_new ("Phí chứng thực", 10000, FALSE, NULL));
  total = mc_fees_format_total (fees);
  g_assert_cmpstr (total, ==, "10.000 đồng");
  list = mc_fees_format_list (fees);
  g_assert_cmpstr (list, ==, "Lệ phí: Exempt; Phí chứng thực: 10.000 đồng");
}

static void
test_validate (void)
{
  static const struct { const char *name; gint64 amount; gboolean exempt; const char *reason; const char *path; } cases[] = {
    { "", 1000, FALSE, NULL, "fees[0].name" },
    { "  ", 1000, FALSE, NULL, "fees[0].name" },
    { "A", -1, FALSE, NULL, "fees[0].amount" },
    { "A", MC_LIMIT_FEE_AMOUNT + 1, FALSE, NULL, "fees[0].amount" },
    { "A", 0, TRUE, NULL, "fees[0].reason" },
    { "A", 0, TRUE, " ", "fees[0].reason" },
    { "A", 5000, TRUE, "Hộ nghèo", "fees[0].amount" },
    { "A", 5000, FALSE, "Hộ nghèo", "fees[0].reason" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) fees = mc_fees_new ();
      g_autoptr(GError) error = NULL;

      g_ptr_array_add (fees, mc_fee_new (cases[i].name, cases[i].amount, cases[i].exempt, cases[i].reason));
      g_assert_false (mc_fees_validate (fees, &error));
      g_test_message ("%s", error->message);
      g_assert_error (error, MC_FEES_ERROR, MC_FEES_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, cases[i].path));
    }

  {
    g_autoptr(GPtrArray) fees = mc_fees_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *long_name = NULL;
    GString *s = g_string_new (NULL);

    for (int i = 0; i <= MC_LIMIT_FEE_NAME_CHARS; i++)
      g_string_append (s, "đ");
    long_name = g_string_free (s, FALSE);
    g_ptr_array_add (fees, mc_fee_new ("Phí", 0, TRUE, "Hộ nghèo"));
    g_assert_true (mc_fees_validate (fees, &error));
    g_ptr_array_add (fees, mc_fee_new (long_name, 1, FALSE, NULL));
    g_assert_false (mc_fees_validate (fees, &error));
    g_assert_true (g_str_has_prefix (error->message, "fees[1].name"));
  }
}

static GPtrArray *
parse (const char *text,
       GError    **error)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return mc_fees_from_json (node, error);
}

static void
test_json (void)
{
  static const struct { const char *json; const char *path; } bad[] = {
    { "{}", "fees" },
    { "[1]", "fees[0]" },
    { "[{\"name\": \"A\"}]", "fees[0]" },
    { "[{\"name\": \"A\", \"amount\": 1.5}]", "fees[0]" },
    { "[{\"name\": \"A\", \"amount\": \"1000\"}]", "fees[0]" },
    { "[{\"name\": 3, \"amount\": 1000}]", "fees[0]" },
    { "[{\"name\": \"A\", \"amount\": 1000, \"paid_by\": \"x\"}]", "fees[0]" },
    { "[{\"name\": \"A\", \"amount\": 1000, \"exempt\": \"yes\"}]", "fees[0]" },
    { "[{\"name\": \"A\", \"amount\": 0, \"exempt\": true}]", "fees[0].reason" },
    { "[{\"name\": \"A\", \"amount\": 9223372036854775807}]", "fees[0].amount" },
    { "[{\"name\": \"A\", \"amount\": 1000}, {\"name\": \"B\", \"amount\": -5}]", "fees[1].amount" },
  };
  g_autoptr(GPtrArray) fees = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(GString) many = g_string_new ("[");
  g_autofree char *text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GPtrArray) none = NULL;
      g_autoptr(GError) e = NULL;

      none = parse (bad[i].json, &e);
      g_test_message ("%s: %s", bad[i].json, e != NULL ? e->message : "(accepted)");
      g_assert_null (none);
      g_assert_error (e, MC_FEES_ERROR, MC_FEES_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (e->message, bad[i].path));
    }

  for (int i = 0; i <= MC_LIMIT_FEES; i++)
    g_string_append_printf (many, "%s{\"name\": \"P\", \"amount\": 1}", i ? "," : "");
  g_string_append_c (many, ']');
  fees = parse (many->str, &error);
  g_assert_null (fees);
  g_assert_error (error, MC_FEES_ERROR, MC_FEES_ERROR_INVALID);
  g_clear_error (&error);

  fees = parse ("[{\"name\": \"Phí chứng thực\", \"amount\": 10000},"
                " {\"name\": \"Lệ phí\", \"amount\": 0, \"exempt\": true, \"reason\": \"Hộ nghèo\"},"
                " {\"name\": \"Phí khác\", \"amount\": 500, \"exempt\": false, \"reason\": null}]", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fees->len, ==, 3);
  g_assert_true (((McFee *) fees->pdata[1])->exempt);
  g_assert_cmpstr (((McFee *) fees->pdata[1])->reason, ==, "Hộ nghèo");
  back = mc_fees_to_json (fees);
  text = json_to_string (back, FALSE);
  g_assert_cmpstr (text, ==,
                   "[{\"name\":\"Phí chứng thực\",\"amount\":10000,\"exempt\":false,\"reason\":null},"
                   "{\"name\":\"Lệ phí\",\"amount\":0,\"exempt\":true,\"reason\":\"Hộ nghèo\"},"
                   "{\"name\":\"Phí khác\",\"amount\":500,\"exempt\":false,\"reason\":null}]");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fees/catalog-list", test_catalog_list);
  g_test_add_func ("/fees/catalog-invalid", test_catalog_invalid);
  g_test_add_func ("/fees/catalog-too-many", test_catalog_too_many);
  g_test_add_func ("/fees/defaults", test_defaults);
  g_test_add_func ("/fees/arithmetic", test_arithmetic);
  g_test_add_func ("/fees/format", test_format);
  g_test_add_func ("/fees/validate", test_validate);
  g_test_add_func ("/fees/json", test_json);

  return g_test_run ();
}
