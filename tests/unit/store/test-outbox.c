/* test-outbox.c — the upload outbox in the store, enrolment checks (no network) */
#include "test-util.h"

#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "mc-store.h"
#include "mc-store-outbox.h"
#include "mc-store-private.h"
#include "mc-sync-private.h"
#include "outbox-fixture.h"

static GPtrArray *
list_outbox (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = mc_store_list_outbox (f->store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (items);
  return items;
}

static void
test_insert_queues_revision_1 (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(McDossier) d = insert_sample (f, "Đặng Thị Ánh", "2026-11-23T09:15:00+07:00");
  g_autoptr(McDossier) loaded = NULL;
  g_autoptr(GPtrArray) items = list_outbox (f);
  g_autoptr(GError) error = NULL;
  McOutboxItem *item;
  McOutboxState state;

  (void) data;
  g_assert_cmpuint (items->len, ==, 1);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (item->uuid, ==, mc_dossier_get_uuid (d));
  g_assert_cmpstr (item->code, ==, mc_dossier_get_code (d));
  g_assert_cmpstr (item->kind, ==, "revision");
  g_assert_cmpint (item->revision, ==, 1);
  g_assert_null (item->action);
  g_assert_cmpint (item->state, ==, MC_OUTBOX_QUEUED);
  g_assert_cmpuint (item->attempts, ==, 0);
  g_assert_cmpint (item->next_attempt_at, ==, 0);
  g_assert_null (item->last_error);

  loaded = mc_store_load_dossier (f->store, mc_dossier_get_code (d), &error);
  g_assert_no_error (error);
  g_assert_true (mc_dossier_get_sync_state (loaded, &state));
  g_assert_cmpint (state, ==, MC_OUTBOX_QUEUED);
  g_assert_cmpstr (mc_dossier_get_printed_due_date (loaded), ==, "2026-11-24");
  g_assert_cmpint (mc_dossier_get_server_state_code (loaded), ==, 0);
  g_assert_null (mc_dossier_get_server_ref (loaded));
}

static void
test_failed_insert_queues_nothing (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(McDossier) d = mc_test_sample_dossier ("Mai Thị Hoa", "001185012345", "2026-11-23T09:15:00+07:00");
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  McAttachment *a = g_new0 (McAttachment, 1);

  (void) data;
  /* Its file is not in the blob store: the save fails after the dossier
   * row was written, and the outbox row goes with it. */
  a->name = g_strdup ("missing.pdf");
  a->sha256 = g_strnfill (64, 'a');
  a->size = 10;
  a->mime_type = g_strdup ("application/pdf");
  mc_dossier_add_attachment (d, a);
  g_assert_false (mc_store_insert_dossier (f->store, d, NULL, "lan.nt", &error));
  g_assert_nonnull (error);

  items = list_outbox (f);
  g_assert_cmpuint (items->len, ==, 0);
  count = mc_test_db_text (f->dir, "SELECT count(*) FROM outbox");
  g_assert_cmpstr (count, ==, "0");
}

static void
correct_name (Fixture    *f,
              McDossier  *d,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) current = mc_store_load_dossier (f->store, mc_dossier_get_uuid (d), &error);

  g_assert_no_error (error);
  mc_dossier_set_applicant_name (current, name);
  g_assert_true (mc_store_update_dossier (f->store, current, "lan.nt", "Sai chính tả", &error));
  g_assert_no_error (error);
}

static void
test_correction_before_send (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(McDossier) d = insert_sample (f, "Đặng Thị Anh", "2026-11-23T09:15:00+07:00");
  g_autoptr(GPtrArray) items = NULL;

  (void) data;
  correct_name (f, d, "Đặng Thị Ánh");
  items = list_outbox (f);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpint (((McOutboxItem *) g_ptr_array_index (items, 0))->revision, ==, 1);
}

