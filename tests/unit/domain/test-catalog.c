/* test-catalog.c — the procedure catalog: bundled sample, lookup, search,
 * validation of imported documents, JSON round trip */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mc-catalog.h"
#include "mc-text.h"

/* Two procedures: the first with every optional member, the second with the
 * least a valid procedure may have. */
static const char base_doc[] =
  "{\"format\": 1, \"version\": \"t1\", \"sample\": false, \"source\": \"test\", \"note\": null,"
  " \"procedures\": ["
  "  {\"code\": \"HT-A\", \"national_code\": \"1.001193\", \"name\": \"Đăng ký lại khai sinh\","
  "   \"field\": \"Hộ tịch\", \"processing_days\": 5, \"cutoff\": \"15:00\", \"fee\": 8000,"
  "   \"fee_note\": \"đồng/bản\", \"result_place\": \"Bộ phận Một cửa UBND xã\","
  "   \"papers\": [{\"name\": \"Tờ khai\", \"form\": \"original\", \"copies\": 2, \"required\": true,"
  "                 \"note\": \"theo mẫu\"},"
  "                {\"name\": \"Giấy tờ tùy thân\", \"form\": \"certified_copy\", \"required\": false}]},"
  "  {\"code\": \"HT-B\", \"name\": \"Khai sinh cho trẻ bị bỏ rơi\", \"field\": \"Hộ tịch\","
  "   \"processing_days\": 0, \"fee\": null, \"fee_note\": \"Theo nghị quyết của HĐND tỉnh\","
  "   \"papers\": []}"
  " ]}";

static McCatalog *
load_or_fail (const char *data)
{
  g_autoptr(GError) error = NULL;
  McCatalog *catalog = mc_catalog_new_from_data (data, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  return catalog;
}

static McProcedure *
nth (McCatalog *catalog,
     guint      i)
{
  g_autoptr(McProcedure) procedure = g_list_model_get_item (mc_catalog_get_procedures (catalog), i);

  /* The catalog keeps its own reference. */
  return procedure;
}

static void
test_bundled (void)
{
  g_autoptr(McCatalog) catalog = mc_catalog_new_bundled ();
  g_autoptr(GBytes) bytes = mc_catalog_get_bundled_data ();
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *model = mc_catalog_get_procedures (catalog);
  guint n = g_list_model_get_n_items (model);

  g_assert_nonnull (bytes);
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 0);
  g_assert_true (mc_catalog_is_sample (catalog));
  g_assert_cmpstr (mc_catalog_get_version (catalog), !=, "");
  g_assert_true (g_list_model_get_item_type (model) == MC_TYPE_PROCEDURE);
  g_assert_cmpuint (n, >=, 15);

  for (guint i = 0; i < n; i++)
    {
      McProcedure *procedure = nth (catalog, i);
      const char *code = mc_procedure_get_code (procedure);
      GPtrArray *papers = mc_procedure_get_papers (procedure);
      g_autofree char *folded = mc_text_fold (mc_procedure_get_name (procedure));

      g_test_message ("%s %s", code, mc_procedure_get_name (procedure));
      g_assert_false (g_hash_table_contains (codes, code));
      g_hash_table_add (codes, (gpointer) code);
      g_assert_cmpuint (strlen (mc_procedure_get_name (procedure)), >, 0);
      g_assert_cmpuint (strlen (mc_procedure_get_field (procedure)), >, 0);
      g_assert_cmpstr (mc_procedure_get_search_key (procedure), ==, folded);
      g_assert_cmpuint (mc_procedure_get_processing_days (procedure), <=, 365);
      for (guint j = 0; j < mc_procedure_get_fees (procedure)->len; j++)
        {
          McProcedureFee *fee = g_ptr_array_index (mc_procedure_get_fees (procedure), j);

          g_assert_cmpuint (strlen (fee->name), >, 0);
          g_assert_true (fee->amount >= 0 || fee->note != NULL);
        }
      g_assert_cmpuint (papers->len, >, 0);
      for (guint j = 0; j < papers->len; j++)
        {
          McRequiredPaper *paper = g_ptr_array_index (papers, j);

          g_assert_cmpuint (strlen (paper->name), >, 0);
          g_assert_cmpuint (paper->copies, >=, 1);
        }
      g_assert_true (mc_catalog_lookup (catalog, code) == procedure);
    }
}

