/* ms-db-private.h — SQLite helpers shared by ms-db*.c only */
#pragma once

#include "ms-server.h"
#include "ms-db-sql.h"

G_BEGIN_DECLS

gboolean      ms_db_set_error   (sqlite3       *db,
                                 GError       **error);
sqlite3_stmt *ms_db_prepare     (sqlite3       *db,
                                 MsSql          sql,
                                 GError       **error);
void          ms_db_bind_text   (sqlite3_stmt  *stmt,
                                 int            index,
                                 const char    *text);
char         *ms_db_column_text (sqlite3_stmt  *stmt,
                                 int            index);
gboolean      ms_db_step_done   (sqlite3       *db,
                                 sqlite3_stmt  *stmt,
                                 GError       **error);
/* Runs @sql, a statement of one text parameter that returns no row. */
gboolean      ms_db_run_text    (sqlite3       *db,
                                 MsSql          sql,
                                 const char    *text,
                                 GError       **error);
/* A row of MS_SQL_STATION_* (ms-db.c). */
MsStation    *ms_station_from_row (sqlite3_stmt *stmt);
/* ms-db-bind.c */
gboolean      ms_db_station_check_unique (sqlite3     *db,
                                          const char  *station_name,
                                          GError     **error);

G_END_DECLS
