/* ms-forward.c — the forwarding engine (docs/connectors.md)
 *
 * One operation at a time on the main loop: deliver the oldest undelivered
 * item of the dossier that is due first, or look a delivered dossier up.
 * Items are queued in the transaction that accepts a revision or an
 * action (ms-dossiers.c), so nothing accepted is lost; an item is marked
 * done only after the other system answered success, so a kill in between
 * sends it again — the connector makes that harmless (update, not a second
 * create). A dossier's items go strictly in order; a refusal for good
 * blocks them (needs attention) until `forward-retry` or a new revision.
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <string.h>

#include "ms-forward.h"

#define IDLE_CHECK_MS     1000    /* new items, forward-retry from another process */
#define POLL_BATCH        50
#define DEFAULT_POLL_S    300
#define DEFAULT_FILE_TTL  (7 * 24 * 3600)
#define DEFAULT_RETRY_MIN 2000
#define DEFAULT_RETRY_MAX 600000

static const MsConnectorClass *connectors[] = { &ms_connector_dvcqg, NULL };

/* The engine's own config members; a connector kind lists its others. */
static const char * const engine_fields[] = {
  "kind", "poll_seconds", "files_base_url", "file_url_ttl_seconds", "retry_min_ms", "retry_max_ms", NULL,
};

/* A member nobody reads is a typo (a misspelt optional field would
 * otherwise be silently ignored): refused, named. */
static gboolean
check_members (JsonObject              *config,
               const MsConnectorClass  *klass,
               GError                 **error)
{
  g_autoptr(GList) members = json_object_get_members (config);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (engine_fields, l->data) && !g_strv_contains (klass->fields, l->data))
      {
        g_set_error (error, MS_ERROR, MS_ERROR_FAILED,
                     "--forward: trường “%s”: không có trường này cho loại “%s” (docs/connectors.md)",
                     (const char *) l->data, klass->kind);
        return FALSE;
      }
  return TRUE;
}

struct _MsForward
{
  MsServer               *server;
  const MsConnectorClass *klass;
  gpointer                connector;
  char                   *files_base_url;
  gint64                  file_ttl;
  gint64                  poll_ms;
  gint64                  retry_min_ms;
  gint64                  retry_max_ms;
  gboolean                busy;
  guint                   timer;
  gint64                  next_poll_ms;     /* unix ms */
  GPtrArray              *poll_queue;       /* MsForwardRow* still to look up this round */
};

static void schedule (MsForward *self, gint64 delay_ms);

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static gboolean
config_int (JsonObject  *config,
            const char  *field,
            gint64       min,
            gint64       max,
            gint64       fallback,
            gint64      *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (config, field);

  *out = fallback;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min || json_node_get_int (node) > max)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_FAILED,
                   "--forward: trường “%s”: phải là số nguyên từ %" G_GINT64_FORMAT " đến %" G_GINT64_FORMAT,
                   field, min, max);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

MsForward *
ms_forward_new (MsServer    *server,
                const char  *config_path,
                const char  *listen_url,
                GError     **error)
{
  g_autoptr(JsonObject) config = ms_forward_config_load (config_path, error);
  g_autofree char *config_dir = g_path_get_dirname (config_path);
  g_autoptr(GError) local = NULL;
  const char *kind;
  const char *base;
  MsForward *self;
  gint64 poll_s;

  if (config == NULL)
    return NULL;
  kind = ms_forward_config_string (config, "kind", TRUE, error);
  if (kind == NULL)
    return NULL;

  self = g_new0 (MsForward, 1);
  self->server = server;
  for (guint i = 0; connectors[i] != NULL; i++)
    if (g_str_equal (connectors[i]->kind, kind))
      self->klass = connectors[i];
  if (self->klass == NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_FAILED, "--forward: trường “kind”: không có loại kết nối “%s” (có: dvcqg)", kind);
      goto fail;
    }
  if (!check_members (config, self->klass, error) ||
      !config_int (config, "poll_seconds", 1, 86400, DEFAULT_POLL_S, &poll_s, error) ||
      !config_int (config, "file_url_ttl_seconds", 60, 30 * 86400, DEFAULT_FILE_TTL, &self->file_ttl, error) ||
      !config_int (config, "retry_min_ms", 10, 3600000, DEFAULT_RETRY_MIN, &self->retry_min_ms, error) ||
      !config_int (config, "retry_max_ms", 10, 86400000, DEFAULT_RETRY_MAX, &self->retry_max_ms, error))
    goto fail;
  self->poll_ms = poll_s * 1000;
  self->retry_max_ms = MAX (self->retry_max_ms, self->retry_min_ms);

  base = ms_forward_config_string (config, "files_base_url", FALSE, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      goto fail;
    }
  if (base != NULL && !ms_forward_config_url (config, "files_base_url", error))
    goto fail;
  self->files_base_url = g_strdup (base != NULL ? base : listen_url);   /* NULL: set once listening */

  self->connector = self->klass->create (config, config_dir, error);
  if (self->connector == NULL)
    goto fail;
  self->poll_queue = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_forward_row_free);
  return self;