static void
test_bundled_known_codes (void)
{
  /* National codes listed in DOMAIN.md. */
  static const struct { const char *national; const char *name; } known[] = {
    { "1.001193", "Đăng ký khai sinh" },
    { "1.000894", "Đăng ký kết hôn" },
    { "1.000656", "Đăng ký khai tử" },
    { "1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân" },
    { "1.001022", "Đăng ký nhận cha, mẹ, con" },
    { "1.004884", "Đăng ký lại khai sinh" },
    { "2.000635", "Cấp bản sao trích lục hộ tịch" },
    { "1.004837", "Đăng ký giám hộ" },
    { "2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản" },
    { "2.000884", "Chứng thực chữ ký trong giấy tờ, văn bản" },
    { "2.001019", "Chứng thực di chúc" },
  };
  g_autoptr(McCatalog) catalog = mc_catalog_new_bundled ();
  McProcedure *birth;

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      McProcedure *procedure = mc_catalog_lookup (catalog, known[i].national);

      g_assert_nonnull (procedure);
      g_assert_cmpstr (mc_procedure_get_name (procedure), ==, known[i].name);
      g_assert_cmpstr (mc_procedure_get_national_code (procedure), ==, known[i].national);
    }

  birth = mc_catalog_lookup (catalog, "1.001193");
  g_assert_cmpstr (mc_procedure_get_code (birth), ==, "HT-KS");
  g_assert_cmpuint (mc_procedure_get_processing_days (birth), ==, 0);
  g_assert_cmpstr (mc_procedure_get_field (birth), ==, "Hộ tịch");
  g_assert_cmpstr (((McRequiredPaper *) mc_procedure_get_papers (birth)->pdata[0])->name, ==,
                   "Tờ khai đăng ký khai sinh");

  g_assert_cmpstr (mc_procedure_get_cutoff (mc_catalog_lookup (catalog, "CT-BS")), ==, "15:00");
}

static void
test_lookup (void)
{
  g_autoptr(McCatalog) catalog = load_or_fail (base_doc);
  McProcedure *a = nth (catalog, 0);
  McProcedure *b = nth (catalog, 1);

  g_assert_true (mc_catalog_lookup (catalog, "HT-A") == a);
  g_assert_true (mc_catalog_lookup (catalog, "ht-a") == a);
  g_assert_true (mc_catalog_lookup (catalog, "HT-B") == b);
  g_assert_true (mc_catalog_lookup (catalog, "1.001193") == a);
  /* Exact codes only: a province's suffixed code is another code. */
  g_assert_null (mc_catalog_lookup (catalog, "1.001193.000.00.00.H14"));
  g_assert_null (mc_catalog_lookup (catalog, "1.00119"));
  g_assert_null (mc_catalog_lookup (catalog, "1.0011934"));
  g_assert_null (mc_catalog_lookup (catalog, "HT-C"));
  g_assert_null (mc_catalog_lookup (catalog, ""));
  g_assert_null (mc_catalog_lookup (catalog, NULL));
}

