/* mc-store-query.c — reading dossiers: load, list, search, count, history */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-core-env.h"
#include "mc-store-private.h"
#include "mc-text.h"

#define DOSSIER_COLUMNS \
  "d.id, d.uuid, d.code, d.state, d.procedure_code, d.procedure_name, d.processing_days, " \
  "d.applicant_name, d.id_kind, d.id_number, d.date_of_birth, d.phone, d.address, d.email, " \
  "d.received_at, d.backdate_reason, d.due_date, d.sets, d.notes, " \
  "d.printed_due_date, d.sync_state, d.sync_error, d.sync_error_field, d.server_ref, " \
  "d.server_state_code, d.server_message "

/* One statement serves every combination of filters: a NULL parameter
 * switches its filter off. ?1 search (FTS5 query), ?2 state, ?3/?4 the
 * received_ts range. With ?1 set, SQLite walks dossiers_by_received
 * newest first and probes the matched ids: quick when many match (the
 * page fills early), a full index walk when few do. */
#define DOSSIER_FILTER \
  "WHERE (?1 IS NULL OR d.id IN (SELECT rowid FROM dossier_search WHERE dossier_search MATCH ?1)) " \
  DOSSIER_FILTER_REST
#define DOSSIER_FILTER_REST \
  "AND (?2 IS NULL OR d.state = ?2) " \
  "AND (?3 IS NULL OR d.received_ts >= ?3) " \
  "AND (?4 IS NULL OR d.received_ts < ?4) " \
  "AND (?7 IS NULL OR (d.due_date < ?7 AND d.state NOT IN " \
  "     ('done', 'returned', 'rejected', 'withdrawn', 'stopped'))) "
/* The same filter driven by the matches (rowid lookups, then a sort):
 * quick when few match. */
#define DOSSIER_FILTER_BY_MATCH \
  "WHERE d.id IN (SELECT rowid FROM dossier_search WHERE dossier_search MATCH ?1) " \
  DOSSIER_FILTER_REST

/* Below this many matches the match-driven plan wins (measured in
 * bench/bench-search over 100 000 dossiers: ~2.5 µs a matched row, against
 * ≤ 10 ms for a full walk of the index). */
#define FEW_MATCHES 2000

/* The upload columns (schema 5), from column @first on. */
static void
read_sync_columns (McDossier    *d,
                   sqlite3_stmt *stmt,
                   int           first)
{
  McOutboxState sync_state = MC_OUTBOX_QUEUED;
  gboolean has_sync = mc_outbox_state_from_string ((const char *) sqlite3_column_text (stmt, first + 1),
                                                   &sync_state);

  mc_dossier_set_printed_due_date (d, (const char *) sqlite3_column_text (stmt, first));
  mc_dossier_set_sync_state (d, has_sync, sync_state);
  mc_dossier_set_sync_error (d, (const char *) sqlite3_column_text (stmt, first + 2));
  mc_dossier_set_sync_error_field (d, (const char *) sqlite3_column_text (stmt, first + 3));
  mc_dossier_set_server_ref (d, (const char *) sqlite3_column_text (stmt, first + 4));
  mc_dossier_set_server_state_code (d, sqlite3_column_int (stmt, first + 5));
  mc_dossier_set_server_message (d, (const char *) sqlite3_column_text (stmt, first + 6));
}

static McDossier *
dossier_from_row (sqlite3_stmt *stmt)
{
  McDossier *d = mc_dossier_new ();
  McDossierState state = MC_DOSSIER_STATE_RECEIVED;
  McIdKind kind = MC_ID_KIND_CCCD;
  const char *received = (const char *) sqlite3_column_text (stmt, 14);
  g_autoptr(GDateTime) received_at = received ? g_date_time_new_from_iso8601 (received, NULL) : NULL;

  mc_dossier_set_row_id (d, sqlite3_column_int64 (stmt, 0));
  mc_dossier_set_uuid (d, (const char *) sqlite3_column_text (stmt, 1));
  mc_dossier_set_code (d, (const char *) sqlite3_column_text (stmt, 2));
  mc_dossier_state_from_string ((const char *) sqlite3_column_text (stmt, 3), &state);
  mc_dossier_set_state (d, state);
  mc_dossier_set_procedure (d,
                            (const char *) sqlite3_column_text (stmt, 4),
                            (const char *) sqlite3_column_text (stmt, 5),
                            sqlite3_column_int (stmt, 6));
  mc_dossier_set_applicant_name (d, (const char *) sqlite3_column_text (stmt, 7));
  mc_id_kind_from_string ((const char *) sqlite3_column_text (stmt, 8), &kind);
  mc_dossier_set_id (d, kind, (const char *) sqlite3_column_text (stmt, 9));
  mc_dossier_set_date_of_birth (d, (const char *) sqlite3_column_text (stmt, 10));
  mc_dossier_set_phone (d, (const char *) sqlite3_column_text (stmt, 11));
  mc_dossier_set_address (d, (const char *) sqlite3_column_text (stmt, 12));
  mc_dossier_set_email (d, (const char *) sqlite3_column_text (stmt, 13));
  mc_dossier_set_received_at (d, received_at);
  mc_dossier_set_backdate_reason (d, (const char *) sqlite3_column_text (stmt, 15));
  mc_dossier_set_due_date (d, (const char *) sqlite3_column_text (stmt, 16));
  mc_dossier_set_sets (d, sqlite3_column_int (stmt, 17));
  mc_dossier_set_notes (d, (const char *) sqlite3_column_text (stmt, 18));
  read_sync_columns (d, stmt, 19);
  return d;
}

