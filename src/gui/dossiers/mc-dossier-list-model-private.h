/* mc-dossier-list-model-private.h — the list model's insides, shared by
 * mc-dossier-list-model.c (pages, counts, GListModel) and
 * mc-dossier-list-read.c (the reads, on the context's reader thread, and
 * where a page starts) */
#pragma once

#include "mc-context.h"
#include "mc-dossier-list-model.h"

G_BEGIN_DECLS

typedef enum
{
  READ_PAGE,     /* a page: after @after, skipping @offset */
  READ_COUNT,    /* the count up to @cap (+ 1), then the first page */
  READ_EXTEND,   /* the count after @after, up to @cap (+ 1) */
} ReadKind;

typedef struct
{
  ReadKind       kind;
  McDossierQuery query;
  McDossier     *after;    /* nullable */
  guint          offset;
  guint          limit;
  gint64         cap;      /* ≤ 0: exact */
} ReadJob;

typedef struct
{
  gint64     count;
  GPtrArray *dossiers;   /* McDossier */
} ReadResult;
typedef struct
{
  guint         index;
  guint         generation;   /* the generation this page was (or is being) read for */
  gboolean      loaded;       /* the rows hold data, maybe of an earlier generation being refreshed */
  gboolean      pending;      /* a read is queued or running */
  GPtrArray    *rows;         /* McDossierRow */
  GCancellable *cancellable;
  GList         link;         /* in the LRU queue; data = the page */
} Page;

struct _McDossierListModel
{
  GObject         parent_instance;

  McContext      *context;
  McDossierQuery  query;
  guint           page_size;
  guint           cache_pages;
  guint           count_cap;      /* 0: exact counts */

  guint           generation;
  guint           n_items;
  gboolean        complete;       /* n_items is the whole count, not a cap */
  gboolean        extending;      /* counting on past n_items */
  GHashTable     *pages;          /* page index → Page */
  GHashTable     *anchors;        /* page index → McDossier, the last of that page (this generation) */
  GQueue          lru;            /* most recently used first */
  GCancellable   *cancellable;    /* the current count */
  gboolean        loading;
  gboolean        reset_pending;  /* the next count replaces every item: the query changed */
  GError         *error;
};

/* Where page @index starts: after the nearest anchor before it (a new
 * reference), skipping the pages between; none: from the top. */
void     _mc_dossier_list_model_find_start (McDossierListModel  *self,
                                            guint                index,
                                            McDossier          **after,
                                            guint               *offset);

void     _mc_dossier_query_copy      (McDossierQuery       *dest,
                                      const McDossierQuery *src);
gboolean _mc_dossier_query_equal     (const McDossierQuery *a,
                                      const McDossierQuery *b);

void     _mc_dossier_read_job_free   (ReadJob              *job);
void     _mc_dossier_read_result_free (ReadResult          *result);
/* An McContextFunc: runs @data (a ReadJob) on the reader; a ReadResult. */
gpointer _mc_dossier_read_func       (McContext            *context,
                                      gpointer              data,
                                      GCancellable         *cancellable,
                                      GError              **error);

G_END_DECLS
