/* mc-sync-info.c — who the desk says it is, and what the server says it
 * is (docs/sync-protocol.md §4.1)
 *
 * Every GET /api/v1/info (enrolment and each probe) carries the station
 * identity of the desk's own settings in `MotCua-Station`; a server binds
 * a token issued without one to it on the first. The answer's station is
 * then checked against the same settings.
 */
#define G_LOG_DOMAIN "motcua-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-sync-private.h"

/* Here, not in mc-sync-config.c, which calls this file: no cycle of files. */
G_DEFINE_QUARK (mc-sync-error-quark, mc_sync_error)

const char *
mc_sync_json_string (JsonObject *obj,
                     const char *member)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, member) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
mc_sync_check_info (McStore     *store,
                    JsonObject  *info,
                    char       **station_label,
                    GError     **error)
{
  g_autoptr(McStation) station = NULL;
  const char *version = mc_sync_json_string (info, "protocol_version");
  JsonObject *st = NULL;
  JsonNode *node;
  const char *agency;

  if (version == NULL || !g_str_has_prefix (version, "1."))
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BLOCKED,
                   _("The server speaks sync protocol version %s, which this MotCua Desk does not: "
                     "it needs a different version of MotCua Desk"),
                   version != NULL ? version : "?");
      return FALSE;
    }

  station = mc_store_get_station (store, error);
  if (station == NULL)
    return FALSE;

  node = json_object_get_member (info, "station");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    st = json_node_get_object (node);

  agency = mc_sync_json_string (st, "agency_code");
  if (agency != NULL && g_strcmp0 (agency, station->agency_code) != 0)
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BLOCKED,
                   _("The token belongs to unit %s, but this PC is set up for unit %s: "
                     "ask the province for this PC's own token"),
                   agency, station->agency_code);
      return FALSE;
    }
  node = st != NULL ? json_object_get_member (st, "station_number") : NULL;
  if (node != NULL && JSON_NODE_TYPE (node) == JSON_NODE_VALUE &&
      json_node_get_value_type (node) == G_TYPE_INT64 &&
      json_node_get_int (node) != (gint64) station->station)
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BLOCKED,
                   _("The token belongs to station %d, but this PC is station %u: "
                     "ask the province for this PC's own token, or check the station number"),
                   (int) json_node_get_int (node), station->station);
      return FALSE;
    }

  if (station_label != NULL)
    *station_label = g_strdup (mc_sync_json_string (st, "name"));
  return TRUE;
}

char *
mc_sync_station_header (McStore *store)
{
  g_autoptr(McStation) station = mc_store_get_station (store, NULL);

  if (station == NULL || station->agency_code == NULL)
    return NULL;
  return g_strdup_printf ("%s/%u", station->agency_code, station->station);
}

char *
mc_sync_station_refusal (McStore    *store,
                         const char *code)
{
  g_autoptr(McStation) station = NULL;

  if (g_strcmp0 (code, "station_taken") != 0)
    return NULL;
  station = mc_store_get_station (store, NULL);
  if (station == NULL)
    return NULL;
  /* The desk's own words, with its own settings: what to change is here. */
  return g_strdup_printf (_("Another PC is already enrolled with the server as station %u of unit %s, and two "
                            "PCs must not use the same station number. Give this PC another station number "
                            "(Preferences → Desk), or ask the province to revoke the other PC's token, then "
                            "enrol again"), station->station, station->agency_code);
}
