/* test-return.c — handing the result over (trả kết quả) in the store
 *
 * - a dossier the province finished (done) is handed over: state returned,
 *   the receiver and the time kept, a "return" history event by the clerk,
 *   the §7.6 action queued with received_by;
 * - a second hand-over is refused saying to whom and when, and changes
 *   nothing; so is a hand-over in any other state, or to a name that is
 *   not a person's;
 * - the ledger's "Trả kết quả" cell shows the date and the receiver, the
 *   date alone when the province recorded the hand-over (a /changes
 *   state 10), nothing before.
 * - mc_desk_action_check (what the views offer) says yes exactly when the
 *   store takes the decision, and otherwise what the store says, in every
 *   state of a saved dossier.
 */
#include "test-util.h"

#include <string.h>

#include "mc-forms-private.h"
#include "mc-store-outbox.h"
#include "mc-store-private.h"

typedef struct
{
  char    *dir;
  McStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  (void) data;
  f->dir = mc_test_make_tmp_dir ();
  f->store = mc_test_open_store (f->dir, 1);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  (void) data;
  g_clear_object (&f->store);
  mc_test_rm_rf (f->dir);
  g_free (f->dir);
}

static McDossier *
insert_in_state (Fixture        *f,
                 const char     *name,
                 McDossierState  state)
{
  g_autoptr(GError) error = NULL;
  McDossier *d = mc_test_sample_dossier (name, "001185012345", "2026-11-23T09:15:00+07:00");

  g_assert_true (mc_store_insert_dossier (f->store, d, NULL, "lan.nt", &error));
  g_assert_no_error (error);
  if (state != MC_DOSSIER_STATE_RECEIVED)
    {
      g_assert_true (mc_store_set_dossier_state (f->store, mc_dossier_get_uuid (d), state, "sync", NULL, &error));
      g_assert_no_error (error);
    }
  return d;
}

static McDossier *
reload (Fixture   *f,
        McDossier *d)
{
  g_autoptr(GError) error = NULL;
  McDossier *loaded = mc_store_load_dossier (f->store, mc_dossier_get_uuid (d), &error);

  g_assert_no_error (error);
  return loaded;
}

/* How many rows of @table the dossier has (events, outbox). */
static guint
count_rows (Fixture    *f,
            const char *table,
            McDossier  *d)
{
  /* Literal SQL: the store caches statements by their text's address. */
  sqlite3_stmt *stmt = mc_store_prepare (f->store,
                                         g_str_equal (table, "events")
                                         ? "SELECT count(*) FROM events WHERE dossier_id = ?1"
                                         : "SELECT count(*) FROM outbox WHERE dossier_id = ?1",
                                         NULL);
  guint n;

  g_assert_nonnull (stmt);
  sqlite3_bind_int64 (stmt, 1, mc_dossier_get_row_id (d));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static char *
last_action_body (Fixture   *f,
                  McDossier *d)
{
  sqlite3_stmt *stmt = mc_store_prepare (f->store,
                                         "SELECT action_body FROM outbox WHERE dossier_id = ?1 AND kind = 'action' "
                                         "ORDER BY id DESC LIMIT 1",
                                         NULL);
  char *body = NULL;

  g_assert_nonnull (stmt);
  sqlite3_bind_int64 (stmt, 1, mc_dossier_get_row_id (d));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    body = mc_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return body;
}

static char *
today (const char *format)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Ho_Chi_Minh");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);

  return g_date_time_format (now, format);
}

