/* mc-forms-store.c — a slip filled with everything the store knows */
#define G_LOG_DOMAIN "motcua-forms"

#include "config.h"

#include "mc-forms.h"

McFormDoc *
mc_form_doc_new_for_stored (McStore     *store,
                            McFormKind   kind,
                            McDossier   *dossier,
                            GError     **error)
{
  g_autoptr(McStation) station = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(McCatalog) catalog = NULL;
  g_autoptr(McFormDoc) doc = NULL;
  int book = 0;
  gint64 entry = 0;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (MC_IS_DOSSIER (dossier), NULL);

  station = mc_store_get_station (store, error);
  if (station == NULL)
    return NULL;
  events = mc_store_list_events (store, mc_dossier_get_uuid (dossier), error);
  if (events == NULL)
    return NULL;
  doc = mc_form_doc_new_for_dossier (kind, dossier, station, events, error);
  if (doc == NULL)
    return NULL;

  /* Where the result is collected comes from the catalog entry, when the
   * procedure is still in the catalog; else the renderer's default. */
  catalog = mc_store_load_catalog (store, NULL);
  if (catalog != NULL)
    {
      McProcedure *p = mc_catalog_lookup (catalog, mc_dossier_get_procedure_code (dossier));

      if (p != NULL)
        mc_form_doc_set_result_place (doc, mc_procedure_get_result_place (p));
    }

  if (!mc_store_get_ledger_entry (store, mc_dossier_get_uuid (dossier), &book, &entry, error))
    return NULL;
  mc_form_doc_set_ledger_entry (doc, book, entry);
  return g_steal_pointer (&doc);
}