static void
test_correction_after_freeze (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(McDossier) d = insert_sample (f, "Đặng Thị Anh", "2026-11-23T09:15:00+07:00");
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  McOutboxItem *second;

  (void) data;
  /* What the engine does as the PUT leaves: the body is frozen. */
  mc_test_db_exec (f->dir, "UPDATE outbox SET body = x'7b7d', body_sha256 = 'x', state = 'sending'");
  correct_name (f, d, "Đặng Thị Ánh");

  items = list_outbox (f);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpint (((McOutboxItem *) g_ptr_array_index (items, 0))->revision, ==, 1);
  g_assert_cmpint (((McOutboxItem *) g_ptr_array_index (items, 0))->state, ==, MC_OUTBOX_SENDING);
  second = g_ptr_array_index (items, 1);
  g_assert_cmpstr (second->kind, ==, "revision");
  g_assert_cmpint (second->revision, ==, 2);
  g_assert_cmpint (second->state, ==, MC_OUTBOX_QUEUED);
  g_clear_pointer (&items, g_ptr_array_unref);

  /* A second correction while revision 2 is unsent keeps it. */
  correct_name (f, d, "Đặng Thị Ánh Hồng");
  items = list_outbox (f);
  g_assert_cmpuint (items->len, ==, 2);

  /* Revision 1 acknowledged: only revision 2 is left. */
  mc_test_db_exec (f->dir, "UPDATE outbox SET state = 'done' WHERE revision = 1");
  g_clear_pointer (&items, g_ptr_array_unref);
  items = list_outbox (f);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpint (((McOutboxItem *) g_ptr_array_index (items, 0))->revision, ==, 2);
  g_assert_no_error (error);
}

static void
test_action_queued (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(McDossier) d = insert_sample (f, "Đặng Thị Ánh", "2026-11-23T09:15:00+07:00");
  g_autoptr(McDossier) loaded = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *uuid = NULL;
  g_autofree char *body = NULL;
  g_autofree char *stop_body = NULL;
  JsonObject *obj;
  McOutboxItem *item;

  (void) data;
  g_assert_true (mc_store_record_desk_action (f->store, mc_dossier_get_code (d), MC_DESK_ACTION_NEW_DATE,
                                              "Cần xác minh", "2026-12-02", "lan.nt", &error));
  g_assert_no_error (error);

  items = list_outbox (f);
  g_assert_cmpuint (items->len, ==, 2);
  item = g_ptr_array_index (items, 1);
  g_assert_cmpstr (item->kind, ==, "action");
  g_assert_cmpstr (item->action, ==, "new-date");

  uuid = mc_test_db_text (f->dir, "SELECT action_uuid FROM outbox WHERE kind = 'action'");
  g_assert_nonnull (uuid);
  g_assert_true (g_uuid_string_is_valid (uuid));
  body = mc_test_db_text (f->dir, "SELECT action_body FROM outbox WHERE kind = 'action'");
  g_assert_true (json_parser_load_from_data (parser, body, -1, &error));
  obj = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (obj, "action"), ==, "new-date");
  g_assert_cmpstr (json_object_get_string_member (obj, "actor"), ==, "lan.nt");
  g_assert_cmpstr (json_object_get_string_member (obj, "reason"), ==, "Cần xác minh");
  g_assert_cmpstr (json_object_get_string_member (obj, "new_due_date"), ==, "2026-12-02");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (obj, "at"), "+07:00"));
  g_assert_cmpuint (json_object_get_size (obj), ==, 5);

  /* The receipt's date stays what was printed. */
  loaded = mc_store_load_dossier (f->store, mc_dossier_get_code (d), &error);
  g_assert_cmpstr (mc_dossier_get_due_date (loaded), ==, "2026-12-02");
  g_assert_cmpstr (mc_dossier_get_printed_due_date (loaded), ==, "2026-11-24");
  g_clear_object (&loaded);

  /* A stop is a state now, and its body has no new_due_date. */
  g_assert_true (mc_store_record_desk_action (f->store, mc_dossier_get_code (d), MC_DESK_ACTION_STOP,
                                              "Công dân xin rút", NULL, "lan.nt", &error));
  g_assert_no_error (error);
  loaded = mc_store_load_dossier (f->store, mc_dossier_get_code (d), &error);
  g_assert_cmpint (mc_dossier_get_state (loaded), ==, MC_DOSSIER_STATE_STOPPED);
  stop_body = mc_test_db_text (f->dir, "SELECT action_body FROM outbox WHERE kind = 'action' ORDER BY id DESC");
  g_assert_null (strstr (stop_body, "new_due_date"));
  g_assert_nonnull (strstr (stop_body, "\"stop\""));
}

