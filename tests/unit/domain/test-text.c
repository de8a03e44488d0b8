/* test-text.c — folding and normalising Vietnamese text */
#include "config.h"

#include <string.h>

#include "mc-text.h"

static void
assert_fold (const char *input,
             const char *expected)
{
  g_autofree char *folded = mc_text_fold (input);

  g_assert_cmpstr (folded, ==, expected);
}

static void
assert_normalize (const char *input,
                  const char *expected)
{
  g_autofree char *normalized = mc_text_normalize (input);

  g_assert_cmpstr (normalized, ==, expected);
}

/* The straightforward definition, to check the allocation-free one against. */
static char *
reference_fold (const char *text)
{
  g_autofree char *nfd = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  g_autoptr(GString) stripped = g_string_new (NULL);
  g_autofree char *lower = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = nfd; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (g_unichar_ismark (ch))
        continue;
      if (ch == 0x0110 || ch == 0x0111)
        ch = 'd';
      if (g_unichar_isspace (ch))
        ch = ' ';
      g_string_append_unichar (stripped, ch);
    }

  lower = g_utf8_strdown (stripped->str, -1);
  words = g_strsplit (lower, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_fold_examples (void)
{
  assert_fold ("Nguyễn Văn Dũng", "nguyen van dung");
  assert_fold ("Đặng", "dang");
  assert_fold ("đặng", "dang");
  assert_fold ("ĐẶNG", "dang");
  assert_fold ("ĐOÀN  thị Ánh ", "doan thi anh");
  assert_fold ("Lê Hữu Phước", "le huu phuoc");
  assert_fold ("Đặng  Thị Ánh", "dang thi anh");
  assert_fold ("Trương Thị Ngọc Quỳnh", "truong thi ngoc quynh");
  assert_fold ("Phường Đống Đa, Hà Nội", "phuong dong da, ha noi");
  assert_fold ("HS-2025/0012", "hs-2025/0012");
}

static void
test_fold_nfd_input (void)
{
  /* The same names typed with combining marks (some Vietnamese keyboards,
   * text pasted from macOS). */
  assert_fold ("Nguye\xcc\x82\xcc\x83n Va\xcc\x86n Du\xcc\x83ng", "nguyen van dung");
  assert_fold ("\xc4\x90" "a\xcc\x86\xcc\xa3ng", "dang");
  /* ư and ơ carry a horn, which is a mark too. */
  assert_fold ("Phu\xcc\x9bo\xcc\x9b\xcc\x81\x63", "phuoc");
}

static void
test_fold_all_vowels (void)
{
  static const char * const bases[] = {
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "A", "Ă", "Â", "E", "Ê", "I", "O", "Ô", "Ơ", "U", "Ư", "Y",
  };
  /* none, huyền, sắc, ngã, hỏi, nặng */
  static const char * const tones[] = {
    "", "\xcc\x80", "\xcc\x81", "\xcc\x83", "\xcc\x89", "\xcc\xa3",
  };

  for (guint b = 0; b < G_N_ELEMENTS (bases); b++)
    for (guint t = 0; t < G_N_ELEMENTS (tones); t++)
      {
        g_autofree char *nfd = g_strconcat (bases[b], tones[t], NULL);
        g_autofree char *nfc = g_utf8_normalize (nfd, -1, G_NORMALIZE_NFC);
        g_autofree char *folded = mc_text_fold (nfc);
        g_autofree char *plain = mc_text_fold (bases[b]);

        /* Every composed vowel is one character: the decomposition ran. */
        g_assert_cmpint (g_utf8_strlen (nfc, -1), ==, 1);
        g_assert_cmpint (strlen (folded), ==, 1);
        g_assert_cmpstr (folded, ==, plain);
        g_assert_true (g_ascii_islower (folded[0]));
      }
}

static void
test_fold_whitespace (void)
{
  assert_fold ("", "");
  assert_fold ("   ", "");
  assert_fold (" \t\n ", "");
  assert_fold ("  Lê\t\tHữu\nPhước  ", "le huu phuoc");
  /* NBSP and the ideographic space are white space too. */
  assert_fold ("Lê\xc2\xa0Hữu\xe3\x80\x80Phước", "le huu phuoc");
  /* A zero-width space / soft hyphen must not split a word. */
  assert_fold ("Ph\xe2\x80\x8bước", "phuoc");
  assert_fold ("Ph\xc2\xadước", "phuoc");
}

static void
test_fold_invalid (void)
{
  g_autofree char *null_folded = mc_text_fold (NULL);

  assert_fold ("Nguy\xff\xfen", "");
  assert_fold ("\xc3", "");
  g_assert_cmpstr (null_folded, ==, "");
}

static void
test_fold_matches_reference (void)
{
  static const char * const samples[] = {
    "Nguyễn Văn Dũng", "ĐOÀN  thị Ánh ", "Lê Hữu Phước", "Đặng Thị Ánh Tuyết",
    "Bùi Xuân Phái", "Huỳnh Tấn Phát", "Ông Ích Khiêm", "Ỷ Lan", "Ưng Hoàng Phúc",
    "Giấy khai sinh (bản sao)", "Xã Ea Kar, tỉnh Đắk Lắk", "Ứng Hòa", "Điện Biên Phủ",
    "José García", "Zoë Ångström", "Иван Петров", "Ἀθῆναι", "Nguyễn Thị  \t Hồng",
    "Mỹ Tho – Tiền Giang", "H’Hen Niê",
  };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *fast = mc_text_fold (samples[i]);
      g_autofree char *slow = reference_fold (samples[i]);
      g_autofree char *nfd = g_utf8_normalize (samples[i], -1, G_NORMALIZE_NFD);
      g_autofree char *fast_nfd = mc_text_fold (nfd);

      g_assert_cmpstr (fast, ==, slow);
      g_assert_cmpstr (fast_nfd, ==, slow);
    }
}