static void
test_from_done (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(McDossier) d = insert_in_state (f, "Đặng Thị Ánh", MC_DOSSIER_STATE_DONE);
  g_autoptr(McDossier) loaded = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *body_text = NULL;
  g_autofree char *day = today ("%Y-%m-%d");
  McEvent *last;
  JsonObject *o;

  (void) data;
  /* The name as typed at the counter: spaces collapsed, NFC. */
  mc_store_record_return (f->store, mc_dossier_get_code (d), "  Nguyễn   Văn An ", NULL, "Trần Thị Lan", &error);
  g_assert_no_error (error);

  loaded = reload (f, d);
  g_assert_cmpint (mc_dossier_get_state (loaded), ==, MC_DOSSIER_STATE_RETURNED);
  g_assert_cmpstr (mc_dossier_get_returned_to (loaded), ==, "Nguyễn Văn An");
  g_assert_nonnull (mc_dossier_get_returned_at (loaded));
  g_assert_true (g_str_has_prefix (mc_dossier_get_returned_at (loaded), day));
  g_assert_true (g_str_has_suffix (mc_dossier_get_returned_at (loaded), "+07:00"));

  events = mc_store_list_events (f->store, mc_dossier_get_uuid (d), &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (events, events->len - 1);
  g_assert_cmpstr (last->kind, ==, "return");
  g_assert_cmpstr (last->actor, ==, "Trần Thị Lan");
  g_assert_cmpstr (last->from_state, ==, "done");
  g_assert_cmpstr (last->to_state, ==, "returned");
  g_assert_nonnull (strstr (last->detail, "\"received_by\":\"Nguyễn Văn An\""));

  /* The upload (§7.6): no reason member when the clerk gave none. */
  body_text = last_action_body (f, d);
  g_assert_nonnull (body_text);
  body = json_from_string (body_text, &error);
  g_assert_no_error (error);
  o = json_node_get_object (body);
  g_assert_cmpstr (json_object_get_string_member (o, "action"), ==, "return");
  g_assert_cmpstr (json_object_get_string_member (o, "received_by"), ==, "Nguyễn Văn An");
  g_assert_cmpstr (json_object_get_string_member (o, "actor"), ==, "Trần Thị Lan");
  g_assert_cmpstr (json_object_get_string_member (o, "at"), ==, mc_dossier_get_returned_at (loaded));
  g_assert_false (json_object_has_member (o, "reason"));
  g_assert_cmpuint (json_object_get_size (o), ==, 4);

  /* show --json carries it; the upload body of a revision does not. */
  {
    g_autoptr(JsonNode) json = mc_dossier_to_json (loaded);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "returned_to"), ==,
                     "Nguyễn Văn An");
  }
}

static void
test_with_note (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(McDossier) d = insert_in_state (f, "Lê Văn Bình", MC_DOSSIER_STATE_DONE);
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  (void) data;
  g_assert_true (mc_store_record_return (f->store, mc_dossier_get_uuid (d), "Lê Thị Cúc",
                                         "Nhận thay theo giấy ủy quyền", "lan.nt", &error));
  g_assert_no_error (error);
  body = last_action_body (f, d);
  g_assert_nonnull (strstr (body, "\"reason\":\"Nhận thay theo giấy ủy quyền\""));
  g_assert_nonnull (strstr (body, "\"received_by\":\"Lê Thị Cúc\""));
}

