/* mc-dossier-list-model.c — all dossiers of a query, read lazily by pages
 *
 * Every read carries the generation it was asked for; set_query() and
 * reload() start a new generation, so whatever arrives for an older one is
 * dropped. The reader runs jobs in order, so a page read asked for after a
 * count always lands after it.
 *
 * At a million dossiers nothing here reads them all: the count stops at
 * a cap, and reading the last page counts on (keyset) from its last row.
 * Pages are read after the last dossier of the page before (an anchor, kept
 * per page); a far jump (the scrollbar dragged) starts after the nearest
 * anchor before it and skips only the pages between with an OFFSET.
 */
#define G_LOG_DOMAIN "motcua-dossiers"

#include "config.h"

#include "mc-dossier-count.h"
#include "mc-dossier-list-model.h"
#include "mc-dossier-list-model-private.h"

static void mc_dossier_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (McDossierListModel, mc_dossier_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, mc_dossier_list_model_iface_init))

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_PAGE_SIZE,
  PROP_CACHE_PAGES,
  PROP_COUNT_CAP,
  PROP_N_ITEMS,
  PROP_COMPLETE,
  PROP_LOADING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  McDossierListModel *self;
  guint               generation;
  guint               index;
} ReadRequest;

static void
read_request_free (ReadRequest *request)
{
  g_object_unref (request->self);
  g_free (request);
}

static void
start_read (McDossierListModel  *self,
            ReadKind             kind,
            guint                index,
            guint                limit,
            McDossier           *after,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback)
{
  ReadJob *job = g_new0 (ReadJob, 1);
  ReadRequest *request = g_new0 (ReadRequest, 1);

  _mc_dossier_query_copy (&job->query, &self->query);
  job->kind = kind;
  job->limit = limit;
  job->cap = self->count_cap;
  if (kind == READ_PAGE)
    {
      _mc_dossier_list_model_find_start (self, index, &job->after, &job->offset);
      g_debug ("Page %u: %s, offset %u", index, job->after != NULL ? "after an anchor" : "from the top", job->offset);
    }
  else if (after != NULL)
    job->after = g_object_ref (after);
  request->self = g_object_ref (self);
  request->generation = self->generation;
  request->index = index;
  mc_context_read_async (self->context, _mc_dossier_read_func, job, (GDestroyNotify) _mc_dossier_read_job_free,
                         (GDestroyNotify) _mc_dossier_read_result_free, cancellable, callback, request);
}

/* Pages */

static void
page_free (Page *page)
{
  g_cancellable_cancel (page->cancellable);
  g_clear_object (&page->cancellable);
  g_ptr_array_unref (page->rows);
  g_free (page);
}

static void
fill_page (McDossierListModel *self,
           Page               *page,
           GPtrArray          *dossiers)
{
  GDate today;
  guint n = MIN (page->rows->len, dossiers->len);

  /* A full page read for this generation: the next one starts after it. */
  if (n == self->page_size && page->generation == self->generation)
    g_hash_table_insert (self->anchors, GUINT_TO_POINTER (page->index),
                         g_object_ref (g_ptr_array_index (dossiers, n - 1)));

  mc_dossier_row_get_today (&today);
  for (guint i = 0; i < n; i++)
    mc_dossier_row_set_dossier (g_ptr_array_index (page->rows, i), g_ptr_array_index (dossiers, i), &today);
  page->loaded = TRUE;
  page->pending = FALSE;
}

static void
set_error (McDossierListModel *self,
           const GError       *error)
{
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void maybe_extend (McDossierListModel *self,
                          Page               *page,
                          GPtrArray          *dossiers);

static void
page_read_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  ReadRequest *request = user_data;
  McDossierListModel *self = request->self;
  g_autoptr(GError) error = NULL;
  ReadResult *result = mc_context_run_finish (MC_CONTEXT (source), res, &error);
  Page *page = NULL;

  if (request->generation == self->generation)
    page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (request->index));
  if (page == NULL || page->generation != request->generation)
    goto out;   /* an older query, or the page was dropped meanwhile */

  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          page->pending = FALSE;
          set_error (self, error);
        }
      goto out;
    }
  g_debug ("Page %u read (%u rows)", request->index, result->dossiers->len);
  fill_page (self, page, result->dossiers);
  maybe_extend (self, page, result->dossiers);