fail:
  ms_forward_free (self);
  return NULL;
}

void
ms_forward_free (MsForward *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->timer, g_source_remove);
  if (self->connector != NULL)
    self->klass->free (self->connector);
  g_clear_pointer (&self->poll_queue, g_ptr_array_unref);
  g_free (self->files_base_url);
  g_free (self);
}

/* ---- delivering one item ---------------------------------------------------- */

typedef struct
{
  MsForward     *self;
  MsForwardItem  item;
  char          *uuid;
  char          *code;
  gint64         attempts;
  MsForwardEntry *entry;
  JsonNode      *dossier;
  JsonNode      *action;
  GPtrArray     *nodes;          /* JsonNode* kept alive for item.supplements */
  MsStation     *station;
} SendCtx;

static void
send_ctx_free (SendCtx *ctx)
{
  g_free (ctx->uuid);
  g_free (ctx->code);
  ms_forward_entry_free (ctx->entry);
  g_clear_pointer (&ctx->dossier, json_node_unref);
  g_clear_pointer (&ctx->action, json_node_unref);
  g_clear_pointer (&ctx->nodes, g_ptr_array_unref);
  g_clear_pointer (&ctx->item.supplements, g_ptr_array_unref);
  g_clear_pointer (&ctx->item.file_urls, g_ptr_array_unref);
  ms_station_free (ctx->station);
  g_free (ctx);
}

static JsonNode *
parse_text (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));

  return ms_parse_json (bytes, NULL);
}

/* The station sees a refusal for good as a refusal of the dossier (state 3)
 * with the other system's message. */
static void
report_refusal (MsForward  *self,
                const char *uuid,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsDossier) d = NULL;
  g_autofree char *now = ms_now_string ();
  g_autofree char *text = g_strdup_printf ("Hệ thống một cửa của tỉnh không nhận hồ sơ: %s", message);
  MsChange change = { 0 };
  sqlite3 *db = self->server->db;

  if (!ms_db_begin (db, &error))
    goto fail;
  d = ms_db_dossier_get (db, uuid, &error);
  if (d == NULL)
    goto fail;
  d->state_code = 3;
  d->last_seq++;
  change.station_id = d->station_id;
  change.uuid = d->uuid;
  change.seq = d->last_seq;
  change.kind = (char *) "state";
  change.at = now;
  change.state_code = 3;
  change.due_date = d->due_date;
  change.source = (char *) "server";
  change.message = text;
  if (!ms_db_dossier_update (db, d, &error) || ms_db_change_insert (db, &change, &error) == 0 ||
      !ms_db_commit (db, &error))
    goto fail;
  return;

fail:
  ms_db_rollback (db);
  g_warning ("forward: could not record the refusal of %s: %s", uuid, error ? error->message : "?");
}

