/* mc-dossier-list-read.c — the dossier list's reads, on the context's
 * reader thread (its own read-only connection: a search never waits
 * behind a save)
 *
 * A count asks for one more than the cap, which tells "more than the cap"
 * from "exactly it"; counting on past the cap walks the list after the
 * last row counted (keyset) and stops between rows when a newer query
 * cancels it.
 */
#define G_LOG_DOMAIN "motcua-dossiers"

#include "config.h"

#include "mc-dossier-list-model-private.h"

void
_mc_dossier_query_copy (McDossierQuery       *dest,
                        const McDossierQuery *src)
{
  mc_dossier_query_clear (dest);
  if (src == NULL)
    return;
  dest->search = g_strdup (src->search);
  dest->has_state = src->has_state;
  dest->state = src->state;
  dest->from_date = g_strdup (src->from_date);
  dest->to_date = g_strdup (src->to_date);
  dest->overdue_on = g_strdup (src->overdue_on);
}

gboolean
_mc_dossier_query_equal (const McDossierQuery *a,
                         const McDossierQuery *b)
{
  McDossierQuery none = { 0 };

  if (b == NULL)
    b = &none;
  return g_strcmp0 (a->search, b->search) == 0 &&
         a->has_state == b->has_state &&
         (!a->has_state || a->state == b->state) &&
         g_strcmp0 (a->from_date, b->from_date) == 0 &&
         g_strcmp0 (a->to_date, b->to_date) == 0 &&
         g_strcmp0 (a->overdue_on, b->overdue_on) == 0;
}

void
_mc_dossier_read_job_free (ReadJob *job)
{
  mc_dossier_query_clear (&job->query);
  g_clear_object (&job->after);
  g_free (job);
}

void
_mc_dossier_read_result_free (ReadResult *result)
{
  g_clear_pointer (&result->dossiers, g_ptr_array_unref);
  g_free (result);
}

static gboolean
collect_cb (McDossier *dossier,
            gpointer   user_data)
{
  g_ptr_array_add (user_data, g_object_ref (dossier));
  return TRUE;
}

typedef struct
{
  gint64        n;
  GCancellable *cancellable;
} Counting;

static gboolean
count_cb (McDossier *dossier,
          gpointer   user_data)
{
  Counting *counting = user_data;

  /* A newer query wants the reader: stop between rows. */
  return ++counting->n % 256 != 0 || !g_cancellable_is_cancelled (counting->cancellable);
}

gpointer
_mc_dossier_read_func (McContext     *context,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  ReadJob *job = data;
  McStore *store = mc_context_get_store (context);
  ReadResult *result = g_new0 (ReadResult, 1);
  gint64 limit = job->cap > 0 ? job->cap + 1 : -1;

  if (job->kind == READ_COUNT)
    {
      /* One more than the cap tells "more than the cap" from "exactly it". */
      result->count = mc_store_count_dossiers_upto (store, &job->query, limit, error);
      if (result->count < 0)
        goto fail;
    }
  else if (job->kind == READ_EXTEND)
    {
      Counting counting = { 0, cancellable };

      if (!mc_store_each_dossier (store, &job->query, job->after, 0, limit, count_cb, &counting, error))
        goto fail;
      result->count = counting.n;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto fail;
  if (job->kind == READ_EXTEND)
    return result;
  result->dossiers = g_ptr_array_new_with_free_func (g_object_unref);
  if (!mc_store_each_dossier (store, &job->query, job->after, job->offset, job->limit, collect_cb,
                              result->dossiers, error))
    goto fail;
  return result;

fail:
  _mc_dossier_read_result_free (result);
  return NULL;
}

/* Where page @index starts: after the nearest anchor before it, skipping
 * the pages between (none when the page before was read: pure keyset). */
void
_mc_dossier_list_model_find_start (McDossierListModel  *self,
                                   guint                index,
                                   McDossier          **after,
                                   guint               *offset)
{
  for (guint j = index; j > 0; j--)
    {
      McDossier *anchor = g_hash_table_lookup (self->anchors, GUINT_TO_POINTER (j - 1));

      if (anchor != NULL)
        {
          *after = g_object_ref (anchor);
          *offset = (index - j) * self->page_size;
          return;
        }
    }
  *after = NULL;
  *offset = index * self->page_size;
}
