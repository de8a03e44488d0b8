/* fuzz-tus.c — the tus request headers (src/server/ms-tus-headers.c)
 *
 * The input is up to six lines: Tus-Resumable, Upload-Length,
 * Upload-Offset, Upload-Metadata, Upload-Checksum, Content-Type. Each is
 * parsed as the server parses it, and what is accepted is checked: numbers
 * in range, metadata values UTF-8 without NUL that encode and parse back
 * to the same table, digests of the right length.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ms-tus-headers.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_metadata (const char *value)
{
  g_autoptr(GHashTable) table = ms_tus_headers_parse_metadata (value);
  g_autoptr(GString) again = NULL;
  g_autoptr(GHashTable) reparsed = NULL;
  GHashTableIter iter;
  gpointer k, v;

  if (table == NULL)
    return;
  again = g_string_new (NULL);
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      const char *text = v;
      gsize len = strlen (text);

      if (!g_utf8_validate (text, -1, NULL))
        __builtin_trap ();
      if (strchr (k, ' ') != NULL || strchr (k, ',') != NULL || *(const char *) k == '\0')
        __builtin_trap ();
      (void) ms_tus_headers_filename_ok (text);
      (void) ms_tus_headers_filetype_ok (text);
      if (again->len > 0)
        g_string_append_c (again, ',');
      g_string_append (again, k);
      if (len > 0)
        {
          g_autofree char *b64 = g_base64_encode ((const guchar *) text, len);

          g_string_append_printf (again, " %s", b64);
        }
    }
  reparsed = ms_tus_headers_parse_metadata (again->str);
  if (reparsed == NULL || g_hash_table_size (reparsed) != g_hash_table_size (table))
    __builtin_trap ();
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &k, &v))
    if (g_strcmp0 (g_hash_table_lookup (reparsed, k), v) != 0)
      __builtin_trap ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);   /* a header ends at NUL */
  g_auto(GStrv) lines = g_strsplit (text, "\n", 6);
  const char *line[6] = { NULL };
  gint64 n = -1;
  GChecksumType type;
  guint8 digest[32];
  gsize digest_len = 0;

  for (guint i = 0; i < 6 && lines[i] != NULL; i++)
    line[i] = lines[i];

  if (ms_tus_headers_version_ok (line[0]) && strcmp (line[0], MS_TUS_VERSION) != 0)
    __builtin_trap ();
  if (ms_tus_headers_parse_length (line[1], &n) && n < 1)
    __builtin_trap ();
  if (ms_tus_headers_parse_offset (line[2], &n) && n < 0)
    __builtin_trap ();
  check_metadata (line[3]);
  if (ms_tus_headers_parse_checksum (line[4], &type, digest, &digest_len) &&
      !((type == G_CHECKSUM_SHA256 && digest_len == 32) || (type == G_CHECKSUM_SHA1 && digest_len == 20)))
    __builtin_trap ();
  (void) ms_tus_headers_patch_type_ok (line[5]);
  return 0;
}
