/* mc-store-fees.c — the fees collected with a dossier (table fees) */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-fees.h"
#include "mc-store-private.h"

gboolean
mc_store_fees_insert (McStore    *self,
                      McDossier  *dossier,
                      gint64      id,
                      GError    **error)
{
  GPtrArray *fees = mc_dossier_get_fees (dossier);

  for (guint i = 0; i < fees->len; i++)
    {
      const McFee *fee = g_ptr_array_index (fees, i);
      sqlite3_stmt *stmt = mc_store_prepare (self,
                                             "INSERT INTO fees (dossier_id, position, name, amount, exempt, reason) "
                                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                             error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, i);
      mc_store_bind_text (stmt, 3, fee->name);
      sqlite3_bind_int64 (stmt, 4, fee->amount);
      sqlite3_bind_int (stmt, 5, fee->exempt ? 1 : 0);
      mc_store_bind_text (stmt, 6, fee->reason);
      if (!mc_store_step_done (self, stmt, _("Saving the fees"), error))
        return FALSE;
    }
  return TRUE;
}

gboolean
mc_store_fees_delete (McStore  *self,
                      gint64    id,
                      GError  **error)
{
  sqlite3_stmt *stmt = mc_store_prepare (self, "DELETE FROM fees WHERE dossier_id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return mc_store_step_done (self, stmt, _("Saving the fees"), error);
}

GPtrArray *
mc_store_fees_load (McStore  *self,
                    gint64    id,
                    GError  **error)
{
  g_autoptr(GPtrArray) fees = mc_fees_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = mc_store_prepare (self,
                           "SELECT name, amount, exempt, reason FROM fees WHERE dossier_id = ?1 ORDER BY position",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (fees, mc_fee_new ((const char *) sqlite3_column_text (stmt, 0),
                                       sqlite3_column_int64 (stmt, 1),
                                       sqlite3_column_int (stmt, 2) != 0,
                                       (const char *) sqlite3_column_text (stmt, 3)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_store_set_sqlite_error (self, rc, _("Reading the fees"), error);
      return NULL;
    }
  return g_steal_pointer (&fees);
}
