/* mc-sync-pull.c — what the engine fetches: status changes (/changes with
 * a cursor, docs/sync-protocol.md §7.8) and the catalog (If-None-Match,
 * §7.2). Runs in the thread that runs the engine. */
#define G_LOG_DOMAIN "motcua-sync"

#include "config.h"


#include "mc-sync-run-private.h"

void
mc_sync_pull_changes (McSyncEngine *self,
                      McSyncHttp   *http)
{
  gboolean reset = FALSE;

  for (guint page = 0; page < 1000; page++)
    {
      g_autofree char *cursor = mc_store_get_setting (self->store, MC_SYNC_SETTING_CURSOR);
      g_autofree char *rel = NULL;
      g_autoptr(GUri) uri = NULL;
      g_autoptr(McSyncResponse) r = NULL;
      g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      JsonObject *o;
      const char *next;

      if (cursor != NULL && *cursor != '\0')
        {
          g_autofree char *esc = g_uri_escape_string (cursor, NULL, FALSE);
          rel = g_strdup_printf ("api/v1/changes?since=%s&limit=%" G_GINT64_FORMAT, esc, self->changes_page_max);
        }
      else
        rel = g_strdup_printf ("api/v1/changes?limit=%" G_GINT64_FORMAT, self->changes_page_max);
      uri = mc_sync_http_resolve (http, NULL, rel, NULL);
      r = mc_sync_http_send (http, MC_SYNC_REQUEST_CHANGES, "GET", uri, NULL, NULL, NULL, self->cancellable);
      if (r->klass == MC_SYNC_CLASS_RESUMABLE && !reset)
        {
          /* §7.8: drop the cursor, start again, seq filters what we have. */
          reset = TRUE;
          mc_store_delete_setting (self->store, MC_SYNC_SETTING_CURSOR, NULL);
          continue;
        }
      if (r->klass == MC_SYNC_CLASS_BUSY)
        {
          mc_sync_engine_pause (self, r->retry_after >= 0 ? mc_sync_retry_after_ms (r->retry_after)
                                                          : mc_sync_engine_busy_backoff (self));
          return;
        }
      if (r->klass != MC_SYNC_CLASS_OK || r->json == NULL || !JSON_NODE_HOLDS_OBJECT (r->json))
        {
          g_debug ("Changes not pulled: %s", r->message != NULL ? r->message : "?");
          if (r->klass == MC_SYNC_CLASS_UNREACHABLE)
            mc_sync_engine_stop_all (self, FALSE, r->message);
          return;
        }
      o = json_node_get_object (r->json);
      next = json_object_get_string_member_with_default (o, "next_cursor", NULL);
      if (next == NULL)
        return;
      if (!mc_store_sync_apply_changes (self->store,
                                        json_object_has_member (o, "changes")
                                          ? json_object_get_array_member (o, "changes") : NULL,
                                        next, changed, &error))
        {
          g_warning ("Saving the server's changes: %s", error->message);
          return;
        }
      for (guint i = 0; i < changed->len; i++)
        g_signal_emit_by_name (self, "dossier-changed", g_ptr_array_index (changed, i));
      if (!json_object_get_boolean_member_with_default (o, "has_more", FALSE))
        return;
    }
}

static gboolean
import_part (McSyncEngine *self,
             JsonObject   *root,
             const char   *name,
             const char   *etag)
{
  JsonNode *part = json_object_get_member (root, name);
  g_autofree char *text = NULL;
  g_autofree char *source = g_strdup_printf ("server %s", etag != NULL ? etag : "");
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (part == NULL)
    return g_strcmp0 (name, "holidays") == 0;   /* catalog is required */
  if (JSON_NODE_HOLDS_NULL (part))
    return TRUE;   /* no holiday data: the bundled one stays */
  text = json_to_string (part, FALSE);
  ok = g_strcmp0 (name, "catalog") == 0
         ? mc_store_import_catalog (self->store, text, strlen (text), source, &error)
         : mc_store_import_holiday_data (self->store, text, strlen (text), source, &error);
  if (!ok)
    g_message ("The server's %s was not applied: %s", name, error->message);
  return ok;
}

void
mc_sync_refresh_catalog (McSyncEngine *self,
                         McSyncHttp   *http)
{
  g_autofree char *etag = mc_store_get_setting (self->store, MC_SYNC_SETTING_CATALOG_ETAG);
  g_autoptr(SoupMessageHeaders) extra = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(McSyncResponse) r = NULL;
  const char *new_etag;
  JsonObject *root;
  gboolean ok;

  if (etag != NULL && self->info_etag != NULL && g_strcmp0 (etag, self->info_etag) == 0)
    return;
  if (etag != NULL)
    soup_message_headers_replace (extra, "If-None-Match", etag);
  uri = mc_sync_http_resolve (http, NULL, "api/v1/catalog", NULL);
  r = mc_sync_http_send (http, MC_SYNC_REQUEST_CATALOG, "GET", uri, extra, NULL, NULL, self->cancellable);
  if (r->klass == MC_SYNC_CLASS_BUSY)
    mc_sync_engine_pause (self, r->retry_after >= 0 ? mc_sync_retry_after_ms (r->retry_after)
                                                    : mc_sync_engine_busy_backoff (self));
  if (r->klass != MC_SYNC_CLASS_OK || r->status == 304)
    return;
  if (r->json == NULL || !JSON_NODE_HOLDS_OBJECT (r->json))
    return;
  root = json_node_get_object (r->json);
  new_etag = soup_message_headers_get_one (r->headers, "ETag");
  /* Each part checked alone; the ETag kept only when both applied, so
   * a bad part is fetched again next time (§7.2). */
  ok = import_part (self, root, "catalog", new_etag);
  ok = import_part (self, root, "holidays", new_etag) && ok;
  if (ok && new_etag != NULL)
    mc_store_set_setting (self->store, MC_SYNC_SETTING_CATALOG_ETAG, new_etag, NULL);
}
