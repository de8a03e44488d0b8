/* mc-store-search.c — lists and counts of dossiers: search, filters, pages
 *
 * The list is newest received first. The search index (schema 7) is keyed
 * by a dossier's place in that order, received_ts · 2^24 + id mod 2^24, so
 * a search reads its matches newest first straight out of the index and
 * stops when the page is full (ORDER BY rowid DESC LIMIT), a date filter
 * and the next page (keyset: after the last row shown) are rowid ranges,
 * and a count can stop at a cap. Nothing here reads every match of a
 * common word: 'nguyen' is 40 % of a million dossiers.
 */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-core-env.h"
#include "mc-store-private.h"
#include "mc-text.h"
#include "mc-validate.h"

#define KEY_SPAN G_GINT64_CONSTANT (16777216)   /* 2^24, as in the schema's triggers */
/* Bounds of received_ts far beyond any real date, so keys never overflow. */
#define TS_MIN (-(G_GINT64_CONSTANT (1) << 38))
#define TS_MAX (G_GINT64_CONSTANT (1) << 38)

/* What a query and a page position come to: the FTS5 query, the state, and
 * the range of places [lo, hi) as (received_ts, id) pairs and as keys. */
typedef struct
{
  char        *match;
  const char  *state;
  gint64       lo_ts;
  gint64       hi_ts;
  gint64       hi_id;   /* exclusive upper bound is (hi_ts, hi_id) */
  char        *overdue; /* nullable YYYY-MM-DD: due before it and not finished */
} Filter;

static void
filter_clear (Filter *f)
{
  g_clear_pointer (&f->match, g_free);
  g_clear_pointer (&f->overdue, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Filter, filter_clear)

/* "nguyễn văn d" → "\"nguyen\"* \"van\"* \"d\"*": every word, as a prefix.
 * A word that holds punctuation becomes one phrase of its parts, so
 * "000.00.12.H29-261123-1001" is "\"000 00 12 h29 261123 1001\"*": its
 * parts in that order, only the last one a prefix — rather than six
 * prefixes ("00"* alone expands to every ID number starting with 00). */
char *
mc_store_search_match (const char *search)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;
  GString *match;

  if (search == NULL)
    return NULL;
  folded = mc_text_fold (search);
  words = g_strsplit (folded, " ", -1);
  match = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      gsize phrase_start = match->len;
      gboolean any = FALSE;

      for (const char *p = words[i]; *p != '\0';)
        {
          const char *start;

          while (*p != '\0' && !g_unichar_isalnum (g_utf8_get_char (p)))
            p = g_utf8_next_char (p);
          start = p;
          while (*p != '\0' && g_unichar_isalnum (g_utf8_get_char (p)))
            p = g_utf8_next_char (p);
          if (p > start)
            {
              if (!any)
                g_string_append (match, match->len > 0 ? " \"" : "\"");
              else
                g_string_append_c (match, ' ');
              g_string_append_len (match, start, p - start);
              any = TRUE;
            }
        }
      if (any)
        g_string_append (match, "\"*");
      else
        g_string_truncate (match, phrase_start);
    }

  if (match->len == 0)
    {
      g_string_free (match, TRUE);
      return NULL;
    }
  return g_string_free (match, FALSE);
}

gboolean
mc_store_day_start_ts (const char  *label,
                       const char  *date,
                       int          add_days,
                       gint64      *out,
                       GError     **error)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) shifted = NULL;
  GDate d;

  if (!mc_validate_date (label, date, &d, error))
    return FALSE;
  start = g_date_time_new (tz, g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d), 0, 0, 0);
  shifted = g_date_time_add_days (start, add_days);
  *out = g_date_time_to_unix (shifted);
  return TRUE;
}

static gboolean
filter_init (Filter                *f,
             const McDossierQuery  *query,
             McDossier             *after,
             GError               **error)
{
  gint64 ts;

  f->lo_ts = TS_MIN;
  f->hi_ts = TS_MAX;
  f->hi_id = G_MININT64;
  if (query != NULL)
    {
      f->match = mc_store_search_match (query->search);
      f->state = query->has_state ? mc_dossier_state_to_string (query->state) : NULL;
      if (query->from_date != NULL)
        {
          if (!mc_store_day_start_ts (_("From date"), query->from_date, 0, &ts, error))
            return FALSE;
          f->lo_ts = ts;
        }
      if (query->to_date != NULL)
        {
          if (!mc_store_day_start_ts (_("To date"), query->to_date, 1, &ts, error))
            return FALSE;
          f->hi_ts = MIN (ts, TS_MAX);
        }
      if (query->overdue_on != NULL)
        {
          GDate d;

          if (!mc_validate_date (_("Overdue on"), query->overdue_on, &d, error))
            return FALSE;
          f->overdue = g_strdup (query->overdue_on);
        }
    }
  if (after != NULL && mc_dossier_get_received_at (after) != NULL)
    {
      gint64 after_ts = g_date_time_to_unix (mc_dossier_get_received_at (after));
      gint64 after_id = mc_dossier_get_row_id (after);

      if (after_ts < f->hi_ts || (after_ts == f->hi_ts && after_id < f->hi_id))
        {
          f->hi_ts = after_ts;
          f->hi_id = after_id;
        }
    }
  return TRUE;
}

