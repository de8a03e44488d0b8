/* mc-sync-worker.c — one worker thread of the engine: a dossier's items
 * in order (docs/sync-protocol.md §9.2), each outcome recorded (§9.4)
 *
 * Each worker has its own SoupSession (blocking API) and takes one
 * dossier at a time; it reports to the thread that runs the engine
 * through mc_sync_engine_post () and never emits signals itself.
 */
#define G_LOG_DOMAIN "motcua-sync"

#include "config.h"


#include "mc-canon.h"
#include "mc-json.h"
#include "mc-limits.h"
#include "mc-sync-run-private.h"

#define MAX_MISSING_ROUNDS 3

typedef struct
{
  McSyncEngine *engine;
  McSyncHttp   *http;
  gsize         chunk_size;
} Worker;

static void
on_progress_cb (gint64   delta,
                gboolean resumed,
                gpointer user_data)
{
  Worker *w = user_data;

  if (!resumed)
    {
      g_atomic_int_inc (&w->engine->advances);
      mc_sync_engine_busy_reset (w->engine);   /* a chunk went through */
    }
  mc_sync_engine_post (w->engine, MC_SYNC_EVENT_PROGRESS, delta, NULL);
}

static McSyncResponse *
ok_response (void)
{
  McSyncResponse *r = g_new0 (McSyncResponse, 1);

  r->klass = MC_SYNC_CLASS_OK;
  r->retry_after = -1;
  return r;
}

static McSyncResponse *
failure (McSyncClass  klass,
         const char  *message)
{
  McSyncResponse *r = ok_response ();

  r->klass = klass;
  r->message = g_strdup (message);
  return r;
}

/* One attachment: HEAD first unless @known_missing, then tus. */
static McSyncResponse *
send_attachment (Worker      *w,
                 McSyncItem  *item,
                 JsonObject  *att,
                 gboolean     known_missing)
{
  McSyncEngine *self = w->engine;
  const char *sha = json_object_get_string_member_with_default (att, "sha256", NULL);
  gint64 size = json_object_get_int_member_with_default (att, "size", 0);
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  McTusFile file = { 0 };

  if (sha == NULL)
    return ok_response ();
  if (!known_missing)
    {
      g_autofree char *rel = g_strdup_printf ("api/v1/attachments/%s", sha);
      g_autoptr(GUri) uri = mc_sync_http_resolve (w->http, NULL, rel, NULL);
      McSyncResponse *r = mc_sync_http_send (w->http, MC_SYNC_REQUEST_ATTACHMENT_HEAD, "HEAD", uri, NULL, NULL,
                                             NULL, self->cancellable);
      if (r->klass == MC_SYNC_CLASS_OK)
        {
          /* already there: counts as sent */
          mc_sync_engine_post (self, MC_SYNC_EVENT_PROGRESS, size, NULL);
          return r;
        }
      if (r->klass != MC_SYNC_CLASS_RESUMABLE)
        return r;
      mc_sync_response_free (r);
    }

  path = mc_blobs_get_path (mc_store_get_blobs (self->store), sha);
  file.sha256 = sha;
  file.path = path;
  file.size = size;
  file.name = json_object_get_string_member_with_default (att, "name", sha);
  file.mime_type = json_object_get_string_member_with_default (att, "mime_type", "application/octet-stream");
  file.dossier_uuid = item->uuid;
  return mc_sync_tus_upload (w->http, self->store, self->tus_endpoint, &file, &url, &w->chunk_size, TRUE,
                             on_progress_cb, w, self->cancellable);
}

static JsonObject *
find_attachment (JsonArray  *atts,
                 const char *sha)
{
  for (guint i = 0; i < json_array_get_length (atts); i++)
    {
      JsonObject *a = json_array_get_object_element (atts, i);
      if (a != NULL && g_strcmp0 (json_object_get_string_member_with_default (a, "sha256", NULL), sha) == 0)
        return a;
    }
  return NULL;
}

/* @item's canonical body and its SHA-256: McSyncFreezeFunc, so that the
 * claim freezes it in its own transaction. */
static gboolean
build_body (McStore     *store,
            McSyncItem  *item,
            gpointer     user_data,
            GBytes     **body,
            char       **sha256,
            GError     **error)
{
  McSyncEngine *self = user_data;
  GBytes *canon = NULL;

  if (g_strcmp0 (item->kind, "revision") == 0)
    {
      g_autoptr(JsonNode) node = mc_sync_build_revision_body_with (store, self->catalog, item->uuid,
                                                                        item->revision, error);
      if (node != NULL)
        canon = mc_canon_from_node (node, error);
    }
  else
    canon = mc_canon_from_data (item->action_body != NULL ? item->action_body : "", -1, error);
  if (canon == NULL)
    return FALSE;
  *sha256 = mc_canon_sha256_hex (canon);
  *body = canon;
  return TRUE;
}