out:
  g_clear_pointer (&result, _mc_dossier_read_result_free);
  read_request_free (request);
}

static void
schedule_page (McDossierListModel *self,
               Page               *page)
{
  if (page->cancellable != NULL)
    g_cancellable_cancel (page->cancellable);
  g_clear_object (&page->cancellable);
  page->cancellable = g_cancellable_new ();
  page->generation = self->generation;
  page->pending = TRUE;
  start_read (self, READ_PAGE, page->index, page->rows->len, NULL, page->cancellable, page_read_cb);
}

static void
drop_page (McDossierListModel *self,
           Page               *page)
{
  g_queue_unlink (&self->lru, &page->link);
  g_hash_table_remove (self->pages, GUINT_TO_POINTER (page->index));
}

static void
drop_all_pages (McDossierListModel *self)
{
  while (self->lru.head != NULL)
    drop_page (self, self->lru.head->data);
}

/* Keeps memory flat: the pages least recently asked for go first. A page
 * still being read is cancelled, so the worker's queue stays short too. */
static void
evict_pages (McDossierListModel *self)
{
  while (self->lru.length > self->cache_pages)
    drop_page (self, self->lru.tail->data);
}

static Page *
add_page (McDossierListModel *self,
          guint               index)
{
  Page *page = g_new0 (Page, 1);
  guint first = index * self->page_size;
  guint n = MIN (self->page_size, self->n_items - first);

  page->index = index;
  page->generation = self->generation;
  page->rows = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (page->rows, mc_dossier_row_new_placeholder ());
  page->link.data = page;
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head_link (&self->lru, &page->link);
  evict_pages (self);
  return page;
}

/* Counting */

static void
set_loading (McDossierListModel *self,
             gboolean            loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_complete (McDossierListModel *self,
              gboolean            complete)
{
  if (self->complete == complete)
    return;
  self->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

static void refresh_in_place (McDossierListModel *self,
                              GPtrArray          *first_page);

/* A new count: the rows both lists have keep their objects and are filled
 * again in place; only the tail is removed or added, so a list view rebinds
 * nothing. Removing and adding all 10 000 rows made it destroy and build
 * every row widget, 200–400 ms a keystroke at a million dossiers (and a
 * GtkSingleSelection look for its item among all those added, one
 * get_item () each). The view scrolls and selects anew on a new query. */
static void
replace_all (McDossierListModel *self,
             guint               n_items,
             gboolean            complete,
             GPtrArray          *first_page)
{
  guint old_n = self->n_items;
  GList *l = self->lru.head;

  self->complete = complete;
  self->reset_pending = FALSE;
  self->n_items = n_items;
  while (l != NULL)
    {
      Page *page = l->data;
      guint first = page->index * self->page_size;

      l = l->next;
      if (first >= n_items)
        drop_page (self, page);
      else if (page->rows->len > n_items - first)
        g_ptr_array_set_size (page->rows, n_items - first);
      else
        while (page->rows->len < MIN (self->page_size, n_items - first))
          g_ptr_array_add (page->rows, mc_dossier_row_new_placeholder ());
    }
  if (n_items > 0 && first_page != NULL && g_hash_table_lookup (self->pages, GUINT_TO_POINTER (0)) == NULL)
    add_page (self, 0);
  refresh_in_place (self, first_page);

  if (old_n > n_items)
    g_list_model_items_changed (G_LIST_MODEL (self), n_items, old_n - n_items, 0);
  else if (n_items > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, n_items - old_n);
  if (old_n != n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

/* More rows past the cap: the list grows at its end (a partial last page
 * is read again at its new size). */
static void
grow (McDossierListModel *self,
      guint               added,
      gboolean            complete)
{
  guint old_n = self->n_items;
  Page *last = old_n > 0 ? g_hash_table_lookup (self->pages, GUINT_TO_POINTER ((old_n - 1) / self->page_size)) : NULL;

  self->n_items = old_n + added;
  /* A partial last page takes the new rows it now holds, as placeholders. */
  if (last != NULL)
    while (last->rows->len < MIN (self->page_size, self->n_items - last->index * self->page_size))
      {
        g_ptr_array_add (last->rows, mc_dossier_row_new_placeholder ());
        last->loaded = FALSE;
      }
  if (last != NULL && !last->loaded && !last->pending)
    schedule_page (self, last);
  if (added > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, added);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  set_complete (self, complete);
}

static void
extend_read_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  ReadRequest *request = user_data;
  McDossierListModel *self = request->self;
  g_autoptr(GError) error = NULL;
  ReadResult *result = mc_context_run_finish (MC_CONTEXT (source), res, &error);
  gint64 cap = self->count_cap;

  if (request->generation != self->generation)
    goto out;   /* reload() forgot this one */
  self->extending = FALSE;
  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error (self, error);
      goto out;
    }
  g_debug ("%" G_GINT64_FORMAT " more dossiers past %u (cap %" G_GINT64_FORMAT ")", result->count, self->n_items, cap);
  grow (self, (guint) MIN (result->count, MIN (cap, (gint64) (G_MAXUINT - 1 - self->n_items))),
        result->count <= cap);

out:
  g_clear_pointer (&result, _mc_dossier_read_result_free);
  read_request_free (request);
}

/* The last page was read and the count stopped at the cap: count on from
 * its last row (keyset), so the list can be scrolled past the cap. */
static void
maybe_extend (McDossierListModel *self,
              Page               *page,
              GPtrArray          *dossiers)
{
  if (self->complete || self->extending || self->count_cap == 0 || self->n_items == 0)
    return;
  if (page->index != (self->n_items - 1) / self->page_size || page->generation != self->generation ||
      dossiers->len == 0 || dossiers->len != page->rows->len)
    return;
  self->extending = TRUE;
  start_read (self, READ_EXTEND, 0, 0, g_ptr_array_index (dossiers, dossiers->len - 1), self->cancellable,
              extend_read_cb);
}

/* Same query, same count: fill the rows in place, so the list keeps its
 * scroll position and selection (a correction, a state change). */
static void
refresh_in_place (McDossierListModel *self,
                  GPtrArray          *first_page)
{
  Page *first = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (0));

  /* Page 0 first: its last row is where page 1 starts (keyset). */
  if (first != NULL && first_page != NULL)
    {
      g_cancellable_cancel (first->cancellable);
      first->generation = self->generation;
      fill_page (self, first, first_page);
    }
  for (GList *l = self->lru.head; l != NULL; l = l->next)
    {
      Page *page = l->data;

      if (page->generation != self->generation)
        schedule_page (self, page);
    }
}

static void
maybe_extend_first (McDossierListModel *self,
                    GPtrArray          *first_page)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (0));

  if (page != NULL && first_page != NULL)
    maybe_extend (self, page, first_page);
}