static gint64
lo_key (const Filter *f)
{
  return f->lo_ts * KEY_SPAN;
}

static gint64
hi_key (const Filter *f)
{
  return f->hi_ts * KEY_SPAN + (f->hi_id == G_MININT64 ? 0 : f->hi_id % KEY_SPAN);
}

/* Binds ?1 match (when the statement has it), ?2 state, ?3/?4 the range:
 * keys for a statement over the index, (ts) and (ts, id) for one over
 * dossiers (?3 lo_ts, ?4 hi_ts, ?7 hi_id); ?8 the overdue day. */
static void
bind_filter (sqlite3_stmt *stmt,
             const Filter *f,
             gboolean      keys)
{
  mc_store_bind_text (stmt, 1, f->match);
  mc_store_bind_text (stmt, 2, f->state);
  if (keys)
    {
      sqlite3_bind_int64 (stmt, 3, lo_key (f));
      sqlite3_bind_int64 (stmt, 4, hi_key (f));
    }
  else
    {
      sqlite3_bind_int64 (stmt, 3, f->lo_ts);
      sqlite3_bind_int64 (stmt, 4, f->hi_ts);
      sqlite3_bind_int64 (stmt, 7, f->hi_id);
    }
  mc_store_bind_text (stmt, 8, f->overdue);
}

/* The matches, newest first, out of the index; the dossier by its id. */
#define FROM_MATCHES \
  "FROM dossier_search s JOIN dossiers d ON d.id = s.rowid % 16777216 " \
  "WHERE s.dossier_search MATCH ?1 AND s.rowid >= ?3 AND s.rowid < ?4 "
/* Every dossier in a range, newest first, by dossiers_by_received ... */
#define FROM_ALL \
  "FROM dossiers d WHERE ?2 IS NULL AND d.received_ts >= ?3 AND (d.received_ts, d.id) < (?4, ?7) "
/* ... or of one state by dossiers_by_state. */
#define FROM_STATE \
  "FROM dossiers d WHERE d.state = ?2 AND d.received_ts >= ?3 AND (d.received_ts, d.id) < (?4, ?7) "
/* The "Overdue" filter (due before ?8 and not finished) reads only the
 * unfinished dossiers, newest first, out of the partial index
 * dossiers_open (schema 8): the work in hand, not the years of history.
 * The condition must be written as in the index for SQLite to use it;
 * "+d.state" keeps dossiers_by_state (which walks every finished dossier
 * of a state too) out of the plan. */
#define UNFINISHED(t) t ".state NOT IN ('done', 'returned', 'rejected', 'withdrawn', 'stopped') "
#define FROM_OVERDUE \
  "FROM dossiers d WHERE " UNFINISHED ("d") "AND d.due_date < ?8 AND (?2 IS NULL OR +d.state = ?2) " \
  "AND d.received_ts >= ?3 AND (d.received_ts, d.id) < (?4, ?7) "
/* A search among the overdue: the matches among the unfinished dossiers
 * only (dossier_search_open, schema 11: the work in hand, not the 400 000
 * matches of a common word in the history), newest first, each looked up
 * by its key in dossiers_open for its due date and state (a small index
 * that stays in memory, rather than the dossier's row). CROSS JOIN keeps
 * the index of matches outside: the other way round is one search of
 * the index per overdue dossier. A key's received_ts is key >> 24 (keys
 * are never negative: received_ts is after 1970). */
#define OVERDUE_MATCHES \
  "FROM dossier_search_open os CROSS JOIN dossiers o ON o.received_ts = os.rowid >> 24 " \
  "AND +o.id = os.rowid % 16777216 AND " UNFINISHED ("o") "AND o.due_date < ?8 " \
  "AND (?2 IS NULL OR o.state = ?2) "
#define OVERDUE_MATCHES_WHERE \
  "WHERE os.dossier_search_open MATCH ?1 AND os.rowid >= ?3 AND os.rowid < ?4 "