static void
on_sent (MsForwardResult *result,
         gpointer         user_data)
{
  SendCtx *ctx = user_data;
  MsForward *self = ctx->self;
  sqlite3 *db = self->server->db;
  g_autoptr(GError) error = NULL;

  switch (result->outcome)
    {
    case MS_FORWARD_OK:
      g_debug ("forward: %s item %" G_GINT64_FORMAT " (%s) delivered", ctx->code, ctx->entry->id, ctx->entry->kind);
      if (!ms_db_forward_item_done (db, ctx->uuid, ctx->entry->id, &error))
        g_warning ("forward: %s", error->message);
      break;
    case MS_FORWARD_RETRY:
      {
        gint64 attempts = MIN (ctx->attempts, 30);
        gint64 delay = self->retry_min_ms;

        for (gint64 i = 0; i < attempts && delay < self->retry_max_ms; i++)
          delay *= 2;
        delay = MIN (delay, self->retry_max_ms);
        delay = delay / 2 + (gint64) g_random_int_range (0, (gint32) MIN (delay / 2 + 1, G_MAXINT32));
        g_debug ("forward: %s not delivered (%s), again in %" G_GINT64_FORMAT " ms", ctx->code, result->message, delay);
        if (!ms_db_forward_attempt_failed (db, ctx->uuid, "queued", result->message, result->maybe_sent,
                                           now_ms () + delay, &error))
          g_warning ("forward: %s", error->message);
        break;
      }
    case MS_FORWARD_REFUSED:
    default:
      /* A new revision accepted while this one was in flight replaced it:
       * the refusal concerns data that no longer counts. */
      if (ms_db_forward_item_superseded (db, ctx->entry->id))
        {
          g_message ("forward: %s: refusal of a superseded revision, the new one goes next: %s",
                     ctx->code, result->message);
          if (!ms_db_forward_attempt_failed (db, ctx->uuid, "queued", result->message, FALSE, 0, &error))
            g_warning ("forward: %s", error->message);
          break;
        }
      g_message ("forward: %s refused by the one-stop system: %s", ctx->code, result->message);
      if (!ms_db_forward_attempt_failed (db, ctx->uuid, "needs_attention", result->message, FALSE, 0, &error))
        g_warning ("forward: %s", error->message);
      else
        report_refusal (self, ctx->uuid, result->message);
      break;
    }
  send_ctx_free (ctx);
  self->busy = FALSE;
  schedule (self, 0);
}

static gboolean
prepare_item (MsForward    *self,
              MsForwardRow *row,
              SendCtx      *ctx,
              GError      **error)
{
  sqlite3 *db = self->server->db;
  g_autofree char *body = NULL;
  g_autoptr(MsDossier) d = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  JsonArray *attachments;
  gint64 expires = g_get_real_time () / G_USEC_PER_SEC + self->file_ttl;

  ctx->entry = ms_db_forward_first_item (db, row->uuid, error);
  if (ctx->entry == NULL)
    return FALSE;
  body = ms_db_revision_body (db, row->uuid, ctx->entry->revision, error);
  d = body != NULL ? ms_db_dossier_get (db, row->uuid, error) : NULL;
  if (d == NULL)
    return FALSE;
  ctx->dossier = parse_text (body);
  if (ctx->dossier == NULL || !JSON_NODE_HOLDS_OBJECT (ctx->dossier))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_FAILED, "stored body of %s unreadable", row->code);
      return FALSE;
    }
  ctx->station = ms_db_station_get (db, d->station_id, NULL);

  actions = ms_db_forward_action_bodies (db, row->uuid, ctx->entry->id, error);
  if (actions == NULL)
    return FALSE;
  ctx->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  ctx->item.supplements = g_ptr_array_new ();
  for (guint i = 0; i < actions->len; i++)
    {
      JsonNode *node = parse_text (actions->pdata[i]);

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          g_clear_pointer (&node, json_node_unref);
          continue;
        }
      g_ptr_array_add (ctx->nodes, node);
      if (g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (node), "action", ""),
                     "supplement") == 0)
        g_ptr_array_add (ctx->item.supplements, json_node_get_object (node));
    }
  if (g_str_equal (ctx->entry->kind, "action") && ctx->nodes->len > 0)
    ctx->item.action = json_node_get_object (ctx->nodes->pdata[ctx->nodes->len - 1]);

  ctx->item.file_urls = g_ptr_array_new_with_free_func (g_free);
  attachments = json_object_get_array_member (json_node_get_object (ctx->dossier), "attachments");
  for (guint i = 0; attachments != NULL && i < json_array_get_length (attachments); i++)
    {
      JsonObject *a = json_array_get_object_element (attachments, i);

      g_ptr_array_add (ctx->item.file_urls,
                       ms_forward_file_url (self->server->file_key, self->files_base_url,
                                            json_object_get_string_member (a, "sha256"), expires));
    }

  ctx->uuid = g_strdup (row->uuid);
  ctx->code = g_strdup (row->code);
  ctx->attempts = row->attempts;
  ctx->item.id = ctx->entry->id;
  ctx->item.uuid = ctx->uuid;
  ctx->item.code = ctx->code;
  ctx->item.create = !row->remote_created;
  ctx->item.maybe_sent = row->maybe_sent;
  ctx->item.dossier = json_node_get_object (ctx->dossier);
  ctx->item.state_code = ctx->entry->state_code;
  ctx->item.due_date = ctx->entry->due_date;
  ctx->item.accepted_at = ctx->entry->at;
  ctx->item.agency_code = ctx->station != NULL ? ctx->station->agency_code : NULL;
  ctx->item.agency_name = ctx->station != NULL ? ctx->station->agency_name : NULL;
  return TRUE;
}

