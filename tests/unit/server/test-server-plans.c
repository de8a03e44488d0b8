/* test-server-plans.c — the server's queries stay off the years of history
 *
 * A provincial server keeps every dossier, revision, action and change its
 * stations ever sent, and the delivery record of each. Every statement it
 * prepares is in one table (src/server/ms-db-sql.c); this plans each of
 * them on a database with that history, made by the server's own schema
 * code, and fails on a SCAN of a table that grows with the years (other
 * than through a partial index of what is still moving), on an index built
 * for the query, and on a sort of every match (one dossier's few rows,
 * found by its uuid, may be sorted). The statements an
 * operator's command runs over a whole table on purpose may scan it, in
 * index order, never sorted. A server made before an index was added gets
 * it at its next start (the schema's CREATE INDEX IF NOT EXISTS).
 */
#include "test-util.h"

#include <string.h>

#include "ms-server.h"
#include "ms-db-sql.h"
#include "ms-forward.h"

#define N_STATIONS 8
#define N_DOSSIERS 24000

/* Tables whose size is the number of stations, not of years. */
static const char *const small_tables[] = { "meta", "stations", NULL };

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
}

static sqlite3_stmt *
prepare_ok (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

/* Binds the arguments to @stmt's parameters 1, 2, … as @types says (i an
 * int, I a gint64, t a string or NULL), runs it and resets it. */
static void
insert (sqlite3      *db,
        sqlite3_stmt *stmt,
        const char   *types,
        ...)
{
  va_list args;

  va_start (args, types);
  for (int p = 1; types[p - 1] != '\0'; p++)
    switch (types[p - 1])
      {
      case 'i':
        sqlite3_bind_int (stmt, p, va_arg (args, int));
        break;
      case 'I':
        sqlite3_bind_int64 (stmt, p, va_arg (args, gint64));
        break;
      case 't':
        sqlite3_bind_text (stmt, p, va_arg (args, const char *), -1, SQLITE_TRANSIENT);
        break;
      default:
        g_assert_not_reached ();
      }
  va_end (args);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("insert: %s", sqlite3_errmsg (db));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

static void
add_stations (sqlite3 *db)
{
  sqlite3_stmt *station = prepare_ok (db, "INSERT INTO stations (id, name, agency_code, station_number)"
                                          " VALUES (?, ?, ?, ?)");
  sqlite3_stmt *token = prepare_ok (db, "INSERT INTO tokens (hash, station_id, created_at)"
                                        " VALUES (?, ?, '2023-01-02T08:00:00+07:00')");
  sqlite3_stmt *binding = prepare_ok (db, "INSERT INTO token_bindings (hash, agency_code, station_number, bound_at)"
                                          " VALUES (?, ?, ?, '2023-01-02T08:00:00+07:00')");

  for (int i = 1; i <= N_STATIONS; i++)
    {
      g_autofree char *agency = g_strdup_printf ("000.00.%02d.H29", 10 + i / 3);
      g_autofree char *name = g_strdup_printf ("xa-%d", i);
      g_autofree char *hash = g_strdup_printf ("%064d", i);

      /* Half registered with their number, half bound at enrolment. */
      if (i % 2 == 0)
        insert (db, station, "itti", i, name, agency, 1 + i % 3);
      else
        insert (db, station, "it", i, name);
      /* Revoked tokens of earlier PCs went; the current one stays. */
      insert (db, token, "ti", hash, i);
      if (i % 2 == 1)
        insert (db, binding, "tti", hash, agency, 1 + i % 3);
    }
  sqlite3_finalize (station);
  sqlite3_finalize (token);
  sqlite3_finalize (binding);
}

/* Years of uploads: dossiers with their revisions, actions, changes,
 * files and delivery records; a few uploads in flight or expired. */
static void
add_history (sqlite3 *db)
{
  sqlite3_stmt *dossier = prepare_ok (db, "INSERT INTO dossiers (uuid, station_id, code, revision, body,"
                                          " body_sha256, accepted_at, server_ref, state_code, due_date,"
                                          " last_seq, received_at)"
                                          " VALUES (?1, ?2, ?3, ?4, '{}', 'h', ?5, ?3, ?6, ?7, ?4, ?5)");
  sqlite3_stmt *revision = prepare_ok (db, "INSERT INTO revisions (uuid, revision, body_sha256, body,"
                                           " result, accepted_at) VALUES (?, ?, 'h', '{}', '{}', ?)");
  sqlite3_stmt *action = prepare_ok (db, "INSERT INTO actions (action_uuid, uuid, body_sha256, body, result)"
                                         " VALUES (?, ?, 'h', '{}', '{}')");
  sqlite3_stmt *change = prepare_ok (db, "INSERT INTO changes (station_id, uuid, seq, kind, at, state_code,"
                                         " due_date, source, action_uuid) VALUES (?, ?, ?, ?, ?, 2, ?, 'desk', ?)");
  sqlite3_stmt *file = prepare_ok (db, "INSERT INTO files (sha256, size, mime_type, created_at)"
                                       " VALUES (?, 200000, 'application/pdf', ?)");
  sqlite3_stmt *item = prepare_ok (db, "INSERT INTO forward_items (uuid, kind, revision, action_uuid, state_code,"
                                       " due_date, at, done) VALUES (?, ?, ?, ?, 2, ?, ?, ?)");
  sqlite3_stmt *forward = prepare_ok (db, "INSERT INTO forwards (uuid, code, state, remote_state_code,"
                                          " remote_created, polled_at) VALUES (?, ?, ?, ?, 1, ?)");
  sqlite3_stmt *upload = prepare_ok (db, "INSERT INTO uploads (id, station_id, length, offset, metadata,"
                                         " sha256, filetype, expires_at, created_at)"
                                         " VALUES (?, ?, 200000, ?, '', ?, 'application/pdf', ?, '2026-12-01')");

  for (int i = 0; i < N_DOSSIERS; i++)
    {
      g_autofree char *uuid = g_strdup_printf ("00000000-0000-4000-8000-%012d", i);
      g_autofree char *action_uuid = g_strdup_printf ("10000000-0000-4000-8000-%012d", i);
      g_autofree char *at = g_strdup_printf ("20%02d-%02d-%02dT09:00:00+07:00", 21 + i / 4800, 1 + i % 12,
                                             1 + i % 28);
      g_autofree char *due = g_strdup_printf ("20%02d-%02d-%02d", 21 + i / 4800, 1 + i % 12, 1 + (i + 7) % 28);
      int revisions = 1 + i % 3;
      int actions = i % 2;
      int station = 1 + i % N_STATIONS;
      g_autofree char *code = g_strdup_printf ("H29.%02d-%06d", station, i);
      g_autofree char *sha256 = g_strdup_printf ("%064x", i);
      int seq = 0;
      /* Most delivered long ago; the newest still moving. */
      gboolean moving = i >= N_DOSSIERS - 200;

      insert (db, dossier, "tititit", uuid, station, code, revisions, at, moving ? 2 : 10, due);
      for (int r = 1; r <= revisions; r++)
        {
          insert (db, revision, "tit", uuid, r, at);
          insert (db, change, "ititttt", station, uuid, ++seq, "revision", at, due, NULL);
          insert (db, item, "ttittti", uuid, "revision", r, NULL, due, at, moving && r == revisions ? 0 : 1);
        }
      for (int a = 0; a < actions; a++)
        {
          insert (db, action, "tt", action_uuid, uuid);
          insert (db, change, "ititttt", station, uuid, ++seq, "action", at, due, action_uuid);
          insert (db, item, "ttittti", uuid, "action", revisions, action_uuid, due, at, moving ? 0 : 1);
        }
      insert (db, file, "tt", sha256, at);
      insert (db, forward, "tttiI", uuid, code, !moving ? "sent" : i % 5 == 0 ? "needs_attention" : "queued",
              moving ? 2 : 10, G_GINT64_CONSTANT (1700000000000) + i);

      /* Uploads in flight (a week's, the collector drops older ones and
       * a completed one goes): a few expired, a few left complete by a
       * crash. */
      if (i % 10 == 0)
        {
          g_autofree char *upload_id = g_strdup_printf ("%032x", i);

          insert (db, upload, "tiitI", upload_id, station, i % 1000 == 0 ? 200000 : 8 * 1024 * (i % 7), sha256,
                  i % 500 == 0 ? G_GINT64_CONSTANT (1600000000) + i : G_GINT64_CONSTANT (4102444800) + i);
        }
    }
  sqlite3_finalize (dossier);
  sqlite3_finalize (revision);
  sqlite3_finalize (action);
  sqlite3_finalize (change);
  sqlite3_finalize (file);
  sqlite3_finalize (item);
  sqlite3_finalize (forward);
  sqlite3_finalize (upload);
}

/* The table an alias of @sql names (FROM tokens bt → tokens). */
static char *
table_of (const char *sql,
          const char *name)
{
  g_autoptr(GRegex) regex = g_regex_new ("(?:FROM|JOIN)\\s+(\\w+)\\s+(\\w+)", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (regex, sql, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *table = g_match_info_fetch (match, 1);
      g_autofree char *alias = g_match_info_fetch (match, 2);

      if (g_str_equal (alias, name))
        return g_steal_pointer (&table);
      g_match_info_next (match, NULL);
    }
  return g_strdup (name);
}

static gboolean
is_partial_index (sqlite3    *db,
                  const char *index)
{
  sqlite3_stmt *stmt = prepare_ok (db, "SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?"
                                       " AND sql LIKE '% WHERE %'");
  gboolean partial;

  sqlite3_bind_text (stmt, 1, index, -1, SQLITE_STATIC);
  partial = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return partial;
}

/* Why plan line @line is wrong for @entry, or NULL. */
static char *
bad_line (sqlite3          *db,
          const MsSqlEntry *entry,
          const char       *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", -1);
  g_autofree char *table = NULL;
  const char *index;

  if (strstr (line, "USE TEMP B-TREE") != NULL && entry->reach != MS_SQL_ONE_DOSSIER)
    return g_strdup ("sorts every match");
  if (strstr (line, "AUTOMATIC") != NULL)
    return g_strdup ("builds an index of a whole table for one query");
  if (words[0] == NULL || !g_str_equal (words[0], "SCAN") || words[1] == NULL || g_str_equal (words[1], "CONSTANT"))
    return NULL;
  table = table_of (entry->text, words[1]);
  if (g_strv_contains (small_tables, table) || entry->reach == MS_SQL_WHOLE_TABLE)
    return NULL;
  index = strstr (line, " INDEX ");
  if (index != NULL && is_partial_index (db, index + strlen (" INDEX ")))
    return NULL;
  return g_strdup_printf ("reads every row of %s", table);
}

static char *
plan_of (sqlite3          *db,
         const MsSqlEntry *entry)
{
  g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN ", entry->text, NULL);
  sqlite3_stmt *stmt = prepare_ok (db, sql);
  GString *plan = g_string_new (NULL);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  return g_string_free (plan, FALSE);
}

/* Runs @entry once with every parameter NULL (a miss, for the indexed
 * lookups; every row visited, for a scan), in a transaction rolled back. */
static double
time_of (sqlite3          *db,
         const MsSqlEntry *entry)
{
  sqlite3_stmt *stmt = prepare_ok (db, entry->text);
  gint64 start;

  exec_ok (db, "SAVEPOINT timing");
  start = g_get_monotonic_time ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    ;
  start = g_get_monotonic_time () - start;
  sqlite3_finalize (stmt);
  exec_ok (db, "ROLLBACK TO timing; RELEASE timing");
  return start / 1000.0;
}

static void
test_every_statement_reads_what_it_needs (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  sqlite3 *db = ms_db_open (dir, &error);
  double total = 0;

  g_assert_no_error (error);
  g_assert_nonnull (db);
  exec_ok (db, "PRAGMA synchronous=OFF; BEGIN");
  add_stations (db);
  add_history (db);
  exec_ok (db, "COMMIT");

  for (guint i = 0; i < MS_SQL_N; i++)
    {
      const MsSqlEntry *entry = &ms_db_sql[i];
      g_autofree char *plan = NULL;
      g_auto(GStrv) lines = NULL;
      double ms;

      /* Every entry filled in, named after its index. */
      g_assert_nonnull (entry->name);
      g_assert_nonnull (entry->text);
      plan = plan_of (db, entry);
      ms = time_of (db, entry);
      total += ms;
      g_test_message ("%s (%.2f ms)\n%s\n%s", entry->name, ms, entry->text, plan);
      /* What may sort is found by one dossier's uuid first. */
      if (entry->reach == MS_SQL_ONE_DOSSIER && !g_regex_match_simple ("^SEARCH \\w+ USING .*\\(uuid=\\?", plan,
                                                                       0, 0))
        g_string_append_printf (failures, "%s is not by one dossier:\n%s\n", entry->name, plan);
      lines = g_strsplit (plan, "\n", -1);
      for (guint l = 0; lines[l] != NULL; l++)
        {
          g_autofree char *why = bad_line (db, entry, lines[l]);

          if (why != NULL)
            g_string_append_printf (failures, "%s %s (%.2f ms at %d dossiers):\n  %s\n  plan: %s\n",
                                    entry->name, why, ms, N_DOSSIERS, entry->text, lines[l]);
        }
    }
  g_test_message ("%u statements, %.1f ms in all", (guint) MS_SQL_N, total);
  ms_db_close (db);
  mc_test_rm_rf (dir);
  if (failures->len > 0)
    g_error ("Server statements that read the history:\n%s", failures->str);
}

/* The table is the only way to SQLite: no file of the server prepares or
 * runs text of its own (ms-db.c's exec() runs only the schema, pragmas and
 * transaction control). */
static void
test_no_statement_outside_the_table (void)
{
  const char *srcdir = g_getenv ("MS_SERVER_SRCDIR");
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint files = 0;

  g_assert_nonnull (srcdir);
  dir = g_dir_open (srcdir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (srcdir, name, NULL);
      g_autofree char *text = NULL;
      gboolean is_db = g_str_equal (name, "ms-db.c");

      if (!g_str_has_suffix (name, ".c"))
        continue;
      g_assert_true (g_file_get_contents (path, &text, NULL, &error));
      g_assert_no_error (error);
      files++;
      g_assert_true (strstr (text, "sqlite3_prepare") == NULL ||
                     (is_db && strstr (strstr (text, "sqlite3_prepare") + 1, "sqlite3_prepare") == NULL));
      g_assert_true (strstr (text, "sqlite3_exec") == NULL ||
                     (is_db && strstr (strstr (text, "sqlite3_exec") + 1, "sqlite3_exec") == NULL));
    }
  g_assert_cmpuint (files, >, 10);
}

static gboolean
has_index (sqlite3    *db,
           const char *name)
{
  sqlite3_stmt *stmt = prepare_ok (db, "SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?");
  gboolean found;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

/* A data dir of a server made before forwards_state (its schema less that
 * index) gets it at its next start, and `forwards --state` then reads
 * that state's rows through it, in id order. */
static void
test_upgraded_data_dir_gets_forwards_state (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queued = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *plan = NULL;
  static const char *const states[] = { "queued", "sent", "needs_attention", "sent", "queued" };
  sqlite3_stmt *forward;
  sqlite3 *db = ms_db_open (dir, &error);

  g_assert_no_error (error);
  forward = prepare_ok (db, "INSERT INTO forwards (uuid, code, state) VALUES (?, ?, ?)");
  for (int i = 0; i < (int) G_N_ELEMENTS (states); i++)
    {
      g_autofree char *uuid = g_strdup_printf ("00000000-0000-4000-8000-%012d", i);
      g_autofree char *code = g_strdup_printf ("H29.01-%06d", i);

      insert (db, forward, "ttt", uuid, code, states[i]);
    }
  sqlite3_finalize (forward);
  exec_ok (db, "DROP INDEX forwards_state");
  ms_db_close (db);

  db = ms_db_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (has_index (db, "forwards_state"));
  plan = plan_of (db, &ms_db_sql[MS_SQL_FORWARD_LIST_IN]);
  g_assert_cmpstr (plan, ==, "SEARCH forwards USING INDEX forwards_state (state=?)\n");

  queued = ms_db_forward_list_in (db, "queued", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queued->len, ==, 2);
  g_assert_cmpstr (((MsForwardRow *) queued->pdata[0])->code, ==, "H29.01-000000");
  g_assert_cmpstr (((MsForwardRow *) queued->pdata[1])->code, ==, "H29.01-000004");
  all = ms_db_forward_list_in (db, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, G_N_ELEMENTS (states));
  for (guint i = 0; i < all->len; i++)
    g_assert_cmpstr (((MsForwardRow *) all->pdata[i])->state, ==, states[i]);
  ms_db_close (db);
  mc_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/plans/every-statement", test_every_statement_reads_what_it_needs);
  g_test_add_func ("/server/plans/one-table", test_no_statement_outside_the_table);
  g_test_add_func ("/server/plans/upgraded-forwards-state", test_upgraded_data_dir_gets_forwards_state);
  return g_test_run ();
}