static sqlite3_stmt *
prepare_list (McStore       *self,
              const Filter  *f,
              GError       **error)
{
  if (f->match != NULL && f->overdue != NULL)
    return mc_store_prepare (self,
                             "SELECT " MC_STORE_DOSSIER_COLUMNS OVERDUE_MATCHES "CROSS JOIN dossiers d ON d.id = o.id "
                             OVERDUE_MATCHES_WHERE "ORDER BY os.rowid DESC LIMIT ?5 OFFSET ?6",
                             error);
  if (f->match != NULL)
    return mc_store_prepare (self,
                             "SELECT " MC_STORE_DOSSIER_COLUMNS FROM_MATCHES "AND (?2 IS NULL OR d.state = ?2) "
                             "ORDER BY s.rowid DESC LIMIT ?5 OFFSET ?6",
                             error);
  if (f->overdue != NULL)
    return mc_store_prepare (self,
                             "SELECT " MC_STORE_DOSSIER_COLUMNS FROM_OVERDUE
                             "ORDER BY d.received_ts DESC, d.id DESC LIMIT ?5 OFFSET ?6",
                             error);
  if (f->state != NULL)
    return mc_store_prepare (self,
                             "SELECT " MC_STORE_DOSSIER_COLUMNS FROM_STATE
                             "ORDER BY d.received_ts DESC, d.id DESC LIMIT ?5 OFFSET ?6",
                             error);
  return mc_store_prepare (self,
                           "SELECT " MC_STORE_DOSSIER_COLUMNS FROM_ALL
                           "ORDER BY d.received_ts DESC, d.id DESC LIMIT ?5 OFFSET ?6",
                           error);
}

gboolean
mc_store_each_dossier (McStore               *self,
                       const McDossierQuery  *query,
                       McDossier             *after,
                       guint                  offset,
                       gint64                 limit,
                       McStoreDossierFunc     func,
                       gpointer               user_data,
                       GError               **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_auto(Filter) f = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);
  if (!filter_init (&f, query, after, error))
    return FALSE;
  stmt = prepare_list (self, &f, error);
  if (stmt == NULL)
    return FALSE;
  bind_filter (stmt, &f, f.match != NULL);
  sqlite3_bind_int64 (stmt, 5, limit > 0 ? limit : -1);
  sqlite3_bind_int64 (stmt, 6, offset);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(McDossier) d = mc_store_dossier_from_row (stmt);

      if (!func (d, user_data))
        {
          rc = SQLITE_DONE;
          break;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (self, rc, _("Searching dossiers"), error);
  return TRUE;
}

static gboolean
collect (McDossier *d,
         gpointer   user_data)
{
  g_ptr_array_add (user_data, g_object_ref (d));
  return TRUE;
}

GPtrArray *
mc_store_list_dossiers_after (McStore               *self,
                              const McDossierQuery  *query,
                              McDossier             *after,
                              int                    limit,
                              GError               **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);

  if (!mc_store_each_dossier (self, query, after, 0, limit, collect, result, error))
    return NULL;
  return g_steal_pointer (&result);
}

GPtrArray *
mc_store_list_dossiers (McStore               *self,
                        const McDossierQuery  *query,
                        guint                  offset,
                        int                    limit,
                        GError               **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);

  if (!mc_store_each_dossier (self, query, NULL, offset, limit, collect, result, error))
    return NULL;
  return g_steal_pointer (&result);
}

gint64
mc_store_count_dossiers_upto (McStore               *self,
                              const McDossierQuery  *query,
                              gint64                 cap,
                              GError               **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_auto(Filter) f = { 0 };
  sqlite3_stmt *stmt;
  gint64 count = -1;
  int rc;

  g_return_val_if_fail (MC_IS_STORE (self), -1);

  locker = g_rec_mutex_locker_new (&self->lock);
  if (!filter_init (&f, query, NULL, error))
    return -1;
  if (f.match != NULL && f.state == NULL && f.overdue == NULL)
    /* The index alone. */
    stmt = mc_store_prepare (self,
                             "SELECT count(*) FROM (SELECT 1 FROM dossier_search s "
                             "  WHERE s.dossier_search MATCH ?1 AND s.rowid >= ?3 AND s.rowid < ?4 LIMIT ?5)",
                             error);
  else if (f.match != NULL && f.overdue != NULL)
    stmt = mc_store_prepare (self,
                             "SELECT count(*) FROM (SELECT 1 " OVERDUE_MATCHES OVERDUE_MATCHES_WHERE "LIMIT ?5)",
                             error);
  else if (f.match != NULL)
    stmt = mc_store_prepare (self, "SELECT count(*) FROM (SELECT 1 " FROM_MATCHES "AND (?2 IS NULL OR d.state = ?2) LIMIT ?5)",
                             error);
  else if (f.overdue != NULL)
    stmt = mc_store_prepare (self, "SELECT count(*) FROM (SELECT 1 " FROM_OVERDUE "LIMIT ?5)", error);
  else if (f.state != NULL)
    stmt = mc_store_prepare (self, "SELECT count(*) FROM (SELECT 1 " FROM_STATE "LIMIT ?5)", error);
  else
    stmt = mc_store_prepare (self, "SELECT count(*) FROM (SELECT 1 " FROM_ALL "LIMIT ?5)", error);
  if (stmt == NULL)
    return -1;
  bind_filter (stmt, &f, f.match != NULL);
  sqlite3_bind_int64 (stmt, 5, cap > 0 ? cap : -1);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    mc_store_set_sqlite_error (self, rc, _("Counting dossiers"), error);
  sqlite3_reset (stmt);
  return count;
}