static gboolean
load_children (McStore    *self,
               McDossier  *d,
               GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = mc_store_prepare (self, "SELECT name, form, copies FROM papers WHERE dossier_id = ?1 ORDER BY position", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, mc_dossier_get_row_id (d));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McPaperForm form = MC_PAPER_FORM_ORIGINAL;

      mc_paper_form_from_string ((const char *) sqlite3_column_text (stmt, 1), &form);
      mc_dossier_add_paper (d, mc_paper_new ((const char *) sqlite3_column_text (stmt, 0),
                                             form, sqlite3_column_int (stmt, 2)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (self, rc, _("Reading the papers"), error);

  stmt = mc_store_prepare (self,
                           "SELECT name, sha256, size, mime_type, paper FROM attachments "
                           "WHERE dossier_id = ?1 ORDER BY position",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, mc_dossier_get_row_id (d));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McAttachment *a = g_new0 (McAttachment, 1);

      a->name = mc_store_column_dup (stmt, 0);
      a->sha256 = mc_store_column_dup (stmt, 1);
      a->size = sqlite3_column_int64 (stmt, 2);
      a->mime_type = mc_store_column_dup (stmt, 3);
      a->paper = mc_store_column_dup (stmt, 4);
      mc_dossier_add_attachment (d, a);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (self, rc, _("Reading the attachments"), error);
  return TRUE;
}

McDossier *
mc_store_load_dossier (McStore     *self,
                       const char  *uuid_or_code,
                       GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(McDossier) d = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);

  stmt = mc_store_prepare (self,
                           "SELECT " DOSSIER_COLUMNS " FROM dossiers d WHERE d.uuid = ?1 OR d.code = ?1",
                           error);
  if (stmt == NULL)
    return NULL;
  mc_store_bind_text (stmt, 1, uuid_or_code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    d = dossier_from_row (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      mc_store_set_sqlite_error (self, rc, _("Reading the dossier"), error);
      return NULL;
    }
  if (d == NULL)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                   _("No dossier with the code or identifier “%s”"), uuid_or_code ? uuid_or_code : "");
      return NULL;
    }
  if (!load_children (self, d, error))
    return NULL;
  return g_steal_pointer (&d);
}

/* "nguyễn văn d" → "\"nguyen\"* \"van\"* \"d\"*": every word, as a prefix.
 * A word that holds punctuation becomes one phrase of its parts, so
 * "000.00.12.H29-261123-1001" is "\"000 00 12 h29 261123 1001\"*": its
 * parts in that order, only the last one a prefix — rather than six
 * prefixes ("00"* alone expands to every ID number starting with 00). */
static char *
build_match (const char *search)
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

/* How many dossiers the FTS5 query @match finds (the index alone). */
static gint64
count_matches (McStore     *self,
               const char  *match,
               GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;
  int rc;

  stmt = mc_store_prepare (self, "SELECT count(*) FROM dossier_search WHERE dossier_search MATCH ?1", error);
  if (stmt == NULL)
    return -1;
  mc_store_bind_text (stmt, 1, match);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    mc_store_set_sqlite_error (self, rc, _("Searching dossiers"), error);
  sqlite3_reset (stmt);
  return count;
}

static gboolean
query_has_other_filters (const McDossierQuery *query)
{
  return query->has_state || query->from_date != NULL || query->to_date != NULL || query->overdue_on != NULL;
}

