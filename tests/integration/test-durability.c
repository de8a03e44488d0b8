/* test-durability.c — SIGKILL at random moments loses no saved dossier
 *
 * Writers save dossiers (with an attachment) in a loop and print each one
 * whose save returned; they are killed with SIGKILL at random moments,
 * sometimes two at once on the same data dir. Afterwards every printed
 * dossier is there with its attachment intact, codes are unique, and the
 * database passes PRAGMA integrity_check.
 */
#include "test-util.h"

#include <signal.h>
#include <string.h>

#define ROUNDS 30

typedef struct
{
  char *uuid;
  char *code;
  char *sha256;
} Saved;

static void
saved_free (Saved *s)
{
  g_free (s->uuid);
  g_free (s->code);
  g_free (s->sha256);
  g_free (s);
}

static GSubprocess *
spawn_writer (const char *data_dir,
              const char *scratch,
              guint       days_ago)
{
  g_autoptr(GError) error = NULL;
  const char *writer = g_getenv ("MOTCUA_DURABILITY_WRITER");
  GSubprocess *proc;

  g_assert_nonnull (writer);
  g_autofree char *days = g_strdup_printf ("%u", days_ago);

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, writer, data_dir, scratch, days, NULL);
  g_assert_no_error (error);
  return proc;
}

static void
collect (GSubprocess *proc,
         GPtrArray   *saved)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  g_subprocess_force_exit (proc);   /* SIGKILL */
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (proc) || g_subprocess_get_if_exited (proc));
  if (g_subprocess_get_if_exited (proc))
    g_error ("writer exited by itself with status %d", g_subprocess_get_exit_status (proc));

  lines = g_strsplit (out != NULL ? out : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], " ", 3);
      Saved *s;

      /* The last line may be cut by the kill: only whole lines count. */
      if (g_strv_length (parts) != 3 || strlen (parts[2]) != 64)
        continue;
      s = g_new0 (Saved, 1);
      s->uuid = g_strdup (parts[0]);
      s->code = g_strdup (parts[1]);
      s->sha256 = g_strdup (parts[2]);
      g_ptr_array_add (saved, s);
    }
}

static void
test_sigkill_loses_nothing (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *scratch = mc_test_make_tmp_dir ();
  g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func ((GDestroyNotify) saved_free);
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_test_open_store (dir, 1);
  McDossierQuery everything = { 0 };
  gint64 total;
  GRand *rand = g_rand_new ();

  g_test_message ("random seed for the kill times: %u", g_test_rand_int ());
  g_clear_object (&store);

  for (guint round = 0; round < ROUNDS; round++)
    {
      gboolean two = round % 3 == 2;
      g_autoptr(GSubprocess) a = spawn_writer (dir, scratch, round);
      g_autoptr(GSubprocess) b = two ? spawn_writer (dir, scratch, round) : NULL;

      /* Between 30 and 400 ms: start-up, first saves, mid-batch. */
      g_usleep (g_test_rand_int_range (30, 400) * 1000);
      collect (a, saved);
      if (b != NULL)
        collect (b, saved);
    }
  g_rand_free (rand);

  g_test_message ("%u dossiers reported saved across %d kills", saved->len, ROUNDS);
  g_assert_cmpuint (saved->len, >, ROUNDS);

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_check_integrity (store, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < saved->len; i++)
    {
      Saved *s = g_ptr_array_index (saved, i);
      g_autoptr(McDossier) d = mc_store_load_dossier (store, s->uuid, &error);
      McAttachment *att;

      g_assert_no_error (error);
      g_assert_cmpstr (mc_dossier_get_code (d), ==, s->code);
      g_assert_true (g_hash_table_add (codes, s->code));
      g_assert_cmpuint (mc_dossier_get_attachments (d)->len, ==, 1);
      att = g_ptr_array_index (mc_dossier_get_attachments (d), 0);
      g_assert_cmpstr (att->sha256, ==, s->sha256);
      g_assert_true (mc_blobs_verify (mc_store_get_blobs (store), s->sha256, &error));
      g_assert_no_error (error);
    }

  /* Dossiers committed but killed before printing are there too, and
   * every code in the database is unique. */
  total = mc_store_count_dossiers (store, &everything, &error);
  g_assert_cmpint (total, >=, saved->len);
  {
    g_autoptr(GPtrArray) all = mc_store_list_dossiers (store, NULL, 0, -1, &error);
    g_autoptr(GHashTable) all_codes = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < all->len; i++)
      g_assert_true (g_hash_table_add (all_codes, (gpointer) mc_dossier_get_code (all->pdata[i])));
    g_assert_cmpuint (g_hash_table_size (all_codes), ==, total);
  }

  g_clear_object (&store);
  mc_test_rm_rf (dir);
  mc_test_rm_rf (scratch);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/durability/sigkill", test_sigkill_loses_nothing);
  return g_test_run ();
}