gint64
mc_store_count_dossiers (McStore               *self,
                         const McDossierQuery  *query,
                         GError               **error)
{
  return mc_store_count_dossiers_upto (self, query, -1, error);
}

gboolean
mc_store_count_by_state_upto (McStore               *self,
                              const McDossierQuery  *query,
                              gint64                 cap,
                              gint64                 counts[MC_DOSSIER_N_STATES],
                              GError               **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  McDossierQuery without_state = { 0 };
  g_auto(Filter) f = { 0 };
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);

  for (guint i = 0; i < MC_DOSSIER_N_STATES; i++)
    counts[i] = 0;
  /* Counts are per state, so the state filter itself does not apply. */
  if (query != NULL)
    {
      without_state = *query;
      without_state.has_state = FALSE;
    }
  locker = g_rec_mutex_locker_new (&self->lock);
  if (!filter_init (&f, &without_state, NULL, error))
    return FALSE;

  if (f.match != NULL)
    {
      /* The newest @cap matches, by state. */
      if (f.overdue != NULL)
        stmt = mc_store_prepare (self,
                                 "SELECT state, count(*) FROM (SELECT o.state AS state " OVERDUE_MATCHES
                                 OVERDUE_MATCHES_WHERE "ORDER BY os.rowid DESC LIMIT ?5) GROUP BY state",
                                 error);
      else
        stmt = mc_store_prepare (self,
                                 "SELECT state, count(*) FROM (SELECT d.state AS state " FROM_MATCHES
                                 "  AND ?2 IS NULL ORDER BY s.rowid DESC LIMIT ?5) GROUP BY state",
                                 error);
      if (stmt == NULL)
        return FALSE;
      bind_filter (stmt, &f, TRUE);
      sqlite3_bind_int64 (stmt, 5, cap > 0 ? cap : -1);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          McDossierState state;

          if (mc_dossier_state_from_string ((const char *) sqlite3_column_text (stmt, 0), &state))
            counts[state] = sqlite3_column_int64 (stmt, 1);
        }
      sqlite3_reset (stmt);
    }
  else if (f.overdue != NULL)
    {
      /* Every overdue dossier is unfinished: one walk of dossiers_open
       * (as long as the work in hand), each state's count capped here. */
      stmt = mc_store_prepare (self, "SELECT d.state, count(*) " FROM_OVERDUE "GROUP BY d.state", error);
      if (stmt == NULL)
        return FALSE;
      bind_filter (stmt, &f, FALSE);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          McDossierState state;

          if (mc_dossier_state_from_string ((const char *) sqlite3_column_text (stmt, 0), &state))
            counts[state] = cap > 0 ? MIN (sqlite3_column_int64 (stmt, 1), cap) : sqlite3_column_int64 (stmt, 1);
        }
      sqlite3_reset (stmt);
    }
  else
    {
      /* Each state from its own part of dossiers_by_state, up to @cap. */
      stmt = mc_store_prepare (self, "SELECT count(*) FROM (SELECT 1 " FROM_STATE "LIMIT ?5)", error);
      if (stmt == NULL)
        return FALSE;
      for (guint i = 0; i < MC_DOSSIER_N_STATES && rc == SQLITE_DONE; i++)
        {
          f.state = mc_dossier_state_to_string ((McDossierState) i);
          bind_filter (stmt, &f, FALSE);
          sqlite3_bind_int64 (stmt, 5, cap > 0 ? cap : -1);
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW)
            {
              counts[i] = sqlite3_column_int64 (stmt, 0);
              rc = SQLITE_DONE;
            }
          sqlite3_reset (stmt);
        }
    }
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (self, rc, _("Counting dossiers"), error);
  return TRUE;
}

gboolean
mc_store_count_by_state (McStore               *self,
                         const McDossierQuery  *query,
                         gint64                 counts[MC_DOSSIER_N_STATES],
                         GError               **error)
{
  return mc_store_count_by_state_upto (self, query, -1, counts, error);
}