static void
assert_search (McCatalog  *catalog,
               const char *query,
               const char *first_code,
               guint       n_expected)
{
  g_autoptr(GPtrArray) results = mc_catalog_search (catalog, query);
  g_auto(GStrv) words = NULL;
  g_autofree char *folded = mc_text_fold (query);

  g_test_message ("search “%s”: %u results", query, results->len);
  words = g_strsplit (folded, " ", -1);
  if (n_expected != G_MAXUINT)
    g_assert_cmpuint (results->len, ==, n_expected);
  if (first_code != NULL)
    {
      g_assert_cmpuint (results->len, >, 0);
      g_assert_cmpstr (mc_procedure_get_code (results->pdata[0]), ==, first_code);
    }
  for (guint i = 0; i < results->len; i++)
    for (guint w = 0; words[w] != NULL; w++)
      g_assert_nonnull (strstr (mc_procedure_get_search_key (results->pdata[i]), words[w]));
}

static void
test_search_bundled (void)
{
  g_autoptr(McCatalog) catalog = mc_catalog_new_bundled ();
  guint n = g_list_model_get_n_items (mc_catalog_get_procedures (catalog));

  assert_search (catalog, "khai sinh", "HT-KS", 2);
  assert_search (catalog, "KHAI SINH", "HT-KS", 2);
  assert_search (catalog, "  Khai   Sinh ", "HT-KS", 2);
  assert_search (catalog, "chung thuc ban sao", "CT-BS", 1);
  assert_search (catalog, "chứng thực bản sao", "CT-BS", 1);
  assert_search (catalog, "đăng ký kết", "HT-KH", 2);
  assert_search (catalog, "dang ky ket", "HT-KH", 2);
  assert_search (catalog, "ĐĂNG KÝ KẾT HÔN", "HT-KH", 2);
  assert_search (catalog, "chung thuc", NULL, 4);
  assert_search (catalog, "ket hon khai sinh", NULL, 0);
  assert_search (catalog, "xyzzy", NULL, 0);
  assert_search (catalog, "", NULL, n);
  assert_search (catalog, "   ", NULL, n);
}

static void
test_search_ranking (void)
{
  g_autoptr(McCatalog) catalog = load_or_fail (base_doc);
  g_autoptr(GPtrArray) results = NULL;

  /* HT-B starts with the query, so it comes before HT-A despite catalog order. */
  results = mc_catalog_search (catalog, "khai sinh");
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_cmpstr (mc_procedure_get_code (results->pdata[0]), ==, "HT-B");
  g_assert_cmpstr (mc_procedure_get_code (results->pdata[1]), ==, "HT-A");
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Words in any order, each a substring: catalog order when none is a prefix. */
  results = mc_catalog_search (catalog, "sinh ky");
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpstr (mc_procedure_get_code (results->pdata[0]), ==, "HT-A");
  g_clear_pointer (&results, g_ptr_array_unref);

  results = mc_catalog_search (catalog, "sinh");
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_cmpstr (mc_procedure_get_code (results->pdata[0]), ==, "HT-A");
  g_clear_pointer (&results, g_ptr_array_unref);

  results = mc_catalog_search (catalog, NULL);
  g_assert_cmpuint (results->len, ==, 2);
}

