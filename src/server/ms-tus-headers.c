/* ms-tus-headers.c — the tus 1.0 request headers, parsed (see ms-tus-headers.h) */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <string.h>

#include "ms-tus-headers.h"

gboolean
ms_tus_headers_version_ok (const char *value)
{
  return value != NULL && g_str_equal (value, MS_TUS_VERSION);
}

static gboolean
parse_int (const char *value,
           guint64     min,
           gint64     *out)
{
  guint64 n;

  /* Digits only: no sign, no space, no "0x"; 19 digits reach G_MAXINT64. */
  if (value == NULL || *value == '\0' || strlen (value) > 19)
    return FALSE;
  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  if (!g_ascii_string_to_unsigned (value, 10, min, G_MAXINT64, &n, NULL))
    return FALSE;
  *out = (gint64) n;
  return TRUE;
}

gboolean
ms_tus_headers_parse_length (const char *value,
                             gint64     *length)
{
  return parse_int (value, 1, length);
}

gboolean
ms_tus_headers_parse_offset (const char *value,
                             gint64     *offset)
{
  return parse_int (value, 0, offset);
}

gboolean
ms_tus_headers_is_base64 (const char *text)
{
  gsize len = strlen (text);
  gsize pad = 0;

  if (len == 0 || len % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '=')
        pad++;
      else if (pad > 0 || (!g_ascii_isalnum (c) && c != '+' && c != '/'))
        return FALSE;   /* '=' only at the end */
    }
  return pad <= 2;
}

GHashTable *
ms_tus_headers_parse_metadata (const char *value)
{
  g_autoptr(GHashTable) table = NULL;
  g_auto(GStrv) pairs = NULL;

  if (value == NULL || strlen (value) > MS_TUS_HEADER_MAX)
    return NULL;
  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  pairs = g_strsplit (value, ",", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (g_strstrip (pairs[i]), " ", -1);
      g_autofree guchar *decoded = NULL;
      gsize len;
      guint n = g_strv_length (kv);

      if (n < 1 || n > 2 || *kv[0] == '\0' || g_hash_table_contains (table, kv[0]))
        return NULL;
      if (n == 1)
        {
          g_hash_table_insert (table, g_strdup (kv[0]), g_strdup (""));
          continue;
        }
      if (!ms_tus_headers_is_base64 (kv[1]))
        return NULL;
      decoded = g_base64_decode (kv[1], &len);
      if ((len > 0 && memchr (decoded, '\0', len) != NULL) ||
          !g_utf8_validate ((const char *) decoded, (gssize) len, NULL))
        return NULL;
      g_hash_table_insert (table, g_strdup (kv[0]), g_strndup ((const char *) decoded, len));
    }
  return g_steal_pointer (&table);
}

gboolean
ms_tus_headers_parse_checksum (const char    *value,
                               GChecksumType *type,
                               guint8         digest[32],
                               gsize         *digest_len)
{
  g_auto(GStrv) parts = NULL;
  g_autofree guchar *decoded = NULL;
  gsize expected, len;

  if (value == NULL || strlen (value) > MS_TUS_HEADER_MAX)
    return FALSE;
  parts = g_strsplit (value, " ", 2);
  if (g_strv_length (parts) != 2 || !ms_tus_headers_is_base64 (parts[1]))
    return FALSE;
  if (g_str_equal (parts[0], "sha256"))
    *type = G_CHECKSUM_SHA256, expected = 32;
  else if (g_str_equal (parts[0], "sha1"))
    *type = G_CHECKSUM_SHA1, expected = 20;
  else
    return FALSE;
  decoded = g_base64_decode (parts[1], &len);
  if (len != expected)
    return FALSE;
  memcpy (digest, decoded, len);
  *digest_len = len;
  return TRUE;
}

gboolean
ms_tus_headers_patch_type_ok (const char *value)
{
  return value != NULL && g_ascii_strcasecmp (value, "application/offset+octet-stream") == 0;
}

gboolean
ms_tus_headers_filename_ok (const char *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > MS_TUS_FILENAME_MAX_BYTES || strchr (name, '/') != NULL)
    return FALSE;
  for (const unsigned char *p = (const unsigned char *) name; *p != '\0'; p++)
    if (*p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

gboolean
ms_tus_headers_filetype_ok (const char *type)
{
  return g_str_equal (type, "application/pdf") || g_str_equal (type, "image/jpeg") ||
         g_str_equal (type, "image/png") || g_str_equal (type, "application/octet-stream");
}