static void
send_row (MsForward    *self,
          MsForwardRow *row)
{
  SendCtx *ctx = g_new0 (SendCtx, 1);
  g_autoptr(GError) error = NULL;

  ctx->self = self;
  if (!prepare_item (self, row, ctx, &error))
    {
      /* Nothing left for it (or unreadable): park it where an operator sees it. */
      g_warning ("forward: %s: %s", row->code, error->message);
      ms_db_forward_attempt_failed (self->server->db, row->uuid, "needs_attention", error->message, FALSE, 0, NULL);
      send_ctx_free (ctx);
      schedule (self, 0);
      return;
    }
  /* Written before the first create leaves: a kill after the other system
   * stored it but before item_done committed must not make the next
   * attempt a blind create (ms-forward-dvcqg.c looks it up first). */
  if (ctx->item.create && !ctx->item.maybe_sent &&
      !ms_db_forward_mark_maybe_sent (self->server->db, row->uuid, &error))
    {
      g_warning ("forward: %s: %s", row->code, error->message);
      send_ctx_free (ctx);
      schedule (self, IDLE_CHECK_MS);
      return;
    }
  self->busy = TRUE;
  self->klass->send (self->connector, &ctx->item, on_sent, ctx);
}

/* ---- status polling --------------------------------------------------------- */

typedef struct
{
  MsForward    *self;
  MsForwardRow *row;
} LookupCtx;

static char *
handler_text (const MsForwardStatus *status)
{
  if (status->handler_name == NULL && status->handler_unit == NULL)
    return NULL;
  return ms_json_handler (status->handler_name, status->handler_title, status->handler_unit);
}

/* A changed TrangThaiHoSo becomes a change for the station, unless the
 * dossier got a new item meanwhile (its state is then ours to send). */
static void
apply_status (MsForward             *self,
              const MsForwardRow    *row,
              const MsForwardStatus *status)
{
  sqlite3 *db = self->server->db;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsDossier) d = NULL;
  g_autoptr(MsForwardEntry) pending = NULL;
  g_autofree char *now = ms_now_string ();
  g_autofree char *handler = handler_text (status);
  MsChange change = { 0 };

  if (!ms_db_begin (db, &error))
    goto fail;
  pending = ms_db_forward_first_item (db, row->uuid, NULL);
  if (pending != NULL)
    {
      ms_db_rollback (db);
      return;
    }
  d = ms_db_dossier_get (db, row->uuid, &error);
  if (d == NULL)
    goto fail;
  if (d->state_code != status->state_code)
    {
      d->state_code = status->state_code;
      d->last_seq++;
      change.station_id = d->station_id;
      change.uuid = d->uuid;
      change.seq = d->last_seq;
      change.kind = (char *) "state";
      change.at = now;
      change.state_code = status->state_code;
      change.due_date = d->due_date;
      change.source = (char *) "server";
      change.handler = handler;
      change.message = status->message;
      if (!ms_db_dossier_update (db, d, &error) || ms_db_change_insert (db, &change, &error) == 0)
        goto fail;
      g_debug ("forward: %s is now %" G_GINT64_FORMAT " in the one-stop system", row->code, status->state_code);
    }
  if (!ms_db_forward_set_remote_state (db, row->uuid, status->state_code, &error) ||
      !ms_db_commit (db, &error))
    goto fail;
  return;

