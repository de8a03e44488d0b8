/* mc-sync-body.c — the JSON the desk uploads (docs/sync-protocol.md §7.5) */
#define G_LOG_DOMAIN "motcua-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-catalog.h"
#include "mc-store.h"
#include "mc-sync-private.h"

/* Members of mc_dossier_to_json () that are the desk's own bookkeeping
 * and never travel: the server refuses members it does not know (§2). */
static const char *local_members[] = {
  "state",
  "printed_due_date",
  "sync_state",
  "sync_error",
  "sync_error_field",
  "server_ref",
  "server_state_code",
  "server_message",
  "returned_at",
  "returned_to",
};

static void
set_opt_string (JsonObject *obj,
                const char *member,
                const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (obj, member, value);
  else
    json_object_set_null_member (obj, member);
}

JsonNode *
mc_dossier_to_upload_json (McDossier   *dossier,
                           int          revision,
                           const char  *procedure_national_code,
                           const char  *procedure_field,
                           const char  *received_by)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *obj;
  const char *printed;

  g_return_val_if_fail (MC_IS_DOSSIER (dossier), NULL);
  g_return_val_if_fail (revision >= 1, NULL);

  node = mc_dossier_to_json (dossier);
  obj = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (local_members); i++)
    if (json_object_has_member (obj, local_members[i]))
      json_object_remove_member (obj, local_members[i]);
  /* No fees: no member, so a body built before fees were recorded hashes
   * the same as before (an acknowledged dossier is never a 409). */
  if (json_array_get_length (json_object_get_array_member (obj, "fees")) == 0)
    json_object_remove_member (obj, "fees");

  json_object_set_int_member (obj, "revision", revision);
  set_opt_string (obj, "procedure_national_code", procedure_national_code);
  set_opt_string (obj, "procedure_field", procedure_field);
  set_opt_string (obj, "received_by", received_by);

  /* The receipt's date, not a later new-date action's (§7.5 due_date). */
  printed = mc_dossier_get_printed_due_date (dossier);
  if (printed != NULL)
    json_object_set_string_member (obj, "due_date", printed);

  return g_steal_pointer (&node);
}

/* The clerk who received the dossier: the actor of its "received" event. */
static char *
find_received_by (McStore     *store,
                  const char  *uuid,
                  GError     **error)
{
  g_autoptr(GPtrArray) events = mc_store_list_events (store, uuid, error);

  if (events == NULL)
    return NULL;
  for (guint i = 0; i < events->len; i++)
    {
      McEvent *e = g_ptr_array_index (events, i);

      if (g_strcmp0 (e->kind, "received") == 0)
        return g_strdup (e->actor);
    }
  return g_strdup ("");
}

JsonNode *
mc_sync_build_revision_body (McStore     *store,
                             const char  *uuid,
                             int          revision,
                             GError     **error)
{
  /* A catalog that cannot be read only loses the optional members. */
  g_autoptr(McCatalog) catalog = mc_store_load_catalog (store, NULL);

  return mc_sync_build_revision_body_with (store, catalog, uuid, revision, error);
}

JsonNode *
mc_sync_build_revision_body_with (McStore     *store,
                                  McCatalog   *catalog,
                                  const char  *uuid,
                                  int          revision,
                                  GError     **error)
{
  g_autoptr(McDossier) dossier = NULL;
  g_autofree char *received_by = NULL;
  McProcedure *procedure = NULL;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  dossier = mc_store_load_dossier (store, uuid, error);
  if (dossier == NULL)
    return NULL;
  received_by = find_received_by (store, uuid, error);
  if (received_by == NULL)
    return NULL;

  if (catalog != NULL)
    procedure = mc_catalog_lookup (catalog, mc_dossier_get_procedure_code (dossier));

  return mc_dossier_to_upload_json (dossier, revision,
                                    procedure != NULL ? mc_procedure_get_national_code (procedure) : NULL,
                                    procedure != NULL ? mc_procedure_get_field (procedure) : NULL,
                                    received_by);
}