static void
test_upload_body (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(McDossier) d = insert_sample (f, "Đặng Thị Ánh", "2026-11-23T09:15:00+07:00");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *obj;

  (void) data;
  g_assert_true (mc_store_record_desk_action (f->store, mc_dossier_get_code (d), MC_DESK_ACTION_NEW_DATE,
                                              "Cần xác minh", "2026-12-02", "lan.nt", &error));
  node = mc_sync_build_revision_body (f->store, mc_dossier_get_uuid (d), 1, &error);
  g_assert_no_error (error);
  obj = json_node_get_object (node);
  g_assert_false (json_object_has_member (obj, "state"));
  g_assert_false (json_object_has_member (obj, "sync_state"));
  g_assert_false (json_object_has_member (obj, "printed_due_date"));
  g_assert_cmpint (json_object_get_int_member (obj, "revision"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (obj, "uuid"), ==, mc_dossier_get_uuid (d));
  g_assert_cmpstr (json_object_get_string_member (obj, "due_date"), ==, "2026-11-24");
  g_assert_cmpstr (json_object_get_string_member (obj, "received_by"), ==, "lan.nt");
  g_assert_cmpstr (json_object_get_string_member (obj, "received_at"), ==, "2026-11-23T09:15:00+07:00");
  g_assert_true (json_object_has_member (obj, "procedure_national_code"));
  g_assert_true (json_object_has_member (obj, "procedure_field"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "papers")), ==, 2);
}

