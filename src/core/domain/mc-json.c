/* mc-json.c — the one reader of JSON that comes from outside */
#define G_LOG_DOMAIN "motcua-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-json.h"
#include "mc-limits.h"

G_DEFINE_QUARK (mc-json-error-quark, mc_json_error)

typedef struct
{
  const guchar *p;
  const guchar *start;
  const guchar *end;
  GError      **error;
} Scan;

static gboolean
scan_fail (Scan       *s,
           McJsonError code,
           const char *what)
{
  g_set_error (s->error, MC_JSON_ERROR, code,
               /* Translators: %s says what is wrong; %lu is a byte offset in the file */
               _("The text is not valid JSON: %s (at byte %lu)"), what,
               (unsigned long) (s->p - s->start));
  return FALSE;
}

static void
skip_space (Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

static gboolean
scan_literal (Scan       *s,
              const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (s->end - s->p) < n || memcmp (s->p, word, n) != 0)
    return scan_fail (s, MC_JSON_ERROR_INVALID, _("unexpected character"));
  s->p += n;
  return TRUE;
}

static gboolean
scan_digits (Scan *s)
{
  const guchar *from = s->p;

  while (s->p < s->end && g_ascii_isdigit (*s->p))
    s->p++;
  if (s->p == from)
    return scan_fail (s, MC_JSON_ERROR_INVALID, _("a number is cut short"));
  return TRUE;
}

static gboolean
scan_number (Scan *s)
{
  if (*s->p == '-')
    s->p++;
  if (s->p < s->end && *s->p == '0')
    s->p++;
  else if (!scan_digits (s))
    return FALSE;
  if (s->p < s->end && *s->p == '.')
    {
      s->p++;
      if (!scan_digits (s))
        return FALSE;
    }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (!scan_digits (s))
        return FALSE;
    }
  return TRUE;
}

static gboolean
scan_string (Scan *s)
{
  s->p++;  /* the opening quote */
  while (s->p < s->end)
    {
      guchar c = *s->p;

      if (c == '"')
        {
          s->p++;
          return TRUE;
        }
      if (c < 0x20)
        return scan_fail (s, MC_JSON_ERROR_INVALID, _("a control character inside a text"));
      if (c != '\\')
        {
          s->p++;
          continue;
        }
      if (s->end - s->p < 2)
        break;
      c = s->p[1];
      if (c == 'u')
        {
          if (s->end - s->p < 6)
            break;
          for (int i = 2; i < 6; i++)
            if (!g_ascii_isxdigit (s->p[i]))
              return scan_fail (s, MC_JSON_ERROR_INVALID, _("a bad \\u escape"));
          if (memcmp (s->p + 2, "0000", 4) == 0)
            return scan_fail (s, MC_JSON_ERROR_INVALID, _("a NUL character (\\u0000) inside a text"));
          s->p += 6;
          continue;
        }
      if (strchr ("\"\\/bfnrt", c) == NULL || c == '\0')
        return scan_fail (s, MC_JSON_ERROR_INVALID, _("a bad escape inside a text"));
      s->p += 2;
    }
  return scan_fail (s, MC_JSON_ERROR_INVALID, _("a text is not closed"));
}

/* One iterative pass: a stack of open containers, never deeper than the
 * limit, so a hostile document costs neither stack nor memory. */
static gboolean
scan_document (Scan *s)
{
  char stack[MC_LIMIT_JSON_DEPTH];
  guint depth = 0;

  skip_space (s);
  for (;;)
    {
      /* A value is expected here. */
      if (s->p >= s->end)
        return scan_fail (s, MC_JSON_ERROR_INVALID, _("the text ends too early"));
      switch (*s->p)
        {
        case '{':
        case '[':
          if (depth == MC_LIMIT_JSON_DEPTH)
            return scan_fail (s, MC_JSON_ERROR_TOO_DEEP, _("nested too deeply"));
          stack[depth++] = (char) *s->p;
          s->p++;
          skip_space (s);
          if (s->p < s->end && *s->p == (stack[depth - 1] == '{' ? '}' : ']'))
            {
              s->p++;
              depth--;
              break;
            }
          if (stack[depth - 1] == '{')
            goto member_name;
          continue;
        case '"':
          if (!scan_string (s))
            return FALSE;
          break;
        case 't':
          if (!scan_literal (s, "true"))
            return FALSE;
          break;
        case 'f':
          if (!scan_literal (s, "false"))
            return FALSE;
          break;
        case 'n':
          if (!scan_literal (s, "null"))
            return FALSE;
          break;
        default:
          if (*s->p != '-' && !g_ascii_isdigit (*s->p))
            return scan_fail (s, MC_JSON_ERROR_INVALID, _("unexpected character"));
          if (!scan_number (s))
            return FALSE;
          break;
        }

      /* After a value: close containers, or a comma for the next one. */
      for (;;)
        {
          skip_space (s);
          if (depth == 0)
            {
              if (s->p != s->end)
                return scan_fail (s, MC_JSON_ERROR_INVALID, _("something follows the value"));
              return TRUE;
            }
          if (s->p >= s->end)
            return scan_fail (s, MC_JSON_ERROR_INVALID, _("the text ends too early"));
          if (*s->p == (stack[depth - 1] == '{' ? '}' : ']'))
            {
              s->p++;
              depth--;
              continue;
            }
          if (*s->p != ',')
            return scan_fail (s, MC_JSON_ERROR_INVALID, _("a comma or a closing bracket is missing"));
          s->p++;
          skip_space (s);
          break;
        }
      if (stack[depth - 1] == '[')
        continue;

    member_name:
      if (s->p >= s->end || *s->p != '"')
        return scan_fail (s, MC_JSON_ERROR_INVALID, _("a member name is missing"));
      if (!scan_string (s))
        return FALSE;
      skip_space (s);
      if (s->p >= s->end || *s->p != ':')
        return scan_fail (s, MC_JSON_ERROR_INVALID, _("a colon is missing"));
      s->p++;
      skip_space (s);
    }
}

