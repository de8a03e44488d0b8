/* mc-dossier-list-model.h — all dossiers of a query, read lazily by pages
 *
 * A GListModel of McDossierRow over the store, newest first. The count and
 * the pages are read on the context's worker; get_item() never blocks: it
 * returns a placeholder row and fills it when its page arrives. Only a
 * bounded number of pages is kept, so memory stays flat however many
 * dossiers there are. Results of an older query are dropped.
 *
 * The count stops at "count-cap" (10 000): past it the list holds that many
 * rows, "complete" is FALSE ("more than 10 000"), and reading the last page
 * counts on, so the list grows as it is scrolled. Pages are read by keyset
 * (after the last dossier of the page before); a far jump starts from the
 * nearest page already read and skips the gap.
 */
#pragma once

#include <gio/gio.h>

#include "mc-context.h"
#include "mc-dossier-row.h"

G_BEGIN_DECLS

#define MC_DOSSIER_LIST_MODEL_PAGE_SIZE   100
#define MC_DOSSIER_LIST_MODEL_CACHE_PAGES 30

#define MC_TYPE_DOSSIER_LIST_MODEL (mc_dossier_list_model_get_type ())
G_DECLARE_FINAL_TYPE (McDossierListModel, mc_dossier_list_model, MC, DOSSIER_LIST_MODEL, GObject)

/* @context may be NULL (an empty list until one is set). */
McDossierListModel *mc_dossier_list_model_new          (McContext            *context);
/* The same with a page size and a cache bound (in pages), for tests. */
McDossierListModel *mc_dossier_list_model_new_full     (McContext            *context,
                                                        guint                 page_size,
                                                        guint                 cache_pages);
void                mc_dossier_list_model_set_context  (McDossierListModel   *self,
                                                        McContext            *context);

/* Starts reading the dossiers of @query (copied; NULL: all). The list keeps
 * its items until the new count is known, then changes all at once. The
 * query already set does nothing (reload() reads again). */
void                mc_dossier_list_model_set_query    (McDossierListModel   *self,
                                                        const McDossierQuery *query);
const McDossierQuery *mc_dossier_list_model_get_query  (McDossierListModel   *self);
/* Reads the count and the cached pages again (dossiers were saved). */
void                mc_dossier_list_model_reload       (McDossierListModel   *self);

/* FALSE while there are more dossiers than the n_items counted so far
 * (the count stopped at the cap): "more than …". */
gboolean            mc_dossier_list_model_get_complete (McDossierListModel   *self);
guint               mc_dossier_list_model_get_count_cap (McDossierListModel  *self);

/* TRUE while the count of the current query is being read. */
gboolean            mc_dossier_list_model_get_loading  (McDossierListModel   *self);
/* The error of the last count, or NULL. */
const GError       *mc_dossier_list_model_get_error    (McDossierListModel   *self);

/* The position of the dossier among the rows already read, or
 * GTK_INVALID_LIST_POSITION (G_MAXUINT). */
guint               mc_dossier_list_model_find         (McDossierListModel   *self,
                                                        const char           *uuid_or_code);
/* How many pages are held now (never more than the cache bound). */
guint               mc_dossier_list_model_get_n_cached_pages (McDossierListModel *self);

G_END_DECLS