/* The body as frozen; built and frozen (committed) before the first PUT:
 * at the claim, or here if it could not be built then. */
static McSyncResponse *
ensure_frozen (Worker     *w,
               McSyncItem *item)
{
  McSyncEngine *self = w->engine;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) canon = NULL;
  g_autofree char *sha = NULL;

  if (item->body != NULL)
    return ok_response ();
  if (!build_body (self->store, item, self, &canon, &sha, &error))
    return failure (MC_SYNC_CLASS_PERMANENT, error->message);
  if (!mc_store_sync_freeze (self->store, item, canon, sha, &error))
    return failure (MC_SYNC_CLASS_TRANSIENT, error->message);
  return ok_response ();
}

static McSyncResponse *
put_item (Worker     *w,
          McSyncItem *item)
{
  g_autoptr(SoupMessageHeaders) extra = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autofree char *skew = g_strdup_printf ("%" G_GINT64_FORMAT, w->engine->skew);
  g_autofree char *rel = NULL;
  g_autoptr(GUri) uri = NULL;
  gboolean revision = g_strcmp0 (item->kind, "revision") == 0;

  rel = revision ? g_strdup_printf ("api/v1/dossiers/%s", item->uuid)
                 : g_strdup_printf ("api/v1/dossiers/%s/actions/%s", item->uuid, item->action_uuid);
  uri = mc_sync_http_resolve (w->http, NULL, rel, NULL);
  soup_message_headers_replace (extra, "MotCua-Clock-Skew", skew);
  return mc_sync_http_send (w->http, revision ? MC_SYNC_REQUEST_DOSSIER_PUT : MC_SYNC_REQUEST_ACTION_PUT, "PUT",
                            uri, extra, "application/json", item->body, w->engine->cancellable);
}

/* §9.2 for a frozen body: the attachments, then the PUT (re-sent as is),
 * uploading what the server says is missing, at most 3 rounds. Any other
 * resumable answer (404 dossier_not_found on an action) is the caller's. */
static McSyncResponse *
send_frozen (Worker     *w,
             McSyncItem *item)
{
  g_autoptr(JsonNode) body = NULL;
  JsonArray *atts = NULL;
  McSyncResponse *r;

  if (g_strcmp0 (item->kind, "revision") == 0 &&
      (body = mc_json_parse_bytes (item->body, MC_LIMIT_BODY_SIZE, NULL)) != NULL &&
      JSON_NODE_HOLDS_OBJECT (body))
    {
      JsonObject *root = json_node_get_object (body);
      if (json_object_has_member (root, "attachments"))
        atts = json_object_get_array_member (root, "attachments");
    }
  for (guint i = 0; atts != NULL && i < json_array_get_length (atts); i++)
    {
      r = send_attachment (w, item, json_array_get_object_element (atts, i), FALSE);
      if (r->klass != MC_SYNC_CLASS_OK)
        return r;
      mc_sync_response_free (r);
    }

  for (guint round = 0;; round++)
    {
      r = put_item (w, item);
      if (r->klass != MC_SYNC_CLASS_RESUMABLE || r->status != 422)
        return r;
      if (round >= MAX_MISSING_ROUNDS || atts == NULL)
        {
          /* 3 rounds of attachments_missing: try again later. */
          r->klass = MC_SYNC_CLASS_TRANSIENT;
          return r;
        }
      for (guint i = 0; r->missing != NULL && r->missing[i] != NULL; i++)
        {
          JsonObject *att = find_attachment (atts, r->missing[i]);
          McSyncResponse *up;

          if (att == NULL)
            continue;
          up = send_attachment (w, item, att, TRUE);
          if (up->klass != MC_SYNC_CLASS_OK)
            {
              mc_sync_response_free (r);
              return up;
            }
          mc_sync_response_free (up);
        }
      mc_sync_response_free (r);
    }
}

/* §7.6: the server does not hold the dossier an action is about (it lost
 * it, or this desk was enrolled with another server after the upload):
 * PUT the revision it acknowledged last, byte for byte, then the action. */
