/* mc-catalog-read.c — reading a catalog document: members, their kinds,
 * and messages that say where a problem is (shared by mc-catalog.c and
 * mc-catalog-fees.c) */
#define G_LOG_DOMAIN "motcua-catalog"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-catalog-private.h"

G_DEFINE_QUARK (mc-catalog-error-quark, mc_catalog_error)

static const char * const kind_messages[] = {
  /* Translators: %s is the name of a member of the catalog file, such as “copies”;
   * “text” here means a JSON string */
  [TEXT] = N_("“%s” must be text"),
  [NUMBER] = N_("“%s” must be a whole number"),
  [FLAG] = N_("“%s” must be true or false"),
  [LIST] = N_("“%s” must be a list"),
};

static char *
where_to_string (const Where *where)
{
  g_autofree char *procedure = NULL;

  if (where == NULL || where->index == 0)
    return NULL;
  if (where->code == NULL)
    /* Translators: where a problem is in a catalog file: "procedure 3" */
    return g_strdup_printf (_("procedure %u"), where->index);

  /* Translators: where a problem is in a catalog file: "procedure 3 (HT-KS)" */
  procedure = g_strdup_printf (_("procedure %u (%s)"), where->index, where->code);
  if (where->fee != 0)
    /* Translators: where a problem is in a catalog file: "procedure 3 (HT-KS), fee 1" */
    return g_strdup_printf (_("%s, fee %u"), procedure, where->fee);
  if (where->paper == 0)
    return g_steal_pointer (&procedure);
  /* Translators: where a problem is in a catalog file: "procedure 3 (HT-KS), paper 2" */
  return g_strdup_printf (_("%s, paper %u"), procedure, where->paper);
}

/* Always returns FALSE, so that callers can `return mc_catalog_set_invalid (…)`. */
G_GNUC_PRINTF (3, 4) gboolean
mc_catalog_set_invalid (GError     **error,
                        const Where *where,
                        const char  *format,
                        ...)
{
  g_autofree char *detail = NULL;
  g_autofree char *location = where_to_string (where);
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  if (location == NULL)
    g_set_error (error, MC_CATALOG_ERROR, MC_CATALOG_ERROR_INVALID,
                 /* Translators: %s is what is wrong, e.g. "“version” is required" */
                 _("The catalog is not valid: %s"), detail);
  else
    g_set_error (error, MC_CATALOG_ERROR, MC_CATALOG_ERROR_INVALID,
                 /* Translators: the first %s is where, e.g. "procedure 3 (HT-KS)"; the second what is wrong */
                 _("The catalog is not valid, %s: %s"), location, detail);
  return FALSE;
}

gboolean
mc_catalog_is_blank (const char *text)
{
  return text[strspn (text, " \t\r\n")] == '\0';
}

gboolean
mc_catalog_node_holds (JsonNode *node,
                       Kind      kind)
{
  static const GType value_types[] = {
    [TEXT] = G_TYPE_STRING, [NUMBER] = G_TYPE_INT64, [FLAG] = G_TYPE_BOOLEAN,
  };

  if (kind == LIST)
    return JSON_NODE_HOLDS_ARRAY (node);
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == value_types[kind];
}

/* Checks @object against @members and fills @nodes with each member's value,
 * NULL where it is absent or null. */
gboolean
mc_catalog_read_members (JsonObject   *object,
                         const Member *members,
                         guint         n_members,
                         const Where  *where,
                         JsonNode    **nodes,
                         GError      **error)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    {
      guint i = 0;

      while (i < n_members && strcmp (members[i].name, l->data) != 0)
        i++;
      if (i == n_members)
        return mc_catalog_set_invalid (error, where, _("unknown member “%s”"), (const char *) l->data);
    }

  for (guint i = 0; i < n_members; i++)
    {
      const Member *member = &members[i];
      JsonNode *node = json_object_get_member (object, member->name);

      nodes[i] = NULL;
      if (node == NULL && member->presence == NULLABLE)
        return mc_catalog_set_invalid (error, where, _("“%s” is required; write null if it does not apply"),
                                       member->name);
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          if (member->presence == REQUIRED)
            return mc_catalog_set_invalid (error, where, _("“%s” is required"), member->name);
          continue;
        }
      if (!mc_catalog_node_holds (node, member->kind))
        return mc_catalog_set_invalid (error, where, _(kind_messages[member->kind]), member->name);
      if (member->kind == TEXT && mc_catalog_is_blank (json_node_get_string (node)))
        return mc_catalog_set_invalid (error, where, _("“%s” must not be empty"), member->name);
      nodes[i] = node;
    }
  return TRUE;
}

char *
mc_catalog_dup_text (JsonNode *node)
{
  return node != NULL ? g_strdup (json_node_get_string (node)) : NULL;
}


void
mc_catalog_set_nullable_string (JsonObject *object,
                                const char *member,
                                const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}