static void
test_values (void)
{
  g_autoptr(McCatalog) catalog = load_or_fail (base_doc);
  McProcedure *a = nth (catalog, 0);
  McProcedure *b = nth (catalog, 1);
  McRequiredPaper *paper;

  g_assert_cmpstr (mc_catalog_get_version (catalog), ==, "t1");
  g_assert_false (mc_catalog_is_sample (catalog));

  g_assert_cmpstr (mc_procedure_get_name (a), ==, "Đăng ký lại khai sinh");
  g_assert_cmpstr (mc_procedure_get_search_key (a), ==, "dang ky lai khai sinh");
  g_assert_cmpuint (mc_procedure_get_processing_days (a), ==, 5);
  g_assert_cmpstr (mc_procedure_get_cutoff (a), ==, "15:00");
  /* The older single fee reads as one entry named "Fee". */
  g_assert_cmpuint (mc_procedure_get_fees (a)->len, ==, 1);
  g_assert_cmpint (((McProcedureFee *) mc_procedure_get_fees (a)->pdata[0])->amount, ==, 8000);
  g_assert_cmpstr (((McProcedureFee *) mc_procedure_get_fees (a)->pdata[0])->note, ==, "đồng/bản");
  g_assert_cmpstr (((McProcedureFee *) mc_procedure_get_fees (a)->pdata[0])->name, ==, "Fee");
  g_assert_null (((McProcedureFee *) mc_procedure_get_fees (a)->pdata[0])->exemption);
  g_assert_cmpstr (mc_procedure_get_result_place (a), ==, "Bộ phận Một cửa UBND xã");
  g_assert_cmpuint (mc_procedure_get_papers (a)->len, ==, 2);
  paper = mc_procedure_get_papers (a)->pdata[0];
  g_assert_cmpstr (paper->name, ==, "Tờ khai");
  g_assert_cmpint (paper->form, ==, MC_PAPER_FORM_ORIGINAL);
  g_assert_cmpuint (paper->copies, ==, 2);
  g_assert_true (paper->required);
  g_assert_cmpstr (paper->note, ==, "theo mẫu");
  /* copies defaults to 1; required as given */
  paper = mc_procedure_get_papers (a)->pdata[1];
  g_assert_cmpint (paper->form, ==, MC_PAPER_FORM_CERTIFIED_COPY);
  g_assert_cmpuint (paper->copies, ==, 1);
  g_assert_false (paper->required);
  g_assert_null (paper->note);

  g_assert_null (mc_procedure_get_national_code (b));
  g_assert_null (mc_procedure_get_cutoff (b));
  g_assert_null (mc_procedure_get_result_place (b));
  g_assert_cmpint (((McProcedureFee *) mc_procedure_get_fees (b)->pdata[0])->amount, ==, -1);
  g_assert_cmpuint (mc_procedure_get_papers (b)->len, ==, 0);
}

static void
test_paper_form (void)
{
  McPaperForm form;

  g_assert_cmpstr (mc_paper_form_to_string (MC_PAPER_FORM_ORIGINAL), ==, "original");
  g_assert_cmpstr (mc_paper_form_to_string (MC_PAPER_FORM_CERTIFIED_COPY), ==, "certified_copy");
  g_assert_cmpstr (mc_paper_form_to_string (MC_PAPER_FORM_COPY), ==, "copy");
  g_assert_true (mc_paper_form_from_string ("certified_copy", &form));
  g_assert_cmpint (form, ==, MC_PAPER_FORM_CERTIFIED_COPY);
  g_assert_true (mc_paper_form_from_string ("copy", &form));
  g_assert_cmpint (form, ==, MC_PAPER_FORM_COPY);
  g_assert_false (mc_paper_form_from_string ("Original", &form));
  g_assert_false (mc_paper_form_from_string ("", &form));
  g_assert_false (mc_paper_form_from_string (NULL, &form));
  g_assert_cmpstr (mc_paper_form_get_label (MC_PAPER_FORM_ORIGINAL), ==, "Original");
  g_assert_cmpstr (mc_paper_form_get_label (MC_PAPER_FORM_CERTIFIED_COPY), ==, "Certified copy");
  g_assert_cmpstr (mc_paper_form_get_label (MC_PAPER_FORM_COPY), ==, "Copy");
}

/* Replaces (or with @value NULL removes) what @path names in base_doc:
 * "procedures/0/papers/1/form". An empty path replaces the root. */
