/* test-blobs.c — the content-addressed attachment store */
#include "test-util.h"

#include <string.h>

#include "mc-sha256.h"

static void
test_add_bytes_and_verify (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(McBlobs) blobs = mc_blobs_new (dir);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("hello", 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = mc_blobs_add_bytes (blobs, bytes, &error);
  g_autofree char *again = NULL;
  g_autofree char *path = NULL;
  g_autofree char *content = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (sha, ==, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  g_assert_true (mc_blobs_contains (blobs, sha));
  path = mc_blobs_get_path (blobs, sha);
  g_assert_true (g_str_has_suffix (path, "/2c/2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"));
  g_assert_true (g_file_get_contents (path, &content, NULL, NULL));
  g_assert_cmpstr (content, ==, "hello");
  g_assert_true (mc_blobs_verify (blobs, sha, &error));

  /* The same content is stored once. */
  again = mc_blobs_add_bytes (blobs, bytes, &error);
  g_assert_cmpstr (again, ==, sha);

  /* A damaged blob is detected. */
  g_assert_true (g_file_set_contents (path, "hellO", 5, NULL));
  g_assert_false (mc_blobs_verify (blobs, sha, &error));
  g_assert_error (error, MC_BLOBS_ERROR, MC_BLOBS_ERROR_CORRUPT);

  mc_test_rm_rf (dir);
}

static void
test_add_file_streams_and_limits (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *src = g_build_filename (dir, "scan.bin", NULL);
  g_autoptr(McBlobs) blobs = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (src);
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_build_filename (dir, "blobs", NULL);
  g_autofree char *sha = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *tmpdir = NULL;
  g_autoptr(GDir) tmp = NULL;
  gsize len = 3 * 64 * 1024 + 17;   /* several read chunks, not a multiple */
  g_autofree char *data = g_malloc (len);
  gint64 size = 0;

  for (gsize i = 0; i < len; i++)
    data[i] = (char) (i * 31 + 7);
  g_assert_true (g_file_set_contents (src, data, len, NULL));
  expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);

  blobs = mc_blobs_new (root);
  sha = mc_blobs_add_file (blobs, file, 0, &size, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sha, ==, expected);
  g_assert_cmpint (size, ==, (gint64) len);

  g_assert_null (mc_blobs_add_file (blobs, file, 1000, NULL, NULL, &error));
  g_assert_error (error, MC_BLOBS_ERROR, MC_BLOBS_ERROR_TOO_LARGE);
  /* The refused copy left no temporary file behind. */
  tmpdir = g_build_filename (root, "tmp", NULL);
  tmp = g_dir_open (tmpdir, 0, NULL);
  g_assert_nonnull (tmp);
  g_assert_null (g_dir_read_name (tmp));

  mc_test_rm_rf (dir);
}

static void
test_collect_keeps_referenced (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(McBlobs) blobs = mc_blobs_new (dir);
  g_autoptr(GBytes) b1 = g_bytes_new_static ("kept", 4);
  g_autoptr(GBytes) b2 = g_bytes_new_static ("orphan", 6);
  g_autoptr(GHashTable) referenced = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = mc_blobs_add_bytes (blobs, b1, &error);
  g_autofree char *orphan = mc_blobs_add_bytes (blobs, b2, &error);

  g_hash_table_add (referenced, kept);
  /* Too young to collect: a save may be in flight. */
  g_assert_cmpuint (mc_blobs_collect (blobs, referenced, 3600, &error), ==, 0);
  g_assert_true (mc_blobs_contains (blobs, orphan));

  g_assert_cmpuint (mc_blobs_collect (blobs, referenced, 0, &error), ==, 1);
  g_assert_true (mc_blobs_contains (blobs, kept));
  g_assert_false (mc_blobs_contains (blobs, orphan));

  mc_test_rm_rf (dir);
}

/* The attachments' SHA-256 (nettle) gives what GLib's GChecksum gives:
 * the standard's vectors, and a stream of odd-sized reads over 3 MiB. */
static void
test_sha256 (void)
{
  static const struct { const char *text, *hex; } vectors[] = {
    { "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    { "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
    { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
  };
  gsize len = 3 * 1024 * 1024 + 333;
  g_autofree guint8 *data = g_malloc (len);
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  gint64 size = -1;

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      McSha256 *sum = mc_sha256_new ();
      g_autofree char *hex = NULL;

      mc_sha256_update (sum, vectors[i].text, strlen (vectors[i].text));
      hex = mc_sha256_finish (sum);
      g_assert_cmpstr (hex, ==, vectors[i].hex);
    }

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) (i * 131 + i / 977);
  expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
  in = g_memory_input_stream_new_from_data (data, (gssize) len, NULL);
  got = mc_sha256_stream (in, &size, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpint (size, ==, (gint64) len);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/blobs/sha256", test_sha256);
  g_test_add_func ("/blobs/bytes", test_add_bytes_and_verify);
  g_test_add_func ("/blobs/file", test_add_file_streams_and_limits);
  g_test_add_func ("/blobs/collect", test_collect_keeps_referenced);
  return g_test_run ();
}