static void
test_requeue (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(McDossier) d = insert_sample (f, "Nguyễn Văn Bình", "2026-11-23T09:15:00+07:00");
  g_autoptr(McDossier) loaded = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  McOutboxItem *item;
  McOutboxState state;
  McEvent *last;

  (void) data;
  /* Nothing refused yet: re-queueing a queued item only makes it due now. */
  g_assert_true (mc_store_requeue (f->store, mc_dossier_get_code (d), "lan.nt", &error));
  g_assert_no_error (error);

  /* What the engine records for a 422 on revision 1. */
  mc_test_db_exec (f->dir, "UPDATE outbox SET state = 'needs_attention', body = x'7b7d', body_sha256 = 'abc', attempts = 1, "
               "  last_error = 'Họ tên không hợp lệ', last_error_field = 'applicant.full_name', next_attempt_at = 99, "
               "  last_status = 422;"
               "UPDATE dossiers SET state = 'needs_attention', sync_state = 'needs_attention', "
               "  sync_error = 'Họ tên không hợp lệ', sync_error_field = 'applicant.full_name'");
  loaded = mc_store_load_dossier (f->store, mc_dossier_get_code (d), &error);
  g_assert_true (mc_dossier_get_sync_state (loaded, &state));
  g_assert_cmpint (state, ==, MC_OUTBOX_NEEDS_ATTENTION);
  g_assert_cmpstr (mc_dossier_get_sync_error_field (loaded), ==, "applicant.full_name");
  g_clear_object (&loaded);

  g_assert_true (mc_store_requeue (f->store, mc_dossier_get_uuid (d), "lan.nt", &error));
  g_assert_no_error (error);

  items = list_outbox (f);
  g_assert_cmpuint (items->len, ==, 1);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpint (item->state, ==, MC_OUTBOX_QUEUED);
  g_assert_cmpint (item->revision, ==, 1);
  g_assert_cmpuint (item->attempts, ==, 0);
  g_assert_cmpint (item->next_attempt_at, ==, 0);
  g_assert_null (item->last_error);
  body = mc_test_db_text (f->dir, "SELECT body IS NULL AND body_sha256 IS NULL FROM outbox");
  g_assert_cmpstr (body, ==, "1");

  loaded = mc_store_load_dossier (f->store, mc_dossier_get_code (d), &error);
  g_assert_cmpint (mc_dossier_get_state (loaded), ==, MC_DOSSIER_STATE_RECEIVED);
  g_assert_true (mc_dossier_get_sync_state (loaded, &state));
  g_assert_cmpint (state, ==, MC_OUTBOX_QUEUED);
  g_assert_null (mc_dossier_get_sync_error (loaded));

  events = mc_store_list_events (f->store, mc_dossier_get_uuid (d), &error);
  last = g_ptr_array_index (events, events->len - 1);
  g_assert_cmpstr (last->kind, ==, "requeued");
  g_assert_cmpstr (last->from_state, ==, "needs_attention");
  g_assert_cmpstr (last->to_state, ==, "received");

  /* Acknowledged: nothing left to re-queue. */
  mc_test_db_exec (f->dir, "UPDATE outbox SET state = 'done'");
  g_assert_false (mc_store_requeue (f->store, mc_dossier_get_code (d), "lan.nt", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_store_requeue (f->store, "no-such-code", "lan.nt", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
}

/* What the engine records when revision 1 of @d is refused with @status. */
static void
refuse_revision_1 (Fixture   *f,
                   McDossier *d,
                   guint      status)
{
  g_autofree char *sql = g_strdup_printf (
    "UPDATE outbox SET state = 'needs_attention', body = x'7b7d', body_sha256 = 'abc', attempts = 1, "
    "  last_error = 'Máy chủ từ chối', last_status = %u "
    "  WHERE revision = 1 AND dossier_id = (SELECT id FROM dossiers WHERE uuid = '%s');"
    "UPDATE dossiers SET state = 'needs_attention', sync_state = 'needs_attention' WHERE uuid = '%s'",
    status, mc_dossier_get_uuid (d), mc_dossier_get_uuid (d));

  mc_test_db_exec (f->dir, sql);
}

/* §9.1: after a 409 the server may hold the revision: re-queueing sends
 * the same bytes again, never a different body under the same key. */
static void
test_requeue_after_conflict (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(McDossier) d = insert_sample (f, "Nguyễn Văn Bình", "2026-11-23T09:15:00+07:00");
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *status = NULL;

  (void) data;
  refuse_revision_1 (f, d, 409);
  g_assert_true (mc_store_requeue (f->store, mc_dossier_get_code (d), "lan.nt", &error));
  g_assert_no_error (error);
  body = mc_test_db_text (f->dir, "SELECT hex (body) || ' ' || body_sha256 || ' ' || state FROM outbox");
  g_assert_cmpstr (body, ==, "7B7D abc queued");
  status = mc_test_db_text (f->dir, "SELECT last_status FROM outbox");
  g_assert_null (status);
}

/* §9.1 exception: the fix of a revision refused for good (a 4xx other
 * than 409) goes into the same revision; after a 409 it is the next one. */
static void
test_correction_after_refusal (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(McDossier) d = insert_sample (f, "Nguyen Van TUCHOI", "2026-11-23T09:15:00+07:00");
  g_autoptr(McDossier) e = insert_sample (f, "Trần Văn Cường", "2026-11-23T10:15:00+07:00");
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  McOutboxItem *item;

  (void) data;
  refuse_revision_1 (f, d, 422);
  correct_name (f, d, "Nguyễn Văn Tuấn");
  items = list_outbox (f);
  g_assert_cmpuint (items->len, ==, 2);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (item->uuid, ==, mc_dossier_get_uuid (d));
  g_assert_cmpint (item->revision, ==, 1);
  /* Still waiting for the clerk's “send again”, body to be rebuilt. */
  g_assert_cmpint (item->state, ==, MC_OUTBOX_NEEDS_ATTENTION);
  body = mc_test_db_text (f->dir, "SELECT count (*) FROM outbox WHERE revision = 1 AND body IS NULL AND body_sha256 IS NULL");
  g_assert_cmpstr (body, ==, "2");
  g_clear_pointer (&body, g_free);
  g_assert_true (mc_store_requeue (f->store, mc_dossier_get_code (d), "lan.nt", &error));
  g_assert_no_error (error);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = list_outbox (f);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpint (((McOutboxItem *) g_ptr_array_index (items, 0))->revision, ==, 1);
  g_assert_cmpint (((McOutboxItem *) g_ptr_array_index (items, 0))->state, ==, MC_OUTBOX_QUEUED);

  /* The other dossier, refused with 409: its correction is revision 2. */
  refuse_revision_1 (f, e, 409);
  correct_name (f, e, "Trần Văn Cương");
  g_clear_pointer (&items, g_ptr_array_unref);
  items = list_outbox (f);
  g_assert_cmpuint (items->len, ==, 3);
  item = g_ptr_array_index (items, 2);
  g_assert_cmpstr (item->uuid, ==, mc_dossier_get_uuid (e));
  g_assert_cmpint (item->revision, ==, 2);
  body = mc_test_db_text (f->dir, "SELECT hex (body) FROM outbox WHERE revision = 1 AND last_status = 409");
  g_assert_cmpstr (body, ==, "7B7D");
}

/* A 429/503 pauses the station: the items that would be sent show the
 * pause as their next try; those waiting for the clerk do not. */
static void
test_list_shows_pause (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(McDossier) d = insert_sample (f, "Nguyễn Văn Bình", "2026-11-23T09:15:00+07:00");
  g_autoptr(McDossier) e = insert_sample (f, "Trần Văn Cường", "2026-11-23T10:15:00+07:00");
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pause = NULL;
  gint64 now_ms = g_get_real_time () / 1000;

  (void) data;
  (void) d;
  (void) e;
  /* One retries in 1.5 s (kept in ms), the other needs attention. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE outbox SET state = 'retry_wait', next_attempt_at = %" G_GINT64_FORMAT
                                            " WHERE id = 1;"
                                            "UPDATE outbox SET state = 'needs_attention', last_status = 422 WHERE id = 2",
                                            now_ms + 1500);
    mc_test_db_exec (f->dir, sql);
  }
  items = list_outbox (f);
  g_assert_cmpint (((McOutboxItem *) g_ptr_array_index (items, 0))->next_attempt_at, ==, (now_ms + 1500 + 999) / 1000);
  g_assert_cmpint (((McOutboxItem *) g_ptr_array_index (items, 1))->next_attempt_at, ==, 0);
  g_clear_pointer (&items, g_ptr_array_unref);

  pause = g_strdup_printf ("%" G_GINT64_FORMAT, now_ms + 60000);
  g_assert_true (mc_store_set_setting (f->store, MC_SYNC_SETTING_PAUSE_UNTIL, pause, &error));
  items = list_outbox (f);
  g_assert_cmpint (((McOutboxItem *) g_ptr_array_index (items, 0))->next_attempt_at, ==, (now_ms + 60000 + 999) / 1000);
  g_assert_cmpint (((McOutboxItem *) g_ptr_array_index (items, 1))->next_attempt_at, ==, 0);
  g_clear_pointer (&items, g_ptr_array_unref);

  /* A pause that is over changes nothing. */
  g_clear_pointer (&pause, g_free);
  pause = g_strdup_printf ("%" G_GINT64_FORMAT, now_ms - 1000);
  g_assert_true (mc_store_set_setting (f->store, MC_SYNC_SETTING_PAUSE_UNTIL, pause, &error));
  items = list_outbox (f);
  g_assert_cmpint (((McOutboxItem *) g_ptr_array_index (items, 0))->next_attempt_at, ==, (now_ms + 1500 + 999) / 1000);
}

static void
test_list_oldest_first (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(McDossier) late = insert_sample (f, "Trần Văn Cường", "2026-11-23T15:00:00+07:00");
  g_autoptr(McDossier) early = insert_sample (f, "Lê Thị Dung", "2026-11-20T08:00:00+07:00");
  g_autoptr(McDossier) middle = insert_sample (f, "Phạm Văn Em", "2026-11-21T10:30:00+07:00");
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  (void) data;
  g_assert_true (mc_store_record_desk_action (f->store, mc_dossier_get_code (early), MC_DESK_ACTION_SUPPLEMENT,
                                              "Thiếu giấy chứng sinh", NULL, "lan.nt", &error));
  items = list_outbox (f);
  g_assert_cmpuint (items->len, ==, 4);
  g_assert_cmpstr (((McOutboxItem *) g_ptr_array_index (items, 0))->uuid, ==, mc_dossier_get_uuid (early));
  g_assert_cmpstr (((McOutboxItem *) g_ptr_array_index (items, 0))->kind, ==, "revision");
  g_assert_cmpstr (((McOutboxItem *) g_ptr_array_index (items, 1))->uuid, ==, mc_dossier_get_uuid (early));
  g_assert_cmpstr (((McOutboxItem *) g_ptr_array_index (items, 1))->action, ==, "supplement");
  g_assert_cmpstr (((McOutboxItem *) g_ptr_array_index (items, 2))->uuid, ==, mc_dossier_get_uuid (middle));
  g_assert_cmpstr (((McOutboxItem *) g_ptr_array_index (items, 3))->uuid, ==, mc_dossier_get_uuid (late));
}

static void
test_normalize_url (void)
{
  static const struct { const char *in, *out; } ok[] = {
    { "https://motcua.example.gov.vn", "https://motcua.example.gov.vn/" },
    { "https://portal.example.gov.vn/motcua", "https://portal.example.gov.vn/motcua/" },
    { "https://portal.example.gov.vn/motcua/", "https://portal.example.gov.vn/motcua/" },
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080/" },
    { "http://127.3.2.1:8080/x/", "http://127.3.2.1:8080/x/" },
    { "http://localhost", "http://127.0.0.1/" },
    { "http://localhost:9000/", "http://127.0.0.1:9000/" },
    { "http://[::1]:1/", "http://[::1]:1/" },
    { " https://a.example:8443/ ", "https://a.example:8443/" },
  };
  static const char *bad[] = {
    "http://example.com",
    "http://192.168.1.10:8080/",
    "ftp://127.0.0.1/",
    "motcua.example.gov.vn",
    "https://user:pw@motcua.example.gov.vn/",
    "https://motcua.example.gov.vn/?x=1",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = mc_sync_normalize_url (ok[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, ok[i].out);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = mc_sync_normalize_url (bad[i], &error);

      g_assert_null (url);
      g_assert_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BAD_URL);
    }
}

static void
test_token_file_mode (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "sync-token", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  (void) data;
  /* Not enrolled at all. */
  token = mc_sync_load_token (f->store, NULL, &error);
  g_assert_null (token);
  g_assert_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_NOT_ENROLLED);
  g_clear_error (&error);

  g_assert_true (mc_store_set_setting (f->store, "sync.server", "http://127.0.0.1:8080/", &error));
  g_assert_true (g_file_set_contents_full (path, "mct_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG\n", -1,
                                           G_FILE_SET_CONTENTS_NONE, 0644, &error));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  token = mc_sync_load_token (f->store, NULL, &error);
  g_assert_null (token);
  g_assert_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_TOKEN_FILE);
  g_assert_nonnull (strstr (error->message, "chmod 600"));
  g_assert_nonnull (strstr (error->message, "0644"));
  g_clear_error (&error);

  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  token = mc_sync_load_token (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "mct_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
  g_clear_pointer (&token, g_free);

  /* A symlink to a 0600 file is not taken either. */
  {
    g_autofree char *real = g_build_filename (f->dir, "real-token", NULL);

    g_assert_cmpint (g_rename (path, real), ==, 0);
    g_assert_cmpint (symlink (real, path), ==, 0);
    token = mc_sync_read_token_file (path, &error);
    g_assert_null (token);
    g_assert_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_TOKEN_FILE);
  }
}

static void
test_unenrol (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "sync-token", NULL);
  g_autofree char *server = NULL;
  g_autoptr(McDossier) d = insert_sample (f, "Đặng Thị Ánh", "2026-11-23T09:15:00+07:00");
  g_autoptr(GPtrArray) items = NULL;

  (void) data;
  g_assert_true (mc_store_set_setting (f->store, "sync.server", "http://127.0.0.1:8080/", &error));
  g_assert_true (mc_store_set_setting (f->store, "sync.cursor", "c1.x", &error));
  g_assert_true (g_file_set_contents_full (path, "mct_x\n", -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));

  g_assert_true (mc_sync_unenrol (f->store, &error));
  g_assert_no_error (error);
  server = mc_sync_get_server_url (f->store);
  g_assert_null (server);
  g_assert_null (mc_store_get_setting (f->store, "sync.cursor"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Queued items stay. */
  items = list_outbox (f);
  g_assert_cmpuint (items->len, ==, 1);
}

static void
test_enrol_refuses_bad_input (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  (void) data;
  g_assert_false (mc_sync_enrol (f->store, "http://example.com/", "mct_x", NULL, MC_SYNC_TOKEN_FILE,
                                 NULL, NULL, &error));
  g_assert_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BAD_URL);
  g_clear_error (&error);
  g_assert_false (mc_sync_enrol (f->store, "http://127.0.0.1:1/", "bad token with spaces", NULL,
                                 MC_SYNC_TOKEN_FILE, NULL, NULL, &error));
  g_assert_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_TOKEN_FILE);
  g_clear_error (&error);
  /* Port 1 on loopback: nothing listens. */
  g_assert_false (mc_sync_enrol (f->store, "http://127.0.0.1:1/", "mct_x", NULL, MC_SYNC_TOKEN_FILE,
                                 NULL, NULL, &error));
  g_assert_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_UNREACHABLE);
  g_assert_null (mc_sync_get_server_url (f->store));
}