static McSyncResponse *
put_revision_then_action (Worker         *w,
                          McSyncItem     *item,
                          McSyncResponse *not_found)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McSyncItem) revision = mc_store_sync_acked_revision (w->engine->store, item->dossier_id, &error);
  McSyncResponse *r;

  if (revision == NULL)
    {
      g_debug ("Action %s: the server lacks dossier %s and no revision was acknowledged: later",
               item->action_uuid, item->uuid);
      not_found->klass = MC_SYNC_CLASS_TRANSIENT;
      return not_found;
    }
  mc_sync_response_free (not_found);
  g_debug ("Action %s: the server lacks dossier %s: revision %d first", item->action_uuid, item->uuid,
           revision->revision);
  r = send_frozen (w, revision);
  if (r->klass == MC_SYNC_CLASS_RESUMABLE)
    r->klass = MC_SYNC_CLASS_TRANSIENT;
  if (r->klass != MC_SYNC_CLASS_OK)
    return r;
  mc_sync_response_free (r);

  r = put_item (w, item);
  if (r->klass == MC_SYNC_CLASS_RESUMABLE)
    r->klass = MC_SYNC_CLASS_TRANSIENT;   /* still not found: later */
  return r;
}

static McSyncResponse *
send_item (Worker     *w,
           McSyncItem *item)
{
  McSyncResponse *r = ensure_frozen (w, item);

  if (r->klass != MC_SYNC_CLASS_OK)
    return r;
  mc_sync_response_free (r);

  r = send_frozen (w, item);
  if (r->klass == MC_SYNC_CLASS_RESUMABLE && r->status == 404 && g_strcmp0 (item->kind, "action") == 0)
    return put_revision_then_action (w, item, r);
  return r;
}

/* Records the outcome of @item. TRUE: the dossier may go on. */
static gboolean
settle (Worker         *w,
        McSyncItem     *item,
        McSyncResponse *r)
{
  McSyncEngine *self = w->engine;
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE, go_on = FALSE;
  gint64 wait_ms;

  switch (r->klass)
    {
    case MC_SYNC_CLASS_OK:
      {
        g_autofree char *result = NULL;
        const char *server_ref = NULL;

        if (r->body != NULL)
          result = g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));
        if (r->json != NULL && JSON_NODE_HOLDS_OBJECT (r->json))
          {
            JsonObject *o = json_node_get_object (r->json);
            const char *theirs = json_object_get_string_member_with_default (o, "body_sha256", NULL);

            server_ref = json_object_get_string_member_with_default (o, "server_ref", NULL);
            if (theirs != NULL && g_strcmp0 (theirs, item->body_sha256) != 0)
              g_warning ("Body hash differs: desk %s, server %s", item->body_sha256, theirs);
          }
        ok = mc_store_sync_acknowledge (self->store, item, result, server_ref, r->request_id, &error);
        go_on = ok;
        mc_sync_engine_busy_reset (self);
        g_atomic_int_inc (&self->advances);
        g_debug ("%s %d of %s acknowledged (%u)", item->kind, item->revision, item->uuid, r->status);
        break;
      }
    case MC_SYNC_CLASS_PERMANENT:
      ok = mc_store_sync_attention (self->store, item, r->status, r->message, r->field, r->request_id, &error);
      break;
    case MC_SYNC_CLASS_TRANSIENT:
    case MC_SYNC_CLASS_RESUMABLE:
      wait_ms = r->retry_after >= 0 ? mc_sync_retry_after_ms (r->retry_after)
              : mc_sync_backoff_ms (item->attempts + 1, mc_sync_backoff_base_ms (), mc_sync_backoff_cap_ms ());
      ok = mc_store_sync_retry (self->store, item, TRUE, mc_sync_now_ms () + wait_ms, r->status, r->message,
                                r->request_id, &error);
      break;
    case MC_SYNC_CLASS_BUSY:
      wait_ms = r->retry_after >= 0 ? mc_sync_retry_after_ms (r->retry_after) : mc_sync_engine_busy_backoff (self);
      mc_sync_engine_pause (self, wait_ms);
      g_debug ("Server busy (%u): the station waits %" G_GINT64_FORMAT " ms", r->status, wait_ms);
      /* Not the dossier's failure: no attempt counted. */
      ok = mc_store_sync_retry (self->store, item, FALSE, mc_sync_now_ms () + wait_ms, r->status, r->message,
                                r->request_id, &error);
      break;
    case MC_SYNC_CLASS_UNREACHABLE:
      /* Not a failure of the dossier in flight (§9.4): due again at once. */
      ok = mc_store_sync_retry (self->store, item, FALSE, mc_sync_now_ms (), 0, r->message, NULL, &error);
      mc_sync_engine_stop_all (self, FALSE, r->message);
      break;
    case MC_SYNC_CLASS_BLOCKED:
      ok = mc_store_sync_release (self->store, item, 0, &error);
      mc_sync_engine_stop_all (self, TRUE, r->message);
      break;
    case MC_SYNC_CLASS_CANCELLED:
    default:
      ok = mc_store_sync_release (self->store, item, 0, &error);
      break;
    }
  if (!ok)
    {
      g_warning ("Saving the outcome of an upload: %s", error->message);
      mc_sync_engine_stop_all (self, TRUE, error->message);
      return FALSE;
    }
  mc_sync_engine_post (self, MC_SYNC_EVENT_DOSSIER, 0, item->uuid);
  return go_on;
}