static char *
mutate (const char *path,
        const char *value)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) value_parser = json_parser_new ();
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);
  JsonNode *root, *parent;
  JsonNode *new_node = NULL;

  g_assert_true (json_parser_load_from_data (parser, base_doc, -1, NULL));
  root = json_parser_get_root (parser);
  if (value != NULL)
    {
      g_assert_true (json_parser_load_from_data (value_parser, value, -1, NULL));
      new_node = json_node_copy (json_parser_get_root (value_parser));
    }
  if (n == 0)
    {
      g_autofree char *text = json_to_string (new_node, FALSE);
      json_node_unref (new_node);
      return g_steal_pointer (&text);
    }

  parent = root;
  for (guint i = 0; i + 1 < n; i++)
    parent = JSON_NODE_HOLDS_OBJECT (parent)
      ? json_object_get_member (json_node_get_object (parent), parts[i])
      : json_array_get_element (json_node_get_array (parent), atoi (parts[i]));
  g_assert_nonnull (parent);

  if (JSON_NODE_HOLDS_OBJECT (parent))
    {
      if (new_node != NULL)
        json_object_set_member (json_node_get_object (parent), parts[n - 1], new_node);
      else
        json_object_remove_member (json_node_get_object (parent), parts[n - 1]);
    }
  else
    {
      JsonArray *old = json_node_get_array (parent);
      JsonArray *array = json_array_new ();
      guint index = atoi (parts[n - 1]);

      g_assert_cmpuint (index, <, json_array_get_length (old));
      for (guint i = 0; i < json_array_get_length (old); i++)
        {
          if (i != index)
            json_array_add_element (array, json_node_copy (json_array_get_element (old, i)));
          else if (new_node != NULL)
            json_array_add_element (array, new_node);
        }
      json_node_take_array (parent, array);
    }
  return json_to_string (root, FALSE);
}