fail:
  ms_db_rollback (db);
  g_warning ("forward: status of %s: %s", row->code, error != NULL ? error->message : "?");
}

static void
on_looked_up (MsForwardStatus *status,
              const char      *error_text,
              gpointer         user_data)
{
  LookupCtx *ctx = user_data;
  MsForward *self = ctx->self;

  if (status == NULL)
    {
      /* Counted as polled all the same: dossiers whose lookups keep failing
       * would otherwise fill every batch and starve the others. */
      g_debug ("forward: TraCuu %s failed: %s", ctx->row->code, error_text);
      ms_db_forward_set_remote_state (self->server->db, ctx->row->uuid, 0, NULL);
    }
  else if (status->found && status->state_code >= 1 && status->state_code <= 10)
    apply_status (self, ctx->row, status);
  else
    ms_db_forward_set_remote_state (self->server->db, ctx->row->uuid, 0, NULL);
  ms_forward_row_free (ctx->row);
  g_free (ctx);
  self->busy = FALSE;
  schedule (self, 0);
}

static gboolean
poll_next (MsForward *self)
{
  LookupCtx *ctx;

  if (self->poll_queue->len == 0)
    {
      g_autoptr(GPtrArray) batch = NULL;

      if (now_ms () < self->next_poll_ms)
        return FALSE;
      self->next_poll_ms = now_ms () + self->poll_ms;
      batch = ms_db_forward_poll_batch (self->server->db, POLL_BATCH, NULL);
      if (batch == NULL || batch->len == 0)
        return FALSE;
      /* Taken from the end: keep the order by reversing. */
      for (guint i = batch->len; i > 0; i--)
        g_ptr_array_add (self->poll_queue, g_ptr_array_steal_index (batch, i - 1));
    }
  ctx = g_new0 (LookupCtx, 1);
  ctx->self = self;
  ctx->row = g_ptr_array_steal_index (self->poll_queue, self->poll_queue->len - 1);
  self->busy = TRUE;
  self->klass->lookup (self->connector, ctx->row->code, on_looked_up, ctx);
  return TRUE;
}

/* ---- the loop ------------------------------------------------------------------ */

static gboolean
on_tick (gpointer user_data)
{
  MsForward *self = user_data;
  g_autoptr(MsForwardRow) row = NULL;
  gint64 next;
  gint64 delay = IDLE_CHECK_MS;

  self->timer = 0;
  if (self->busy)
    return G_SOURCE_REMOVE;
  row = ms_db_forward_next_due (self->server->db, now_ms (), NULL);
  if (row != NULL)
    {
      send_row (self, row);
      return G_SOURCE_REMOVE;
    }
  if (poll_next (self))
    return G_SOURCE_REMOVE;

  next = ms_db_forward_next_time (self->server->db);
  if (next > 0)
    delay = MIN (delay, MAX (next - now_ms (), 0));
  delay = MIN (delay, MAX (self->next_poll_ms - now_ms (), 0));
  schedule (self, MAX (delay, 10));
  return G_SOURCE_REMOVE;
}

static void
schedule (MsForward *self,
          gint64     delay_ms)
{
  if (self->busy)
    return;
  g_clear_handle_id (&self->timer, g_source_remove);
  if (delay_ms <= 0)
    self->timer = g_idle_add (on_tick, self);
  else
    self->timer = g_timeout_add ((guint) delay_ms, on_tick, self);
}

/* The default base of attachment URLs: where this server listens. */
void
ms_forward_set_listen_url (MsForward  *self,
                           const char *url)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  g_autoptr(GInetAddress) host = uri != NULL ? g_inet_address_new_from_string (g_uri_get_host (uri)) : NULL;

  if (self->files_base_url != NULL)
    return;
  self->files_base_url = g_strdup (url);
  if (host != NULL && g_inet_address_get_is_any (host))
    g_message ("forward: attachment links will point at %s, which the one-stop system cannot reach; "
               "set files_base_url in the --forward config", url);
}

void
ms_forward_start (MsForward *self)
{
  self->next_poll_ms = now_ms () + self->poll_ms;
  schedule (self, 0);
}

void
ms_forward_kick (MsForward *self)
{
  if (self != NULL && !self->busy)
    schedule (self, 0);
}