static void
count_read_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  ReadRequest *request = user_data;
  McDossierListModel *self = request->self;
  g_autoptr(GError) error = NULL;
  ReadResult *result = mc_context_run_finish (MC_CONTEXT (source), res, &error);
  gint64 cap = self->count_cap;
  gboolean capped;
  guint n_items;

  if (request->generation != self->generation)
    goto out;   /* a newer query or reload is under way */

  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Counting dossiers failed: %s", error->message);
          set_error (self, error);
          set_loading (self, FALSE);
        }
      goto out;
    }

  capped = cap > 0 && result->count > cap;
  n_items = (guint) CLAMP (capped ? cap : result->count, 0, G_MAXUINT - 1);
  g_debug ("Counted %u%s dossiers (generation %u)", n_items, capped ? "+" : "", self->generation);
  set_error (self, NULL);
  /* The same query, the same count (or still past the cap, however far
   * the list was grown): refreshed in place, the list does not jump. Past
   * the cap the rows beyond it are not known exact any more: reading the
   * last page counts on again. */
  if (!self->reset_pending && capped && self->n_items >= n_items)
    {
      set_complete (self, FALSE);
      refresh_in_place (self, result->dossiers);
    }
  else if (!self->reset_pending && !capped && n_items == self->n_items)
    {
      set_complete (self, TRUE);
      refresh_in_place (self, result->dossiers);
    }
  else
    replace_all (self, n_items, !capped, result->dossiers);
  maybe_extend_first (self, result->dossiers);
  set_loading (self, FALSE);

out:
  g_clear_pointer (&result, _mc_dossier_read_result_free);
  read_request_free (request);
}

static void
on_dossiers_changed_cb (McDossierListModel *self)
{
  mc_dossier_list_model_reload (self);
}

