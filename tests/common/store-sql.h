/* store-sql.h — a store's database written and read on a connection of
 * its own, as another process would (tests): SQL a test sets a state with,
 * and the first value of a query it checks. */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* DIR/motcua.db, waiting up to 5 s for a writer (an engine may run). */
static inline sqlite3 *
mc_test_db_open (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "motcua.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static inline void
mc_test_db_exec (const char *dir,
                 const char *sql)
{
  sqlite3 *db = mc_test_db_open (dir);
  char *err = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &err) != SQLITE_OK)
    g_error ("%s: %s", sql, err);
  sqlite3_close (db);
}

/* The first column of the first row, as text (NULL for NULL or no row). */
static inline char *
mc_test_db_text (const char *dir,
                 const char *sql)
{
  sqlite3 *db = mc_test_db_open (dir);
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

/* The same as an integer (-1 for no row). */
static inline gint64
mc_test_db_int (const char *dir,
                const char *sql)
{
  sqlite3 *db = mc_test_db_open (dir);
  sqlite3_stmt *stmt = NULL;
  gint64 result = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

G_END_DECLS
