/* ms-db-sql.h — every statement motcua-server prepares, by name
 *
 * ms_db_prepare() takes one of these, never text: a query cannot be added
 * without an entry in ms-db-sql.c, and tests/unit/server/test-server-plans
 * plans every entry on a database with years of history.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MS_SQL_META_CURSOR_KEY_GET,
  MS_SQL_META_CURSOR_KEY_PUT,
  MS_SQL_META_SECRET_GET,
  MS_SQL_META_SECRET_PUT,
  MS_SQL_META_LAST_SUCCESS_PUT,
  MS_SQL_META_LAST_SUCCESS_GET,
  MS_SQL_STATION_FOR_TOKEN,
  MS_SQL_STATION_GET,
  MS_SQL_STATION_BY_NAME,
  MS_SQL_STATION_INSERT,
  MS_SQL_STATION_UPDATE,
  MS_SQL_STATION_FORGET_NUMBER,
  MS_SQL_STATION_TAKEN_BY_OTHER,
  MS_SQL_TOKENS_DELETE_FOR_STATION,
  MS_SQL_TOKEN_INSERT,
  MS_SQL_BINDING_INSERT,
  MS_SQL_FILE_LOOKUP,
  MS_SQL_FILE_ADD,
  MS_SQL_UPLOAD_INSERT,
  MS_SQL_UPLOAD_GET,
  MS_SQL_UPLOAD_SET_OFFSET,
  MS_SQL_UPLOAD_DELETE,
  MS_SQL_UPLOAD_LIST_EXPIRED,
  MS_SQL_UPLOAD_LIST_COMPLETE,
  MS_SQL_DOSSIER_GET,
  MS_SQL_DOSSIER_GET_BY_CODE,
  MS_SQL_DOSSIER_INSERT,
  MS_SQL_DOSSIER_UPDATE,
  MS_SQL_DOSSIER_LIST,
  MS_SQL_REVISION_LOOKUP,
  MS_SQL_REVISION_INSERT,
  MS_SQL_REVISION_BODY,
  MS_SQL_ACTION_LOOKUP,
  MS_SQL_ACTION_INSERT,
  MS_SQL_CHANGE_INSERT,
  MS_SQL_CHANGE_LIST,
  MS_SQL_FORWARD_ITEMS_SUPERSEDE,
  MS_SQL_FORWARD_ITEM_INSERT,
  MS_SQL_FORWARD_UPSERT,
  MS_SQL_FORWARD_NEXT_DUE,
  MS_SQL_FORWARD_NEXT_TIME,
  MS_SQL_FORWARD_FIRST_ITEM,
  MS_SQL_FORWARD_ITEM_DONE,
  MS_SQL_FORWARD_DELIVERED,
  MS_SQL_FORWARD_ATTEMPT_FAILED,
  MS_SQL_FORWARD_ITEM_SUPERSEDED,
  MS_SQL_FORWARD_MARK_MAYBE_SENT,
  MS_SQL_FORWARD_RETRY,
  MS_SQL_FORWARD_LIST,
  MS_SQL_FORWARD_LIST_IN,
  MS_SQL_FORWARD_COUNT_BY_STATE,
  MS_SQL_FORWARD_OLDEST_WAITING,
  MS_SQL_FORWARD_BACKFILL_DOSSIERS,
  MS_SQL_FORWARD_POLL_BATCH,
  MS_SQL_FORWARD_SET_REMOTE_STATE,
  MS_SQL_FORWARD_ACTION_BODIES,
  MS_SQL_N
} MsSql;

typedef enum
{
  /* On a request's or the forwarding engine's path: reads what it needs
   * through an index, never every row of a table that grows with the years. */
  MS_SQL_TARGETED,
  /* One dossier's rows, found by its uuid: a handful, which it may sort. */
  MS_SQL_ONE_DOSSIER,
  /* An operator's command that lists or counts a whole table on purpose:
   * reads it once in index order, no sort. */
  MS_SQL_WHOLE_TABLE,
} MsSqlReach;

typedef struct
{
  const char *name;
  const char *text;
  MsSqlReach  reach;
} MsSqlEntry;

extern const MsSqlEntry ms_db_sql[MS_SQL_N];

G_END_DECLS