gboolean
mc_json_check (const char  *data,
               gssize       length,
               gsize        max_size,
               GError     **error)
{
  Scan s;
  gsize size;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  size = length < 0 ? strlen (data) : (gsize) length;
  if (size > max_size)
    {
      g_set_error (error, MC_JSON_ERROR, MC_JSON_ERROR_TOO_LARGE,
                   _("The text is too large: %lu bytes, at most %lu"),
                   (unsigned long) size, (unsigned long) max_size);
      return FALSE;
    }
  /* With a length, g_utf8_validate also refuses a NUL byte. */
  if (!g_utf8_validate (data, (gssize) size, NULL))
    {
      g_set_error (error, MC_JSON_ERROR, MC_JSON_ERROR_INVALID, _("The text is not valid UTF-8"));
      return FALSE;
    }
  s.start = s.p = (const guchar *) data;
  s.end = s.start + size;
  s.error = error;
  return scan_document (&s);
}

/* json-glib keeps the last of duplicate members silently; counting the
 * "object-member" emissions per object reveals them. */
static void
on_object_member_cb (JsonParser *parser,
                     JsonObject *object,
                     const char *member_name,
                     gpointer    user_data)
{
  GHashTable *counts = user_data;
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, object)) + 1;

  g_hash_table_insert (counts, object, GUINT_TO_POINTER (n));
  if (json_object_get_size (object) < n)
    g_object_set_data (G_OBJECT (parser), "mc-json-duplicate", GINT_TO_POINTER (1));
}

JsonNode *
mc_json_parse (const char  *data,
               gssize       length,
               gsize        max_size,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  gsize size;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  size = length < 0 ? strlen (data) : (gsize) length;
  if (!mc_json_check (data, (gssize) size, max_size, error))
    return NULL;

  parser = json_parser_new ();
  counts = g_hash_table_new (NULL, NULL);
  g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member_cb), counts);
  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      g_set_error (error, MC_JSON_ERROR, MC_JSON_ERROR_INVALID,
                   _("The text is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  if (g_object_get_data (G_OBJECT (parser), "mc-json-duplicate") != NULL)
    {
      g_set_error (error, MC_JSON_ERROR, MC_JSON_ERROR_INVALID,
                   _("A member name appears twice in the same object"));
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, MC_JSON_ERROR, MC_JSON_ERROR_INVALID, _("The text is empty"));
      return NULL;
    }
  return json_node_copy (root);
}

JsonNode *
mc_json_parse_bytes (GBytes  *bytes,
                     gsize    max_size,
                     GError **error)
{
  gsize size = 0;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  return mc_json_parse (data != NULL ? data : "", (gssize) size, max_size, error);
}

char *
mc_json_read_stream (GInputStream  *in,
                     const char    *name,
                     gsize          max_size,
                     gsize         *length,
                     GError       **error)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  g_autofree guint8 *chunk = g_malloc (64 * 1024);

  g_return_val_if_fail (G_IS_INPUT_STREAM (in), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (;;)
    {
      gssize n = g_input_stream_read (in, chunk, 64 * 1024, NULL, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (buf->len + (gsize) n > max_size)
        {
          g_set_error (error, MC_JSON_ERROR, MC_JSON_ERROR_TOO_LARGE,
                       _("“%s” is too large: more than %lu bytes"), name, (unsigned long) max_size);
          return NULL;
        }
      g_byte_array_append (buf, chunk, (guint) n);
    }
  if (length != NULL)
    *length = buf->len;
  g_byte_array_append (buf, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (g_steal_pointer (&buf), FALSE);
}

char *
mc_json_read_file (const char  *path,
                   gsize        max_size,
                   gsize       *length,
                   GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) in = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (path);
  in = g_file_read (file, NULL, error);
  if (in == NULL)
    return NULL;
  return mc_json_read_stream (G_INPUT_STREAM (in), path, max_size, length, error);
}

void
mc_json_add_string_or_null (JsonBuilder *builder,
                            const char  *name,
                            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}
