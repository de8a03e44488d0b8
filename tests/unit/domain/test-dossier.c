/* test-dossier.c — the dossier value object and its JSON */
#include "test-util.h"

static void
test_states_round_trip (void)
{
  for (guint i = 0; i < MC_DOSSIER_N_STATES; i++)
    {
      McDossierState back;

      g_assert_true (mc_dossier_state_from_string (mc_dossier_state_to_string (i), &back));
      g_assert_cmpuint (back, ==, i);
      g_assert_nonnull (mc_dossier_state_get_label (i));
    }
  {
    McDossierState s;
    g_assert_false (mc_dossier_state_from_string ("lost", &s));
  }
}

static void
test_json (void)
{
  g_autoptr(McDossier) d = mc_test_sample_dossier ("Đặng Thị Ánh", "001185012345", "2026-11-23T01:15:00Z");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) summary = NULL;
  JsonObject *o, *applicant;
  JsonArray *papers;

  mc_dossier_set_code (d, "000.00.12.H29-261123-1000");
  mc_dossier_set_uuid (d, "6f1c3b1e-8a0b-4a59-9a57-1b2b3c4d5e6f");
  mc_dossier_set_email (d, "");   /* empty means not given */
  node = mc_dossier_to_json (d);
  o = json_node_get_object (node);

  g_assert_cmpstr (json_object_get_string_member (o, "code"), ==, "000.00.12.H29-261123-1000");
  /* Times are shown in Vietnam time whatever offset they came with. */
  g_assert_cmpstr (json_object_get_string_member (o, "received_at"), ==, "2026-11-23T08:15:00+07:00");
  g_assert_cmpstr (json_object_get_string_member (o, "due_date"), ==, "2026-11-24");
  applicant = json_object_get_object_member (o, "applicant");
  g_assert_cmpstr (json_object_get_string_member (applicant, "full_name"), ==, "Đặng Thị Ánh");
  g_assert_cmpstr (json_object_get_string_member (applicant, "id_kind"), ==, "cccd");
  g_assert_true (json_object_get_null_member (applicant, "email"));
  papers = json_object_get_array_member (o, "papers");
  g_assert_cmpuint (json_array_get_length (papers), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (papers, 0), "form"), ==, "original");

  summary = mc_dossier_to_summary_json (d);
  o = json_node_get_object (summary);
  g_assert_cmpstr (json_object_get_string_member (o, "applicant_name"), ==, "Đặng Thị Ánh");
  g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "draft");
  g_assert_cmpstr (json_object_get_string_member (o, "uuid"), ==, "6f1c3b1e-8a0b-4a59-9a57-1b2b3c4d5e6f");
}

static void
test_search_text_is_folded (void)
{
  g_autoptr(McDossier) d = mc_test_sample_dossier ("Đặng Thị Ánh", "001185012345", "2026-11-23T08:15:00+07:00");
  g_autofree char *text = NULL;

  mc_dossier_set_code (d, "000.00.12.H29-261123-1000");
  text = mc_dossier_build_search_text (d);
  g_assert_cmpstr (text, ==, "000.00.12.h29-261123-1000 dang thi anh 001185012345 0912345678");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dossier/states", test_states_round_trip);
  g_test_add_func ("/dossier/json", test_json);
  g_test_add_func ("/dossier/search-text", test_search_text_is_folded);
  return g_test_run ();
}