typedef struct
{
  const char *path;
  const char *value;     /* NULL: remove */
  const char *where;     /* expected in the message: the location */
  const char *what;      /* expected in the message: the member */
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "", "[]", "not valid", "JSON object" },
  { "format", NULL, "not valid", "“format”" },
  { "format", "2", "not valid", "format 2" },
  { "format", "\"1\"", "not valid", "“format”" },
  { "format", "1.0", "not valid", "“format”" },
  { "version", NULL, "not valid", "“version”" },
  { "version", "\"\"", "not valid", "“version”" },
  { "sample", "\"yes\"", "not valid", "“sample”" },
  { "source", "7", "not valid", "“source”" },
  { "colour", "1", "not valid", "“colour”" },
  { "procedures", NULL, "not valid", "“procedures”" },
  { "procedures", "{}", "not valid", "“procedures”" },
  { "procedures", "[]", "not valid", "“procedures”" },
  { "procedures/1", "42", "procedure 2", "JSON object" },
  { "procedures/0/code", NULL, "procedure 1", "“code”" },
  { "procedures/0/code", "5", "procedure 1", "“code”" },
  { "procedures/0/code", "\"HT KS\"", "procedure 1", "“code”" },
  { "procedures/0/code", "\"-HT\"", "procedure 1", "“code”" },
  { "procedures/0/code", "\"HT-ĐK\"", "procedure 1", "“code”" },
  { "procedures/1/code", "\"ht-a\"", "procedure 2 (ht-a)", "code “ht-a” is already used by procedure 1" },
  { "procedures/1/national_code", "\"1.001193\"", "procedure 2 (HT-B)", "code “1.001193” is already used by procedure 1" },
  /* Local and national codes share one namespace: lookup takes either. */
  { "procedures/1/code", "\"1.001193\"", "procedure 2 (1.001193)", "already used by procedure 1" },
  { "procedures/1/national_code", "\"ht-a\"", "procedure 2 (HT-B)", "“national_code”" },
  { "procedures/0/national_code", "\"abc\"", "procedure 1 (HT-A)", "“national_code”" },
  { "procedures/0/national_code", "1001193", "procedure 1 (HT-A)", "“national_code”" },
  { "procedures/0/name", NULL, "procedure 1 (HT-A)", "“name”" },
  { "procedures/0/name", "\"  \"", "procedure 1 (HT-A)", "“name”" },
  { "procedures/0/field", "true", "procedure 1 (HT-A)", "“field”" },
  { "procedures/0/field", NULL, "procedure 1 (HT-A)", "“field”" },
  { "procedures/0/processing_days", NULL, "procedure 1 (HT-A)", "“processing_days”" },
  { "procedures/0/processing_days", "null", "procedure 1 (HT-A)", "“processing_days”" },
  { "procedures/0/processing_days", "-1", "procedure 1 (HT-A)", "“processing_days”" },
  { "procedures/0/processing_days", "366", "procedure 1 (HT-A)", "“processing_days”" },
  { "procedures/0/processing_days", "1.5", "procedure 1 (HT-A)", "“processing_days”" },
  { "procedures/0/processing_days", "\"3\"", "procedure 1 (HT-A)", "“processing_days”" },
  { "procedures/0/cutoff", "\"3pm\"", "procedure 1 (HT-A)", "“cutoff”" },
  { "procedures/0/cutoff", "\"24:00\"", "procedure 1 (HT-A)", "“cutoff”" },
  { "procedures/0/cutoff", "\"15:60\"", "procedure 1 (HT-A)", "“cutoff”" },
  { "procedures/0/cutoff", "\"1500\"", "procedure 1 (HT-A)", "“cutoff”" },
  { "procedures/0/cutoff", "\"9:00\"", "procedure 1 (HT-A)", "“cutoff”" },
  { "procedures/0/cutoff", "1500", "procedure 1 (HT-A)", "“cutoff”" },
  { "procedures/0/fee", NULL, "procedure 1 (HT-A)", "“fees”" },
  { "procedures/0/fee", "1000000001", "procedure 1 (HT-A)", "“fee”" },
  { "procedures/0/fees", "[]", "procedure 1 (HT-A)", "not both" },
  { "procedures/0/fees", "{}", "procedure 1 (HT-A)", "“fees”" },
  { "procedures/0/fee", "-5", "procedure 1 (HT-A)", "“fee”" },
  { "procedures/0/fee", "\"free\"", "procedure 1 (HT-A)", "“fee”" },
  { "procedures/1/fee_note", NULL, "procedure 2 (HT-B)", "“fee_note”" },
  { "procedures/0/result_place", "3", "procedure 1 (HT-A)", "“result_place”" },
  { "procedures/0/result_place", "\"\"", "procedure 1 (HT-A)", "“result_place”" },
  { "procedures/0/wat", "1", "procedure 1 (HT-A)", "“wat”" },
  { "procedures/0/papers", NULL, "procedure 1 (HT-A)", "“papers”" },
  { "procedures/0/papers", "{}", "procedure 1 (HT-A)", "“papers”" },
  { "procedures/0/papers/1", "\"x\"", "procedure 1 (HT-A), paper 2", "JSON object" },
  { "procedures/0/papers/0/name", NULL, "procedure 1 (HT-A), paper 1", "“name”" },
  { "procedures/0/papers/0/name", "\"\"", "procedure 1 (HT-A), paper 1", "“name”" },
  { "procedures/0/papers/0/form", NULL, "procedure 1 (HT-A), paper 1", "“form”" },
  { "procedures/0/papers/0/form", "\"scan\"", "procedure 1 (HT-A), paper 1", "“scan”" },
  { "procedures/0/papers/1/form", "\"Original\"", "procedure 1 (HT-A), paper 2", "“form”" },
  { "procedures/0/papers/0/copies", "0", "procedure 1 (HT-A), paper 1", "“copies”" },
  { "procedures/0/papers/0/copies", "-1", "procedure 1 (HT-A), paper 1", "“copies”" },
  { "procedures/0/papers/0/copies", "100", "procedure 1 (HT-A), paper 1", "“copies”" },
  { "procedures/0/papers/0/copies", "\"1\"", "procedure 1 (HT-A), paper 1", "“copies”" },
  { "procedures/0/papers/0/required", "\"yes\"", "procedure 1 (HT-A), paper 1", "“required”" },
  { "procedures/0/papers/0/note", "1", "procedure 1 (HT-A), paper 1", "“note”" },
  { "procedures/0/papers/0/colour", "1", "procedure 1 (HT-A), paper 1", "“colour”" },
};