static gboolean
must_stop (McSyncEngine *self)
{
  gboolean stop;

  g_mutex_lock (&self->mutex);
  stop = self->unreachable || self->blocked || g_cancellable_is_cancelled (self->cancellable);
  g_mutex_unlock (&self->mutex);
  return stop;
}

/* Waits while the station is paused (429/503). FALSE: stop instead. */
static gboolean
wait_for_station (McSyncEngine *self)
{
  gboolean go = TRUE;

  g_mutex_lock (&self->mutex);
  while (go && self->pause_until > g_get_real_time ())
    {
      if (self->once || self->unreachable || self->blocked || g_cancellable_is_cancelled (self->cancellable))
        go = FALSE;
      else
        g_cond_wait_until (&self->cond, &self->mutex,
                           g_get_monotonic_time () + (self->pause_until - g_get_real_time ()));
    }
  if (self->unreachable || self->blocked || g_cancellable_is_cancelled (self->cancellable))
    go = FALSE;
  g_mutex_unlock (&self->mutex);
  return go;
}

gpointer
mc_sync_worker_main (gpointer data)
{
  McSyncEngine *self = data;
  g_autoptr(GError) error = NULL;
  Worker w = { self, NULL, self->chunk_size };

  w.http = mc_sync_http_new (self->server, self->token, self->ca, &error);
  if (w.http == NULL)
    {
      mc_sync_engine_stop_all (self, TRUE, error->message);
      mc_sync_engine_post (self, MC_SYNC_EVENT_WORKER_DONE, 0, NULL);
      return NULL;
    }
  mc_sync_http_set_skew (w.http, self->skew);

  while (!must_stop (self) && wait_for_station (self))
    {
      g_autoptr(McSyncItem) item = NULL;
      gint64 dossier_id;

      g_mutex_lock (&self->claim_lock);
      item = mc_store_sync_claim_frozen (self->store, mc_sync_now_ms (), self->busy, build_body, self, &error);
      if (item != NULL)
        g_hash_table_add (self->busy, g_memdup2 (&item->dossier_id, sizeof (gint64)));
      g_mutex_unlock (&self->claim_lock);
      if (item == NULL && error != NULL)
        {
          /* The store cannot be written (disk full, locked for 10 s): stop
           * the run with its message rather than probe again at once. */
          g_warning ("Reading the outbox: %s", error->message);
          mc_sync_engine_stop_all (self, TRUE, error->message);
        }
      if (item == NULL)
        break;
      dossier_id = item->dossier_id;
      mc_sync_engine_post (self, MC_SYNC_EVENT_DOSSIER, 0, item->uuid);

      /* The dossier's items in order, each after the previous is acknowledged. */
      while (item != NULL)
        {
          g_autoptr(McSyncResponse) r = send_item (&w, item);

          if (!settle (&w, item, r) || must_stop (self) || !wait_for_station (self))
            break;
          g_clear_pointer (&item, mc_sync_item_free);
          item = mc_store_sync_claim_next_frozen (self->store, dossier_id, mc_sync_now_ms (), build_body, self, NULL);
        }

      g_mutex_lock (&self->claim_lock);
      g_hash_table_remove (self->busy, &dossier_id);
      g_mutex_unlock (&self->claim_lock);
      mc_sync_engine_post (self, MC_SYNC_EVENT_DOSSIER_DONE, 0, NULL);
    }

  g_mutex_lock (&self->mutex);
  if (w.chunk_size < self->chunk_size)
    self->chunk_limit = w.chunk_size;   /* halved after 413 or a cut: keep it for this run */
  g_mutex_unlock (&self->mutex);
  mc_sync_http_free (w.http);
  mc_sync_engine_post (self, MC_SYNC_EVENT_WORKER_DONE, 0, NULL);
  return NULL;
}