/* GListModel */

static GType
mc_dossier_list_model_get_item_type (GListModel *model)
{
  return MC_TYPE_DOSSIER_ROW;
}

static guint
mc_dossier_list_model_get_n_items (GListModel *model)
{
  return MC_DOSSIER_LIST_MODEL (model)->n_items;
}

static gpointer
mc_dossier_list_model_get_item (GListModel *model,
                                guint       position)
{
  McDossierListModel *self = MC_DOSSIER_LIST_MODEL (model);
  guint index;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  index = position / self->page_size;
  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page == NULL)
    page = add_page (self, index);
  else if (self->lru.head != &page->link)
    {
      g_queue_unlink (&self->lru, &page->link);
      g_queue_push_head_link (&self->lru, &page->link);
    }

  /* While a new query is being counted these items are about to go:
   * reading pages for them would be wasted. */
  if (!page->loaded && !page->pending && !(self->loading && self->reset_pending) && self->context != NULL)
    schedule_page (self, page);

  return g_object_ref (g_ptr_array_index (page->rows, position - index * self->page_size));
}

static void
mc_dossier_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = mc_dossier_list_model_get_item_type;
  iface->get_n_items = mc_dossier_list_model_get_n_items;
  iface->get_item = mc_dossier_list_model_get_item;
}

/* GObject */

static void
mc_dossier_list_model_dispose (GObject *object)
{
  McDossierListModel *self = MC_DOSSIER_LIST_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  drop_all_pages (self);
  g_hash_table_remove_all (self->anchors);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (mc_dossier_list_model_parent_class)->dispose (object);
}

static void
mc_dossier_list_model_finalize (GObject *object)
{
  McDossierListModel *self = MC_DOSSIER_LIST_MODEL (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->anchors, g_hash_table_unref);
  g_clear_error (&self->error);
  mc_dossier_query_clear (&self->query);

  G_OBJECT_CLASS (mc_dossier_list_model_parent_class)->finalize (object);
}

static void
mc_dossier_list_model_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  McDossierListModel *self = MC_DOSSIER_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    case PROP_CACHE_PAGES:
      g_value_set_uint (value, self->cache_pages);
      break;
    case PROP_COUNT_CAP:
      g_value_set_uint (value, self->count_cap);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_dossier_list_model_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  McDossierListModel *self = MC_DOSSIER_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      mc_dossier_list_model_set_context (self, g_value_get_object (value));
      break;
    case PROP_PAGE_SIZE:
      self->page_size = MAX (1, g_value_get_uint (value));
      break;
    case PROP_CACHE_PAGES:
      self->cache_pages = MAX (1, g_value_get_uint (value));
      break;
    case PROP_COUNT_CAP:
      self->count_cap = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_dossier_list_model_class_init (McDossierListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = mc_dossier_list_model_dispose;
  object_class->finalize = mc_dossier_list_model_finalize;
  object_class->get_property = mc_dossier_list_model_get_property;
  object_class->set_property = mc_dossier_list_model_set_property;

  properties[PROP_CONTEXT] = g_param_spec_object ("context", NULL, NULL, MC_TYPE_CONTEXT,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_SIZE] = g_param_spec_uint ("page-size", NULL, NULL, 1, 10000,
                                                  MC_DOSSIER_LIST_MODEL_PAGE_SIZE, construct);
  properties[PROP_CACHE_PAGES] = g_param_spec_uint ("cache-pages", NULL, NULL, 1, 10000,
                                                    MC_DOSSIER_LIST_MODEL_CACHE_PAGES, construct);
  /* 0: exact counts (reads every match). */
  properties[PROP_COUNT_CAP] = g_param_spec_uint ("count-cap", NULL, NULL, 0, G_MAXINT,
                                                  MC_DOSSIER_COUNT_CAP, construct);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_COMPLETE] = g_param_spec_boolean ("complete", NULL, NULL, TRUE, ro);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_dossier_list_model_init (McDossierListModel *self)
{
  self->page_size = MC_DOSSIER_LIST_MODEL_PAGE_SIZE;
  self->cache_pages = MC_DOSSIER_LIST_MODEL_CACHE_PAGES;
  self->count_cap = MC_DOSSIER_COUNT_CAP;
  self->complete = TRUE;
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  self->anchors = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->lru);
}

