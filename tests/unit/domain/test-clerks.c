/* test-clerks.c — the receiving clerks' names and the recent list */
#include "config.h"

#include "mc-clerks.h"
#include "mc-validate.h"

static void
test_normalize (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nfd = g_utf8_normalize ("Nguyễn Thị Lan", -1, G_NORMALIZE_NFD);
  g_autofree char *name = mc_clerk_name_normalize ("  Nguyễn   Thị  Lan ", &error);
  g_autofree char *from_nfd = mc_clerk_name_normalize (nfd, &error);
  g_autofree char *bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "Nguyễn Thị Lan");
  g_assert_cmpstr (from_nfd, ==, "Nguyễn Thị Lan");

  bad = mc_clerk_name_normalize ("lan.nt@ubnd", &error);
  g_assert_null (bad);
  g_assert_error (error, MC_VALIDATE_ERROR, MC_VALIDATE_ERROR_FORMAT);
  g_assert_true (g_str_has_prefix (error->message, "Receiving clerk: "));
  g_clear_error (&error);
  g_assert_null (mc_clerk_name_normalize ("   ", &error));
  g_assert_error (error, MC_VALIDATE_ERROR, MC_VALIDATE_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_null (mc_clerk_name_normalize (NULL, &error));
  g_assert_nonnull (error);
}

static void
test_remember (void)
{
  const char *recent[] = { "Trần Văn Bình", "Nguyễn Thị Lan", "Lê Thu Hà", NULL };
  g_auto(GStrv) first = mc_clerks_remember (NULL, "Nguyễn Thị Lan", 3);
  g_auto(GStrv) moved = mc_clerks_remember (recent, "NGUYEN THI LAN", 3);
  g_auto(GStrv) capped = mc_clerks_remember (recent, "Phạm Minh Tuấn", 3);

  g_assert_cmpuint (g_strv_length (first), ==, 1);
  g_assert_cmpstr (first[0], ==, "Nguyễn Thị Lan");
  /* The same clerk typed without accents: one entry, the new spelling first. */
  g_assert_cmpuint (g_strv_length (moved), ==, 3);
  g_assert_cmpstr (moved[0], ==, "NGUYEN THI LAN");
  g_assert_cmpstr (moved[1], ==, "Trần Văn Bình");
  g_assert_cmpstr (moved[2], ==, "Lê Thu Hà");
  /* The oldest goes when the list is full. */
  g_assert_cmpuint (g_strv_length (capped), ==, 3);
  g_assert_cmpstr (capped[0], ==, "Phạm Minh Tuấn");
  g_assert_cmpstr (capped[2], ==, "Nguyễn Thị Lan");
}

static void
test_parse (void)
{
  const char *names[] = { "Nguyễn Thị Lan", "Trần Văn Bình", NULL };
  g_autofree char *text = mc_clerks_to_text (names);
  g_auto(GStrv) back = mc_clerks_parse (text, 8);
  /* From disk: bad lines, repeats, control characters and extra lines dropped. */
  g_auto(GStrv) hostile = mc_clerks_parse ("Nguyễn Thị Lan\n\nDROP TABLE;\nnguyen thi lan\nLan\001 Nguyen\n"
                                           "Trần Văn Bình\nLê Thu Hà\nPhạm Minh Tuấn", 3);
  g_auto(GStrv) empty = mc_clerks_parse (NULL, 8);
  g_autofree char *long_name = g_strnfill (150, 'a');
  g_auto(GStrv) too_long = mc_clerks_parse (long_name, 8);

  g_assert_cmpstr (text, ==, "Nguyễn Thị Lan\nTrần Văn Bình");
  g_assert_cmpuint (g_strv_length (back), ==, 2);
  g_assert_cmpstr (back[1], ==, "Trần Văn Bình");
  g_assert_cmpuint (g_strv_length (hostile), ==, 3);
  g_assert_cmpstr (hostile[0], ==, "Nguyễn Thị Lan");
  g_assert_cmpstr (hostile[1], ==, "Trần Văn Bình");
  g_assert_cmpstr (hostile[2], ==, "Lê Thu Hà");
  g_assert_cmpuint (g_strv_length (empty), ==, 0);
  g_assert_cmpuint (g_strv_length (too_long), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/clerks/normalize", test_normalize);
  g_test_add_func ("/clerks/remember", test_remember);
  g_test_add_func ("/clerks/parse", test_parse);
  return g_test_run ();
}