static gboolean
day_start_ts (const char  *label,
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
bind_query (sqlite3_stmt         *stmt,
            const McDossierQuery *query,
            GError              **error)
{
  g_autofree char *match = NULL;
  gint64 ts;

  if (query == NULL)
    return TRUE;

  match = build_match (query->search);
  mc_store_bind_text (stmt, 1, match);
  if (query->has_state)
    mc_store_bind_text (stmt, 2, mc_dossier_state_to_string (query->state));
  if (query->from_date != NULL)
    {
      if (!day_start_ts (_("From date"), query->from_date, 0, &ts, error))
        return FALSE;
      sqlite3_bind_int64 (stmt, 3, ts);
    }
  if (query->to_date != NULL)
    {
      if (!day_start_ts (_("To date"), query->to_date, 1, &ts, error))
        return FALSE;
      sqlite3_bind_int64 (stmt, 4, ts);
    }
  if (query->overdue_on != NULL)
    {
      GDate d;

      if (!mc_validate_date (_("Overdue on"), query->overdue_on, &d, error))
        return FALSE;
      mc_store_bind_text (stmt, 7, query->overdue_on);
    }
  return TRUE;
}

GPtrArray *
mc_store_list_dossiers (McStore               *self,
                        const McDossierQuery  *query,
                        guint                  offset,
                        int                    limit,
                        GError               **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *match = NULL;
  gint64 n_matches = 0;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);

  match = query != NULL ? build_match (query->search) : NULL;
  if (match != NULL)
    {
      n_matches = count_matches (self, match, error);
      if (n_matches < 0)
        return NULL;
      if (n_matches <= offset)
        return g_steal_pointer (&result);
    }
  if (match != NULL && n_matches <= FEW_MATCHES)
    stmt = mc_store_prepare (self,
                             "SELECT " DOSSIER_COLUMNS " FROM dossiers d " DOSSIER_FILTER_BY_MATCH
                             "ORDER BY d.received_ts DESC, d.id DESC LIMIT ?5 OFFSET ?6",
                             error);
  else
    stmt = mc_store_prepare (self,
                             "SELECT " DOSSIER_COLUMNS " FROM dossiers d " DOSSIER_FILTER
                             "ORDER BY d.received_ts DESC, d.id DESC LIMIT ?5 OFFSET ?6",
                             error);
  if (stmt == NULL)
    return NULL;
  if (!bind_query (stmt, query, error))
    return NULL;
  sqlite3_bind_int64 (stmt, 5, limit > 0 ? limit : -1);
  sqlite3_bind_int64 (stmt, 6, offset);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result, dossier_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_store_set_sqlite_error (self, rc, _("Searching dossiers"), error);
      return NULL;
    }
  return g_steal_pointer (&result);
}

gint64
mc_store_count_dossiers (McStore               *self,
                         const McDossierQuery  *query,
                         GError               **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autofree char *match = NULL;
  gint64 n_matches = 0;
  sqlite3_stmt *stmt;
  gint64 count = -1;
  int rc;

  match = query != NULL ? build_match (query->search) : NULL;
  if (match != NULL)
    {
      /* The index counts alone unless other filters apply too. */
      n_matches = count_matches (self, match, error);
      if (n_matches <= 0 || !query_has_other_filters (query))
        return n_matches;
    }
  if (match != NULL && n_matches <= FEW_MATCHES)
    stmt = mc_store_prepare (self, "SELECT count(*) FROM dossiers d " DOSSIER_FILTER_BY_MATCH, error);
  else
    stmt = mc_store_prepare (self, "SELECT count(*) FROM dossiers d " DOSSIER_FILTER, error);
  if (stmt == NULL)
    return -1;
  if (!bind_query (stmt, query, error))
    return -1;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    mc_store_set_sqlite_error (self, rc, _("Counting dossiers"), error);
  sqlite3_reset (stmt);
  return count;
}

gboolean
mc_store_count_by_state (McStore               *self,
                         const McDossierQuery  *query,
                         gint64                 counts[MC_DOSSIER_N_STATES],
                         GError               **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  McDossierQuery without_state = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  for (guint i = 0; i < MC_DOSSIER_N_STATES; i++)
    counts[i] = 0;

  /* Counts are per state, so the state filter itself does not apply. */
  if (query != NULL)
    {
      without_state = *query;
      without_state.has_state = FALSE;
    }

  stmt = mc_store_prepare (self, "SELECT d.state, count(*) FROM dossiers d " DOSSIER_FILTER "GROUP BY d.state", error);
  if (stmt == NULL)
    return FALSE;
  if (!bind_query (stmt, &without_state, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McDossierState state;

      if (mc_dossier_state_from_string ((const char *) sqlite3_column_text (stmt, 0), &state))
        counts[state] = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (self, rc, _("Counting dossiers"), error);
  return TRUE;
}

GPtrArray *
mc_store_list_events (McStore     *self,
                      const char  *uuid,
                      GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_event_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = mc_store_prepare (self,
                           "SELECT e.id, e.at, e.actor, e.kind, e.from_state, e.to_state, e.detail "
                           "FROM events e JOIN dossiers d ON d.id = e.dossier_id "
                           "WHERE d.uuid = ?1 ORDER BY e.id",
                           error);
  if (stmt == NULL)
    return NULL;
  mc_store_bind_text (stmt, 1, uuid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McEvent *e = g_new0 (McEvent, 1);

      e->id = sqlite3_column_int64 (stmt, 0);
      e->at = mc_store_column_dup (stmt, 1);
      e->actor = mc_store_column_dup (stmt, 2);
      e->kind = mc_store_column_dup (stmt, 3);
      e->from_state = mc_store_column_dup (stmt, 4);
      e->to_state = mc_store_column_dup (stmt, 5);
      e->detail = mc_store_column_dup (stmt, 6);
      g_ptr_array_add (events, e);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_store_set_sqlite_error (self, rc, _("Reading the history"), error);
      return NULL;
    }
  return g_steal_pointer (&events);
}