/* The store connection's PRAGMA synchronous: 2 is FULL. */
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int    argc,
      char **argv)
{
  g_autofree char *runtime = mc_test_make_tmp_dir ();

  /* No Secret Service in unit tests: the token comes from the file. */
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_setenv ("MOTCUA_ACTOR", "lan.nt", TRUE);

  g_test_init (&argc, &argv, NULL);
  ADD ("/outbox/insert-queues-revision-1", test_insert_queues_revision_1);
  ADD ("/outbox/failed-insert-queues-nothing", test_failed_insert_queues_nothing);
  ADD ("/outbox/correction-before-send", test_correction_before_send);
  ADD ("/outbox/correction-after-freeze", test_correction_after_freeze);
  ADD ("/outbox/action-queued", test_action_queued);
  ADD ("/outbox/upload-body", test_upload_body);
  ADD ("/outbox/requeue", test_requeue);
  ADD ("/outbox/requeue-after-conflict", test_requeue_after_conflict);
  ADD ("/outbox/correction-after-refusal", test_correction_after_refusal);
  ADD ("/outbox/list-shows-pause", test_list_shows_pause);
  ADD ("/outbox/list-oldest-first", test_list_oldest_first);
  g_test_add_func ("/outbox/normalize-url", test_normalize_url);
  ADD ("/outbox/token-file-mode", test_token_file_mode);
  ADD ("/outbox/unenrol", test_unenrol);
  ADD ("/outbox/enrol-refuses-bad-input", test_enrol_refuses_bad_input);
  {
    int rc = g_test_run ();
    mc_test_rm_rf (runtime);
    return rc;
  }
}