static void
test_invalid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      const InvalidCase *c = &invalid_cases[i];
      g_autofree char *doc = mutate (c->path, c->value);
      g_autoptr(GError) error = NULL;
      g_autoptr(McCatalog) catalog = NULL;

      catalog = mc_catalog_new_from_data (doc, -1, &error);
      g_test_message ("%s = %s: %s", c->path, c->value ? c->value : "(removed)",
                      error ? error->message : "(loaded)");
      g_assert_null (catalog);
      g_assert_error (error, MC_CATALOG_ERROR, MC_CATALOG_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, c->where));
      g_assert_nonnull (strstr (error->message, c->what));
    }
}

static void
test_valid_variants (void)
{
  /* Optional members may be null or left out, and so may their defaults. */
  static const struct { const char *path; const char *value; } cases[] = {
    { "sample", NULL },
    { "source", NULL },
    { "note", "\"x\"" },
    { "procedures/0/national_code", "null" },
    { "procedures/0/cutoff", "null" },
    { "procedures/0/cutoff", "\"00:00\"" },
    { "procedures/0/cutoff", "\"23:59\"" },
    { "procedures/0/fee_note", NULL },
    { "procedures/0/fee", "0" },
    { "procedures/0/processing_days", "365" },
    { "procedures/0/papers/0/copies", "null" },
    { "procedures/0/papers/0/required", NULL },
    { "procedures/0/papers/0/note", "null" },
    { "procedures/0/papers/0/form", "\"copy\"" },
    { "procedures/0/papers/0/copies", "99" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *doc = mutate (cases[i].path, cases[i].value);
      g_autoptr(McCatalog) catalog = NULL;

      g_test_message ("%s = %s", cases[i].path, cases[i].value ? cases[i].value : "(removed)");
      catalog = load_or_fail (doc);
      g_assert_cmpuint (g_list_model_get_n_items (mc_catalog_get_procedures (catalog)), ==, 2);
    }
}

static void
test_parse_errors (void)
{
  static const char * const cases[] = {
    "not json",
    "{\"format\": 1,",
    "{\"format\": 1} trailing",
    "",
    "   ",
    "{\"format\": 1, \"version\": \"\xff\xfe\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(McCatalog) catalog = mc_catalog_new_from_data (cases[i], -1, &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(loaded)");
      g_assert_null (catalog);
      g_assert_error (error, MC_CATALOG_ERROR, MC_CATALOG_ERROR_PARSE);
    }
}

static void
assert_procedures_equal (McProcedure *a,
                         McProcedure *b)
{
  GPtrArray *pa = mc_procedure_get_papers (a);
  GPtrArray *pb = mc_procedure_get_papers (b);

  g_assert_cmpstr (mc_procedure_get_code (a), ==, mc_procedure_get_code (b));
  g_assert_cmpstr (mc_procedure_get_national_code (a), ==, mc_procedure_get_national_code (b));
  g_assert_cmpstr (mc_procedure_get_name (a), ==, mc_procedure_get_name (b));
  g_assert_cmpstr (mc_procedure_get_field (a), ==, mc_procedure_get_field (b));
  g_assert_cmpuint (mc_procedure_get_processing_days (a), ==, mc_procedure_get_processing_days (b));
  g_assert_cmpstr (mc_procedure_get_cutoff (a), ==, mc_procedure_get_cutoff (b));
  g_assert_cmpuint (mc_procedure_get_fees (a)->len, ==, mc_procedure_get_fees (b)->len);
  for (guint i = 0; i < mc_procedure_get_fees (a)->len; i++)
    {
      McProcedureFee *x = mc_procedure_get_fees (a)->pdata[i];
      McProcedureFee *y = mc_procedure_get_fees (b)->pdata[i];

      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpint (x->amount, ==, y->amount);
      g_assert_cmpstr (x->note, ==, y->note);
      g_assert_cmpstr (x->exemption, ==, y->exemption);
    }
  g_assert_cmpstr (mc_procedure_get_result_place (a), ==, mc_procedure_get_result_place (b));
  g_assert_cmpstr (mc_procedure_get_search_key (a), ==, mc_procedure_get_search_key (b));
  g_assert_cmpuint (pa->len, ==, pb->len);
  for (guint i = 0; i < pa->len; i++)
    {
      McRequiredPaper *x = pa->pdata[i];
      McRequiredPaper *y = pb->pdata[i];

      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpint (x->form, ==, y->form);
      g_assert_cmpuint (x->copies, ==, y->copies);
      g_assert_cmpint (x->required, ==, y->required);
      g_assert_cmpstr (x->note, ==, y->note);
    }
}