static void
test_fold_speed (void)
{
  static const char name[] = "Nguyễn Thị Ngọc Quỳnh, thôn Đông Hạ, xã Đắk Ơ";
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  for (guint i = 0; i < 100000; i++)
    {
      g_autofree char *folded = mc_text_fold (name);
      g_assert_nonnull (folded);
    }

  elapsed = g_get_monotonic_time () - start;
  g_test_message ("100 000 folds: %" G_GINT64_FORMAT " ms", elapsed / 1000);
  /* Generous bound, also under sanitizers: indexing 100 000 dossiers must
   * not be dominated by folding. */
  g_assert_cmpint (elapsed, <, 10 * G_USEC_PER_SEC);
}

static void
test_normalize (void)
{
  g_autofree char *null_normalized = mc_text_normalize (NULL);
  g_autofree char *broken = mc_text_normalize ("L\xff");

  assert_normalize ("Nguyễn Văn Dũng", "Nguyễn Văn Dũng");
  /* NFD in, NFC out; also mixed within one string. */
  assert_normalize ("Nguye\xcc\x82\xcc\x83n", "Nguyễn");
  assert_normalize ("Nguye\xcc\x82\xcc\x83n Văn Du\xcc\x83ng", "Nguyễn Văn Dũng");
  /* A base with the tone on an already composed vowel: ê + ̃ → ễ. */
  assert_normalize ("Nguy\xc3\xaa\xcc\x83n", "Nguyễn");
  assert_normalize ("  Lê   Hữu\tPhước \n", "Lê Hữu Phước");
  assert_normalize ("Lê\xc2\xa0\xc2\xa0Hữu", "Lê Hữu");
  assert_normalize ("", "");
  assert_normalize ("   ", "");
  /* Case is kept: this is what gets stored and printed. */
  assert_normalize ("ĐOÀN  thị Ánh ", "ĐOÀN thị Ánh");
  g_assert_cmpstr (null_normalized, ==, "");
  /* Broken bytes are not silently dropped with the rest of the name. */
  g_assert_cmpstr (broken, ==, "L\xef\xbf\xbd");
}

static void
test_index_of (void)
{
  static const char * const names[] = { "queued", NULL, "done" };

  g_assert_cmpint (mc_text_index_of (names, G_N_ELEMENTS (names), "queued"), ==, 0);
  g_assert_cmpint (mc_text_index_of (names, G_N_ELEMENTS (names), "done"), ==, 2);
  g_assert_cmpint (mc_text_index_of (names, G_N_ELEMENTS (names), "Done"), ==, -1);
  g_assert_cmpint (mc_text_index_of (names, G_N_ELEMENTS (names), ""), ==, -1);
  /* NULL never matches, not even a gap in the table. */
  g_assert_cmpint (mc_text_index_of (names, G_N_ELEMENTS (names), NULL), ==, -1);
  g_assert_cmpint (mc_text_index_of (names, 1, "done"), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/fold/examples", test_fold_examples);
  g_test_add_func ("/text/fold/nfd-input", test_fold_nfd_input);
  g_test_add_func ("/text/fold/all-vowels", test_fold_all_vowels);
  g_test_add_func ("/text/fold/whitespace", test_fold_whitespace);
  g_test_add_func ("/text/fold/invalid", test_fold_invalid);
  g_test_add_func ("/text/fold/matches-reference", test_fold_matches_reference);
  g_test_add_func ("/text/fold/speed", test_fold_speed);
  g_test_add_func ("/text/normalize", test_normalize);

  g_test_add_func ("/text/index-of", test_index_of);
  return g_test_run ();
}