static void
test_twice_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(McDossier) d = insert_in_state (f, "Đặng Thị Ánh", MC_DOSSIER_STATE_DONE);
  g_autoptr(McDossier) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *day = today ("%d/%m/%Y");
  g_autofree char *first_at = NULL;
  guint events, outbox;

  (void) data;
  g_assert_true (mc_store_record_return (f->store, mc_dossier_get_code (d), "Nguyễn Văn An", NULL, "lan.nt",
                                         &error));
  g_assert_no_error (error);
  loaded = reload (f, d);
  first_at = g_strdup (mc_dossier_get_returned_at (loaded));
  g_clear_object (&loaded);
  events = count_rows (f, "events", d);
  outbox = count_rows (f, "outbox", d);

  g_assert_false (mc_store_record_return (f->store, mc_dossier_get_code (d), "Trần Văn Bảo", NULL, "lan.nt",
                                          &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Nguyễn Văn An"));
  g_assert_nonnull (strstr (error->message, day));
  g_clear_error (&error);

  /* Nothing changed: the first receiver, time, history and queue stay. */
  loaded = reload (f, d);
  g_assert_cmpstr (mc_dossier_get_returned_to (loaded), ==, "Nguyễn Văn An");
  g_assert_cmpstr (mc_dossier_get_returned_at (loaded), ==, first_at);
  g_assert_cmpuint (count_rows (f, "events", d), ==, events);
  g_assert_cmpuint (count_rows (f, "outbox", d), ==, outbox);

  /* The other decisions are refused after it too. */
  g_assert_false (mc_store_record_desk_action (f->store, mc_dossier_get_code (d), MC_DESK_ACTION_SUPPLEMENT,
                                               "Thiếu giấy", NULL, "lan.nt", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
}

static void
test_wrong_state_refused (Fixture       *f,
                          gconstpointer  data)
{
  const McDossierState states[] = {
    MC_DOSSIER_STATE_RECEIVED, MC_DOSSIER_STATE_UPLOADED, MC_DOSSIER_STATE_PROCESSING,
    MC_DOSSIER_STATE_SUPPLEMENT_REQUESTED, MC_DOSSIER_STATE_REJECTED, MC_DOSSIER_STATE_STOPPED,
    MC_DOSSIER_STATE_WITHDRAWN,
  };

  (void) data;
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autoptr(McDossier) d = insert_in_state (f, "Phạm Văn Cường", states[i]);
      g_autoptr(McDossier) loaded = NULL;
      g_autoptr(GError) error = NULL;
      guint events = count_rows (f, "events", d);
      guint outbox = count_rows (f, "outbox", d);

      g_assert_false (mc_store_record_return (f->store, mc_dossier_get_code (d), "Phạm Văn Cường", NULL, "lan.nt",
                                              &error));
      g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, mc_dossier_state_get_label (states[i])));
      loaded = reload (f, d);
      g_assert_cmpint (mc_dossier_get_state (loaded), ==, states[i]);
      g_assert_null (mc_dossier_get_returned_at (loaded));
      g_assert_cmpuint (count_rows (f, "events", d), ==, events);
      g_assert_cmpuint (count_rows (f, "outbox", d), ==, outbox);
    }
}