static void
check_round_trip (McCatalog *catalog)
{
  GListModel *model = mc_catalog_get_procedures (catalog);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(McCatalog) copy = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, mc_catalog_get_version (catalog));
  json_builder_set_member_name (builder, "sample");
  json_builder_add_boolean_value (builder, mc_catalog_is_sample (catalog));
  json_builder_set_member_name (builder, "procedures");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    json_builder_add_value (builder, mc_procedure_to_json (nth (catalog, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);

  copy = load_or_fail (text);
  g_assert_cmpstr (mc_catalog_get_version (copy), ==, mc_catalog_get_version (catalog));
  g_assert_cmpint (mc_catalog_is_sample (copy), ==, mc_catalog_is_sample (catalog));
  g_assert_cmpuint (g_list_model_get_n_items (mc_catalog_get_procedures (copy)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) first = mc_procedure_to_json (nth (catalog, i));
      g_autoptr(JsonNode) second = mc_procedure_to_json (nth (copy, i));

      assert_procedures_equal (nth (catalog, i), nth (copy, i));
      g_assert_true (json_node_equal (first, second));
    }
}

static void
test_round_trip (void)
{
  g_autoptr(McCatalog) bundled = mc_catalog_new_bundled ();
  g_autoptr(McCatalog) synthetic = load_or_fail (base_doc);
  g_autoptr(JsonNode) node = mc_procedure_to_json (nth (synthetic, 1));
  JsonObject *object = json_node_get_object (node);

  check_round_trip (bundled);
  check_round_trip (synthetic);

  /* Every member is written; absent values as null. */
  g_assert_true (json_object_get_null_member (object, "national_code"));
  g_assert_true (json_object_get_null_member (object, "cutoff"));
  g_assert_true (json_object_get_null_member (object, "result_place"));
  /* The older fee is written in the newer form: one entry of "fees". */
  g_assert_false (json_object_has_member (object, "fee"));
  g_assert_false (json_object_has_member (object, "fee_note"));
  {
    JsonObject *fee = json_array_get_object_element (json_object_get_array_member (object, "fees"), 0);

    g_assert_true (json_object_get_null_member (fee, "amount"));
    g_assert_cmpstr (json_object_get_string_member (fee, "note"), ==, "Theo nghị quyết của HĐND tỉnh");
  }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "papers")), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog/bundled", test_bundled);
  g_test_add_func ("/catalog/bundled-known-codes", test_bundled_known_codes);
  g_test_add_func ("/catalog/lookup", test_lookup);
  g_test_add_func ("/catalog/search-bundled", test_search_bundled);
  g_test_add_func ("/catalog/search-ranking", test_search_ranking);
  g_test_add_func ("/catalog/values", test_values);
  g_test_add_func ("/catalog/paper-form", test_paper_form);
  g_test_add_func ("/catalog/invalid", test_invalid);
  g_test_add_func ("/catalog/valid-variants", test_valid_variants);
  g_test_add_func ("/catalog/parse-errors", test_parse_errors);
  g_test_add_func ("/catalog/round-trip", test_round_trip);

  return g_test_run ();
}
