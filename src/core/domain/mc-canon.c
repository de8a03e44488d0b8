/* mc-canon.c — canonical JSON and the body hash (docs/sync-protocol.md §6) */
#define G_LOG_DOMAIN "motcua-canon"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-canon.h"
#include "mc-json.h"
#include "mc-limits.h"

/* Integers must fit in ±2^53 (§5.2) so every JSON implementation reads them exactly. */
#define CANON_INT_MAX (G_GINT64_CONSTANT (9007199254740992))

G_DEFINE_QUARK (mc-canon-error-quark, mc_canon_error)

typedef struct
{
  char     *name;   /* NFC */
  JsonNode *value;  /* borrowed */
} Member;

static gboolean write_node (GString *out, JsonNode *node, GError **error);

static void
member_clear (gpointer data)
{
  Member *m = data;

  g_free (m->name);
}

static int
member_compare (gconstpointer a,
                gconstpointer b)
{
  const Member *ma = a;
  const Member *mb = b;

  /* strcmp compares as unsigned char: UTF-8 byte order. */
  return strcmp (ma->name, mb->name);
}

static gboolean
write_string (GString     *out,
              const char  *str,
              GError     **error)
{
  g_autofree char *nfc = NULL;

  if (!g_utf8_validate (str, -1, NULL) ||
      (nfc = g_utf8_normalize (str, -1, G_NORMALIZE_NFC)) == NULL)
    {
      g_set_error (error, MC_CANON_ERROR, MC_CANON_ERROR_INVALID,
                   _("A text value is not valid UTF-8"));
      return FALSE;
    }

  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) nfc; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guint) *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
  return TRUE;
}

static gboolean
write_object (GString     *out,
              JsonObject  *object,
              GError     **error)
{
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (Member));
  g_autoptr(GList) names = json_object_get_members (object);

  g_array_set_clear_func (members, member_clear);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (object, l->data);
      Member m;

      if (JSON_NODE_HOLDS_NULL (value))
        continue;
      if (!g_utf8_validate (l->data, -1, NULL))
        {
          g_set_error (error, MC_CANON_ERROR, MC_CANON_ERROR_INVALID,
                       _("A member name is not valid UTF-8"));
          return FALSE;
        }
      m.name = g_utf8_normalize (l->data, -1, G_NORMALIZE_NFC);
      m.value = value;
      g_array_append_val (members, m);
    }
  g_array_sort (members, member_compare);

  g_string_append_c (out, '{');
  for (guint i = 0; i < members->len; i++)
    {
      Member *m = &g_array_index (members, Member, i);

      if (i > 0 && strcmp (m->name, g_array_index (members, Member, i - 1).name) == 0)
        {
          g_set_error (error, MC_CANON_ERROR, MC_CANON_ERROR_INVALID,
                       _("The member “%s” appears twice"), m->name);
          return FALSE;
        }
      if (i > 0)
        g_string_append_c (out, ',');
      if (!write_string (out, m->name, error))
        return FALSE;
      g_string_append_c (out, ':');
      if (!write_node (out, m->value, error))
        return FALSE;
    }
  g_string_append_c (out, '}');
  return TRUE;
}

static gboolean
write_array (GString     *out,
             JsonArray   *array,
             GError     **error)
{
  guint n = json_array_get_length (array);

  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_NULL (element))
        {
          g_set_error (error, MC_CANON_ERROR, MC_CANON_ERROR_INVALID,
                       _("A list contains an empty (null) value"));
          return FALSE;
        }
      if (i > 0)
        g_string_append_c (out, ',');
      if (!write_node (out, element, error))
        return FALSE;
    }
  g_string_append_c (out, ']');
  return TRUE;
}

static gboolean
write_value (GString     *out,
             JsonNode    *node,
             GError     **error)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_STRING)
    return write_string (out, json_node_get_string (node), error);

  if (type == G_TYPE_BOOLEAN)
    {
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      return TRUE;
    }

  if (type == G_TYPE_INT64 || type == G_TYPE_INT)
    {
      gint64 v = json_node_get_int (node);

      if (v > CANON_INT_MAX || v < -CANON_INT_MAX)
        {
          g_set_error (error, MC_CANON_ERROR, MC_CANON_ERROR_INVALID,
                       _("A number is too large"));
          return FALSE;
        }
      g_string_append_printf (out, "%" G_GINT64_FORMAT, v);
      return TRUE;
    }

  /* Doubles: the protocol has integers only — no fractions, no exponents. */
  g_set_error (error, MC_CANON_ERROR, MC_CANON_ERROR_INVALID,
               _("A number is not a whole number"));
  return FALSE;
}

static gboolean
write_node (GString     *out,
            JsonNode    *node,
            GError     **error)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return write_object (out, json_node_get_object (node), error);
    case JSON_NODE_ARRAY:
      return write_array (out, json_node_get_array (node), error);
    case JSON_NODE_VALUE:
      return write_value (out, node, error);
    case JSON_NODE_NULL:
    default:
      g_set_error (error, MC_CANON_ERROR, MC_CANON_ERROR_INVALID,
                   _("An empty (null) value cannot be canonicalised"));
      return FALSE;
    }
}

GBytes *
mc_canon_from_node (JsonNode  *node,
                    GError   **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!write_node (out, node, error))
    return NULL;
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

JsonNode *
mc_canon_parse (const char  *data,
                gssize       length,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The one bounded reader: size, depth, trailing text, NUL, duplicates. */
  root = mc_json_parse (data, length, MC_LIMIT_BODY_SIZE, &local_error);
  if (root == NULL)
    {
      g_set_error_literal (error, MC_CANON_ERROR, MC_CANON_ERROR_INVALID, local_error->message);
      return NULL;
    }
  return root;
}

GBytes *
mc_canon_from_data (const char  *data,
                    gssize       length,
                    GError     **error)
{
  g_autoptr(JsonNode) root = mc_canon_parse (data, length, error);

  if (root == NULL)
    return NULL;
  return mc_canon_from_node (root, error);
}

char *
mc_canon_sha256_hex (GBytes *bytes)
{
  g_return_val_if_fail (bytes != NULL, NULL);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}