static void
test_bad_receiver_refused (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(McDossier) d = insert_in_state (f, "Đặng Thị Ánh", MC_DOSSIER_STATE_DONE);
  g_autoptr(McDossier) loaded = NULL;
  const char *bad[] = { "", "   ", "12345", "Nguyễn <b>An</b>" };
  g_autoptr(GError) error = NULL;

  (void) data;
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (mc_store_record_return (f->store, mc_dossier_get_code (d), bad[i], NULL, "lan.nt", &error));
      g_assert_error (error, MC_VALIDATE_ERROR, error->code);
      g_clear_error (&error);
    }
  /* The generic entry point needs the receiver: it refuses a return. */
  g_assert_false (mc_store_record_desk_action (f->store, mc_dossier_get_code (d), MC_DESK_ACTION_RETURN,
                                               "Đã trả", NULL, "lan.nt", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  loaded = reload (f, d);
  g_assert_cmpint (mc_dossier_get_state (loaded), ==, MC_DOSSIER_STATE_DONE);
}

static void
test_ledger_cell (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(McDossier) d = insert_in_state (f, "Đặng Thị Ánh", MC_DOSSIER_STATE_DONE);
  g_autoptr(McDossier) by_server = insert_in_state (f, "Lê Văn Bình", MC_DOSSIER_STATE_DONE);
  g_autoptr(McDossier) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;
  g_auto(GStrv) from_server = NULL;
  g_autoptr(JsonArray) changes = json_array_new ();
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Ho_Chi_Minh");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autofree char *expected = g_date_time_format (now, "%d/%m/%Y, Nguyễn Văn An");
  JsonObject *change = json_object_new ();

  (void) data;
  g_assert_cmpstr (mc_ledger_columns ()[8], ==, "Trả kết quả");
  before = mc_ledger_row (d, 1);
  g_assert_cmpstr (before[8], ==, "");

  g_assert_true (mc_store_record_return (f->store, mc_dossier_get_code (d), "Nguyễn Văn An", NULL, "lan.nt",
                                         &error));
  g_assert_no_error (error);
  loaded = reload (f, d);
  after = mc_ledger_row (loaded, 1);
  g_assert_cmpstr (after[8], ==, expected);
  g_clear_object (&loaded);

  /* The province handed it over itself: the date of its change, no name. */
  json_object_set_string_member (change, "uuid", mc_dossier_get_uuid (by_server));
  json_object_set_int_member (change, "seq", 3);
  json_object_set_string_member (change, "kind", "state");
  json_object_set_string_member (change, "at", "2026-12-03T10:30:00+07:00");
  json_object_set_string_member (change, "state", "returned");
  json_object_set_int_member (change, "state_code", 10);
  json_object_set_string_member (change, "source", "server");
  json_array_add_object_element (changes, change);
  g_assert_true (mc_store_sync_apply_changes (f->store, changes, "c1.x", NULL, &error));
  g_assert_no_error (error);
  loaded = reload (f, by_server);
  g_assert_cmpint (mc_dossier_get_state (loaded), ==, MC_DOSSIER_STATE_RETURNED);
  g_assert_cmpstr (mc_dossier_get_returned_at (loaded), ==, "2026-12-03T10:30:00+07:00");
  g_assert_null (mc_dossier_get_returned_to (loaded));
  from_server = mc_ledger_row (loaded, 2);
  g_assert_cmpstr (from_server[8], ==, "03/12/2026");
}

static void
test_check_is_the_store_rule (Fixture       *f,
                              gconstpointer  data)
{
  (void) data;
  for (McDossierState state = MC_DOSSIER_STATE_RECEIVED; state < MC_DOSSIER_N_STATES; state++)
    for (McDeskAction action = MC_DESK_ACTION_SUPPLEMENT; action <= MC_DESK_ACTION_RETURN; action++)
      {
        g_autoptr(McDossier) d = insert_in_state (f, "Phạm Văn Cường", state);
        g_autoptr(McDossier) loaded = reload (f, d);
        g_autoptr(GError) said = NULL;
        g_autoptr(GError) error = NULL;
        gboolean offered = mc_desk_action_check (action, loaded, &said);
        gboolean taken;

        if (action == MC_DESK_ACTION_RETURN)
          taken = mc_store_record_return (f->store, mc_dossier_get_code (d), "Phạm Văn Cường", NULL, "lan.nt",
                                          &error);
        else
          taken = mc_store_record_desk_action (f->store, mc_dossier_get_code (d), action, "Lý do",
                                               action == MC_DESK_ACTION_NEW_DATE ? "2027-06-30" : NULL, "lan.nt",
                                               &error);
        g_test_message ("%s in %s", mc_desk_action_to_string (action), mc_dossier_state_to_string (state));
        g_assert_cmpint (offered, ==, taken);
        if (!offered)
          {
            g_assert_error (said, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
            g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
            g_assert_cmpstr (said->message, ==, error->message);
          }
      }
  /* Withdrawn by the citizen: nothing more is decided (the views used to
   * offer it). */
  {
    g_autoptr(McDossier) d = insert_in_state (f, "Phạm Văn Cường", MC_DOSSIER_STATE_WITHDRAWN);
    g_autoptr(McDossier) loaded = reload (f, d);

    g_assert_false (mc_desk_action_check (MC_DESK_ACTION_STOP, loaded, NULL));
  }
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Ho_Chi_Minh", TRUE);
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/return/from-done", test_from_done);
  ADD ("/return/with-note", test_with_note);
  ADD ("/return/twice-refused", test_twice_refused);
  ADD ("/return/wrong-state-refused", test_wrong_state_refused);
  ADD ("/return/bad-receiver-refused", test_bad_receiver_refused);
  ADD ("/return/ledger-cell", test_ledger_cell);
  ADD ("/return/check-is-the-store-rule", test_check_is_the_store_rule);
  return g_test_run ();
}