/* Public API */

McDossierListModel *
mc_dossier_list_model_new (McContext *context)
{
  return g_object_new (MC_TYPE_DOSSIER_LIST_MODEL, "context", context, NULL);
}

McDossierListModel *
mc_dossier_list_model_new_full (McContext *context,
                                guint      page_size,
                                guint      cache_pages)
{
  return g_object_new (MC_TYPE_DOSSIER_LIST_MODEL,
                       "page-size", page_size,
                       "cache-pages", cache_pages,
                       "context", context,
                       NULL);
}

void
mc_dossier_list_model_set_context (McDossierListModel *self,
                                   McContext          *context)
{
  g_return_if_fail (MC_IS_DOSSIER_LIST_MODEL (self));
  g_return_if_fail (context == NULL || MC_IS_CONTEXT (context));

  if (self->context == context)
    return;
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (self->context, on_dossiers_changed_cb, self);
  g_set_object (&self->context, context);
  if (context != NULL)
    g_signal_connect_object (context, "dossiers-changed", G_CALLBACK (on_dossiers_changed_cb), self,
                             G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);

  self->reset_pending = TRUE;
  mc_dossier_list_model_reload (self);
}

void
mc_dossier_list_model_set_query (McDossierListModel   *self,
                                 const McDossierQuery *query)
{
  g_return_if_fail (MC_IS_DOSSIER_LIST_MODEL (self));

  /* The same query again (a search entry settling, filters restored): the
   * list as it is, with its scroll position and selection. */
  if (_mc_dossier_query_equal (&self->query, query) && self->context != NULL && self->error == NULL)
    return;
  _mc_dossier_query_copy (&self->query, query);
  self->reset_pending = TRUE;
  mc_dossier_list_model_reload (self);
}

const McDossierQuery *
mc_dossier_list_model_get_query (McDossierListModel *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_LIST_MODEL (self), NULL);
  return &self->query;
}

void
mc_dossier_list_model_reload (McDossierListModel *self)
{
  g_return_if_fail (MC_IS_DOSSIER_LIST_MODEL (self));

  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  /* Places may have moved (a new dossier comes first): pages read from
   * now on start from anchors of this generation only. */
  g_hash_table_remove_all (self->anchors);
  self->extending = FALSE;

  if (self->context == NULL)
    {
      replace_all (self, 0, TRUE, NULL);
      set_loading (self, FALSE);
      return;
    }

  set_loading (self, TRUE);
  start_read (self, READ_COUNT, 0, self->page_size, NULL, self->cancellable, count_read_cb);
}

gboolean
mc_dossier_list_model_get_complete (McDossierListModel *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_LIST_MODEL (self), TRUE);
  return self->complete;
}

guint
mc_dossier_list_model_get_count_cap (McDossierListModel *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_LIST_MODEL (self), 0);
  return self->count_cap;
}

gboolean
mc_dossier_list_model_get_loading (McDossierListModel *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_LIST_MODEL (self), FALSE);
  return self->loading;
}

const GError *
mc_dossier_list_model_get_error (McDossierListModel *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_LIST_MODEL (self), NULL);
  return self->error;
}

guint
mc_dossier_list_model_find (McDossierListModel *self,
                            const char         *uuid_or_code)
{
  g_return_val_if_fail (MC_IS_DOSSIER_LIST_MODEL (self), G_MAXUINT);

  if (uuid_or_code == NULL)
    return G_MAXUINT;
  for (GList *l = self->lru.head; l != NULL; l = l->next)
    {
      Page *page = l->data;

      /* A page being read again may hold the rows of an earlier query. */
      if (!page->loaded || page->pending)
        continue;
      for (guint i = 0; i < page->rows->len; i++)
        {
          McDossierRow *row = g_ptr_array_index (page->rows, i);

          if (g_strcmp0 (mc_dossier_row_get_uuid (row), uuid_or_code) == 0 ||
              g_strcmp0 (mc_dossier_row_get_code (row), uuid_or_code) == 0)
            return page->index * self->page_size + i;
        }
    }
  return G_MAXUINT;
}

guint
mc_dossier_list_model_get_n_cached_pages (McDossierListModel *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_LIST_MODEL (self), 0);
  return self->lru.length;
}
